/**
 * Points credited exactly once (T5, T6, P1; docs/points.md, "Credits"), through the real
 * function host, SDK and local cloud: a goal's points go into the ledger when its settled
 * in-window count reaches the target, once, whichever path settles the count (the request, a
 * client's retry, the timer's sweep), and the rebuild from the event log gives the same ledger.
 */
import { randomUUID } from 'node:crypto';
import type { FaultRule } from '../../../local/faults';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { expectDerivedEqualsRebuild } from '../support/derived';
import {
  addContent,
  addEmployee,
  addTask,
  asEmployee,
  DAY,
  docs,
  share,
} from '../support/points-fixture';

let t: TestCloud;
const now = Date.now();
const window = { startAt: new Date(now - DAY), endAt: new Date(now + DAY) };
const GOALS = [
  { id: 'g1', kind: 'shares', target: 2, points: 10 },
  { id: 'g2', kind: 'views', target: 2, points: 20 },
];

beforeAll(async () => {
  t = await startTestCloud();
  await addContent(t);
});
afterAll(() => t.stop());
afterEach(() => t.local.faults.clear());

let tasks = 0;
/** A new task in progress with GOALS, assigned to and claimed by a new employee. */
async function freshTask(): Promise<{ taskId: string; userId: string }> {
  tasks += 1;
  const taskId = `pc${tasks}`;
  const userId = `pcemp${tasks}`;
  await addEmployee(t, userId);
  await addTask(
    t,
    { id: taskId, ...window, redeemDeadline: new Date(now + 9 * DAY), goals: GOALS },
    [userId],
  );
  return { taskId, userId };
}

const fault = (rule: Omit<FaultRule, 'target'>) =>
  t.local.faults.add({ target: 'database', ...rule });
const sweep = () => t.local.functions.fireTimer('timer', 'attribution-settle');
const ledgerOf = (userId: string) => docs(t, 'pointsLedger', { employeeId: userId });

async function open(openid: string, shareId: string) {
  const outcome = await t.local.functions.invoke(
    'customer',
    { action: 'content.open', clientEventId: randomUUID(), shareId },
    { OPENID: openid, SOURCE: 'wx_client' },
  );
  return (outcome as { result: any }).result;
}

describe('T6: a goal credits once, when its settled in-window count reaches the target', () => {
  it('T6: the second share credits the shares goal; the third credits nothing more', async () => {
    const { taskId, userId } = await freshTask();
    expect((await share(t, userId, taskId)).ok).toBe(true);
    expect(await ledgerOf(userId)).toEqual([]);

    expect((await share(t, userId, taskId)).ok).toBe(true);
    const [entry] = await ledgerOf(userId);
    expect(entry).toMatchObject({
      _id: `credit:${taskId}:${userId}:g1`,
      type: 'credit',
      taskId,
      employeeId: userId,
      goalId: 'g1',
      points: 10,
    });

    expect((await share(t, userId, taskId)).ok).toBe(true);
    expect(await ledgerOf(userId)).toHaveLength(1);
    const [balance] = await docs(t, 'pointsBalances', { employeeId: userId });
    expect(balance).toMatchObject({
      credited: 10,
      redeemed: 0,
      balance: 10,
      creditedGoals: ['g1'],
    });
  });

  it('T5/T6: 任务详情 shows 任务积分 and which goals are credited', async () => {
    const { taskId, userId } = await freshTask();
    await share(t, userId, taskId);
    await share(t, userId, taskId);
    const detail = await asEmployee(t, userId, 'tasks.get', { taskId });
    expect(detail.data.points).toEqual({ credited: 10, possible: 30 });
    expect(detail.data.goals.map((g: any) => [g.id, g.value, g.credited])).toEqual([
      ['g1', 2, true],
      ['g2', 0, false],
    ]);
  });

  it('T6: the views goal credits at the second customer, and 目标达成与积分到账 is enqueued once', async () => {
    const { taskId, userId } = await freshTask();
    const minted = await share(t, userId, taskId);
    await open(`pc-cust-${randomUUID()}`, minted.data.shareId);
    expect(await ledgerOf(userId)).toEqual([]);
    await open(`pc-cust-${randomUUID()}`, minted.data.shareId);
    await open(`pc-cust-${randomUUID()}`, minted.data.shareId);
    const ledger = await ledgerOf(userId);
    expect(ledger.map((e) => [e.goalId, e.points])).toEqual([['g2', 20]]);
    const notices = await docs(t, 'outbox', { userId, kind: 'pointsCredited' });
    expect(notices).toHaveLength(1);
    expect(notices[0].description).toContain('浏览次数达到 2，获得 20 积分');
  });

  it('T6: 50 parallel shares credit the goal once (the crossing is decided by the settled count)', async () => {
    const { taskId, userId } = await freshTask();
    const answers = await Promise.all(Array.from({ length: 50 }, () => share(t, userId, taskId)));
    expect(answers.every((a) => a.ok)).toBe(true);
    await sweep();
    expect(await ledgerOf(userId)).toHaveLength(1);
    const [balance] = await docs(t, 'pointsBalances', { employeeId: userId });
    expect(balance.balance).toBe(10);
  });
});

describe('T6: whatever path settles the count credits it, once', () => {
  it('T6: a failed counter move: the sweep moves it and credits the goal', async () => {
    const { taskId, userId } = await freshTask();
    await share(t, userId, taskId);
    fault({
      action: 'database.modifyDocument',
      collection: 'taskStats',
      effect: 'error',
      times: 1,
    });
    expect((await share(t, userId, taskId)).ok).toBe(true);
    expect(await ledgerOf(userId)).toEqual([]);
    await sweep();
    expect((await ledgerOf(userId)).map((e) => e._id)).toEqual([`credit:${taskId}:${userId}:g1`]);
  });

  it('T6: the move landed but the credit failed: the sweep finds the move done and credits', async () => {
    const { taskId, userId } = await freshTask();
    await share(t, userId, taskId);
    // The ledger cannot be read after the move: the count has moved, the goal is not credited.
    fault({
      action: 'database.getDocument',
      collection: 'pointsLedger',
      effect: 'error',
      times: 1,
    });
    expect((await share(t, userId, taskId)).ok).toBe(true);
    const [stats] = await docs(t, 'taskStats', { _id: `${taskId}:${userId}` });
    expect(stats.inWindow.shares).toBe(2);
    expect(await ledgerOf(userId)).toEqual([]);
    await sweep();
    expect(await ledgerOf(userId)).toHaveLength(1);
    await sweep();
    expect(await ledgerOf(userId)).toHaveLength(1);
    const [balance] = await docs(t, 'pointsBalances', { employeeId: userId });
    expect(balance.credited).toBe(10);
  });

  it('T6: a credit committed whose answer was lost is not credited again by the sweep', async () => {
    const { taskId, userId } = await freshTask();
    await share(t, userId, taskId);
    fault({ action: 'database.commitTransaction', effect: 'errorAfterCommit', times: 1 });
    await share(t, userId, taskId);
    await sweep();
    expect(await ledgerOf(userId)).toHaveLength(1);
    const [balance] = await docs(t, 'pointsBalances', { employeeId: userId });
    expect(balance.credited).toBe(10);
  });
});

describe('P1: balances per task and in total, from one indexed read', () => {
  it('P1: points.summary sums the tasks; the ledger sums to each balance', async () => {
    const a = await freshTask();
    const userId = a.userId;
    // A second task for the same employee.
    await addTask(
      t,
      { id: `${a.taskId}-b`, ...window, redeemDeadline: new Date(now + 9 * DAY), goals: GOALS },
      [userId],
    );
    await share(t, userId, a.taskId);
    await share(t, userId, a.taskId);
    await share(t, userId, `${a.taskId}-b`);
    await share(t, userId, `${a.taskId}-b`);
    const summary = await asEmployee(t, userId, 'points.summary');
    expect(summary.data).toMatchObject({ credited: 20, redeemed: 0, balance: 20 });
    expect(summary.data.tasks.map((x: any) => [x.taskTitle, x.balance]).sort()).toEqual([
      [`任务${a.taskId}`, 10],
      [`任务${a.taskId}-b`, 10],
    ]);
    const sum = (await ledgerOf(userId)).reduce((s, e) => s + e.points, 0);
    expect(sum).toBe(summary.data.balance);
  });
});

describe('M3/P5: 积分记录 lists every ledger entry, newest first, paged', () => {
  it('M3/P5: each entry has its task, goal, points and time; pages never repeat an entry', async () => {
    const { taskId, userId } = await freshTask();
    const minted = await share(t, userId, taskId);
    await share(t, userId, taskId); // g1
    await open(`pc-cust-${randomUUID()}`, minted.data.shareId);
    await open(`pc-cust-${randomUUID()}`, minted.data.shareId); // g2
    const first = await asEmployee(t, userId, 'points.ledger', { pageSize: 1 });
    expect(first.data.items).toEqual([
      expect.objectContaining({
        kind: 'credit',
        taskId,
        taskTitle: `任务${taskId}`,
        goal: { id: 'g2', kind: 'views', target: 2 },
        label: '浏览次数达到 2',
        points: 20,
      }),
    ]);
    const second = await asEmployee(t, userId, 'points.ledger', {
      pageSize: 1,
      cursor: first.data.nextCursor,
    });
    expect(second.data.items.map((e: any) => [e.label, e.points])).toEqual([
      ['分享次数达到 2', 10],
    ]);
    expect(Date.parse(second.data.items[0].at)).toBeLessThanOrEqual(
      Date.parse(first.data.items[0].at),
    );
    expect(second.data.nextCursor).toBeNull();
    expect(await asEmployee(t, userId, 'points.ledger', { cursor: 'forged' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '分页参数无效，请刷新后重试' },
    });
  });
});

describe('the rebuild from the event log yields the same ledger, entry for entry', () => {
  it('T6: pointsLedger, pointsBalances and the leaderboards equal their rebuild', async () => {
    await sweep();
    const rebuilt = await expectDerivedEqualsRebuild(t);
    expect(rebuilt.pointsLedger.length).toBeGreaterThan(5);
    expect(rebuilt.leaderboard.length).toBeGreaterThan(5);
  });
});
