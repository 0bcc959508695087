/**
 * Fixtures of the points tests (docs/points.md): employees with a WeCom binding, a task with
 * goals and benefits, claimed rows, and calls of the real `employee` function as one of them.
 * Points are earned for real: shares minted through `employee.shares.create` settle the T4
 * `shares` goal, whose credit is what is under test.
 */
import { randomUUID } from 'node:crypto';
import type { TestCloud } from './cloud';

export const DAY = 24 * 3600 * 1000;

/** An active employee with a binding `openid-${id}` (department 2, 华东, by default). */
export async function addEmployee(
  t: TestCloud,
  id: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await t.db.collection('employees').add({
    data: {
      _id: id,
      corpId: 'ww-test',
      name: `员工${id}`,
      avatar: '',
      position: '销售',
      departmentIds: ['2'],
      leadsDepartmentIds: [],
      roles: [],
      status: 'active',
      ...extra,
    },
  });
  await t.db.collection('bindings').add({
    data: {
      _id: `openid-${id}`,
      userId: id,
      corpId: 'ww-test',
      source: 'wecom',
      boundAt: new Date(),
    },
  });
}

export interface TaskOptions {
  id: string;
  startAt: Date;
  endAt: Date;
  redeemDeadline: Date;
  goals: { id: string; kind: string; target: number; points: number }[];
  benefits?: { id: string; name: string; cost: number; stock: number; perEmployeeLimit: number }[];
}

/** A published task on content `c1` (added once per cloud by `addContent`). */
export async function addTask(
  t: TestCloud,
  options: TaskOptions,
  userIds: string[],
): Promise<void> {
  const now = Date.now();
  await t.db.collection('tasks').add({
    data: {
      _id: options.id,
      title: `任务${options.id}`,
      shareTitle: '岩板餐桌实测',
      shareCover: '',
      contentId: 'c1',
      startAt: options.startAt,
      endAt: options.endAt,
      redeemDeadline: options.redeemDeadline,
      assignment: { departmentIds: [], userIds },
      goals: options.goals,
      benefits: options.benefits ?? [],
      state: 'published',
      createdAt: new Date(now - 3 * DAY),
      publishedAt: new Date(now - 3 * DAY),
      cancelledAt: null,
    },
  });
  if (userIds.length === 0) return;
  await t.db.collection('taskAssignees').add({
    data: userIds.map((userId) => ({
      _id: `${options.id}:${userId}`,
      taskId: options.id,
      userId,
      departmentIds: ['2'],
      taskState: 'published',
      startAt: options.startAt,
      endAt: options.endAt,
      assignedAt: new Date(now - 3 * DAY),
      claimedAt: new Date(now - 2 * DAY),
    })),
  });
}

/** Content `c1` and the departments the boards name. */
export async function addContent(t: TestCloud): Promise<void> {
  const now = Date.now();
  await t.db.collection('contents').add({
    data: {
      _id: 'c1',
      kind: 'article',
      title: '岩板餐桌实测',
      cover: '',
      summary: '',
      blocks: [],
      topicTags: [],
      formId: null,
      createdAt: new Date(now - DAY),
      updatedAt: new Date(now - DAY),
    },
  });
  await t.db.collection('departments').add({
    data: [
      { _id: '1', name: '栖木家居', parentId: null, order: 1, path: ['1'], leaderUserIds: [] },
      {
        _id: '2',
        name: '华东事业部',
        parentId: '1',
        order: 1,
        path: ['1', '2'],
        leaderUserIds: [],
      },
    ],
  });
}

/** Calls the `employee` function as `userId` and answers its ApiResult. */
export async function asEmployee(
  t: TestCloud,
  userId: string,
  action: string,
  payload: Record<string, unknown> = {},
  env?: Record<string, string>,
): Promise<any> {
  const outcome = await t.local.functions.invoke(
    'employee',
    { action, ...payload },
    { OPENID: `openid-${userId}`, SOURCE: 'wx_client' },
    env,
  );
  if ('errCode' in outcome) return { failed: outcome.errMsg };
  return outcome.result;
}

/** One tap on 分享给微信好友: a share minted and counted (T4 `shares`). */
export async function share(t: TestCloud, userId: string, taskId: string): Promise<any> {
  return asEmployee(t, userId, 'shares.create', {
    taskId,
    channel: 'wechat_chat',
    requestId: randomUUID(),
  });
}

/** Time passes: the task ends (and its rows' copies with it), redeemable until `deadline`. */
export async function endTask(
  t: TestCloud,
  taskId: string,
  endAt: Date,
  redeemDeadline: Date,
): Promise<void> {
  await t.db.collection('tasks').doc(taskId).update({ data: { endAt, redeemDeadline } });
  await t.db.collection('taskAssignees').where({ taskId }).update({ data: { endAt } });
}

/** Every document of a collection matching `where` (at most 1000). */
export async function docs(t: TestCloud, collection: string, where: object = {}): Promise<any[]> {
  const { data } = await t.db.collection(collection).where(where).limit(1000).get();
  return data;
}
