import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';
import { pageNewestFirst, sinceInTimeOrder, type TimeCursor } from './keyset';
import { updatedCount } from './counters';
import { insertInTransaction, type Transaction } from './transaction';

/**
 * A customer's event, or `share`: an employee minted a share (its `_id` is the request's retry
 * key, docs/attribution.md).
 */
export type EventType =
  'visit' | 'dwell' | 'forward' | 'form' | 'card_call' | 'card_add_contact' | 'share';

/** One append-only event; `_id` = the client event id (A9). See docs/data-model.md. */
export interface EventDoc {
  _id: string;
  type: EventType;
  customerId: string;
  contentId: string;
  taskId: string | null;
  shareId: string | null;
  rootEmployeeId: string | null;
  channel: 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward' | null;
  parentCustomerId: string | null;
  at: Date;
  data: Record<string, unknown>;
  /** Shared counters this event still has to move (docs/attribution.md); absent once settled. */
  settle?: Settlement;
}

/**
 * What an event still has to do to shared counters: its moves, how far it got (`apply`: moves
 * may be missing; `release`: all done, marks to forget), and who is on it until when (a lease,
 * so one worker at a time settles an event).
 */
export interface Settlement {
  ops: Record<string, unknown>[];
  /** The mark its moves leave on shared documents (fixed at creation: CU2 may re-key the event). */
  mark: string;
  stage: 'apply' | 'release';
  owner: string;
  leaseUntil: Date;
  /** Leases taken after the first (retries and sweeps). */
  attempts?: number;
  /** Set when the sweep gave up on it (docs/attribution.md): left for an operator to look at. */
  parkedAt?: Date;
}

/** A form submission: `data` as the form page writes it (C6). */
export type FormEventDoc = EventDoc & {
  type: 'form';
  data: { formId: string; fields: Record<string, string>; consent: boolean };
};

const events = () => db.collection('events');

/**
 * One page of every form submission, oldest first (at, then _id) after `cursor`
 * (the last row's time in ms and id). Reads `pageSize + 1` to know if more exist.
 */
export async function pageFormEvents(
  pageSize: number,
  cursor: { value: number; id: string } | null,
): Promise<{ rows: FormEventDoc[]; hasMore: boolean }> {
  const conditions: Record<string, unknown>[] = [{ type: 'form' }];
  if (cursor) {
    const value = new Date(cursor.value);
    conditions.push(
      _.or([{ at: _.gt(value) }, { at: value, _id: _.gt(cursor.id) }]) as unknown as Record<
        string,
        unknown
      >,
    );
  }
  const found = await rows<FormEventDoc>(
    events()
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy('at', 'asc')
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/** Every form submission of these customers (a page of an export: at most 100 customers). */
export async function findFormEventsOfCustomers(customerIds: string[]): Promise<FormEventDoc[]> {
  if (customerIds.length === 0) return [];
  const found: FormEventDoc[] = [];
  // A customer submits each form at most once, so this stays small; page anyway to be safe.
  for (let skip = 0; ; skip += 1000) {
    const page = await rows<FormEventDoc>(
      events()
        .where({ type: 'form', customerId: _.in(customerIds) })
        .orderBy('at', 'asc')
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(1000)
        .get(),
    );
    found.push(...page);
    if (page.length < 1000) return found;
  }
}

/** A9: stores the event in the transaction unless its `_id` is taken; true when it wrote. */
export async function insertEventInTransaction(tx: Transaction, doc: EventDoc): Promise<boolean> {
  return insertInTransaction(
    tx,
    'events',
    doc as unknown as Record<string, unknown> & { _id: string },
  );
}

/**
 * Takes the settlement of an unsettled event whose lease ran out (its worker died or gave
 * up), provided it is still at the stage the taker read: one conditional update, so of
 * parallel takers exactly one wins, and none acts on a stage that moved on. True when it won.
 */
export async function takeSettlement(
  id: string,
  seenStage: Settlement['stage'],
  owner: string,
  now: Date,
  leaseUntil: Date,
): Promise<boolean> {
  const result = await events()
    .where({ _id: id, 'settle.leaseUntil': _.lt(now), 'settle.stage': seenStage })
    .update({ data: { settle: { owner, leaseUntil, attempts: _.inc(1) } } });
  return updatedCount(result) > 0;
}

/**
 * Gives the settlement back (its worker failed, with nothing of its own still in flight): a
 * retry or the sweep may take it at once; it sorts after settlements that waited longer.
 */
export async function releaseSettlementLease(id: string, owner: string): Promise<void> {
  await events()
    .where({ _id: id, 'settle.owner': owner })
    .update({ data: { settle: { leaseUntil: new Date() } } });
}

/**
 * Every move of the event is done: from now on only its marks are forgotten. False when the
 * caller no longer holds the settlement (it must stop).
 */
export async function markSettlementReleasing(id: string, owner: string): Promise<boolean> {
  const result = await events()
    .where({ _id: id, 'settle.owner': owner, 'settle.stage': 'apply' })
    .update({ data: { settle: { stage: 'release' } } });
  return updatedCount(result) > 0;
}

/** The event is settled (by the holder of its settlement). */
export async function clearSettlement(id: string, owner: string): Promise<void> {
  await events()
    .where({ _id: id, 'settle.owner': owner })
    .update({ data: { settle: _.remove() } });
}

/** The sweep gives up on a settlement that keeps failing: parked, never swept again. */
export async function parkSettlement(id: string, owner: string, now: Date): Promise<void> {
  await events()
    .where({ _id: id, 'settle.owner': owner })
    .update({ data: { settle: { leaseUntil: new Date('9999-12-31T00:00:00Z'), parkedAt: now } } });
}

/** Unsettled events whose lease ran out, oldest lease first (index `settle_lease`). */
export async function findStaleSettlements(now: Date, limit: number): Promise<EventDoc[]> {
  return rows<EventDoc>(
    events()
      .where({ 'settle.leaseUntil': _.lt(now) })
      .orderBy('settle.leaseUntil', 'asc')
      .limit(limit)
      .get(),
  );
}

/** The event with this `_id`, or null. */
export async function findEvent(id: string): Promise<EventDoc | null> {
  const found = await rows<EventDoc>(events().where({ _id: id }).limit(1).get());
  return found[0] ?? null;
}

/**
 * C4: one page of a customer's events, newest first (keyset on `at` in ms, then `_id`; index
 * `customer_at`). Reads `pageSize + 1` rows to know whether more exist.
 */
export async function pageCustomerEvents(
  customerId: string,
  cursor: TimeCursor | null,
  pageSize: number,
): Promise<{ rows: EventDoc[]; hasMore: boolean }> {
  return pageNewestFirst<EventDoc>(events(), { customerId }, 'at', pageSize, cursor);
}

/**
 * CU2: keeps a deleted customer's events under `pseudonym`, without their form fields and phone
 * numbers. An event's `_id` names its customer (`${type}:${OPENID}:${clientEventId}`), so each
 * event is written again under the pseudonym and the original removed; repeating it (a retried
 * request) finishes what is left. Others' events keep the customer only as a pseudonymous parent.
 */
export async function anonymiseEventsOfCustomer(openid: string, pseudonym: string): Promise<void> {
  for (;;) {
    const page = await rows<EventDoc>(
      events().where({ customerId: openid }).orderBy('_id', 'asc').limit(100).get(),
    );
    for (const event of page) {
      const { _id, ...rest } = event;
      const data = { ...rest.data };
      if (rest.type === 'form') {
        delete data.fields;
        delete data.phone;
      }
      try {
        await events().add({
          data: {
            ...rest,
            _id: _id.split(`:${openid}:`).join(`:${pseudonym}:`),
            customerId: pseudonym,
            data,
          },
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      await events().where({ _id }).remove();
    }
    if (page.length < 100) break;
  }
  await events()
    .where({ parentCustomerId: openid })
    .update({ data: { parentCustomerId: pseudonym } });
}

/**
 * C6/C7: a customer's latest events of one type since `since` (index `customer_at`), newest
 * first, at most `limit`: their forms for the profile, their visits for the automatic tags.
 */
export async function findRecentEventsOfCustomer(
  customerId: string,
  type: EventType,
  since: Date,
  limit: number,
): Promise<EventDoc[]> {
  return rows<EventDoc>(
    events()
      .where({ customerId, type, at: _.gte(since) })
      .orderBy('at', 'desc')
      .limit(limit)
      .get(),
  );
}

/**
 * 商机雷达: the interactions and dwells of these customers since `since` (index `customer_at`),
 * only the fields the features need, in pages of 1000 until done.
 */
export async function findEventsOfCustomersSince(
  customerIds: string[],
  since: Date,
): Promise<Pick<EventDoc, '_id' | 'type' | 'customerId' | 'at' | 'data'>[]> {
  const found: Pick<EventDoc, '_id' | 'type' | 'customerId' | 'at' | 'data'>[] = [];
  if (customerIds.length === 0) return found;
  for (let afterId = ''; ;) {
    const page = await rows<Pick<EventDoc, '_id' | 'type' | 'customerId' | 'at' | 'data'>>(
      events()
        .where({ customerId: _.in(customerIds), at: _.gte(since), _id: _.gt(afterId) })
        .field({ _id: true, type: true, customerId: true, at: true, 'data.dwellMs': true })
        .orderBy('_id', 'asc')
        .limit(1000)
        .get(),
    );
    found.push(...page);
    if (page.length < 1000) return found;
    afterId = page[page.length - 1]._id;
  }
}

/**
 * R5 最新动态: one page of what customers did through `employeeId`'s shares, newest first
 * (index `root_at`; shares the employee minted themselves are left out).
 */
export async function pageEventsThroughEmployee(
  employeeId: string,
  cursor: TimeCursor | null,
  pageSize: number,
): Promise<{ rows: EventDoc[]; hasMore: boolean }> {
  return pageNewestFirst<EventDoc>(
    events(),
    {
      rootEmployeeId: employeeId,
      type: _.in(['visit', 'forward', 'form', 'card_call', 'card_add_contact']),
    },
    'at',
    pageSize,
    cursor,
  );
}

/**
 * The hourly department job's feed: events at or after `since`, in (`at`, `_id`) order after
 * `after`, with only what says whom they touched (index `at_id`).
 */
export async function pageEventsSince(
  since: Date,
  after: { at: number; id: string } | null,
  limit: number,
): Promise<Pick<EventDoc, '_id' | 'at' | 'rootEmployeeId' | 'taskId'>[]> {
  return rows(
    events()
      .where(sinceInTimeOrder(since, after))
      .orderBy('at', 'asc')
      .orderBy('_id', 'asc')
      .field({ _id: true, at: true, rootEmployeeId: true, taskId: true })
      .limit(limit)
      .get(),
  );
}

/** D4 by channel: how many events of a type the task had through a channel in [start, end). */
export async function countTaskChannelEvents(
  taskId: string,
  type: EventType,
  channel: string,
  start: Date,
  end: Date,
  withPhone = false,
): Promise<number> {
  const where: Record<string, unknown> = {
    taskId,
    type,
    channel,
    at: _.and([_.gte(start), _.lt(end)]),
  };
  if (withPhone) where['data.phone'] = _.neq(null);
  const result = (await events().where(where).count()) as { total: number };
  return result.total;
}
