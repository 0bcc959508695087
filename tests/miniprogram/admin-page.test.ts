/**
 * 管理 (AD): admins only, even when reached without the tab.
 */
import { fail, ok, world } from './support/world';
import { me } from './support/fixtures';
import { openPage, textOf, waitForText, tap, waitFor } from './support/render';

const ADMIN = 'pages/admin/index';
const SECTIONS = ['内容库', '任务管理', '兑换管理', '组织架构', '标签库', '数据导出'];

beforeEach(() => world().reset());

test('AD: an employee who is not an admin gets 无权限 and none of the sections', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: false })));
  const page = openPage(ADMIN);
  await waitForText(page, '无权限');
  for (const section of SECTIONS) expect(textOf(page)).not.toContain(section);
});

test('AD: an admin sees the management sections', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  const page = openPage(ADMIN);
  await waitForText(page, '内容库');
  for (const section of SECTIONS) expect(textOf(page)).toContain(section);
  expect(textOf(page)).not.toContain('无权限');
});

test('a failure to learn the role shows the error, and 重试 recovers', async () => {
  world().answer('employee', 'me.get', () => fail('INTERNAL', '身份校验失败'));
  const page = openPage(ADMIN);
  await waitForText(page, '身份校验失败');
  expect(textOf(page)).not.toContain('无权限');

  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  await tap(page, '重试');
  await waitForText(page, '内容库');
});

test('pull-to-refresh asks again (a revoked admin loses the page) and stops the spinner', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  const page = openPage(ADMIN);
  await waitForText(page, '内容库');

  world().answer('employee', 'me.get', () => ok(me({ isAdmin: false })));
  await page.instance.onPullDownRefresh();

  await waitFor(() => expect(textOf(page)).toContain('无权限'));
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
