import { db, rows, command as _ } from '../runtime/cloud';
import type { CursorPosition } from '../domain/cursor';

/**
 * 客户列表 per task and employee, `_id` = `${taskId}:${employeeId}:${customerId}`. Its first
 * insert is also the task's unique visitor (A9 UV: the `taskVisitors` key of the contract is
 * the same key, so this one document serves both). `lead` is set once, by the first form with
 * a phone: a customer is one lead per task and employee.
 */
export interface TaskCustomerDoc {
  _id: string;
  taskId: string;
  employeeId: string;
  customerId: string;
  firstAt: Date;
  lastAt: Date;
  /** Page views (A11 sessions). */
  visits: number;
  lead?: boolean;
}

const taskCustomers = () => db.collection('taskCustomers');

/**
 * 客户列表: one page of the task's customers through the employee, most recent first (keyset
 * on `lastAt` in ms, then `_id`). Reads `pageSize + 1` rows to know whether more exist.
 */
export async function pageTaskCustomers(
  taskId: string,
  employeeId: string,
  cursor: CursorPosition | null,
  pageSize: number,
): Promise<{ rows: TaskCustomerDoc[]; hasMore: boolean }> {
  const conditions: Record<string, unknown>[] = [{ taskId, employeeId }];
  if (cursor) {
    const value = new Date(Number(cursor.value));
    conditions.push(
      _.or([{ lastAt: _.lt(value) }, { lastAt: value, _id: _.gt(cursor.id) }]) as unknown as Record<
        string,
        unknown
      >,
    );
  }
  const found = await rows<TaskCustomerDoc>(
    taskCustomers()
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy('lastAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/** CU2: removes the customer from every task's list. */
export async function removeTaskCustomersOfCustomer(customerId: string): Promise<void> {
  await taskCustomers().where({ customerId }).remove();
}
