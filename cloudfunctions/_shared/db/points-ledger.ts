import type { GoalKind } from '../domain/points';
import { pageNewestFirst, type TimeCursor } from './keyset';
import { db, rows, command as _ } from '../runtime/cloud';
import { insertInTransaction, type Transaction } from './transaction';

/**
 * The points ledger (T6, P1, P5): append-only. A goal's credit has `_id`
 * `credit:${taskId}:${employeeId}:${goalId}` (the (task, employee, goal) key: the `_id` is the
 * unique index, so a goal is credited once whatever is retried or replayed); a redemption's
 * debit `redeem:${redemptionId}`. Sum of an employee's task entries = that task's balance.
 */
export interface LedgerEntryDoc {
  _id: string;
  type: 'credit' | 'redeem';
  taskId: string;
  employeeId: string;
  /** Signed: +points for a credit, -cost for a redemption. */
  points: number;
  /** Credit: the goal as it was credited. */
  goalId: string | null;
  goalKind: GoalKind | null;
  target: number | null;
  /** Redemption: what was redeemed. */
  redemptionId: string | null;
  benefitName: string | null;
  /** Credit: the time of the event whose settled count reached the target; redemption: its time. */
  at: Date;
}

export const LEDGER = 'pointsLedger';
const ledger = () => db.collection(LEDGER);

/** Inserts an entry inside a transaction; false when its `_id` is taken (already there). */
export function insertLedgerEntryInTx(tx: Transaction, entry: LedgerEntryDoc): Promise<boolean> {
  return insertInTransaction(
    tx,
    LEDGER,
    entry as unknown as Record<string, unknown> & { _id: string },
  );
}

/** Which of these entry ids exist (one request). */
export async function existingLedgerIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await rows<{ _id: string }>(
    ledger()
      .where({ _id: _.in(ids) })
      .field({ _id: true })
      .limit(ids.length)
      .get(),
  );
  return new Set(found.map((d) => d._id));
}

/** One page of the employee's entries, newest first (at desc, then _id asc), after `cursor`. */
export async function pageLedger(
  employeeId: string,
  pageSize: number,
  cursor: TimeCursor | null,
): Promise<{ rows: LedgerEntryDoc[]; hasMore: boolean }> {
  return pageNewestFirst<LedgerEntryDoc>(ledger(), { employeeId }, 'at', pageSize, cursor);
}
