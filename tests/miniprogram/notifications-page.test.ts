/**
 * 通知设置 (M5): one switch per kind, toggled optimistically and rolled back when saving fails.
 */
import { deferred, fail, ok, offline, world, type Reply } from './support/world';
import {
  openPage,
  settle,
  tap,
  textOf,
  waitFor,
  waitForText,
  type Rendered,
} from './support/render';

const PAGE = 'packages/me/pages/notifications/index';
const GET = 'settings.notifications.get';
const SET = 'settings.notifications.set';

const ALL_ON = {
  newTask: true,
  taskEnding: true,
  pointsCredited: true,
  benefitExpiring: true,
  newLead: true,
  newCustomer: true,
};
const LABELS = [
  '新任务通知',
  '任务即将结束',
  '目标达成与积分到账',
  '权益即将过期',
  '新线索',
  '新客户打开分享',
];

beforeEach(() => world().reset());

/** The switch bodies in display order (tdesign marks a checked one `t-switch__body--checked`). */
function switches(page: Rendered): HTMLElement[] {
  return Array.from(page.dom.querySelectorAll<HTMLElement>('[class*="t-switch__body"]')).filter(
    (el) => el.className.split(/\s+/).some((c) => /(^|--)t-switch__body$/.test(c)),
  );
}

const isOn = (el: HTMLElement) => /t-switch__body--checked/.test(el.className);
const states = (page: Rendered) => switches(page).map(isOn);

test('M5: shows 加载中, then one switch per kind with its Chinese label and state', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', GET, () => answer.promise);
  const page = openPage(PAGE);
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(ok({ ...ALL_ON, newLead: false }));
  await waitForText(page, '新客户打开分享');
  const text = textOf(page);
  for (const label of LABELS) expect(text).toContain(label);
  expect(states(page)).toEqual([true, true, true, true, false, true]);
});

test('M5: a toggle shows at once and saves that one switch', async () => {
  world().answer('employee', GET, () => ok(ALL_ON));
  const saved = deferred<Reply>();
  world().answer('employee', SET, () => saved.promise);
  const page = openPage(PAGE);
  await waitForText(page, '新线索');

  await tap(page, switches(page)[4]);
  // Optimistic: off before the server answers.
  expect(states(page)[4]).toBe(false);
  expect(
    world()
      .sentTo('employee', SET)
      .map((c) => c.event),
  ).toEqual([{ action: SET, newLead: false }]);

  saved.resolve(ok({ ...ALL_ON, newLead: false }));
  await settle();
  expect(states(page)).toEqual([true, true, true, true, false, true]);
  expect(world().wx.showToast).not.toHaveBeenCalled();
});

test('M5: when saving fails the switch goes back and a toast says why', async () => {
  world().answer('employee', GET, () => ok(ALL_ON));
  world().answer('employee', SET, () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = openPage(PAGE);
  await waitForText(page, '新任务通知');

  await tap(page, switches(page)[0]);
  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith({
      title: '服务繁忙，请稍后重试',
      icon: 'none',
    }),
  );
  expect(states(page)[0]).toBe(true);

  world().answer('employee', SET, () => offline());
  await tap(page, switches(page)[2]);
  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith({
      title: '网络异常，请稍后重试',
      icon: 'none',
    }),
  );
  expect(states(page)).toEqual([true, true, true, true, true, true]);
});

test('a loading error offers 重试, which recovers', async () => {
  world().answer('employee', GET, () => offline());
  const page = openPage(PAGE);
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('employee', GET, () => ok(ALL_ON));
  await tap(page, '重试');
  await waitForText(page, '目标达成与积分到账');
});

test('an answer with no known switch shows the empty state', async () => {
  world().answer('employee', GET, () => ok({}));
  const page = openPage(PAGE);
  await waitForText(page, '暂无通知设置');
});

test('pull-to-refresh asks again, shows the new state and stops the spinner; a failed refresh keeps the switches', async () => {
  world().answer('employee', GET, () => ok(ALL_ON));
  const page = openPage(PAGE);
  await waitForText(page, '新任务通知');

  world().answer('employee', GET, () => ok({ ...ALL_ON, newTask: false }));
  await page.instance.onPullDownRefresh();
  expect(states(page)[0]).toBe(false);
  expect(world().sentTo('employee', GET)).toHaveLength(2);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);

  world().answer('employee', GET, () => offline());
  await page.instance.onPullDownRefresh();
  expect(textOf(page)).toContain('新任务通知');
  expect(world().wx.showToast).toHaveBeenCalledWith({
    title: '网络异常，请稍后重试',
    icon: 'none',
  });
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
});
