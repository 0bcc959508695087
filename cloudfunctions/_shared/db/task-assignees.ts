import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';
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

const assignees = () => db.collection('taskAssignees');

/** The row id of (task, employee): deterministic, so a retried publish finds its own rows. */
export const assigneeId = (taskId: string, userId: string) => `${taskId}:${userId}`;

/** Which of these row ids exist (100 per request). */
async function existingIds(ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const data = await rows<{ _id: string }>(
      assignees()
        .where({ _id: _.in(chunk) })
        .field({ _id: true })
        .limit(chunk.length)
        .get(),
    );
    for (const row of data) found.add(row._id);
  }
  return found;
}

/**
 * Writes the rows that do not exist yet and leaves existing ones (and their claims) alone;
 * returns how many it wrote. A concurrent publish that wrote a row first is not an error:
 * the row it wrote is the same row.
 */
export async function insertMissingAssignees(docs: TaskAssigneeDoc[]): Promise<number> {
  const existing = await existingIds(docs.map((d) => d._id));
  const missing = docs.filter((d) => !existing.has(d._id));
  let written = 0;
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    try {
      await assignees().add({ data: chunk });
      written += chunk.length;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Someone else wrote part of this chunk: fall back to one row at a time.
      for (const doc of chunk) {
        try {
          await assignees().add({ data: doc });
          written += 1;
        } catch (inner) {
          if (!isDuplicateKeyError(inner)) throw inner;
        }
      }
    }
  }
  return written;
}

/** Rewrites the task's copies on every row of the task (after an edit or a cancel). */
export async function rewriteTaskCopies(
  taskId: string,
  copies: Partial<Pick<TaskAssigneeDoc, 'taskState' | 'startAt' | 'endAt'>>,
): Promise<void> {
  await assignees().where({ taskId }).update({ data: copies });
}

/** How many employees the task was assigned to. */
export async function countAssignees(taskId: string): Promise<number> {
  const result = (await assignees().where({ taskId }).count()) as { total: number };
  return result.total;
}

/** One page of a task's claimed assignees after `afterId` (by `_id`), for batch jobs. */
export async function pageClaimedAssignees(
  taskId: string,
  afterId: string,
  pageSize: number,
): Promise<TaskAssigneeDoc[]> {
  return rows<TaskAssigneeDoc>(
    db
      .collection('taskAssignees')
      .where({ taskId, claimedAt: _.neq(null), _id: _.gt(afterId) })
      .orderBy('_id', 'asc')
      .limit(pageSize)
      .get(),
  );
}

// The claim (领取, T3): one row read, and `claimedAt` set once.

/** The caller's row of the task, or null when the task was not assigned to them. */
export async function findAssignment(
  taskId: string,
  userId: string,
): Promise<TaskAssigneeDoc | null> {
  const found = await rows<TaskAssigneeDoc>(
    db
      .collection('taskAssignees')
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
  const result = (await db
    .collection('taskAssignees')
    .where({
      _id: assigneeId(taskId, userId),
      claimedAt: null,
      taskState: 'published',
      endAt: _.gt(now),
    })
    .update({ data: { claimedAt: now } })) as { stats: { updated: number } };
  return result.stats.updated === 1;
}

/** The first `limit` assignees of a task by `_id` (the zero-point tail of a task board, T7). */
export async function firstAssigneesOfTask(
  taskId: string,
  limit: number,
): Promise<TaskAssigneeDoc[]> {
  return rows<TaskAssigneeDoc>(
    db.collection('taskAssignees').where({ taskId }).orderBy('_id', 'asc').limit(limit).get(),
  );
}

/** 客户档案's 来源任务 filter: the employee's latest assignments (at most `limit`, one request). */
export async function findRecentAssignmentsOf(
  userId: string,
  limit: number,
): Promise<TaskAssigneeDoc[]> {
  return rows<TaskAssigneeDoc>(
    assignees().where({ userId }).orderBy('assignedAt', 'desc').limit(limit).get(),
  );
}

/** D3: the employee's assignments of published tasks, and how many of them they claimed. */
export async function countAssignmentsOf(
  userId: string,
): Promise<{ assigned: number; claimed: number }> {
  const [assigned, claimed] = (await Promise.all([
    assignees().where({ userId, taskState: 'published' }).count(),
    assignees()
      .where({ userId, taskState: 'published', claimedAt: _.neq(null) })
      .count(),
  ])) as { total: number }[];
  return { assigned: assigned.total, claimed: claimed.total };
}

/**
 * The hourly department job's feed: assignments made or claimed at or after `since` (indexes
 * `assignedAt_id`, `claimedAt_id`), a page of each in `_id` order after `afterId`.
 */
export async function pageAssignmentsTouchedSince(
  field: 'assignedAt' | 'claimedAt',
  since: Date,
  afterId: string,
  limit: number,
): Promise<Pick<TaskAssigneeDoc, '_id' | 'taskId' | 'userId'>[]> {
  return rows(
    assignees()
      .where({ [field]: _.gte(since), _id: _.gt(afterId) })
      .orderBy('_id', 'asc')
      .field({ _id: true, taskId: true, userId: true })
      .limit(limit)
      .get(),
  );
}

/** D4: every assignee of a task with their departments (pages of 1000: per employee, not customer). */
export async function listAssigneesOfTask(
  taskId: string,
): Promise<Pick<TaskAssigneeDoc, '_id' | 'userId' | 'departmentIds' | 'claimedAt'>[]> {
  const all: Pick<TaskAssigneeDoc, '_id' | 'userId' | 'departmentIds' | 'claimedAt'>[] = [];
  for (let afterId = ''; ;) {
    const page = await rows<
      Pick<TaskAssigneeDoc, '_id' | 'userId' | 'departmentIds' | 'claimedAt'>
    >(
      assignees()
        .where({ taskId, _id: _.gt(afterId) })
        .orderBy('_id', 'asc')
        .field({ _id: true, userId: true, departmentIds: true, claimedAt: true })
        .limit(1000)
        .get(),
    );
    all.push(...page);
    if (page.length < 1000) return all;
    afterId = page[page.length - 1]._id;
  }
}
