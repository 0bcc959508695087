/**
 * 用户画像 (C1-C7) with 跟进记录 (C5) and 行为记录 (C4): states, sections and the follow-up form,
 * against a fake backend answering the contract's shapes.
 */
import type { CustomerProfile, FollowUp } from '../../typings/insight';
import { fail, ok, offline, world, type FunctionEvent } from './support/world';
import { openPage, tap, textOf, waitFor, waitForText } from './support/render';

const PROFILE = 'packages/insight/pages/profile/index';

const profile = (overrides: Partial<CustomerProfile> = {}): CustomerProfile => ({
  customerId: 'c1',
  nickname: '王女士',
  avatar: '',
  firstSeenAt: '2026-11-20T01:00:00.000Z',
  lastActiveAt: '2026-11-21T02:30:00.000Z',
  source: {
    kind: 'share',
    label: '任务分享',
    taskId: 't1',
    taskTitle: '双11活动',
    channel: 'wechat',
    sharer: { kind: 'employee', name: '李雷' },
    at: '2026-11-20T01:00:00.000Z',
  },
  activity: { total: 9, visits: 5, forwards: 2, forms: 1, cardTaps: 1 },
  recent: { total: 4, days: [{ day: '20261120', interactions: 4 }] },
  network: {
    count: 2,
    tree: {
      customerId: 'c1',
      name: '王女士',
      children: [
        {
          customerId: 'c2',
          name: '张三',
          children: [{ customerId: 'c3', name: '李四', children: [] }],
        },
      ],
    },
  },
  forms: [
    {
      id: 'f1',
      at: '2026-11-20T02:00:00.000Z',
      formTitle: '预约试驾',
      fields: [{ label: '手机号', value: '138****0000', phone: true }],
    },
  ],
  tags: { auto: ['高意向'], manual: [] },
  tagLibrary: [{ name: '客户阶段', tags: ['已加微信', '已成交'] }],
  remark: '',
  ...overrides,
});

const followUp = (overrides: Partial<FollowUp> = {}): FollowUp => ({
  id: 'fu1',
  text: '电话沟通了价格',
  way: '电话',
  nextDate: null,
  authorId: 'lilei',
  authorName: '李雷',
  createdAt: '2026-11-21T02:30:00.000Z',
  updatedAt: '2026-11-21T02:30:00.000Z',
  revision: 1,
  mine: true,
  ...overrides,
});

function typeInto(page: ReturnType<typeof openPage>, selector: string, value: string) {
  (page as any).querySelector(selector).dispatchEvent('input', { detail: { value } });
}

const sent = (action: string) =>
  world()
    .sentTo('employee', action)
    .map((c) => c.event);

beforeEach(() => {
  world().reset();
  world().answer('employee', 'customers.profile', () => ok(profile()));
  world().answer('employee', 'followups.list', () => ok({ items: [], nextCursor: null }));
  world().answer('employee', 'customers.events', () =>
    ok({
      items: [
        {
          id: 'e1',
          type: 'dwell',
          label: '阅读了内容',
          at: '2026-11-20T01:05:00.000Z',
          contentId: 'k1',
          contentTitle: '双11攻略',
          via: { kind: 'employee', name: '李雷' },
          dwellMs: 45_000,
          scrollDepth: 80,
        },
      ],
      nextCursor: null,
    }),
  );
});

test('C1-C3/C6/C7: the profile shows source, 活跃度, 近30天活跃, TA的人脉, forms and tags', async () => {
  const page = openPage(PROFILE, { customerId: 'c1' });
  expect(textOf(page)).toContain('加载中');
  await waitForText(page, '王女士');
  const text = textOf(page);
  expect(text).toContain('任务分享 · 双11活动 · 员工 李雷 分享');
  expect(text).toContain('浏览 5 · 转发 2 · 表单 1 · 名片 1');
  expect(text).toContain('TA的人脉 · 2 人');
  expect(text).toContain('张三');
  expect(text).toContain('└ 李四');
  expect(text).toContain('预约试驾');
  expect(text).toContain('138****0000');
  expect(text).toContain('高意向');
  expect(text).toContain('暂无跟进记录');
  expect(sent('customers.profile')).toEqual([{ action: 'customers.profile', customerId: 'c1' }]);
});

test('C4: 行为记录 lists what the customer did, with dwell and scroll depth', async () => {
  const page = openPage(PROFILE, { customerId: 'c1' });
  await waitForText(page, '行为记录');
  await tap(page, '行为记录');
  await waitForText(page, '阅读了内容《双11攻略》');
  expect(textOf(page)).toContain('停留 45 秒 · 阅读至 80%');
});

test('C5: a follow-up needs text; saving sends it once with its way and next date, then lists it', async () => {
  let stored: FollowUp[] = [];
  world().answer('employee', 'followups.list', () => ok({ items: stored, nextCursor: null }));
  let attempts = 0;
  world().answer('employee', 'followups.add', (event: FunctionEvent) => {
    attempts += 1;
    if (attempts === 1) return offline();
    stored = [followUp({ text: String(event.text), way: '微信', nextDate: '2026-12-10' })];
    return ok(stored[0]);
  });
  const page = openPage(PROFILE, { customerId: 'c1' });
  await waitForText(page, '保存跟进');

  await tap(page, '保存跟进');
  expect(textOf(page)).toContain('请填写跟进内容');
  expect(sent('followups.add')).toEqual([]);

  typeInto(page, '.draft__input', '加了微信，约了下周到店');
  await tap(page, '微信');
  (page as any)
    .querySelector('.draft__date')
    .dispatchEvent('change', { detail: { value: '2026-12-10' } });
  await tap(page, '保存跟进');
  await waitForText(page, '网络异常');
  await tap(page, '保存跟进');
  await waitForText(page, '下次跟进 2026-12-10');

  const [first, second] = sent('followups.add');
  expect(first).toEqual({
    action: 'followups.add',
    customerId: 'c1',
    requestId: expect.any(String),
    text: '加了微信，约了下周到店',
    way: '微信',
    nextDate: '2026-12-10',
  });
  // The retry is the same follow-up (C5: written once by its request id).
  expect(second.requestId).toBe(first.requestId);
  expect(textOf(page)).toContain('加了微信，约了下周到店');
});

test('C7: manual tags are chosen from the library and saved', async () => {
  world().answer('employee', 'customers.tags.set', (event: FunctionEvent) =>
    ok({ manual: event.tags }),
  );
  const page = openPage(PROFILE, { customerId: 'c1' });
  await waitForText(page, '编辑标签');
  await tap(page, '编辑标签');
  await tap(page, '已加微信');
  await tap(page, '保存标签');
  expect(sent('customers.tags.set')).toEqual([
    { action: 'customers.tags.set', customerId: 'c1', tags: ['已加微信'] },
  ]);
  await waitFor(() => expect(textOf(page)).toContain('编辑标签'));
  expect(textOf(page)).toContain('已加微信');
});

test('S2: another employee’s customer shows the error with 重试; pull-to-refresh stops the spinner', async () => {
  world().answer('employee', 'customers.profile', () => fail('FORBIDDEN', '没有权限执行此操作'));
  const page = openPage(PROFILE, { customerId: 'c9' });
  await waitForText(page, '没有权限执行此操作');
  world().answer('employee', 'customers.profile', () => ok(profile()));
  await tap(page, '重试');
  await waitForText(page, '王女士');
  await page.instance.onPullDownRefresh();
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalled();
});
