/**
 * The employee side of claim and share in plain TypeScript (T3, A2, T5, T6, A12): when a task
 * can be claimed or shared, goal progress from the `taskStats` counters, and random ids.
 * docs/attribution.md, "Employee side".
 */
import { randomBytes } from 'node:crypto';
import type { GoalKind } from '../../../typings/attribution';
import type { TaskState } from './task-status';

export type { GoalKind };

/** T4 counters as `taskStats` keeps them; a missing kind reads as 0. */
export type Counters = Partial<Record<GoalKind, number>>;

export interface TaskWindow {
  state: TaskState;
  startAt: Date;
  endAt: Date;
}

/** A refusal the caller sees: a stable code and a plain Chinese message. */
export interface Refusal {
  code: 'TASK_NOT_CLAIMABLE' | 'TASK_NOT_CLAIMED' | 'TASK_NOT_SHAREABLE';
  message: string;
}

/**
 * T3: an assigned employee can claim from publish until end. A draft never reaches here (it
 * has no assignments and reads as not found), so only cancelled and ended are refused.
 */
export function whyNotClaimable(task: TaskWindow, now: Date): Refusal | null {
  if (task.state === 'cancelled')
    return { code: 'TASK_NOT_CLAIMABLE', message: '任务已取消，不能领取' };
  if (task.state !== 'published')
    return { code: 'TASK_NOT_CLAIMABLE', message: '任务尚未发布，不能领取' };
  if (now >= task.endAt) return { code: 'TASK_NOT_CLAIMABLE', message: '任务已结束，不能再领取' };
  return null;
}

/** A2: shares only after claiming, only while the task is published and in progress. */
export function whyNotShareable(
  task: TaskWindow,
  claimedAt: Date | null,
  now: Date,
): Refusal | null {
  if (task.state === 'cancelled')
    return { code: 'TASK_NOT_SHAREABLE', message: '任务已取消，不能分享' };
  if (task.state !== 'published')
    return { code: 'TASK_NOT_SHAREABLE', message: '任务尚未发布，不能分享' };
  if (now >= task.endAt) return { code: 'TASK_NOT_SHAREABLE', message: '任务已结束，不能再分享' };
  if (!claimedAt) return { code: 'TASK_NOT_CLAIMED', message: '请先领取任务再分享' };
  if (now < task.startAt)
    return { code: 'TASK_NOT_SHAREABLE', message: '任务尚未开始，开始后才能分享' };
  return null;
}

export interface Goal {
  id: string;
  kind: GoalKind;
  target: number;
  points: number;
}

export interface GoalProgressValue extends Goal {
  /** Since the task's creation (T5: 已完成/任务目标). */
  value: number;
  /** Inside the task window (T6: what earns points). */
  inWindowValue: number;
  /** T5: the goal is reached when its since-creation count reaches its target. */
  reached: boolean;
  /** T6: its points are in the ledger (reached inside the window). */
  credited: boolean;
}

const count = (counters: Counters | null | undefined, kind: GoalKind): number => {
  const value = counters?.[kind];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
};

/** Each goal's progress from the employee's counters (`null` stats: nothing counted yet). */
export function goalProgress(
  goals: readonly Goal[],
  stats: { total?: Counters; inWindow?: Counters } | null,
  creditedGoals: readonly string[] = [],
): GoalProgressValue[] {
  return goals.map((goal) => {
    const value = count(stats?.total, goal.kind);
    return {
      id: goal.id,
      kind: goal.kind,
      target: goal.target,
      points: goal.points,
      value,
      inWindowValue: count(stats?.inWindow, goal.kind),
      reached: value >= goal.target,
      credited: creditedGoals.includes(goal.id),
    };
  });
}

/** T5: how many goals are reached. */
export function completedGoals(progress: readonly { reached: boolean }[]): number {
  return progress.filter((goal) => goal.reached).length;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `length` base62 characters from `crypto.randomBytes`, without modulo bias (bytes >= 248 are
 * dropped), ~5.95 bits each.
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A12: token length (~131 bits) and its code's scene, `b_<token>` (24 <= 32 characters). */
export const BIND_TOKEN_LENGTH = 22;
export const BIND_TOKEN_TTL_MS = 10 * 60 * 1000;
export const BIND_SCENE_PREFIX = 'b_';
export const BIND_PAGE = 'packages/task/pages/bind/index';
/** The content page a share opens (its id travels as `s`, or as a code's scene). */
export const CONTENT_PAGE = 'pages/content/index';

export const bindScene = (token: string) => `${BIND_SCENE_PREFIX}${token}`;

/** The page path a card or a share link opens for a share. */
export const sharePath = (shareId: string) => `${CONTENT_PAGE}?s=${shareId}`;
