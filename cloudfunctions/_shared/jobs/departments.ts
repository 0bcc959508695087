/**
 * 部门数据 (D2-D4), hourly, incremental: a run recounts only what changed since the previous
 * run's watermark, then rolls the per-employee figures up the department tree.
 * 1. `scan`: the events, new customers (A6) and assignments since the watermark, and the tasks
 *    changed since, name the employees and tasks they touched;
 * 2. `employees`: each touched employee's figures recounted from indexed counts (`employeeStats`);
 * 3. `tasks`: each touched task's goals per department and per channel (`taskDepartmentStats`);
 * 4. `rollup`: every department from every employee's figures (`departmentStats`): work per
 *    employee and department, never per customer.
 * Recounts are whole-document `set`s, so a repeated step or a repeated run writes the same
 * values; the watermark trails the run's start by a margin, so an event written while a run
 * scans is seen by the next one. Chunked under a lease (jobs/chunked.ts).
 */
import { randomBytes } from 'node:crypto';
import { findBroughtTimesOf, countBroughtBy, pageBroughtSince } from '../db/brought-by';
import {
  putDepartmentStats,
  putEmployeeStats,
  putTaskDepartmentStats,
  listEmployeeStats,
  removeDepartmentStatsExcept,
} from '../db/department-stats';
import { listDepartments } from '../db/departments';
import { listActiveMemberships } from '../db/employees';
import { countTaskChannelEvents, pageEventsSince, type EventType } from '../db/events';
import { countEmployeeSharesOfTask } from '../db/shares';
import {
  countAssignmentsOf,
  listAssigneesOfTask,
  pageAssignmentsTouchedSince,
} from '../db/task-assignees';
import { findTaskStatsOfEmployee, findTaskStatsOfTask } from '../db/task-stats';
import { findTaskIdsUpdatedSince, findTasksByIds, type GoalKind, type TaskDoc } from '../db/tasks';
import {
  broughtDaysOf,
  CHANNELS,
  goalByDepartment,
  rollUpDepartments,
  TREND_DAYS,
} from '../domain/departments';
import { runChunkedJob } from './chunked';

export const DEPARTMENTS_JOB = 'departments';
const DAY = 24 * 3600 * 1000;
/** Writes still in flight when a scan passes them are picked up by the next run. */
const WATERMARK_MARGIN_MS = 10 * 60 * 1000;
const DEFAULT_BUDGET_MS = 40_000;
/** The trigger fires every 10 minutes (to continue a paused run); a new run starts hourly. */
const HOURLY_MS = 50 * 60 * 1000;
const SCAN_PAGE = 500;
const RECOUNT_CHUNK = 20;
const TASK_CHUNK = 2;

type Feed = 'events' | 'brought' | 'assigned' | 'claimed' | 'tasks';
const FEEDS: Feed[] = ['events', 'brought', 'assigned', 'claimed', 'tasks'];

export interface DepartmentsRun {
  id: string;
  startedAt: Date;
  /** Everything at or after it is looked at. */
  since: Date;
  phase: 'scan' | 'employees' | 'tasks' | 'rollup';
  feed: Feed;
  /** The scan's position in the current feed (an `at` in ms and an `_id`, or only an `_id`). */
  after: { at: number; id: string } | null;
  employeeIds: string[];
  taskIds: string[];
  /** How many of `employeeIds` / `taskIds` are recounted. */
  done: number;
}

export interface DepartmentsLast {
  /** The run's clock (what "today" and the windows were counted against). */
  startedAt: Date;
  computedAt: Date;
  /** Where the next run starts looking. */
  watermark: Date;
  employees: number;
  tasks: number;
  departments: number;
}

export interface DepartmentsJobResult {
  done: boolean;
  busy?: boolean;
  /** The last run is under an hour old: nothing was done. */
  current?: boolean;
  employees: number;
  tasks: number;
}

/** Runs (or continues) the hourly department run within the budget. */
export async function runDepartments(
  options: { now?: Date; budgetMs?: number; everyMs?: number } = {},
): Promise<DepartmentsJobResult> {
  const now = options.now ?? new Date();
  const everyMs = options.everyMs ?? HOURLY_MS;
  const result = await runChunkedJob<DepartmentsRun, DepartmentsLast>(
    {
      name: DEPARTMENTS_JOB,
      start: (at, last) =>
        last && at.getTime() - new Date(last.startedAt).getTime() < everyMs
          ? null
          : {
              id: randomBytes(8).toString('hex'),
              startedAt: at,
              since: last ? new Date(last.watermark) : new Date(0),
              phase: 'scan',
              feed: 'events',
              after: null,
              employeeIds: [],
              taskIds: [],
              done: 0,
            },
      step: (run) => departmentsStep(run),
    },
    { now, budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS },
  );
  switch (result.status) {
    case 'busy':
      return { done: false, busy: true, employees: 0, tasks: 0 };
    case 'paused':
      return {
        done: false,
        employees: result.run.employeeIds.length,
        tasks: result.run.taskIds.length,
      };
    case 'current':
      return { done: true, current: true, employees: 0, tasks: 0 };
    default:
      return { done: true, employees: result.last.employees, tasks: result.last.tasks };
  }
}

async function departmentsStep(run: DepartmentsRun): Promise<DepartmentsLast | null> {
  const startedAt = new Date(run.startedAt);
  switch (run.phase) {
    case 'scan':
      await scanStep(run);
      return null;
    case 'employees': {
      const chunk = run.employeeIds.slice(run.done, run.done + RECOUNT_CHUNK);
      await Promise.all(chunk.map((id) => recountEmployee(id, startedAt)));
      run.done += chunk.length;
      if (run.done >= run.employeeIds.length) {
        run.phase = 'tasks';
        run.done = 0;
      }
      return null;
    }
    case 'tasks': {
      const chunk = run.taskIds.slice(run.done, run.done + TASK_CHUNK);
      const [tasks, departments] = await Promise.all([findTasksByIds(chunk), listDepartments()]);
      for (const task of tasks) await recountTask(task, departments, startedAt);
      run.done += chunk.length;
      if (run.done >= run.taskIds.length) run.phase = 'rollup';
      return null;
    }
    case 'rollup': {
      const departments = await rollUp(startedAt);
      return {
        startedAt,
        computedAt: new Date(),
        watermark: new Date(startedAt.getTime() - WATERMARK_MARGIN_MS),
        employees: run.employeeIds.length,
        tasks: run.taskIds.length,
        departments,
      };
    }
  }
}

const addAll = (into: string[], ids: (string | null | undefined)[]) => {
  const seen = new Set(into);
  for (const id of ids) {
    if (!id || seen.has(id)) continue;
    seen.add(id);
    into.push(id);
  }
};

/** One page of the current feed into the touched sets; the next feed after its last page. */
async function scanStep(run: DepartmentsRun): Promise<void> {
  const since = new Date(run.since);
  let full = false;
  switch (run.feed) {
    case 'events': {
      const page = await pageEventsSince(since, run.after, SCAN_PAGE);
      addAll(
        run.employeeIds,
        page.map((e) => e.rootEmployeeId),
      );
      addAll(
        run.taskIds,
        page.map((e) => e.taskId),
      );
      const last = page[page.length - 1];
      if (last) run.after = { at: new Date(last.at).getTime(), id: last._id };
      full = page.length === SCAN_PAGE;
      break;
    }
    case 'brought': {
      const page = await pageBroughtSince(since, run.after, SCAN_PAGE);
      addAll(
        run.employeeIds,
        page.map((b) => b.employeeId),
      );
      const last = page[page.length - 1];
      if (last) run.after = { at: new Date(last.at).getTime(), id: last._id };
      full = page.length === SCAN_PAGE;
      break;
    }
    case 'assigned':
    case 'claimed': {
      const field = run.feed === 'assigned' ? 'assignedAt' : 'claimedAt';
      const page = await pageAssignmentsTouchedSince(field, since, run.after?.id ?? '', SCAN_PAGE);
      addAll(
        run.employeeIds,
        page.map((a) => a.userId),
      );
      addAll(
        run.taskIds,
        page.map((a) => a.taskId),
      );
      const last = page[page.length - 1];
      if (last) run.after = { at: 0, id: last._id };
      full = page.length === SCAN_PAGE;
      break;
    }
    case 'tasks': {
      // A task published, cancelled or edited changes its assignees' D3 figures.
      const changed = await findTaskIdsUpdatedSince(since);
      addAll(run.taskIds, changed);
      for (const taskId of changed) {
        addAll(
          run.employeeIds,
          (await listAssigneesOfTask(taskId)).map((a) => a.userId),
        );
      }
      break;
    }
  }
  if (full) return;
  const next = FEEDS[FEEDS.indexOf(run.feed) + 1];
  run.after = null;
  if (next) run.feed = next;
  else {
    run.employeeIds.sort();
    run.taskIds.sort();
    run.phase = 'employees';
    run.done = 0;
  }
}

/** D2-D3 figures of one employee, recounted (a handful of indexed counts and reads). */
async function recountEmployee(employeeId: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - (TREND_DAYS + 1) * DAY);
  const [brought, times, stats, assignments] = await Promise.all([
    countBroughtBy(employeeId),
    findBroughtTimesOf(employeeId, windowStart),
    findTaskStatsOfEmployee(employeeId),
    countAssignmentsOf(employeeId),
  ]);
  await putEmployeeStats({
    _id: employeeId,
    brought,
    broughtDays: broughtDaysOf(times, now),
    leads: stats.reduce((sum, s) => sum + (s.total?.leads ?? 0), 0),
    assigned: assignments.assigned,
    claimed: assignments.claimed,
    countedAt: now,
  });
}

/** What D4's channel split counts for a goal kind (docs/customer-insight.md). */
const CHANNEL_EVENT: Record<GoalKind, { type: EventType; withPhone?: boolean } | 'shares'> = {
  shares: 'shares',
  views: { type: 'visit' },
  visitors: { type: 'visit' },
  newCustomers: { type: 'visit' },
  leads: { type: 'form', withPhone: true },
  forwards: { type: 'forward' },
};

/** D4 for one task: each goal per department (with those below) and per channel. */
async function recountTask(
  task: TaskDoc,
  departments: Awaited<ReturnType<typeof listDepartments>>,
  now: Date,
): Promise<void> {
  const [assignees, stats] = await Promise.all([
    listAssigneesOfTask(task._id),
    findTaskStatsOfTask(task._id),
  ]);
  const end = new Date(Math.min(new Date(task.endAt).getTime(), now.getTime()));
  const channelCounts = new Map<string, number>();
  const countOf = async (kind: GoalKind, channel: string): Promise<number> => {
    const source = CHANNEL_EVENT[kind];
    const key =
      source === 'shares'
        ? `shares:${channel}`
        : `${source.type}:${source.withPhone ?? false}:${channel}`;
    if (!channelCounts.has(key)) {
      channelCounts.set(
        key,
        source === 'shares'
          ? await countEmployeeSharesOfTask(task._id, channel as (typeof CHANNELS)[number])
          : await countTaskChannelEvents(
              task._id,
              source.type,
              channel,
              new Date(task.startAt),
              end,
              source.withPhone,
            ),
      );
    }
    return channelCounts.get(key)!;
  };
  const goals = [];
  for (const goal of task.goals) {
    const inWindow = new Map(stats.map((s) => [s.employeeId, s.inWindow?.[goal.kind] ?? 0]));
    const byChannel = [];
    for (const channel of CHANNELS)
      byChannel.push({ channel, value: await countOf(goal.kind, channel) });
    goals.push({
      goalId: goal.id,
      kind: goal.kind,
      target: goal.target,
      byDepartment: goalByDepartment(goal.target, assignees, inWindow, departments),
      byChannel,
    });
  }
  await putTaskDepartmentStats({
    _id: task._id,
    title: task.title,
    state: task.state,
    startAt: new Date(task.startAt),
    goals,
    computedAt: now,
  });
}

/** D2-D3 for every department, from every employee's figures. Answers how many departments. */
async function rollUp(now: Date): Promise<number> {
  const [departments, members, figures] = await Promise.all([
    listDepartments(),
    listActiveMemberships(),
    listEmployeeStats(),
  ]);
  const rolled = rollUpDepartments(
    departments,
    members,
    new Map(figures.map((f) => [f._id, f])),
    now,
  );
  const computedAt = new Date();
  const docs = departments.map((d) => ({
    _id: d._id,
    name: d.name,
    parentId: d.parentId,
    order: d.order,
    ...rolled.get(d._id)!,
    computedAt,
  }));
  for (let i = 0; i < docs.length; i += 10)
    await Promise.all(docs.slice(i, i + 10).map(putDepartmentStats));
  await removeDepartmentStatsExcept(departments.map((d) => d._id));
  return departments.length;
}
