/** C4 行为记录: how each event reads on a customer's profile. */
export const BEHAVIOUR_LABELS = {
  visit: '浏览了内容',
  dwell: '阅读停留',
  forward: '转发了内容',
  form: '提交了表单',
  card_call: '拨打了电话',
  card_add_contact: '添加了企业微信',
} as const;

export type BehaviourType = keyof typeof BEHAVIOUR_LABELS;

/**
 * Through whom the customer came to this content: the forwarding customer when there is one,
 * else the employee whose share it was, else a direct open.
 */
export function behaviourVia(
  event: { rootEmployeeId: string | null; parentCustomerId: string | null },
  employeeNames: Map<string, string>,
  customerNames: Map<string, string>,
): { kind: 'customer' | 'employee' | 'direct'; name: string } {
  if (event.parentCustomerId) {
    return { kind: 'customer', name: customerNames.get(event.parentCustomerId) ?? '其他客户' };
  }
  if (event.rootEmployeeId) {
    return { kind: 'employee', name: employeeNames.get(event.rootEmployeeId) ?? '同事' };
  }
  return { kind: 'direct', name: '直接访问' };
}
