import { db, rows, command as _ } from '../runtime/cloud';
import type { DepartmentFigures } from '../domain/departments';

/**
 * 部门数据 (D2-D4), written by the hourly `departments` job (jobs/departments.ts):
 * - `employeeStats`, `_id` = employeeId: one employee's recounted figures (customers brought,
 *   those of the last 30 Shanghai days per day, leads, assignments and claims);
 * - `departmentStats`, `_id` = departmentId: the roll-up over the department and everything
 *   below it, with its 30-day trend; what `departments.data` reads;
 * - `taskDepartmentStats`, `_id` = taskId: one task's goals per department and per channel (D4).
 */
export interface EmployeeStatsDoc {
  _id: string;
  brought: number;
  /** New customers (A6) per Shanghai day `yyyymmdd`, the last 30 days only. */
  broughtDays: Record<string, number>;
  leads: number;
  assigned: number;
  claimed: number;
  countedAt: Date;
}

/** A department's roll-up (D2-D3 figures and trend, domain/departments.ts) as stored. */
export type DepartmentStatsDoc = DepartmentFigures & {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
  computedAt: Date;
};

export interface TaskDepartmentStatsDoc {
  _id: string;
  title: string;
  state: string;
  startAt: Date;
  goals: {
    goalId: string;
    kind: string;
    target: number;
    byDepartment: { departmentId: string; completed: number; target: number }[];
    byChannel: { channel: string; value: number }[];
  }[];
  computedAt: Date;
}

const employeeStats = () => db.collection('employeeStats');
const departmentStats = () => db.collection('departmentStats');
const taskDepartmentStats = () => db.collection('taskDepartmentStats');
const PAGE = 1000;

export async function putEmployeeStats(doc: EmployeeStatsDoc): Promise<void> {
  const { _id, ...data } = doc;
  await employeeStats().doc(_id).set({ data });
}

/** Every employee's figures, in `_id` order (pages of 1000: the work is per employee). */
export async function listEmployeeStats(): Promise<EmployeeStatsDoc[]> {
  const all: EmployeeStatsDoc[] = [];
  for (let afterId = ''; ;) {
    const page = await rows<EmployeeStatsDoc>(
      employeeStats()
        .where({ _id: _.gt(afterId) })
        .orderBy('_id', 'asc')
        .limit(PAGE)
        .get(),
    );
    all.push(...page);
    if (page.length < PAGE) return all;
    afterId = page[page.length - 1]._id;
  }
}

export async function putDepartmentStats(doc: DepartmentStatsDoc): Promise<void> {
  const { _id, ...data } = doc;
  await departmentStats().doc(_id).set({ data });
}

/** The roll-ups of these departments (one request per 1000). */
export async function findDepartmentStats(ids: string[]): Promise<DepartmentStatsDoc[]> {
  const found: DepartmentStatsDoc[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const chunk = ids.slice(i, i + PAGE);
    found.push(
      ...(await rows<DepartmentStatsDoc>(
        departmentStats()
          .where({ _id: _.in(chunk) })
          .limit(chunk.length)
          .get(),
      )),
    );
  }
  return found;
}

/** Removes the roll-ups of departments that no longer exist. */
export async function removeDepartmentStatsExcept(ids: string[]): Promise<void> {
  await departmentStats()
    .where({ _id: _.nin(ids) })
    .remove();
}

export async function putTaskDepartmentStats(doc: TaskDepartmentStatsDoc): Promise<void> {
  const { _id, ...data } = doc;
  await taskDepartmentStats().doc(_id).set({ data });
}

/** D4: a page of published tasks' breakdowns, latest start first (keyset on `startAt`, `_id`). */
export async function pageTaskDepartmentStats(
  after: { at: number; id: string } | null,
  limit: number,
): Promise<{ rows: TaskDepartmentStatsDoc[]; hasMore: boolean }> {
  const conditions: Record<string, unknown>[] = [{ state: 'published' }];
  if (after) {
    conditions.push(
      _.or([
        { startAt: _.lt(new Date(after.at)) },
        { startAt: new Date(after.at), _id: _.gt(after.id) },
      ]) as unknown as Record<string, unknown>,
    );
  }
  const where = _.and(conditions) as unknown as Record<string, unknown>;
  const found = await rows<TaskDepartmentStatsDoc>(
    taskDepartmentStats()
      .where(where)
      .orderBy('startAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(limit + 1)
      .get(),
  );
  return { rows: found.slice(0, limit), hasMore: found.length > limit };
}
