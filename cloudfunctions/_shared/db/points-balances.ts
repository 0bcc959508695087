import { db, rows, command as _ } from '../runtime/cloud';
import { readDocInTransaction, type Transaction } from './transaction';

/**
 * Points per (task, employee) (P1): `_id` = `${taskId}:${employeeId}`; balance = credited -
 * redeemed. Written only inside the credit and redemption transactions, together with the
 * ledger entry that explains the change, so ledger sum = balance always. It is also the task's
 * leaderboard (T7): `credited` desc, then `lastCreditAt` asc (who reached it first).
 */
export interface BalanceDoc {
  _id: string;
  taskId: string;
  employeeId: string;
  credited: number;
  redeemed: number;
  balance: number;
  /** The goals credited (their ids), for the task detail. */
  creditedGoals: string[];
  /** When `credited` last grew: the tie-break of the task board (T7). */
  lastCreditAt: Date;
  /** Redemptions per benefit id (the per-employee limit, P2). */
  redeemedByBenefit: Record<string, number>;
}

export const BALANCES = 'pointsBalances';
const balances = () => db.collection(BALANCES);

export function balanceId(taskId: string, employeeId: string): string {
  return `${taskId}:${employeeId}`;
}

/** The balance as a transaction sees it, or null. */
export function readBalanceInTx(tx: Transaction, id: string): Promise<BalanceDoc | null> {
  return readDocInTransaction<BalanceDoc>(tx, BALANCES, id);
}

/** Writes the whole balance inside a transaction (its fields are all owned here). */
export async function writeBalanceInTx(tx: Transaction, doc: BalanceDoc): Promise<void> {
  const { _id, ...fields } = doc;
  // `set` replaces the document: a nested map updated field by field would keep stale keys.
  await tx
    .collection(BALANCES)
    .doc(_id)
    .set({ data: fields as unknown as Record<string, unknown> });
}

/** The caller's balance on one task, or null (one read). */
export async function findBalance(taskId: string, employeeId: string): Promise<BalanceDoc | null> {
  const found = await rows<BalanceDoc>(
    balances()
      .where({ _id: balanceId(taskId, employeeId) })
      .limit(1)
      .get(),
  );
  return found[0] ?? null;
}

/** Every balance of the employee (one indexed read; an employee holds points on few tasks). */
export async function findBalancesOf(employeeId: string): Promise<BalanceDoc[]> {
  return rows<BalanceDoc>(
    balances().where({ employeeId }).orderBy('lastCreditAt', 'desc').limit(1000).get(),
  );
}

/** The task's board (T7): the top `limit` balances, credited desc, lastCreditAt asc. */
export async function topBalancesOfTask(taskId: string, limit: number): Promise<BalanceDoc[]> {
  return rows<BalanceDoc>(
    balances()
      .where({ taskId })
      .orderBy('credited', 'desc')
      .orderBy('lastCreditAt', 'asc')
      .orderBy('employeeId', 'asc')
      .limit(limit)
      .get(),
  );
}

/** How many of the task's balances rank above this one (value, then time, then id). */
export async function countBalancesAbove(doc: BalanceDoc): Promise<number> {
  const result = (await balances()
    .where(
      _.or([
        { taskId: doc.taskId, credited: _.gt(doc.credited) },
        { taskId: doc.taskId, credited: doc.credited, lastCreditAt: _.lt(doc.lastCreditAt) },
        {
          taskId: doc.taskId,
          credited: doc.credited,
          lastCreditAt: doc.lastCreditAt,
          employeeId: _.lt(doc.employeeId),
        },
      ]) as unknown as Record<string, unknown>,
    )
    .count()) as { total: number };
  return result.total;
}

/** How many employees hold points on the task. */
export async function countBalancesOfTask(taskId: string): Promise<number> {
  const result = (await balances().where({ taskId }).count()) as { total: number };
  return result.total;
}

/** Balances of tasks with an unspent balance (P3 reminders), after `afterId`, by `_id`. */
export async function pageUnspentBalancesOfTask(
  taskId: string,
  afterId: string | null,
  limit: number,
): Promise<BalanceDoc[]> {
  return rows<BalanceDoc>(
    balances()
      .where({ taskId, balance: _.gt(0), ...(afterId ? { _id: _.gt(afterId) } : {}) })
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
  );
}
