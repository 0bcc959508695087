import type { TestCloud } from './cloud';

const DAY = 24 * 3600 * 1000;

/**
 * One article (`c1`, 岩板餐桌实测) and one published task in progress (`t1`) assigned to
 * `userId` and not yet claimed: the least a test needs to claim, share and open content.
 */
export async function addPublishedTask(
  t: TestCloud,
  userId: string,
  now = Date.now(),
): Promise<void> {
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
  const window = { startAt: new Date(now - DAY), endAt: new Date(now + DAY) };
  await t.db.collection('tasks').add({
    data: {
      _id: 't1',
      title: '转发挑战',
      shareTitle: '岩板餐桌实测',
      shareCover: '',
      contentId: 'c1',
      ...window,
      redeemDeadline: new Date(now + 9 * DAY),
      assignment: { departmentIds: [], userIds: [userId] },
      goals: [{ id: 'g1', kind: 'views', target: 5, points: 10 }],
      benefits: [],
      state: 'published',
      createdAt: new Date(now - 2 * DAY),
      publishedAt: new Date(now - 2 * DAY),
      cancelledAt: null,
    },
  });
  await t.db.collection('taskAssignees').add({
    data: {
      _id: `t1:${userId}`,
      taskId: 't1',
      userId,
      departmentIds: [],
      taskState: 'published',
      ...window,
      assignedAt: new Date(now - 2 * DAY),
      claimedAt: null,
    },
  });
}
