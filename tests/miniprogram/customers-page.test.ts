/**
 * 客户列表 of a task and 客户档案 (A5, A6, A8): rows, pages, states, against a fake backend
 * answering the contract's shapes.
 */
import type { CustomerRow } from '../../typings/attribution';
import {
  deferred,
  fail,
  ok,
  offline,
  world,
  type FunctionEvent,
  type Reply,
} from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const CUSTOMERS = 'packages/task/pages/customers/index';

const setNavigationBarTitle = jest.fn();
Object.assign(world().wx, { setNavigationBarTitle });

const row = (customerId: string, nickname: string, overrides: Partial<CustomerRow> = {}) => ({
  customerId,
  nickname,
  avatar: '',
  firstAt: '2024-11-20T01:00:00.000Z', // 11月20日 09:00 in Shanghai
  lastAt: '2024-11-21T02:30:00.000Z', // 11月21日 10:30
  visits: 3,
  broughtByMe: false,
  ...overrides,
});

const names = (page: Parameters<typeof textsOf>[0]) => textsOf(page, 'customer__name');
const sent = (action: string) =>
  world()
    .sentTo('employee', action)
    .map((c) => c.event);

/** Pages keyed by cursor ('' = first). */
function serve(
  action: string,
  pages: Record<string, { rows: CustomerRow[]; next: string | null }>,
) {
  world().answer('employee', action, (event: FunctionEvent) => {
    const page = pages[String(event.cursor ?? '')];
    return ok({ items: page?.rows ?? [], nextCursor: page?.next ?? null });
  });
}

beforeEach(() => {
  world().reset();
  setNavigationBarTitle.mockReset();
  world().answer('employee', 'customers.filters', () =>
    ok({ tags: ['高意向', '已加微信'], tasks: [{ id: 'task-1', title: '双11活动' }] }),
  );
});

test('A5/A6: a task’s customers with visits, first and last time, and 新客 for those I brought', async () => {
  serve('tasks.customers', {
    '': {
      rows: [row('c1', '王女士', { broughtByMe: true }), row('c2', '李先生', { visits: 1 })],
      next: null,
    },
  });
  const page = openPage(CUSTOMERS, { taskId: 'task-1' });

  await waitFor(() => expect(names(page)).toEqual(['王女士', '李先生']));
  expect(sent('tasks.customers')).toEqual([
    { action: 'tasks.customers', taskId: 'task-1', pageSize: 20 },
  ]);
  const [first, second] = textsOf(page, 'customer');
  expect(first).toContain('新客');
  expect(first).toContain('浏览 3 次');
  expect(first).toContain('首次 11月20日 09:00 · 最近 11月21日 10:30');
  expect(second).not.toContain('新客');
  expect(second).toContain('浏览 1 次');
  expect(textOf(page)).toContain('没有更多了');
  expect(sent('customers.archive')).toEqual([]);
});

test('reaching the bottom loads the next page with its cursor, once', async () => {
  serve('tasks.customers', {
    '': { rows: [row('c1', '客户一'), row('c2', '客户二')], next: 'cur-2' },
    'cur-2': { rows: [row('c3', '客户三')], next: null },
  });
  const page = openPage(CUSTOMERS, { taskId: 'task-1' });
  await waitFor(() => expect(names(page)).toEqual(['客户一', '客户二']));
  expect(textOf(page)).not.toContain('没有更多了');

  await page.instance.onReachBottom();

  expect(names(page)).toEqual(['客户一', '客户二', '客户三']);
  expect(sent('tasks.customers')[1]).toEqual({
    action: 'tasks.customers',
    taskId: 'task-1',
    pageSize: 20,
    cursor: 'cur-2',
  });
  await page.instance.onReachBottom();
  expect(sent('tasks.customers')).toHaveLength(2);
  expect(textOf(page)).toContain('没有更多了');
});

test('a failed next page keeps the rows and offers 加载失败，点击重试', async () => {
  serve('tasks.customers', { '': { rows: [row('c1', '客户一')], next: 'cur-2' } });
  const page = openPage(CUSTOMERS, { taskId: 'task-1' });
  await waitFor(() => expect(names(page)).toEqual(['客户一']));

  world().answer('employee', 'tasks.customers', () => offline());
  await page.instance.onReachBottom();
  expect(textOf(page)).toContain('加载失败，点击重试');

  serve('tasks.customers', { 'cur-2': { rows: [row('c2', '客户二')], next: null } });
  await tap(page, '加载失败，点击重试');
  await waitFor(() => expect(names(page)).toEqual(['客户一', '客户二']));
});

test('A8: without a task it is 客户档案: the archive', async () => {
  serve('customers.archive', { '': { rows: [row('c9', '赵女士')], next: null } });
  const page = openPage(CUSTOMERS);
  await waitFor(() => expect(names(page)).toEqual(['赵女士']));
  expect(sent('customers.archive')).toEqual([{ action: 'customers.archive', pageSize: 20 }]);
  expect(sent('tasks.customers')).toEqual([]);
  expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '客户档案' });
});

test('AD4: a customer handed to me (离职继承) shows 继承 and whom from, never 新客', async () => {
  serve('customers.archive', {
    '': {
      rows: [
        row('c1', '王女士', { inheritedFrom: { employeeId: 'zhoujie', name: '周杰' } }),
        row('c2', '李先生', { broughtByMe: true }),
      ],
      next: null,
    },
  });
  const page = openPage(CUSTOMERS);
  await waitFor(() => expect(names(page)).toEqual(['王女士', '李先生']));
  const [inherited, own] = textsOf(page, 'customer');
  expect(inherited).toContain('继承');
  expect(inherited).toContain('继承自 周杰');
  expect(inherited).not.toContain('新客');
  expect(own).toContain('新客');
  expect(own).not.toContain('继承');
  expect(textOf(page)).toContain('离职同事交接给你的客户');
});

test('no customers yet reads 暂无客户', async () => {
  serve('tasks.customers', {});
  const page = openPage(CUSTOMERS, { taskId: 'task-1' });
  await waitForText(page, '暂无客户');
  expect(names(page)).toEqual([]);
});

test('shows 加载中, then an error with 重试 that recovers', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'tasks.customers', () => answer.promise);
  const page = openPage(CUSTOMERS, { taskId: 'task-1' });
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(fail('INTERNAL', '客户加载失败'));
  await waitForText(page, '客户加载失败');

  serve('tasks.customers', { '': { rows: [row('c1', '客户一')], next: null } });
  await tap(page, '重试');
  await waitFor(() => expect(names(page)).toEqual(['客户一']));
});

test('pull-to-refresh reloads, keeping the rows while it waits, and stops the spinner', async () => {
  serve('tasks.customers', { '': { rows: [row('c1', '旧客户')], next: null } });
  const page = openPage(CUSTOMERS, { taskId: 'task-1' });
  await waitFor(() => expect(names(page)).toEqual(['旧客户']));

  const fresh = deferred<Reply>();
  world().answer('employee', 'tasks.customers', () => fresh.promise);
  const refreshed = page.instance.onPullDownRefresh();
  await settle();
  expect(names(page)).toEqual(['旧客户']);

  fresh.resolve(ok({ items: [row('c2', '新客户'), row('c1', '旧客户')], nextCursor: null }));
  await refreshed;
  expect(names(page)).toEqual(['新客户', '旧客户']);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});

/** The 有电话 filter chip (a row's 有电话 tag reads the same). */
const phoneChip = (page: ReturnType<typeof openPage>) =>
  Array.from(page.dom.querySelectorAll<HTMLElement>('[class*="chip"]')).find(
    (el) => textOf(el) === '有电话',
  )!;

/** Types into the search box and confirms, as the keyboard's 搜索 key would. */
function search(page: ReturnType<typeof openPage>, value: string) {
  const input = (page as any).querySelector('.filters__input');
  input.dispatchEvent('input', { detail: { value } });
}

test('C8: 客户档案 searches by name or remark and filters by tag, source task and 有电话; rows show tags', async () => {
  world().answer('employee', 'customers.archive', (event) => {
    const all = [
      row('c1', '王女士', { tags: ['高意向'], hasPhone: true }),
      row('c2', '李先生', { tags: [] }),
    ];
    if (event.query === '王') return ok({ items: [all[0]], nextCursor: null });
    if (event.tag === '已加微信') return ok({ items: [], nextCursor: null });
    return ok({ items: all, nextCursor: null });
  });
  const page = openPage(CUSTOMERS);
  await waitFor(() => expect(names(page)).toEqual(['王女士', '李先生']));
  await waitForText(page, '双11活动');
  const [first] = textsOf(page, 'customer');
  expect(first).toContain('有电话');
  expect(first).toContain('高意向');

  search(page, ' 王 ');
  await tap(page, '搜索');
  await waitFor(() => expect(names(page)).toEqual(['王女士']));
  expect(sent('customers.archive').at(-1)).toEqual({
    action: 'customers.archive',
    pageSize: 20,
    query: '王',
  });

  await tap(page, phoneChip(page));
  await tap(page, '双11活动');
  expect(sent('customers.archive').at(-1)).toEqual({
    action: 'customers.archive',
    pageSize: 20,
    query: '王',
    hasPhone: true,
    taskId: 'task-1',
  });

  // Tapping a chosen filter again lets it go; nothing matching says so and keeps the bar.
  search(page, '');
  await tap(page, '搜索');
  await tap(page, phoneChip(page));
  await tap(page, '双11活动');
  await tap(page, '已加微信');
  await waitForText(page, '没有符合条件的客户');
  expect(sent('customers.archive').at(-1)).toEqual({
    action: 'customers.archive',
    pageSize: 20,
    tag: '已加微信',
  });
  expect(textOf(page)).toContain('搜索');
});

test('a row opens 用户画像 of that customer', async () => {
  serve('customers.archive', { '': { rows: [row('c 1', '王女士')], next: null } });
  const page = openPage(CUSTOMERS);
  await waitFor(() => expect(names(page)).toEqual(['王女士']));

  await tap(page, '王女士');

  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/packages/insight/pages/profile/index?customerId=c%201',
  });
});

test('without the filter bar (it failed to load) the archive still lists and searches', async () => {
  world().answer('employee', 'customers.filters', () => offline());
  serve('customers.archive', { '': { rows: [row('c1', '王女士')], next: null } });
  const page = openPage(CUSTOMERS);
  await waitFor(() => expect(names(page)).toEqual(['王女士']));
  expect(textOf(page)).toContain('有电话');
  expect(textOf(page)).not.toContain('高意向');
});
