import type { TaskStatus } from '../../../typings/api';

/** What the admin did with a task; the status shown also depends on the clock. */
export type TaskState = 'draft' | 'published' | 'cancelled';

export interface TaskTiming {
  state: TaskState;
  startAt: Date;
  endAt: Date;
}

/**
 * T1: 未开始 before start, 进行中 from start until end, 已结束 after end; 已取消 when cancelled.
 * Drafts have no status: employees never see them.
 */
export function taskStatus(task: TaskTiming, now: Date): TaskStatus | null {
  if (task.state === 'draft') return null;
  if (task.state === 'cancelled') return 'cancelled';
  if (now < task.startAt) return 'upcoming';
  if (now < task.endAt) return 'active';
  return 'ended';
}

/** Total points a task can award: the sum of its goals' points. */
export function totalPoints(goals: readonly { points: number }[]): number {
  return goals.reduce((sum, goal) => sum + goal.points, 0);
}
