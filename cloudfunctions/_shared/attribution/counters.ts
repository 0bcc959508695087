/**
 * The counters the employee side moves (docs/attribution.md, "Counters"). Reads no client
 * input: everything comes from the share record the server minted.
 */
import type { ShareDoc } from '../db/shares';
import { incrementTaskStats } from '../db/task-stats';
import { findTask, type TaskDoc } from '../db/tasks';
import { inTaskWindow } from './rules';

/**
 * T4 `shares`: one more share by the employee, counted in the task window too when the share
 * was created inside it (T6). Call once, right after the share was inserted; `task` saves a
 * read when the caller has it.
 */
export async function countShareCreated(
  share: Pick<ShareDoc, 'taskId' | 'rootEmployeeId' | 'createdAt'>,
  task?: Pick<TaskDoc, 'startAt' | 'endAt'>,
): Promise<void> {
  const window = task ?? (await findTask(share.taskId));
  if (!window) return;
  await incrementTaskStats(
    share.taskId,
    share.rootEmployeeId,
    { shares: 1 },
    inTaskWindow(window, share.createdAt),
    share.createdAt,
  );
}
