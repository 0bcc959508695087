import { db, rows, command as _ } from '../runtime/cloud';
import type { TaskStatus } from '../../../typings/api';
import type { CursorPosition } from '../domain/cursor';
import type { TaskState } from '../domain/task-status';

/**
 * One row per (task, assigned employee), `_id` = `${taskId}:${userId}`. It carries a copy of the
 * task's state and window so an employee's task center is one indexed query per page.
 */
export interface TaskAssigneeDoc {
  _id: string;
  taskId: string;
  userId: string;
  departmentIds: string[];
  taskState: TaskState;
  startAt: Date;
  endAt: Date;
  assignedAt: Date;
  claimedAt: Date | null;
}

interface StatusQuery {
  where: Record<string, unknown>;
  sortField: 'startAt' | 'endAt';
  direction: 'asc' | 'desc';
}

/** How each tab of the task center is selected and ordered (T1). */
function statusQuery(status: TaskStatus, now: Date): StatusQuery {
  switch (status) {
    case 'active':
      return {
        where: { taskState: 'published', startAt: _.lte(now), endAt: _.gt(now) },
        sortField: 'endAt',
        direction: 'asc',
      };
    case 'upcoming':
      return {
        where: { taskState: 'published', startAt: _.gt(now) },
        sortField: 'startAt',
        direction: 'asc',
      };
    case 'ended':
      return {
        where: { taskState: 'published', endAt: _.lte(now) },
        sortField: 'endAt',
        direction: 'desc',
      };
    case 'cancelled':
      return { where: { taskState: 'cancelled' }, sortField: 'endAt', direction: 'desc' };
  }
}

/**
 * One page of an employee's assignments in a status, after `cursor` (keyset pagination on the
 * sort field then `_id`). Reads `pageSize + 1` rows to know whether another page exists.
 */
export async function pageAssignmentsByStatus(
  userId: string,
  status: TaskStatus,
  now: Date,
  pageSize: number,
  cursor: CursorPosition | null,
): Promise<{ rows: TaskAssigneeDoc[]; hasMore: boolean; sortField: 'startAt' | 'endAt' }> {
  const { where, sortField, direction } = statusQuery(status, now);
  const conditions: Record<string, unknown>[] = [{ userId, ...where }];
  if (cursor) {
    const value = new Date(cursor.value);
    const beyond = direction === 'asc' ? _.gt(value) : _.lt(value);
    conditions.push(
      _.or([
        { [sortField]: beyond },
        { [sortField]: value, _id: _.gt(cursor.id) },
      ]) as unknown as Record<string, unknown>,
    );
  }
  const found = await rows<TaskAssigneeDoc>(
    db
      .collection('taskAssignees')
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy(sortField, direction)
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize, sortField };
}
