import { db, rows, command as _ } from '../runtime/cloud';
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
}

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
