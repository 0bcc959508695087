/**
 * The custom tab bar: 管理 only for admins (ARCHITECTURE §5), as told by me.get.
 */
import { deferred, ok, offline, world, type Reply } from './support/world';
import { me } from './support/fixtures';
import { render, settle, tap, textsOf, waitFor } from './support/render';

const TAB_BAR = 'custom-tab-bar/index';
const tabLabels = (bar: ReturnType<typeof render>) => textsOf(bar, 't-tab-bar-item');

beforeEach(() => world().reset());

test('an employee who is not an admin sees 任务中心 / 数据看板 / 我的, no 管理', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: false })));
  const bar = render(TAB_BAR);
  await waitFor(() => expect(world().sentTo('employee', 'me.get')).toHaveLength(1));
  await settle();
  expect(tabLabels(bar)).toEqual(['任务中心', '数据看板', '我的']);
});

test('an admin also sees 管理, once me.get has answered', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'me.get', () => answer.promise);
  const bar = render(TAB_BAR);
  await settle();
  expect(tabLabels(bar)).toEqual(['任务中心', '数据看板', '我的']);

  answer.resolve(ok(me({ isAdmin: true })));
  await waitFor(() => expect(tabLabels(bar)).toEqual(['任务中心', '数据看板', '我的', '管理']));
});

test('when me.get fails, 管理 stays hidden', async () => {
  world().answer('employee', 'me.get', () => offline());
  const bar = render(TAB_BAR);
  await waitFor(() => expect(world().sentTo('employee', 'me.get')).toHaveLength(1));
  await settle();
  expect(tabLabels(bar)).toEqual(['任务中心', '数据看板', '我的']);
});

test('tapping a tab switches to its page', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  const bar = render(TAB_BAR);
  await waitFor(() => expect(tabLabels(bar)).toContain('管理'));

  await tap(bar, '数据看板');
  expect(world().wx.switchTab).toHaveBeenLastCalledWith({ url: '/pages/dashboard/index' });
  await tap(bar, '管理');
  expect(world().wx.switchTab).toHaveBeenLastCalledWith({ url: '/pages/admin/index' });
});
