import type { Page, TaskStatus, TaskSummary } from '../../typings/api';
import { call } from './call';

/** Cards per request; small enough for a quick first paint, large enough to fill a screen. */
export const TASK_PAGE_SIZE = 10;

/** One page of the task center for a status; pass the previous page's `nextCursor` to continue. */
export function listTasks(status: TaskStatus, cursor?: string): Promise<Page<TaskSummary>> {
  return call('employee', 'tasks.list', {
    status,
    pageSize: TASK_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
}
