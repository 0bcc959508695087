/**
 * 兑换管理 (AD3): redemptions to hand over, with the verification code; 发放 after a confirm.
 */
import type { AdminRedemption } from '../../typings/task-admin';
import { deferred, fail, ok, world, type Reply } from './support/world';
import { openPage, settle, tap, textOf, waitFor, waitForText } from './support/render';

const PAGE = 'packages/admin/pages/redemptions/index';

const showModal = jest.fn();
Object.assign(world().wx, { showModal });

function redemption(overrides: Partial<AdminRedemption> = {}): AdminRedemption {
  return {
    id: 'r1',
    taskId: 't1',
    taskTitle: '全屋定制焕新节',
    userId: 'lixue',
    employeeName: '李雪',
    benefitId: 'b1',
    benefitName: '星巴克咖啡券',
    cost: 100,
    status: 'redeemed',
    verificationCode: 'K7P2Q9',
    createdAt: '2024-11-20T01:00:00.000Z',
    fulfilledAt: null,
    fulfilledBy: null,
    fulfilledByName: null,
    ...overrides,
  };
}

const confirmWith = (confirm: boolean) =>
  showModal.mockImplementation((o: { success?: (r: { confirm: boolean }) => void }) =>
    o.success?.({ confirm }),
  );

beforeEach(() => {
  world().reset();
  showModal.mockReset();
});

test('AD3: loading, then 待发放 redemptions with employee, task, cost, time and verification code', async () => {
  const answer = deferred<Reply>();
  world().answer('admin', 'redemptions.list', () => answer.promise);
  const page = openPage(PAGE);
  await settle();
  expect(textOf(page)).toContain('加载中');
  answer.resolve(ok({ items: [redemption()], nextCursor: null }));
  await waitForText(page, '核销码 K7P2Q9');
  const text = textOf(page);
  expect(text).toContain('星巴克咖啡券');
  expect(text).toContain('李雪 · 100 积分 · 2024-11-20 09:00');
  expect(text).toContain('任务：全屋定制焕新节');
  expect(text).toContain('已兑换');
  expect(world().sentTo('admin', 'redemptions.list')[0].event).toEqual({
    action: 'redemptions.list',
    pageSize: 20,
    status: 'redeemed',
  });
});

test('发放 asks first; 确定 fulfils and the row shows who and when', async () => {
  world().answer('admin', 'redemptions.list', () =>
    ok({ items: [redemption()], nextCursor: null }),
  );
  world().answer('admin', 'redemptions.fulfil', () =>
    ok(
      redemption({
        status: 'fulfilled',
        fulfilledAt: '2024-11-21T02:30:00.000Z',
        fulfilledBy: 'zhangwei',
        fulfilledByName: '张伟',
      }),
    ),
  );
  const page = openPage(PAGE);
  await waitForText(page, 'K7P2Q9');

  confirmWith(false);
  await tap(page, '发放');
  expect(showModal.mock.calls[0][0].content).toContain('K7P2Q9');
  expect(world().sentTo('admin', 'redemptions.fulfil')).toHaveLength(0);

  confirmWith(true);
  await tap(page, '发放');
  await waitForText(page, '张伟 于 2024-11-21 10:30 发放');
  expect(world().sentTo('admin', 'redemptions.fulfil')[0].event).toEqual({
    action: 'redemptions.fulfil',
    id: 'r1',
  });
  expect(textOf(page)).toContain('已发放');
});

test('the filters ask for a status; a task filter comes from the query and can be cleared', async () => {
  world().answer('admin', 'redemptions.list', () => ok({ items: [], nextCursor: null }));
  const page = openPage(PAGE, { taskId: 't1' });
  await waitForText(page, '暂无兑换记录');
  expect(world().sentTo('admin', 'redemptions.list')[0].event).toMatchObject({ taskId: 't1' });
  await (page.instance as any).onFilterChange({ detail: { value: 'fulfilled' } });
  expect(world().sentTo('admin', 'redemptions.list')[1].event).toMatchObject({
    status: 'fulfilled',
    taskId: 't1',
  });
  await tap(page, '查看全部任务');
  expect(world().sentTo('admin', 'redemptions.list')[2].event).toEqual({
    action: 'redemptions.list',
    pageSize: 20,
    status: 'fulfilled',
  });
});

test('a failed 发放 says why and keeps the row', async () => {
  world().answer('admin', 'redemptions.list', () =>
    ok({ items: [redemption()], nextCursor: null }),
  );
  world().answer('admin', 'redemptions.fulfil', () => fail('NOT_FOUND', '兑换记录不存在'));
  const page = openPage(PAGE);
  await waitForText(page, 'K7P2Q9');
  confirmWith(true);
  await tap(page, '发放');
  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith({ title: '兑换记录不存在', icon: 'none' }),
  );
  expect(textOf(page)).toContain('已兑换');
});

test('an error offers 重试; pull-to-refresh reloads; FORBIDDEN shows 无权限', async () => {
  world().answer('admin', 'redemptions.list', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = openPage(PAGE);
  await waitForText(page, '服务繁忙，请稍后重试');
  world().answer('admin', 'redemptions.list', () =>
    ok({ items: [redemption()], nextCursor: null }),
  );
  await tap(page, '重试');
  await waitForText(page, 'K7P2Q9');

  world().answer('admin', 'redemptions.list', () => fail('FORBIDDEN', '没有权限执行此操作'));
  await page.instance.onPullDownRefresh();
  await waitForText(page, '无权限');
  expect(textOf(page)).not.toContain('K7P2Q9');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
