/**
 * The attribution engine (docs/attribution.md, "Applying an event"): turns a customer's request
 * into an event and applies it with `applyEvent` (./apply.ts); an employee's new share is stored
 * with its `share` event the same way (`recordShareCreated`).
 *
 * One transaction reads the customer's documents the event touches, decides with the pure
 * rules, and writes them together with the event: all or nothing, so a crash at any point
 * leaves either nothing (a retry applies it) or everything (a retry is a duplicate, A9). "First
 * wins" facts (origin, brought-by, a session start, a visitor, a lead) are decided inside it:
 * parallel requests of one customer conflict and the loser runs again on what the winner wrote.
 * The shared counters the event moves are settled after the commit, exactly once (./settle.ts).
 */
import type { ContentDoc } from '../db/contents';
import { findEvent, insertEventInTransaction, type EventDoc, type EventType } from '../db/events';
import { findShare, insertShareInTransaction, type ShareDoc } from '../db/shares';
import { findAssignment } from '../db/task-assignees';
import { findTask, type TaskDoc } from '../db/tasks';
import {
  inTransaction,
  readInTransaction,
  refKey,
  writeInTransaction,
  type DocRef,
  type Transaction,
} from '../db/transaction';
import {
  applyEvent,
  docsTouched,
  shareCreatedOps,
  formCounts,
  forwardAttributes,
  type Applied,
  type CustomerCollection,
  type CustomerDocs,
  type DocStore,
  type EventContext,
} from './apply';
import { eventId, shareAttribution, shareRefusal, type ShareRefusal } from './rules';
import { newSettlement, newSettlementOwner, resumeSettlement, settleHeld } from './settle';

/** Who sends an event: a customer, an employee (A10: recorded, counted nowhere) or nobody (A3). */
export type EventCaller =
  | { kind: 'customer'; openid: string; unionid: string | null }
  | { kind: 'employee'; openid: string; employeeId: string }
  | { kind: 'anonymous' };

/** A share as resolved for one request: attributed (with its task) or why not. */
export type ResolvedShare =
  | { attributed: true; share: ShareDoc; task: TaskDoc }
  | { attributed: false; share: ShareDoc | null; refusal: ShareRefusal };

/**
 * A1/A2: the share behind a request, trusted only as the server stored it. A forward share
 * (sharer a customer) was checked when it was minted: its root's task is read for the window.
 */
export async function resolveShare(
  shareId: string | undefined,
  contentId: string | undefined,
): Promise<ResolvedShare> {
  return resolveFoundShare(shareId ? await findShare(shareId) : null, contentId);
}

/** `resolveShare` of a share already read (a forward reads its parent first). */
export async function resolveFoundShare(
  share: ShareDoc | null,
  contentId: string | undefined,
): Promise<ResolvedShare> {
  if (!share) return { attributed: false, share: null, refusal: 'unknown' };
  if (share.attributable === false)
    return { attributed: false, share, refusal: 'not_attributable' };
  const isRoot = share.sharerType === 'employee' && !share.parentShareId;
  const [task, assignment] = await Promise.all([
    findTask(share.taskId),
    isRoot ? findAssignment(share.taskId, share.rootEmployeeId) : Promise.resolve(null),
  ]);
  const refusal = isRoot
    ? shareRefusal(share, task, assignment?.claimedAt ?? null, contentId)
    : !task
      ? 'no_task'
      : contentId !== undefined && contentId !== share.contentId
        ? 'content_mismatch'
        : null;
  if (refusal || !task) return { attributed: false, share, refusal: refusal ?? 'no_task' };
  return { attributed: true, share, task };
}

function customerIdOf(caller: EventCaller): string | null {
  return caller.kind === 'anonymous' ? null : caller.openid;
}

/** The event document: attribution fields from the share only when it attributes (A2). */
function eventDoc(
  type: Exclude<EventType, 'share'>,
  caller: EventCaller,
  clientEventId: string,
  contentId: string,
  resolved: ResolvedShare,
  now: Date,
  data: Record<string, unknown>,
): EventDoc {
  const attribution = resolved.attributed ? shareAttribution(resolved.share) : null;
  return {
    _id: eventId(type, customerIdOf(caller), clientEventId),
    type,
    customerId: customerIdOf(caller) ?? '',
    contentId,
    taskId: attribution?.taskId ?? null,
    shareId: attribution?.shareId ?? null,
    rootEmployeeId: attribution?.rootEmployeeId ?? null,
    channel: attribution?.channel ?? null,
    parentCustomerId: attribution?.parentCustomerId ?? null,
    at: now,
    data: {
      ...data,
      ...(caller.kind === 'employee' ? { byEmployee: true, employeeId: caller.employeeId } : {}),
      ...(caller.kind === 'anonymous' ? { anonymous: true } : {}),
      ...(!resolved.attributed && resolved.share
        ? { unattributedShareId: resolved.share._id }
        : {}),
    },
  };
}

/**
 * `DocStore` over the documents a transaction read. Reading or writing a document that
 * `docsTouched` did not list is a bug (the transaction would not have read it), so it throws.
 */
class TransactionStore implements DocStore {
  private readonly docs: Map<string, Record<string, unknown>>;
  private readonly listed: Set<string>;
  private readonly written = new Map<string, DocRef>();

  constructor(read: Map<string, Record<string, unknown>>, refs: readonly DocRef[]) {
    this.docs = new Map(read);
    this.listed = new Set(refs.map(refKey));
  }

  get<C extends CustomerCollection>(collection: C, id: string): CustomerDocs[C] | undefined {
    return this.docs.get(this.check({ collection, id })) as CustomerDocs[C] | undefined;
  }

  put<C extends CustomerCollection>(collection: C, doc: CustomerDocs[C]): void {
    const ref = { collection, id: doc._id };
    this.docs.set(this.check(ref), doc as unknown as Record<string, unknown>);
    this.written.set(refKey(ref), ref);
  }

  /** The documents written, with their new contents. */
  changes(): [DocRef, Record<string, unknown>][] {
    return [...this.written.values()].map((ref) => [ref, this.docs.get(refKey(ref))!]);
  }

  private check(ref: DocRef): string {
    const key = refKey(ref);
    if (!this.listed.has(key)) throw new Error(`applyEvent touched ${key}, not in docsTouched`);
    return key;
  }
}

class DuplicateEvent extends Error {}

/** What accepting an event did. */
export interface Accepted {
  /** Whether this delivery stored it (false: an earlier delivery did, A9). */
  stored: boolean;
  /** The event as stored (by this delivery or the first one). */
  event: EventDoc;
  /** What it decided; null for a duplicate (or a commit whose answer was lost). */
  applied: Applied | null;
}

/** What storing an event answered: stored by this delivery (with its result) or before it. */
type Stored<T> =
  { stored: true; event: EventDoc; result: T | null } | { stored: false; event: EventDoc | null };

/**
 * A9: stores an event and what it writes in one transaction, then settles its shared counters.
 * `work` reads, decides, calls `insert(event)` before any other write (a taken `_id` aborts the
 * transaction before anything else is sent: on CloudBase a failed operation ends it on the
 * server), then writes the rest. A taken `_id` is an earlier delivery: its settlement is
 * finished if that one failed. A commit whose answer was lost is recognised by its owner and
 * settled at once (its result is then unknown: null).
 */
async function storeEvent<T>(
  eventId: string,
  owner: string,
  work: (
    tx: Transaction,
    insert: (event: EventDoc) => Promise<void>,
  ) => Promise<{ event: EventDoc; result: T }>,
): Promise<Stored<T>> {
  const earlier = async (): Promise<Stored<T>> => {
    const first = await findEvent(eventId);
    if (first) await resumeSettlement(first);
    return { stored: false, event: first };
  };
  let done: { event: EventDoc; result: T };
  try {
    done = await inTransaction((tx) =>
      work(tx, async (event) => {
        if (!(await insertEventInTransaction(tx, event))) throw new DuplicateEvent();
      }),
    );
  } catch (error) {
    if (error instanceof DuplicateEvent) return earlier();
    const committed = await findEvent(eventId).catch(() => null);
    if (!committed) throw error;
    if (committed.settle?.owner !== owner) return earlier();
    await settleHeld(committed._id, committed.settle);
    return { stored: true, event: committed, result: null };
  }
  if (done.event.settle) await settleHeld(done.event._id, done.event.settle);
  return { stored: true, ...done };
}

/**
 * A9: stores `draft` and applies it once, or recognises a retried delivery. `decide` may
 * rewrite the draft from the customer's documents before it is applied (a form's or a
 * forward's attribution).
 */
async function acceptEvent(
  draft: EventDoc,
  ctx: EventContext,
  decide?: (store: DocStore, draft: EventDoc) => EventDoc,
): Promise<Accepted> {
  // No read of the event first: a first delivery (nearly every one) would pay a request for
  // nothing; a retried one fails on its `_id` at the insert and is answered as a duplicate.
  const owner = newSettlementOwner();
  const outcome = await storeEvent(draft._id, owner, async (tx, insert) => {
    const refs = docsTouched(draft, ctx.share);
    const read = await readInTransaction(
      tx,
      refs.filter((ref) => !ref.minted),
    );
    const store = new TransactionStore(read, refs);
    const event = decide ? decide(store, draft) : draft;
    const applied = applyEvent(store, event, ctx);
    const stored: EventDoc = applied.ops.length
      ? { ...event, settle: newSettlement(event._id, applied.ops, owner, new Date()) }
      : event;
    await insert(stored);
    await Promise.all(
      store.changes().map(([ref, doc]) => writeInTransaction(tx, ref, read.get(refKey(ref)), doc)),
    );
    return { event: stored, result: applied };
  });
  return outcome.stored
    ? { stored: true, event: outcome.event, applied: outcome.result }
    : { stored: false, event: outcome.event ?? draft, applied: null };
}

/** A1: the event of an employee's share request; its `_id` is the request's retry key. */
function shareEventId(employeeId: string, requestId: string): string {
  return `share:${employeeId}:${requestId}`;
}

/** A1: the share an earlier delivery of this share request minted, or null (one read). */
export async function findRequestedShare(
  employeeId: string,
  requestId: string,
): Promise<string | null> {
  const event = await findEvent(shareEventId(employeeId, requestId));
  return event ? String(event.shareId) : null;
}

/**
 * A1/T4: stores an employee's new share with its `share` event (the retry key) in one
 * transaction; its count (T4 `shares`) is settled after it like every shared counter. Answers
 * the id of the share minted now, or of the one an earlier delivery of this request minted.
 */
export async function recordShareCreated(
  share: ShareDoc,
  requestId: string,
  task: { _id: string; startAt: Date; endAt: Date },
): Promise<string> {
  const owner = newSettlementOwner();
  const id = shareEventId(share.rootEmployeeId, requestId);
  const outcome = await storeEvent(id, owner, async (tx, insert) => {
    const event: EventDoc = {
      _id: id,
      type: 'share',
      customerId: '',
      contentId: share.contentId,
      taskId: share.taskId,
      shareId: share._id,
      rootEmployeeId: share.rootEmployeeId,
      channel: share.channel,
      parentCustomerId: null,
      at: share.createdAt,
      data: { requestId },
      settle: newSettlement(id, shareCreatedOps(share, task), owner, new Date()),
    };
    await insert(event);
    // 12 random base62 characters (~71 bits): a clash never happens, and never overwrites.
    if (!(await insertShareInTransaction(tx, share)))
      throw new Error(`share id ${share._id} is taken`);
    return { event, result: share._id };
  });
  return String(outcome.event?.shareId ?? share._id);
}

/** What an accepted open did (for tests and the bench; the page does not show it). */
export interface OpenOutcome {
  stored: boolean;
  newPageView: boolean;
  customerCreated: boolean;
  brought: boolean;
}

function customerBaseOf(caller: EventCaller) {
  return caller.kind === 'customer' ? { unionid: caller.unionid } : undefined;
}

/** A3-A11: records an open of `contentId` and applies it. */
export async function recordOpen(
  caller: EventCaller,
  clientEventId: string,
  contentId: string,
  resolved: ResolvedShare,
  now: Date,
): Promise<OpenOutcome> {
  const { stored, applied } = await acceptEvent(
    eventDoc('visit', caller, clientEventId, contentId, resolved, now, {}),
    {
      task: resolved.attributed ? resolved.task : null,
      share: resolved.attributed ? resolved.share : null,
      customerBase: customerBaseOf(caller),
    },
  );
  return {
    stored,
    newPageView: applied?.newPageView ?? false,
    customerCreated: applied?.customerCreated ?? false,
    brought: applied?.brought ?? false,
  };
}

/** C1: a dwell time or a tap on the business card. Answers whether it was stored now. */
export async function recordAction(
  caller: EventCaller,
  type: 'dwell' | 'card_call' | 'card_add_contact',
  clientEventId: string,
  contentId: string,
  resolved: ResolvedShare,
  now: Date,
  data: Record<string, unknown>,
): Promise<boolean> {
  const { stored } = await acceptEvent(
    eventDoc(type, caller, clientEventId, contentId, resolved, now, data),
    { task: null, share: null, customerBase: customerBaseOf(caller) },
  );
  return stored;
}

/**
 * A7/A8: a forward mints the child share `childId` with the event (a retry answers the first
 * delivery's child). It passes attribution on when the parent attributes and the forwarder is
 * an employee (A10) or in the root employee's archive; it then counts T4 `forwards`.
 */
export async function recordForward(
  caller: EventCaller,
  clientEventId: string,
  parent: ShareDoc,
  resolved: ResolvedShare,
  childId: string,
  now: Date,
): Promise<{ stored: boolean; childShareId: string }> {
  const draft = eventDoc('forward', caller, clientEventId, parent.contentId, resolved, now, {
    childShareId: childId,
    parentShareId: parent._id,
  });
  const { stored, event } = await acceptEvent(
    draft,
    {
      task: resolved.attributed ? resolved.task : null,
      share: parent,
      customerBase: customerBaseOf(caller),
    },
    (store, event) => ({
      ...event,
      data: {
        ...event.data,
        attributes: forwardAttributes(store, {
          attributed: resolved.attributed,
          byEmployee: caller.kind === 'employee',
          rootEmployeeId: parent.rootEmployeeId,
          customerId: event.customerId,
        }),
      },
    }),
  );
  return { stored, childShareId: String(event.data.childShareId ?? childId) };
}

/**
 * C6/T4: a form submission. It counts for the root employee (a lead when it has a phone) only
 * when the share attributes and the customer is that employee's customer (A8): otherwise it is
 * stored without attribution. Answers whether it was stored now.
 */
export async function recordForm(
  caller: EventCaller,
  clientEventId: string,
  content: Pick<ContentDoc, '_id'>,
  resolved: ResolvedShare,
  now: Date,
  data: Record<string, unknown>,
): Promise<boolean> {
  const draft = eventDoc('form', caller, clientEventId, content._id, resolved, now, data);
  const { stored } = await acceptEvent(
    draft,
    {
      task: resolved.attributed ? resolved.task : null,
      share: resolved.share,
      customerBase: customerBaseOf(caller),
    },
    (store, event) => {
      const counts =
        resolved.attributed &&
        caller.kind === 'customer' &&
        formCounts(store, {
          attributed: true,
          rootEmployeeId: resolved.share.rootEmployeeId,
          customerId: caller.openid,
        });
      if (counts || !event.shareId) return event;
      return {
        ...event,
        taskId: null,
        shareId: null,
        rootEmployeeId: null,
        channel: null,
        parentCustomerId: null,
        data: { ...event.data, unattributedShareId: event.shareId },
      };
    },
  );
  return stored;
}
