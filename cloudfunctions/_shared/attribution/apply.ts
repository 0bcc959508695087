/**
 * What one event does to the derived collections (docs/attribution.md, "Applying an event"),
 * as pure code over a document store: the engine runs it inside a transaction over the
 * documents it read (./engine.ts), the rebuild runs it over in-memory collections while it
 * replays the log (./rebuild.ts). One implementation, so the live counters and a rebuild can
 * never disagree on a rule.
 *
 * An event changes two kinds of documents:
 * - the customer's own documents (profile, relations, per-task row, page-view session, day
 *   count, brought-by, a forward's child share), written with the event in one transaction:
 *   they decide "first wins" facts, and only the same customer's requests contend for them;
 * - shared counters (per task and employee, per content, the network of forwarding customers,
 *   a share's anonymous views), answered as `AggregateOp`s: hot documents that many customers
 *   move at once, settled after the transaction exactly once (./settle.ts).
 *
 * No SDK, no database: only type imports of the db modules.
 */
import type { BroughtByDoc } from '../db/brought-by';
import type { ContentStats } from '../db/content-stats';
import type { CustomerDayDoc } from '../db/customer-days';
import type { CustomerDoc, CustomerOrigin, CustomerStats } from '../db/customers';
import type { EventDoc } from '../db/events';
import type { PvSessionDoc } from '../db/pv-sessions';
import type { RelationDoc } from '../db/relations';
import type { ShareDoc } from '../db/shares';
import type { TaskCustomerDoc } from '../db/task-customers';
import type { Counters } from '../db/task-stats';
import {
  actionContentDelta,
  childAncestors,
  customerStatsDelta,
  derivedIds,
  forwardPassesOn,
  inTaskWindow,
  mayClaimBrought,
  networkBeneficiaries,
  SESSION_MS,
  shanghaiDay,
  startsNewSession,
  visitTaskDelta,
  type CustomerEventType,
} from './rules';

/** A customer profile as the engine keeps it: the base document and its counters. */
export type CustomerRecord = CustomerDoc & { stats: CustomerStats } & Record<string, unknown>;

/** The documents of one customer that an event may read and write, by collection. */
export interface CustomerDocs {
  customers: CustomerRecord;
  relations: RelationDoc;
  taskCustomers: TaskCustomerDoc;
  pvSessions: PvSessionDoc;
  customerDays: CustomerDayDoc;
  broughtBy: BroughtByDoc;
  shares: ShareDoc;
}

export type CustomerCollection = keyof CustomerDocs;

/** A document an event may touch. */
export interface DocKey {
  collection: CustomerCollection;
  id: string;
  /** A document this event creates under an id minted for it (a forward's child share): nothing to read. */
  minted?: true;
}

/** Where `applyEvent` reads and writes the customer's documents. */
export interface DocStore {
  get<C extends CustomerCollection>(collection: C, id: string): CustomerDocs[C] | undefined;
  put<C extends CustomerCollection>(collection: C, doc: CustomerDocs[C]): void;
}

/** A move of a shared counter, settled once after the event is stored (./settle.ts). */
export type AggregateOp =
  | {
      kind: 'taskStats';
      taskId: string;
      employeeId: string;
      delta: Partial<Counters>;
      inWindow: boolean;
      at: Date;
    }
  | { kind: 'contentStats'; contentId: string; delta: Partial<ContentStats>; at: Date }
  | { kind: 'network'; customerIds: string[] }
  | { kind: 'anonymousViews'; shareId: string }
  /** A6 on the enterprise leaderboard (P6): one more customer brought by the employee. */
  | { kind: 'brought'; employeeId: string; at: Date }
  | {
      /** A notice to the root employee (docs/notifications.md): enqueued once, by its key. */
      kind: 'notify';
      notice: 'newCustomer' | 'newLead';
      employeeId: string;
      customerId: string;
      customerName: string;
      taskId: string;
      taskTitle: string;
      at: Date;
    };

/** What an event needs besides the store: its task and share, as the server holds them. */
export interface EventContext {
  /** The task of an attributed event (its window decides `inWindow`, T6). */
  task: { _id: string; startAt: Date; endAt: Date; title?: string } | null;
  /**
   * The share the event came through: the attributed share of a visit (its chain gives the
   * network, C3), the parent of a forward (attributed or not: the child is minted anyway).
   */
  share: ShareDoc | null;
  /** Base fields of a customer created by this event (unionid, nickname...). */
  customerBase?: Partial<CustomerDoc>;
}

/** What an applied event decided (for answers, tests and the bench). */
export interface Applied {
  ops: AggregateOp[];
  newPageView: boolean;
  customerCreated: boolean;
  brought: boolean;
}

const ZERO_STATS: CustomerStats = {
  interactions: 0,
  visits: 0,
  forwards: 0,
  forms: 0,
  cardTaps: 0,
  network: 0,
  lastInteractionAt: null,
};

const DERIVED_CUSTOMER_FIELDS = [
  'firstSeenAt',
  'lastActiveAt',
  'origin',
  'inArchive',
  'stats',
  'broughtByEmployeeId',
  'hasPhone',
  'phoneAt',
];

/** The employee and task an event was attributed to (stamped only when it attributed, A2). */
function attributionOf(event: EventDoc, ctx: EventContext) {
  if (!event.shareId || !event.taskId || !event.rootEmployeeId || !ctx.task) return null;
  return { task: ctx.task, employeeId: event.rootEmployeeId, shareId: event.shareId };
}

/**
 * The documents `applyEvent` may read or write for this event (a transaction reads them all
 * first). `share` is the event's share as in `EventContext`.
 */
export function docsTouched(event: EventDoc, share: ShareDoc | null): DocKey[] {
  const keys: DocKey[] = [];
  const customerId = event.customerId;
  if (event.type === 'forward' && typeof event.data.childShareId === 'string')
    keys.push({ collection: 'shares', id: event.data.childShareId, minted: true });
  if (!customerId || event.data.anonymous === true || event.data.byEmployee === true) {
    return keys;
  }
  const day = derivedIds.customerDay(customerId, shanghaiDay(new Date(event.at)));
  keys.push({ collection: 'customers', id: customerId }, { collection: 'customerDays', id: day });
  const root = event.rootEmployeeId ?? share?.rootEmployeeId ?? null;
  if (root) keys.push({ collection: 'relations', id: derivedIds.relation(root, customerId) });
  if (event.type === 'visit') {
    keys.push({
      collection: 'pvSessions',
      id: derivedIds.pvSession(event.shareId, event.contentId, customerId),
    });
  }
  if (event.shareId && event.taskId && event.rootEmployeeId) {
    keys.push({
      collection: 'taskCustomers',
      id: derivedIds.taskCustomer(event.taskId, event.rootEmployeeId, customerId),
    });
    if (event.type === 'visit') keys.push({ collection: 'broughtBy', id: customerId });
  }
  return keys;
}

/**
 * A3-A11, C1-C3, T4: applies one event (already accepted: the first delivery of its `_id`) to
 * the customer's documents in `store` and answers the shared counters it moves.
 */
export function applyEvent(store: DocStore, event: EventDoc, ctx: EventContext): Applied {
  const applied: Applied = { ops: [], newPageView: false, customerCreated: false, brought: false };
  // An employee's share moves no customer document; its count is `shareCreatedOps`.
  if (event.type === 'share') return applied;
  if (event.type === 'visit') applyOpen(store, event, ctx, applied);
  else applyAction(store, event, ctx, applied);
  applied.ops = mergeOps(applied.ops);
  return applied;
}

/**
 * The later of two times: events can commit out of their time order (parallel requests), and
 * a "last" time never goes back, as in a replay in time order.
 */
function later(stored: Date | null | undefined, now: Date): Date {
  return stored && new Date(stored).getTime() > now.getTime() ? stored : now;
}

/** A11: the page-view session; answers whether this open starts a new page view. */
function openSession(store: DocStore, id: string, customerId: string, now: Date): boolean {
  const session = store.get('pvSessions', id);
  if (!session) {
    store.put('pvSessions', { _id: id, customerId, sessionStartAt: now });
    return true;
  }
  const startedAt = new Date(session.sessionStartAt).getTime();
  if (now.getTime() < startedAt) {
    // An earlier open committed after the one that started this session (a race of parallel
    // requests): within the session's reach it started the session itself; either way it is
    // not a new page view.
    if (startedAt - now.getTime() < SESSION_MS)
      store.put('pvSessions', { ...session, sessionStartAt: now });
    return false;
  }
  if (!startsNewSession(session.sessionStartAt, now)) return false;
  store.put('pvSessions', { ...session, sessionStartAt: now });
  return true;
}

/**
 * C1/A4/A8: adds the event to the customer's profile; the first event creates it with its
 * origin (which never changes). Answers whether it created the customer.
 */
function recordCustomerEvent(
  store: DocStore,
  customerId: string,
  delta: ReturnType<typeof customerStatsDelta>,
  attributed: boolean,
  origin: CustomerOrigin | null,
  now: Date,
  base: Partial<CustomerDoc> | undefined,
): boolean {
  const interacted = delta.interactions > 0;
  const existing = store.get('customers', customerId);
  if (existing) {
    const stats = { ...ZERO_STATS, ...existing.stats };
    store.put('customers', {
      ...existing,
      lastActiveAt: later(existing.lastActiveAt, now),
      inArchive: existing.inArchive || attributed,
      stats: {
        ...stats,
        interactions: stats.interactions + delta.interactions,
        visits: stats.visits + delta.visits,
        forwards: stats.forwards + delta.forwards,
        forms: stats.forms + delta.forms,
        cardTaps: stats.cardTaps + delta.cardTaps,
        lastInteractionAt: interacted
          ? later(stats.lastInteractionAt, now)
          : stats.lastInteractionAt,
      },
    });
    return false;
  }
  const fields = { ...(base ?? {}) } as Record<string, unknown>;
  for (const field of DERIVED_CUSTOMER_FIELDS) delete fields[field];
  store.put('customers', {
    unionid: null,
    nickname: '',
    avatar: '',
    ...fields,
    _id: customerId,
    firstSeenAt: now,
    lastActiveAt: now,
    origin,
    inArchive: attributed,
    stats: { ...ZERO_STATS, ...delta, lastInteractionAt: interacted ? now : null },
  } as CustomerRecord);
  return true;
}

/** C2: interactions per Shanghai day. */
function addCustomerDay(store: DocStore, customerId: string, at: Date, interactions: number) {
  if (interactions === 0) return;
  const day = shanghaiDay(at);
  const id = derivedIds.customerDay(customerId, day);
  const doc = store.get('customerDays', id);
  store.put(
    'customerDays',
    doc
      ? { ...doc, interactions: doc.interactions + interactions }
      : { _id: id, customerId, day, interactions },
  );
}

/** A5: the employee-customer relation; answers whether this event created it. */
function touchRelation(
  store: DocStore,
  fields: Pick<RelationDoc, 'employeeId' | 'customerId' | 'firstTaskId' | 'firstShareId'>,
  newPageView: boolean,
  now: Date,
): boolean {
  const id = derivedIds.relation(fields.employeeId, fields.customerId);
  const doc = store.get('relations', id);
  if (doc) {
    store.put('relations', {
      ...doc,
      lastAt: later(doc.lastAt, now),
      visits: doc.visits + (newPageView ? 1 : 0),
    });
    return false;
  }
  store.put('relations', {
    _id: id,
    ...fields,
    firstAt: now,
    brought: false,
    lastAt: now,
    visits: newPageView ? 1 : 0,
  });
  return true;
}

/** 客户列表 row and A9 UV: answers whether the customer is a new visitor of (task, employee). */
function touchTaskCustomer(
  store: DocStore,
  key: { taskId: string; employeeId: string; customerId: string },
  newPageView: boolean,
  now: Date,
): boolean {
  const id = derivedIds.taskCustomer(key.taskId, key.employeeId, key.customerId);
  const doc = store.get('taskCustomers', id);
  if (doc) {
    store.put('taskCustomers', {
      ...doc,
      lastAt: later(doc.lastAt, now),
      visits: doc.visits + (newPageView ? 1 : 0),
    });
    return false;
  }
  store.put('taskCustomers', {
    _id: id,
    ...key,
    firstAt: now,
    lastAt: now,
    visits: newPageView ? 1 : 0,
    lead: false,
  });
  return true;
}

/** T4 leads: true only when the customer became a lead of (task, employee) now. */
function markLead(
  store: DocStore,
  key: { taskId: string; employeeId: string; customerId: string },
  now: Date,
): boolean {
  const id = derivedIds.taskCustomer(key.taskId, key.employeeId, key.customerId);
  const doc = store.get('taskCustomers', id);
  if (doc?.lead === true) return false;
  store.put(
    'taskCustomers',
    doc
      ? { ...doc, lead: true, lastAt: later(doc.lastAt, now) }
      : { _id: id, ...key, firstAt: now, lastAt: now, visits: 0, lead: true },
  );
  return true;
}

function notifyOp(
  store: DocStore,
  notice: 'newCustomer' | 'newLead',
  key: { task: { _id: string; title?: string }; employeeId: string; customerId: string },
  now: Date,
): AggregateOp {
  return {
    kind: 'notify',
    notice,
    employeeId: key.employeeId,
    customerId: key.customerId,
    customerName: store.get('customers', key.customerId)?.nickname || '微信用户',
    taskId: key.task._id,
    taskTitle: key.task.title ?? '',
    at: now,
  };
}

function taskOp(
  task: { _id: string; startAt: Date; endAt: Date },
  employeeId: string,
  delta: Partial<Counters>,
  now: Date,
): AggregateOp {
  return {
    kind: 'taskStats',
    taskId: task._id,
    employeeId,
    delta,
    inWindow: inTaskWindow(task, now),
    at: now,
  };
}

/**
 * T4 `shares`: an employee's share counts once, at its creation, in the window too when created
 * inside it (T6).
 */
export function shareCreatedOps(
  share: Pick<ShareDoc, 'rootEmployeeId' | 'createdAt'>,
  task: { _id: string; startAt: Date; endAt: Date },
): AggregateOp[] {
  return [taskOp(task, share.rootEmployeeId, { shares: 1 }, new Date(share.createdAt))];
}

/** A visit (content.open). */
function applyOpen(store: DocStore, event: EventDoc, ctx: EventContext, applied: Applied): void {
  const now = new Date(event.at);
  const attribution = attributionOf(event, ctx);
  if (event.data.byEmployee === true) return; // A10: recorded, counted nowhere.
  if (event.data.anonymous === true || !event.customerId) {
    // A3: a page view of the share, never a customer (and no goal: it has no session, A11).
    if (attribution) applied.ops.push({ kind: 'anonymousViews', shareId: attribution.shareId });
    applied.ops.push({
      kind: 'contentStats',
      contentId: event.contentId,
      delta: { anonymousViews: 1 },
      at: now,
    });
    return;
  }
  const customerId = event.customerId;
  const newPageView = openSession(
    store,
    derivedIds.pvSession(event.shareId, event.contentId, customerId),
    customerId,
    now,
  );
  applied.newPageView = newPageView;
  // A4: the origin is the share's attribution, as stamped on the event.
  const origin: CustomerOrigin | null = attribution
    ? {
        shareId: attribution.shareId,
        taskId: attribution.task._id,
        rootEmployeeId: attribution.employeeId,
        channel: event.channel!,
        parentCustomerId: event.parentCustomerId,
      }
    : null;
  const delta = customerStatsDelta('visit', newPageView);
  const existingOrigin = store.get('customers', customerId)?.origin ?? null;
  const customerCreated = recordCustomerEvent(
    store,
    customerId,
    delta,
    attribution !== null,
    origin,
    now,
    ctx.customerBase,
  );
  applied.customerCreated = customerCreated;
  addCustomerDay(store, customerId, now, delta.interactions);
  applied.ops.push({
    kind: 'contentStats',
    contentId: event.contentId,
    delta: { views: newPageView ? 1 : 0 },
    at: now,
  });
  if (!attribution) return;

  const { task, employeeId } = attribution;
  const relationCreated = touchRelation(
    store,
    { employeeId, customerId, firstTaskId: task._id, firstShareId: attribution.shareId },
    newPageView,
    now,
  );
  const newVisitor = touchTaskCustomer(
    store,
    { taskId: task._id, employeeId, customerId },
    newPageView,
    now,
  );
  const existingOriginIsDirect =
    relationCreated && !customerCreated ? existingOrigin === null : null;
  if (
    mayClaimBrought({ attributed: true, customerCreated, relationCreated, existingOriginIsDirect })
  ) {
    // A6: first wins, enterprise-wide (a deleted customer's record stays, CU2).
    applied.brought = !store.get('broughtBy', customerId);
    if (applied.brought) {
      store.put('broughtBy', {
        _id: customerId,
        employeeId,
        taskId: task._id,
        shareId: attribution.shareId,
        at: now,
      });
      const relationId = derivedIds.relation(employeeId, customerId);
      store.put('relations', { ...store.get('relations', relationId)!, brought: true });
      // On the profile too: after a direct first touch the origin names no employee, and the
      // one who brought the customer owns them (AD4, db/customers.ts ownedBy).
      store.put('customers', {
        ...store.get('customers', customerId)!,
        broughtByEmployeeId: employeeId,
      });
      const beneficiaries = networkBeneficiaries(ctx.share?.ancestorCustomerIds, customerId);
      if (beneficiaries.length > 0)
        applied.ops.push({ kind: 'network', customerIds: beneficiaries });
      applied.ops.push(notifyOp(store, 'newCustomer', { task, employeeId, customerId }, now));
      applied.ops.push({ kind: 'brought', employeeId, at: now });
    }
  }
  applied.ops.push(
    taskOp(
      task,
      employeeId,
      visitTaskDelta({ newPageView, newVisitor, brought: applied.brought }),
      now,
    ),
  );
}

/**
 * A7: the child share a forward mints: the parent's root, task and content, one level deeper,
 * the chain of forwarding customers (an employee passes it on without joining it, A10), and
 * whether it attributes (A8).
 */
function childShareOf(
  parent: ShareDoc,
  event: Pick<EventDoc, 'customerId' | 'at' | 'data'>,
  childId: string,
  passesOn: boolean,
): ShareDoc {
  const byEmployee = event.data.byEmployee === true;
  return {
    _id: childId,
    taskId: parent.taskId,
    contentId: parent.contentId,
    rootEmployeeId: parent.rootEmployeeId,
    sharerType: byEmployee ? 'employee' : 'customer',
    sharerId: byEmployee ? String(event.data.employeeId) : event.customerId,
    parentShareId: parent._id,
    depth: (parent.depth ?? 0) + 1,
    channel: 'forward',
    createdAt: new Date(event.at),
    ancestorCustomerIds: byEmployee
      ? [...(parent.ancestorCustomerIds ?? [])]
      : childAncestors(parent.ancestorCustomerIds, event.customerId),
    attributable: passesOn,
  };
}

/**
 * A7/A8/A10: whether a forward by this caller passes attribution on: the parent share
 * attributes and the forwarder is an employee or in the root employee's archive.
 */
export function forwardAttributes(
  store: DocStore,
  facts: { attributed: boolean; byEmployee: boolean; rootEmployeeId: string; customerId: string },
): boolean {
  if (!facts.attributed) return false;
  return forwardPassesOn({
    attributed: true,
    byEmployee: facts.byEmployee,
    // An employee's forward reads no relation (A10: they have none and need none).
    relatedToRoot:
      !facts.byEmployee &&
      store.get('relations', derivedIds.relation(facts.rootEmployeeId, facts.customerId)) !==
        undefined,
  });
}

/**
 * C6/A8: whether a form submitted through an attributed share counts for its root employee
 * (a lead when it has a phone): only when the customer is that employee's (a relation).
 */
export function formCounts(
  store: DocStore,
  facts: { attributed: boolean; rootEmployeeId: string; customerId: string },
): boolean {
  return (
    facts.attributed &&
    store.get('relations', derivedIds.relation(facts.rootEmployeeId, facts.customerId)) !==
      undefined
  );
}

/** A non-visit event: dwell, card taps, a forward, a form. */
function applyAction(store: DocStore, event: EventDoc, ctx: EventContext, applied: Applied): void {
  const now = new Date(event.at);
  const type = event.type as Exclude<CustomerEventType, 'visit'>;
  const byEmployee = event.data.byEmployee === true;
  const attribution = attributionOf(event, ctx);
  let passesOn = false;
  if (type === 'forward' && ctx.share) {
    // Recomputed from the relations, as the rebuild must (`data.attributes` only records it).
    passesOn = forwardAttributes(store, {
      attributed: attribution !== null,
      byEmployee,
      rootEmployeeId: ctx.share.rootEmployeeId,
      customerId: event.customerId,
    });
    const childId = event.data.childShareId;
    if (typeof childId === 'string')
      store.put('shares', childShareOf(ctx.share, event, childId, passesOn));
  }
  if (byEmployee || !event.customerId) return;

  const customerId = event.customerId;
  const delta = customerStatsDelta(type, false);
  recordCustomerEvent(store, customerId, delta, false, null, now, ctx.customerBase);
  if (type === 'form' && event.data.phone) {
    // R2 and the archive's 有电话 filter: the customer left a phone in some form, since when.
    const customer = store.get('customers', customerId)!;
    if (!customer.hasPhone) store.put('customers', { ...customer, hasPhone: true, phoneAt: now });
  }
  addCustomerDay(store, customerId, now, delta.interactions);
  applied.ops.push({
    kind: 'contentStats',
    contentId: event.contentId,
    delta: actionContentDelta(type, event.data),
    at: now,
  });
  if (!attribution) return;
  const { task, employeeId } = attribution;
  // T4 forwards: a forward by the employee's customer that passes attribution on.
  if (type === 'forward' && passesOn)
    applied.ops.push(taskOp(task, employeeId, { forwards: 1 }, now));
  // T4 leads: a form is stamped with its share only when it counts for the root employee
  // (C6: attributed and the customer is theirs); with a phone it makes a lead, once.
  if (
    type === 'form' &&
    event.data.phone &&
    markLead(store, { taskId: task._id, employeeId, customerId }, now)
  ) {
    applied.ops.push(taskOp(task, employeeId, { leads: 1 }, now));
    applied.ops.push(notifyOp(store, 'newLead', { task, employeeId, customerId }, now));
  }
}

function nonZero<T extends Record<string, number | undefined>>(delta: T): Partial<T> {
  return Object.fromEntries(Object.entries(delta).filter(([, v]) => (v ?? 0) !== 0)) as Partial<T>;
}

/**
 * Drops moves of nothing and folds moves of one target into one op, so each shared document
 * is moved at most once per event (settlement marks a document with the event's id).
 */
export function mergeOps(ops: readonly AggregateOp[]): AggregateOp[] {
  const merged = new Map<string, AggregateOp>();
  for (const op of ops) {
    if (op.kind === 'taskStats' || op.kind === 'contentStats') {
      const delta = nonZero(op.delta as Record<string, number | undefined>);
      if (Object.keys(delta).length === 0) continue;
      const key = op.kind === 'taskStats' ? `t:${op.taskId}:${op.employeeId}` : `c:${op.contentId}`;
      const before = merged.get(key) as typeof op | undefined;
      if (!before) {
        merged.set(key, { ...op, delta } as AggregateOp);
        continue;
      }
      const sum: Record<string, number> = { ...(before.delta as Record<string, number>) };
      for (const [k, v] of Object.entries(delta)) sum[k] = (sum[k] ?? 0) + (v ?? 0);
      merged.set(key, { ...before, delta: sum } as AggregateOp);
    } else if (op.kind === 'network') {
      if (op.customerIds.length > 0) merged.set(`n:${op.customerIds.join(',')}`, op);
    } else if (op.kind === 'notify') {
      merged.set(`m:${op.notice}:${op.taskId}:${op.employeeId}:${op.customerId}`, op);
    } else if (op.kind === 'brought') {
      merged.set(`b:${op.employeeId}`, op);
    } else merged.set(`s:${op.shareId}`, op);
  }
  return [...merged.values()];
}
