/**
 * What one event does (cloudfunctions/_shared/attribution/apply.ts), over an in-memory store:
 * the moves of shared counters it answers, and that events committing out of their time order
 * (parallel requests) leave the same documents as the same events in order (the rebuild's
 * order), so live counters and a rebuild agree.
 */
import {
  applyEvent,
  docsTouched,
  mergeOps,
  type CustomerCollection,
  type CustomerDocs,
  type DocStore,
  type EventContext,
} from '../../../cloudfunctions/_shared/attribution/apply';
import type { EventDoc } from '../../../cloudfunctions/_shared/db/events';
import type { ShareDoc } from '../../../cloudfunctions/_shared/db/shares';

const MIN = 60 * 1000;
const t0 = new Date('2026-03-01T02:00:00Z').getTime();
const task = {
  _id: 't1',
  startAt: new Date(t0 - 60 * MIN),
  endAt: new Date(t0 + 600 * MIN),
  title: '转发挑战',
};
const share: ShareDoc = {
  _id: 'ShareLiLei01',
  taskId: 't1',
  contentId: 'c1',
  rootEmployeeId: 'lilei',
  sharerType: 'employee',
  sharerId: 'lilei',
  parentShareId: null,
  depth: 0,
  channel: 'wechat_chat',
  createdAt: new Date(t0 - 30 * MIN),
};
const ctx: EventContext = { task, share };

class MemoryStore implements DocStore {
  readonly docs = new Map<string, unknown>();
  get<C extends CustomerCollection>(collection: C, id: string): CustomerDocs[C] | undefined {
    return this.docs.get(`${collection}/${id}`) as CustomerDocs[C] | undefined;
  }
  put<C extends CustomerCollection>(collection: C, doc: CustomerDocs[C]): void {
    this.docs.set(`${collection}/${doc._id}`, doc);
  }
}

function visit(customerId: string, minutes: number, id = `v${minutes}`): EventDoc {
  return {
    _id: `visit:${customerId}:${id}`,
    type: 'visit',
    customerId,
    contentId: 'c1',
    taskId: 't1',
    shareId: share._id,
    rootEmployeeId: 'lilei',
    channel: 'wechat_chat',
    parentCustomerId: null,
    at: new Date(t0 + minutes * MIN),
    data: {},
  };
}

it('A6/T4/C3: a first visit through a share answers its shared moves: task goals, content views and the 新客户 notice', () => {
  const applied = applyEvent(new MemoryStore(), visit('cust-1', 0), ctx);
  expect(applied).toMatchObject({ newPageView: true, customerCreated: true, brought: true });
  expect(applied.ops).toEqual([
    { kind: 'contentStats', contentId: 'c1', delta: { views: 1 }, at: new Date(t0) },
    expect.objectContaining({
      kind: 'notify',
      notice: 'newCustomer',
      employeeId: 'lilei',
      customerId: 'cust-1',
      taskTitle: '转发挑战',
    }),
    // P6: one more customer brought on the enterprise leaderboard.
    { kind: 'brought', employeeId: 'lilei', at: new Date(t0) },
    {
      kind: 'taskStats',
      taskId: 't1',
      employeeId: 'lilei',
      delta: { views: 1, visitors: 1, newCustomers: 1 },
      inWindow: true,
      at: new Date(t0),
    },
  ]);
});

it('A11: a reload inside the session moves no shared counter (nothing to settle)', () => {
  const store = new MemoryStore();
  applyEvent(store, visit('cust-2', 0), ctx);
  expect(applyEvent(store, visit('cust-2', 5), ctx).ops).toEqual([]);
});

it('A9: the documents an event touches are exactly the ones docsTouched lists', () => {
  const store = new MemoryStore();
  const listed = new Set(
    docsTouched(visit('cust-3', 0), share).map((k) => `${k.collection}/${k.id}`),
  );
  applyEvent(store, visit('cust-3', 0), ctx);
  expect([...store.docs.keys()].every((key) => listed.has(key))).toBe(true);
});

it('A9/A11/C1: two parallel opens committed in reverse order leave what their time order leaves', () => {
  // One customer's two opens half a second apart race: the later one commits first.
  const first = visit('cust-4', 0);
  const second = { ...visit('cust-4', 0, 'late'), at: new Date(t0 + 500) };
  const inOrder = new MemoryStore();
  const raced = new MemoryStore();
  const pageViews = (store: MemoryStore, events: EventDoc[]) =>
    events.filter((e) => applyEvent(store, e, ctx).newPageView).length;
  expect(pageViews(inOrder, [first, second])).toBe(1);
  expect(pageViews(raced, [second, first])).toBe(1);
  const state = (store: MemoryStore) => {
    const customer = store.get('customers', 'cust-4')!;
    const relation = store.get('relations', 'lilei:cust-4')!;
    return {
      // "Last" times never go back; the session starts at the earlier open. (Which of the two
      // counted as the page view, and so `lastInteractionAt`, is the race's: docs, "Limits".)
      lastActiveAt: customer.lastActiveAt,
      visits: customer.stats.visits,
      relation: { lastAt: relation.lastAt, visits: relation.visits },
      session: store.get('pvSessions', `${share._id}:cust-4`),
    };
  };
  expect(state(raced)).toEqual(state(inOrder));
  // A page view 31 minutes after the first open is new in both.
  const later = visit('cust-4', 31);
  expect(applyEvent(raced, later, ctx).newPageView).toBe(true);
  expect(applyEvent(inOrder, later, ctx).newPageView).toBe(true);
});

it('merges moves of one document into one op and drops moves of nothing', () => {
  const at = new Date(t0);
  expect(
    mergeOps([
      {
        kind: 'taskStats',
        taskId: 't1',
        employeeId: 'lilei',
        delta: { leads: 1 },
        inWindow: true,
        at,
      },
      {
        kind: 'taskStats',
        taskId: 't1',
        employeeId: 'lilei',
        delta: { forwards: 1, views: 0 },
        inWindow: true,
        at,
      },
      { kind: 'contentStats', contentId: 'c1', delta: { views: 0 }, at },
      { kind: 'network', customerIds: [] },
    ]),
  ).toEqual([
    {
      kind: 'taskStats',
      taskId: 't1',
      employeeId: 'lilei',
      delta: { leads: 1, forwards: 1 },
      inWindow: true,
      at,
    },
  ]);
});
