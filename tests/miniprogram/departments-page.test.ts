/**
 * 部门数据 (D1-D4): the departments' figures, looking into the ones below, the charts' data,
 * the tasks' goals per department and channel, and the refused, error and refresh states.
 */
import { fail, ok, offline, world, type FunctionEvent } from './support/world';
import { openPage, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const DEPARTMENTS = 'packages/charts/pages/departments/index';
const COMPUTED = '2024-11-22T02:00:00.000Z'; // 11月22日 10:00 in Shanghai

const row = (departmentId: string, name: string, overrides: Record<string, unknown> = {}) => ({
  departmentId,
  name,
  brought: 40,
  newToday: 2,
  new7: 9,
  new30: 30,
  leads: 6,
  assigned: 25,
  claimed: 18,
  claimRate: 0.72,
  ...overrides,
});

const trend = Array.from({ length: 30 }, (_, i) => ({
  day: `202411${String(i + 1).padStart(2, '0')}`,
  newCustomers: i % 3,
}));

function serveData() {
  world().answer('employee', 'departments.data', (event: FunctionEvent) =>
    event.departmentId === '3'
      ? ok({
          computedAt: COMPUTED,
          departments: [
            row('3', '华南事业部'),
            row('9', '深圳销售部', { new30: 12, claimRate: null, assigned: 0, claimed: 0 }),
          ],
          trend,
        })
      : ok({ computedAt: COMPUTED, departments: [row('3', '华南事业部')], trend }),
  );
}

const tasks = {
  computedAt: COMPUTED,
  nextCursor: null,
  tasks: [
    {
      taskId: 't1',
      title: '奶油风客厅 · 新品软装推荐',
      goals: [
        {
          goalId: 'g1',
          kind: 'shares',
          label: '分享次数',
          target: 2,
          byDepartment: [
            { departmentId: '1', name: '栖木家居', completed: 9, target: 30 },
            { departmentId: '3', name: '华南事业部', completed: 5, target: 8 },
            { departmentId: '9', name: '深圳销售部', completed: 2, target: 4 },
          ],
          byChannel: [
            { channel: 'wechat_chat', label: '微信聊天', value: 3 },
            { channel: 'poster', label: '海报', value: 0 },
          ],
        },
      ],
    },
  ],
};

// jsdom has no canvas: ec-canvas's own drawing fails there (charts.test.ts checks the chart
// components with their canvas replaced). Only that failure is kept out of the output.
const consoleError = console.error;
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (String(args[0]).includes("reading 'getContext'")) return;
    consoleError(...args);
  });
});
afterAll(() => jest.restoreAllMocks());

beforeEach(() => {
  world().reset();
  serveData();
  world().answer('employee', 'departments.tasks', () => ok(tasks));
});

test('D2/D3: each department with customers brought, new today / 7 / 30 days, leads and the claim rate', async () => {
  const page = openPage(DEPARTMENTS);
  await waitForText(page, '华南事业部');
  expect(textsOf(page, 'department__value')).toEqual(['40', '2', '9', '30', '6']);
  expect(textOf(page)).toContain('领取率 72%（18/25）');
  expect(textOf(page)).toContain('更新于 11月22日 10:00，每小时更新');
  const points = page.instance.data.trend as { date: string; value: number }[];
  expect(points).toHaveLength(30);
  expect(points[0]).toEqual({ date: '2024-11-01', value: 0 });
  expect(page.instance.data.bars).toEqual([{ label: '华南事业部', value: 30 }]);
});

test('D1/D2: tapping a department looks into the ones below it; 返回上级 goes back', async () => {
  const page = openPage(DEPARTMENTS);
  await waitForText(page, '华南事业部');
  await tap(page, '华南事业部');
  await waitForText(page, '深圳销售部');
  expect(
    world()
      .sentTo('employee', 'departments.data')
      .map((c) => c.event.departmentId),
  ).toEqual([undefined, '3']);
  expect(textOf(page)).toContain('暂无指派任务');
  // The tasks' lines follow the departments on screen.
  await waitForText(page, '深圳销售部 2/4');
  expect(textOf(page)).toContain('华南事业部 5/8');
  expect(textOf(page)).not.toContain('栖木家居 9/30');
  // The bars compare the departments below; the selected one is the frame.
  expect(page.instance.data.bars).toEqual([{ label: '深圳销售部', value: 12 }]);
  await tap(page, '返回上级');
  await waitFor(() => expect(textOf(page)).not.toContain('深圳销售部'));
});

test('D4: each task’s goals per department, completed / target, with the channels that moved', async () => {
  const page = openPage(DEPARTMENTS);
  await waitForText(page, '奶油风客厅 · 新品软装推荐');
  expect(textOf(page)).toContain('分享次数（每人 2）');
  expect(textOf(page)).toContain('华南事业部 5/8');
  // Only the departments on screen: not the one above, not those below.
  expect(textOf(page)).not.toContain('栖木家居 9/30');
  expect(textOf(page)).not.toContain('深圳销售部 2/4');
  expect(textOf(page)).toContain('渠道：微信聊天 3');
  expect(textOf(page)).not.toContain('海报 0');
});

test('D1: someone who leads no department is told why', async () => {
  world().answer('employee', 'departments.data', () =>
    fail('FORBIDDEN', '仅部门负责人和管理员可查看部门数据'),
  );
  world().answer('employee', 'departments.tasks', () =>
    fail('FORBIDDEN', '仅部门负责人和管理员可查看部门数据'),
  );
  const page = openPage(DEPARTMENTS);
  await waitForText(page, '仅部门负责人和管理员可查看部门数据');
});

test('nothing visible shows the empty state; tasks failing alone offer their own retry', async () => {
  world().answer('employee', 'departments.data', () =>
    ok({ computedAt: null, departments: [], trend: [] }),
  );
  const page = openPage(DEPARTMENTS);
  await waitForText(page, '暂无可查看的部门');

  serveData();
  world().answer('employee', 'departments.tasks', () => offline());
  await page.instance.onPullDownRefresh();
  await waitForText(page, '任务数据加载失败，点击重试');
  world().answer('employee', 'departments.tasks', () => ok(tasks));
  await tap(page, '任务数据加载失败，点击重试');
  await waitForText(page, '华南事业部 5/8');
});

test('an error offers 重试; pull-to-refresh asks again and stops the spinner', async () => {
  world().answer('employee', 'departments.data', () => offline());
  const page = openPage(DEPARTMENTS);
  await waitForText(page, '网络异常，请稍后重试');
  serveData();
  await tap(page, '重试');
  await waitForText(page, '华南事业部');
  await page.instance.onPullDownRefresh();
  expect(world().sentTo('employee', 'departments.data')).toHaveLength(3);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
