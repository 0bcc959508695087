import { db, rows, command as _ } from '../runtime/cloud';
import { forgetMove, notMovedBy, recordMove } from './counters';

/**
 * Customers (`_id` = OPENID, docs/data-model.md): ownership for 离职继承 (`ownedBy`, the rule of
 * docs/identity.md), the archive's inherited page, reads by id, the network moves of
 * settlement, and deletion. The profile itself is written by the attribution engine in each
 * event's transaction (attribution/apply.ts). `origin.rootEmployeeId` is attribution history and
 * is never rewritten; `ownerEmployeeId` is set by 离职继承 and wins when present.
 */
const customers = () => db.collection('customers');

/** The customers `userId` owns: handed to them, else brought by them (A6), else their origin. */
function ownedBy(userId: string) {
  return _.or([
    { ownerEmployeeId: userId },
    { broughtByEmployeeId: userId, ownerEmployeeId: _.exists(false) },
    { broughtByEmployeeId: userId, ownerEmployeeId: null },
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
 * again moves nothing more, so it is safe to repeat), noting `ownerFrom` (the heir's 客户档案
 * shows whom a customer was inherited from). Answers how many moved.
 */
export async function transferOwnership(
  fromUserId: string,
  toUserId: string,
  now: Date,
): Promise<number> {
  const result = (await customers()
    .where(ownedBy(fromUserId))
    .update({ data: { ownerEmployeeId: toUserId, ownerSince: now, ownerFrom: fromUserId } })) as {
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
  /**
   * A6: the employee who brought the customer (set once, by the open that claimed `broughtBy`).
   * The origin's root employee when the first touch was attributed; after a direct first touch
   * the origin is null and only this names them.
   */
  broughtByEmployeeId?: string;
  /** 离职继承 (AD4): who owns the customer now, since when, and whom it was taken from. */
  ownerEmployeeId?: string | null;
  ownerSince?: Date;
  ownerFrom?: string;
  /** R2: a form of theirs has a phone (set by the engine), and when the first one came. */
  hasPhone?: boolean;
  phoneAt?: Date;
  /** C7: manual tags from the tag library (the profile), automatic ones (the insight job). */
  manualTags?: string[];
  autoTags?: string[];
  /** 客户档案 search: each employee's own remark on the customer, by userid. */
  remarks?: Record<string, string>;
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

/**
 * 客户档案 (AD4): one batch of the customers handed to `employeeId` (`ownerEmployeeId`), most
 * recent activity first (`lastActiveAt` desc, then `_id`), after `after` (the archive's keyset
 * position: a time in ms and a customer id). At most `limit` rows, one indexed request.
 */
export async function pageInheritedCustomers(
  employeeId: string,
  after: { at: number; customerId: string } | null,
  limit: number,
): Promise<AttributedCustomerDoc[]> {
  const conditions: Record<string, unknown>[] = [{ ownerEmployeeId: employeeId }];
  if (after) {
    const at = new Date(after.at);
    conditions.push(
      _.or([
        { lastActiveAt: _.lt(at) },
        { lastActiveAt: at, _id: _.gt(after.customerId) },
      ]) as unknown as Record<string, unknown>,
    );
  }
  return rows<AttributedCustomerDoc>(
    customers()
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy('lastActiveAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
  );
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

/** C1/C3: the counters kept on a customer as events arrive (docs/attribution.md). */
export interface CustomerStats {
  interactions: number;
  visits: number;
  forwards: number;
  forms: number;
  cardTaps: number;
  network: number;
  lastInteractionAt: Date | null;
}

/** A customer as the attribution engine writes it (the demo's have no `stats`: zeros). */
export type AttributedCustomerDoc = CustomerDoc & { stats?: CustomerStats };

/** The customer with this OPENID, or null. */
export async function findCustomer(openid: string): Promise<AttributedCustomerDoc | null> {
  const found = await rows<AttributedCustomerDoc>(
    customers().where({ _id: openid }).limit(1).get(),
  );
  return found[0] ?? null;
}

/**
 * Settlement (docs/attribution.md): C3, one more customer in the network of each of these
 * customers, once for `mark` (one request; customers already moved by `mark` are skipped).
 */
export async function incrementNetworkOnce(mark: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await customers()
    .where({ _id: _.in(customerIds), ...notMovedBy(mark) })
    .update({ data: { stats: { network: _.inc(1) }, ...recordMove(mark) } });
}

/** Settlement: forgets `mark` on these customers. */
export async function forgetNetworkMove(mark: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await customers()
    .where({ _id: _.in(customerIds) })
    .update({ data: forgetMove(mark) });
}

/** CU2: removes the customer's profile; others' origins keep only a pseudonym of them. */
export async function removeCustomer(openid: string, pseudonym: string): Promise<void> {
  await customers().where({ _id: openid }).remove();
  await customers()
    .where({ 'origin.parentCustomerId': openid })
    .update({ data: { origin: { parentCustomerId: pseudonym } } });
}

/** C7: replaces the customer's manual tags (one request). */
export async function setManualTags(customerId: string, tags: string[]): Promise<boolean> {
  const result = (await customers()
    .where({ _id: customerId })
    .update({ data: { manualTags: _.set(tags) } })) as { stats: { updated: number } };
  return result.stats.updated > 0;
}

/** 客户档案: the employee's own remark on the customer ('' removes it). */
export async function setRemark(customerId: string, userId: string, remark: string): Promise<void> {
  await customers()
    .where({ _id: customerId })
    .update({ data: { remarks: { [userId]: remark } } });
}

/**
 * C3's tree, one level: the customers who first came through a forward of one of `parentIds`
 * (`origin.parentCustomerId`, index `origin_parent`), at most `limit`, one request.
 */
export async function findCustomersFirstForwardedBy(
  parentIds: string[],
  limit: number,
): Promise<Pick<CustomerDoc, '_id' | 'nickname' | 'origin'>[]> {
  if (parentIds.length === 0) return [];
  return rows<Pick<CustomerDoc, '_id' | 'nickname' | 'origin'>>(
    customers()
      .where({ 'origin.parentCustomerId': _.in(parentIds) })
      .field({ _id: true, nickname: true, origin: true })
      .limit(limit)
      .get(),
  );
}

/**
 * 商机雷达: one batch of the customers active since `since`, in `_id` order after `afterId` (the
 * job's checkpoint; `_id` order does not move when a customer is active during the run). One request.
 */
export async function pageCustomersActiveSince(
  since: Date,
  afterId: string,
  limit: number,
): Promise<AttributedCustomerDoc[]> {
  return rows<AttributedCustomerDoc>(
    customers()
      .where({ lastActiveAt: _.gte(since), _id: _.gt(afterId) })
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
  );
}

/**
 * 商机雷达 (network feature): when each customer who first came through a forward of one of
 * `parentIds` was first seen, by parent (index `origin_parent`; pages of 1000 until done).
 */
export async function findFirstSeenOfForwardedCustomers(
  parentIds: string[],
): Promise<Map<string, Date[]>> {
  const byParent = new Map<string, Date[]>();
  if (parentIds.length === 0) return byParent;
  for (let afterId = ''; ;) {
    const page = await rows<Pick<CustomerDoc, '_id' | 'origin' | 'firstSeenAt'>>(
      customers()
        .where({ 'origin.parentCustomerId': _.in(parentIds), _id: _.gt(afterId) })
        .field({ _id: true, origin: true, firstSeenAt: true })
        .orderBy('_id', 'asc')
        .limit(1000)
        .get(),
    );
    for (const child of page) {
      const parent = child.origin?.parentCustomerId;
      if (!parent) continue;
      byParent.set(parent, [...(byParent.get(parent) ?? []), new Date(child.firstSeenAt)]);
    }
    if (page.length < 1000) return byParent;
    afterId = page[page.length - 1]._id;
  }
}
