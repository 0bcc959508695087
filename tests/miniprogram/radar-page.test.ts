/**
 * 商机雷达 (R1-R6): switching lists, the reasons and when each list was computed, 最新动态,
 * opening a profile, pages, and the empty, error and refresh states.
 */
import { ok, offline, world, type FunctionEvent } from './support/world';
import { openPage, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const RADAR = 'packages/insight/pages/radar/index';
const COMPUTED = '2024-11-21T19:10:00.000Z'; // 11月22日 03:10 in Shanghai

const entry = (customerId: string, nickname: string, overrides: Record<string, unknown> = {}) => ({
  customerId,
  nickname,
  avatar: '',
  score: 80,
  reasons: ['近7天浏览4次', '转发带来2位新客户'],
  lastInteractionAt: '2024-11-21T02:30:00.000Z',
  network: 2,
  forwards: 3,
  ...overrides,
});

const lists: Record<string, unknown[]> = {
  recommended: [entry('c1', '王女士', { score: 86 }), entry('c2', '李先生', { score: 61 })],
  phone: [entry('c3', '赵小姐', { reasons: ['提交表单1次'] })],
  spread: [entry('c4', '孙先生', { network: 5, forwards: 7 })],
  churn: [],
};

beforeEach(() => {
  world().reset();
  world().answer('employee', 'radar.list', (event: FunctionEvent) =>
    ok({ items: lists[String(event.list)] ?? [], nextCursor: null, computedAt: COMPUTED }),
  );
  world().answer('employee', 'radar.activity', () =>
    ok({
      items: [
        {
          id: 'e1',
          customerId: 'c9',
          nickname: '周女士',
          avatar: '',
          label: '浏览了内容',
          contentTitle: '奶油风客厅',
          at: '2024-11-22T01:00:00.000Z',
        },
      ],
      nextCursor: null,
      computedAt: '2024-11-22T01:00:05.000Z',
    }),
  );
});

const names = (page: Parameters<typeof textsOf>[0]) => textsOf(page, 'radar-row__name');

test('R1/R6: 推荐跟进 first, best score first, with the reasons in words and when it was computed', async () => {
  const page = openPage(RADAR);
  await waitForText(page, '王女士');
  expect(names(page)).toEqual(['王女士', '李先生']);
  expect(textOf(page)).toContain('86分');
  expect(textOf(page)).toContain('近7天浏览4次 · 转发带来2位新客户');
  expect(textOf(page)).toContain('更新于 11月22日 03:10');
  expect(world().sentTo('employee', 'radar.list')[0].event).toMatchObject({ list: 'recommended' });
});

test('R2-R5: switching lists asks for that list; 高传播 shows network and forwards; 最新动态 is live', async () => {
  const page = openPage(RADAR);
  await waitForText(page, '王女士');

  await tap(page, '提交电话');
  await waitForText(page, '赵小姐');
  expect(names(page)).toEqual(['赵小姐']);
  expect(textOf(page)).not.toContain('分');

  await tap(page, '高传播');
  await waitForText(page, '孙先生');
  expect(textOf(page)).toContain('人脉 5 · 转发 7');

  await tap(page, '流失挽回');
  await waitForText(page, '暂无需要挽回的客户');

  await tap(page, '最新动态');
  await waitForText(page, '周女士');
  expect(textOf(page)).toContain('浏览了内容《奶油风客厅》');
  expect(textOf(page)).toContain('实时更新');
  expect(
    world()
      .sentTo('employee', 'radar.list')
      .map((c) => c.event.list),
  ).toEqual(['recommended', 'phone', 'spread', 'churn']);
});

test('R6: before the first daily run a list says when it will be computed', async () => {
  world().answer('employee', 'radar.list', () =>
    ok({ items: [], nextCursor: null, computedAt: null }),
  );
  const page = openPage(RADAR);
  await waitForText(page, '暂无推荐跟进的客户');
  expect(textOf(page)).toContain('尚未计算，每天凌晨更新');
});

test('a row opens the customer’s 用户画像', async () => {
  const page = openPage(RADAR);
  await waitForText(page, '李先生');
  await tap(page, '李先生');
  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/packages/insight/pages/profile/index?customerId=c2',
  });
});

test('the next page comes at the bottom, after the cursor', async () => {
  world().answer('employee', 'radar.list', (event: FunctionEvent) =>
    event.cursor === 'p2'
      ? ok({ items: [entry('c7', '吴先生')], nextCursor: null, computedAt: COMPUTED })
      : ok({ items: [entry('c1', '王女士')], nextCursor: 'p2', computedAt: COMPUTED }),
  );
  const page = openPage(RADAR);
  await waitForText(page, '王女士');
  await page.instance.onReachBottom();
  await waitFor(() => expect(names(page)).toEqual(['王女士', '吴先生']));
  expect(textOf(page)).toContain('没有更多了');
});

test('an error offers 重试; pull-to-refresh asks again and stops the spinner', async () => {
  world().answer('employee', 'radar.list', () => offline());
  const page = openPage(RADAR);
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('employee', 'radar.list', (event: FunctionEvent) =>
    ok({ items: lists[String(event.list)] ?? [], nextCursor: null, computedAt: COMPUTED }),
  );
  await tap(page, '重试');
  await waitForText(page, '王女士');

  await page.instance.onPullDownRefresh();
  expect(world().sentTo('employee', 'radar.list')).toHaveLength(3);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
