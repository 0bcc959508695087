/**
 * 数据看板: the dashboard's sections; 部门数据 for leaders and admins (D1).
 */
import { ok, offline, world } from './support/world';
import { me } from './support/fixtures';
import { openPage, tap, textOf, waitForText } from './support/render';

const DASHBOARD = 'pages/dashboard/index';

beforeEach(() => world().reset());

test('D1: an employee who leads nothing sees 商机雷达 and 客户档案 but not 部门数据', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isLeader: false, isAdmin: false })));
  const page = openPage(DASHBOARD);
  await waitForText(page, '商机雷达');
  expect(textOf(page)).toContain('客户档案');
  expect(textOf(page)).not.toContain('部门数据');
});

test('D1: a department leader also sees 部门数据', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isLeader: true })));
  const page = openPage(DASHBOARD);
  await waitForText(page, '部门数据');
});

test('近30天趋势 opens the charts subpackage', async () => {
  world().answer('employee', 'me.get', () => ok(me()));
  const page = openPage(DASHBOARD);
  await waitForText(page, '近30天趋势');

  await tap(page, '近30天趋势');

  expect(world().wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/charts/pages/trend/index' });
});

test('an error offers 重试; pull-to-refresh asks again and stops the spinner', async () => {
  world().answer('employee', 'me.get', () => offline());
  const page = openPage(DASHBOARD);
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('employee', 'me.get', () => ok(me()));
  await tap(page, '重试');
  await waitForText(page, '商机雷达');
  expect(textOf(page)).not.toContain('部门数据');

  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  await page.instance.onPullDownRefresh();
  expect(textOf(page)).toContain('部门数据');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
