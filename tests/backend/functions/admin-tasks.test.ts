/**
 * Task management on the `admin` function through the real function host and SDK: AD2
 * (create, edit before start, publish, cancel), T2 (publishing reaches every assigned
 * employee as one WeCom message, through the timer's outbox trigger), S1 and S4.
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const DAY = 24 * 3600 * 1000;
const ADMIN = 'openid-boss';
const EMPLOYEE = 'openid-plain';
const CUSTOMER = 'openid-customer';

/** 1 root > 2 销售部 > 3 上海组; 1 > 4 市场部. */
const DEPARTMENTS = [
  { _id: '1', name: '总部', parentId: null, order: 1, path: ['1'], leaderUserIds: [] },
  { _id: '2', name: '销售部', parentId: '1', order: 1, path: ['1', '2'], leaderUserIds: [] },
  { _id: '3', name: '上海组', parentId: '2', order: 1, path: ['1', '2', '3'], leaderUserIds: [] },
  { _id: '4', name: '市场部', parentId: '1', order: 2, path: ['1', '4'], leaderUserIds: [] },
];

const PEOPLE: [string, string, string[], 'active' | 'departed', string[]][] = [
  ['boss', '张伟', ['1'], 'active', ['admin']],
  ['sales', '李雷', ['2'], 'active', []],
  ['shanghai', '韩梅梅', ['3'], 'active', []],
  ['gone', '周杰', ['3'], 'departed', []],
  ['named', '马倩', ['4'], 'active', []],
  ['plain', '王芳', ['4'], 'active', []],
];

const wecomOrg = {
  departments: DEPARTMENTS.map((d) => ({
    id: Number(d._id),
    name: d.name,
    parentid: d.parentId ? Number(d.parentId) : 0,
  })),
  users: PEOPLE.map(([userid, name, departments, status]) => ({
    userid,
    name,
    department: departments.map(Number),
    status: (status === 'active' ? 1 : 5) as 1 | 5,
  })),
};

const iso = (ms: number) => new Date(ms).toISOString();

function form(overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    title: '双十一爆款文章转发',
    contentId: 'c1',
    shareTitle: '双十一家装节，下定立减 3000',
    shareCover: 'https://example.invalid/cover.png',
    startAt: iso(now + 2 * DAY),
    endAt: iso(now + 9 * DAY),
    redeemDeadline: iso(now + 16 * DAY),
    assignment: { departmentIds: ['2'], userIds: ['named'] },
    goals: [
      { kind: 'shares', target: 5, points: 10 },
      { kind: 'newCustomers', target: 3, points: 30 },
    ],
    benefits: [{ name: '星巴克咖啡券', cost: 100, stock: 50, perEmployeeLimit: 2 }],
    ...overrides,
  };
}

const admin = (event: Record<string, unknown>) => callAs(t, 'admin', ADMIN, event);

async function count(collection: string, where: Record<string, unknown> = {}): Promise<number> {
  return (await t.db.collection(collection).where(where).count()).total;
}

async function create(overrides: Record<string, unknown> = {}) {
  const res = await admin({ action: 'tasks.save', ...form(overrides) });
  expect(res).toMatchObject({ ok: true });
  return res.data;
}

/** A task written straight to the database, for states the clock decides. */
async function fixtureTask(id: string, overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  const doc = {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: '',
    shareCover: '',
    contentId: 'c1',
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    redeemDeadline: new Date(now + 5 * DAY),
    assignment: { departmentIds: ['4'], userIds: [] },
    goals: [{ id: 'g1', kind: 'shares', target: 5, points: 10 }],
    benefits: [],
    state: 'published',
    createdAt: new Date(now - 3 * DAY),
    publishedAt: new Date(now - 2 * DAY),
    cancelledAt: null,
    ...overrides,
  };
  await t.db.collection('tasks').add({ data: doc });
  return doc;
}

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg });
  await t.db.collection('departments').add({ data: DEPARTMENTS });
  await t.db.collection('employees').add({
    data: PEOPLE.map(([id, name, departmentIds, status, roles]) => ({
      _id: id,
      corpId: 'ww-demo-corp',
      name,
      avatar: '',
      position: '销售',
      mobile: '',
      departmentIds,
      leadsDepartmentIds: [],
      roles,
      status,
      createdAt: new Date(),
      updatedAt: new Date(),
    })),
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
  await t.db.collection('contents').add({
    data: {
      _id: 'c1',
      kind: 'article',
      title: '双十一家装攻略',
      cover: '',
      summary: '',
      blocks: [],
      topicTags: [],
      formId: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
});
afterAll(() => t.stop());

describe('AD2: create, edit before start, publish, cancel', () => {
  it('tasks.save without an id creates a draft with goal and benefit ids', async () => {
    const task = await create();
    expect(task).toMatchObject({
      state: 'draft',
      status: 'draft',
      editable: true,
      assigneeCount: 0,
      title: '双十一爆款文章转发',
      assignment: { departmentIds: ['2'], userIds: ['named'] },
    });
    expect(task.goals.map((g: { id: string }) => g.id)).toEqual(['g1', 'g2']);
    expect(task.benefits[0]).toMatchObject({ id: 'b1', name: '星巴克咖啡券', cost: 100 });
    const got = await admin({ action: 'tasks.get', id: task.id });
    expect(got.data).toEqual(task);
    expect(await count('taskAssignees', { taskId: task.id })).toBe(0);
  });

  it('a draft can be edited: goals, window and assignment change, goal ids are kept', async () => {
    const task = await create();
    const res = await admin({
      action: 'tasks.save',
      id: task.id,
      ...form({
        title: '改过的标题',
        goals: [...task.goals, { kind: 'leads', target: 2, points: 50 }],
        assignment: { departmentIds: ['4'], userIds: [] },
      }),
    });
    expect(res.ok).toBe(true);
    expect(res.data.title).toBe('改过的标题');
    expect(res.data.goals.map((g: { id: string; kind: string }) => `${g.id}:${g.kind}`)).toEqual([
      'g1:shares',
      'g2:newCustomers',
      'g3:leads',
    ]);
    expect(res.data.assignment).toEqual({ departmentIds: ['4'], userIds: [] });
  });

  it('T2 (Done-when): a published task reaches every assigned employee as one WeCom message, only them, only once', async () => {
    const task = await create({ title: '发布测试任务' });
    const before = t.local.wecom.control.sent().length;
    const published = await admin({ action: 'tasks.publish', id: task.id });
    expect(published.data).toMatchObject({
      state: 'published',
      status: 'upcoming',
      assigneeCount: 3,
    });

    // 销售部 and 上海组 below it (path), plus 马倩 by name; not the departed 周杰, not 市场部's 王芳.
    const rows = (await t.db.collection('taskAssignees').where({ taskId: task.id }).get()).data;
    expect(rows.map((r: { _id: string }) => r._id).sort()).toEqual(
      [`${task.id}:named`, `${task.id}:sales`, `${task.id}:shanghai`].sort(),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ taskState: 'published', claimedAt: null });
      expect(new Date(row.startAt).toISOString()).toBe(published.data.startAt);
      expect(new Date(row.endAt).toISOString()).toBe(published.data.endAt);
    }

    const fired = await t.local.functions.fireTimer('timer', 'outbox');
    expect(fired).not.toHaveProperty('errCode');
    const messages = () =>
      t.local.wecom.control
        .sent()
        .slice(before)
        .filter((m) => JSON.stringify(m.body).includes('发布测试任务'));
    const recipients = () => messages().flatMap((m) => m.recipients);
    expect(recipients().sort()).toEqual(['named', 'sales', 'shanghai']);

    // Publishing again (a retry, a double tap) writes no row and sends nothing more.
    const again = await admin({ action: 'tasks.publish', id: task.id });
    expect(again.data.publishedAt).toBe(published.data.publishedAt);
    await t.local.functions.fireTimer('timer', 'outbox');
    expect(await count('taskAssignees', { taskId: task.id })).toBe(3);
    expect(recipients().sort()).toEqual(['named', 'sales', 'shanghai']);
  });

  it('an employee sees the published task in their task center, an unassigned one does not', async () => {
    const task = await create({
      title: '任务中心可见',
      assignment: { departmentIds: [], userIds: ['plain'] },
    });
    await admin({ action: 'tasks.publish', id: task.id });
    const mine = await callAs(t, 'employee', EMPLOYEE, {
      action: 'tasks.list',
      status: 'upcoming',
    });
    expect(mine.data.items.map((i: { id: string }) => i.id)).toContain(task.id);
    const other = await create({
      title: '别人的任务',
      assignment: { departmentIds: ['2'], userIds: [] },
    });
    await admin({ action: 'tasks.publish', id: other.id });
    const still = await callAs(t, 'employee', EMPLOYEE, {
      action: 'tasks.list',
      status: 'upcoming',
    });
    expect(still.data.items.map((i: { id: string }) => i.id)).not.toContain(other.id);
  });

  it('a published task can still be edited before its start: the copies move, added employees get rows', async () => {
    const task = await create({ assignment: { departmentIds: ['3'], userIds: [] } });
    await admin({ action: 'tasks.publish', id: task.id });
    const newStart = Date.now() + 3 * DAY;
    const res = await admin({
      action: 'tasks.save',
      id: task.id,
      ...form({
        startAt: iso(newStart),
        assignment: { departmentIds: ['3'], userIds: ['plain'] },
      }),
    });
    expect(res.ok).toBe(true);
    const rows = (await t.db.collection('taskAssignees').where({ taskId: task.id }).get()).data;
    expect(rows.map((r: { userId: string }) => r.userId).sort()).toEqual(['plain', 'shanghai']);
    for (const row of rows) expect(new Date(row.startAt).getTime()).toBe(newStart);
  });

  it('a published task cannot drop assigned employees, even before start', async () => {
    const task = await create({ assignment: { departmentIds: ['3'], userIds: ['plain'] } });
    await admin({ action: 'tasks.publish', id: task.id });
    const res = await admin({
      action: 'tasks.save',
      id: task.id,
      ...form({ assignment: { departmentIds: ['3'], userIds: [] } }),
    });
    expect(res.error).toEqual({
      code: 'TASK_NOT_EDITABLE',
      message: '已发布的任务只能增加分配的部门或员工，不能移除',
    });
  });

  it('a started task is read-only: its goals and window cannot change', async () => {
    const started = await fixtureTask('started-1');
    const res = await admin({ action: 'tasks.save', id: started._id, ...form() });
    expect(res.error).toEqual({
      code: 'TASK_NOT_EDITABLE',
      message: '任务已开始，不能再修改目标、时间和分配',
    });
    const got = await admin({ action: 'tasks.get', id: started._id });
    expect(got.data).toMatchObject({ editable: false, status: 'active', title: '任务 started-1' });
    expect(got.data.goals).toEqual(started.goals);
  });

  it('cancel: the task and every assignee copy say cancelled; a second cancel changes nothing', async () => {
    const task = await create({ assignment: { departmentIds: ['2'], userIds: [] } });
    await admin({ action: 'tasks.publish', id: task.id });
    const res = await admin({ action: 'tasks.cancel', id: task.id });
    expect(res.data).toMatchObject({ state: 'cancelled', status: 'cancelled', editable: false });
    expect(await count('taskAssignees', { taskId: task.id, taskState: 'cancelled' })).toBe(2);
    expect(await count('taskAssignees', { taskId: task.id, taskState: 'published' })).toBe(0);
    const again = await admin({ action: 'tasks.cancel', id: task.id });
    expect(again.data.cancelledAt).toBe(res.data.cancelledAt);

    const cancelled = await callAs(t, 'employee', EMPLOYEE, {
      action: 'tasks.list',
      status: 'cancelled',
    });
    expect(cancelled.ok).toBe(true);
    expect((await admin({ action: 'tasks.publish', id: task.id })).error).toEqual({
      code: 'TASK_NOT_PUBLISHABLE',
      message: '任务已取消，不能发布',
    });
    expect((await admin({ action: 'tasks.save', id: task.id, ...form() })).error.code).toBe(
      'TASK_NOT_EDITABLE',
    );
  });

  it('an ended task cannot be cancelled or published', async () => {
    const ended = await fixtureTask('ended-1', {
      startAt: new Date(Date.now() - 9 * DAY),
      endAt: new Date(Date.now() - DAY),
    });
    expect((await admin({ action: 'tasks.cancel', id: ended._id })).error).toEqual({
      code: 'TASK_NOT_CANCELLABLE',
      message: '任务已结束，不能取消',
    });
    const draftEnded = await fixtureTask('draft-ended', {
      state: 'draft',
      startAt: new Date(Date.now() - 9 * DAY),
      endAt: new Date(Date.now() - DAY),
    });
    expect((await admin({ action: 'tasks.publish', id: draftEnded._id })).error).toEqual({
      code: 'TASK_NOT_PUBLISHABLE',
      message: '任务结束时间已过，不能发布',
    });
    expect(await count('taskAssignees', { taskId: draftEnded._id })).toBe(0);
  });

  it('unknown tasks answer NOT_FOUND', async () => {
    for (const action of ['tasks.get', 'tasks.publish', 'tasks.cancel']) {
      expect((await admin({ action, id: 'no-such-task' })).error).toEqual({
        code: 'NOT_FOUND',
        message: '任务不存在或已删除',
      });
    }
  });
});

describe('tasks.list: every state, newest first, paginated', () => {
  it('walks all tasks once and filters by status', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await admin({ action: 'tasks.list', pageSize: 3, ...(cursor ? { cursor } : {}) });
      expect(res.ok).toBe(true);
      seen.push(...res.data.items.map((i: { id: string }) => i.id));
      cursor = res.data.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await count('tasks'));

    for (const status of ['draft', 'upcoming', 'active', 'ended', 'cancelled']) {
      const res = await admin({ action: 'tasks.list', status, pageSize: 50 });
      expect(res.data.items.length).toBeGreaterThan(0);
      expect(res.data.items.every((i: { status: string }) => i.status === status)).toBe(true);
    }
  });

  it('a forged cursor is refused', async () => {
    expect((await admin({ action: 'tasks.list', cursor: 'forged' })).error).toEqual({
      code: 'INVALID_INPUT',
      message: '分页参数无效，请刷新后重试',
    });
  });
});

describe('tasks.options: the pickers', () => {
  it('lists the departments and the active employees', async () => {
    const res = await admin({ action: 'tasks.options' });
    expect(res.data.departments.map((d: { id: string }) => d.id)).toEqual(['1', '2', '3', '4']);
    expect(res.data.employees.map((e: { id: string }) => e.id)).not.toContain('gone');
    expect(res.data.employees).toContainEqual({ id: 'named', name: '马倩', departmentIds: ['4'] });
  });
});

describe('S4: a bad task gets a clear Chinese message and changes nothing', () => {
  const now = Date.now();
  it.each([
    ['no title', { title: '  ' }, '请填写任务标题'],
    ['unknown content', { contentId: 'nope' }, '所选内容不存在或已删除，请重新选择'],
    ['end before start', { endAt: iso(now + DAY) }, '结束时间必须晚于开始时间'],
    ['deadline before end', { redeemDeadline: iso(now + 9 * DAY) }, '兑换截止时间必须晚于结束时间'],
    ['no goals', { goals: [] }, '请至少设置一个任务目标'],
    ['unknown goal kind', { goals: [{ kind: 'likes', target: 1, points: 1 }] }, '请选择目标类型'],
    [
      'duplicate goal kind',
      {
        goals: [
          { kind: 'views', target: 1, points: 1 },
          { kind: 'views', target: 2, points: 1 },
        ],
      },
      '目标类型「浏览次数」重复了',
    ],
    [
      'target 0',
      { goals: [{ kind: 'leads', target: 0, points: 1 }] },
      '「留资数」的目标值须为不小于 1 的整数',
    ],
    [
      'negative points',
      { goals: [{ kind: 'leads', target: 1, points: -1 }] },
      '「留资数」的积分须为不小于 0 的整数',
    ],
    [
      'benefit cost 0',
      { benefits: [{ name: '电影票', cost: 0, stock: 1, perEmployeeLimit: 1 }] },
      '「电影票」的所需积分须为不小于 1 的整数',
    ],
    [
      'negative stock',
      { benefits: [{ name: '电影票', cost: 1, stock: -1, perEmployeeLimit: 1 }] },
      '「电影票」的库存须为不小于 0 的整数',
    ],
    [
      'limit 0',
      { benefits: [{ name: '电影票', cost: 1, stock: 1, perEmployeeLimit: 0 }] },
      '「电影票」的每人限兑须为不小于 1 的整数',
    ],
    [
      'no assignment',
      { assignment: { departmentIds: [], userIds: [] } },
      '请至少选择一个部门或员工',
    ],
  ])('%s', async (_name, overrides, message) => {
    const before = await count('tasks');
    const res = await admin({ action: 'tasks.save', ...form(overrides) });
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
    expect(await count('tasks')).toBe(before);
  });

  it('a bad edit leaves the task as it was', async () => {
    const task = await create();
    const res = await admin({ action: 'tasks.save', id: task.id, ...form({ goals: [] }) });
    expect(res.error.code).toBe('INVALID_INPUT');
    expect((await admin({ action: 'tasks.get', id: task.id })).data).toEqual(task);
  });

  it('a payload of the wrong shape is refused by the schema', async () => {
    const res = await admin({ action: 'tasks.save', ...form({ goals: 'all' }) });
    expect(res.error).toEqual({ code: 'INVALID_INPUT', message: '请求参数有误（goals）' });
    expect((await admin({ action: 'tasks.publish' })).error.code).toBe('INVALID_INPUT');
  });
});

describe('S1: every task action refuses the wrong role', () => {
  const ACTIONS: [string, Record<string, unknown>][] = [
    ['tasks.list', {}],
    ['tasks.get', { id: 'started-1' }],
    ['tasks.save', form()],
    ['tasks.publish', { id: 'started-1' }],
    ['tasks.cancel', { id: 'started-1' }],
    ['tasks.options', {}],
  ];

  it.each(ACTIONS)('%s: a customer gets NOT_EMPLOYEE', async (action, payload) => {
    const res = await callAs(t, 'admin', CUSTOMER, { action, ...payload });
    expect(res.error.code).toBe('NOT_EMPLOYEE');
  });

  it.each(ACTIONS)(
    '%s: an ordinary employee gets FORBIDDEN, nothing changes',
    async (action, payload) => {
      const tasks = await count('tasks');
      const rows = await count('taskAssignees');
      const res = await callAs(t, 'admin', EMPLOYEE, { action, ...payload });
      expect(res.error).toEqual({ code: 'FORBIDDEN', message: '没有权限执行此操作' });
      expect(await count('tasks')).toBe(tasks);
      expect(await count('taskAssignees')).toBe(rows);
      expect((await admin({ action: 'tasks.get', id: 'started-1' })).data.state).toBe('published');
    },
  );

  it('an anonymous call is refused', async () => {
    expect((await callAs(t, 'admin', undefined, { action: 'tasks.list' })).error.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
