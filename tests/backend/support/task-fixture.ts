import type { TestCloud } from './cloud';

const DAY = 24 * 3600 * 1000;

/** The article `c1` (岩板餐桌实测), with the form `formId` when given. */
export function articleC1(now: number, formId: string | null = null) {
  return {
    _id: 'c1',
    kind: 'article',
    title: '岩板餐桌实测',
    cover: '',
    summary: '',
    blocks: [],
    topicTags: [],
    formId,
    createdAt: new Date(now - DAY),
    updatedAt: new Date(now - DAY),
  };
}

/** Task `t1` on `c1`, published and in progress (started a day ago, ends in a day). */
export function taskT1(now: number, userIds: string[]) {
  return {
    _id: 't1',
    title: '转发挑战',
    shareTitle: '岩板餐桌实测',
    shareCover: '',
    contentId: 'c1',
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    redeemDeadline: new Date(now + 9 * DAY),
    assignment: { departmentIds: [], userIds },
    goals: [{ id: 'g1', kind: 'views', target: 5, points: 10 }],
    benefits: [],
    state: 'published',
    createdAt: new Date(now - 2 * DAY),
    publishedAt: new Date(now - 2 * DAY),
    cancelledAt: null,
  };
}

/** `userId`'s assignment row of `t1`, claimed at `claimedAt` (null: not yet). */
export function assigneeT1(now: number, userId: string, claimedAt: Date | null) {
  return {
    _id: `t1:${userId}`,
    taskId: 't1',
    userId,
    departmentIds: [],
    taskState: 'published',
    startAt: new Date(now - DAY),
    endAt: new Date(now + DAY),
    assignedAt: new Date(now - 2 * DAY),
    claimedAt,
  };
}

/**
 * One article (`c1`, 岩板餐桌实测) and one published task in progress (`t1`) assigned to
 * `userId` and not yet claimed: the least a test needs to claim, share and open content.
 */
export async function addPublishedTask(
  t: TestCloud,
  userId: string,
  now = Date.now(),
): Promise<void> {
  await t.db.collection('contents').add({ data: articleC1(now) });
  await t.db.collection('tasks').add({ data: taskT1(now, [userId]) });
  await t.db.collection('taskAssignees').add({ data: assigneeT1(now, userId, null) });
}
