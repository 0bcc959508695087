import { db, rows, command as _ } from '../runtime/cloud';
import { pageNewestFirst, type TimeCursor } from './keyset';
import { readDocInTransaction, type Transaction } from './transaction';

/**
 * One redemption of a benefit (P2, P5). `_id` = the employee's request id, so a retried
 * redeem writes one document. Created by the redeem action (a later issue); admins list
 * them and fulfil them here (AD3): 已兑换 (`redeemed`) -> 已发放 (`fulfilled`).
 */
export interface RedemptionDoc {
  _id: string;
  taskId: string;
  userId: string;
  benefitId: string;
  benefitName: string;
  cost: number;
  status: 'redeemed' | 'fulfilled';
  /** Shown to the employee and checked by whoever hands the benefit over. */
  verificationCode: string;
  createdAt: Date;
  fulfilledAt: Date | null;
  /** The admin's userId. */
  fulfilledBy: string | null;
}

const redemptions = () => db.collection('redemptions');

/** The redemption with this id, or null. */
export async function findRedemption(id: string): Promise<RedemptionDoc | null> {
  const found = await rows<RedemptionDoc>(redemptions().where({ _id: id }).limit(1).get());
  return found[0] ?? null;
}

/**
 * One page for 兑换管理, newest first (createdAt desc, then _id) after `cursor`, optionally
 * of one status and/or one task. Reads `pageSize + 1` to know if more exist.
 */
export async function pageRedemptions(
  filter: { status?: RedemptionDoc['status']; taskId?: string },
  pageSize: number,
  cursor: TimeCursor | null,
): Promise<{ rows: RedemptionDoc[]; hasMore: boolean }> {
  const where: Record<string, unknown> = {};
  if (filter.status) where.status = filter.status;
  if (filter.taskId) where.taskId = filter.taskId;
  return pageNewestFirst<RedemptionDoc>(redemptions(), where, 'createdAt', pageSize, cursor);
}

/**
 * 已兑换 -> 已发放, only from 已兑换: the condition is in the update, so two admins tapping
 * 发放 at once record one fulfilment (the first). Returns whether this call fulfilled it.
 */
export async function markFulfilled(id: string, by: string, at: Date): Promise<boolean> {
  const result = (await redemptions()
    .where({ _id: id, status: 'redeemed' })
    .update({ data: { status: 'fulfilled', fulfilledAt: at, fulfilledBy: by } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}

/** The redemption as a transaction sees it, or null. */
export function readRedemptionInTx(tx: Transaction, id: string): Promise<RedemptionDoc | null> {
  return readDocInTransaction<RedemptionDoc>(tx, 'redemptions', id);
}

/** Writes a new redemption inside the redemption transaction. */
export async function insertRedemptionInTx(tx: Transaction, doc: RedemptionDoc): Promise<void> {
  const { _id, ...fields } = doc;
  await tx
    .collection('redemptions')
    .doc(_id)
    .set({ data: fields as unknown as Record<string, unknown> });
}

/** 我的权益 · 已兑换: the employee's redemptions, newest first, after `cursor`. */
export async function pageRedemptionsOf(
  userId: string,
  pageSize: number,
  cursor: TimeCursor | null,
): Promise<{ rows: RedemptionDoc[]; hasMore: boolean }> {
  return pageNewestFirst<RedemptionDoc>(redemptions(), { userId }, 'createdAt', pageSize, cursor);
}
