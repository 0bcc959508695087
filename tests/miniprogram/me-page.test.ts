/**
 * 我的 (M): who is signed in, and the sections of my management.
 */
import { deferred, ok, offline, world, type Reply } from './support/world';
import { me } from './support/fixtures';
import { openPage, settle, tap, textOf, waitForText } from './support/render';

const ME = 'pages/me/index';

beforeEach(() => world().reset());

test('M: shows 加载中, then the employee, their roles and the five sections', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'me.get', () => answer.promise);
  const page = openPage(ME);
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(ok(me({ name: '李娜', isLeader: true })));
  await waitForText(page, '李娜');
  const text = textOf(page);
  expect(text).toContain('部门负责人');
  expect(text).not.toContain('管理员');
  for (const section of ['名片设置', '排行榜', '积分记录', '我的权益', '通知设置']) {
    expect(text).toContain(section);
  }
});

test('an error offers 重试, which recovers', async () => {
  world().answer('employee', 'me.get', () => offline());
  const page = openPage(ME);
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('employee', 'me.get', () => ok(me({ name: '李娜' })));
  await tap(page, '重试');
  await waitForText(page, '李娜');
});

test('pull-to-refresh asks me.get again and stops the spinner', async () => {
  world().answer('employee', 'me.get', () => ok(me({ name: '李娜' })));
  const page = openPage(ME);
  await waitForText(page, '李娜');

  world().answer('employee', 'me.get', () => ok(me({ name: '李娜', isAdmin: true })));
  await page.instance.onPullDownRefresh();

  expect(textOf(page)).toContain('管理员');
  expect(world().sentTo('employee', 'me.get')).toHaveLength(2);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});

test('M2-M4: 排行榜, 积分记录 and 我的权益 open their pages', async () => {
  world().answer('employee', 'me.get', () => ok(me()));
  const page = openPage(ME);
  await waitForText(page, '积分记录');

  for (const [label, url] of [
    ['排行榜', '/packages/points/pages/leaderboard/index'],
    ['积分记录', '/packages/points/pages/ledger/index'],
    ['我的权益', '/packages/points/pages/benefits/index'],
  ]) {
    world().wx.navigateTo.mockClear();
    await tap(page, label);
    expect(world().wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url }));
  }
  expect(world().wx.showToast).not.toHaveBeenCalled();
});
