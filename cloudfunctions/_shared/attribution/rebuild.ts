/**
 * Rebuilds every collection the attribution engine derives (docs/attribution.md, "Rebuilding
 * derived data") from the base data and the append-only event log (ARCHITECTURE §4): the
 * events are replayed in time order through the rules of ./rules.ts, and each write of the
 * engine (./engine.ts, ./counters.ts and the db modules they call) is applied to an in-memory
 * copy of its document. The answer holds the documents the engine would have written, with the
 * same `_id`s and fields.
 *
 * Pure: no database, no SDK (only type imports of the db modules), so the demo seed and a
 * maintenance job can both use it.
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
import type { Counters, TaskStatsDoc } from '../db/task-stats';
import {
  actionContentDelta,
  childAncestors,
  customerStatsDelta,
  derivedIds,
  forwardPassesOn,
  inTaskWindow,
  mayClaimBrought,
  networkBeneficiaries,
  shanghaiDay,
  startsNewSession,
  visitTaskDelta,
  type CustomerEventType,
} from './rules';

/** What the rebuild reads: base data and the event log. */
export interface RebuildInput {
  /** The tasks the shares and events refer to (their window decides `inWindow`, T6). */
  tasks: readonly { _id: string; startAt: Date; endAt: Date }[];
  /**
   * Every share as minted (employee shares and forwards). Their derived fields
   * (`depth`, `ancestorCustomerIds`, `attributable`, `anonymousViews`) are recomputed.
   */
  shares: readonly ShareDoc[];
  /**
   * The customers' base documents (nickname, avatar, unionid, 离职继承 fields...); their
   * derived fields (`firstSeenAt`, `lastActiveAt`, `origin`, `inArchive`, `stats`) are
   * recomputed. A customer of the log without a base document gets the engine's blank one.
   */
  customers?: readonly Partial<CustomerDoc>[];
  /** The event log, in any order. */
  events: readonly EventDoc[];
}

/** The derived collections, by collection name; each list is sorted by `_id`. */
export interface DerivedCollections {
  relations: RelationDoc[];
  broughtBy: BroughtByDoc[];
  taskStats: TaskStatsDoc[];
  taskCustomers: TaskCustomerDoc[];
  pvSessions: PvSessionDoc[];
  customerDays: CustomerDayDoc[];
  contentStats: (ContentStats & { _id: string; updatedAt: Date })[];
  customers: RebuiltCustomer[];
  shares: ShareDoc[];
}

export type RebuiltCustomer = CustomerDoc & { stats: CustomerStats } & Record<string, unknown>;

/** The collections `rebuildDerived` answers (for loaders and comparisons). */
export const DERIVED_COLLECTIONS: readonly (keyof DerivedCollections)[] = [
  'relations',
  'broughtBy',
  'taskStats',
  'taskCustomers',
  'pvSessions',
  'customerDays',
  'contentStats',
  'customers',
  'shares',
];

const zeroCounters = (): Counters => ({
  shares: 0,
  views: 0,
  visitors: 0,
  newCustomers: 0,
  leads: 0,
  forwards: 0,
});

const zeroContentStats = (): ContentStats => ({
  views: 0,
  anonymousViews: 0,
  forwards: 0,
  forms: 0,
  leads: 0,
  cardTaps: 0,
  dwellMs: 0,
});

const zeroCustomerStats = (): CustomerStats => ({
  interactions: 0,
  visits: 0,
  forwards: 0,
  forms: 0,
  cardTaps: 0,
  network: 0,
  lastInteractionAt: null,
});

const DERIVED_CUSTOMER_FIELDS = ['firstSeenAt', 'lastActiveAt', 'origin', 'inArchive', 'stats'];

function sortedById<T extends { _id: string }>(docs: Iterable<T>): T[] {
  return [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** `updatedAt`: the engine stamps the time of the last write; replayed in time order, the latest. */
function latest(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** Only the kinds with a non-zero delta (the db modules skip a delta of zeros entirely). */
function nonZero<K extends string>(delta: Partial<Record<K, number>>): K[] {
  return (Object.keys(delta) as K[]).filter((k) => (delta[k] ?? 0) !== 0);
}

/** The in-memory collections and the engine's writes on them. */
class Replay {
  readonly relations = new Map<string, RelationDoc>();
  readonly broughtBy = new Map<string, BroughtByDoc>();
  readonly taskStats = new Map<string, TaskStatsDoc>();
  readonly taskCustomers = new Map<string, TaskCustomerDoc>();
  readonly pvSessions = new Map<string, PvSessionDoc>();
  readonly customerDays = new Map<string, CustomerDayDoc>();
  readonly contentStats = new Map<string, ContentStats & { _id: string; updatedAt: Date }>();
  readonly customers = new Map<string, RebuiltCustomer>();
  readonly touched = new Set<string>();
  readonly shares = new Map<string, ShareDoc>();
  readonly tasks: Map<string, { _id: string; startAt: Date; endAt: Date }>;
  readonly baseCustomers: Map<string, Partial<CustomerDoc>>;

  constructor(input: RebuildInput) {
    this.tasks = new Map(input.tasks.map((t) => [t._id, t]));
    this.baseCustomers = new Map(
      (input.customers ?? []).filter((c) => c._id).map((c) => [c._id as string, c]),
    );
    for (const share of input.shares) {
      const copy: ShareDoc = { ...share };
      delete copy.anonymousViews;
      if (share.sharerType === 'employee' && !share.parentShareId) {
        // What employee.shares.create writes: depth 0, no chain fields.
        copy.depth = 0;
        delete copy.ancestorCustomerIds;
        delete copy.attributable;
      }
      this.shares.set(share._id, copy);
    }
  }

  /** db/pv-sessions.openSession */
  openSession(id: string, customerId: string, now: Date): boolean {
    const session = this.pvSessions.get(id);
    if (!session) {
      this.pvSessions.set(id, { _id: id, customerId, sessionStartAt: now });
      return true;
    }
    if (!startsNewSession(session.sessionStartAt, now)) return false;
    session.sessionStartAt = now;
    return true;
  }

  /** db/customers.recordCustomerEvent; answers whether it created the customer. */
  recordCustomerEvent(
    customerId: string,
    delta: ReturnType<typeof customerStatsDelta>,
    attributed: boolean,
    origin: CustomerOrigin | null,
    now: Date,
  ): boolean {
    const interacted = delta.interactions > 0;
    const existing = this.customers.get(customerId);
    if (existing) {
      existing.lastActiveAt = now;
      if (attributed) existing.inArchive = true;
      const stats = existing.stats;
      stats.interactions += delta.interactions;
      stats.visits += delta.visits;
      stats.forwards += delta.forwards;
      stats.forms += delta.forms;
      stats.cardTaps += delta.cardTaps;
      if (interacted) stats.lastInteractionAt = now;
      return false;
    }
    const base = { ...(this.baseCustomers.get(customerId) ?? {}) } as Record<string, unknown>;
    for (const field of DERIVED_CUSTOMER_FIELDS) delete base[field];
    this.customers.set(customerId, {
      unionid: null,
      nickname: '',
      avatar: '',
      ...base,
      _id: customerId,
      firstSeenAt: now,
      lastActiveAt: now,
      origin,
      inArchive: attributed,
      stats: { ...zeroCustomerStats(), ...delta, lastInteractionAt: interacted ? now : null },
    } as RebuiltCustomer);
    return true;
  }

  /** db/customers.incrementNetwork (only customers that exist). */
  incrementNetwork(customerIds: string[]): void {
    for (const id of customerIds) {
      const customer = this.customers.get(id);
      if (customer) customer.stats.network += 1;
    }
  }

  /** db/customer-days.addCustomerDay */
  addCustomerDay(customerId: string, at: Date, interactions: number): void {
    if (interactions === 0) return;
    const day = shanghaiDay(at);
    const id = derivedIds.customerDay(customerId, day);
    const doc = this.customerDays.get(id);
    if (doc) doc.interactions += interactions;
    else this.customerDays.set(id, { _id: id, customerId, day, interactions });
  }

  /** db/content-stats.incrementContentStats */
  incrementContentStats(contentId: string, delta: Partial<ContentStats>, now: Date): void {
    const kinds = nonZero<keyof ContentStats>(delta);
    if (kinds.length === 0) return;
    const doc = this.contentStats.get(contentId);
    if (!doc) {
      this.contentStats.set(contentId, {
        _id: contentId,
        ...zeroContentStats(),
        ...delta,
        updatedAt: now,
      });
      return;
    }
    for (const k of kinds) doc[k] += delta[k] ?? 0;
    doc.updatedAt = latest(doc.updatedAt, now);
  }

  /** db/task-stats.incrementTaskStats */
  incrementTaskStats(
    taskId: string,
    employeeId: string,
    delta: Partial<Counters>,
    inWindow: boolean,
    now: Date,
  ): void {
    const kinds = nonZero<keyof Counters>(delta);
    if (kinds.length === 0) return;
    const id = derivedIds.taskStats(taskId, employeeId);
    let doc = this.taskStats.get(id);
    if (!doc) {
      doc = {
        _id: id,
        taskId,
        employeeId,
        total: zeroCounters(),
        inWindow: zeroCounters(),
        updatedAt: now,
      };
      this.taskStats.set(id, doc);
    }
    for (const k of kinds) {
      doc.total[k] += delta[k] ?? 0;
      if (inWindow) doc.inWindow[k] += delta[k] ?? 0;
    }
    doc.updatedAt = latest(doc.updatedAt, now);
  }

  /** db/relations.touchRelation; answers whether it created the relation. */
  touchRelation(
    fields: Pick<RelationDoc, 'employeeId' | 'customerId' | 'firstTaskId' | 'firstShareId'>,
    newPageView: boolean,
    now: Date,
  ): boolean {
    const id = derivedIds.relation(fields.employeeId, fields.customerId);
    const doc = this.relations.get(id);
    if (doc) {
      doc.lastAt = now;
      doc.visits += newPageView ? 1 : 0;
      return false;
    }
    this.relations.set(id, {
      _id: id,
      employeeId: fields.employeeId,
      customerId: fields.customerId,
      firstAt: now,
      firstTaskId: fields.firstTaskId,
      firstShareId: fields.firstShareId,
      brought: false,
      lastAt: now,
      visits: newPageView ? 1 : 0,
    });
    return true;
  }

  /** db/task-customers.touchTaskCustomer; answers whether it is a new visitor. */
  touchTaskCustomer(
    taskId: string,
    employeeId: string,
    customerId: string,
    newPageView: boolean,
    now: Date,
  ): boolean {
    const id = derivedIds.taskCustomer(taskId, employeeId, customerId);
    const doc = this.taskCustomers.get(id);
    if (doc) {
      doc.lastAt = now;
      doc.visits += newPageView ? 1 : 0;
      return false;
    }
    this.taskCustomers.set(id, {
      _id: id,
      taskId,
      employeeId,
      customerId,
      firstAt: now,
      lastAt: now,
      visits: newPageView ? 1 : 0,
      lead: false,
    });
    return true;
  }

  /** db/task-customers.markLead; true only when the customer became a lead now. */
  markLead(taskId: string, employeeId: string, customerId: string, now: Date): boolean {
    const id = derivedIds.taskCustomer(taskId, employeeId, customerId);
    const doc = this.taskCustomers.get(id);
    if (doc) {
      if (doc.lead === true) return false;
      doc.lead = true;
      doc.lastAt = now;
      return true;
    }
    this.taskCustomers.set(id, {
      _id: id,
      taskId,
      employeeId,
      customerId,
      firstAt: now,
      lastAt: now,
      visits: 0,
      lead: true,
    });
    return true;
  }
}

/** Events in the order the engine saw them: by time, then `_id` (ties are rare and arbitrary). */
function inTimeOrder(events: readonly EventDoc[]): EventDoc[] {
  return [...events].sort(
    (a, b) =>
      new Date(a.at).getTime() - new Date(b.at).getTime() ||
      (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
  );
}

/** The attributed share and task of an event (the engine stamped them only when it attributed). */
function attributionOf(replay: Replay, event: EventDoc) {
  if (!event.shareId || !event.taskId || !event.rootEmployeeId) return null;
  const task = replay.tasks.get(event.taskId);
  if (!task) return null;
  return {
    task,
    share: replay.shares.get(event.shareId) ?? null,
    employeeId: event.rootEmployeeId,
  };
}

/** engine.recordOpen for a customer (an employee's open moves nothing, A10). */
function replayOpen(replay: Replay, event: EventDoc, now: Date): void {
  const attribution = attributionOf(replay, event);
  if (event.data.anonymous === true || !event.customerId) {
    // A3: an anonymous page view of the share, never a customer.
    if (attribution?.share) {
      const share = attribution.share;
      share.anonymousViews = (share.anonymousViews ?? 0) + 1;
    }
    replay.incrementContentStats(event.contentId, { anonymousViews: 1 }, now);
    return;
  }
  const customerId = event.customerId;
  const newPageView = replay.openSession(
    derivedIds.pvSession(attribution ? event.shareId : null, event.contentId, customerId),
    customerId,
    now,
  );
  // A4: the origin is what the event carries: the engine stamped the share's attribution.
  const origin: CustomerOrigin | null = attribution
    ? {
        shareId: event.shareId!,
        taskId: event.taskId!,
        rootEmployeeId: event.rootEmployeeId!,
        channel: event.channel!,
        parentCustomerId: event.parentCustomerId,
      }
    : null;
  const delta = customerStatsDelta('visit', newPageView);
  const customerCreated = replay.recordCustomerEvent(
    customerId,
    delta,
    attribution !== null,
    origin,
    now,
  );
  replay.addCustomerDay(customerId, now, delta.interactions);
  replay.incrementContentStats(event.contentId, { views: newPageView ? 1 : 0 }, now);
  if (!attribution) return;

  const { task, employeeId } = attribution;
  const relationCreated = replay.touchRelation(
    { employeeId, customerId, firstTaskId: task._id, firstShareId: event.shareId! },
    newPageView,
    now,
  );
  const newVisitor = replay.touchTaskCustomer(task._id, employeeId, customerId, newPageView, now);
  const existingOriginIsDirect =
    relationCreated && !customerCreated
      ? (replay.customers.get(customerId)?.origin ?? null) === null
      : null;
  let brought = false;
  if (
    mayClaimBrought({ attributed: true, customerCreated, relationCreated, existingOriginIsDirect })
  ) {
    // A6: insert-unique, first wins.
    brought = !replay.broughtBy.has(customerId);
    if (brought)
      replay.broughtBy.set(customerId, {
        _id: customerId,
        employeeId,
        taskId: task._id,
        shareId: event.shareId!,
        at: now,
      });
  }
  if (brought) {
    const relation = replay.relations.get(derivedIds.relation(employeeId, customerId));
    if (relation) relation.brought = true;
    replay.incrementNetwork(
      networkBeneficiaries(attribution.share?.ancestorCustomerIds, customerId),
    );
  }
  replay.incrementTaskStats(
    task._id,
    employeeId,
    visitTaskDelta({ newPageView, newVisitor, brought }),
    inTaskWindow(task, now),
    now,
  );
}

/**
 * A7: the child share a forward minted gets its chain fields as `customer.shares.forward`
 * wrote them: depth, the chain of forwarding customers, and whether it attributes.
 */
function replayForwardShare(
  replay: Replay,
  event: EventDoc,
  byEmployee: boolean,
  passesOn: boolean,
): void {
  const childId = typeof event.data.childShareId === 'string' ? event.data.childShareId : null;
  const child = childId ? replay.shares.get(childId) : undefined;
  if (!child) return;
  const parentId =
    child.parentShareId ??
    (typeof event.data.parentShareId === 'string' ? event.data.parentShareId : null);
  const parent = parentId ? replay.shares.get(parentId) : undefined;
  child.depth = (parent?.depth ?? 0) + 1;
  child.ancestorCustomerIds = byEmployee
    ? [...(parent?.ancestorCustomerIds ?? [])]
    : childAncestors(parent?.ancestorCustomerIds, event.customerId);
  child.attributable = passesOn;
}

/** engine.recordAction and what the customer function does on top of it (forwards, leads). */
function replayAction(replay: Replay, event: EventDoc, now: Date): void {
  const type = event.type as Exclude<CustomerEventType, 'visit'>;
  const byEmployee = event.data.byEmployee === true;
  const attribution = attributionOf(replay, event);
  // A8: the forward attributes down its branch when its forwarder is in the root's archive
  // (read before the event is applied, as the customer function does).
  const passesOn =
    type === 'forward' &&
    forwardPassesOn({
      attributed: attribution !== null,
      byEmployee,
      relatedToRoot:
        attribution !== null &&
        replay.relations.has(derivedIds.relation(attribution.employeeId, event.customerId)),
    });
  if (type === 'forward') replayForwardShare(replay, event, byEmployee, passesOn);
  if (byEmployee || !event.customerId) return;

  const customerId = event.customerId;
  const delta = customerStatsDelta(type, false);
  replay.recordCustomerEvent(customerId, delta, false, null, now);
  replay.addCustomerDay(customerId, now, delta.interactions);
  replay.incrementContentStats(event.contentId, actionContentDelta(type, event.data), now);
  if (!attribution) return;
  const { task, employeeId } = attribution;
  if (type === 'forward' && passesOn) {
    // T4 forwards.
    replay.incrementTaskStats(task._id, employeeId, { forwards: 1 }, inTaskWindow(task, now), now);
  }
  // T4 leads: a form is stamped with its share only when it counts for the root employee
  // (C6: attributed and the customer is theirs); with a phone it makes a lead, once.
  if (type === 'form' && event.data.phone && replay.markLead(task._id, employeeId, customerId, now))
    replay.incrementTaskStats(task._id, employeeId, { leads: 1 }, inTaskWindow(task, now), now);
}

/**
 * Replays the event log through the attribution rules and answers every derived collection
 * (docs/attribution.md, "Rebuilding derived data").
 */
export function rebuildDerived(input: RebuildInput): DerivedCollections {
  const replay = new Replay(input);

  // T4 shares: each employee share counts once, at its creation (attribution/counters.ts).
  for (const share of input.shares) {
    if (share.sharerType !== 'employee' || share.parentShareId) continue;
    const task = replay.tasks.get(share.taskId);
    if (!task) continue;
    const createdAt = new Date(share.createdAt);
    replay.incrementTaskStats(
      share.taskId,
      share.rootEmployeeId,
      { shares: 1 },
      inTaskWindow(task, createdAt),
      createdAt,
    );
  }

  for (const event of inTimeOrder(input.events)) {
    const now = new Date(event.at);
    if (event.type === 'visit') {
      if (event.data.byEmployee !== true) replayOpen(replay, event, now);
    } else replayAction(replay, event, now);
  }

  // A customer of the base data that the log never mentions keeps its document as it is.
  for (const [id, base] of replay.baseCustomers) {
    if (!replay.customers.has(id)) replay.customers.set(id, base as RebuiltCustomer);
  }

  return {
    relations: sortedById(replay.relations.values()),
    broughtBy: sortedById(replay.broughtBy.values()),
    taskStats: sortedById(replay.taskStats.values()),
    taskCustomers: sortedById(replay.taskCustomers.values()),
    pvSessions: sortedById(replay.pvSessions.values()),
    customerDays: sortedById(replay.customerDays.values()),
    contentStats: sortedById(replay.contentStats.values()),
    customers: sortedById(replay.customers.values()),
    shares: sortedById(replay.shares.values()),
  };
}
