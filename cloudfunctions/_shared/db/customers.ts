import { db, rows, command as _ } from '../runtime/cloud';

/**
 * Customers (`_id` = OPENID, docs/data-model.md). This module holds only what the organisation
 * needs: who owns a customer relation. `origin.rootEmployeeId` is attribution history and is
 * never rewritten; `ownerEmployeeId` is set by 离职继承 and wins when present
 * (domain/org.ts `customerOwner`).
 */
const customers = () => db.collection('customers');

/** The conditions selecting the customers `userId` owns (see `customerOwner`). */
function ownedBy(userId: string) {
  return _.or([
    { ownerEmployeeId: userId },
    { 'origin.rootEmployeeId': userId, ownerEmployeeId: _.exists(false) },
    { 'origin.rootEmployeeId': userId, ownerEmployeeId: null },
  ]) as unknown as Record<string, unknown>;
}

/** How many customers `userId` owns now. */
export async function countOwnedCustomers(userId: string): Promise<number> {
  const result = (await customers().where(ownedBy(userId)).count()) as { total: number };
  return result.total;
}

/**
 * Moves every customer `fromUserId` owns to `toUserId` (one multi-document update; running it
 * again moves nothing more, so it is safe to repeat). Answers how many moved.
 */
export async function transferOwnership(
  fromUserId: string,
  toUserId: string,
  now: Date,
): Promise<number> {
  const result = (await customers()
    .where(ownedBy(fromUserId))
    .update({ data: { ownerEmployeeId: toUserId, ownerSince: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated;
}

/** Where a customer first came from (A4); null for a direct first open. */
export interface CustomerOrigin {
  shareId: string;
  taskId: string;
  rootEmployeeId: string;
  channel: 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward';
  parentCustomerId: string | null;
}

/** A WeChat user who opened content; `_id` = OPENID (see docs/data-model.md). */
export interface CustomerDoc {
  _id: string;
  unionid: string | null;
  nickname: string;
  avatar: string;
  firstSeenAt: Date;
  lastActiveAt: Date;
  origin: CustomerOrigin | null;
  inArchive: boolean;
}

/**
 * One page of every customer in `_id` order after `afterId` (the CSV export, AD6). `_id`
 * order needs no extra index and never repeats a customer across pages.
 */
export async function pageCustomersById(
  afterId: string | null,
  pageSize: number,
): Promise<{ rows: CustomerDoc[]; hasMore: boolean }> {
  const found = await rows<CustomerDoc>(
    customers()
      .where(afterId ? { _id: _.gt(afterId) } : {})
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/** The customers with these ids (at most 100, one request). */
export async function findCustomersByIds(ids: string[]): Promise<CustomerDoc[]> {
  if (ids.length === 0) return [];
  return rows<CustomerDoc>(
    customers()
      .where({ _id: _.in(ids) })
      .limit(ids.length)
      .get(),
  );
}
