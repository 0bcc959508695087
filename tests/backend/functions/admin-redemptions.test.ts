/**
 * 兑换管理 on the `admin` function (AD3, P5): the list with its filters and pages, and 发放
 * (已兑换 -> 已发放) recorded once with who and when; S1 and S4. Redemptions are fixtures here:
 * creating them (P2) is a later issue.
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const ADMIN = 'openid-boss';
const EMPLOYEE = 'openid-plain';
const CUSTOMER = 'openid-customer';
const BASE = Date.parse('2026-01-10T02:00:00.000Z');

const person = (id: string, name: string, roles: string[] = []) => ({
  _id: id,
  corpId: 'ww-demo-corp',
  name,
  avatar: '',
  position: '销售',
  mobile: '',
  departmentIds: ['1'],
  leadsDepartmentIds: [],
  roles,
  status: 'active',
  createdAt: new Date(),
  updatedAt: new Date(),
});

function redemption(n: number, overrides: Record<string, unknown> = {}) {
  return {
    _id: `req-${String(n).padStart(3, '0')}`,
    taskId: n % 2 === 0 ? 'task-a' : 'task-b',
    userId: n % 3 === 0 ? 'lixue' : 'maqian',
    benefitId: 'b1',
    benefitName: '星巴克咖啡券',
    cost: 100,
    status: 'redeemed',
    verificationCode: `V${String(n).padStart(5, '0')}`,
    // Two share each minute, so pages must break ties by id.
    createdAt: new Date(BASE + Math.floor(n / 2) * 60_000),
    fulfilledAt: null,
    fulfilledBy: null,
    ...overrides,
  };
}

const FIXTURES = Array.from({ length: 25 }, (_, i) => redemption(i + 1));

const admin = (event: Record<string, unknown>) => callAs(t, 'admin', ADMIN, event);
const doc = async (id: string) =>
  (await t.db.collection('redemptions').where({ _id: id }).get()).data[0];

beforeAll(async () => {
  t = await startTestCloud();
  await t.db.collection('employees').add({
    data: [
      person('boss', '张伟', ['admin']),
      person('plain', '王芳'),
      person('lixue', '李雪'),
      person('maqian', '马倩'),
    ],
  });
  await t.db.collection('bindings').add({
    data: ['boss', 'plain'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-demo-corp',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
  const task = (id: string, title: string) => ({
    _id: id,
    title,
    shareTitle: '',
    shareCover: '',
    contentId: 'c1',
    startAt: new Date(BASE - 20 * 86_400_000),
    endAt: new Date(BASE - 86_400_000),
    redeemDeadline: new Date(BASE + 86_400_000),
    assignment: { departmentIds: ['1'], userIds: [] },
    goals: [{ id: 'g1', kind: 'shares', target: 1, points: 100 }],
    benefits: [{ id: 'b1', name: '星巴克咖啡券', cost: 100, stock: 50, perEmployeeLimit: 2 }],
    state: 'published',
    createdAt: new Date(BASE - 30 * 86_400_000),
  });
  await t.db.collection('tasks').add({
    data: [task('task-a', '全屋定制焕新节'), task('task-b', '老房翻新指南')],
  });
  await t.db.collection('redemptions').add({ data: FIXTURES });
});
afterAll(() => t.stop());

async function walk(filter: Record<string, unknown>) {
  const items: { id: string }[] = [];
  let cursor: string | undefined;
  do {
    const res = await admin({
      action: 'redemptions.list',
      pageSize: 4,
      ...filter,
      ...(cursor ? { cursor } : {}),
    });
    expect(res.ok).toBe(true);
    items.push(...res.data.items);
    cursor = res.data.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('AD3: the redemption list', () => {
  it('shows each redemption with employee, task, benefit and verification code, newest first', async () => {
    const res = await admin({ action: 'redemptions.list' });
    expect(res.ok).toBe(true);
    // req-024 and req-025 share the newest minute: the id breaks the tie.
    expect(res.data.items.map((i: { id: string }) => i.id).slice(0, 3)).toEqual([
      'req-024',
      'req-025',
      'req-022',
    ]);
    expect(res.data.items[1]).toEqual({
      id: 'req-025',
      taskId: 'task-b',
      taskTitle: '老房翻新指南',
      userId: 'maqian',
      employeeName: '马倩',
      benefitId: 'b1',
      benefitName: '星巴克咖啡券',
      cost: 100,
      status: 'redeemed',
      verificationCode: 'V00025',
      createdAt: FIXTURES[24].createdAt.toISOString(),
      fulfilledAt: null,
      fulfilledBy: null,
      fulfilledByName: null,
    });
  });

  it('pages walk every redemption once, in order, even with equal times', async () => {
    const items = await walk({});
    expect(items.map((i) => i.id)).toEqual(
      [...FIXTURES]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? -1 : 1))
        .map((r) => r._id),
    );
  });

  it('filters by task and by status', async () => {
    const a = await walk({ taskId: 'task-a' });
    expect(a).toHaveLength(12);
    expect(a.every((i: any) => i.taskId === 'task-a')).toBe(true);
    expect(await walk({ taskId: 'no-such-task' })).toEqual([]);
  });
});

describe('AD3: 发放 (fulfil)', () => {
  it('已兑换 -> 已发放, recording who and when; a second 发放 keeps the first', async () => {
    const before = Date.now();
    const res = await admin({ action: 'redemptions.fulfil', id: 'req-003' });
    expect(res.data).toMatchObject({
      id: 'req-003',
      status: 'fulfilled',
      fulfilledBy: 'boss',
      fulfilledByName: '张伟',
      employeeName: '李雪',
    });
    const at = Date.parse(res.data.fulfilledAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(await doc('req-003')).toMatchObject({ status: 'fulfilled', fulfilledBy: 'boss' });

    const again = await admin({ action: 'redemptions.fulfil', id: 'req-003' });
    expect(again.data.fulfilledAt).toBe(res.data.fulfilledAt);

    const fulfilled = await walk({ status: 'fulfilled' });
    expect(fulfilled.map((i) => i.id)).toEqual(['req-003']);
    const redeemed = await walk({ status: 'redeemed' });
    expect(redeemed).toHaveLength(24);
    expect(redeemed.map((i) => i.id)).not.toContain('req-003');
    expect(await walk({ status: 'fulfilled', taskId: 'task-a' })).toEqual([]);
    expect((await walk({ status: 'fulfilled', taskId: 'task-b' })).map((i) => i.id)).toEqual([
      'req-003',
    ]);
  });

  it('two admins tapping 发放 at once record one fulfilment', async () => {
    const [a, b] = await Promise.all([
      admin({ action: 'redemptions.fulfil', id: 'req-010' }),
      admin({ action: 'redemptions.fulfil', id: 'req-010' }),
    ]);
    expect(a.data.fulfilledAt).toBe(b.data.fulfilledAt);
  });

  it('an unknown redemption answers NOT_FOUND and writes nothing', async () => {
    expect((await admin({ action: 'redemptions.fulfil', id: 'req-999' })).error).toEqual({
      code: 'NOT_FOUND',
      message: '兑换记录不存在',
    });
    expect(await doc('req-999')).toBeUndefined();
  });
});

describe('S4: bad input gets a clear message and changes nothing', () => {
  it.each([
    ['redemptions.list', { status: 'lost' }, '请求参数有误（status）'],
    ['redemptions.list', { pageSize: 0 }, '请求参数有误（pageSize）'],
    ['redemptions.list', { cursor: 'forged' }, '分页参数无效，请刷新后重试'],
    ['redemptions.fulfil', {}, '请求参数有误（id）'],
    ['redemptions.fulfil', { id: '' }, '请求参数有误（id）'],
  ])('%s %j', async (action, payload, message) => {
    const res = await admin({ action, ...payload });
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
  });
});

describe('S1: every redemption action refuses the wrong role', () => {
  const ACTIONS: [string, Record<string, unknown>][] = [
    ['redemptions.list', {}],
    ['redemptions.fulfil', { id: 'req-001' }],
  ];

  it.each(ACTIONS)('%s: a customer gets NOT_EMPLOYEE', async (action, payload) => {
    expect((await callAs(t, 'admin', CUSTOMER, { action, ...payload })).error.code).toBe(
      'NOT_EMPLOYEE',
    );
  });

  it.each(ACTIONS)('%s: an ordinary employee gets FORBIDDEN', async (action, payload) => {
    const res = await callAs(t, 'admin', EMPLOYEE, { action, ...payload });
    expect(res.error).toEqual({ code: 'FORBIDDEN', message: '没有权限执行此操作' });
    expect((await doc('req-001')).status).toBe('redeemed');
  });
});
