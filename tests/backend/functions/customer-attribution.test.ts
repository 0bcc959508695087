/**
 * The `customer` function and the attribution engine through the real function host and SDK
 * (docs/attribution.md): A1-A12, C1-C4, C6, CU2, S1, S4. Fixtures are written with `t.db`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const now = Date.now();

const S = {
  li: 'LiLeiShare01',
  han: 'HanMeiShare1',
  unclaimed: 'Unclaimed001',
  foreign: 'ForeignShare',
  chain: 'ChainRoot001',
  ended: 'EndedTask001',
  early: 'BeforeStart1',
};

function task(id: string, overrides: Record<string, unknown> = {}) {
  return {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: '分享标题',
    shareCover: '',
    contentId: 'c1',
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

function assignee(taskId: string, userId: string, claimedAt: Date | null) {
  return {
    _id: `${taskId}:${userId}`,
    taskId,
    userId,
    departmentIds: [],
    taskState: 'published',
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    assignedAt: new Date(now - 2 * DAY),
    claimedAt,
  };
}

function share(
  id: string,
  taskId: string,
  employeeId: string,
  extra: Record<string, unknown> = {},
) {
  return {
    _id: id,
    taskId,
    contentId: 'c1',
    rootEmployeeId: employeeId,
    sharerType: 'employee',
    sharerId: employeeId,
    parentShareId: null,
    depth: 0,
    channel: 'wechat_chat',
    createdAt: new Date(now - 10 * HOUR),
    ...extra,
  };
}

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

beforeAll(async () => {
  t = await startTestCloud();
  const db = t.db;
  await db.collection('employees').add({
    data: [employee('lilei', '李雷'), employee('hanmeimei', '韩梅梅'), employee('wangwu', '王五')],
  });
  await db.collection('bindings').add({
    data: [
      {
        _id: 'openid-lilei',
        userId: 'lilei',
        corpId: 'ww-test',
        source: 'wecom',
        boundAt: new Date(),
      },
    ],
  });
  await db.collection('forms').add({
    data: [
      {
        _id: 'f1',
        title: '预约咨询',
        fields: [
          { key: 'name', label: '姓名', type: 'text', required: true },
          { key: 'phone', label: '手机号', type: 'phone', required: true },
          {
            key: 'city',
            label: '城市',
            type: 'select',
            required: false,
            options: ['北京', '上海'],
          },
        ],
        consentText: '同意联系',
        createdAt: new Date(now - 5 * DAY),
      },
    ],
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
  await db.collection('contents').add({ data: [content('c1'), content('c2')] });
  await db.collection('tasks').add({
    data: [
      task('t1'),
      task('t2'),
      task('t-ended', { startAt: new Date(now - 3 * DAY), endAt: new Date(now - HOUR) }),
      task('t-early', { startAt: new Date(now - HOUR) }),
    ],
  });
  const claimed = new Date(now - 20 * HOUR);
  await db.collection('taskAssignees').add({
    data: [
      assignee('t1', 'lilei', claimed),
      assignee('t1', 'hanmeimei', claimed),
      assignee('t1', 'wangwu', null),
      assignee('t2', 'lilei', claimed),
      assignee('t-ended', 'lilei', new Date(now - 3 * DAY)),
      assignee('t-early', 'lilei', claimed),
    ],
  });
  await db.collection('shares').add({
    data: [
      share(S.li, 't1', 'lilei'),
      share(S.han, 't1', 'hanmeimei'),
      share(S.unclaimed, 't1', 'wangwu'),
      share(S.foreign, 't1', 'lilei', { contentId: 'c2' }),
      share(S.chain, 't2', 'lilei'),
      share(S.ended, 't-ended', 'lilei', { createdAt: new Date(now - 2 * DAY) }),
      // Minted before the task started: attributes nothing (A2).
      share(S.early, 't-early', 'lilei', { createdAt: new Date(now - 2 * HOUR) }),
    ],
  });
});
afterAll(() => t.stop());

const cid = () => randomUUID();
const call = (openid: string | undefined, action: string, payload: Record<string, unknown>) =>
  callAs(t, 'customer', openid, { action, ...payload });
const open = (openid: string | undefined, payload: Record<string, unknown>) =>
  call(openid, 'content.open', { clientEventId: cid(), ...payload });
const forward = (openid: string, parentShareId: string) =>
  call(openid, 'shares.forward', { clientEventId: cid(), parentShareId });

async function get(collection: string, id: string): Promise<any> {
  const { data } = await t.db.collection(collection).where({ _id: id }).get();
  return data[0] ?? null;
}
async function find(collection: string, where: Record<string, unknown>): Promise<any[]> {
  const { data } = await t.db.collection(collection).where(where).limit(1000).get();
  return data;
}
async function stats(taskId: string, employeeId: string) {
  const doc = await get('taskStats', `${taskId}:${employeeId}`);
  const zero = { shares: 0, views: 0, visitors: 0, newCustomers: 0, leads: 0, forwards: 0 };
  return { total: { ...zero, ...doc?.total }, inWindow: { ...zero, ...doc?.inWindow } };
}

describe('A1/A2: only a server-minted, live, claimed share attributes', () => {
  it.each([
    ['forged (not a share id)', 'x" || 1==1'],
    ['unknown', 'ZZZZZZZZZZZZ'],
    ['of a task its employee never claimed', S.unclaimed],
    ['foreign: of another content than its task', S.foreign],
    ['minted before its task started', S.early],
  ])('A2: a %s share id attributes nothing and the visit is recorded as direct', async (_l, id) => {
    const openid = `a2-${randomUUID()}`;
    const before = await stats('t1', 'lilei');
    const res = await open(openid, { shareId: id, contentId: 'c1' });
    expect(res.ok).toBe(true);
    expect(res.data.shareId).toBeNull();
    expect(res.data.card).toBeNull();
    const [event] = await find('events', { customerId: openid });
    expect(event).toMatchObject({
      type: 'visit',
      shareId: null,
      taskId: null,
      rootEmployeeId: null,
    });
    const customer = await get('customers', openid);
    expect(customer).toMatchObject({ origin: null, inArchive: false });
    expect(await find('relations', { customerId: openid })).toEqual([]);
    expect(await get('broughtBy', openid)).toBeNull();
    expect(await stats('t1', 'lilei')).toEqual(before);
  });

  it('A1: attribution fields sent by a client are refused, not trusted', async () => {
    const res = await open('a1-x', { shareId: S.li, rootEmployeeId: 'hanmeimei', taskId: 't2' });
    expect(res.ok).toBe(false);
    expect(res.error.code).toBe('INVALID_INPUT');
  });

  it('A1: a valid share answers its content, the business card and the form', async () => {
    const res = await open('a1-ok', { shareId: S.li });
    expect(res.ok).toBe(true);
    expect(res.data).toMatchObject({
      shareId: S.li,
      content: { id: 'c1' },
      card: { employeeId: 'lilei', name: '李雷', mobile: '138****8000' },
      form: { id: 'f1', consentText: '同意联系' },
    });
  });

  it('A2: an unknown share without a content id finds nothing', async () => {
    const res = await open('a2-nf', { shareId: 'ZZZZZZZZZZZZ' });
    expect(res.error.code).toBe('NOT_FOUND');
  });
});

describe('A3: anonymous opens', () => {
  it('A3: an open without an identity is an anonymous page view of the share, never a customer', async () => {
    const before = (await get('shares', S.han)).anonymousViews ?? 0;
    const res = await open(undefined, { shareId: S.han });
    expect(res.ok).toBe(true);
    expect((await get('shares', S.han)).anonymousViews).toBe(before + 1);
    expect(await get('customers', '')).toBeNull();
    expect(await find('customers', { _id: 'anonymous' })).toEqual([]);
  });

  it('A3: every other action needs an identity', async () => {
    const res = await call(undefined, 'events.record', {
      clientEventId: cid(),
      type: 'card_call',
      contentId: 'c1',
    });
    expect(res.error.code).toBe('UNAUTHENTICATED');
  });

  it('A3: the visit event carries customer, content, task, share, employee, channel and time', async () => {
    await open('a3-c', { shareId: S.li });
    const [event] = await find('events', { customerId: 'a3-c' });
    expect(event).toMatchObject({
      type: 'visit',
      contentId: 'c1',
      taskId: 't1',
      shareId: S.li,
      rootEmployeeId: 'lilei',
      channel: 'wechat_chat',
      parentCustomerId: null,
    });
    expect(new Date(event.at).getTime()).toBeGreaterThan(now - HOUR);
  });
});

describe('A4/A5: origin and relations', () => {
  it('A4: the origin is the first touch and never changes; A5: each relation keeps its first time', async () => {
    const c = 'a4-c';
    await open(c, { shareId: S.li });
    const first = await get('customers', c);
    expect(first.origin).toMatchObject({
      shareId: S.li,
      taskId: 't1',
      rootEmployeeId: 'lilei',
      channel: 'wechat_chat',
      parentCustomerId: null,
    });
    const rel1 = await get('relations', `lilei:${c}`);
    await open(c, { shareId: S.han });
    await open(c, { shareId: S.li });
    const after = await get('customers', c);
    expect(after.origin).toEqual(first.origin);
    const relations = await find('relations', { customerId: c });
    expect(relations.map((r) => r.employeeId).sort()).toEqual(['hanmeimei', 'lilei']);
    const rel2 = await get('relations', `lilei:${c}`);
    expect(rel2.firstAt).toEqual(rel1.firstAt);
    expect(rel2.brought).toBe(true);
    expect((await get('relations', `hanmeimei:${c}`)).brought).toBe(false);
  });

  it('A6: a customer whose first open was direct is brought by their first attributed touch', async () => {
    const c = 'a6-direct-first';
    await open(c, { contentId: 'c1' });
    expect((await get('customers', c)).inArchive).toBe(false);
    await open(c, { shareId: S.han });
    expect((await get('broughtBy', c)).employeeId).toBe('hanmeimei');
    expect((await get('customers', c)).origin).toBeNull();
    expect((await get('customers', c)).inArchive).toBe(true);
  });
});

describe('A6: brought once, enterprise-wide', () => {
  it("A6: a new user opening two employees' shares at the same moment is brought by exactly one", async () => {
    const before = { li: await stats('t1', 'lilei'), han: await stats('t1', 'hanmeimei') };
    const users = Array.from({ length: 8 }, (_, i) => `a6-race-${i}`);
    await Promise.all(
      users.flatMap((u) => [open(u, { shareId: S.li }), open(u, { shareId: S.han })]),
    );
    for (const u of users) {
      const brought = await get('broughtBy', u);
      const customer = await get('customers', u);
      expect(brought.employeeId).toBe(customer.origin.rootEmployeeId);
      const relations = await find('relations', { customerId: u });
      expect(relations).toHaveLength(2);
      expect(relations.filter((r) => r.brought)).toHaveLength(1);
    }
    const after = { li: await stats('t1', 'lilei'), han: await stats('t1', 'hanmeimei') };
    const gained =
      after.li.total.newCustomers -
      before.li.total.newCustomers +
      after.han.total.newCustomers -
      before.han.total.newCustomers;
    expect(gained).toBe(users.length);
  });
});

describe('A7/C3: forwarding chains', () => {
  it('A7/C3: employee -> C1 -> C2 -> C3 credits the employee with 3 and gives C1 a network of 2, C2 of 1', async () => {
    const before = await stats('t2', 'lilei');
    await open('chain-c1', { shareId: S.chain });
    const f1 = await forward('chain-c1', S.chain);
    expect(f1.ok).toBe(true);
    expect(f1.data.path).toContain(f1.data.shareId);
    await open('chain-c2', { shareId: f1.data.shareId });
    const f2 = await forward('chain-c2', f1.data.shareId);
    await open('chain-c3', { shareId: f2.data.shareId });
    const after = await stats('t2', 'lilei');
    expect(after.total.newCustomers - before.total.newCustomers).toBe(3);
    expect(after.total.forwards - before.total.forwards).toBe(2);
    expect((await get('customers', 'chain-c1')).stats.network).toBe(2);
    expect((await get('customers', 'chain-c2')).stats.network).toBe(1);
    expect((await get('customers', 'chain-c3')).stats.network).toBe(0);
    expect(await get('shares', f2.data.shareId)).toMatchObject({
      taskId: 't2',
      rootEmployeeId: 'lilei',
      sharerType: 'customer',
      sharerId: 'chain-c2',
      parentShareId: f1.data.shareId,
      channel: 'forward',
      depth: 2,
    });
    expect((await get('customers', 'chain-c3')).origin).toMatchObject({
      shareId: f2.data.shareId,
      rootEmployeeId: 'lilei',
      channel: 'forward',
      parentCustomerId: 'chain-c2',
    });
    // A5: every customer down the chain is the root employee's.
    expect((await get('relations', 'lilei:chain-c3')).brought).toBe(true);
  });

  it('A7: a retried forward answers the same child share', async () => {
    await open('fw-retry', { shareId: S.li });
    const id = cid();
    const [a, b] = await Promise.all([
      call('fw-retry', 'shares.forward', { clientEventId: id, parentShareId: S.li }),
      call('fw-retry', 'shares.forward', { clientEventId: id, parentShareId: S.li }),
    ]);
    expect(a.data.shareId).toBe(b.data.shareId);
    expect(await find('shares', { sharerId: 'fw-retry' })).toHaveLength(1);
  });
});

describe('A8: archive and 非客户/直接访问', () => {
  it('A8: a direct open is not in the archive; a forward from outside the archive attributes nothing', async () => {
    const outsider = 'a8-outsider';
    await open(outsider, { contentId: 'c1' });
    expect(await get('customers', outsider)).toMatchObject({ origin: null, inArchive: false });
    const before = await stats('t1', 'lilei');
    const fw = await forward(outsider, S.li);
    expect(fw.ok).toBe(true);
    expect((await get('shares', fw.data.shareId)).attributable).toBe(false);
    const res = await open('a8-friend', { shareId: fw.data.shareId });
    expect(res.data.shareId).toBeNull();
    expect(await get('customers', 'a8-friend')).toMatchObject({ origin: null, inArchive: false });
    expect(await get('broughtBy', 'a8-friend')).toBeNull();
    expect(await find('relations', { customerId: 'a8-friend' })).toEqual([]);
    expect(await stats('t1', 'lilei')).toEqual(before);
  });
});

describe('A9: idempotent events', () => {
  it('A9: the same visit delivered 100 times in parallel is stored once and counted once', async () => {
    const before = await stats('t1', 'lilei');
    const id = cid();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        call('a9-c', 'content.open', { clientEventId: id, shareId: S.li }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await find('events', { customerId: 'a9-c' })).toHaveLength(1);
    const after = await stats('t1', 'lilei');
    expect(after.total.views - before.total.views).toBe(1);
    expect(after.total.visitors - before.total.visitors).toBe(1);
    expect(after.total.newCustomers - before.total.newCustomers).toBe(1);
    expect((await get('customers', 'a9-c')).stats).toMatchObject({ visits: 1, interactions: 1 });
  });

  it('A9: a card tap delivered 20 times is one tap', async () => {
    const id = cid();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('a9-c', 'events.record', {
          clientEventId: id,
          type: 'card_call',
          contentId: 'c1',
          shareId: S.li,
        }),
      ),
    );
    expect(results.filter((r) => r.data.recorded)).toHaveLength(1);
    expect((await get('customers', 'a9-c')).stats.cardTaps).toBe(1);
  });

  it('A9: UV counts each user once per task and employee', async () => {
    const before = await stats('t1', 'lilei');
    await open('a9-uv', { shareId: S.li });
    await t.db
      .collection('pvSessions')
      .where({ customerId: 'a9-uv' })
      .update({ data: { sessionStartAt: new Date(now - DAY) } });
    await open('a9-uv', { shareId: S.li });
    const after = await stats('t1', 'lilei');
    expect(after.total.views - before.total.views).toBe(2);
    expect(after.total.visitors - before.total.visitors).toBe(1);
  });
});

describe('A10: employees are never customers', () => {
  it('A10: an employee opening shares (their own included) is recorded and counted nowhere', async () => {
    const before = { li: await stats('t1', 'lilei'), han: await stats('t1', 'hanmeimei') };
    expect((await open('openid-lilei', { shareId: S.han })).ok).toBe(true);
    expect((await open('openid-lilei', { shareId: S.li })).ok).toBe(true);
    await call('openid-lilei', 'events.record', {
      clientEventId: cid(),
      type: 'card_call',
      contentId: 'c1',
    });
    const events = await find('events', { customerId: 'openid-lilei' });
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.data.byEmployee === true)).toBe(true);
    expect(await get('customers', 'openid-lilei')).toBeNull();
    expect(await find('relations', { customerId: 'openid-lilei' })).toEqual([]);
    expect(await get('broughtBy', 'openid-lilei')).toBeNull();
    expect({ li: await stats('t1', 'lilei'), han: await stats('t1', 'hanmeimei') }).toEqual(before);
  });
});

describe('A11: sessions', () => {
  it('A11: repeated opens within 30 minutes are one page view; after 30 minutes, another', async () => {
    const c = 'a11-c';
    const before = await stats('t1', 'lilei');
    await open(c, { shareId: S.li });
    await Promise.all([
      open(c, { shareId: S.li }),
      open(c, { shareId: S.li }),
      open(c, { shareId: S.li }),
    ]);
    let after = await stats('t1', 'lilei');
    expect(after.total.views - before.total.views).toBe(1);
    await t.db
      .collection('pvSessions')
      .doc(`${S.li}:${c}`)
      .update({ data: { sessionStartAt: new Date(Date.now() - 31 * 60 * 1000) } });
    await open(c, { shareId: S.li });
    after = await stats('t1', 'lilei');
    expect(after.total.views - before.total.views).toBe(2);
    expect((await get('relations', `lilei:${c}`)).visits).toBe(2);
    expect((await get('customers', c)).stats.visits).toBe(2);
    expect(await find('events', { customerId: c })).toHaveLength(5);
  });
});

describe('A12: binding a personal WeChat with a one-time token', () => {
  const hash = (token: string) => createHash('sha256').update(token).digest('hex');
  const token = (value: string, userId: string, expiresAt: Date, usedAt: Date | null = null) => ({
    _id: hash(value),
    userId,
    corpId: 'ww-test',
    createdAt: new Date(),
    expiresAt,
    usedAt,
    usedBy: usedAt ? 'someone' : null,
  });
  beforeAll(async () => {
    await t.db.collection('bindTokens').add({
      data: [
        token('token-good-0001', 'hanmeimei', new Date(Date.now() + 10 * 60 * 1000)),
        token('token-race-0001', 'hanmeimei', new Date(Date.now() + 10 * 60 * 1000)),
        token('token-expired-01', 'hanmeimei', new Date(Date.now() - 1000)),
      ],
    });
  });

  it('A12: a token binds once; used, expired and unknown tokens bind nothing and say why', async () => {
    const ok = await call('wx-han', 'bind.redeem', { token: 'token-good-0001' });
    expect(ok).toEqual({ ok: true, data: { employeeName: '韩梅梅' } });
    expect(await get('bindings', 'wx-han')).toMatchObject({
      userId: 'hanmeimei',
      source: 'wechat',
    });
    const again = await call('wx-other', 'bind.redeem', { token: 'token-good-0001' });
    expect(again.error.code).toBe('BIND_TOKEN_USED');
    expect(again.error.message).toContain('已被使用');
    const expired = await call('wx-other', 'bind.redeem', { token: 'token-expired-01' });
    expect(expired.error.code).toBe('BIND_TOKEN_EXPIRED');
    expect(expired.error.message).toContain('过期');
    const unknown = await call('wx-other', 'bind.redeem', { token: 'token-unknown-1' });
    expect(unknown.error.code).toBe('BIND_TOKEN_INVALID');
    expect(await get('bindings', 'wx-other')).toBeNull();
    // The bound WeChat is an employee from now on (A10).
    await open('wx-han', { shareId: S.li });
    expect(await get('customers', 'wx-han')).toBeNull();
  });

  it('A12: of two parallel redeems of one token exactly one binds', async () => {
    const results = await Promise.all(
      ['wx-r1', 'wx-r2'].map((o) => call(o, 'bind.redeem', { token: 'token-race-0001' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe('C1/C2/C4: activity', () => {
  it('C1: activity = visits + forwards + forms + card taps (dwell is not an interaction); C2: counted per day', async () => {
    const c = 'c1-c';
    await open(c, { shareId: S.li });
    await call(c, 'events.record', {
      clientEventId: cid(),
      type: 'dwell',
      contentId: 'c1',
      shareId: S.li,
      dwellMs: 5000,
    });
    await call(c, 'events.record', {
      clientEventId: cid(),
      type: 'card_add_contact',
      contentId: 'c1',
      shareId: S.li,
    });
    await forward(c, S.li);
    await call(c, 'forms.submit', {
      clientEventId: cid(),
      formId: 'f1',
      contentId: 'c1',
      shareId: S.li,
      fields: { name: '张三', phone: '13912345678' },
      consent: true,
    });
    const customer = await get('customers', c);
    expect(customer.stats).toMatchObject({
      interactions: 4,
      visits: 1,
      forwards: 1,
      forms: 1,
      cardTaps: 1,
    });
    expect(new Date(customer.stats.lastInteractionAt).getTime()).toBeGreaterThan(now - HOUR);
    const days = await find('customerDays', { customerId: c });
    expect(days.reduce((s, d) => s + d.interactions, 0)).toBe(4);
    // C4: the behaviour record is the customer's events, newest first.
    const { data } = await t.db
      .collection('events')
      .where({ customerId: c })
      .orderBy('at', 'desc')
      .get();
    expect(data.map((e: { type: string }) => e.type)).toEqual([
      'form',
      'forward',
      'card_add_contact',
      'dwell',
      'visit',
    ]);
  });
});

describe('C6: forms', () => {
  const submit = (openid: string, fields: Record<string, string>, consent = true, extra = {}) =>
    call(openid, 'forms.submit', {
      clientEventId: cid(),
      formId: 'f1',
      contentId: 'c1',
      shareId: S.han,
      fields,
      consent,
      ...extra,
    });

  it('C6: no consent, no submission, with a clear Chinese error', async () => {
    const res = await submit('c6-a', { name: '张三', phone: '13912345678' }, false);
    expect(res.error.code).toBe('CONSENT_REQUIRED');
    expect(res.error.message).toMatch(/同意/);
    expect(await find('events', { customerId: 'c6-a' })).toEqual([]);
  });

  it.each(['12345678901', '1391234567', '139123456789', '+8613912345678', '23912345678'])(
    'C6: %s is not a mainland mobile number',
    async (phone) => {
      const res = await submit('c6-b', { name: '张三', phone });
      expect(res.error.code).toBe('PHONE_INVALID');
      expect(res.error.message).toContain('手机号');
    },
  );

  it('C6: required fields and select options are checked', async () => {
    expect((await submit('c6-b', { phone: '13912345678' })).error.code).toBe('FORM_FIELD_REQUIRED');
    expect(
      (await submit('c6-b', { name: '张三', phone: '13912345678', city: '火星' })).error.code,
    ).toBe('FORM_OPTION_INVALID');
  });

  it('C6/T4: a lead counts once for the root employee; fields are stored', async () => {
    const c = 'c6-lead';
    await open(c, { shareId: S.han });
    const before = await stats('t1', 'hanmeimei');
    expect(
      (await submit(c, { name: '张三', phone: '13912345678', city: '上海', extra: 'x' })).ok,
    ).toBe(true);
    expect((await submit(c, { name: '张三', phone: '13912345678' })).ok).toBe(true);
    const after = await stats('t1', 'hanmeimei');
    expect(after.total.leads - before.total.leads).toBe(1);
    expect(after.inWindow.leads - before.inWindow.leads).toBe(1);
    const forms = await find('events', { customerId: c, type: 'form' });
    expect(forms).toHaveLength(2);
    expect(forms[0].data.fields).toEqual({ name: '张三', phone: '13912345678', city: '上海' });
  });

  it('C6: a form through a share the customer never opened counts for no employee', async () => {
    const before = await stats('t1', 'hanmeimei');
    expect((await submit('c6-stranger', { name: '李四', phone: '13700000000' })).ok).toBe(true);
    expect(await stats('t1', 'hanmeimei')).toEqual(before);
  });
});

describe('T5/T6: since creation and inside the window', () => {
  it('T6: a visit after the task ended counts since creation but not in the window', async () => {
    const before = await stats('t-ended', 'lilei');
    await open('t6-c', { shareId: S.ended });
    const after = await stats('t-ended', 'lilei');
    expect(after.total.views - before.total.views).toBe(1);
    expect(after.total.newCustomers - before.total.newCustomers).toBe(1);
    expect(after.inWindow).toEqual(before.inWindow);
  });
});

describe('CU2: deleting my data', () => {
  it('CU2: removes the profile, relations and form data; keeps anonymised counts', async () => {
    const c = 'cu2-c';
    await open(c, { shareId: S.li });
    await call(c, 'forms.submit', {
      clientEventId: cid(),
      formId: 'f1',
      contentId: 'c1',
      shareId: S.li,
      fields: { name: '王小明', phone: '13812345678' },
      consent: true,
    });
    const fw = await forward(c, S.li);
    const before = await stats('t1', 'lilei');
    const res = await call(c, 'privacy.deleteMe', { confirm: true });
    expect(res).toEqual({ ok: true, data: { deleted: true } });
    expect(await get('customers', c)).toBeNull();
    expect(await find('relations', { customerId: c })).toEqual([]);
    expect(await find('taskCustomers', { customerId: c })).toEqual([]);
    expect(await find('customerDays', { customerId: c })).toEqual([]);
    expect(await find('events', { customerId: c })).toEqual([]);
    const request = await get('deletionRequests', c);
    expect(request.completedAt).not.toBeNull();
    const anonymised = await find('events', { customerId: request.pseudonym });
    expect(anonymised).toHaveLength(3);
    // No event keeps the OPENID, not even in its `_id`.
    expect(anonymised.filter((e) => String(e._id).includes(c))).toEqual([]);
    const form = anonymised.find((e) => e.type === 'form');
    expect(form.data.fields).toBeUndefined();
    expect(JSON.stringify(anonymised)).not.toContain('13812345678');
    expect(JSON.stringify(anonymised)).not.toContain('王小明');
    expect((await get('shares', fw.data.shareId)).sharerId).toBe(request.pseudonym);
    expect(await stats('t1', 'lilei')).toEqual(before);
    expect((await call(c, 'privacy.deleteMe', {})).error.code).toBe('INVALID_INPUT');
  });
});

describe('S1/S4: roles and bad input', () => {
  it('S1: the customer function has no employee actions, and a customer cannot call the employee function', async () => {
    expect((await call('s1-c', 'tasks.list', { status: 'active' })).error.code).toBe(
      'UNKNOWN_ACTION',
    );
    const res = await callAs(t, 'employee', 's1-c', { action: 'tasks.list', status: 'active' });
    expect(res.error.code).toBe('NOT_EMPLOYEE');
  });

  it.each([
    ['content.open', {}],
    ['content.open', { clientEventId: 'short', shareId: S.li }],
    ['content.open', { clientEventId: cid(), shareId: 'x'.repeat(200) }],
    ['events.record', { clientEventId: cid(), type: 'visit', contentId: 'c1' }],
    ['events.record', { clientEventId: cid(), type: 'dwell', contentId: 'c1', dwellMs: -1 }],
    ['shares.forward', { clientEventId: cid() }],
    [
      'forms.submit',
      { clientEventId: cid(), formId: 'f1', contentId: 'c1', fields: 'x', consent: true },
    ],
    ['bind.redeem', { token: '' }],
  ])(
    'S4: %s with %j is refused with INVALID_INPUT and changes nothing',
    async (action, payload) => {
      const res = await call('s4-c', action, payload);
      expect(res.ok).toBe(false);
      expect(res.error.code).toBe('INVALID_INPUT');
      expect(await get('customers', 's4-c')).toBeNull();
    },
  );
});
