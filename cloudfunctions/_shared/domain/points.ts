/**
 * Points, benefits and leaderboards as plain rules (docs/points.md; PRODUCT T6, T7, P1-P6).
 * No SDK: the db modules and the actions call these.
 */
import { randomInt } from 'node:crypto';

export type GoalKind = 'shares' | 'views' | 'visitors' | 'newCustomers' | 'leads' | 'forwards';

export interface Goal {
  id: string;
  kind: GoalKind;
  target: number;
  points: number;
}

export interface Benefit {
  id: string;
  name: string;
  cost: number;
  stock: number;
  perEmployeeLimit: number;
}

/** T4 goal kinds in Chinese, as the task detail names them. */
export const GOAL_LABELS: Record<GoalKind, string> = {
  shares: '分享次数',
  views: '浏览次数',
  visitors: '访客数',
  newCustomers: '新增客户',
  leads: '留资数',
  forwards: '转发次数',
};

/** The ledger entry of a goal's credit: one per (task, employee, goal), its `_id` (T6). */
export function creditEntryId(taskId: string, employeeId: string, goalId: string): string {
  return `credit:${taskId}:${employeeId}:${goalId}`;
}

/** The ledger entry of a redemption: one per redemption. */
export function redeemEntryId(redemptionId: string): string {
  return `redeem:${redemptionId}`;
}

/** A redemption's `_id`: the employee's request id, scoped by the employee (P2). */
export function redemptionId(employeeId: string, requestId: string): string {
  return `${employeeId}:${requestId}`;
}

/**
 * T6: the goals of `kinds` whose in-window count has reached the target and that are not
 * credited yet. A goal over its target is never credited again (it is in `credited`).
 */
export function goalsToCredit(
  goals: readonly Goal[],
  inWindow: Partial<Record<GoalKind, number>>,
  credited: ReadonlySet<string>,
  kinds?: ReadonlySet<GoalKind>,
): Goal[] {
  return goals.filter(
    (goal) =>
      (!kinds || kinds.has(goal.kind)) &&
      !credited.has(goal.id) &&
      goal.target > 0 &&
      (inWindow[goal.kind] ?? 0) >= goal.target,
  );
}

/** `yyyy-mm` of the Shanghai month (China has no daylight saving: a fixed +8 h is exact). */
export function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 7);
}

/** The leaderboard periods a credit or a brought customer at `at` counts in (P6). */
export function periodsOf(at: Date): string[] {
  return ['all', shanghaiMonth(at)];
}

/** Where a task's redemption window stands at `now` (P2, P4). */
export type RedeemWindow = 'notEnded' | 'open' | 'closed' | 'cancelled';

export function redeemWindow(
  task: { state: string; endAt: Date; redeemDeadline: Date },
  now: Date,
): RedeemWindow {
  if (task.state === 'cancelled') return 'cancelled';
  if (now.getTime() < task.endAt.getTime()) return 'notEnded';
  if (now.getTime() >= task.redeemDeadline.getTime()) return 'closed';
  return 'open';
}

/** Why one benefit cannot be redeemed now, or null (P2). */
export type RedeemBlock =
  'notEnded' | 'closed' | 'cancelled' | 'insufficientPoints' | 'outOfStock' | 'limitReached';

export function redeemBlock(input: {
  window: RedeemWindow;
  balance: number;
  cost: number;
  stockLeft: number;
  redeemedByMe: number;
  perEmployeeLimit: number;
}): RedeemBlock | null {
  if (input.window !== 'open') return input.window;
  if (input.redeemedByMe >= input.perEmployeeLimit) return 'limitReached';
  if (input.stockLeft <= 0) return 'outOfStock';
  if (input.balance < input.cost) return 'insufficientPoints';
  return null;
}

/** `2026-12-07 23:59` in Shanghai: how an error names a deadline. */
export function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The plain words of each block, as errors say them (P4: after the deadline it says so). */
export function redeemBlockMessage(
  block: RedeemBlock,
  facts: { redeemDeadline: Date; endAt: Date; perEmployeeLimit: number },
): { code: string; message: string } {
  switch (block) {
    case 'notEnded':
      return {
        code: 'REDEEM_NOT_OPEN',
        message: `任务结束后才能兑换权益（任务于 ${shanghaiMinute(facts.endAt)} 结束）`,
      };
    case 'closed':
      return {
        code: 'REDEEM_CLOSED',
        message: `兑换已于 ${shanghaiMinute(facts.redeemDeadline)} 截止，不能再兑换`,
      };
    case 'cancelled':
      return { code: 'REDEEM_CANCELLED', message: '任务已取消，不能兑换' };
    case 'insufficientPoints':
      return { code: 'INSUFFICIENT_POINTS', message: '该任务的积分不足，不能兑换' };
    case 'outOfStock':
      return { code: 'OUT_OF_STOCK', message: '该权益已兑完' };
    case 'limitReached':
      return {
        code: 'REDEEM_LIMIT_REACHED',
        message: `该权益每人限兑 ${facts.perEmployeeLimit} 次，你已兑满`,
      };
  }
}

// No 0/O, 1/I/L: the code is read aloud and typed by whoever hands the benefit over.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A verification code (核销码) like `7K2D-9QXM`: 8 random characters, ~39 bits. */
export function newVerificationCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) {
    if (i === 4) code += '-';
    code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  }
  return code;
}

/** A score on a leaderboard: higher value first, then who reached it first (T7). */
export interface Standing {
  employeeId: string;
  value: number;
  reachedAt: Date | null;
}

/** Orders standings as the boards do: value desc, reachedAt asc, then employee id. */
export function compareStandings(a: Standing, b: Standing): number {
  if (a.value !== b.value) return b.value - a.value;
  const ta = a.reachedAt ? a.reachedAt.getTime() : Number.POSITIVE_INFINITY;
  const tb = b.reachedAt ? b.reachedAt.getTime() : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  return a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0;
}

/**
 * Ranks of a sorted board: standings with no score yet (value 0) share the rank after the last
 * scored one (并列); every scored standing has its own rank.
 */
export function ranksOf(sorted: readonly Standing[], scoredBefore = 0): number[] {
  let zeroRank = 0;
  return sorted.map((s, i) => {
    if (s.value > 0) return scoredBefore + i + 1;
    if (zeroRank === 0) zeroRank = scoredBefore + i + 1;
    return zeroRank;
  });
}

/** What the ledger line says (P5). */
export function creditLabel(goal: { kind: GoalKind; target: number }): string {
  return `${GOAL_LABELS[goal.kind]}达到 ${goal.target}`;
}

export function redeemLabel(benefitName: string): string {
  return `兑换「${benefitName}」`;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * P3: the days before a redemption deadline an employee with an unspent balance hears about it
 * (`BENEFIT_REMINDER_DAYS`, e.g. `3,1`; default 3 and 1), largest first. A malformed setting
 * falls back to the default rather than silencing every reminder.
 */
export function reminderDays(setting: string | undefined): number[] {
  const days = (setting ?? '')
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d > 0 && d <= 30);
  return days.length > 0 ? [...new Set(days)].sort((a, b) => b - a) : [3, 1];
}

/**
 * P3: which reminder is due for a deadline at `now`: the smallest configured day count that the
 * time left fits in (so a task first seen one day before its deadline gets the 1-day reminder
 * only, not both), or null when the deadline is further away or passed.
 */
export function dueReminder(deadline: Date, now: Date, days: readonly number[]): number | null {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return null;
  const fitting = days.filter((d) => left <= d * DAY_MS);
  return fitting.length > 0 ? Math.min(...fitting) : null;
}

/** One reminder per (task, employee, reminder), whatever how many runs see it. */
export function benefitReminderKey(taskId: string, employeeId: string, days: number): string {
  return `benefitExpiring:${taskId}:${employeeId}:${days}`;
}
