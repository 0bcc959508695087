/**
 * The employee's points (issue 10; docs/points.md): balances (P1), 积分记录 (P5, M3), 我的权益
 * and redeeming (P2-P5, M4), and the leaderboards (T7, P6, M2). Reads are O(1) in the size of
 * the ledger: balances, the maintained boards and keyset pages, never a scan.
 */
import { z } from 'zod';
import type {
  BenefitTask,
  EmployeePointsActions,
  LeaderboardRow,
  LedgerEntryView,
  MyRedemption,
} from '../../typings/points';
import { findStocksOfTasks, benefitStockId } from '../_shared/db/benefit-stocks';
import { findDepartmentsByIds } from '../_shared/db/departments';
import { findEmployeesByIds } from '../_shared/db/employees';
import {
  countRows,
  countRowsAbove,
  findRow,
  topRows,
  type BoardName,
} from '../_shared/db/leaderboard';
import {
  countBalancesAbove,
  countBalancesOfTask,
  findBalance,
  findBalancesOf,
  topBalancesOfTask,
} from '../_shared/db/points-balances';
import { pageLedger, type LedgerEntryDoc } from '../_shared/db/points-ledger';
import { pageRedemptionsOf, type RedemptionDoc } from '../_shared/db/redemptions';
import { countAssignees, findAssignment, firstAssigneesOfTask } from '../_shared/db/task-assignees';
import { findTask, findTasksByIds, type TaskDoc } from '../_shared/db/tasks';
import { decodeCursor, encodeCursor, type CursorPosition } from '../_shared/domain/cursor';
import {
  compareStandings,
  creditLabel,
  ranksOf,
  redeemBlock,
  redeemLabel,
  redeemWindow,
  shanghaiMonth,
  type Standing,
} from '../_shared/domain/points';
import { redeemBenefit } from '../_shared/points/redeem';
import { AppError } from '../_shared/runtime/errors';
import { action, retryKey } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

type Response<A extends keyof EmployeePointsActions> = EmployeePointsActions[A]['response'];

const id = z.string().min(1).max(64);
const pageInput = {
  cursor: z.string().max(300).optional(),
  pageSize: z.number().int().min(1).max(50).default(20),
};

/** How many rows a board shows (the caller's own row is pinned below them). */
export const BOARD_SIZE = 50;

function cursorOf(raw: string | undefined): { value: number; id: string } | null {
  if (raw === undefined) return null;
  const position = decodeCursor(raw);
  if (!position || typeof position.value !== 'number')
    throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
  return { value: position.value, id: position.id };
}

function nextCursor(hasMore: boolean, last: CursorPosition | undefined): string | null {
  return hasMore && last ? encodeCursor(last) : null;
}

async function titlesOf(taskIds: string[]): Promise<Map<string, TaskDoc>> {
  const unique = [...new Set(taskIds)];
  const tasks = await findTasksByIds(unique);
  return new Map(tasks.map((t) => [t._id, t]));
}

const summary = action(
  z.object({}).strict(),
  async (_input, caller: EmployeeCaller): Promise<Response<'points.summary'>> => {
    const balances = await findBalancesOf(caller.employee._id);
    const tasks = await titlesOf(balances.map((b) => b.taskId));
    const rows = balances.map((b) => ({
      taskId: b.taskId,
      taskTitle: tasks.get(b.taskId)?.title ?? '',
      credited: b.credited,
      redeemed: b.redeemed,
      balance: b.balance,
    }));
    const sum = (k: 'credited' | 'redeemed' | 'balance') => rows.reduce((s, r) => s + r[k], 0);
    return {
      credited: sum('credited'),
      redeemed: sum('redeemed'),
      balance: sum('balance'),
      tasks: rows,
    };
  },
);

function ledgerView(entry: LedgerEntryDoc, tasks: Map<string, TaskDoc>): LedgerEntryView {
  const goal =
    entry.type === 'credit' && entry.goalId && entry.goalKind
      ? { id: entry.goalId, kind: entry.goalKind, target: entry.target ?? 0 }
      : null;
  return {
    id: entry._id,
    kind: entry.type,
    taskId: entry.taskId,
    taskTitle: tasks.get(entry.taskId)?.title ?? '',
    goal,
    label: goal ? creditLabel(goal) : redeemLabel(entry.benefitName ?? ''),
    points: entry.points,
    at: new Date(entry.at).toISOString(),
  };
}

const ledger = action(
  z.object(pageInput).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'points.ledger'>> => {
    const page = await pageLedger(caller.employee._id, input.pageSize, cursorOf(input.cursor));
    const tasks = await titlesOf(page.rows.map((r) => r.taskId));
    const last = page.rows[page.rows.length - 1];
    return {
      items: page.rows.map((r) => ledgerView(r, tasks)),
      nextCursor: nextCursor(
        page.hasMore,
        last && { value: new Date(last.at).getTime(), id: last._id },
      ),
    };
  },
);

function redemptionView(r: RedemptionDoc, tasks: Map<string, TaskDoc>): MyRedemption {
  return {
    id: r._id,
    taskId: r.taskId,
    taskTitle: tasks.get(r.taskId)?.title ?? '',
    benefitId: r.benefitId,
    benefitName: r.benefitName,
    cost: r.cost,
    status: r.status,
    verificationCode: r.verificationCode,
    createdAt: new Date(r.createdAt).toISOString(),
    fulfilledAt: r.fulfilledAt ? new Date(r.fulfilledAt).toISOString() : null,
  };
}

const listBenefits = action(
  z.object({}).strict(),
  async (_input, caller: EmployeeCaller): Promise<Response<'benefits.list'>> => {
    const balances = await findBalancesOf(caller.employee._id);
    const withBenefits = balances.map((b) => b.taskId);
    const [tasks, stocks] = await Promise.all([
      titlesOf(withBenefits),
      findStocksOfTasks(withBenefits),
    ]);
    const now = new Date();
    const order = { open: 0, notEnded: 1, closed: 2 } as const;
    const items: BenefitTask[] = [];
    for (const balance of balances) {
      const task = tasks.get(balance.taskId);
      if (!task || task.benefits.length === 0) continue;
      const window = redeemWindow(task, now);
      items.push({
        taskId: task._id,
        taskTitle: task.title,
        endAt: task.endAt.toISOString(),
        redeemDeadline: task.redeemDeadline.toISOString(),
        window: window === 'cancelled' ? 'closed' : window,
        balance: balance.balance,
        benefits: task.benefits.map((b) => {
          const stock = stocks.get(benefitStockId(task._id, b.id));
          const stockLeft = stock ? stock.stock - stock.redeemed : b.stock;
          const redeemedByMe = balance.redeemedByBenefit?.[b.id] ?? 0;
          return {
            id: b.id,
            name: b.name,
            cost: b.cost,
            stockLeft,
            perEmployeeLimit: b.perEmployeeLimit,
            redeemedByMe,
            blockedBy: redeemBlock({
              window,
              balance: balance.balance,
              cost: b.cost,
              stockLeft,
              redeemedByMe,
              perEmployeeLimit: b.perEmployeeLimit,
            }),
          };
        }),
      });
    }
    items.sort(
      (a, b) => order[a.window] - order[b.window] || (a.redeemDeadline < b.redeemDeadline ? -1 : 1),
    );
    return { tasks: items };
  },
);

const redeem = action(
  z.object({ taskId: id, benefitId: id, requestId: retryKey }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'benefits.redeem'>> => {
    const [task, assignment] = await Promise.all([
      findTask(input.taskId),
      findAssignment(input.taskId, caller.employee._id),
    ]);
    if (!task || task.state === 'draft' || !assignment)
      throw new AppError('NOT_FOUND', '任务不存在或已删除');
    const redemption = await redeemBenefit(
      task,
      input.benefitId,
      caller.employee._id,
      input.requestId,
      new Date(),
    );
    return redemptionView(redemption, new Map([[task._id, task]]));
  },
);

const myRedemptions = action(
  z.object(pageInput).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'redemptions.mine'>> => {
    const page = await pageRedemptionsOf(
      caller.employee._id,
      input.pageSize,
      cursorOf(input.cursor),
    );
    const tasks = await titlesOf(page.rows.map((r) => r.taskId));
    const last = page.rows[page.rows.length - 1];
    return {
      items: page.rows.map((r) => redemptionView(r, tasks)),
      nextCursor: nextCursor(
        page.hasMore,
        last && { value: new Date(last.createdAt).getTime(), id: last._id },
      ),
    };
  },
);

/** Names, avatars and first departments of the employees on a board (two requests). */
async function people(ids: string[]) {
  const employees = await findEmployeesByIds([...new Set(ids)]);
  const departments = await findDepartmentsByIds([
    ...new Set(employees.map((e) => e.departmentIds[0]).filter(Boolean)),
  ]);
  const deptName = new Map(departments.map((d) => [d._id, d.name]));
  return new Map(
    employees.map((e) => [
      e._id,
      { name: e.name, avatar: e.avatar, departmentName: deptName.get(e.departmentIds[0]) ?? '' },
    ]),
  );
}

function boardRows(
  standings: Standing[],
  ranks: number[],
  who: Awaited<ReturnType<typeof people>>,
  me: string,
): LeaderboardRow[] {
  return standings.map((s, i) => ({
    rank: ranks[i],
    employeeId: s.employeeId,
    name: who.get(s.employeeId)?.name ?? '',
    avatar: who.get(s.employeeId)?.avatar ?? '',
    departmentName: who.get(s.employeeId)?.departmentName ?? '',
    value: s.value,
    isMe: s.employeeId === me,
  }));
}

/** T7: every employee assigned to the task, by task points, ties by who reached them first. */
async function taskBoard(taskId: string, me: string): Promise<Response<'leaderboards.get'>> {
  const [task, mine] = await Promise.all([findTask(taskId), findAssignment(taskId, me)]);
  if (!task || task.state === 'draft' || !mine)
    throw new AppError('NOT_FOUND', '任务不存在或已删除');
  const [top, myBalance, scored, total] = await Promise.all([
    topBalancesOfTask(taskId, BOARD_SIZE),
    findBalance(taskId, me),
    countBalancesOfTask(taskId),
    countAssignees(taskId),
  ]);
  const standings: Standing[] = top.map((b) => ({
    employeeId: b.employeeId,
    value: b.credited,
    reachedAt: new Date(b.lastCreditAt),
  }));
  if (standings.length < BOARD_SIZE) {
    // The zero-point tail: assignees without a credit, by id (they share one rank).
    const scoredIds = new Set(standings.map((s) => s.employeeId));
    const tail = await firstAssigneesOfTask(taskId, BOARD_SIZE + standings.length);
    for (const row of tail) {
      if (standings.length >= BOARD_SIZE) break;
      if (!scoredIds.has(row.userId))
        standings.push({ employeeId: row.userId, value: 0, reachedAt: null });
    }
  }
  const ranks = ranksOf(standings);
  const myStanding: Standing = myBalance
    ? { employeeId: me, value: myBalance.credited, reachedAt: new Date(myBalance.lastCreditAt) }
    : { employeeId: me, value: 0, reachedAt: null };
  const myRank = myBalance ? (await countBalancesAbove(myBalance)) + 1 : scored + 1;
  const who = await people([...standings.map((s) => s.employeeId), me]);
  return {
    board: 'task',
    period: null,
    taskId,
    rows: boardRows(standings, ranks, who, me),
    me: boardRows([myStanding], [myRank], who, me)[0],
    total,
  };
}

/** P6: the enterprise by points credited or by customers brought, this month or all time. */
async function enterpriseBoard(
  board: BoardName,
  period: 'month' | 'all',
  me: string,
): Promise<Response<'leaderboards.get'>> {
  const key = period === 'all' ? 'all' : shanghaiMonth(new Date());
  const [top, mine, total] = await Promise.all([
    topRows(board, key, BOARD_SIZE),
    findRow(board, key, me),
    countRows(board, key),
  ]);
  const standings = top
    .filter((r) => r.value > 0)
    .map((r) => ({ employeeId: r.employeeId, value: r.value, reachedAt: new Date(r.reachedAt) }));
  standings.sort(compareStandings);
  const myStanding: Standing =
    mine && mine.value > 0
      ? { employeeId: me, value: mine.value, reachedAt: new Date(mine.reachedAt) }
      : { employeeId: me, value: 0, reachedAt: null };
  const myRank = mine && mine.value > 0 ? (await countRowsAbove(mine)) + 1 : total + 1;
  const who = await people([...standings.map((s) => s.employeeId), me]);
  return {
    board,
    period,
    taskId: null,
    rows: boardRows(standings, ranksOf(standings), who, me),
    me: boardRows([myStanding], [myRank], who, me)[0],
    total,
  };
}

const leaderboard = action(
  z
    .object({
      board: z.enum(['task', 'points', 'brought']),
      period: z.enum(['month', 'all']).optional(),
      taskId: id.optional(),
    })
    .strict()
    .refine((q) => (q.board === 'task' ? !!q.taskId && !q.period : !q.taskId), {
      message: 'task board needs taskId; enterprise boards take period',
    }),
  async (input, caller: EmployeeCaller): Promise<Response<'leaderboards.get'>> => {
    if (input.board === 'task') return taskBoard(input.taskId!, caller.employee._id);
    return enterpriseBoard(input.board, input.period ?? 'month', caller.employee._id);
  },
);

export const pointsActions = {
  'points.summary': summary,
  'points.ledger': ledger,
  'benefits.list': listBenefits,
  'benefits.redeem': redeem,
  'redemptions.mine': myRedemptions,
  'leaderboards.get': leaderboard,
};
