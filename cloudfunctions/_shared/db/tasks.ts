import { db, rows, command as _ } from '../runtime/cloud';
import { pageNewestFirst, type TimeCursor } from './keyset';
import type { TaskState } from '../domain/task-status';

export type GoalKind = 'shares' | 'views' | 'visitors' | 'newCustomers' | 'leads' | 'forwards';

export interface TaskDoc {
  _id: string;
  title: string;
  shareTitle: string;
  shareCover: string;
  contentId: string;
  startAt: Date;
  endAt: Date;
  redeemDeadline: Date;
  assignment: { departmentIds: string[]; userIds: string[] };
  goals: { id: string; kind: GoalKind; target: number; points: number }[];
  benefits: { id: string; name: string; cost: number; stock: number; perEmployeeLimit: number }[];
  state: TaskState;
  createdAt: Date;
  /** Absent on tasks written before issue 4. */
  updatedAt?: Date;
  publishedAt?: Date | null;
  cancelledAt?: Date | null;
}

const tasks = () => db.collection('tasks');

/** The tasks with these ids (at most 100, one request). */
export async function findTasksByIds(ids: string[]): Promise<TaskDoc[]> {
  if (ids.length === 0) return [];
  return rows<TaskDoc>(
    db
      .collection('tasks')
      .where({ _id: _.in(ids) })
      .limit(ids.length)
      .get(),
  );
}

/** The task with this id, or null. */
export async function findTask(id: string): Promise<TaskDoc | null> {
  const found = await rows<TaskDoc>(tasks().where({ _id: id }).limit(1).get());
  return found[0] ?? null;
}

/** Writes a new task (a draft). */
export async function insertTask(task: TaskDoc): Promise<void> {
  await tasks().add({ data: task });
}

/** The fields an edit may change. */
export type TaskEdit = Pick<
  TaskDoc,
  | 'title'
  | 'shareTitle'
  | 'shareCover'
  | 'contentId'
  | 'startAt'
  | 'endAt'
  | 'redeemDeadline'
  | 'assignment'
  | 'goals'
  | 'benefits'
> & { updatedAt: Date };

/**
 * Applies an edit only while the task is still in `expectedState`, so an edit that raced a
 * publish or a cancel changes nothing. Returns whether it applied.
 */
export async function updateTaskIfState(
  id: string,
  expectedState: TaskState,
  edit: TaskEdit,
): Promise<boolean> {
  const { assignment, ...rest } = edit;
  const result = (await tasks()
    .where({ _id: id, state: expectedState })
    // _.set replaces the object; a plain object would be merged field by field.
    .update({ data: { ...rest, assignment: _.set(assignment) } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}

/** Draft -> published, once: `publishedAt` keeps the first publish. */
export async function markTaskPublished(id: string, now: Date): Promise<void> {
  await tasks()
    .where({ _id: id, state: 'draft' })
    .update({ data: { state: 'published', publishedAt: now, updatedAt: now } });
}

/** Any state but cancelled -> cancelled, once: `cancelledAt` keeps the first cancel. */
export async function markTaskCancelled(id: string, now: Date): Promise<void> {
  await tasks()
    .where({ _id: id, state: _.neq('cancelled') })
    .update({ data: { state: 'cancelled', cancelledAt: now, updatedAt: now } });
}

/** What 任务管理 filters on: a state, or a published task's place in time (T1). */
export type TaskListFilter =
  | { kind: 'all' }
  | { kind: 'state'; state: 'draft' | 'cancelled' }
  | { kind: 'published'; when: 'upcoming' | 'active' | 'ended' };

function filterQuery(filter: TaskListFilter, now: Date): Record<string, unknown> {
  switch (filter.kind) {
    case 'all':
      return {};
    case 'state':
      return { state: filter.state };
    case 'published':
      if (filter.when === 'upcoming') return { state: 'published', startAt: _.gt(now) };
      if (filter.when === 'active')
        return { state: 'published', startAt: _.lte(now), endAt: _.gt(now) };
      return { state: 'published', endAt: _.lte(now) };
  }
}

/**
 * One page of tasks for 任务管理, newest first (createdAt desc, then _id), after `cursor`
 * (keyset: the last item's createdAt in ms and _id). Reads `pageSize + 1` to know if more exist.
 */
export async function pageTasks(
  filter: TaskListFilter,
  now: Date,
  pageSize: number,
  cursor: TimeCursor | null,
): Promise<{ rows: TaskDoc[]; hasMore: boolean }> {
  return pageNewestFirst<TaskDoc>(tasks(), filterQuery(filter, now), 'createdAt', pageSize, cursor);
}

/**
 * A task other than a draft that uses this content, or null: published and cancelled tasks
 * keep their content (shared cards still open it), so it may not be removed.
 */
export async function findNonDraftTaskUsingContent(
  contentId: string,
): Promise<Pick<TaskDoc, '_id' | 'title'> | null> {
  const data = await rows<TaskDoc>(
    db
      .collection('tasks')
      .where({ contentId, state: _.neq('draft') })
      .field({ _id: true, title: true })
      .limit(1)
      .get(),
  );
  return data[0] ?? null;
}

/** Published tasks whose end falls in (from, to], at most 100 (a day's worth of ends). */
export async function findPublishedTasksEndingBetween(from: Date, to: Date): Promise<TaskDoc[]> {
  return rows<TaskDoc>(
    db
      .collection('tasks')
      .where({ state: 'published', endAt: _.gt(from).and(_.lte(to)) })
      .orderBy('endAt', 'asc')
      .limit(100)
      .get(),
  );
}

/**
 * Published tasks with benefits that have ended and whose redemption deadline falls in
 * (from, to]: the tasks a benefit reminder run looks at (at most 100).
 */
export async function findRedeemableTasksWithDeadlineBetween(
  from: Date,
  to: Date,
): Promise<TaskDoc[]> {
  return rows<TaskDoc>(
    db
      .collection('tasks')
      .where({
        state: 'published',
        endAt: _.lte(from),
        redeemDeadline: _.gt(from).and(_.lte(to)),
        'benefits.0': _.exists(true),
      })
      .orderBy('redeemDeadline', 'asc')
      .limit(100)
      .get(),
  );
}

/** The hourly department job: ids of tasks changed (published, cancelled, edited) since `since`. */
export async function findTaskIdsUpdatedSince(since: Date): Promise<string[]> {
  const found = await rows<{ _id: string }>(
    tasks()
      .where({ updatedAt: _.gte(since) })
      .field({ _id: true })
      .limit(1000)
      .get(),
  );
  return found.map((t) => t._id);
}
