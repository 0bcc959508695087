/**
 * 任务管理 (AD2): every task with its status tag, filters, pages, 新建任务, and 无权限.
 */
import type { AdminTaskSummary } from '../../typings/task-admin';
import { deferred, fail, offline, ok, world, type Reply } from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const PAGE = 'packages/admin/pages/tasks/index';

function summary(overrides: Partial<AdminTaskSummary> = {}): AdminTaskSummary {
  return {
    id: 't1',
    title: '双十一爆款文章转发',
    state: 'published',
    status: 'active',
    startAt: '2024-11-20T01:00:00.000Z',
    endAt: '2024-11-30T15:59:00.000Z',
    createdAt: '2024-11-18T01:00:00.000Z',
    publishedAt: '2024-11-19T01:00:00.000Z',
    ...overrides,
  };
}

beforeEach(() => world().reset());

test('AD2: shows loading, then each task with its status tag and Shanghai times', async () => {
  const answer = deferred<Reply>();
  world().answer('admin', 'tasks.list', () => answer.promise);
  const page = openPage(PAGE);
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(
    ok({
      items: [
        summary({ id: 'a', title: '草稿任务', state: 'draft', status: 'draft' }),
        summary({ id: 'b', title: '未开始任务', status: 'upcoming' }),
        summary({ id: 'c', title: '进行中任务', status: 'active' }),
        summary({ id: 'd', title: '已结束任务', status: 'ended' }),
        summary({ id: 'e', title: '已取消任务', state: 'cancelled', status: 'cancelled' }),
      ],
      nextCursor: null,
    }),
  );
  await waitForText(page, '已取消任务');
  expect(textsOf(page, 'task-row__head').map((t) => t.replace(/\s/g, ''))).toEqual([
    '草稿任务草稿',
    '未开始任务未开始',
    '进行中任务进行中',
    '已结束任务已结束',
    '已取消任务已取消',
  ]);
  expect(textOf(page)).toContain('2024-11-20 09:00 至 2024-11-30 23:59');
  expect(world().sentTo('admin', 'tasks.list')[0].event).toEqual({
    action: 'tasks.list',
    pageSize: 20,
  });
  expect(textOf(page)).toContain('没有更多了');
});

test('a filter asks for that status; an empty list says so', async () => {
  world().answer('admin', 'tasks.list', (event) =>
    ok({ items: event.status ? [] : [summary()], nextCursor: null }),
  );
  const page = openPage(PAGE);
  await waitForText(page, '双十一爆款文章转发');
  await (page.instance as any).onFilterChange({ detail: { value: 'draft' } });
  await waitForText(page, '暂无任务');
  expect(world().sentTo('admin', 'tasks.list')[1].event).toMatchObject({ status: 'draft' });
});

test('新建任务 and a row open the editor', async () => {
  world().answer('admin', 'tasks.list', () =>
    ok({ items: [summary({ id: 'task 1' })], nextCursor: null }),
  );
  const page = openPage(PAGE);
  await waitForText(page, '双十一爆款文章转发');
  await tap(page, '新建任务');
  expect(world().wx.navigateTo).toHaveBeenLastCalledWith({
    url: '/packages/admin/pages/task-edit/index',
  });
  await tap(page, '双十一爆款文章转发');
  expect(world().wx.navigateTo).toHaveBeenLastCalledWith({
    url: '/packages/admin/pages/task-edit/index?id=task%201',
  });
});

test('the next page loads at the bottom; a failure there offers 点击重试', async () => {
  world().answer('admin', 'tasks.list', (event) =>
    event.cursor
      ? offline()
      : ok({ items: [summary({ id: 'a', title: '第一页' })], nextCursor: 'c1' }),
  );
  const page = openPage(PAGE);
  await waitForText(page, '第一页');
  await page.instance.onReachBottom();
  await waitForText(page, '加载失败，点击重试');
  world().answer('admin', 'tasks.list', () =>
    ok({ items: [summary({ id: 'b', title: '第二页' })], nextCursor: null }),
  );
  await tap(page, '加载失败，点击重试');
  await waitForText(page, '第二页');
  expect(textOf(page)).toContain('第一页');
});

test('an error offers 重试; pull-to-refresh reloads and stops the spinner', async () => {
  world().answer('admin', 'tasks.list', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = openPage(PAGE);
  await waitForText(page, '服务繁忙，请稍后重试');
  world().answer('admin', 'tasks.list', () => ok({ items: [summary()], nextCursor: null }));
  await tap(page, '重试');
  await waitForText(page, '双十一爆款文章转发');

  world().answer('admin', 'tasks.list', () =>
    ok({ items: [summary({ title: '刷新后的任务' })], nextCursor: null }),
  );
  await page.instance.onPullDownRefresh();
  await waitForText(page, '刷新后的任务');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});

test('S1: a non-admin gets 无权限 and no list', async () => {
  world().answer('admin', 'tasks.list', () => fail('FORBIDDEN', '没有权限执行此操作'));
  const page = openPage(PAGE);
  await waitForText(page, '无权限');
  await waitFor(() => expect(textOf(page)).not.toContain('新建任务'));
});
