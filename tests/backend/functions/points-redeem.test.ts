/**
 * Redeeming benefits (P2-P5, M4; docs/points.md, "Redemptions") through the real function host,
 * SDK and local cloud: only after the task's end and before its deadline, one transaction per
 * redemption with the client's request id, never overspending a balance or a stock, and a retry
 * after a lost commit redeeming once. Points are earned for real (shares minted, goals credited).
 */
import { randomUUID } from 'node:crypto';
import type { FaultRule } from '../../../local/faults';
import { startTestCloud, type TestCloud } from '../support/cloud';
import {
  addContent,
  addEmployee,
  addTask,
  asEmployee,
  DAY,
  docs,
  endTask,
  share,
} from '../support/points-fixture';

let t: TestCloud;
const now = Date.now();
const BENEFITS = [
  { id: 'coffee', name: '星巴克咖啡券', cost: 10, stock: 100, perEmployeeLimit: 100 },
  { id: 'card', name: '京东卡50元', cost: 10, stock: 100, perEmployeeLimit: 1 },
  { id: 'rare', name: '带薪休假半天', cost: 10, stock: 1, perEmployeeLimit: 1 },
  { id: 'dear', name: '扫地机器人', cost: 500, stock: 5, perEmployeeLimit: 1 },
];
/** Two shares earn 10 points (g1); four earn 30 (g1 + g2). */
const GOALS = [
  { id: 'g1', kind: 'shares', target: 2, points: 10 },
  { id: 'g2', kind: 'shares', target: 4, points: 20 },
];

beforeAll(async () => {
  t = await startTestCloud();
  await addContent(t);
});
afterAll(() => t.stop());
afterEach(() => t.local.faults.clear());

const fault = (rule: Omit<FaultRule, 'target'>) =>
  t.local.faults.add({ target: 'database', ...rule });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tasks = 0;
/** A task in progress for a day more, with GOALS and BENEFITS, assigned to `count` new employees. */
async function activeTaskFor(count: number): Promise<{ taskId: string; users: string[] }> {
  tasks += 1;
  const taskId = `pr${tasks}`;
  const users = Array.from({ length: count }, (_, i) => `pr${tasks}u${i}`);
  for (const u of users) await addEmployee(t, u);
  await addTask(
    t,
    {
      id: taskId,
      startAt: new Date(now - DAY),
      endAt: new Date(Date.now() + DAY),
      redeemDeadline: new Date(Date.now() + 9 * DAY),
      goals: GOALS,
      benefits: BENEFITS,
    },
    users,
  );
  return { taskId, users };
}

/**
 * A task in progress assigned to new employees, each of whom shares it `shares[i]` times;
 * then the task ends (a second later) and is redeemable for nine days.
 */
async function endedTaskWith(shares: number[]): Promise<{ taskId: string; users: string[] }> {
  const { taskId, users } = await activeTaskFor(shares.length);
  for (const [i, n] of shares.entries())
    for (let k = 0; k < n; k += 1) expect((await share(t, users[i], taskId)).ok).toBe(true);
  const endAt = new Date(Date.now() + 300);
  await endTask(t, taskId, endAt, new Date(Date.now() + 9 * DAY));
  await pause(350);
  return { taskId, users };
}

const redeem = (userId: string, taskId: string, benefitId: string, requestId = randomUUID()) =>
  asEmployee(t, userId, 'benefits.redeem', { taskId, benefitId, requestId });

async function balanceOf(taskId: string, userId: string) {
  const [doc] = await docs(t, 'pointsBalances', { _id: `${taskId}:${userId}` });
  return doc;
}

async function ledgerSum(taskId: string, userId: string): Promise<number> {
  return (await docs(t, 'pointsLedger', { taskId, employeeId: userId })).reduce(
    (s, e) => s + e.points,
    0,
  );
}

describe('P2: redeeming is one atomic step after the end and before the deadline', () => {
  it('P2: before the task ends nothing can be redeemed, and the error says when it ends', async () => {
    const {
      taskId,
      users: [user],
    } = await activeTaskFor(1);
    await share(t, user, taskId);
    await share(t, user, taskId);
    const answer = await redeem(user, taskId, 'coffee');
    expect(answer).toMatchObject({ ok: false, error: { code: 'REDEEM_NOT_OPEN' } });
    expect(answer.error.message).toContain('任务结束后才能兑换');
    expect(await docs(t, 'redemptions', { userId: user })).toEqual([]);
    expect((await balanceOf(taskId, user)).balance).toBe(10);
  });

  it('P2/P5: a redemption moves balance, stock and ledger together and has a verification code', async () => {
    const { taskId, users } = await endedTaskWith([4]);
    const [user] = users;
    const answer = await redeem(user, taskId, 'coffee');
    expect(answer.ok).toBe(true);
    expect(answer.data).toMatchObject({
      taskId,
      benefitId: 'coffee',
      benefitName: '星巴克咖啡券',
      cost: 10,
      status: 'redeemed',
      fulfilledAt: null,
    });
    expect(answer.data.verificationCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(await balanceOf(taskId, user)).toMatchObject({
      credited: 30,
      redeemed: 10,
      balance: 20,
    });
    expect(await ledgerSum(taskId, user)).toBe(20);
    const [stock] = await docs(t, 'benefitStocks', { _id: `${taskId}:coffee` });
    expect(stock).toMatchObject({ stock: 100, redeemed: 1 });
    const ledger = await asEmployee(t, user, 'points.ledger', {});
    expect(ledger.data.items[0]).toMatchObject({
      kind: 'redeem',
      points: -10,
      label: '兑换「星巴克咖啡券」',
    });
  });

  it('P2: the same request id redeems once and answers the same redemption', async () => {
    const { taskId, users } = await endedTaskWith([4]);
    const requestId = randomUUID();
    const first = await redeem(users[0], taskId, 'coffee', requestId);
    const again = await redeem(users[0], taskId, 'coffee', requestId);
    expect(again.data).toEqual(first.data);
    expect(await docs(t, 'redemptions', { userId: users[0] })).toHaveLength(1);
    expect((await balanceOf(taskId, users[0])).balance).toBe(20);
    const reused = await redeem(users[0], taskId, 'card', requestId);
    expect(reused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('P2: the per-employee limit, the stock and the balance are each held, with plain words', async () => {
    const { taskId, users } = await endedTaskWith([4, 4]);
    const [a, b] = users;
    expect((await redeem(a, taskId, 'card')).ok).toBe(true);
    const limit = await redeem(a, taskId, 'card');
    expect(limit).toMatchObject({ ok: false, error: { code: 'REDEEM_LIMIT_REACHED' } });
    expect(limit.error.message).toContain('每人限兑 1 次');
    expect((await redeem(a, taskId, 'rare')).ok).toBe(true);
    expect(await redeem(b, taskId, 'rare')).toMatchObject({
      ok: false,
      error: { code: 'OUT_OF_STOCK', message: '该权益已兑完' },
    });
    expect(await redeem(b, taskId, 'dear')).toMatchObject({
      ok: false,
      error: { code: 'INSUFFICIENT_POINTS' },
    });
    expect((await balanceOf(taskId, b)).balance).toBe(30);
  });

  it('P2: an unknown benefit, a task not assigned, a forged cost or a missing request id change nothing', async () => {
    const { taskId, users } = await endedTaskWith([2]);
    const [user] = users;
    await addEmployee(t, `${taskId}-outsider`);
    expect(await redeem(user, taskId, 'nope')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await redeem(`${taskId}-outsider`, taskId, 'coffee')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const forged = await asEmployee(t, user, 'benefits.redeem', {
      taskId,
      benefitId: 'coffee',
      requestId: randomUUID(),
      cost: 0,
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const noKey = await asEmployee(t, user, 'benefits.redeem', { taskId, benefitId: 'coffee' });
    expect(noKey).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await docs(t, 'redemptions', { userId: user })).toEqual([]);
    expect((await balanceOf(taskId, user)).balance).toBe(10);
  });
});

describe('P4: after the deadline nothing can be redeemed', () => {
  it('P4: the error names the deadline in plain words; 我的权益 shows the task as closed', async () => {
    const { taskId, users } = await endedTaskWith([2]);
    await t.db
      .collection('tasks')
      .doc(taskId)
      .update({ data: { redeemDeadline: new Date(Date.now() - 1000) } });
    const answer = await redeem(users[0], taskId, 'coffee');
    expect(answer).toMatchObject({ ok: false, error: { code: 'REDEEM_CLOSED' } });
    expect(answer.error.message).toMatch(
      /^兑换已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 截止，不能再兑换$/,
    );
    const list = await asEmployee(t, users[0], 'benefits.list');
    const mine = list.data.tasks.find((x: any) => x.taskId === taskId);
    expect(mine.window).toBe('closed');
    expect(mine.benefits.every((b: any) => b.blockedBy === 'closed')).toBe(true);
  });
});

describe('P2 under concurrency and faults', () => {
  it('P2: 50 parallel redemptions against a balance that covers one: exactly one succeeds', async () => {
    const { taskId, users } = await endedTaskWith([2]);
    const [user] = users;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => redeem(user, taskId, 'coffee')),
    );
    const won = answers.filter((a) => a.ok);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => !a.ok))
      expect(['INSUFFICIENT_POINTS', 'REDEEM_BUSY']).toContain(lost.error.code);
    const balance = await balanceOf(taskId, user);
    expect(balance.balance).toBe(0);
    expect(await ledgerSum(taskId, user)).toBe(balance.balance);
    expect(await docs(t, 'redemptions', { userId: user })).toHaveLength(1);
    const [stock] = await docs(t, 'benefitStocks', { _id: `${taskId}:coffee` });
    expect(stock.redeemed).toBe(1);
  });

  it('P2: 20 employees race for a stock of one: one gets it, the stock never goes below zero', async () => {
    const { taskId, users } = await endedTaskWith(Array.from({ length: 20 }, () => 2));
    const answers = await Promise.all(users.map((u) => redeem(u, taskId, 'rare')));
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    const [stock] = await docs(t, 'benefitStocks', { _id: `${taskId}:rare` });
    expect(stock).toMatchObject({ stock: 1, redeemed: 1 });
    for (const u of users)
      expect(await ledgerSum(taskId, u)).toBe((await balanceOf(taskId, u)).balance);
  });

  it('P2: a redemption retried after an error injected after its commit redeems once', async () => {
    const { taskId, users } = await endedTaskWith([4]);
    const [user] = users;
    const requestId = randomUUID();
    fault({ action: 'database.commitTransaction', effect: 'errorAfterCommit', times: 1 });
    const first = await redeem(user, taskId, 'coffee', requestId);
    expect(first.ok).toBe(false);
    const retry = await redeem(user, taskId, 'coffee', requestId);
    expect(retry.ok).toBe(true);
    expect(await docs(t, 'redemptions', { userId: user })).toHaveLength(1);
    expect((await balanceOf(taskId, user)).balance).toBe(20);
    expect(await ledgerSum(taskId, user)).toBe(20);
  });

  it('P1/P2: a points credit racing a redemption of the same task leaves ledger = balance', async () => {
    const {
      taskId,
      users: [user],
    } = await activeTaskFor(1);
    for (let i = 0; i < 3; i += 1) await share(t, user, taskId);
    // The fourth share's count is stored but its settlement fails: g2's credit is owed.
    fault({
      action: 'database.modifyDocument',
      collection: 'taskStats',
      effect: 'error',
      times: 1,
    });
    await share(t, user, taskId);
    expect((await balanceOf(taskId, user)).credited).toBe(10);
    await endTask(t, taskId, new Date(Date.now() + 200), new Date(Date.now() + 9 * DAY));
    await pause(250);
    // The sweep credits g2 while the employee redeems from g1's points.
    const [redeemed] = await Promise.all([
      redeem(user, taskId, 'coffee'),
      t.local.functions.fireTimer('timer', 'attribution-settle'),
    ]);
    expect(redeemed.ok).toBe(true);
    const balance = await balanceOf(taskId, user);
    expect(balance).toMatchObject({ credited: 30, redeemed: 10, balance: 20 });
    expect(await ledgerSum(taskId, user)).toBe(balance.balance);
  });
});

describe('P5/M4: 我的权益 lists what can be redeemed and every redemption with its status', () => {
  it('M4: benefits.list shows the balance, the stock left and why a benefit is blocked', async () => {
    const { taskId, users } = await endedTaskWith([2]);
    const list = await asEmployee(t, users[0], 'benefits.list');
    const mine = list.data.tasks.find((x: any) => x.taskId === taskId);
    expect(mine).toMatchObject({ window: 'open', balance: 10 });
    expect(mine.benefits.map((b: any) => [b.id, b.stockLeft, b.blockedBy])).toEqual([
      ['coffee', 100, null],
      ['card', 100, null],
      ['rare', 1, null],
      ['dear', 5, 'insufficientPoints'],
    ]);
  });

  it('P5/M4: 已兑换 -> 已发放 when an admin fulfils it, with its code; paged newest first', async () => {
    const { taskId, users } = await endedTaskWith([4]);
    const [user] = users;
    const first = await redeem(user, taskId, 'coffee');
    const second = await redeem(user, taskId, 'card');
    await addEmployee(t, `${taskId}-admin`, { roles: ['admin'] });
    const fulfilled = await t.local.functions.invoke(
      'admin',
      { action: 'redemptions.fulfil', id: first.data.id },
      { OPENID: `openid-${taskId}-admin`, SOURCE: 'wx_client' },
    );
    expect((fulfilled as any).result.ok).toBe(true);
    const page1 = await asEmployee(t, user, 'redemptions.mine', { pageSize: 1 });
    expect(page1.data.items.map((r: any) => r.id)).toEqual([second.data.id]);
    const page2 = await asEmployee(t, user, 'redemptions.mine', {
      pageSize: 1,
      cursor: page1.data.nextCursor,
    });
    expect(page2.data.items[0]).toMatchObject({
      id: first.data.id,
      status: 'fulfilled',
      verificationCode: first.data.verificationCode,
    });
    expect(page2.data.nextCursor).toBeNull();
  });
});
