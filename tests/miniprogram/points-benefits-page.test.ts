/**
 * 我的权益 (M4, P2, P4, P5): 可兑换 lists the tasks I hold points on with their benefits and
 * 兑换 (with a confirmation), or why not; 已兑换 lists my redemptions with 已兑换 / 已发放 and
 * the verification code. One request id per confirmed 兑换, reused only when that redemption is
 * retried after an uncertain failure.
 */
import type { BenefitTask, MyRedemption } from '../../typings/points';
import { crash, deferred, fail, ok, world, type FunctionEvent, type Reply } from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const BENEFITS = 'packages/points/pages/benefits/index';
const showModal = jest.fn();
Object.assign(world().wx, { showModal });

/** The next modals answer these, in order (true = 确定/重试). */
function modalAnswers(...answers: boolean[]) {
  showModal.mockImplementation((options: { success?: (r: { confirm: boolean }) => void }) => {
    options.success?.({ confirm: answers.shift() ?? false });
  });
}

function task(overrides: Partial<BenefitTask> = {}): BenefitTask {
  return {
    taskId: 't1',
    taskTitle: '全屋定制焕新节 · 预热推广',
    endAt: '2026-12-03T15:59:59.000Z',
    redeemDeadline: '2026-12-10T15:59:59.000Z', // 12月10日 23:59 in Shanghai
    window: 'open',
    balance: 130,
    benefits: [
      {
        id: 'coffee',
        name: '星巴克咖啡券',
        cost: 100,
        stockLeft: 48,
        perEmployeeLimit: 2,
        redeemedByMe: 0,
        blockedBy: null,
      },
      {
        id: 'card',
        name: '京东卡50元',
        cost: 300,
        stockLeft: 20,
        perEmployeeLimit: 1,
        redeemedByMe: 0,
        blockedBy: 'insufficientPoints',
      },
    ],
    ...overrides,
  };
}

const redemption = (id: string, overrides: Partial<MyRedemption> = {}): MyRedemption => ({
  id,
  taskId: 't1',
  taskTitle: '全屋定制焕新节 · 预热推广',
  benefitId: 'coffee',
  benefitName: '星巴克咖啡券',
  cost: 100,
  status: 'redeemed',
  verificationCode: 'K7D2-9QXM',
  createdAt: '2026-12-05T02:00:00.000Z',
  fulfilledAt: null,
  ...overrides,
});

function serveRedemptions(pages: Record<string, { items: MyRedemption[]; next: string | null }>) {
  world().answer('employee', 'redemptions.mine', (event: FunctionEvent) => {
    const page = pages[String(event.cursor ?? '')];
    return ok({ items: page?.items ?? [], nextCursor: page?.next ?? null });
  });
}

const redeemCalls = () =>
  world()
    .sentTo('employee', 'benefits.redeem')
    .map((c) => c.event);

beforeEach(() => {
  world().reset();
  showModal.mockReset();
});

test('M4/P2: 可兑换 shows each task’s balance and deadline, 兑换 where allowed and why not elsewhere', async () => {
  world().answer('employee', 'benefits.list', () =>
    ok({
      tasks: [
        task(),
        task({
          taskId: 't2',
          taskTitle: '老房翻新',
          window: 'closed',
          benefits: [{ ...task().benefits[0], blockedBy: 'closed' }],
        }),
      ],
    }),
  );
  const page = openPage(BENEFITS);
  await waitForText(page, '星巴克咖啡券');
  const [open, closed] = textsOf(page, 'task');
  expect(open).toContain('可用 130 积分');
  expect(open).toContain('兑换截止 12月10日 23:59');
  expect(open).toContain('100 积分 · 剩余 48 · 每人限兑 2 · 已兑 0');
  expect(open).toContain('兑换');
  expect(open).toContain('积分不足');
  expect(closed).toContain('兑换已于 12月10日 23:59 截止');
  expect(closed).toContain('已过兑换期');
});

test('P2: 兑换 asks for confirmation; confirmed, it redeems once and switches to 已兑换 with the code', async () => {
  world().answer('employee', 'benefits.list', () => ok({ tasks: [task()] }));
  world().answer('employee', 'benefits.redeem', () => ok(redemption('r1')));
  serveRedemptions({ '': { items: [redemption('r1')], next: null } });
  const page = openPage(BENEFITS);
  await waitForText(page, '星巴克咖啡券');

  modalAnswers(false);
  await tap(page, '兑换');
  expect(showModal).toHaveBeenCalledWith(
    expect.objectContaining({
      title: '确认兑换',
      content: '确认兑换「星巴克咖啡券」？将消耗 100 积分',
    }),
  );
  expect(redeemCalls()).toEqual([]);

  modalAnswers(true);
  await tap(page, '兑换');
  await waitForText(page, '核销码 K7D2-9QXM');
  expect(redeemCalls()).toEqual([
    { action: 'benefits.redeem', taskId: 't1', benefitId: 'coffee', requestId: expect.any(String) },
  ]);
  expect(world().wx.showToast).toHaveBeenCalledWith({ title: '兑换成功', icon: 'success' });
  expect(textsOf(page, 'redemption')[0]).toContain('已兑换');
});

test('P2: after an uncertain failure 重试 sends the same request id; a fresh tap sends a new one', async () => {
  world().answer('employee', 'benefits.list', () => ok({ tasks: [task()] }));
  world().answer('employee', 'benefits.redeem', () => crash());
  const page = openPage(BENEFITS);
  await waitForText(page, '星巴克咖啡券');

  // Confirm, the call crashes, 重试 (crashes again), then give up.
  modalAnswers(true, true, false);
  await tap(page, '兑换');
  await waitFor(() => expect(redeemCalls()).toHaveLength(2));
  expect(showModal).toHaveBeenCalledWith(
    expect.objectContaining({ title: '兑换未完成', confirmText: '重试' }),
  );
  const [first, retry] = redeemCalls();
  expect(retry.requestId).toBe(first.requestId);

  world().answer('employee', 'benefits.redeem', () => ok(redemption('r1')));
  serveRedemptions({ '': { items: [redemption('r1')], next: null } });
  modalAnswers(true);
  await tap(page, '兑换');
  await waitFor(() => expect(redeemCalls()).toHaveLength(3));
  expect(redeemCalls()[2].requestId).not.toBe(first.requestId);
});

test('P4: a refusal shows the server’s words and refreshes 可兑换', async () => {
  world().answer('employee', 'benefits.list', () => ok({ tasks: [task()] }));
  world().answer('employee', 'benefits.redeem', () =>
    fail('REDEEM_CLOSED', '兑换已于 2026-12-10 23:59 截止，不能再兑换'),
  );
  const page = openPage(BENEFITS);
  await waitForText(page, '星巴克咖啡券');
  world().answer('employee', 'benefits.list', () =>
    ok({
      tasks: [
        task({ window: 'closed', benefits: [{ ...task().benefits[0], blockedBy: 'closed' }] }),
      ],
    }),
  );
  modalAnswers(true);
  await tap(page, '兑换');
  await waitForText(page, '已过兑换期');
  expect(world().wx.showToast).toHaveBeenCalledWith({
    title: '兑换已于 2026-12-10 23:59 截止，不能再兑换',
    icon: 'none',
  });
  expect(redeemCalls()).toHaveLength(1);
});

test('P5/M4: 已兑换 pages my redemptions with 已兑换 / 已发放 and their codes', async () => {
  world().answer('employee', 'benefits.list', () => ok({ tasks: [task()] }));
  serveRedemptions({
    '': {
      items: [
        redemption('r2', { benefitName: '电影票两张', verificationCode: 'AB3D-EF5G' }),
        redemption('r1', { status: 'fulfilled', fulfilledAt: '2026-12-06T03:00:00.000Z' }),
      ],
      next: 'cur-2',
    },
    'cur-2': { items: [redemption('r0', { benefitName: '京东卡50元' })], next: null },
  });
  const page = openPage(BENEFITS);
  await waitForText(page, '星巴克咖啡券');
  await (page.instance as any).onTabChange({ detail: { value: 'redeemed' } });
  await waitForText(page, '核销码 AB3D-EF5G');
  const [pending, fulfilled] = textsOf(page, 'redemption');
  expect(pending).toContain('已兑换');
  expect(fulfilled).toContain('已发放');
  expect(fulfilled).toContain('兑换于 12月5日 10:00 · 发放于 12月6日 11:00');

  await page.instance.onReachBottom();
  await waitFor(() =>
    expect(textsOf(page, 'redemption__name')).toEqual(['电影票两张', '星巴克咖啡券', '京东卡50元']),
  );
  expect(textOf(page)).toContain('没有更多了');
});

test('empty lists say so on each tab', async () => {
  world().answer('employee', 'benefits.list', () => ok({ tasks: [] }));
  serveRedemptions({});
  const page = openPage(BENEFITS);
  await waitForText(page, '暂无可兑换的权益，完成任务目标获得积分后再来看看');
  await (page.instance as any).onTabChange({ detail: { value: 'redeemed' } });
  await waitForText(page, '还没有兑换记录');
});

test('shows 加载中, then an error with 重试 that recovers; pull-to-refresh reloads', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'benefits.list', () => answer.promise);
  const page = openPage(BENEFITS);
  await settle();
  expect(textOf(page)).toContain('加载中');
  answer.resolve(fail('INTERNAL', '权益加载失败'));
  await waitForText(page, '权益加载失败');

  world().answer('employee', 'benefits.list', () => ok({ tasks: [task()] }));
  await tap(page, '重试');
  await waitForText(page, '星巴克咖啡券');

  world().answer('employee', 'benefits.list', () => ok({ tasks: [task({ balance: 30 })] }));
  await page.instance.onPullDownRefresh();
  expect(textOf(page)).toContain('可用 30 积分');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});
