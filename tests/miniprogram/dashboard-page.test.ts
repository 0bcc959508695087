/**
 * 数据看板: the dashboard's sections; 部门数据 for leaders and admins (D1).
 */
import { ok, offline, world } from './support/world';
import { me } from './support/fixtures';
import { openPage, tap, textOf, textsOf, waitForText } from './support/render';

const DASHBOARD = 'pages/dashboard/index';

beforeEach(() => {
  world().reset();
  world().answer('employee', 'dashboard.summary', () =>
    ok({ customers: 0, newThisWeek: 0, leads: 0, points: 0 }),
  );
});

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

test('the caller’s own figures at the top: 我的客户, 本周新增, 留资, 积分', async () => {
  world().answer('employee', 'me.get', () => ok(me()));
  world().answer('employee', 'dashboard.summary', () =>
    ok({ customers: 42, newThisWeek: 5, leads: 7, points: 120 }),
  );
  const page = openPage(DASHBOARD);
  await waitForText(page, '我的客户');
  expect(textsOf(page, 'summary__value')).toEqual(['42', '5', '7', '120']);
  expect(textsOf(page, 'summary__label')).toEqual(['我的客户', '本周新增', '留资', '积分']);
});

test('when only the figures fail, the entries still show and the tiles say so', async () => {
  world().answer('employee', 'me.get', () => ok(me()));
  world().answer('employee', 'dashboard.summary', () => offline());
  const page = openPage(DASHBOARD);
  await waitForText(page, '商机雷达');
  expect(textOf(page)).toContain('我的数据暂时无法加载，下拉刷新重试');
});

test('商机雷达 opens the insight subpackage; 部门数据 the charts subpackage', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isLeader: true })));
  const page = openPage(DASHBOARD);
  await waitForText(page, '部门数据');

  await tap(page, '商机雷达');
  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/packages/insight/pages/radar/index',
  });
  await tap(page, '部门数据');
  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/packages/charts/pages/departments/index',
  });
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
