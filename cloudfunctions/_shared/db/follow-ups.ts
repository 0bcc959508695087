import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';
import type { FollowUpWay } from '../domain/customer-profile';
import { pageNewestFirst, type TimeCursor } from './keyset';

/**
 * 跟进记录 (C5): a note an employee wrote about a customer. `_id` = `${userId}:${requestId}`, so
 * a retried add writes once. Only its author edits it (`revision` guards a stale edit).
 */
export interface FollowUpDoc {
  _id: string;
  customerId: string;
  employeeId: string;
  text: string;
  way: FollowUpWay;
  /** The next follow-up date, `yyyy-mm-dd` (Beijing), or null. */
  nextDate: string | null;
  /** The outbox key of the pending reminder of `nextDate` (C5), null without a date. */
  reminderKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  revision: number;
}

const followUps = () => db.collection('followUps');

/** One page of a customer's follow-ups, newest first (index `customer_createdAt`). */
export async function pageFollowUps(
  customerId: string,
  cursor: TimeCursor | null,
  pageSize: number,
): Promise<{ rows: FollowUpDoc[]; hasMore: boolean }> {
  return pageNewestFirst<FollowUpDoc>(followUps(), { customerId }, 'createdAt', pageSize, cursor);
}

export async function findFollowUp(id: string): Promise<FollowUpDoc | null> {
  const found = await rows<FollowUpDoc>(followUps().where({ _id: id }).limit(1).get());
  return found[0] ?? null;
}

/** Adds the note; false when its `_id` is taken (a retried add). */
export async function insertFollowUp(doc: FollowUpDoc): Promise<boolean> {
  try {
    await followUps().add({ data: doc });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Rewrites the note if it is still at `revision`; answers whether it matched. */
export async function updateFollowUp(
  id: string,
  revision: number,
  fields: Pick<FollowUpDoc, 'text' | 'way' | 'nextDate' | 'reminderKey'>,
  now: Date,
): Promise<boolean> {
  const result = (await followUps()
    .where({ _id: id, revision })
    .update({ data: { ...fields, updatedAt: now, revision: revision + 1 } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}

/**
 * R1's label and feature: the customers of `customerIds` followed up between `from` and `to`,
 * with how many notes each (at most 1000 notes, one request).
 */
export async function countFollowUpsBetween(
  customerIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (customerIds.length === 0) return counts;
  const found = await rows<Pick<FollowUpDoc, 'customerId'>>(
    followUps()
      .where({ customerId: _.in(customerIds), createdAt: _.and(_.gte(from), _.lt(to)) })
      .field({ customerId: true })
      .limit(1000)
      .get(),
  );
  for (const f of found) counts.set(f.customerId, (counts.get(f.customerId) ?? 0) + 1);
  return counts;
}

/** CU2: forgets the notes about a deleted customer. */
export async function removeFollowUpsOfCustomer(customerId: string): Promise<void> {
  await followUps().where({ customerId }).remove();
}

/** 商机雷达: when each of these customers was followed up since `since` (pages of 1000). */
export async function findFollowUpTimesOfCustomers(
  customerIds: string[],
  since: Date,
): Promise<Map<string, Date[]>> {
  const byCustomer = new Map<string, Date[]>();
  if (customerIds.length === 0) return byCustomer;
  for (let afterId = ''; ;) {
    const page = await rows<Pick<FollowUpDoc, '_id' | 'customerId' | 'createdAt'>>(
      followUps()
        .where({ customerId: _.in(customerIds), createdAt: _.gte(since), _id: _.gt(afterId) })
        .field({ _id: true, customerId: true, createdAt: true })
        .orderBy('_id', 'asc')
        .limit(1000)
        .get(),
    );
    for (const f of page)
      byCustomer.set(f.customerId, [
        ...(byCustomer.get(f.customerId) ?? []),
        new Date(f.createdAt),
      ]);
    if (page.length < 1000) return byCustomer;
    afterId = page[page.length - 1]._id;
  }
}
