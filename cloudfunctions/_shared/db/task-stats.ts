import { db, rows, command as _ } from '../runtime/cloud';
import {
  forgetMove,
  IN_FLIGHT,
  incrementOrCreate,
  notMovedBy,
  recordMove,
  updatedCount,
} from './counters';

/** T4 goal kinds, counted per (task, employee). */
export interface Counters {
  shares: number;
  views: number;
  visitors: number;
  newCustomers: number;
  leads: number;
  forwards: number;
}

export type CounterKind = keyof Counters;

/** `_id` = `${taskId}:${employeeId}` (docs/attribution.md): since creation (T5) and in-window (T6). */
export interface TaskStatsDoc {
  _id: string;
  taskId: string;
  employeeId: string;
  total: Counters;
  inWindow: Counters;
  updatedAt: Date;
}

export const ZERO_COUNTERS: Counters = {
  shares: 0,
  views: 0,
  visitors: 0,
  newCustomers: 0,
  leads: 0,
  forwards: 0,
};

const taskStats = () => db.collection('taskStats');

export function taskStatsId(taskId: string, employeeId: string): string {
  return `${taskId}:${employeeId}`;
}

/** The employee's counters for the task (one read), or null before anything was counted. */
export async function findTaskStats(
  taskId: string,
  employeeId: string,
): Promise<{ total: Counters; inWindow: Counters } | null> {
  const found = await rows<TaskStatsDoc>(
    taskStats()
      .where({ _id: taskStatsId(taskId, employeeId) })
      .limit(1)
      .get(),
  );
  if (!found[0]) return null;
  return {
    total: { ...ZERO_COUNTERS, ...found[0].total },
    inWindow: { ...ZERO_COUNTERS, ...found[0].inWindow },
  };
}

/** Every employee's counters for one task (at most `limit` rows; leaderboards, D4). */
export async function findTaskStatsOfTask(taskId: string, limit = 1000): Promise<TaskStatsDoc[]> {
  return rows<TaskStatsDoc>(taskStats().where({ taskId }).limit(limit).get());
}

/** The employee's counters across every task (one indexed read; 数据看板's 留资 total). */
export async function findTaskStatsOfEmployee(
  employeeId: string,
  limit = 1000,
): Promise<TaskStatsDoc[]> {
  return rows<TaskStatsDoc>(taskStats().where({ employeeId }).limit(limit).get());
}

/**
 * Settlement (docs/attribution.md): adds `delta` to the (task, employee) counters once for
 * `mark`, whatever the number of attempts: the update matches only a document not yet moved by
 * `mark` and records it; a new document is created with the mark.
 */
export async function incrementTaskStatsOnce(
  mark: string,
  taskId: string,
  employeeId: string,
  delta: Partial<Counters>,
  inWindow: boolean,
  at: Date,
): Promise<void> {
  const kinds = (Object.keys(delta) as CounterKind[]).filter((k) => (delta[k] ?? 0) !== 0);
  if (kinds.length === 0) return;
  const id = taskStatsId(taskId, employeeId);
  const inc = () => Object.fromEntries(kinds.map((k) => [k, _.inc(delta[k] ?? 0)]));
  const initial = (counted: boolean): Counters => {
    const counters = { ...ZERO_COUNTERS };
    if (counted) for (const k of kinds) counters[k] = delta[k] ?? 0;
    return counters;
  };
  await incrementOrCreate(
    async () =>
      updatedCount(
        await taskStats()
          .where({ _id: id, ...notMovedBy(mark) })
          .update({
            data: {
              total: inc(),
              ...(inWindow ? { inWindow: inc() } : {}),
              updatedAt: at,
              ...recordMove(mark),
            },
          }),
      ),
    async () => {
      await taskStats().add({
        data: {
          _id: id,
          taskId,
          employeeId,
          total: initial(true),
          inWindow: initial(inWindow),
          updatedAt: at,
          [IN_FLIGHT]: [mark],
        },
      });
    },
  );
}

/** Settlement: forgets `mark` on the (task, employee) counters. */
export async function forgetTaskStatsMove(
  mark: string,
  taskId: string,
  employeeId: string,
): Promise<void> {
  await taskStats()
    .where({ _id: taskStatsId(taskId, employeeId) })
    .update({ data: forgetMove(mark) });
}
