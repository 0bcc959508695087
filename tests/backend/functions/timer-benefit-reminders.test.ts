/**
 * 权益即将过期 reminders (P3, M5; docs/points.md, "Reminders"): the `timer` function's
 * `benefit-expiring` trigger enqueues one notice per employee with an unspent balance on an
 * ended task whose redemption deadline is 3 days or 1 day away, once per (task, employee,
 * reminder), through the outbox, which obeys 通知设置.
 */
import { dueReminder, reminderDays } from '../../../cloudfunctions/_shared/domain/points';
import type { WeComOrg } from '../../../local/fakes/wecom';
import { startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const now = Date.now();

const ORG: WeComOrg = {
  departments: [{ id: 1, name: '栖木家居', parentid: 0 }],
  users: ['keen', 'spent', 'quiet'].map((userid) => ({
    userid,
    name: userid,
    department: [1],
    status: 1 as const,
  })),
};

function task(id: string, endAt: number, deadline: number, extra: Record<string, unknown> = {}) {
  return {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: '',
    shareCover: '',
    contentId: 'c1',
    startAt: new Date(now - 20 * DAY),
    endAt: new Date(endAt),
    redeemDeadline: new Date(deadline),
    assignment: { departmentIds: ['1'], userIds: [] },
    goals: [{ id: 'g1', kind: 'shares', target: 1, points: 100 }],
    benefits: [{ id: 'b1', name: '咖啡券', cost: 100, stock: 10, perEmployeeLimit: 1 }],
    state: 'published',
    createdAt: new Date(now - 21 * DAY),
    ...extra,
  };
}

function balance(taskId: string, employeeId: string, left: number) {
  return {
    _id: `${taskId}:${employeeId}`,
    taskId,
    employeeId,
    credited: 100,
    redeemed: 100 - left,
    balance: left,
    creditedGoals: ['g1'],
    lastCreditAt: new Date(now - 10 * DAY),
    redeemedByBenefit: {},
  };
}

const TASKS = [
  task('three-days', now - DAY, now + 2.5 * DAY),
  task('one-day', now - DAY, now + 0.5 * DAY),
  task('far', now - DAY, now + 6 * DAY),
  task('closed', now - 5 * DAY, now - HOUR),
  task('running', now + DAY, now + 2 * DAY),
  task('cancelled', now - DAY, now + 2 * DAY, { state: 'cancelled' }),
];

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: ORG });
  await t.db.collection('tasks').add({ data: TASKS });
  await t.db.collection('pointsBalances').add({
    data: [
      ...TASKS.map((x) => balance(x._id, 'keen', 100)),
      balance('three-days', 'spent', 0),
      balance('three-days', 'quiet', 40),
    ],
  });
  await t.db
    .collection('notificationSettings')
    .add({ data: { _id: 'quiet', switches: { benefitExpiring: false } } });
});
afterAll(() => t.stop());

const reminders = async () =>
  (await t.db.collection('outbox').where({ kind: 'benefitExpiring' }).limit(100).get()).data;

it('P3: employees with an unspent balance are reminded 3 days and 1 day before the deadline, once, however often it runs', async () => {
  const first = await t.local.functions.fireTimer('timer', 'benefit-expiring');
  expect(first).toMatchObject({ result: { ok: true, data: { done: true } } });
  await t.local.functions.fireTimer('timer', 'benefit-expiring');
  const items = await reminders();
  expect(items.map((i: any) => [i.userId, i.dedupeKey]).sort()).toEqual([
    ['keen', 'benefitExpiring:one-day:keen:1'],
    ['keen', 'benefitExpiring:three-days:keen:3'],
    ['quiet', 'benefitExpiring:three-days:quiet:3'],
  ]);
  const keen = items.find((i: any) => i.dedupeKey === 'benefitExpiring:three-days:keen:3');
  expect(keen).toMatchObject({
    title: '权益即将过期',
    page: 'packages/points/pages/benefits/index',
  });
  expect(keen.description).toMatch(/^「任务 three-days」还有 100 积分未兑换，兑换将于 .+ 截止$/);
});

it('M5: the outbox sends them, except to an employee who switched 权益即将过期 off', async () => {
  await t.local.functions.fireTimer('timer', 'outbox');
  const sent = t.local.wecom.control
    .sent()
    .filter((m) => JSON.stringify(m.body).includes('权益即将过期'));
  expect(sent.flatMap((m) => m.recipients).sort()).toEqual(['keen', 'keen']);
});

it('P3: the reminder days are configurable; the tightest one due is the one sent', () => {
  expect(reminderDays(undefined)).toEqual([3, 1]);
  expect(reminderDays('1, 7,3')).toEqual([7, 3, 1]);
  expect(reminderDays('soon')).toEqual([3, 1]);
  const deadline = new Date(now + 3 * DAY);
  expect(dueReminder(deadline, new Date(now - 1), [3, 1])).toBeNull();
  expect(dueReminder(deadline, new Date(now), [3, 1])).toBe(3);
  expect(dueReminder(deadline, new Date(now + 2 * DAY), [3, 1])).toBe(1);
  expect(dueReminder(deadline, deadline, [3, 1])).toBeNull();
});
