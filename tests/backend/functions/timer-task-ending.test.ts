/**
 * 任务即将结束 reminders: the `timer` function's `task-ending` trigger enqueues one notice per
 * employee who claimed a published task ending within a day; the `outbox` trigger sends it.
 */
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { WeComOrg } from '../../../local/fakes/wecom';

let t: TestCloud;
const HOUR = 3600 * 1000;
const now = Date.now();

const ORG: WeComOrg = {
  departments: [{ id: 1, name: '栖木家居', parentid: 0 }],
  users: ['claimer', 'idler', 'other'].map((userid) => ({
    userid,
    name: userid,
    department: [1],
    status: 1 as const,
  })),
};

function task(id: string, endInHours: number, state = 'published') {
  return {
    _id: id,
    title: `任务 ${id}`,
    shareTitle: '',
    shareCover: '',
    contentId: 'c1',
    startAt: new Date(now - 48 * HOUR),
    endAt: new Date(now + endInHours * HOUR),
    redeemDeadline: new Date(now + 240 * HOUR),
    assignment: { departmentIds: ['1'], userIds: [] },
    goals: [{ id: 'g1', kind: 'shares', target: 1, points: 1 }],
    benefits: [],
    state,
    createdAt: new Date(now - 72 * HOUR),
  };
}

function row(taskId: string, userId: string, claimed: boolean, taskDoc: ReturnType<typeof task>) {
  return {
    _id: `${taskId}:${userId}`,
    taskId,
    userId,
    departmentIds: ['1'],
    taskState: taskDoc.state,
    startAt: taskDoc.startAt,
    endAt: taskDoc.endAt,
    assignedAt: new Date(now - 60 * HOUR),
    claimedAt: claimed ? new Date(now - 40 * HOUR) : null,
  };
}

const soon = task('soon', 5);
const later = task('later', 72);
const cancelled = task('cancelled', 5, 'cancelled');
const over = task('over', -1);

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: ORG });
  await t.db.collection('tasks').add({ data: [soon, later, cancelled, over] });
  await t.db.collection('taskAssignees').add({
    data: [
      row('soon', 'claimer', true, soon),
      row('soon', 'idler', false, soon),
      row('later', 'other', true, later),
      row('cancelled', 'other', true, cancelled),
      row('over', 'other', true, over),
    ],
  });
});
afterAll(() => t.stop());

it('only employees who claimed a published task ending within a day are reminded, once, however often it runs', async () => {
  const first = await t.local.functions.fireTimer('timer', 'task-ending');
  expect(first).toMatchObject({
    result: { ok: true, data: { tasks: 1, enqueued: 1, done: true } },
  });
  await t.local.functions.fireTimer('timer', 'task-ending');
  const { data: items } = await t.db.collection('outbox').where({ kind: 'taskEnding' }).get();
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ userId: 'claimer', title: '任务即将结束' });
  expect(items[0].description).toContain('「任务 soon」');

  await t.local.functions.fireTimer('timer', 'outbox');
  const sent = t.local.wecom.control
    .sent()
    .filter((m) => JSON.stringify(m.body).includes('任务即将结束'));
  expect(sent.map((m) => m.recipients)).toEqual([['claimer']]);
});

it('M5: a reminder for someone who switched it off is never sent', async () => {
  await t.db.collection('tasks').add({ data: task('soon2', 3) });
  await t.db
    .collection('taskAssignees')
    .add({ data: row('soon2', 'other', true, task('soon2', 3)) });
  await t.db
    .collection('notificationSettings')
    .add({ data: { _id: 'other', switches: { taskEnding: false } } });
  await t.local.functions.fireTimer('timer', 'task-ending');
  await t.local.functions.fireTimer('timer', 'outbox');
  const toOther = t.local.wecom.control.sent().filter((m) => m.recipients.includes('other'));
  expect(toOther).toEqual([]);
});
