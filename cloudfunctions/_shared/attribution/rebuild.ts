/**
 * Rebuilds every collection the attribution engine derives (docs/attribution.md, "Rebuilding
 * derived data") from the base data and the append-only event log (ARCHITECTURE §4): the
 * events are replayed in time order through `applyEvent` (./apply.ts), the same code the engine
 * runs as each event arrives, over in-memory collections, and each shared-counter move is
 * applied at once (the engine settles it after its transaction). The answer holds the
 * documents the engine would have written, with the same `_id`s and fields.
 *
 * Pure: no database, no SDK (only type imports of the db modules), so the demo seed and a
 * maintenance job can both use it.
 */
import type { BroughtByDoc } from '../db/brought-by';
import type { ContentStats } from '../db/content-stats';
import type { CustomerDayDoc } from '../db/customer-days';
import type { CustomerDoc } from '../db/customers';
import type { EventDoc } from '../db/events';
import type { PvSessionDoc } from '../db/pv-sessions';
import type { RelationDoc } from '../db/relations';
import type { ShareDoc } from '../db/shares';
import type { RedemptionDoc } from '../db/redemptions';
import type { TaskCustomerDoc } from '../db/task-customers';
import type { Counters, CounterKind, TaskStatsDoc } from '../db/task-stats';
import type { Benefit, Goal } from '../domain/points';
import { PointsReplay, type PointsCollections } from '../points/replay';
import {
  applyEvent,
  shareCreatedOps,
  type AggregateOp,
  type CustomerRecord,
  type CustomerCollection,
  type CustomerDocs,
  type DocStore,
  type EventContext,
} from './apply';
import { derivedIds } from './rules';

/** What the rebuild reads: base data and the event log. */
export interface RebuildInput {
  /**
   * The tasks the shares and events refer to (their window decides `inWindow`, T6; their goals
   * what is credited, and their benefits the stock a redemption draws on).
   */
  tasks: readonly RebuildTask[];
  /**
   * Every share as minted (employee shares and forwards). Their derived fields
   * (`depth`, `ancestorCustomerIds`, `attributable`, `anonymousViews`) are recomputed.
   */
  shares: readonly ShareDoc[];
  /**
   * The customers' base documents (nickname, avatar, unionid, 离职继承 fields...); their
   * derived fields (`firstSeenAt`, `lastActiveAt`, `origin`, `inArchive`, `stats`,
   * `broughtByEmployeeId`) are recomputed. A customer of the log without a base document gets the engine's blank one.
   */
  customers?: readonly Partial<CustomerDoc>[];
  /** The event log, in any order. */
  events: readonly EventDoc[];
  /** The redemptions made (base data: an employee's act, not an event of the log). */
  redemptions?: readonly RedemptionDoc[];
}

/** What the rebuild needs of a task. */
export interface RebuildTask {
  _id: string;
  startAt: Date;
  endAt: Date;
  goals?: readonly Goal[];
  benefits?: readonly Benefit[];
}

/** The derived collections, by collection name; each list is sorted by `_id`. */
export interface DerivedCollections extends PointsCollections {
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

export type RebuiltCustomer = CustomerRecord;

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
  'pointsLedger',
  'pointsBalances',
  'leaderboard',
  'benefitStocks',
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

function sortedById<T extends { _id: string }>(docs: Iterable<T>): T[] {
  return [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** `updatedAt`: the engine stamps the time of the last write; replayed in time order, the latest. */
function latest(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** The in-memory collections: the customers' documents (`DocStore`) and the shared counters. */
class Replay implements DocStore {
  readonly docs: { [C in CustomerCollection]: Map<string, CustomerDocs[C]> } = {
    customers: new Map(),
    relations: new Map(),
    taskCustomers: new Map(),
    pvSessions: new Map(),
    customerDays: new Map(),
    broughtBy: new Map(),
    shares: new Map(),
  };
  readonly taskStats = new Map<string, TaskStatsDoc>();
  readonly contentStats = new Map<string, ContentStats & { _id: string; updatedAt: Date }>();
  readonly tasks: Map<string, RebuildTask>;
  readonly baseCustomers: Map<string, Partial<CustomerDoc>>;
  readonly points: PointsReplay;

  constructor(input: RebuildInput) {
    this.tasks = new Map(input.tasks.map((t) => [t._id, t]));
    this.points = new PointsReplay((taskId) => this.tasks.get(taskId)?.goals ?? []);
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
      this.docs.shares.set(share._id, copy);
    }
  }

  get<C extends CustomerCollection>(collection: C, id: string): CustomerDocs[C] | undefined {
    return this.docs[collection].get(id);
  }

  put<C extends CustomerCollection>(collection: C, doc: CustomerDocs[C]): void {
    this.docs[collection].set(doc._id, doc);
  }

  /** What settlement does to a shared counter (./settle.ts and the db modules it calls). */
  settle(op: AggregateOp): void {
    // A notice is not derived data: it is sent, not rebuilt.
    if (op.kind === 'notify') return;
    if (op.kind === 'brought') {
      this.points.brought(op.employeeId, op.at);
    } else if (op.kind === 'network') {
      for (const id of op.customerIds) {
        const customer = this.docs.customers.get(id);
        if (customer) customer.stats = { ...customer.stats, network: customer.stats.network + 1 };
      }
    } else if (op.kind === 'anonymousViews') {
      const share = this.docs.shares.get(op.shareId);
      if (share) share.anonymousViews = (share.anonymousViews ?? 0) + 1;
    } else if (op.kind === 'contentStats') {
      const doc = this.contentStats.get(op.contentId);
      if (!doc) {
        this.contentStats.set(op.contentId, {
          _id: op.contentId,
          ...zeroContentStats(),
          ...op.delta,
          updatedAt: op.at,
        });
        return;
      }
      for (const [k, v] of Object.entries(op.delta)) doc[k as keyof ContentStats] += v ?? 0;
      doc.updatedAt = latest(doc.updatedAt, op.at);
    } else {
      const id = derivedIds.taskStats(op.taskId, op.employeeId);
      let doc = this.taskStats.get(id);
      if (!doc) {
        doc = {
          _id: id,
          taskId: op.taskId,
          employeeId: op.employeeId,
          total: zeroCounters(),
          inWindow: zeroCounters(),
          updatedAt: op.at,
        };
        this.taskStats.set(id, doc);
      }
      for (const [k, v] of Object.entries(op.delta)) {
        doc.total[k as keyof Counters] += v ?? 0;
        if (op.inWindow) doc.inWindow[k as keyof Counters] += v ?? 0;
      }
      doc.updatedAt = latest(doc.updatedAt, op.at);
      if (op.inWindow) {
        const kinds = (Object.keys(op.delta) as CounterKind[]).filter(
          (k) => (op.delta[k] ?? 0) > 0,
        );
        this.points.afterInWindowMove(op.taskId, op.employeeId, kinds, doc.inWindow, op.at);
      }
    }
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

/** The task and share an event refers to, as `applyEvent` needs them. */
function contextOf(replay: Replay, event: EventDoc): EventContext {
  const shareId =
    event.type === 'forward'
      ? typeof event.data.parentShareId === 'string'
        ? event.data.parentShareId
        : event.shareId
      : event.shareId;
  return {
    task: event.taskId ? (replay.tasks.get(event.taskId) ?? null) : null,
    share: shareId ? (replay.get('shares', shareId) ?? null) : null,
    customerBase: event.customerId ? replay.baseCustomers.get(event.customerId) : undefined,
  };
}

/**
 * Replays the event log through the attribution rules and answers every derived collection
 * (docs/attribution.md, "Rebuilding derived data").
 */
export function rebuildDerived(input: RebuildInput): DerivedCollections {
  const replay = new Replay(input);

  // T4 shares: each employee share counts once, at its creation (employee.shares.create), in
  // the order they were minted (a goal is credited at the share that reached it, T6).
  const minted = [...input.shares].sort(
    (a, b) =>
      new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() ||
      (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
  );
  for (const share of minted) {
    if (share.sharerType !== 'employee' || share.parentShareId) continue;
    const task = replay.tasks.get(share.taskId);
    if (!task) continue;
    for (const op of shareCreatedOps(share, task)) replay.settle(op);
  }

  for (const event of inTimeOrder(input.events)) {
    const applied = applyEvent(
      replay,
      { ...event, at: new Date(event.at) },
      contextOf(replay, event),
    );
    for (const op of applied.ops) replay.settle(op);
  }

  // A customer of the base data that the log never mentions keeps its document as it is.
  for (const [id, base] of replay.baseCustomers) {
    if (!replay.docs.customers.has(id)) replay.put('customers', base as RebuiltCustomer);
  }

  const stockOf = (taskId: string, benefitId: string) =>
    replay.tasks.get(taskId)?.benefits?.find((b) => b.id === benefitId)?.stock ?? 0;
  replay.points.redeem(input.redemptions ?? [], stockOf);

  return {
    ...replay.points.collections(),
    relations: sortedById(replay.docs.relations.values()),
    broughtBy: sortedById(replay.docs.broughtBy.values()),
    taskStats: sortedById(replay.taskStats.values()),
    taskCustomers: sortedById(replay.docs.taskCustomers.values()),
    pvSessions: sortedById(replay.docs.pvSessions.values()),
    customerDays: sortedById(replay.docs.customerDays.values()),
    contentStats: sortedById(replay.contentStats.values()),
    customers: sortedById(replay.docs.customers.values()),
    shares: sortedById(replay.docs.shares.values()),
  };
}
