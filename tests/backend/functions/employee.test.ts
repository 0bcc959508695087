/**
 * The `employee` function through the real function host and SDK: identity (S1), input
 * validation (S4), the task center's statuses (T1) and its pagination.
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const DAY = 24 * 3600 * 1000;
const now = Date.now();

function task(id: string, overrides: Record<string, unknown> = {}) {
  return {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: '分享标题',
    shareCover: 'https://example.invalid/cover.png',
    contentId: 'c1',
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    redeemDeadline: new Date(now + 10 * DAY),
    assignment: { departmentIds: ['2'], userIds: [] },
    goals: [
      { id: 'g1', kind: 'shares', target: 5, points: 10 },
      { id: 'g2', kind: 'newCustomers', target: 3, points: 30 },
    ],
    benefits: [],
    state: 'published',
    createdAt: new Date(now - 2 * DAY),
    ...overrides,
  };
}

function assignee(taskDoc: ReturnType<typeof task>, userId: string, claimed: boolean) {
  return {
    _id: `${taskDoc._id}:${userId}`,
    taskId: taskDoc._id,
    userId,
    departmentIds: ['2'],
    taskState: taskDoc.state,
    startAt: taskDoc.startAt,
    endAt: taskDoc.endAt,
    assignedAt: new Date(now - 2 * DAY),
    claimedAt: claimed ? new Date(now - DAY) : null,
  };
}

const employee = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  corpId: 'ww-test',
  name: id === 'lilei' ? '李雷' : '韩梅梅',
  avatar: '',
  position: '销售',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
  ...extra,
});

const TASKS = [
  task('active-1', {
    endAt: new Date(now + 1 * DAY),
    benefits: [{ id: 'b1', name: '咖啡券', cost: 100, stock: 5, perEmployeeLimit: 1 }],
  }),
  task('active-2', { endAt: new Date(now + 3 * DAY) }),
  task('upcoming-1', { startAt: new Date(now + 2 * DAY), endAt: new Date(now + 9 * DAY) }),
  task('ended-1', { startAt: new Date(now - 9 * DAY), endAt: new Date(now - 2 * DAY) }),
  task('cancelled-1', { state: 'cancelled' }),
  task('draft-1', { state: 'draft' }),
];

beforeAll(async () => {
  t = await startTestCloud();
  const db = t.db;
  await db.collection('employees').add({
    data: [
      employee('lilei', { roles: ['admin'], leadsDepartmentIds: ['2'] }),
      employee('hanmeimei'),
      employee('gone', { status: 'departed' }),
    ],
  });
  await db.collection('bindings').add({
    data: ['lilei', 'hanmeimei', 'gone'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-test',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
  await db.collection('tasks').add({ data: TASKS });
  await db.collection('taskAssignees').add({
    data: [
      ...TASKS.map((x) => assignee(x, 'lilei', x._id === 'active-1')),
      assignee(TASKS[1], 'hanmeimei', false),
    ],
  });
});
afterAll(() => t.stop());

const list = (openid: string | undefined, payload: Record<string, unknown>) =>
  callAs(t, 'employee', openid, { action: 'tasks.list', ...payload });

describe('T1: the task center shows each task under the status its time gives it', () => {
  it.each([
    ['active', ['active-1', 'active-2']],
    ['upcoming', ['upcoming-1']],
    ['ended', ['ended-1']],
    ['cancelled', ['cancelled-1']],
  ])('%s', async (status, ids) => {
    const res = await list('openid-lilei', { status });
    expect(res.ok).toBe(true);
    expect(res.data.items.map((i: { id: string }) => i.id)).toEqual(ids);
    expect(res.data.items.every((i: { status: string }) => i.status === status)).toBe(true);
  });

  it('never shows drafts, and shows the caller only their own assignments', async () => {
    const all = await Promise.all(
      ['active', 'upcoming', 'ended', 'cancelled'].map((status) =>
        list('openid-lilei', { status }),
      ),
    );
    expect(all.flatMap((r) => r.data.items.map((i: { id: string }) => i.id))).not.toContain(
      'draft-1',
    );
    const han = await list('openid-hanmeimei', { status: 'active' });
    expect(han.data.items.map((i: { id: string }) => i.id)).toEqual(['active-2']);
  });

  it('a card says whether it is claimed, what it can earn and whether it has benefits', async () => {
    const { data } = await list('openid-lilei', { status: 'active' });
    expect(data.items[0]).toMatchObject({
      id: 'active-1',
      claimed: true,
      goalCount: 2,
      totalPoints: 40,
      hasBenefits: true,
      title: '任务 active-1',
    });
    expect(data.items[1]).toMatchObject({ id: 'active-2', claimed: false, hasBenefits: false });
    expect(new Date(data.items[0].endAt).getTime()).toBe(TASKS[0].endAt.getTime());
  });
});

describe('pagination', () => {
  beforeAll(async () => {
    const many = Array.from({ length: 45 }, (_, i) =>
      task(`bulk-${String(i).padStart(2, '0')}`, { endAt: new Date(now + (10 + (i % 7)) * DAY) }),
    );
    await t.db.collection('tasks').add({ data: many });
    await t.db
      .collection('taskAssignees')
      .add({ data: many.map((x) => assignee(x, 'hanmeimei', false)) });
  });

  it('walks every active task once, in end-time order, with a last page that says so', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data } = await list('openid-hanmeimei', {
        status: 'active',
        pageSize: 20,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...data.items.map((i: { id: string }) => i.id));
      cursor = data.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(46);
    expect(new Set(seen).size).toBe(46);
  });

  it('a forged cursor is refused with a clear message', async () => {
    const res = await list('openid-hanmeimei', { status: 'active', cursor: 'not-a-cursor' });
    expect(res).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '分页参数无效，请刷新后重试' },
    });
  });
});

describe('S1: identity comes from the call context only', () => {
  it('an anonymous call is refused', async () => {
    expect(await list(undefined, { status: 'active' })).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: '请先登录' },
    });
  });

  it('a customer (an OPENID bound to no employee) is refused', async () => {
    expect((await list('openid-customer', { status: 'active' })).error.code).toBe('NOT_EMPLOYEE');
  });

  it('a departed employee is refused', async () => {
    expect((await list('openid-gone', { status: 'active' })).error).toEqual({
      code: 'EMPLOYEE_INACTIVE',
      message: '该员工账号已停用',
    });
  });

  it('identity fields in the payload are ignored', async () => {
    const res = await list('openid-hanmeimei', {
      status: 'upcoming',
      userId: 'lilei',
      openid: 'openid-lilei',
    });
    expect(res.ok).toBe(true);
    expect(res.data.items).toEqual([]);
  });

  it('me.get tells who the caller is and their roles', async () => {
    expect(await callAs(t, 'employee', 'openid-lilei', { action: 'me.get' })).toEqual({
      ok: true,
      data: { userId: 'lilei', name: '李雷', avatar: '', isAdmin: true, isLeader: true },
    });
    expect(
      (await callAs(t, 'employee', 'openid-hanmeimei', { action: 'me.get' })).data,
    ).toMatchObject({ isAdmin: false, isLeader: false });
  });
});

describe('S4: bad input gets a clear error', () => {
  it.each([
    [{ action: 'tasks.list', status: 'finished' }, 'INVALID_INPUT', '请求参数有误（status）'],
    [
      { action: 'tasks.list', status: 'active', pageSize: 0 },
      'INVALID_INPUT',
      '请求参数有误（pageSize）',
    ],
    [{ action: 'tasks.list' }, 'INVALID_INPUT', '请求参数有误（status）'],
    [{ action: 'tasks.delete' }, 'UNKNOWN_ACTION', '不支持的操作：tasks.delete'],
    [{}, 'UNKNOWN_ACTION', '不支持的操作：undefined'],
  ])('%j -> %s', async (event, code, message) => {
    expect(await callAs(t, 'employee', 'openid-lilei', event)).toEqual({
      ok: false,
      error: { code, message },
    });
  });
});

describe('S1 before S4: the role is checked before the input', () => {
  it('a customer sending a malformed payload is refused as a customer, not told about the schema', async () => {
    expect(
      await callAs(t, 'employee', 'openid-customer', { action: 'tasks.list', status: 42 }),
    ).toEqual({
      ok: false,
      error: { code: 'NOT_EMPLOYEE', message: '仅限企业员工使用' },
    });
  });
});
