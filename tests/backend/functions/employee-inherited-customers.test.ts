/**
 * 离职继承 (AD4) seen from the employee side, through the real functions: customers come from
 * `customer.content.open` of employees' shares, the leaver departs through the org sync, and
 * `admin.org.handover` hands their customers over. Then the heir's 客户档案 (A8) lists them,
 * tagged as inherited, in one keyset list with the heir's own customers, and 行为记录 (C4) is
 * open to the heir; S2 keeps everyone else out. docs/attribution.md, "Whose customers".
 */
import type { WeComOrg } from '../../../local/fakes/wecom';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';
import { addPublishedTask } from '../support/task-fixture';

let t: TestCloud;
const now = Date.now();
const DAY = 24 * 3600 * 1000;

const NAMES: Record<string, string> = {
  zhangwei: '张伟',
  zhoujie: '周杰',
  maqian: '马倩',
  hejia: '何佳',
  lixue: '李雪',
};
const member = (userid: string, status: 1 | 5 = 1) => ({
  userid,
  name: NAMES[userid]!,
  department: [1],
  status,
});
const org = (leaverStatus: 1 | 5): WeComOrg => ({
  departments: [{ id: 1, name: '栖木家居', parentid: 0 }],
  users: Object.keys(NAMES).map((u) => member(u, u === 'zhoujie' ? leaverStatus : 1)),
});

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: org(1) });
  await t.db.collection('employees').add({
    data: Object.keys(NAMES).map((u) => ({
      _id: u,
      corpId: 'ww-demo-corp',
      name: NAMES[u],
      avatar: '',
      position: '',
      departmentIds: ['1'],
      leadsDepartmentIds: [],
      roles: u === 'zhangwei' ? ['admin'] : [],
      status: 'active',
    })),
  });
  await t.db.collection('bindings').add({
    data: Object.keys(NAMES).map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-demo-corp',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
  // One task in progress, assigned to the leaver, the heir and a colleague.
  await addPublishedTask(t, 'zhoujie', now);
  const row = (await t.db.collection('taskAssignees').where({ _id: 't1:zhoujie' }).get()).data[0];
  const { _id: _ignored, ...fields } = row;
  await t.db.collection('taskAssignees').add({
    data: ['maqian', 'hejia'].map((u) => ({ ...fields, _id: `t1:${u}`, userId: u })),
  });
});
afterAll(() => t.stop());

const as = (userId: string, action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'employee', `openid-${userId}`, { action, ...payload });
const admin = (action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'admin', 'openid-zhangwei', { action, ...payload });

let opens = 0;
async function open(customerId: string, shareId: string | null) {
  opens += 1;
  const res = await callAs(t, 'customer', customerId, {
    action: 'content.open',
    clientEventId: `open-${opens}-${customerId}`,
    ...(shareId ? { shareId } : { contentId: 'c1' }),
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  // Distinct times, so the expected order is plain (ties are covered by the domain test).
  await new Promise((resolve) => setTimeout(resolve, 5));
}

async function shareOf(userId: string): Promise<string> {
  expect((await as(userId, 'tasks.claim', { taskId: 't1' })).ok).toBe(true);
  const res = await as(userId, 'shares.create', {
    taskId: 't1',
    channel: 'wechat_chat',
    requestId: `req-${userId}-1`,
  });
  expect(res.ok).toBe(true);
  return res.data.shareId as string;
}

interface Row {
  customerId: string;
  lastAt: string;
  broughtByMe: boolean;
  inheritedFrom?: { employeeId: string; name: string };
}

/** Walks the archive page by page; every page answers ok. */
async function walk(userId: string, pageSize: number) {
  const items: Row[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await as(userId, 'customers.archive', { pageSize, ...(cursor ? { cursor } : {}) });
    expect(res.ok).toBe(true);
    expect(res.data.items.length).toBeLessThanOrEqual(pageSize);
    items.push(...res.data.items);
    cursor = res.data.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 100);
  return { items, pages };
}

const ids = (rows: Row[]) => rows.map((r) => r.customerId);
const byActivity = (a: Row, b: Row) =>
  Date.parse(b.lastAt) - Date.parse(a.lastAt) || (a.customerId < b.customerId ? -1 : 1);

describe('AD4: the heir sees and follows up the customers handed to them', () => {
  beforeAll(async () => {
    const zhoujie = await shareOf('zhoujie');
    const maqian = await shareOf('maqian');
    const hejia = await shareOf('hejia');
    // 周杰 brings five customers; 何佳 also reached cust-d, and brought cust-e, whom 周杰 reached.
    for (const c of ['cust-a', 'cust-b', 'cust-c', 'cust-d', 'cust-g']) await open(c, zhoujie);
    await open('cust-d', hejia);
    await open('cust-e', hejia);
    // cust-h first opened the article directly (no origin), then 周杰's share: he brought her (A6).
    await open('cust-h', null);
    await open('cust-h', zhoujie);
    await open('cust-e', zhoujie);
    // 马倩 brings her own customer, and reaches two of 周杰's: related to both.
    await open('cust-m', maqian);
    await open('cust-c', maqian);
    await open('cust-g', maqian);

    // 周杰 leaves: the org sync marks him departed, and the admin hands his customers to 马倩.
    t.local.wecom.control.setOrg(org(5));
    expect((await admin('org.sync')).data).toMatchObject({ done: true });
    const handover = await admin('org.handover', { fromUserId: 'zhoujie', toUserId: 'maqian' });
    expect(handover.data).toEqual({ fromUserId: 'zhoujie', toUserId: 'maqian', moved: 6 });
    // After the hand-over cust-b reads on (dwell): the most recent activity of her archive.
    const dwell = await callAs(t, 'customer', 'cust-b', {
      action: 'events.record',
      clientEventId: 'dwell-cust-b-1',
      type: 'dwell',
      contentId: 'c1',
      dwellMs: 30_000,
    });
    expect(dwell.ok).toBe(true);
  });

  it('AD4/A8: the heir’s 客户档案 lists the leaver’s customers, tagged inherited, each once', async () => {
    const { items } = await walk('maqian', 50);
    expect(ids(items).sort()).toEqual(
      ['cust-a', 'cust-b', 'cust-c', 'cust-d', 'cust-g', 'cust-h', 'cust-m'].sort(),
    );
    const inherited = items.filter((i) => i.inheritedFrom);
    // cust-h too: her first touch was direct, but 周杰 brought her, so she was his.
    expect(ids(inherited).sort()).toEqual([
      'cust-a',
      'cust-b',
      'cust-c',
      'cust-d',
      'cust-g',
      'cust-h',
    ]);
    for (const row of inherited) {
      expect(row.inheritedFrom).toEqual({ employeeId: 'zhoujie', name: '周杰' });
    }
    // Most recent activity first: cust-b read on after the hand-over.
    expect(items[0]!.customerId).toBe('cust-b');
    expect([...items].sort(byActivity)).toEqual(items);
    // cust-e: 周杰 reached her but 何佳 brought her, so she was 何佳's and was not handed over.
    expect(ids(items)).not.toContain('cust-e');
  });

  it('A6/AD4: broughtByMe stays false for inherited rows; the heir’s own customer keeps it', async () => {
    const { items } = await walk('maqian', 50);
    expect(items.filter((i) => i.inheritedFrom).every((i) => i.broughtByMe === false)).toBe(true);
    const own = items.find((i) => i.customerId === 'cust-m')!;
    expect(own).toMatchObject({ broughtByMe: true });
    expect(own.inheritedFrom).toBeUndefined();
    // A customer related to both the leaver and the heir is one inherited row.
    expect(items.filter((i) => i.customerId === 'cust-c')).toEqual([
      expect.objectContaining({ inheritedFrom: { employeeId: 'zhoujie', name: '周杰' } }),
    ]);
  });

  it.each([1, 2])(
    'A8/AD4: pageSize %i visits every customer exactly once, in the same order',
    async (pageSize) => {
      const whole = await walk('maqian', 50);
      const paged = await walk('maqian', pageSize);
      expect(ids(paged.items)).toEqual(ids(whole.items));
      expect(new Set(ids(paged.items)).size).toBe(7);
      expect(paged.pages).toBeGreaterThanOrEqual(Math.ceil(7 / pageSize));
    },
  );

  it('AD4/S2: the heir reads 行为记录 of an inherited customer; a third employee gets NOT_FOUND', async () => {
    const records = await as('maqian', 'customers.events', { customerId: 'cust-a' });
    expect(records.ok).toBe(true);
    expect(records.data.items).toEqual([
      expect.objectContaining({ type: 'visit', via: { kind: 'employee', name: '周杰' } }),
    ]);
    expect((await as('maqian', 'customers.events', { customerId: 'cust-b' })).ok).toBe(true);
    expect(await as('lixue', 'customers.events', { customerId: 'cust-a' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '客户不存在或不属于你' },
    });
    expect((await as('lixue', 'customers.archive')).data).toEqual({ items: [], nextCursor: null });
    // Not the leaver's customer (何佳 brought cust-e): not handed over, not the heir's.
    expect((await as('maqian', 'customers.events', { customerId: 'cust-e' })).error.code).toBe(
      'NOT_FOUND',
    );
  });

  it('S2/A5: a colleague related to a handed-over customer keeps them (a hand-over takes nothing from them)', async () => {
    const { items } = await walk('hejia', 50);
    expect(ids(items).sort()).toEqual(['cust-d', 'cust-e']);
    expect(items.every((i) => !i.inheritedFrom)).toBe(true);
    expect((await as('hejia', 'customers.events', { customerId: 'cust-d' })).ok).toBe(true);
  });

  it('S2/AD4: customers handed away are no longer the leaver’s, even if they come back', async () => {
    // 周杰 rejoins: active again, but what was handed to 马倩 stays hers.
    t.local.wecom.control.setOrg(org(1));
    expect((await admin('org.sync')).data).toMatchObject({ done: true });
    const { items } = await walk('zhoujie', 1);
    // cust-e (brought by 何佳) is still his own relation; the six handed over are not.
    expect(ids(items)).toEqual(['cust-e']);
    expect((await as('zhoujie', 'customers.events', { customerId: 'cust-a' })).error.code).toBe(
      'NOT_FOUND',
    );
    expect((await as('zhoujie', 'customers.events', { customerId: 'cust-e' })).ok).toBe(true);
  });

  it('AD4: the hand-over records whom the customers came from (ownerFrom), origin unchanged', async () => {
    const doc = (await t.db.collection('customers').where({ _id: 'cust-a' }).get()).data[0];
    expect(doc).toMatchObject({
      ownerEmployeeId: 'maqian',
      ownerFrom: 'zhoujie',
      origin: expect.objectContaining({ rootEmployeeId: 'zhoujie' }),
    });
    expect(Math.abs(doc.ownerSince.getTime() - Date.now())).toBeLessThan(DAY);
  });
});
