/**
 * Leaderboards (T7, P6, M2; docs/points.md, "Leaderboards") through the real function host:
 * a task's board ranks every assigned employee by task points, ties broken by who reached them
 * first; the enterprise boards rank by points earned and by customers brought (A6), this month
 * and all time; the caller's own row is pinned even outside the top 50. Boards are read from
 * the maintained rankings (`pointsBalances`, `leaderboard`), never from the ledger.
 */
import { randomUUID } from 'node:crypto';
import { shanghaiMonth } from '../../../cloudfunctions/_shared/domain/points';
import { startTestCloud, type TestCloud } from '../support/cloud';
import {
  addContent,
  addEmployee,
  addTask,
  asEmployee,
  DAY,
  share,
} from '../support/points-fixture';

let t: TestCloud;
const now = Date.now();
const GOALS = [
  { id: 'g1', kind: 'shares', target: 2, points: 10 },
  { id: 'g2', kind: 'shares', target: 4, points: 20 },
];
const window = {
  startAt: new Date(now - DAY),
  endAt: new Date(now + DAY),
  redeemDeadline: new Date(now + 9 * DAY),
};

beforeAll(async () => {
  t = await startTestCloud();
  await addContent(t);
  for (const id of ['lba', 'lbb', 'lbc', 'lbd']) await addEmployee(t, id, { name: `榜${id}` });
  await addTask(t, { id: 'lb1', ...window, goals: GOALS }, ['lba', 'lbb', 'lbc', 'lbd']);
  // a reaches 10 first, then b reaches 10, then c reaches 30; d shares nothing.
  for (const [user, times] of [
    ['lba', 2],
    ['lbb', 2],
    ['lbc', 4],
  ] as const)
    for (let i = 0; i < times; i += 1) expect((await share(t, user, 'lb1')).ok).toBe(true);
});
afterAll(() => t.stop());

const board = (userId: string, payload: Record<string, unknown>) =>
  asEmployee(t, userId, 'leaderboards.get', payload);

describe('T7: the task leaderboard', () => {
  it('T7: every assigned employee by task points, ties broken by who reached them first', async () => {
    const answer = await board('lbb', { board: 'task', taskId: 'lb1' });
    expect(answer.ok).toBe(true);
    expect(answer.data.rows.map((r: any) => [r.rank, r.employeeId, r.value, r.isMe])).toEqual([
      [1, 'lbc', 30, false],
      [2, 'lba', 10, false],
      [3, 'lbb', 10, true],
      [4, 'lbd', 0, false],
    ]);
    expect(answer.data.me).toMatchObject({ rank: 3, employeeId: 'lbb', value: 10, isMe: true });
    expect(answer.data.rows[0]).toMatchObject({ name: '榜lbc', departmentName: '华东事业部' });
    expect(answer.data.total).toBe(4);
  });

  it('T7: an employee without points is ranked after everyone with points', async () => {
    const answer = await board('lbd', { board: 'task', taskId: 'lb1' });
    expect(answer.data.me).toMatchObject({ rank: 4, value: 0, isMe: true });
  });

  it('T7/M2: the caller outside the top 50 is pinned with their own rank', async () => {
    const users = Array.from({ length: 56 }, (_, i) => `lbx${String(i).padStart(2, '0')}`);
    for (const u of users) await addEmployee(t, u);
    await addTask(t, { id: 'lb-big', ...window, goals: GOALS }, users);
    // The maintained ranking as credits leave it: 55 colleagues above the caller.
    await t.db.collection('pointsBalances').add({
      data: users.map((u, i) => ({
        _id: `lb-big:${u}`,
        taskId: 'lb-big',
        employeeId: u,
        credited: i === 55 ? 5 : 1000 - i,
        redeemed: 0,
        balance: i === 55 ? 5 : 1000 - i,
        creditedGoals: ['g1'],
        lastCreditAt: new Date(now - i * 1000),
        redeemedByBenefit: {},
      })),
    });
    const answer = await board('lbx55', { board: 'task', taskId: 'lb-big' });
    expect(answer.data.rows).toHaveLength(50);
    expect(answer.data.rows.some((r: any) => r.isMe)).toBe(false);
    expect(answer.data.rows[0]).toMatchObject({ rank: 1, employeeId: 'lbx00', value: 1000 });
    expect(answer.data.me).toMatchObject({ rank: 56, employeeId: 'lbx55', value: 5, isMe: true });
    expect(answer.data.total).toBe(56);
  });

  it('T7: a task not assigned to the caller has no board for them', async () => {
    await addEmployee(t, 'lb-outsider');
    expect(await board('lb-outsider', { board: 'task', taskId: 'lb1' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('P6: the enterprise leaderboards', () => {
  it('P6/M2: by points earned, this month and all time', async () => {
    const month = await board('lbd', { board: 'points', period: 'month' });
    expect(month.data.rows.map((r: any) => [r.rank, r.employeeId, r.value])).toEqual(
      expect.arrayContaining([
        [1, 'lbc', 30],
        [2, 'lba', 10],
        [3, 'lbb', 10],
      ]),
    );
    // Not ranked: pinned after the ranked ones, with nothing earned.
    expect(month.data.me).toMatchObject({
      employeeId: 'lbd',
      value: 0,
      rank: month.data.total + 1,
    });

    // Last month's points count all time, not this month.
    const lastMonth = shanghaiMonth(new Date(now - 40 * DAY));
    await t.db.collection('leaderboard').add({
      data: [
        {
          _id: `points:${lastMonth}:lbd`,
          board: 'points',
          period: lastMonth,
          employeeId: 'lbd',
          value: 500,
          reachedAt: new Date(now - 40 * DAY),
        },
        {
          _id: 'points:all:lbd',
          board: 'points',
          period: 'all',
          employeeId: 'lbd',
          value: 500,
          reachedAt: new Date(now - 40 * DAY),
        },
      ],
    });
    const all = await board('lbd', { board: 'points', period: 'all' });
    expect(all.data.rows[0]).toMatchObject({ rank: 1, employeeId: 'lbd', value: 500, isMe: true });
    expect(all.data.me).toMatchObject({ rank: 1, value: 500 });
    const monthAgain = await board('lbd', { board: 'points', period: 'month' });
    expect(monthAgain.data.rows.some((r: any) => r.employeeId === 'lbd')).toBe(false);
  });

  it('P6/A6: by customers brought, moved once per customer by settlement', async () => {
    const minted = await share(t, 'lba', 'lb1');
    for (let i = 0; i < 3; i += 1) {
      const openid = `lb-cust-${randomUUID()}`;
      // Delivered twice: brought once (A9).
      for (let k = 0; k < 2; k += 1) {
        const outcome = await t.local.functions.invoke(
          'customer',
          { action: 'content.open', clientEventId: `open-${openid}`, shareId: minted.data.shareId },
          { OPENID: openid, SOURCE: 'wx_client' },
        );
        expect((outcome as any).result.ok).toBe(true);
      }
    }
    for (const period of ['month', 'all']) {
      const answer = await board('lbb', { board: 'brought', period });
      expect(answer.data.rows[0]).toMatchObject({ rank: 1, employeeId: 'lba', value: 3 });
      expect(answer.data.me).toMatchObject({ employeeId: 'lbb', value: 0 });
    }
  });

  it('M2: a board request is validated: a task board needs its task, enterprise boards a period only', async () => {
    for (const payload of [
      { board: 'task' },
      { board: 'task', taskId: 'lb1', period: 'month' },
      { board: 'points', taskId: 'lb1' },
      { board: 'everyone' },
      { board: 'points', period: 'year' },
    ])
      expect(await board('lba', payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
  });
});
