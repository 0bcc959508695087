/**
 * Rebuilding derived data (docs/attribution.md, "Rebuilding derived data"; ARCHITECTURE §4):
 * the collections the attribution engine keeps as events arrive are exactly what
 * `rebuildDerived` replays from the base data and the event log.
 *
 * 1. A scenario driven through the real `employee` and `customer` functions; then every derived
 *    collection read back from the database equals the rebuild of the base data and the event
 *    log read back from the same database.
 * 2. The demo enterprise, loaded as `npm start` loads it, has its derived collections, and 张伟
 *    sees progress on his in-progress task.
 *
 * `rebuild.ts` and `rules.ts` import no SDK, so importing them here is safe.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  DERIVED_COLLECTIONS,
  rebuildDerived,
} from '../../cloudfunctions/_shared/attribution/rebuild';
import { shareRefusal } from '../../cloudfunctions/_shared/attribution/rules';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { loadDemoIntoEmptyStore } from '../../local/seed/load';
import { callAs, startTestCloud, type TestCloud } from './support/cloud';
import { expectDerivedEqualsRebuild, readAll as readAllDocs } from './support/derived';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const now = Date.now();
/** The short task ends this long after the file starts: some events fall after its window. */
const SHORT_TASK_MS = 20 * SECOND;

function task(id: string, contentId: string, overrides: Record<string, unknown> = {}) {
  return {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: '分享标题',
    shareCover: '',
    contentId,
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    redeemDeadline: new Date(now + 10 * DAY),
    assignment: { departmentIds: [], userIds: ['lilei', 'hanmeimei'] },
    goals: [{ id: 'g1', kind: 'newCustomers', target: 3, points: 10 }],
    benefits: [],
    state: 'published',
    createdAt: new Date(now - 3 * DAY),
    publishedAt: new Date(now - 2 * DAY),
    cancelledAt: null,
    ...overrides,
  };
}

type TaskFixture = ReturnType<typeof task>;

const assignee = (t: TaskFixture, userId: string) => ({
  _id: `${t._id}:${userId}`,
  taskId: t._id,
  userId,
  departmentIds: [],
  taskState: 'published',
  startAt: t.startAt,
  endAt: t.endAt,
  assignedAt: new Date(now - 2 * DAY),
  claimedAt: null,
});

const employee = (id: string, name: string) => ({
  _id: id,
  corpId: 'ww-test',
  name,
  avatar: '',
  position: '销售',
  mobile: '13800138000',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
});

const content = (id: string) => ({
  _id: id,
  kind: 'article',
  title: `文章 ${id}`,
  cover: '',
  summary: '',
  blocks: [{ type: 'text', text: '正文' }],
  topicTags: [],
  formId: 'f1',
  createdAt: new Date(now - 5 * DAY),
  updatedAt: new Date(now - 5 * DAY),
});

const TASKS = {
  t1: task('t1', 'c1'),
  t2: task('t2', 'c2'),
  short: task('t-short', 'c1', { endAt: new Date(now + SHORT_TASK_MS) }),
};

describe('rebuildDerived equals what the engine wrote', () => {
  let t: TestCloud;

  beforeAll(async () => {
    t = await startTestCloud();
    const db = t.db;
    await db.collection('employees').add({
      data: [employee('lilei', '李雷'), employee('hanmeimei', '韩梅梅')],
    });
    await db.collection('bindings').add({
      data: ['lilei', 'hanmeimei'].map((u) => ({
        _id: `openid-${u}`,
        userId: u,
        corpId: 'ww-test',
        source: 'wecom',
        boundAt: new Date(now - DAY),
      })),
    });
    await db.collection('forms').add({
      data: {
        _id: 'f1',
        title: '预约咨询',
        fields: [
          { key: 'name', label: '姓名', type: 'text', required: true },
          { key: 'phone', label: '手机号', type: 'phone', required: false },
        ],
        consentText: '同意联系',
        createdAt: new Date(now - 5 * DAY),
      },
    });
    await db.collection('contents').add({ data: [content('c1'), content('c2')] });
    await db.collection('tasks').add({ data: Object.values(TASKS) });
    await db.collection('taskAssignees').add({
      data: [
        assignee(TASKS.t1, 'lilei'),
        assignee(TASKS.t1, 'hanmeimei'),
        assignee(TASKS.t2, 'lilei'),
        assignee(TASKS.short, 'lilei'),
      ],
    });
  });
  afterAll(() => t.stop());

  const employeeCall = async (who: string, action: string, payload: Record<string, unknown>) => {
    const res = await callAs(t, 'employee', `openid-${who}`, { action, ...payload });
    expect(res.ok).toBe(true);
    return res.data;
  };
  const customer = async (
    openid: string | undefined,
    action: string,
    payload: Record<string, unknown>,
  ) => {
    const res = await callAs(t, 'customer', openid, {
      action,
      clientEventId: randomUUID(),
      ...payload,
    });
    expect(res).toMatchObject({ ok: true });
    return res.data;
  };
  const open = (openid: string | undefined, payload: Record<string, unknown>) =>
    customer(openid, 'content.open', payload);
  const forward = async (openid: string, parentShareId: string): Promise<string> =>
    (await customer(openid, 'shares.forward', { parentShareId })).shareId;
  const submit = (openid: string, shareId: string | undefined, phone: string) =>
    customer(openid, 'forms.submit', {
      formId: 'f1',
      contentId: 'c1',
      shareId,
      fields: { name: '王先生', ...(phone ? { phone } : {}) },
      consent: true,
    });

  const readAll = (collection: string) => readAllDocs(t, collection);

  it('after a scenario through the real functions, every derived collection equals its rebuild', async () => {
    // Employees claim and share (T3, A1): the `shares` goal counts each.
    for (const [who, taskId] of [
      ['lilei', 't1'],
      ['hanmeimei', 't1'],
      ['lilei', 't2'],
      ['lilei', 't-short'],
    ])
      await employeeCall(who, 'tasks.claim', { taskId });
    const mint = async (who: string, taskId: string, channel: string) =>
      (await employeeCall(who, 'shares.create', { taskId, channel, requestId: randomUUID() }))
        .shareId as string;
    const L1 = await mint('lilei', 't1', 'wechat_chat');
    const L2 = await mint('lilei', 't1', 'wecom_chat');
    const H1 = await mint('hanmeimei', 't1', 'wecom_moments');
    const L3 = await mint('lilei', 't2', 'wechat_chat');
    const S1 = await mint('lilei', 't-short', 'wechat_chat');
    // T6: the short task's window ends mid-scenario (events after it are further down).
    await open('rb-s', { shareId: S1 });

    // A4-A6, A11: a new customer, a reload (same page view), another share of the same employee.
    await open('rb-a', { shareId: L1 });
    await open('rb-a', { shareId: L1 });
    await open('rb-a', { shareId: L2 });
    await customer('rb-a', 'events.record', {
      type: 'dwell',
      contentId: 'c1',
      shareId: L1,
      dwellMs: 42_000,
    });
    await customer('rb-a', 'events.record', { type: 'card_call', contentId: 'c1', shareId: L1 });
    // A7, C3: a chain of forwards; each friend brought grows the network of the forwarders.
    const F1 = await forward('rb-a', L1);
    await open('rb-b', { shareId: F1 });
    const F2 = await forward('rb-b', F1);
    await open('rb-c', { shareId: F2 });
    // A6: a direct first open, then brought by the first attributed touch.
    await open('rb-d', { contentId: 'c1' });
    await open('rb-d', { shareId: H1 });
    // A5: an existing customer of 李雷 opens 韩梅梅's share: related, not brought.
    await open('rb-a', { shareId: H1 });
    // C6, T4 leads: once per (task, employee); a form without a phone is no lead.
    await submit('rb-a', L1, '13912345678');
    await submit('rb-a', L1, '13912345679');
    await submit('rb-d', H1, '');
    await submit('rb-d', H1, '13700001111');
    // A8: a forward from outside the archive attributes nothing down its branch.
    const F3 = await forward('rb-outsider', L1);
    await open('rb-f', { shareId: F3 });
    await submit('rb-f', F3, '13600002222');
    // A3: anonymous page views; an unknown share id is a direct open.
    await open(undefined, { shareId: H1 });
    await open(undefined, { shareId: L1 });
    await open('rb-g', { shareId: 'ZZZZZZZZZZZZ', contentId: 'c2' });
    // A10: an employee opening their own share, and forwarding it (passes the chain on).
    await open('openid-lilei', { shareId: L1 });
    const F4 = await forward('openid-lilei', L1);
    await open('rb-h', { shareId: F4 });
    // A9: one open delivered ten times in parallel; parallel opens of distinct new customers.
    const retried = randomUUID();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        callAs(t, 'customer', 'rb-retry', {
          action: 'content.open',
          clientEventId: retried,
          shareId: L3,
        }),
      ),
    );
    await Promise.all(Array.from({ length: 6 }, (_, i) => open(`rb-burst-${i}`, { shareId: L1 })));
    // T6: after the short task's end, events count in `total` only.
    const wait = now + SHORT_TASK_MS + 200 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await open('rb-late', { shareId: S1 });
    await forward('rb-s', S1);
    await submit('rb-s', S1, '13500003333');

    const rebuilt = await expectDerivedEqualsRebuild(t);
    // The scenario did reach every derived collection and every goal kind.
    // Stocks move only with redemptions, after a task's end: tests/backend/functions/points-*.
    for (const collection of DERIVED_COLLECTIONS.filter((c) => c !== 'benefitStocks'))
      expect({ collection, empty: rebuilt[collection].length === 0 }).toEqual({
        collection,
        empty: false,
      });
    const t1 = rebuilt.taskStats.find((s) => s._id === 't1:lilei') as {
      total: Record<string, number>;
    };
    expect(Object.values(t1.total).every((n) => n > 0)).toBe(true);
    const short = rebuilt.taskStats.find((s) => s._id === 't-short:lilei') as {
      total: Record<string, number>;
      inWindow: Record<string, number>;
    };
    expect(short.total.newCustomers).toBe(2);
    expect(short.inWindow.newCustomers).toBe(1);
  }, 60_000);

  it('rebuilding twice, or from the events in another order, gives the same documents', async () => {
    const base = {
      tasks: (await readAll('tasks')) as never,
      shares: (await readAll('shares')) as never,
      customers: (await readAll('customers')) as never,
      events: (await readAll('events')) as never[],
    };
    const first = rebuildDerived(base);
    expect(rebuildDerived({ ...base, events: [...base.events].reverse() })).toEqual(first);
  });
});

describe('the demo enterprise, loaded, has its derived collections', () => {
  let local: LocalCloud;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rebuild-demo-'));
    local = await startLocalCloud({ dataDir });
    await loadDemoIntoEmptyStore(local, dataDir, new Date());
  });
  afterAll(async () => {
    await local.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const all = (collection: string) => [...local.store.all(collection)] as any[];

  it('has relations, taskStats and taskCustomers, and every employee share passes A2', () => {
    for (const collection of ['relations', 'taskStats', 'taskCustomers', 'broughtBy'])
      expect({ collection, count: local.store.count(collection) > 0 }).toEqual({
        collection,
        count: true,
      });
    const tasks = new Map(all('tasks').map((task) => [task._id, task]));
    const claims = new Map(all('taskAssignees').map((row) => [row._id, row.claimedAt]));
    const refused = all('shares')
      .filter((s) => s.sharerType === 'employee' && !s.parentShareId)
      .map((s) => ({
        id: s._id,
        refusal: shareRefusal(
          s,
          tasks.get(s.taskId) ?? null,
          claims.get(`${s.taskId}:${s.rootEmployeeId}`) ?? null,
          undefined,
        ),
      }))
      .filter((r) => r.refusal !== null);
    expect(refused).toEqual([]);
    expect(all('customers').every((c) => c.stats && typeof c.stats.visits === 'number')).toBe(true);
  });

  it('张伟 sees progress on his in-progress task, and customers in 客户列表 and 客户档案', async () => {
    const as = async (action: string, payload: Record<string, unknown>) => {
      const outcome = await local.functions.invoke(
        'employee',
        { action, ...payload },
        { OPENID: 'demo-openid-zhangwei', SOURCE: 'wx_client' },
      );
      if ('errCode' in outcome) throw new Error(outcome.errMsg);
      const res = outcome.result as { ok: boolean; data: any };
      expect(res.ok).toBe(true);
      return res.data;
    };
    const detail = await as('tasks.get', { taskId: 'demo-task-slab-table' });
    const values = detail.goals.map((g: { value: number }) => g.value);
    expect(values.some((v: number) => v > 0)).toBe(true);
    const list = await as('tasks.customers', { taskId: 'demo-task-slab-table' });
    expect(list.items.length).toBeGreaterThan(0);
    const archive = await as('customers.archive', {});
    expect(archive.items.length).toBeGreaterThan(0);
  });
});
