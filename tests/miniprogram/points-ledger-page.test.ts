/**
 * 积分记录 (M3, P5, P1): the balance with what was earned and redeemed, then every ledger entry
 * (task, goal, points, time), newest first, a page at a time.
 */
import type { LedgerEntryView, PointsSummary } from '../../typings/points';
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

const LEDGER = 'packages/points/pages/ledger/index';

const SUMMARY: PointsSummary = { credited: 180, redeemed: 100, balance: 80, tasks: [] };

const entry = (
  id: string,
  label: string,
  points: number,
  at = '2026-12-05T02:30:00.000Z',
): LedgerEntryView => ({
  id,
  kind: points > 0 ? 'credit' : 'redeem',
  taskId: 't1',
  taskTitle: '全屋定制焕新节 · 预热推广',
  goal: points > 0 ? { id: 'g1', kind: 'shares', target: 4 } : null,
  label,
  points,
  at,
});

function serve(pages: Record<string, { items: LedgerEntryView[]; next: string | null }>) {
  world().answer('employee', 'points.summary', () => ok(SUMMARY));
  world().answer('employee', 'points.ledger', (event: FunctionEvent) => {
    const page = pages[String(event.cursor ?? '')];
    return ok({ items: page?.items ?? [], nextCursor: page?.next ?? null });
  });
}

const labels = (page: Parameters<typeof textsOf>[0]) => textsOf(page, 'entry__label');

beforeEach(() => world().reset());

test('P1/P5/M3: the balance, then each entry with its task, points and Shanghai time', async () => {
  serve({
    '': {
      items: [
        entry('r1', '兑换「星巴克咖啡券」', -100),
        entry('c1', '分享次数达到 4', 30, '2026-12-01T01:00:00.000Z'),
      ],
      next: null,
    },
  });
  const page = openPage(LEDGER);
  await waitFor(() => expect(labels(page)).toEqual(['兑换「星巴克咖啡券」', '分享次数达到 4']));
  const text = textOf(page);
  expect(text).toContain('可用积分');
  expect(text).toContain('80');
  expect(text).toContain('累计获得 180');
  expect(text).toContain('已兑换 100');
  const [redeem, credit] = textsOf(page, 'entry');
  expect(redeem).toContain('-100');
  expect(credit).toContain('+30');
  expect(credit).toContain('全屋定制焕新节 · 预热推广');
  expect(credit).toContain('12月1日 09:00');
  expect(textOf(page)).toContain('没有更多了');
});

test('M3: reaching the bottom loads the next page with its cursor; a failed page offers 重试', async () => {
  serve({ '': { items: [entry('c1', '目标一', 10)], next: 'cur-2' } });
  const page = openPage(LEDGER);
  await waitFor(() => expect(labels(page)).toEqual(['目标一']));

  world().answer('employee', 'points.ledger', () => offline());
  await page.instance.onReachBottom();
  expect(textOf(page)).toContain('加载失败，点击重试');

  serve({ 'cur-2': { items: [entry('c2', '目标二', 20)], next: null } });
  await tap(page, '加载失败，点击重试');
  await waitFor(() => expect(labels(page)).toEqual(['目标一', '目标二']));
  const cursors = world()
    .sentTo('employee', 'points.ledger')
    .map((c) => c.event.cursor);
  expect(cursors).toEqual([undefined, 'cur-2', 'cur-2']);
});

test('nothing earned yet says how to earn points', async () => {
  serve({});
  const page = openPage(LEDGER);
  await waitForText(page, '还没有积分记录，完成任务目标即可获得积分');
});

test('shows 加载中, then an error with 重试 that recovers', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'points.summary', () => ok(SUMMARY));
  world().answer('employee', 'points.ledger', () => answer.promise);
  const page = openPage(LEDGER);
  await settle();
  expect(textOf(page)).toContain('加载中');
  answer.resolve(fail('INTERNAL', '积分记录加载失败'));
  await waitForText(page, '积分记录加载失败');

  serve({ '': { items: [entry('c1', '目标一', 10)], next: null } });
  await tap(page, '重试');
  await waitFor(() => expect(labels(page)).toEqual(['目标一']));
});

test('pull-to-refresh reloads the balance and the entries, and stops the spinner', async () => {
  serve({ '': { items: [entry('c1', '目标一', 10)], next: null } });
  const page = openPage(LEDGER);
  await waitFor(() => expect(labels(page)).toEqual(['目标一']));
  serve({ '': { items: [entry('c2', '新目标', 50), entry('c1', '目标一', 10)], next: null } });
  await page.instance.onPullDownRefresh();
  expect(labels(page)).toEqual(['新目标', '目标一']);
  expect(world().sentTo('employee', 'points.summary')).toHaveLength(2);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
