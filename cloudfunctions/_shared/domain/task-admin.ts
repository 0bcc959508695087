/**
 * Task management rules (AD2, T1, T4, P2) in plain TypeScript: what a task must hold, when it
 * may still change, and who it reaches. No SDK here, so every rule is unit-tested directly.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { TaskStatus } from '../../../typings/api';
import type { AdminTaskStatus, GoalKind } from '../../../typings/task-admin';
import type { TaskState } from './task-status';

dayjs.extend(utc);
dayjs.extend(timezone);

export const GOAL_KINDS: readonly GoalKind[] = [
  'shares',
  'views',
  'visitors',
  'newCustomers',
  'leads',
  'forwards',
];

/** The labels of T4, as the form and messages show them. */
export const GOAL_LABELS: Record<GoalKind, string> = {
  shares: '分享次数',
  views: '浏览次数',
  visitors: '访客数',
  newCustomers: '新增客户',
  leads: '留资数',
  forwards: '转发次数',
};

export const TITLE_MAX = 60;

/** A task as the form describes it, times already parsed. */
export interface TaskDraft {
  title: string;
  contentId: string;
  shareTitle: string;
  shareCover: string;
  startAt: Date;
  endAt: Date;
  redeemDeadline: Date;
  assignment: { departmentIds: string[]; userIds: string[] };
  goals: { id?: string; kind: string; target: number; points: number }[];
  benefits: { id?: string; name: string; cost: number; stock: number; perEmployeeLimit: number }[];
}

/** A rule the draft breaks: where (a form field path) and what to say. */
export interface TaskProblem {
  field: string;
  message: string;
}

const isWholeNumber = (n: number) => Number.isInteger(n);

/**
 * Every rule a task must keep to be saved (AD2, T1, T4, P2), in form order, so the first
 * problem is the one the admin meets first. Content existence is checked by the caller.
 */
export function taskProblems(draft: TaskDraft): TaskProblem[] {
  const problems: TaskProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  const title = draft.title.trim();
  if (!title) add('title', '请填写任务标题');
  else if (title.length > TITLE_MAX) add('title', `任务标题不能超过 ${TITLE_MAX} 个字`);
  if (!draft.contentId.trim()) add('contentId', '请选择推广内容');

  const times = [draft.startAt, draft.endAt, draft.redeemDeadline];
  if (times.some((t) => Number.isNaN(t.getTime()))) add('startAt', '请选择有效的时间');
  else {
    if (draft.startAt >= draft.endAt) add('endAt', '结束时间必须晚于开始时间');
    if (draft.redeemDeadline <= draft.endAt) add('redeemDeadline', '兑换截止时间必须晚于结束时间');
  }

  if (draft.assignment.departmentIds.length === 0 && draft.assignment.userIds.length === 0)
    add('assignment', '请至少选择一个部门或员工');

  if (draft.goals.length === 0) add('goals', '请至少设置一个任务目标');
  const seenKinds = new Set<string>();
  draft.goals.forEach((goal, i) => {
    if (!(GOAL_KINDS as readonly string[]).includes(goal.kind)) {
      add(`goals.${i}.kind`, '请选择目标类型');
      return;
    }
    const label = GOAL_LABELS[goal.kind as GoalKind];
    if (seenKinds.has(goal.kind)) add(`goals.${i}.kind`, `目标类型「${label}」重复了`);
    seenKinds.add(goal.kind);
    if (!isWholeNumber(goal.target) || goal.target < 1)
      add(`goals.${i}.target`, `「${label}」的目标值须为不小于 1 的整数`);
    if (!isWholeNumber(goal.points) || goal.points < 0)
      add(`goals.${i}.points`, `「${label}」的积分须为不小于 0 的整数`);
  });

  draft.benefits.forEach((benefit, i) => {
    const name = benefit.name.trim();
    if (!name) add(`benefits.${i}.name`, `请填写第 ${i + 1} 个权益的名称`);
    const label = name || `第 ${i + 1} 个权益`;
    if (!isWholeNumber(benefit.cost) || benefit.cost < 1)
      add(`benefits.${i}.cost`, `「${label}」的所需积分须为不小于 1 的整数`);
    if (!isWholeNumber(benefit.stock) || benefit.stock < 0)
      add(`benefits.${i}.stock`, `「${label}」的库存须为不小于 0 的整数`);
    if (!isWholeNumber(benefit.perEmployeeLimit) || benefit.perEmployeeLimit < 1)
      add(`benefits.${i}.perEmployeeLimit`, `「${label}」的每人限兑须为不小于 1 的整数`);
  });
  return problems;
}

/** T1 with drafts: the status 任务管理 shows. */
export function adminTaskStatus(
  task: { state: TaskState; startAt: Date; endAt: Date },
  now: Date,
): AdminTaskStatus {
  if (task.state === 'draft') return 'draft';
  if (task.state === 'cancelled') return 'cancelled';
  const status: TaskStatus =
    now < task.startAt ? 'upcoming' : now < task.endAt ? 'active' : 'ended';
  return status;
}

/**
 * Why a task can no longer be edited, or null when it can (AD2: "edit before start"). A
 * started task keeps its goals and window because points are already being earned against
 * them (T6); a cancelled one is history.
 */
export function whyNotEditable(
  task: { state: TaskState; startAt: Date },
  now: Date,
): string | null {
  if (task.state === 'cancelled') return '任务已取消，不能再修改';
  if (task.state === 'published' && now >= task.startAt)
    return '任务已开始，不能再修改目标、时间和分配';
  return null;
}

/**
 * Why a published task may not take this edit, or null. Employees already notified keep
 * their rows (and maybe their claims), so an edit before start may add departments or
 * employees but not remove any; and it may not move the start into the past, which would
 * skip the "before start" window the edit rule relies on.
 */
export function whyEditRefused(
  before: { state: TaskState; assignment: { departmentIds: string[]; userIds: string[] } },
  after: { startAt: Date; assignment: { departmentIds: string[]; userIds: string[] } },
  now: Date,
): string | null {
  if (before.state !== 'published') return null;
  const removed =
    before.assignment.departmentIds.some((id) => !after.assignment.departmentIds.includes(id)) ||
    before.assignment.userIds.some((id) => !after.assignment.userIds.includes(id));
  if (removed) return '已发布的任务只能增加分配的部门或员工，不能移除';
  if (after.startAt <= now) return '已发布任务的开始时间不能早于当前时间';
  return null;
}

/** Why a task cannot be published now, or null. A published one may be published again (a retry). */
export function whyNotPublishable(
  task: { state: TaskState; endAt: Date },
  now: Date,
): string | null {
  if (task.state === 'cancelled') return '任务已取消，不能发布';
  if (now >= task.endAt) return '任务结束时间已过，不能发布';
  return null;
}

/** Why a task cannot be cancelled, or null. Cancelling a cancelled task is a no-op, not an error. */
export function whyNotCancellable(
  task: { state: TaskState; endAt: Date },
  now: Date,
): string | null {
  if (task.state === 'published' && now >= task.endAt) return '任务已结束，不能取消';
  return null;
}

/**
 * Assignment expansion: the departments listed and every department below them (a
 * department is below when its `path` holds a listed id), as ids.
 */
export function departmentsUnder(
  departmentIds: readonly string[],
  departments: readonly { _id: string; path: string[] }[],
): string[] {
  const roots = new Set(departmentIds);
  return departments.filter((d) => d.path.some((id) => roots.has(id))).map((d) => d._id);
}

/**
 * Who a task reaches: active members of the expanded departments plus the listed users who
 * are active; each once, sorted so the rows and messages come out in a stable order.
 */
export function assignedEmployees<
  E extends { _id: string; status: string; departmentIds: string[] },
>(
  expandedDepartmentIds: readonly string[],
  userIds: readonly string[],
  candidates: readonly E[],
): E[] {
  const departments = new Set(expandedDepartmentIds);
  const named = new Set(userIds);
  const chosen = new Map<string, E>();
  for (const employee of candidates) {
    if (employee.status !== 'active') continue;
    if (named.has(employee._id) || employee.departmentIds.some((d) => departments.has(d)))
      chosen.set(employee._id, employee);
  }
  return [...chosen.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** Gives goals and benefits without an id the first free `g<n>` / `b<n>`, keeping existing ids. */
export function withIds<T extends { id?: string }>(
  items: T[],
  prefix: string,
): (T & { id: string })[] {
  const used = new Set(items.map((i) => i.id).filter((id): id is string => !!id));
  let next = 1;
  return items.map((item) => {
    if (item.id) return { ...item, id: item.id };
    while (used.has(`${prefix}${next}`)) next += 1;
    const id = `${prefix}${next}`;
    used.add(id);
    return { ...item, id };
  });
}

/** The T2 message for one assigned employee; its dedupe key makes a retried publish send once. */
export function newTaskNotification(
  task: { _id: string; title: string; startAt: Date; endAt: Date },
  userId: string,
) {
  const formatTime = (d: Date) => dayjs(d).tz('Asia/Shanghai').format('M月D日 HH:mm');
  return {
    kind: 'newTask' as const,
    userId,
    dedupeKey: `newTask:${task._id}:${userId}`,
    title: `新任务：${task.title}`,
    description: `任务时间 ${formatTime(task.startAt)} 至 ${formatTime(task.endAt)}，点击领取任务`,
    page: 'pages/tasks/index',
  };
}
