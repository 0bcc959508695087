import { db, rows, command as _ } from '../runtime/cloud';
import { assigneeId, type TaskAssigneeDoc } from './task-assignees';

/**
 * The claim (领取, T3) side of `taskAssignees` (rows are written at publish by
 * db/task-assignees.ts; this module only reads one row and sets its `claimedAt`).
 */
const assignees = () => db.collection('taskAssignees');

/** The caller's row of the task, or null when the task was not assigned to them. */
export async function findAssignment(
  taskId: string,
  userId: string,
): Promise<TaskAssigneeDoc | null> {
  const found = await rows<TaskAssigneeDoc>(
    assignees()
      .where({ _id: assigneeId(taskId, userId) })
      .limit(1)
      .get(),
  );
  return found[0] ?? null;
}

/**
 * Sets `claimedAt` once: one conditional update (not yet claimed, the row's copy of the task
 * still published and not ended), so parallel claims write once and a claim racing a cancel
 * (which rewrites the copies first) writes nothing. Answers whether this call wrote it.
 */
export async function claimAssignment(taskId: string, userId: string, now: Date): Promise<boolean> {
  const result = (await assignees()
    .where({
      _id: assigneeId(taskId, userId),
      claimedAt: null,
      taskState: 'published',
      endAt: _.gt(now),
    })
    .update({ data: { claimedAt: now } })) as { stats: { updated: number } };
  return result.stats.updated === 1;
}
