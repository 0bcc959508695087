/**
 * 任务中心 (T1): what an employee sees in the task center, against a fake backend.
 */
import { deferred, fail, ok, offline, world, type Reply } from './support/world';
import { me, task } from './support/fixtures';
import {
  openPage,
  settle,
  tap,
  textOf,
  textsOf,
  waitFor,
  waitForText,
  type Rendered,
} from './support/render';

const TASKS = 'pages/tasks/index';

const titles = (page: Rendered) => textsOf(page, 'task-card__title');
const listCalls = () => world().sentTo('employee', 'tasks.list');

/** Answers tasks.list per status from a table of pages keyed by cursor ('' = first page). */
function serveTasks(
  pages: Record<string, Record<string, { titles: string[]; nextCursor: string | null }>>,
) {
  world().answer('employee', 'tasks.list', (event) => {
    const page = pages[String(event.status)]?.[String(event.cursor ?? '')];
    if (!page) return ok({ items: [], nextCursor: null });
    const items = page.titles.map((title) =>
      task({ id: title, title, status: event.status as never }),
    );
    return ok({ items, nextCursor: page.nextCursor });
  });
}

beforeEach(() => {
  world().reset();
  world().answer('employee', 'me.get', () => ok(me()));
});

test('T1: shows 加载中 until the backend answers, then a card per task with its texts', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'tasks.list', () => answer.promise);

  const page = openPage(TASKS);
  await settle();
  expect(textOf(page)).toContain('加载中');
  expect(titles(page)).toEqual([]);

  answer.resolve(
    ok({
      items: [
        task(),
        task({
          id: 'task-2',
          title: '新品试用招募',
          claimed: false,
          hasBenefits: false,
          totalPoints: 30,
          startAt: '2024-11-21T16:30:00.000Z', // 11月22日 00:30 in Shanghai
          endAt: '2024-12-01T15:59:00.000Z', // 12月1日 23:59 in Shanghai
        }),
      ],
      nextCursor: null,
    }),
  );
  await waitFor(() => expect(titles(page)).toEqual(['双十一爆款文章转发', '新品试用招募']));

  const [first, second] = textsOf(page, 'task-card');
  expect(first).toContain('11月20日 09:00 - 11月30日 18:00');
  expect(first).toContain('进行中');
  expect(first).toContain('已领取');
  expect(first).toContain('最高可得 120 积分');
  expect(first).toContain('积分权益');
  expect(second).toContain('11月22日 00:30 - 12月1日 23:59');
  expect(second).toContain('未领取');
  expect(second).toContain('最高可得 30 积分');
  expect(second).not.toContain('积分权益');
  expect(textOf(page)).not.toContain('加载中');
});

test('T1: opens on 进行中 and asks for active tasks', async () => {
  serveTasks({});
  const page = openPage(TASKS);
  await waitFor(() => expect(listCalls()).toHaveLength(1));
  expect(listCalls()[0].event).toEqual({ action: 'tasks.list', status: 'active', pageSize: 10 });
  expect(textsOf(page, 't-tabs__item--active')).toEqual(['进行中']);
});

test('T1: switching to 已结束 asks for ended tasks and shows only those', async () => {
  serveTasks({
    active: { '': { titles: ['进行中的任务'], nextCursor: null } },
    ended: { '': { titles: ['已结束的任务'], nextCursor: null } },
  });
  const page = openPage(TASKS);
  await waitFor(() => expect(titles(page)).toEqual(['进行中的任务']));

  await tap(page, '已结束');

  await waitFor(() => expect(titles(page)).toEqual(['已结束的任务']));
  expect(listCalls().map((call) => call.event.status)).toEqual(['active', 'ended']);
});

test("T1: a slow answer for the previous tab never replaces the new tab's cards", async () => {
  const slowActive = deferred<Reply>();
  world().answer('employee', 'tasks.list', (event) =>
    event.status === 'active'
      ? slowActive.promise
      : ok({ items: [task({ title: '未开始的任务', status: 'upcoming' })], nextCursor: null }),
  );
  const page = openPage(TASKS);
  await settle();

  await tap(page, '未开始');
  await waitFor(() => expect(titles(page)).toEqual(['未开始的任务']));
  slowActive.resolve(ok({ items: [task({ title: '迟到的进行中任务' })], nextCursor: null }));
  await settle();

  expect(titles(page)).toEqual(['未开始的任务']);
});

test('T1: no tasks shows 暂无任务', async () => {
  serveTasks({});
  const page = openPage(TASKS);
  await waitForText(page, '暂无任务');
  expect(titles(page)).toEqual([]);
  expect(textOf(page)).not.toContain('没有更多了');
});

test('a failed load shows the error with 重试, and 重试 recovers', async () => {
  world().answer('employee', 'tasks.list', () => fail('INTERNAL', '任务加载失败'));
  const page = openPage(TASKS);
  await waitForText(page, '任务加载失败');
  expect(textOf(page)).toContain('重试');

  serveTasks({ active: { '': { titles: ['恢复后的任务'], nextCursor: null } } });
  await tap(page, '重试');

  await waitFor(() => expect(titles(page)).toEqual(['恢复后的任务']));
  expect(textOf(page)).not.toContain('任务加载失败');
  expect(listCalls()).toHaveLength(2);
});

test('a network failure reads 网络异常，请稍后重试', async () => {
  world().answer('employee', 'tasks.list', () => offline());
  const page = openPage(TASKS);
  await waitForText(page, '网络异常，请稍后重试');
});

test('pull-to-refresh reloads the list and stops the spinner', async () => {
  serveTasks({ active: { '': { titles: ['旧任务'], nextCursor: null } } });
  const page = openPage(TASKS);
  await waitFor(() => expect(titles(page)).toEqual(['旧任务']));

  const fresh = deferred<Reply>();
  world().answer('employee', 'tasks.list', () => fresh.promise);
  const refreshed = page.instance.onPullDownRefresh();
  await settle();
  expect(titles(page)).toEqual(['旧任务']); // the list stays while the native spinner shows
  expect(textOf(page)).not.toContain('加载中');
  expect(world().wx.stopPullDownRefresh).not.toHaveBeenCalled();

  fresh.resolve(
    ok({ items: [task({ title: '新任务' }), task({ title: '旧任务' })], nextCursor: null }),
  );
  await refreshed;

  expect(titles(page)).toEqual(['新任务', '旧任务']);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  expect(listCalls()).toHaveLength(2);
});

test('a failed pull-to-refresh keeps the list, says why, and still stops the spinner', async () => {
  serveTasks({ active: { '': { titles: ['旧任务'], nextCursor: null } } });
  const page = openPage(TASKS);
  await waitFor(() => expect(titles(page)).toEqual(['旧任务']));

  world().answer('employee', 'tasks.list', () => offline());
  await page.instance.onPullDownRefresh();

  expect(titles(page)).toEqual(['旧任务']);
  expect(world().wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '网络异常，请稍后重试' }),
  );
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});

test('reaching the bottom loads the next page with its cursor, then says 没有更多了', async () => {
  serveTasks({
    active: {
      '': { titles: ['任务1', '任务2'], nextCursor: 'cursor-2' },
      'cursor-2': { titles: ['任务3'], nextCursor: null },
    },
  });
  const page = openPage(TASKS);
  await waitFor(() => expect(titles(page)).toEqual(['任务1', '任务2']));
  expect(textOf(page)).not.toContain('没有更多了');

  await page.instance.onReachBottom();

  expect(titles(page)).toEqual(['任务1', '任务2', '任务3']);
  expect(textOf(page)).toContain('没有更多了');
  expect(listCalls()[1].event).toEqual({
    action: 'tasks.list',
    status: 'active',
    pageSize: 10,
    cursor: 'cursor-2',
  });

  await page.instance.onReachBottom();
  expect(listCalls()).toHaveLength(2); // nothing left to ask for
});

test('a failed next page keeps the cards and offers 加载失败，点击重试', async () => {
  serveTasks({ active: { '': { titles: ['任务1'], nextCursor: 'cursor-2' } } });
  const page = openPage(TASKS);
  await waitFor(() => expect(titles(page)).toEqual(['任务1']));

  world().answer('employee', 'tasks.list', () => offline());
  await page.instance.onReachBottom();
  expect(titles(page)).toEqual(['任务1']);
  expect(textOf(page)).toContain('加载失败，点击重试');

  serveTasks({ active: { 'cursor-2': { titles: ['任务2'], nextCursor: null } } });
  await tap(page, '加载失败，点击重试');

  await waitFor(() => expect(titles(page)).toEqual(['任务1', '任务2']));
  expect(textOf(page)).toContain('没有更多了');
});
