/**
 * 排行榜 (M2, P6, T7): the enterprise boards by points and by customers brought, this month or
 * all time, a task's board with `?taskId=`, and the caller's own row pinned at the bottom even
 * outside the top 50. Against a fake backend answering the contract's shapes.
 */
import type { Leaderboard, LeaderboardRow } from '../../typings/points';
import { deferred, fail, ok, world, type FunctionEvent, type Reply } from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const BOARD = 'packages/points/pages/leaderboard/index';
const setNavigationBarTitle = jest.fn();
Object.assign(world().wx, { setNavigationBarTitle });

const row = (rank: number, name: string, value: number, isMe = false): LeaderboardRow => ({
  rank,
  employeeId: `e-${name}`,
  name,
  avatar: '',
  departmentName: '华东事业部',
  value,
  isMe,
});

function board(overrides: Partial<Leaderboard> = {}): Leaderboard {
  return {
    board: 'points',
    period: 'month',
    taskId: null,
    rows: [row(1, '李雪', 320), row(2, '马倩', 210), row(3, '张伟', 150, true)],
    me: row(3, '张伟', 150, true),
    total: 3,
    ...overrides,
  };
}

const sent = () =>
  world()
    .sentTo('employee', 'leaderboards.get')
    .map((c) => {
      const { action: _action, ...rest } = c.event;
      return rest;
    });
const names = (page: Parameters<typeof textsOf>[0]) => textsOf(page, 'board-row__name');

beforeEach(() => {
  world().reset();
  setNavigationBarTitle.mockReset();
});

test('P6/M2: opens on 积分榜 · 本月 with ranks, departments and points', async () => {
  world().answer('employee', 'leaderboards.get', () => ok(board()));
  const page = openPage(BOARD);
  await waitFor(() => expect(names(page)).toEqual(['李雪', '马倩', '张伟', '我的排名']));
  expect(sent()).toEqual([{ board: 'points', period: 'month' }]);
  const [first] = textsOf(page, 'board-row');
  expect(first).toContain('1');
  expect(first).toContain('华东事业部');
  expect(first).toContain('320 积分');
  expect(textOf(page)).toContain('共 3 人上榜');
});

test('P6: 总榜 asks for all time; 拉新榜 ranks customers brought', async () => {
  world().answer('employee', 'leaderboards.get', (event: FunctionEvent) =>
    ok(
      event.board === 'brought'
        ? board({ board: 'brought', rows: [row(1, '郑爽', 12)], me: row(5, '张伟', 2, true) })
        : board({ period: event.period as 'month' | 'all' }),
    ),
  );
  const page = openPage(BOARD);
  await waitForText(page, '李雪');

  await tap(page, '总榜');
  await waitFor(() => expect(sent()).toHaveLength(2));
  expect(sent()[1]).toEqual({ board: 'points', period: 'all' });

  await (page.instance as any).onBoardChange({ detail: { value: 'brought' } });
  expect(sent()[2]).toEqual({ board: 'brought', period: 'all' });
  await waitForText(page, '12 位客户');
  expect(textsOf(page, 'board-me')[0]).toContain('2 位客户');
});

test('M2: the caller outside the top 50 is pinned at the bottom with their own rank', async () => {
  const top = Array.from({ length: 50 }, (_, i) => row(i + 1, `同事${i + 1}`, 1000 - i));
  world().answer('employee', 'leaderboards.get', () =>
    ok(board({ rows: top, me: row(88, '张伟', 5, true), total: 120 })),
  );
  const page = openPage(BOARD);
  await waitForText(page, '同事50');
  expect(textsOf(page, 'board-row--me')).toHaveLength(1);
  const pinned = textsOf(page, 'board-me')[0];
  expect(pinned).toContain('88');
  expect(pinned).toContain('我的排名');
  expect(pinned).toContain('5 积分');
});

test('T7: with a task it shows that task’s board, without the enterprise tabs', async () => {
  world().answer('employee', 'leaderboards.get', () =>
    ok(
      board({
        board: 'task',
        period: null,
        taskId: 'task-1',
        rows: [row(1, '王芳', 90), row(2, '张伟', 0, true)],
      }),
    ),
  );
  const page = openPage(BOARD, { taskId: 'task-1' });
  await waitForText(page, '王芳');
  expect(sent()).toEqual([{ board: 'task', taskId: 'task-1' }]);
  expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '任务排行榜' });
  expect(textOf(page)).toContain('积分相同时先达成者在前');
  expect(textOf(page)).not.toContain('拉新榜');
});

test('nobody ranked yet reads 暂无排名, and nothing is pinned', async () => {
  world().answer('employee', 'leaderboards.get', () => ok(board({ rows: [], me: null, total: 0 })));
  const page = openPage(BOARD);
  await waitForText(page, '暂无排名');
  expect(textsOf(page, 'board-me')).toEqual([]);
});

test('shows 加载中, then an error with 重试 that recovers', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'leaderboards.get', () => answer.promise);
  const page = openPage(BOARD);
  await settle();
  expect(textOf(page)).toContain('加载中');
  answer.resolve(fail('INTERNAL', '排行榜加载失败'));
  await waitForText(page, '排行榜加载失败');

  world().answer('employee', 'leaderboards.get', () => ok(board()));
  await tap(page, '重试');
  await waitForText(page, '李雪');
});

test('pull-to-refresh reloads the board and stops the spinner', async () => {
  world().answer('employee', 'leaderboards.get', () => ok(board()));
  const page = openPage(BOARD);
  await waitForText(page, '李雪');
  world().answer('employee', 'leaderboards.get', () => ok(board({ rows: [row(1, '谢雨', 400)] })));
  await page.instance.onPullDownRefresh();
  expect(names(page)).toContain('谢雨');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
