/**
 * The `admin` function's content and tag library actions through the real function host and
 * SDK: AD1 (articles, forms, topic tags), AD5 (tag library, automatic tag rules), identity and
 * roles (S1), and bad input that changes nothing (S4).
 */
import fs from 'node:fs';
import path from 'node:path';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const ADMIN = 'openid-admin';
const STAFF = 'openid-staff';
const CUSTOMER = 'openid-customer';
const DAY = 24 * 3600 * 1000;

const employee = (id: string, roles: string[]) => ({
  _id: id,
  corpId: 'ww-test',
  name: id,
  avatar: '',
  position: '',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles,
  status: 'active',
});

const admin = (event: Record<string, unknown>) => callAs(t, 'admin', ADMIN, event);

const article = (overrides: Record<string, unknown> = {}) => ({
  title: '小户型收纳的 5 个思路',
  cover: 'https://example.com/cover.png',
  summary: '从玄关到阳台',
  blocks: [
    { type: 'heading', text: '玄关' },
    { type: 'text', text: '顶天立地的玄关柜。' },
    { type: 'image', url: 'https://example.com/1.png' },
  ],
  topicTags: ['装修灵感'],
  formId: 'form-seeded',
  ...overrides,
});

const form = (overrides: Record<string, unknown> = {}) => ({
  title: '免费量房预约',
  fields: [
    { key: 'name', label: '您的称呼', type: 'text', required: true },
    { key: 'phone', label: '手机号码', type: 'phone', required: true },
    { key: 'city', label: '所在城市', type: 'select', required: false, options: ['上海', '杭州'] },
  ],
  consentText: '我已阅读并同意《个人信息保护说明》',
  ...overrides,
});

/** Every collection this file's actions touch, to prove a refused call changed nothing. */
async function snapshot() {
  const all: Record<string, unknown[]> = {};
  for (const name of ['contents', 'forms', 'tags', 'tagRules', 'tasks']) {
    all[name] = (await t.db.collection(name).limit(1000).get()).data;
  }
  return JSON.stringify(all);
}

async function expectRefused(event: Record<string, unknown>, code: string, message: string) {
  const before = await snapshot();
  expect(await admin(event)).toEqual({ ok: false, error: { code, message } });
  expect(await snapshot()).toBe(before);
}

beforeAll(async () => {
  t = await startTestCloud();
  await t.db
    .collection('employees')
    .add({ data: [employee('boss', ['admin']), employee('staff', [])] });
  await t.db.collection('bindings').add({
    data: [
      { _id: ADMIN, userId: 'boss', corpId: 'ww-test', source: 'wecom', boundAt: new Date() },
      { _id: STAFF, userId: 'staff', corpId: 'ww-test', source: 'wecom', boundAt: new Date() },
    ],
  });
  // As the demo seeds them: no revision, no updatedAt on forms.
  await t.db.collection('forms').add({
    data: {
      _id: 'form-seeded',
      title: '领取优惠券',
      fields: [{ key: 'phone', label: '手机号码', type: 'phone', required: true }],
      consentText: '同意联系我',
      createdAt: new Date(Date.now() - 10 * DAY),
    },
  });
  await t.db.collection('tags').add({
    data: {
      _id: 'topic',
      kind: 'topic',
      name: '内容主题',
      tags: ['装修灵感', '促销活动'],
      revision: 1,
      createdAt: new Date(Date.now() - 10 * DAY),
      updatedAt: new Date(Date.now() - 10 * DAY),
    },
  });
});
afterAll(() => t.stop());

describe('AD1: articles', () => {
  let id: string;

  it('contents.save creates an article and contents.get reads it back', async () => {
    const saved = await admin({
      action: 'contents.save',
      ...article({ title: '  带空格的标题 ' }),
    });
    expect(saved).toEqual({ ok: true, data: { id: expect.any(String), revision: 1 } });
    id = saved.data.id;
    const got = await admin({ action: 'contents.get', id });
    expect(got.data).toMatchObject({
      ...article({ title: '带空格的标题' }),
      id,
      revision: 1,
    });
    expect(new Date(got.data.createdAt).getTime()).toBeGreaterThan(Date.now() - 60000);
  });

  it('contents.save updates at the current revision and refuses a stale one (EDIT_CONFLICT)', async () => {
    const updated = await admin({
      action: 'contents.save',
      ...article({ title: '新标题', formId: null, topicTags: [] }),
      id,
      revision: 1,
    });
    expect(updated).toEqual({ ok: true, data: { id, revision: 2 } });
    expect((await admin({ action: 'contents.get', id })).data).toMatchObject({
      title: '新标题',
      formId: null,
      topicTags: [],
      revision: 2,
    });
    await expectRefused(
      { action: 'contents.save', ...article({ title: '旧页面里的标题' }), id, revision: 1 },
      'EDIT_CONFLICT',
      '内容已被他人修改，请刷新后重试',
    );
  });

  it('contents.save on an article that is gone answers NOT_FOUND', async () => {
    await expectRefused(
      { action: 'contents.save', ...article(), id: 'no-such-content', revision: 1 },
      'NOT_FOUND',
      '内容不存在或已删除',
    );
  });

  it('contents.get of an unknown id answers NOT_FOUND', async () => {
    expect((await admin({ action: 'contents.get', id: 'nope' })).error).toEqual({
      code: 'NOT_FOUND',
      message: '内容不存在或已删除',
    });
  });

  it.each([
    [{ title: '' }, '请填写标题'],
    [{ title: '长'.repeat(61) }, '标题不能超过 60 个字'],
    [{ cover: '' }, '请填写封面图片地址'],
    [{ cover: 'http://example.com/a.png' }, '封面须为 https:// 开头的图片地址'],
    [{ summary: '摘'.repeat(121) }, '摘要不能超过 120 个字'],
    [{ blocks: [] }, '请至少添加一段正文'],
    [
      {
        blocks: [
          { type: 'text', text: 'a' },
          { type: 'text', text: ' ' },
        ],
      },
      '第 2 段：文字不能为空',
    ],
    [{ blocks: [{ type: 'heading', text: '标'.repeat(31) }] }, '第 1 段：小标题不能超过 30 个字'],
    [{ blocks: [{ type: 'image', url: 'ftp://x' }] }, '第 1 段：图片须为 https:// 开头的地址'],
    [{ blocks: Array.from({ length: 51 }, () => ({ type: 'text', text: 'a' })) }, '正文最多 50 段'],
    [{ topicTags: ['装修灵感', '装修灵感'] }, '主题标签「装修灵感」重复了'],
    [{ topicTags: ['不存在的标签'] }, '主题标签「不存在的标签」不在标签库中，请先在标签库添加'],
    [{ formId: 'no-such-form' }, '所选表单不存在或已删除'],
    [{ title: 42 }, '请求参数有误（title）'],
    [{ blocks: [{ type: 'video', url: 'https://x' }] }, '请求参数有误（blocks.0.type）'],
  ])('S4: contents.save %j -> %s, nothing saved', async (overrides, message) => {
    await expectRefused(
      { action: 'contents.save', ...article(overrides) },
      'INVALID_INPUT',
      message,
    );
  });

  it('contents.list pages newest first with a keyset cursor, never repeating an article', async () => {
    const base = Date.now() - 5 * DAY;
    await t.db.collection('contents').add({
      data: Array.from({ length: 7 }, (_, i) => ({
        _id: `bulk-${i}`,
        kind: 'article',
        ...article({ title: `批量 ${i}` }),
        // Two share a creation time: the _id breaks the tie.
        createdAt: new Date(base - (i === 4 ? 3 : i) * 1000),
        updatedAt: new Date(base),
      })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { data } = await admin({
        action: 'contents.list',
        pageSize: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...data.items.map((item: { id: string }) => item.id));
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      id,
      'bulk-0',
      'bulk-1',
      'bulk-2',
      'bulk-3',
      'bulk-4',
      'bulk-5',
      'bulk-6',
    ]);
    const first = (await admin({ action: 'contents.list', pageSize: 1 })).data.items[0];
    expect(first).toEqual({
      id,
      title: '新标题',
      cover: 'https://example.com/cover.png',
      summary: '从玄关到阳台',
      topicTags: [],
      formId: null,
      updatedAt: expect.any(String),
    });
  });

  it('S4: contents.list refuses a forged cursor', async () => {
    expect((await admin({ action: 'contents.list', cursor: 'forged' })).error).toEqual({
      code: 'INVALID_INPUT',
      message: '分页参数无效，请刷新后重试',
    });
  });

  it('contents.remove removes an article only drafts use', async () => {
    await t.db.collection('tasks').add({
      data: [
        { _id: 'task-draft', title: '草稿任务', contentId: 'bulk-5', state: 'draft' },
        { _id: 'task-live', title: '焕新节转发', contentId: 'bulk-6', state: 'published' },
        { _id: 'task-gone', title: '已取消的任务', contentId: 'bulk-3', state: 'cancelled' },
      ],
    });
    expect(await admin({ action: 'contents.remove', id: 'bulk-5' })).toEqual({
      ok: true,
      data: { removed: true },
    });
    expect((await admin({ action: 'contents.get', id: 'bulk-5' })).error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['bulk-6', '该内容正被任务「焕新节转发」使用，不能删除'],
    ['bulk-3', '该内容正被任务「已取消的任务」使用，不能删除'],
  ])(
    'contents.remove refuses %s, used by a non-draft task (CONTENT_IN_USE)',
    async (target, message) => {
      await expectRefused({ action: 'contents.remove', id: target }, 'CONTENT_IN_USE', message);
    },
  );

  it('S4: contents.remove of an unknown id answers NOT_FOUND', async () => {
    await expectRefused(
      { action: 'contents.remove', id: 'nope' },
      'NOT_FOUND',
      '内容不存在或已删除',
    );
  });
});

describe('AD1: forms', () => {
  let id: string;

  it('forms.save creates a form and forms.get reads it back', async () => {
    const saved = await admin({ action: 'forms.save', ...form() });
    expect(saved).toEqual({ ok: true, data: { id: expect.any(String), revision: 1 } });
    id = saved.data.id;
    expect((await admin({ action: 'forms.get', id })).data).toMatchObject({
      ...form(),
      id,
      revision: 1,
    });
  });

  it('forms.save updates a seeded form (no revision yet) at revision 0, then refuses revision 0', async () => {
    const input = form({ title: '领取优惠券（新）' });
    expect(await admin({ action: 'forms.save', ...input, id: 'form-seeded', revision: 0 })).toEqual(
      {
        ok: true,
        data: { id: 'form-seeded', revision: 1 },
      },
    );
    await expectRefused(
      { action: 'forms.save', ...input, id: 'form-seeded', revision: 0 },
      'EDIT_CONFLICT',
      '内容已被他人修改，请刷新后重试',
    );
  });

  it('forms.list lists forms newest first with field counts', async () => {
    const { data } = await admin({ action: 'forms.list' });
    expect(data.items.map((item: { id: string }) => item.id)).toEqual([id, 'form-seeded']);
    expect(data.items[0]).toEqual({
      id,
      title: '免费量房预约',
      fieldCount: 3,
      hasPhone: true,
      updatedAt: expect.any(String),
    });
    expect(data.nextCursor).toBeNull();
  });

  it('forms.get of an unknown id answers NOT_FOUND', async () => {
    expect((await admin({ action: 'forms.get', id: 'nope' })).error.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ title: ' ' }, '请填写表单名称'],
    [{ fields: [] }, '请至少添加一个字段'],
    [{ consentText: '' }, '请填写个人信息授权说明：客户未同意时不能提交（个人信息保护法）'],
    [
      {
        fields: [{ key: 'city', label: '城市', type: 'select', required: true, options: ['上海'] }],
      },
      '第 1 个字段：单选至少需要 2 个选项',
    ],
    [
      {
        fields: [
          { key: 'a', label: '称呼', type: 'text', required: true },
          { key: 'a', label: '电话', type: 'phone', required: true },
        ],
      },
      '第 2 个字段：字段标识重复',
    ],
    [
      { fields: [{ key: 'a', label: '', type: 'text', required: true }] },
      '第 1 个字段：请填写字段名称',
    ],
    [
      { fields: [{ key: '1x', label: '称呼', type: 'text', required: true }] },
      '第 1 个字段：字段标识无效',
    ],
    [
      { fields: [{ key: 'a', label: '称呼', type: 'email', required: true }] },
      '请求参数有误（fields.0.type）',
    ],
  ])('S4: forms.save %j -> %s, nothing saved', async (overrides, message) => {
    await expectRefused({ action: 'forms.save', ...form(overrides) }, 'INVALID_INPUT', message);
  });
});

describe('AD1 + AD5: the tag library', () => {
  let groupId: string;

  it('tags.list shows the topic group and no manual groups yet', async () => {
    expect((await admin({ action: 'tags.list' })).data).toEqual({
      topic: {
        id: 'topic',
        kind: 'topic',
        name: '内容主题',
        tags: ['装修灵感', '促销活动'],
        revision: 1,
      },
      groups: [],
    });
  });

  it('tags.save creates a manual group, then renames it and changes its tags', async () => {
    const created = await admin({
      action: 'tags.save',
      name: '客户阶段',
      tags: ['初次接触', '已到店'],
    });
    expect(created).toEqual({ ok: true, data: { id: expect.any(String), revision: 1 } });
    groupId = created.data.id;
    expect(
      await admin({
        action: 'tags.save',
        id: groupId,
        revision: 1,
        name: '跟进阶段',
        tags: ['已到店', '已签约'],
      }),
    ).toEqual({ ok: true, data: { id: groupId, revision: 2 } });
    expect((await admin({ action: 'tags.list' })).data.groups).toEqual([
      { id: groupId, kind: 'manual', name: '跟进阶段', tags: ['已到店', '已签约'], revision: 2 },
    ]);
  });

  it('tags.save adds a topic tag the article editor can then use', async () => {
    expect(
      await admin({
        action: 'tags.save',
        id: 'topic',
        revision: 1,
        name: '内容主题',
        tags: ['装修灵感', '促销活动', '软装搭配'],
      }),
    ).toEqual({ ok: true, data: { id: 'topic', revision: 2 } });
    expect(
      (await admin({ action: 'contents.save', ...article({ topicTags: ['软装搭配'] }) })).ok,
    ).toBe(true);
  });

  it.each([
    [{ name: '', tags: [] }, '请填写分组名称'],
    [{ name: '跟进阶段', tags: [] }, '分组「跟进阶段」已存在'],
    [{ name: '来源', tags: ['已签约'] }, '标签「已签约」已在分组「跟进阶段」中'],
    [{ name: '来源', tags: ['软装搭配'] }, '标签「软装搭配」已在分组「内容主题」中'],
    [{ name: '来源', tags: ['高意向'] }, '「高意向」是自动标签，不能手动添加'],
    [{ name: '来源', tags: ['展会', '展会'] }, '标签「展会」重复了'],
    [
      { name: '来源', tags: ['这是一个超过十二个字的标签名称'] },
      '标签「这是一个超过十二个字的标签名称」超过 12 个字',
    ],
  ])('S4: tags.save %j -> %s, nothing saved', async (payload, message) => {
    await expectRefused({ action: 'tags.save', ...payload }, 'INVALID_INPUT', message);
  });

  it('tags.save refuses to drop a topic tag an article uses (TAG_IN_USE) and a stale revision', async () => {
    await expectRefused(
      {
        action: 'tags.save',
        id: 'topic',
        revision: 2,
        name: '内容主题',
        tags: ['装修灵感', '促销活动'],
      },
      'TAG_IN_USE',
      '主题标签「软装搭配」正被内容「小户型收纳的 5 个思路」使用，不能删除',
    );
    await expectRefused(
      { action: 'tags.save', id: groupId, revision: 1, name: '跟进阶段', tags: [] },
      'EDIT_CONFLICT',
      '内容已被他人修改，请刷新后重试',
    );
  });

  it('tags.remove removes a manual group, never the topic group', async () => {
    await expectRefused(
      { action: 'tags.remove', id: 'topic' },
      'INVALID_INPUT',
      '内容主题分组不能删除，可以删除其中未被使用的标签',
    );
    expect(await admin({ action: 'tags.remove', id: groupId })).toEqual({
      ok: true,
      data: { removed: true },
    });
    expect((await admin({ action: 'tags.list' })).data.groups).toEqual([]);
    await expectRefused(
      { action: 'tags.remove', id: groupId },
      'NOT_FOUND',
      '标签分组不存在或已删除',
    );
  });
});

describe('AD5: automatic tag rules (C7)', () => {
  it('tagRules.list gives every rule with its defaults before anything is saved', async () => {
    expect((await admin({ action: 'tagRules.list' })).data.rules).toEqual([
      {
        kind: 'highIntent',
        tag: '高意向',
        enabled: true,
        params: { visits: 3, days: 7 },
        revision: 0,
      },
      { kind: 'leadCaptured', tag: '已留资', enabled: true, params: {}, revision: 0 },
      { kind: 'highSpread', tag: '高传播', enabled: true, params: { network: 5 }, revision: 0 },
      { kind: 'dormant', tag: '沉睡', enabled: true, params: { quietDays: 7 }, revision: 0 },
      { kind: 'topic', tag: '内容主题标签', enabled: true, params: { visits: 1 }, revision: 0 },
    ]);
  });

  it('tagRules.save stores parameters and the enabled switch, then needs the new revision', async () => {
    const save = (revision: number, enabled = true) =>
      admin({
        action: 'tagRules.save',
        kind: 'highIntent',
        enabled,
        params: { visits: 5, days: 14 },
        revision,
      });
    expect(await save(0)).toEqual({ ok: true, data: { revision: 1 } });
    expect(await save(1, false)).toEqual({ ok: true, data: { revision: 2 } });
    const rules = (await admin({ action: 'tagRules.list' })).data.rules;
    expect(rules[0]).toEqual({
      kind: 'highIntent',
      tag: '高意向',
      enabled: false,
      params: { visits: 5, days: 14 },
      revision: 2,
    });
    await expectRefused(
      {
        action: 'tagRules.save',
        kind: 'highIntent',
        enabled: true,
        params: { visits: 5, days: 14 },
        revision: 1,
      },
      'EDIT_CONFLICT',
      '内容已被他人修改，请刷新后重试',
    );
    await expectRefused(
      {
        action: 'tagRules.save',
        kind: 'dormant',
        enabled: true,
        params: { quietDays: 7 },
        revision: 3,
      },
      'EDIT_CONFLICT',
      '内容已被他人修改，请刷新后重试',
    );
  });

  it.each([
    [{ kind: 'highIntent', params: { visits: 1, days: 7 } }, '访问次数须为 2-100 的整数'],
    [{ kind: 'highIntent', params: { visits: 3 } }, '天数须为 1-90 的整数'],
    [{ kind: 'highSpread', params: { network: 2.5 } }, '人脉人数须为 1-1000 的整数'],
    [{ kind: 'dormant', params: { quietDays: 0 } }, '沉睡天数须为 1-365 的整数'],
    [{ kind: 'leadCaptured', params: { visits: 1 } }, '不支持的参数：visits'],
    [{ kind: 'vip', params: {} }, '请求参数有误（kind）'],
  ])('S4: tagRules.save %j -> %s, nothing saved', async (payload, message) => {
    await expectRefused(
      { action: 'tagRules.save', enabled: true, revision: 0, ...payload },
      'INVALID_INPUT',
      message,
    );
  });
});

/** A valid payload for every action: the role check must refuse it, not the schema. */
const EVERY_ACTION: [string, Record<string, unknown>][] = [
  ['contents.list', {}],
  ['contents.get', { id: 'bulk-0' }],
  ['contents.save', article()],
  ['contents.remove', { id: 'bulk-0' }],
  ['forms.list', {}],
  ['forms.get', { id: 'form-seeded' }],
  ['forms.save', form()],
  ['tags.list', {}],
  ['tags.save', { name: '来源', tags: ['展会'] }],
  ['tags.remove', { id: 'whatever' }],
  ['tagRules.list', {}],
  ['tagRules.save', { kind: 'dormant', enabled: false, params: { quietDays: 9 }, revision: 0 }],
];

describe('S1: AD1/AD5 actions are for admins only', () => {
  it.each(EVERY_ACTION)(
    '%s: a customer gets NOT_EMPLOYEE and nothing changes',
    async (name, payload) => {
      const before = await snapshot();
      expect(await callAs(t, 'admin', CUSTOMER, { action: name, ...payload })).toEqual({
        ok: false,
        error: { code: 'NOT_EMPLOYEE', message: '仅限企业员工使用' },
      });
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(EVERY_ACTION)(
    '%s: an ordinary employee gets FORBIDDEN and nothing changes',
    async (name, payload) => {
      const before = await snapshot();
      expect(await callAs(t, 'admin', STAFF, { action: name, ...payload })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: '没有权限执行此操作' },
      });
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(EVERY_ACTION)('%s: an anonymous call gets UNAUTHENTICATED', async (name, payload) => {
    expect((await callAs(t, 'admin', undefined, { action: name, ...payload })).error.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('the list covers every content action of the admin function', () => {
    // Read, not imported: importing would re-initialise the SDK this file points at the cloud.
    const source = fs.readFileSync(
      path.join(__dirname, '../../../cloudfunctions/admin/content.ts'),
      'utf8',
    );
    const block = source.slice(source.indexOf('export const contentActions'));
    const declared = Array.from(block.matchAll(/'([a-zA-Z]+\.[a-zA-Z]+)':/g), (m) => m[1]);
    expect(EVERY_ACTION.map(([name]) => name).sort()).toEqual(declared.sort());
  });
});
