/** Employee actions of the task center (任务中心) and the caller's own profile. */
import { z } from 'zod';
import type { TaskSummary } from '../../typings/api';
import { decodeCursor, encodeCursor } from '../_shared/domain/cursor';
import { taskStatus, totalPoints } from '../_shared/domain/task-status';
import { pageAssignmentsByStatus } from '../_shared/db/task-assignees';
import { findTasksByIds } from '../_shared/db/tasks';
import { AppError } from '../_shared/runtime/errors';
import { action } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

const listTasks = action(
  z.object({
    status: z.enum(['upcoming', 'active', 'ended', 'cancelled']),
    cursor: z.string().max(200).optional(),
    pageSize: z.number().int().min(1).max(50).default(20),
  }),
  async (input, caller: EmployeeCaller) => {
    const cursor = input.cursor ? decodeCursor(input.cursor) : null;
    if (input.cursor && !cursor) throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
    const now = new Date();
    const page = await pageAssignmentsByStatus(
      caller.employee._id,
      input.status,
      now,
      input.pageSize,
      cursor,
    );
    const tasks = new Map(
      (await findTasksByIds(page.rows.map((r) => r.taskId))).map((t) => [t._id, t]),
    );
    const items: TaskSummary[] = [];
    for (const row of page.rows) {
      const task = tasks.get(row.taskId);
      const status = task && taskStatus(task, now);
      if (!task || !status) continue;
      items.push({
        id: task._id,
        title: task.title,
        cover: task.shareCover,
        startAt: task.startAt.toISOString(),
        endAt: task.endAt.toISOString(),
        status,
        claimed: row.claimedAt !== null,
        goalCount: task.goals.length,
        totalPoints: totalPoints(task.goals),
        hasBenefits: task.benefits.length > 0,
      });
    }
    const last = page.rows[page.rows.length - 1];
    const nextCursor =
      page.hasMore && last
        ? encodeCursor({ value: last[page.sortField].getTime(), id: last._id })
        : null;
    return { items, nextCursor };
  },
);

const getMe = action(z.object({}), async (_input, caller: EmployeeCaller) => ({
  userId: caller.employee._id,
  name: caller.employee.name,
  avatar: caller.employee.avatar,
  isAdmin: caller.isAdmin,
  isLeader: caller.employee.leadsDepartmentIds.length > 0,
}));

export const taskCenterActions = { 'tasks.list': listTasks, 'me.get': getMe };
