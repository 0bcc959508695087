/**
 * 用户画像 and 客户档案 through the real functions (C1-C8, S2): a customer's source, activity,
 * network, forms, tags, follow-ups and the archive's filters, and that an employee never reads
 * another employee's customer through any of these actions.
 */
import { randomUUID } from 'node:crypto';
import { addClaimedShares } from '../support/attribution-fixture';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

const SHARE = { li: 'LiLeiProfil1', han: 'HanMeiProfi1' };
const OPENID = { li: 'openid-lilei', han: 'openid-han', boss: 'openid-boss' };
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
  await addClaimedShares(t, { lilei: SHARE.li, hanmeimei: SHARE.han });
  await t.db.collection('employees').add({
    data: {
      _id: 'boss',
      corpId: 'ww-test',
      name: '老板',
      avatar: '',
      position: '总经理',
      departmentIds: ['1'],
      leadsDepartmentIds: [],
      roles: ['admin'],
      status: 'active',
    },
  });
  const bind = (openid: string, userId: string) => ({
    _id: openid,
    userId,
    corpId: 'ww-test',
    source: 'wecom',
    boundAt: new Date(),
  });
  await t.db.collection('bindings').add({
    data: [bind(OPENID.li, 'lilei'), bind(OPENID.han, 'hanmeimei'), bind(OPENID.boss, 'boss')],
  });
  await t.db.collection('tags').add({
    data: {
      _id: 'g-stage',
      kind: 'manual',
      name: '客户阶段',
      tags: ['意向客户', '已到店'],
      revision: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });

  // 王芳 opens 李雷's share, reads, forwards; 赵强 opens her forward, and forwards on to 孙丽.
  await open('wangfang', SHARE.li, '王芳');
  await customer('wangfang', 'events.record', {
    clientEventId: randomUUID(),
    type: 'dwell',
    contentId: 'c1',
    shareId: SHARE.li,
    dwellMs: 30_000,
    scrollDepth: 80,
  });
  const child = await customer('wangfang', 'shares.forward', {
    clientEventId: randomUUID(),
    parentShareId: SHARE.li,
  });
  await open('zhaoqiang', child.shareId, '赵强');
  const grandchild = await customer('zhaoqiang', 'shares.forward', {
    clientEventId: randomUUID(),
    parentShareId: child.shareId,
  });
  await open('sunli', grandchild.shareId, '孙丽');
  await customer('wangfang', 'forms.submit', {
    clientEventId: randomUUID(),
    formId: 'f1',
    contentId: 'c1',
    shareId: SHARE.li,
    fields: { phone: '13912345678' },
    consent: true,
  });
  // 王芳 also opens 韩梅梅's share: she is 韩梅梅's customer too, but not the one who brought her.
  await open('wangfang', SHARE.han, '王芳');
  // 陈静 is 韩梅梅's alone.
  await open('chenjing', SHARE.han, '陈静');
  // Nicknames are the profile's own base fields (WeChat gives them on real devices).
  for (const [id, nickname] of Object.entries(NAMES))
    await t.db.collection('customers').doc(id).update({ data: { nickname } });
});
afterAll(() => t.stop());

const NAMES: Record<string, string> = {
  wangfang: '王芳',
  zhaoqiang: '赵强',
  sunli: '孙丽',
  chenjing: '陈静',
};

async function customer(openid: string, action: string, payload: Record<string, unknown>) {
  const res = await callAs(t, 'customer', openid, { action, ...payload });
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}

function open(openid: string, shareId: string, _name: string) {
  return customer(openid, 'content.open', { clientEventId: randomUUID(), shareId });
}

const employee = (openid: string, action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'employee', openid, { action, ...payload });

async function ok(openid: string, action: string, payload: Record<string, unknown> = {}) {
  const res = await employee(openid, action, payload);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}

it('A4/A8: the source is the first touch: task, share method and sharer; a forward names the customer', async () => {
  const wang = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  expect(wang.source).toMatchObject({
    kind: 'share',
    label: '微信聊天',
    taskId: 't1',
    taskTitle: '转发挑战',
    sharer: { kind: 'employee', name: 'lilei' },
  });
  const zhao = await ok(OPENID.li, 'customers.profile', { customerId: 'zhaoqiang' });
  expect(zhao.source).toMatchObject({ kind: 'share', sharer: { kind: 'customer', name: '王芳' } });
});

it('C1/C2: 活跃度 counts every interaction; 近30天活跃 has 30 days ending today', async () => {
  const wang = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  // Two visits (one per share), a forward and a form; the dwell is reading time, not an interaction.
  expect(wang.activity).toMatchObject({ visits: 2, forwards: 1, forms: 1 });
  expect(wang.activity.total).toBe(4);
  expect(wang.recent.days).toHaveLength(30);
  expect(wang.recent.total).toBe(4);
  expect(wang.recent.days[29].interactions).toBe(4);
  expect(
    wang.recent.days.slice(0, 29).every((d: { interactions: number }) => d.interactions === 0),
  ).toBe(true);
});

it('C3: TA的人脉 counts the customers brought down her forwards and draws the tree', async () => {
  const wang = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  expect(wang.network.count).toBe(2);
  expect(wang.network.tree).toEqual({
    customerId: 'wangfang',
    name: '王芳',
    children: [
      {
        customerId: 'zhaoqiang',
        name: '赵强',
        children: [{ customerId: 'sunli', name: '孙丽', children: [] }],
      },
    ],
  });
});

it('C4: a dwell shows how long and how far the page was read', async () => {
  const page = await ok(OPENID.li, 'customers.events', { customerId: 'wangfang' });
  const dwell = page.items.find((i: { type: string }) => i.type === 'dwell');
  expect(dwell).toMatchObject({ dwellMs: 30_000, scrollDepth: 80, label: '阅读停留' });
});

it('C6: the phone is in full for the employee it came through and admins, masked for a colleague', async () => {
  const mine = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  expect(mine.forms).toHaveLength(1);
  expect(mine.forms[0].fields).toEqual([{ label: '手机号', value: '13912345678', phone: true }]);
  const admin = await ok(OPENID.boss, 'customers.profile', { customerId: 'wangfang' });
  expect(admin.forms[0].fields[0].value).toBe('13912345678');
  // 王芳 is 韩梅梅's customer too (she opened her share), but the form came through 李雷's.
  const colleague = await ok(OPENID.han, 'customers.profile', { customerId: 'wangfang' });
  expect(colleague.forms[0].fields[0].value).toBe('139****5678');
});

it('C7: automatic tags from the rules; manual tags from the library, added and removed', async () => {
  const before = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  expect(before.tags.auto).toContain('已留资');
  expect(before.tags.manual).toEqual([]);
  expect(before.tagLibrary).toEqual([{ name: '客户阶段', tags: ['意向客户', '已到店'] }]);

  const set = await ok(OPENID.li, 'customers.tags.set', {
    customerId: 'wangfang',
    tags: ['意向客户', '已到店'],
  });
  expect(set.manual).toEqual(['意向客户', '已到店']);
  await ok(OPENID.li, 'customers.tags.set', { customerId: 'wangfang', tags: ['已到店'] });
  const after = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  expect(after.tags.manual).toEqual(['已到店']);

  const unknown = await employee(OPENID.li, 'customers.tags.set', {
    customerId: 'wangfang',
    tags: ['VIP'],
  });
  expect(unknown.error.code).toBe('TAG_NOT_IN_LIBRARY');
  expect(unknown.error.message).toContain('VIP');
  const unchanged = await ok(OPENID.li, 'customers.profile', { customerId: 'wangfang' });
  expect(unchanged.tags.manual).toEqual(['已到店']);
});

it('C5: a follow-up is added once per request, edited only by its author, and its date reminds through the outbox', async () => {
  const requestId = randomUUID();
  const payload = {
    customerId: 'wangfang',
    requestId,
    text: '电话沟通了餐桌尺寸，周末到店',
    way: '电话',
    nextDate: '2099-01-02',
  };
  const [first, retried] = await Promise.all([
    ok(OPENID.li, 'followups.add', payload),
    ok(OPENID.li, 'followups.add', payload),
  ]);
  expect(retried.id).toBe(first.id);
  const list = await ok(OPENID.li, 'followups.list', { customerId: 'wangfang' });
  expect(list.items).toHaveLength(1);
  expect(list.items[0]).toMatchObject({
    text: payload.text,
    way: '电话',
    nextDate: '2099-01-02',
    mine: true,
    authorName: 'lilei',
  });

  const outbox = () => t.db.collection('outbox').where({ kind: 'followUpDue' }).get();
  let items = (await outbox()).data;
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ userId: 'lilei', state: 'pending' });
  expect(new Date(items[0].nextAttemptAt).toISOString()).toBe('2099-01-02T01:00:00.000Z');

  // A colleague reads it (she shares the customer) but cannot edit it.
  const seen = await ok(OPENID.han, 'followups.list', { customerId: 'wangfang' });
  expect(seen.items[0]).toMatchObject({ mine: false });
  const refused = await employee(OPENID.han, 'followups.update', {
    followUpId: first.id,
    revision: first.revision,
    text: '改掉',
    way: '微信',
  });
  expect(refused.error).toEqual({ code: 'FORBIDDEN', message: '只能修改自己写的跟进记录' });

  const edited = await ok(OPENID.li, 'followups.update', {
    followUpId: first.id,
    revision: first.revision,
    text: '改约到下周',
    way: '微信',
    nextDate: '2099-01-09',
  });
  expect(edited).toMatchObject({ text: '改约到下周', way: '微信', revision: 2 });
  const stale = await employee(OPENID.li, 'followups.update', {
    followUpId: first.id,
    revision: 1,
    text: '旧版本',
    way: '微信',
  });
  expect(stale.error.code).toBe('EDIT_CONFLICT');
  items = (await outbox()).data;
  const byState = Object.fromEntries(
    items.map((i: { state: string; nextAttemptAt: Date }) => [
      i.state,
      new Date(i.nextAttemptAt).toISOString(),
    ]),
  );
  expect(byState).toEqual({
    suppressed: '2099-01-02T01:00:00.000Z',
    pending: '2099-01-09T01:00:00.000Z',
  });

  const bad = await employee(OPENID.li, 'followups.add', {
    ...payload,
    requestId: randomUUID(),
    text: '',
    nextDate: '2099-02-30',
  });
  expect(bad.error.code).toBe('INVALID_INPUT');
  expect((await ok(OPENID.li, 'followups.list', { customerId: 'wangfang' })).items).toHaveLength(1);
});

it('C8: the archive filters by name or remark, tag, source task and 有电话', async () => {
  const archive = async (filter: Record<string, unknown>) =>
    (await ok(OPENID.li, 'customers.archive', filter)).items
      .map((r: { customerId: string }) => r.customerId)
      .sort();
  expect(await archive({})).toEqual(['sunli', 'wangfang', 'zhaoqiang']);
  expect(await archive({ query: '赵' })).toEqual(['zhaoqiang']);
  await ok(OPENID.li, 'customers.remark.set', { customerId: 'sunli', remark: '老客户介绍' });
  expect(await archive({ query: '老客户' })).toEqual(['sunli']);
  expect(await archive({ hasPhone: true })).toEqual(['wangfang']);
  expect(await archive({ hasPhone: false })).toEqual(['sunli', 'zhaoqiang']);
  expect(await archive({ tag: '已到店' })).toEqual(['wangfang']);
  expect(await archive({ taskId: 't1' })).toEqual(['sunli', 'wangfang', 'zhaoqiang']);
  expect(await archive({ taskId: 'other' })).toEqual([]);
  const row = (await ok(OPENID.li, 'customers.archive', { query: '王' })).items[0];
  expect(row).toMatchObject({ nickname: '王芳', hasPhone: true, tags: ['已到店'] });
  // A remark is the caller's own: 韩梅梅 does not find 孙丽 by 李雷's words.
  const han = await ok(OPENID.han, 'customers.archive', { query: '老客户' });
  expect(han.items).toEqual([]);

  const filters = await ok(OPENID.li, 'customers.filters');
  expect(filters.tasks).toEqual([{ id: 't1', title: '转发挑战' }]);
  expect(filters.tags).toEqual(expect.arrayContaining(['意向客户', '已到店', '高意向', '已留资']));
});

it("S2: every profile action refuses another employee's customer, and changes nothing", async () => {
  const stranger = { customerId: 'chenjing' }; // 韩梅梅's alone
  const refusals = await Promise.all([
    employee(OPENID.li, 'customers.profile', stranger),
    employee(OPENID.li, 'customers.events', stranger),
    employee(OPENID.li, 'followups.list', stranger),
    employee(OPENID.li, 'followups.add', {
      ...stranger,
      requestId: randomUUID(),
      text: '偷看',
      way: '电话',
    }),
    employee(OPENID.li, 'customers.tags.set', { ...stranger, tags: ['已到店'] }),
    employee(OPENID.li, 'customers.remark.set', { ...stranger, remark: '偷看' }),
  ]);
  for (const res of refusals)
    expect(res).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '客户不存在或不属于你' },
    });
  const own = await ok(OPENID.han, 'customers.profile', stranger);
  expect(own.tags.manual).toEqual([]);
  expect(own.remark).toBe('');
  expect((await ok(OPENID.han, 'followups.list', stranger)).items).toEqual([]);
  // The archive never lists her for 李雷, whatever the filter.
  const archive = await ok(OPENID.li, 'customers.archive', { query: '陈' });
  expect(archive.items).toEqual([]);
});
