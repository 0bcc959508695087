/**
 * Crediting a goal's points exactly once (T6; docs/points.md, "Credits").
 *
 * A goal is credited when its settled in-window count reaches the target. Every settlement of a
 * `taskStats` move inside the window (a request, a client's retry, the sweep) checks the goals
 * of the kinds it moved before it lets the event go (`stage: 'release'`), so a crash after the
 * move but before the credit is finished by whoever settles the event next. The credit itself
 * is one transaction: the ledger entry (its `_id` is the (task, employee, goal) key, so a second
 * credit finds it taken and writes nothing), the task balance and the two points leaderboard
 * rows: all or nothing, and ledger sum = balance always.
 */
import {
  creditEntryId,
  creditLabel,
  goalsToCredit,
  periodsOf,
  type Goal,
  type GoalKind,
} from '../domain/points';
import { insertLedgerEntryInTx, existingLedgerIds } from '../db/points-ledger';
import {
  balanceId,
  readBalanceInTx,
  writeBalanceInTx,
  type BalanceDoc,
} from '../db/points-balances';
import { addPointsInTx, leaderboardRowId, readRowInTx } from '../db/leaderboard';
import { findTaskStats } from '../db/task-stats';
import { findTask } from '../db/tasks';
import { inTransaction } from '../db/transaction';
import { creditEntry, creditedBalance, emptyBalance } from './moves';
import { enqueueNotifications } from '../notifications/enqueue';

/** What a credit needs of the task. */
export interface CreditTask {
  _id: string;
  title: string;
  goals: Goal[];
}

/**
 * Goals cannot change once a task has started (edits are refused), and only in-window counts
 * credit, so an instance may keep a task's goals for as long as it lives.
 */
const taskCache = new Map<string, CreditTask | null>();
/** Ledger ids this instance has seen credited: append-only, so they stay credited. */
const knownCredited = new Set<string>();

async function creditTask(taskId: string): Promise<CreditTask | null> {
  if (taskCache.has(taskId)) return taskCache.get(taskId)!;
  const task = await findTask(taskId);
  const facts = task ? { _id: task._id, title: task.title, goals: task.goals } : null;
  if (taskCache.size > 500) taskCache.clear();
  taskCache.set(taskId, facts);
  return facts;
}

/** Forgets what this instance learned (tests that rewrite tasks between cases). */
export function forgetCreditCaches(): void {
  taskCache.clear();
  knownCredited.clear();
}

/**
 * After an in-window move of `kinds` on (task, employee): credits every goal of those kinds whose
 * settled count has reached its target and that is not credited yet. Costs nothing when no goal
 * of those kinds is open, one read of the counters otherwise, and one read of the ledger when a
 * goal is reached. `at` is the time of the event being settled.
 */
export async function creditReachedGoals(
  taskId: string,
  employeeId: string,
  kinds: readonly GoalKind[],
  at: Date,
): Promise<void> {
  const task = await creditTask(taskId);
  if (!task) return;
  const open = task.goals.filter(
    (g) => kinds.includes(g.kind) && !knownCredited.has(creditEntryId(taskId, employeeId, g.id)),
  );
  if (open.length === 0) return;
  const stats = await findTaskStats(taskId, employeeId);
  if (!stats) return;
  const reached = goalsToCredit(open, stats.inWindow, new Set());
  if (reached.length === 0) return;
  const existing = await existingLedgerIds(
    reached.map((g) => creditEntryId(taskId, employeeId, g.id)),
  );
  for (const id of existing) knownCredited.add(id);
  const missing = reached.filter((g) => !existing.has(creditEntryId(taskId, employeeId, g.id)));
  for (const goal of missing) {
    await creditGoal(task, employeeId, goal, at);
    knownCredited.add(creditEntryId(taskId, employeeId, goal.id));
  }
}

/**
 * One goal's credit in one transaction. The notice (目标达成与积分到账) is enqueued first, by
 * its key: if the credit then fails, the settlement is retried until it lands, and the notice
 * is never enqueued twice.
 */
export async function creditGoal(
  task: CreditTask,
  employeeId: string,
  goal: Goal,
  at: Date,
): Promise<boolean> {
  const entryId = creditEntryId(task._id, employeeId, goal.id);
  await enqueueNotifications(
    [
      {
        kind: 'pointsCredited',
        userId: employeeId,
        dedupeKey: `pointsCredited:${entryId}`,
        title: '任务目标达成，积分到账',
        description: `「${task.title}」${creditLabel(goal)}，获得 ${goal.points} 积分`,
        page: `pages/task-detail/index?id=${task._id}`,
      },
    ],
    new Date(),
  );
  const periods = periodsOf(at);
  return inTransaction(async (tx) => {
    const id = balanceId(task._id, employeeId);
    const rowIds = periods.map((p) => leaderboardRowId('points', p, employeeId));
    const [before, ...rows] = await Promise.all([
      readBalanceInTx(tx, id),
      ...rowIds.map((r) => readRowInTx(tx, r)),
    ]);
    const inserted = await insertLedgerEntryInTx(tx, creditEntry(task._id, employeeId, goal, at));
    if (!inserted) return false;
    const balance = (before as BalanceDoc | null) ?? emptyBalance(task._id, employeeId, at);
    await writeBalanceInTx(tx, creditedBalance(balance, goal, at));
    await Promise.all(
      periods.map((period, i) =>
        addPointsInTx(tx, rows[i] as never, rowIds[i], period, employeeId, goal.points, at),
      ),
    );
    return true;
  });
}
