/**
 * The employee side of claim and share through the real function host, SDK and WeChat fake:
 * 任务详情 (T5/T6 progress), 领取 (T3), 选择分享方式 (A1, A2), 客户列表 / 客户档案, and the QR code
 * that binds the employee's personal WeChat (A12). docs/attribution.md, "Employee side".
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { miniProgramPages } from '../../../local/cloud';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;
const now = Date.now();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HAS_CUSTOMER_FUNCTION = fs.existsSync(
  path.resolve(__dirname, '../../../cloudfunctions/customer/index.ts'),
);

function task(id: string, overrides: Record<string, unknown> = {}) {
  return {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: `分享 ${id}`,
    shareCover: 'https://example.invalid/share-cover.png',
    contentId: 'c1',
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    redeemDeadline: new Date(now + 10 * DAY),
    assignment: { departmentIds: ['2'], userIds: [] },
    goals: [
      { id: 'g1', kind: 'shares', target: 5, points: 10 },
      { id: 'g2', kind: 'newCustomers', target: 3, points: 30 },
      { id: 'g3', kind: 'leads', target: 1, points: 50 },
    ],
    benefits: [],
    state: 'published',
    createdAt: new Date(now - 2 * DAY),
    publishedAt: new Date(now - 2 * DAY),
    ...overrides,
  };
}

type TaskFixture = ReturnType<typeof task>;

function assignee(taskDoc: TaskFixture, userId: string, claimedAt: Date | null = null) {
  return {
    _id: `${taskDoc._id}:${userId}`,
    taskId: taskDoc._id,
    userId,
    departmentIds: ['2'],
    taskState: taskDoc.state,
    startAt: taskDoc.startAt,
    endAt: taskDoc.endAt,
    assignedAt: new Date(now - 2 * DAY),
    claimedAt,
  };
}

const employee = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  corpId: 'ww-demo-corp',
  name,
  avatar: '',
  position: '销售',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
  ...extra,
});

const TASKS = {
  active: task('active'),
  active2: task('active-2'),
  race: task('race'),
  upcoming: task('upcoming', { startAt: new Date(now + DAY), endAt: new Date(now + 5 * DAY) }),
  ended: task('ended', { startAt: new Date(now - 9 * DAY), endAt: new Date(now - DAY) }),
  cancelled: task('cancelled', { state: 'cancelled', cancelledAt: new Date(now - 3600_000) }),
  draft: task('draft', { state: 'draft', publishedAt: null }),
  others: task('others'),
};

beforeAll(async () => {
  t = await startTestCloud();
  // What WeChat knows of the published version: every page of app.json.
  t.local.wechat.control.setPublishedPages(miniProgramPages());
  const db = t.db;
  await db.collection('employees').add({
    data: [employee('lilei', '李雷'), employee('hanmeimei', '韩梅梅'), employee('polly', '波莉')],
  });
  await db.collection('bindings').add({
    data: ['lilei', 'hanmeimei', 'polly'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-demo-corp',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
  await db.collection('contents').add({
    data: {
      _id: 'c1',
      kind: 'article',
      title: '小户型收纳灵感',
      cover: 'https://example.invalid/content-cover.png',
      summary: '十个收纳小技巧',
      blocks: [{ type: 'text', text: '正文' }],
      topicTags: [],
      formId: null,
      revision: 1,
      createdAt: new Date(now - 3 * DAY),
      updatedAt: new Date(now - 3 * DAY),
    },
  });
  await db.collection('tasks').add({ data: Object.values(TASKS) });
  const { active, active2, race, upcoming, ended, cancelled, others } = TASKS;
  await db.collection('taskAssignees').add({
    data: [
      assignee(active, 'lilei'),
      assignee(active2, 'lilei', new Date(now - 3600_000)),
      assignee(race, 'lilei'),
      assignee(upcoming, 'lilei'),
      assignee(ended, 'lilei'),
      assignee(cancelled, 'lilei'),
      assignee(active, 'hanmeimei'),
      assignee(upcoming, 'hanmeimei', new Date(now - 3600_000)),
      assignee(ended, 'hanmeimei', new Date(now - 5 * DAY)),
      assignee(cancelled, 'hanmeimei', new Date(now - 2 * DAY)),
      assignee(others, 'hanmeimei'),
    ],
  });
});
afterAll(() => t.stop());

const call = (openid: string | undefined, action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'employee', openid, { action, ...payload });
const lilei = (action: string, payload: Record<string, unknown> = {}) =>
  call('openid-lilei', action, payload);
const han = (action: string, payload: Record<string, unknown> = {}) =>
  call('openid-hanmeimei', action, payload);
/** shares.create as 李雷 (or `openid`), each call a new tap on a share method: a new requestId. */
const share = (payload: Record<string, unknown>, openid = 'openid-lilei') =>
  call(openid, 'shares.create', { requestId: randomUUID(), ...payload });

async function doc(collection: string, id: string) {
  return (await t.db.collection(collection).where({ _id: id }).get()).data[0];
}
async function sharesOf(taskId: string, employeeId: string) {
  return (
    await t.db.collection('shares').where({ taskId, rootEmployeeId: employeeId }).limit(1000).get()
  ).data;
}

describe('T3: 领取', () => {
  it('T3: claiming is idempotent: the second claim answers the first claim time', async () => {
    const first = await lilei('tasks.claim', { taskId: 'active' });
    expect(first.ok).toBe(true);
    const claimedAt = new Date(first.data.claimedAt).getTime();
    expect(Math.abs(claimedAt - Date.now())).toBeLessThan(10_000);
    const again = await lilei('tasks.claim', { taskId: 'active' });
    expect(again).toEqual(first);
    expect((await doc('taskAssignees', 'active:lilei')).claimedAt.getTime()).toBe(claimedAt);
  });

  it('T3: parallel claims write once: every answer carries the same claim time', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => lilei('tasks.claim', { taskId: 'race' })),
    );
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(new Set(answers.map((a) => a.data.claimedAt)).size).toBe(1);
    expect((await doc('taskAssignees', 'race:lilei')).claimedAt.toISOString()).toBe(
      answers[0].data.claimedAt,
    );
  });

  it('T3: a published task can be claimed before its start (from publish until end)', async () => {
    const res = await lilei('tasks.claim', { taskId: 'upcoming' });
    expect(res.ok).toBe(true);
  });

  it.each([
    ['ended', 'TASK_NOT_CLAIMABLE', '任务已结束，不能再领取'],
    ['cancelled', 'TASK_NOT_CLAIMABLE', '任务已取消，不能领取'],
    ['others', 'TASK_NOT_ASSIGNED', '该任务未分配给你，不能领取'],
    ['draft', 'NOT_FOUND', '任务不存在或已删除'],
    ['no-such-task', 'NOT_FOUND', '任务不存在或已删除'],
  ])('T3: %s: refused with a plain message, nothing written', async (taskId, code, message) => {
    expect(await lilei('tasks.claim', { taskId })).toEqual({ ok: false, error: { code, message } });
    const row = await doc('taskAssignees', `${taskId}:lilei`);
    if (row) expect(row.claimedAt).toBeNull();
  });

  it('T3: a claim made before a cancel is still answered as made (idempotent)', async () => {
    const res = await han('tasks.claim', { taskId: 'cancelled' });
    expect(res).toEqual({
      ok: true,
      data: { claimedAt: new Date(now - 2 * DAY).toISOString() },
    });
  });
});

describe('A2: shares only after claiming, only while published and in progress', () => {
  it.each([
    ['active', 'hanmeimei', 'TASK_NOT_CLAIMED', '请先领取任务再分享'],
    ['upcoming', 'hanmeimei', 'TASK_NOT_SHAREABLE', '任务尚未开始，开始后才能分享'],
    ['ended', 'hanmeimei', 'TASK_NOT_SHAREABLE', '任务已结束，不能再分享'],
    ['cancelled', 'hanmeimei', 'TASK_NOT_SHAREABLE', '任务已取消，不能分享'],
    ['active-2', 'hanmeimei', 'TASK_NOT_ASSIGNED', '该任务未分配给你，不能分享'],
    ['draft', 'hanmeimei', 'NOT_FOUND', '任务不存在或已删除'],
  ])('A2: %s (as %s): refused, no share minted', async (taskId, who, code, message) => {
    const res = await share({ taskId, channel: 'wechat_chat' }, `openid-${who}`);
    expect(res).toEqual({ ok: false, error: { code, message } });
    expect(await sharesOf(taskId, who)).toEqual([]);
  });

  it('A2: a task assigned to someone else: TASK_NOT_ASSIGNED', async () => {
    expect((await share({ taskId: 'others', channel: 'wecom_chat' })).error).toEqual({
      code: 'TASK_NOT_ASSIGNED',
      message: '该任务未分配给你，不能分享',
    });
  });
});

describe('A1: share ids are server-minted, short, unguessable and unique', () => {
  it('A1: every channel mints a share record whose attribution comes from the server', async () => {
    for (const channel of ['wechat_chat', 'wecom_chat', 'wecom_moments']) {
      const res = await share({ taskId: 'active-2', channel });
      expect(res.ok).toBe(true);
      expect(res.data).toEqual({
        shareId: expect.stringMatching(/^[0-9A-Za-z]{12}$/),
        path: `pages/content/index?s=${res.data.shareId}`,
        title: '分享 active-2',
        cover: 'https://example.invalid/share-cover.png',
        posterCode: null,
        link: channel === 'wecom_moments' ? `${t.local.url}/relay/?s=${res.data.shareId}` : null,
      });
      expect(await doc('shares', res.data.shareId)).toMatchObject({
        taskId: 'active-2',
        contentId: 'c1',
        rootEmployeeId: 'lilei',
        sharerType: 'employee',
        sharerId: 'lilei',
        parentShareId: null,
        depth: 0,
        channel,
      });
    }
  });

  it('A1: attribution fields sent by the client are refused and mint nothing', async () => {
    const before = (await sharesOf('active-2', 'hanmeimei')).length;
    const res = await share({
      taskId: 'active-2',
      channel: 'wechat_chat',
      rootEmployeeId: 'hanmeimei',
    });
    expect(res.error.code).toBe('INVALID_INPUT');
    expect(await sharesOf('active-2', 'hanmeimei')).toHaveLength(before);
  });

  it('A1: 12 base62 characters, unique over many mints, each counted as a share (T4)', async () => {
    const ids: string[] = [];
    // Mints of one employee's task serialise on its counters (the share and its count are one
    // transaction; a conflict runs it again, at most 8 times): 5 at a time always get through.
    for (let round = 0; round < 30; round++) {
      const batch = await Promise.all(
        Array.from({ length: 5 }, () => share({ taskId: 'active-2', channel: 'wechat_chat' })),
      );
      ids.push(...batch.map((r) => r.data.shareId));
    }
    expect(ids.every((id) => /^[0-9A-Za-z]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const minted = await sharesOf('active-2', 'lilei');
    const stats = await doc('taskStats', 'active-2:lilei');
    expect(stats.total.shares).toBe(minted.length);
    expect(stats.inWindow.shares).toBe(minted.length);
  });
});

describe('poster: a mini-program code carrying the share id', () => {
  it('answers a PNG data URL; WeChat made the code for the share id and the content page', async () => {
    const res = await share({ taskId: 'active-2', channel: 'poster' });
    expect(res.ok).toBe(true);
    const { shareId, posterCode } = res.data;
    expect(posterCode).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(posterCode.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(t.local.wechat.control.codes().at(-1)).toMatchObject({
      scene: shareId,
      page: 'pages/content/index',
      envVersion: 'release',
      checkPath: true,
    });
    expect(await doc('shares', shareId)).toMatchObject({ channel: 'poster' });
  });

  it('WeChat down: a clear error and no share minted', async () => {
    const before = (await sharesOf('active-2', 'lilei')).length;
    t.local.wechat.control.failNext(1, -1, { path: '/wxa/getwxacodeunlimit' });
    expect(await share({ taskId: 'active-2', channel: 'poster' })).toEqual({
      ok: false,
      error: { code: 'WECHAT_UNAVAILABLE', message: '微信服务暂不可用，请稍后重试' },
    });
    expect(await sharesOf('active-2', 'lilei')).toHaveLength(before);
  });

  it('an expired WeChat token is refreshed once for parallel calls, and the codes still come', async () => {
    const tokenCalls: string[] = [];
    const wechat = t.local.wechat;
    const original = wechat.handle;
    wechat.handle = (req, res, p, query, body) => {
      if (p === '/cgi-bin/stable_token' || p === '/cgi-bin/token') tokenCalls.push(p);
      return original(req, res, p, query, body);
    };
    try {
      wechat.control.expireTokens();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => share({ taskId: 'active-2', channel: 'poster' })),
      );
      expect(answers.every((a) => a.ok)).toBe(true);
      expect(tokenCalls).toEqual(['/cgi-bin/stable_token']);
      expect(await doc('wechatTokens', 'wx-local-miniprogram')).toMatchObject({
        leaseOwner: null,
      });
    } finally {
      wechat.handle = original;
    }
  });
});

describe('客户朋友圈: the relay address carrying the share id (docs/moments-relay.md)', () => {
  it('answers the stable relay page of the share, and asks WeChat for nothing yet', async () => {
    const before = t.local.wechat.control.urlLinks().length;
    const res = await share({ taskId: 'active-2', channel: 'wecom_moments' });
    expect(res.ok).toBe(true);
    const { shareId, link } = res.data;
    expect(link).toBe(`${t.local.url}/relay/?s=${shareId}`);
    // One URL Link opens for its first reader only: it is minted per reader by the relay.
    expect(t.local.wechat.control.urlLinks()).toHaveLength(before);
    expect(await doc('shares', shareId)).toMatchObject({ channel: 'wecom_moments' });
  });

  it('only 客户朋友圈 answers a link', async () => {
    for (const channel of ['wechat_chat', 'wecom_chat', 'poster']) {
      expect((await share({ taskId: 'active-2', channel })).data.link).toBeNull();
    }
  });

  it('a WeChat outage does not stop a 客户朋友圈 share (the reader’s visit mints the link)', async () => {
    const before = (await sharesOf('active-2', 'lilei')).length;
    t.local.wechat.control.failNext(1, 45009, { path: '/wxa/generate_urllink' });
    try {
      expect((await share({ taskId: 'active-2', channel: 'wecom_moments' })).ok).toBe(true);
      expect(await sharesOf('active-2', 'lilei')).toHaveLength(before + 1);
    } finally {
      t.local.wechat.control.restore();
    }
  });
});

describe('T5/T6: 任务详情 and goal progress', () => {
  beforeAll(async () => {
    await t.db.collection('taskStats').add({
      data: {
        _id: 'upcoming:hanmeimei',
        taskId: 'upcoming',
        employeeId: 'hanmeimei',
        total: { shares: 6, views: 40, visitors: 12, newCustomers: 2, leads: 1, forwards: 3 },
        inWindow: { shares: 0, views: 0, visitors: 0, newCustomers: 0, leads: 0, forwards: 0 },
        updatedAt: new Date(),
      },
    });
    await t.db.collection('taskStats').add({
      data: {
        _id: 'ended:hanmeimei',
        taskId: 'ended',
        employeeId: 'hanmeimei',
        total: { shares: 9, views: 50, visitors: 20, newCustomers: 4, leads: 0, forwards: 1 },
        inWindow: { shares: 5, views: 30, visitors: 11, newCustomers: 2, leads: 0, forwards: 1 },
        updatedAt: new Date(),
      },
    });
  });

  it('T5: 已完成/任务目标 counts since creation; T6: in-window values are shown apart', async () => {
    const res = await han('tasks.get', { taskId: 'ended' });
    expect(res.ok).toBe(true);
    expect(res.data).toMatchObject({
      id: 'ended',
      title: '任务 ended',
      status: 'ended',
      claimed: true,
      claimedAt: new Date(now - 5 * DAY).toISOString(),
      canShare: false,
      shareTitle: '分享 ended',
      goalCount: 3,
      totalPoints: 90,
      content: {
        id: 'c1',
        title: '小户型收纳灵感',
        summary: '十个收纳小技巧',
        cover: 'https://example.invalid/content-cover.png',
      },
      completedGoals: 2,
    });
    expect(res.data.goals).toEqual([
      {
        id: 'g1',
        kind: 'shares',
        target: 5,
        points: 10,
        value: 9,
        inWindowValue: 5,
        reached: true,
        credited: false,
      },
      {
        id: 'g2',
        kind: 'newCustomers',
        target: 3,
        points: 30,
        value: 4,
        inWindowValue: 2,
        reached: true,
        credited: false,
      },
      {
        id: 'g3',
        kind: 'leads',
        target: 1,
        points: 50,
        value: 0,
        inWindowValue: 0,
        reached: false,
        credited: false,
      },
    ]);
  });

  it('T5: events before the start count toward 已完成 though not toward points', async () => {
    const { data } = await han('tasks.get', { taskId: 'upcoming' });
    expect(data.status).toBe('upcoming');
    expect(data.completedGoals).toBe(2);
    expect(data.goals.map((g: { inWindowValue: number }) => g.inWindowValue)).toEqual([0, 0, 0]);
    expect(data.canShare).toBe(false);
  });

  it('no counters yet: every goal at zero; claimed and in progress: canShare', async () => {
    const { data } = await lilei('tasks.get', { taskId: 'active' });
    expect(data.claimed).toBe(true);
    expect(data.canShare).toBe(true);
    expect(data.completedGoals).toBe(0);
    expect(data.goals.every((g: { value: number }) => g.value === 0)).toBe(true);
    const unclaimed = await han('tasks.get', { taskId: 'active' });
    expect(unclaimed.data).toMatchObject({ claimed: false, claimedAt: null, canShare: false });
  });

  it('assigned employees only; drafts never', async () => {
    for (const [who, taskId] of [
      ['hanmeimei', 'active-2'],
      ['lilei', 'draft'],
      ['lilei', 'no-such-task'],
    ]) {
      expect((await call(`openid-${who}`, 'tasks.get', { taskId })).error).toEqual({
        code: 'NOT_FOUND',
        message: '任务不存在或已删除',
      });
    }
  });
});

describe('客户列表 and 客户档案: paginated, most recent visit first', () => {
  const CUSTOMERS = 27;
  const custId = (i: number) => `cust-${String(i).padStart(2, '0')}`;
  const lastAt = (i: number) => new Date(now - (i % 9) * 3600_000); // ties on purpose

  beforeAll(async () => {
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => i);
    await t.db.collection('customers').add({
      data: ids.map((i) => ({
        _id: custId(i),
        unionid: null,
        nickname: `客户${i}`,
        avatar: `https://example.invalid/a${i}.png`,
        firstSeenAt: new Date(now - DAY),
        lastActiveAt: lastAt(i),
        origin: null,
        inArchive: true,
      })),
    });
    await t.db.collection('relations').add({
      data: [
        ...ids.map((i) => ({
          _id: `hanmeimei:${custId(i)}`,
          employeeId: 'hanmeimei',
          customerId: custId(i),
          firstAt: new Date(now - DAY - i * MINUTE),
          firstTaskId: 'ended',
          firstShareId: 'AAAAAAAAAAAA',
          brought: i % 2 === 0,
          lastAt: lastAt(i),
          visits: i + 1,
        })),
        {
          _id: `polly:${custId(0)}`,
          employeeId: 'polly',
          customerId: custId(0),
          firstAt: new Date(now - DAY),
          firstTaskId: 'ended',
          firstShareId: 'BBBBBBBBBBBB',
          brought: false,
          lastAt: new Date(now),
          visits: 1,
        },
      ],
    });
    await t.db.collection('taskCustomers').add({
      data: ids
        .filter((i) => i < 23)
        .map((i) => ({
          _id: `ended:hanmeimei:${custId(i)}`,
          taskId: 'ended',
          employeeId: 'hanmeimei',
          customerId: custId(i),
          firstAt: new Date(now - DAY - i * MINUTE),
          lastAt: lastAt(i),
          visits: i + 1,
          lead: false,
        })),
    });
  });

  async function walk(action: string, payload: Record<string, unknown>, pageSize: number) {
    const items: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await han(action, { ...payload, pageSize, ...(cursor ? { cursor } : {}) });
      expect(res.ok).toBe(true);
      items.push(...res.data.items);
      cursor = res.data.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    return { items, pages };
  }

  it('客户列表 of a task: every customer once, newest visit first, with who brought them', async () => {
    const { items, pages } = await walk('tasks.customers', { taskId: 'ended' }, 10);
    expect(pages).toBe(3);
    expect(items).toHaveLength(23);
    expect(new Set(items.map((i) => i.customerId)).size).toBe(23);
    const times = items.map((i) => new Date(i.lastAt as string).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items.find((i) => i.customerId === custId(4))).toEqual({
      customerId: custId(4),
      nickname: '客户4',
      avatar: 'https://example.invalid/a4.png',
      firstAt: new Date(now - DAY - 4 * MINUTE).toISOString(),
      lastAt: lastAt(4).toISOString(),
      visits: 5,
      broughtByMe: true,
    });
    expect(items.find((i) => i.customerId === custId(5))?.broughtByMe).toBe(false);
  });

  it('客户档案: every customer of the caller once, and only theirs', async () => {
    const { items, pages } = await walk('customers.archive', {}, 20);
    expect(pages).toBe(2);
    expect(items).toHaveLength(CUSTOMERS);
    expect(new Set(items.map((i) => i.customerId)).size).toBe(CUSTOMERS);
    expect(items.filter((i) => i.broughtByMe)).toHaveLength(14);
    const polly = await call('openid-polly', 'customers.archive');
    expect(polly.data).toEqual({
      items: [expect.objectContaining({ customerId: custId(0), broughtByMe: false })],
      nextCursor: null,
    });
    expect((await lilei('customers.archive')).data).toEqual({ items: [], nextCursor: null });
  });

  it('客户列表 of a task not assigned to the caller: NOT_FOUND', async () => {
    expect((await lilei('tasks.customers', { taskId: 'others' })).error.code).toBe('NOT_FOUND');
  });

  it('a forged cursor is refused with a clear message', async () => {
    const textCursor = Buffer.from(JSON.stringify(['abc', 'x'])).toString('base64url');
    for (const cursor of ['not-a-cursor', textCursor]) {
      expect(await han('customers.archive', { cursor })).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: '分页参数无效，请刷新后重试' },
      });
      expect((await han('tasks.customers', { taskId: 'ended', cursor })).error.code).toBe(
        'INVALID_INPUT',
      );
    }
  });
});

describe('A12: binding the employee’s personal WeChat', () => {
  async function createBind() {
    const res = await lilei('bind.create');
    expect(res.ok).toBe(true);
    const code = t.local.wechat.control.codes().at(-1)!;
    return { res, code, token: code.scene.slice(2) };
  }

  it('A12: a mini-program code carrying a one-time token, expiring in 10 minutes', async () => {
    const { res, code, token } = await createBind();
    expect(res.data.qrCode).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(res.data.qrCode.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const expiresIn = new Date(res.data.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * MINUTE);
    expect(expiresIn).toBeLessThanOrEqual(10 * MINUTE);
    expect(code).toMatchObject({ page: 'packages/task/pages/bind/index' });
    expect(code.scene).toMatch(/^b_[0-9A-Za-z]{22}$/);
    // Stored by hash only: the database never holds a usable token.
    const hash = createHash('sha256').update(token).digest('hex');
    expect(await doc('bindTokens', hash)).toMatchObject({
      userId: 'lilei',
      usedAt: null,
      usedBy: null,
    });
    expect(
      JSON.stringify((await t.db.collection('bindTokens').limit(100).get()).data),
    ).not.toContain(token);
  });

  it('A12: two codes are two different tokens', async () => {
    const a = await createBind();
    const b = await createBind();
    expect(a.token).not.toBe(b.token);
  });

  (HAS_CUSTOMER_FUNCTION ? it : it.skip)(
    'A12: long-pressed in WeChat it binds that WeChat identity once; used or expired says why',
    async () => {
      const { token } = await createBind();
      const redeem = (openid: string, tok = token) =>
        callAs(t, 'customer', openid, { action: 'bind.redeem', token: tok });
      expect(await redeem('openid-lilei-wechat')).toEqual({
        ok: true,
        data: { employeeName: '李雷' },
      });
      expect(await doc('bindings', 'openid-lilei-wechat')).toMatchObject({
        userId: 'lilei',
        source: 'wechat',
      });
      const me = await call('openid-lilei-wechat', 'me.get');
      expect(me.data.userId).toBe('lilei');
      const again = await redeem('openid-someone-else');
      expect(again.error.code).toBe('BIND_TOKEN_USED');
      expect(await doc('bindings', 'openid-someone-else')).toBeUndefined();

      const expired = 'Z'.repeat(22);
      await t.db.collection('bindTokens').add({
        data: {
          _id: createHash('sha256').update(expired).digest('hex'),
          userId: 'lilei',
          corpId: 'ww-demo-corp',
          createdAt: new Date(now - 20 * MINUTE),
          expiresAt: new Date(now - 10 * MINUTE),
          usedAt: null,
          usedBy: null,
        },
      });
      const late = await redeem('openid-late', expired);
      expect(late.error.code).toBe('BIND_TOKEN_EXPIRED');
      expect(late.error.message).not.toBe(again.error.message);
      expect((await redeem('openid-late', 'Y'.repeat(22))).error.code).toBe('BIND_TOKEN_INVALID');
      expect(await doc('bindings', 'openid-late')).toBeUndefined();
    },
  );

  (HAS_CUSTOMER_FUNCTION ? it : it.skip)(
    'A12: parallel redeems of one token: exactly one binds',
    async () => {
      const { token } = await createBind();
      const openids = Array.from({ length: 6 }, (_, i) => `openid-race-${i}`);
      const answers = await Promise.all(
        openids.map((openid) => callAs(t, 'customer', openid, { action: 'bind.redeem', token })),
      );
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      const bound = await Promise.all(openids.map((o) => doc('bindings', o)));
      expect(bound.filter(Boolean)).toHaveLength(1);
    },
  );

  it('WeChat down: a clear error and no token stored', async () => {
    const before = (await t.db.collection('bindTokens').count()).total;
    t.local.wechat.control.failNext(1, 45009, { path: '/wxa/getwxacodeunlimit' });
    expect((await lilei('bind.create')).error.code).toBe('WECHAT_UNAVAILABLE');
    expect((await t.db.collection('bindTokens').count()).total).toBe(before);
  });
});

const EVERY_ACTION: [string, Record<string, unknown>][] = [
  ['tasks.get', { taskId: 'active' }],
  ['tasks.claim', { taskId: 'active' }],
  ['shares.create', { taskId: 'active', channel: 'wechat_chat' }],
  ['tasks.customers', { taskId: 'active' }],
  ['customers.archive', {}],
  ['bind.create', {}],
];

describe('S1: employees only', () => {
  it.each(EVERY_ACTION)('S1: %s: a customer is refused, an anonymous caller too', async (a, p) => {
    expect(await call('openid-customer', a, p)).toEqual({
      ok: false,
      error: { code: 'NOT_EMPLOYEE', message: '仅限企业员工使用' },
    });
    expect((await call(undefined, a, p)).error.code).toBe('UNAUTHENTICATED');
  });

  it('S1: a customer minted no share and claimed nothing', async () => {
    expect(await sharesOf('active', 'openid-customer')).toEqual([]);
  });
});

describe('S4: bad input gets a clear error and changes nothing', () => {
  it.each([
    ['tasks.get', {}, '请求参数有误（taskId）'],
    ['tasks.get', { taskId: 42 }, '请求参数有误（taskId）'],
    ['tasks.claim', { taskId: '' }, '请求参数有误（taskId）'],
    ['tasks.claim', { taskId: 'x'.repeat(65) }, '请求参数有误（taskId）'],
    ['shares.create', { taskId: 'active', channel: 'forward' }, '请求参数有误（channel）'],
    ['shares.create', { taskId: 'active' }, '请求参数有误（channel）'],
    ['shares.create', { taskId: 'active', channel: 'poster' }, '请求参数有误（requestId）'],
    [
      'shares.create',
      { taskId: 'active', channel: 'poster', requestId: 'short' },
      '请求参数有误（requestId）',
    ],
    [
      'shares.create',
      { taskId: 'active', channel: 'poster', requestId: 'with spaces' },
      '请求参数有误（requestId）',
    ],
    [
      'shares.create',
      { taskId: 'active', channel: 'poster', requestId: 'x'.repeat(65) },
      '请求参数有误（requestId）',
    ],
    ['tasks.customers', { taskId: 'ended', pageSize: 0 }, '请求参数有误（pageSize）'],
    ['customers.archive', { pageSize: 51 }, '请求参数有误（pageSize）'],
    ['customers.archive', { cursor: 7 }, '请求参数有误（cursor）'],
    ['bind.create', { forUser: 'hanmeimei' }, '请求参数有误'],
  ])('S4: %s %j', async (a, p, message) => {
    expect(await lilei(a, p)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
  });
});
