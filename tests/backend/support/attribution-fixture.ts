import type { TestCloud } from './cloud';
import { articleC1, assigneeT1, taskT1 } from './task-fixture';

const HOUR = 3600 * 1000;

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
  await t.db.collection('contents').add({ data: articleC1(now, 'f1') });
  await t.db.collection('tasks').add({
    data: {
      ...taskT1(now, userIds),
      goals: [{ id: 'g1', kind: 'newCustomers', target: 3, points: 10 }],
    },
  });
  for (const [userId, shareId] of Object.entries(shares)) {
    await t.db.collection('taskAssignees').add({
      data: assigneeT1(now, userId, new Date(now - 12 * HOUR)),
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
