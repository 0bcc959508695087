/**
 * 部门数据 (D1-D4) for leaders and admins: the hourly job's roll-ups (jobs/departments.ts), only
 * of the departments the caller leads and those below them (all for an admin). Everyone else is
 * refused, and so is a department outside the caller's view. docs/customer-insight.md.
 */
import { z } from 'zod';
import type { DepartmentRow, EmployeeDepartmentActions } from '../../typings/insight';
import {
  findDepartmentStats,
  pageTaskDepartmentStats,
  type DepartmentStatsDoc,
} from '../_shared/db/department-stats';
import { listDepartments, type DepartmentDoc } from '../_shared/db/departments';
import { readLastJobRun } from '../_shared/db/job-runs';
import { encodeCursor } from '../_shared/domain/cursor';
import { claimRate } from '../_shared/domain/departments';
import { numericOrder, visibleDepartmentIds } from '../_shared/domain/org';
import { GOAL_LABELS } from '../_shared/domain/task-admin';
import { CHANNEL_LABELS } from '../_shared/domain/task-admin-export';
import { DEPARTMENTS_JOB, type DepartmentsLast } from '../_shared/jobs/departments';
import { AppError } from '../_shared/runtime/errors';
import { action, numberCursorOf } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

type Response<A extends keyof EmployeeDepartmentActions> = EmployeeDepartmentActions[A]['response'];

const NOT_A_LEADER = '仅部门负责人和管理员可查看部门数据';
const TASKS_PAGE = 5;

/** D1: the departments the caller may see, or FORBIDDEN for a caller who leads none. */
async function visibleDepartments(caller: EmployeeCaller): Promise<DepartmentDoc[]> {
  if (!caller.isAdmin && caller.employee.leadsDepartmentIds.length === 0)
    throw new AppError('FORBIDDEN', NOT_A_LEADER);
  const all = await listDepartments();
  const visible = new Set(
    visibleDepartmentIds(all, {
      isAdmin: caller.isAdmin,
      leadsDepartmentIds: caller.employee.leadsDepartmentIds,
    }),
  );
  return all.filter((d) => visible.has(d._id));
}

const bySiblingOrder = (a: DepartmentDoc, b: DepartmentDoc) =>
  a.order - b.order || numericOrder(a._id, b._id);

function rowOf(dept: DepartmentDoc, stats: DepartmentStatsDoc | undefined): DepartmentRow {
  const assigned = stats?.assigned ?? 0;
  const claimed = stats?.claimed ?? 0;
  return {
    departmentId: dept._id,
    name: dept.name,
    brought: stats?.brought ?? 0,
    newToday: stats?.newToday ?? 0,
    new7: stats?.new7 ?? 0,
    new30: stats?.new30 ?? 0,
    leads: stats?.leads ?? 0,
    assigned,
    claimed,
    claimRate: claimRate(assigned, claimed),
  };
}

/**
 * D2-D3: without `departmentId`, the caller's top departments (the highest visible ones); with
 * it, that department first and then the departments directly below it. The trend is the first
 * row's.
 */
const data = action(
  z.object({ departmentId: z.string().trim().min(1).max(32).optional() }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'departments.data'>> => {
    const visible = await visibleDepartments(caller);
    const visibleIds = new Set(visible.map((d) => d._id));
    let shown: DepartmentDoc[];
    if (input.departmentId) {
      const selected = visible.find((d) => d._id === input.departmentId);
      if (!selected) throw new AppError('FORBIDDEN', '无权查看该部门的数据');
      shown = [
        selected,
        ...visible.filter((d) => d.parentId === selected._id).sort(bySiblingOrder),
      ];
    } else {
      shown = visible
        .filter((d) => !d.parentId || !visibleIds.has(d.parentId))
        .sort(bySiblingOrder);
    }
    const [stats, last] = await Promise.all([
      findDepartmentStats(shown.map((d) => d._id)),
      readLastJobRun<DepartmentsLast>(DEPARTMENTS_JOB),
    ]);
    const statsOf = new Map(stats.map((s) => [s._id, s]));
    return {
      computedAt: last ? new Date(last.computedAt).toISOString() : null,
      departments: shown.map((d) => rowOf(d, statsOf.get(d._id))),
      trend: shown[0] ? (statsOf.get(shown[0]._id)?.trend ?? []) : [],
    };
  },
);

/**
 * D4: published tasks, latest first, each goal per visible department and (for admins: it is
 * task-wide) per channel.
 */
const tasks = action(
  z.object({ cursor: z.string().max(200).optional() }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'departments.tasks'>> => {
    const cursor = numberCursorOf(input.cursor);
    const after = cursor && { at: cursor.value, id: cursor.id };
    const visible = await visibleDepartments(caller);
    const names = new Map(visible.map((d) => [d._id, d.name]));
    const order = new Map([...visible].sort(bySiblingOrder).map((d, i) => [d._id, i]));
    const [page, last] = await Promise.all([
      pageTaskDepartmentStats(after, TASKS_PAGE),
      readLastJobRun<DepartmentsLast>(DEPARTMENTS_JOB),
    ]);
    const tail = page.rows[page.rows.length - 1];
    return {
      computedAt: last ? new Date(last.computedAt).toISOString() : null,
      tasks: page.rows.map((task) => ({
        taskId: task._id,
        title: task.title,
        goals: task.goals.map((goal) => ({
          goalId: goal.goalId,
          kind: goal.kind,
          label: GOAL_LABELS[goal.kind as keyof typeof GOAL_LABELS] ?? goal.kind,
          target: goal.target,
          byDepartment: goal.byDepartment
            .filter((row) => names.has(row.departmentId))
            .sort((a, b) => order.get(a.departmentId)! - order.get(b.departmentId)!)
            .map((row) => ({ ...row, name: names.get(row.departmentId)! })),
          // The split is task-wide, not per department: only an admin sees all of it (D1).
          byChannel: (caller.isAdmin ? goal.byChannel : []).map((c) => ({
            channel: c.channel,
            label: CHANNEL_LABELS[c.channel as keyof typeof CHANNEL_LABELS] ?? c.channel,
            value: c.value,
          })),
        })),
      })),
      nextCursor:
        page.hasMore && tail
          ? encodeCursor({ value: new Date(tail.startAt).getTime(), id: tail._id })
          : null,
    };
  },
);

export const departmentActions = {
  'departments.data': data,
  'departments.tasks': tasks,
};
