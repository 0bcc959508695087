import type { TestCloud } from './cloud';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/**
 * Employees who claimed task `t1` (in progress) of content `c1` (岩板餐桌实测, with the form `f1`
 * asking for a phone) and each shared it once: `shares[userId]` is their share id. Written with
 * `t.db` as fixtures (the shares are not minted through `employee.shares.create`, so the T4
 * `shares` goal is not counted for them).
 */
export async function addClaimedShares(
  t: TestCloud,
  shares: Record<string, string>,
  now = Date.now(),
): Promise<void> {
  const window = { startAt: new Date(now - DAY), endAt: new Date(now + DAY) };
  const userIds = Object.keys(shares);
  await t.db.collection('employees').add({
    data: userIds.map((id) => ({
      _id: id,
      corpId: 'ww-test',
      name: id,
      avatar: '',
      position: '销售',
      mobile: '13800138000',
      departmentIds: ['2'],
      leadsDepartmentIds: [],
      roles: [],
      status: 'active',
    })),
  });
  await t.db.collection('forms').add({
    data: {
      _id: 'f1',
      title: '预约咨询',
      fields: [{ key: 'phone', label: '手机号', type: 'phone', required: true }],
      consentText: '同意',
    },
  });
  await t.db.collection('contents').add({
    data: {
      _id: 'c1',
      kind: 'article',
      title: '岩板餐桌实测',
      cover: '',
      summary: '',
      blocks: [],
      topicTags: [],
      formId: 'f1',
      createdAt: new Date(now - DAY),
      updatedAt: new Date(now - DAY),
    },
  });
  await t.db.collection('tasks').add({
    data: {
      _id: 't1',
      title: '转发挑战',
      shareTitle: '岩板餐桌实测',
      shareCover: '',
      contentId: 'c1',
      ...window,
      redeemDeadline: new Date(now + 9 * DAY),
      assignment: { departmentIds: [], userIds },
      goals: [{ id: 'g1', kind: 'newCustomers', target: 3, points: 10 }],
      benefits: [],
      state: 'published',
      createdAt: new Date(now - 2 * DAY),
      publishedAt: new Date(now - 2 * DAY),
      cancelledAt: null,
    },
  });
  for (const [userId, shareId] of Object.entries(shares)) {
    await t.db.collection('taskAssignees').add({
      data: {
        _id: `t1:${userId}`,
        taskId: 't1',
        userId,
        departmentIds: [],
        taskState: 'published',
        ...window,
        assignedAt: new Date(now - 2 * DAY),
        claimedAt: new Date(now - DAY),
      },
    });
    await t.db.collection('shares').add({
      data: {
        _id: shareId,
        taskId: 't1',
        contentId: 'c1',
        rootEmployeeId: userId,
        sharerType: 'employee',
        sharerId: userId,
        parentShareId: null,
        depth: 0,
        channel: 'wechat_chat',
        createdAt: new Date(now - 10 * HOUR),
      },
    });
  }
}
