/** Admin actions: tasks, redemptions and exports (AD2, AD3, AD6). See docs/admin-tasks.md. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Page } from '../../typings/api';
import type {
  AdminRedemption,
  AdminTaskDetail,
  AdminTaskSummary,
  CsvPage,
} from '../../typings/task-admin';
import { csvPage } from '../_shared/domain/csv';
import { decodeCursor, encodeCursor, type CursorPosition } from '../_shared/domain/cursor';
import {
  adminTaskStatus,
  assignedEmployees,
  departmentsUnder,
  newTaskNotification,
  taskProblems,
  whyEditRefused,
  whyNotCancellable,
  whyNotEditable,
  whyNotPublishable,
  withIds,
  type TaskDraft,
} from '../_shared/domain/task-admin';
import {
  CUSTOMER_HEADER,
  LEAD_HEADER,
  customerRow,
  latestPhones,
  leadRow,
  type ExportLookups,
} from '../_shared/domain/task-admin-export';
import { findContentById } from '../_shared/db/contents';
import { findCustomersByIds, pageCustomersById } from '../_shared/db/customers';
import { listDepartments } from '../_shared/db/departments';
import { findEmployeesByIds, pageEmployees, type EmployeeDoc } from '../_shared/db/employees';
import { findFormEventsOfCustomers, pageFormEvents } from '../_shared/db/events';
import {
  findRedemption,
  markFulfilled,
  pageRedemptions,
  type RedemptionDoc,
} from '../_shared/db/redemptions';
import {
  assigneeId,
  countAssignees,
  insertMissingAssignees,
  rewriteTaskCopies,
  type TaskAssigneeDoc,
} from '../_shared/db/task-assignees';
import {
  findTask,
  findTasksByIds,
  insertTask,
  markTaskCancelled,
  markTaskPublished,
  pageTasks,
  updateTaskIfState,
  type TaskDoc,
  type TaskListFilter,
} from '../_shared/db/tasks';
import { enqueueNotifications } from '../_shared/notifications/enqueue';
import { AppError } from '../_shared/runtime/errors';
import { action, type ActionMap } from '../_shared/runtime/handler';
import type { AdminCaller } from '../_shared/runtime/identity';

const id = z.string().trim().min(1).max(64);
const cursorField = z.string().max(200).optional();

/** A keyset cursor this server made, or INVALID_INPUT; null when there is none. */
function readCursor(
  raw: string | undefined,
  message = '分页参数无效，请刷新后重试',
): { value: number; id: string } | null {
  if (!raw) return null;
  const cursor: CursorPosition | null = decodeCursor(raw);
  if (!cursor || typeof cursor.value !== 'number') throw new AppError('INVALID_INPUT', message);
  return { value: cursor.value, id: cursor.id };
}

const EXPORT_CURSOR_MESSAGE = '分页参数无效，请重新导出';

function nextCursorOf<T extends { _id: string }>(
  page: { rows: T[]; hasMore: boolean },
  value: (row: T) => number,
): string | null {
  const last = page.rows[page.rows.length - 1];
  return page.hasMore && last ? encodeCursor({ value: value(last), id: last._id }) : null;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

// ---------------------------------------------------------------------------------------------
// Tasks (AD2)

/**
 * The form's payload. Values are only shape-checked here (types and sizes); the product rules
 * (T4 kinds, targets, the window) are checked by taskProblems so each gets its own Chinese message.
 */
const taskInput = z.object({
  id: id.optional(),
  title: z.string().max(200),
  contentId: z.string().max(64),
  shareTitle: z.string().max(100).default(''),
  shareCover: z.string().max(1000).default(''),
  startAt: z.string().max(40),
  endAt: z.string().max(40),
  redeemDeadline: z.string().max(40),
  assignment: z.object({
    departmentIds: z.array(id).max(200).default([]),
    userIds: z.array(id).max(2000).default([]),
  }),
  goals: z
    .array(
      z.object({
        id: id.optional(),
        kind: z.string().max(40),
        target: z.number(),
        points: z.number(),
      }),
    )
    .max(6),
  benefits: z
    .array(
      z.object({
        id: id.optional(),
        name: z.string().max(40),
        cost: z.number(),
        stock: z.number(),
        perEmployeeLimit: z.number(),
      }),
    )
    .max(20)
    .default([]),
});

type TaskInput = z.infer<typeof taskInput>;

const dedupe = (ids: string[]) => [...new Set(ids)];

/** Parses and checks the form; the first broken rule is the error. */
async function validDraft(input: TaskInput): Promise<TaskDraft> {
  const draft: TaskDraft = {
    title: input.title.trim(),
    contentId: input.contentId.trim(),
    shareTitle: input.shareTitle.trim(),
    shareCover: input.shareCover.trim(),
    startAt: new Date(input.startAt),
    endAt: new Date(input.endAt),
    redeemDeadline: new Date(input.redeemDeadline),
    assignment: {
      departmentIds: dedupe(input.assignment.departmentIds),
      userIds: dedupe(input.assignment.userIds),
    },
    goals: input.goals,
    benefits: input.benefits.map((b) => ({ ...b, name: b.name.trim() })),
  };
  const [problem] = taskProblems(draft);
  if (problem) throw new AppError('INVALID_INPUT', problem.message);
  if (!(await findContentById(draft.contentId)))
    throw new AppError('INVALID_INPUT', '所选内容不存在或已删除，请重新选择');
  return draft;
}

async function requireTask(taskId: string): Promise<TaskDoc> {
  const task = await findTask(taskId);
  if (!task) throw new AppError('NOT_FOUND', '任务不存在或已删除');
  return task;
}

async function detailOf(task: TaskDoc, now: Date): Promise<AdminTaskDetail> {
  return {
    id: task._id,
    title: task.title,
    contentId: task.contentId,
    shareTitle: task.shareTitle,
    shareCover: task.shareCover,
    startAt: task.startAt.toISOString(),
    endAt: task.endAt.toISOString(),
    redeemDeadline: task.redeemDeadline.toISOString(),
    assignment: task.assignment,
    goals: task.goals,
    benefits: task.benefits,
    state: task.state,
    status: adminTaskStatus(task, now),
    editable: whyNotEditable(task, now) === null,
    assigneeCount: task.state === 'draft' ? 0 : await countAssignees(task._id),
    createdAt: task.createdAt.toISOString(),
    publishedAt: iso(task.publishedAt),
    cancelledAt: iso(task.cancelledAt),
  };
}

const summaryOf = (task: TaskDoc, now: Date): AdminTaskSummary => ({
  id: task._id,
  title: task.title,
  state: task.state,
  status: adminTaskStatus(task, now),
  startAt: task.startAt.toISOString(),
  endAt: task.endAt.toISOString(),
  createdAt: task.createdAt.toISOString(),
  publishedAt: iso(task.publishedAt),
});

function listFilter(status: AdminTaskSummary['status'] | undefined): TaskListFilter {
  if (!status) return { kind: 'all' };
  if (status === 'draft' || status === 'cancelled') return { kind: 'state', state: status };
  return { kind: 'published', when: status };
}

const listTasks = action(
  z.object({
    status: z.enum(['draft', 'upcoming', 'active', 'ended', 'cancelled']).optional(),
    cursor: cursorField,
    pageSize: z.number().int().min(1).max(50).default(20),
  }),
  async (input): Promise<Page<AdminTaskSummary>> => {
    const cursor = readCursor(input.cursor);
    const now = new Date();
    const page = await pageTasks(listFilter(input.status), now, input.pageSize, cursor);
    return {
      items: page.rows.map((t) => summaryOf(t, now)),
      nextCursor: nextCursorOf(page, (t) => t.createdAt.getTime()),
    };
  },
);

const getTask = action(z.object({ id }), async (input) =>
  detailOf(await requireTask(input.id), new Date()),
);

/**
 * Who the task reaches now (assignment expansion): active members of the assigned departments
 * and every department below them (`path`), plus the listed employees who are active.
 */
async function expandAssignment(task: TaskDoc) {
  const expanded =
    task.assignment.departmentIds.length > 0
      ? departmentsUnder(task.assignment.departmentIds, await listDepartments())
      : [];
  const candidates = [
    ...(expanded.length > 0 ? await allActiveEmployees(expanded) : []),
    ...(await findEmployeesByIds(task.assignment.userIds)),
  ];
  return assignedEmployees(expanded, task.assignment.userIds, candidates);
}

/** Every active employee (of these departments), read in `_id` pages of 1000. */
async function allActiveEmployees(departmentIds?: string[]): Promise<EmployeeDoc[]> {
  const all: EmployeeDoc[] = [];
  for (;;) {
    const page = await pageEmployees({
      status: 'active',
      departmentIds,
      afterId: all[all.length - 1]?._id,
      limit: 1000,
    });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/**
 * Writes the rows of every employee the task reaches that has none yet, then enqueues their
 * T2 message. Both steps are idempotent (deterministic row ids, dedupe keys per task and
 * employee), so running this again after a crash or a retry adds only what is missing.
 */
async function fanOut(task: TaskDoc, now: Date): Promise<void> {
  const employees = await expandAssignment(task);
  const assignedAt = task.publishedAt ?? now;
  const docs: TaskAssigneeDoc[] = employees.map((e) => ({
    _id: assigneeId(task._id, e._id),
    taskId: task._id,
    userId: e._id,
    departmentIds: e.departmentIds,
    taskState: 'published',
    startAt: task.startAt,
    endAt: task.endAt,
    assignedAt,
    claimedAt: null,
  }));
  await insertMissingAssignees(docs);
  for (let i = 0; i < employees.length; i += 100) {
    await enqueueNotifications(
      employees.slice(i, i + 100).map((e) => newTaskNotification(task, e._id)),
    );
  }
}

const saveTask = action(taskInput, async (input, caller: AdminCaller) => {
  const draft = await validDraft(input);
  const now = new Date();
  const fields = {
    title: draft.title,
    shareTitle: draft.shareTitle,
    shareCover: draft.shareCover,
    contentId: draft.contentId,
    startAt: draft.startAt,
    endAt: draft.endAt,
    redeemDeadline: draft.redeemDeadline,
    assignment: draft.assignment,
    goals: withIds(draft.goals, 'g') as TaskDoc['goals'],
    benefits: withIds(draft.benefits, 'b'),
  };
  if (!input.id) {
    const task: TaskDoc = {
      _id: `task-${randomUUID()}`,
      ...fields,
      state: 'draft',
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      cancelledAt: null,
    };
    await insertTask(task);
    console.log(`[tasks.save] ${caller.employee._id} created ${task._id}`);
    return detailOf(task, now);
  }

  const before = await requireTask(input.id);
  const locked = whyNotEditable(before, now) ?? whyEditRefused(before, draft, now);
  if (locked) throw new AppError('TASK_NOT_EDITABLE', locked);
  if (!(await updateTaskIfState(before._id, before.state, { ...fields, updatedAt: now })))
    throw new AppError('TASK_NOT_EDITABLE', '任务状态已变化，请刷新后重试');
  const after = await requireTask(before._id);
  if (after.state === 'published') {
    // Employees' task centers read the copies: move them with the window, then reach anyone
    // the edit added (existing rows and already-sent messages are left alone).
    await rewriteTaskCopies(after._id, { startAt: after.startAt, endAt: after.endAt });
    await fanOut(after, now);
  }
  return detailOf(after, now);
});

const publishTask = action(z.object({ id }), async (input, caller: AdminCaller) => {
  const now = new Date();
  const task = await requireTask(input.id);
  const refused = whyNotPublishable(task, now);
  if (refused) throw new AppError('TASK_NOT_PUBLISHABLE', refused);
  // The saved draft was valid, but its content may have been deleted since.
  if (!(await findContentById(task.contentId)))
    throw new AppError('TASK_NOT_PUBLISHABLE', '任务的推广内容已被删除，请重新选择后再发布');
  // State first: if anything below fails, a retry finds the task published and fans out again.
  await markTaskPublished(task._id, now);
  const published = await requireTask(task._id);
  if (published.state !== 'published')
    throw new AppError('TASK_NOT_PUBLISHABLE', '任务已取消，不能发布');
  await fanOut(published, now);
  console.log(`[tasks.publish] ${caller.employee._id} published ${task._id}`);
  return detailOf(published, now);
});

const cancelTask = action(z.object({ id }), async (input, caller: AdminCaller) => {
  const now = new Date();
  const task = await requireTask(input.id);
  const refused = whyNotCancellable(task, now);
  if (refused) throw new AppError('TASK_NOT_CANCELLABLE', refused);
  await markTaskCancelled(task._id, now);
  // Rewritten even when already cancelled: a cancel that failed after the first write is finished by its retry.
  await rewriteTaskCopies(task._id, { taskState: 'cancelled' });
  console.log(`[tasks.cancel] ${caller.employee._id} cancelled ${task._id}`);
  return detailOf(await requireTask(task._id), now);
});

/** What the task form's department and employee pickers offer. */
const taskOptions = action(z.object({}), async () => ({
  departments: (await listDepartments()).map((d) => ({
    id: d._id,
    name: d.name,
    parentId: d.parentId,
    path: d.path,
  })),
  employees: (await allActiveEmployees()).map((e) => ({
    id: e._id,
    name: e.name,
    departmentIds: e.departmentIds,
  })),
}));

// ---------------------------------------------------------------------------------------------
// Redemptions (AD3)

async function redemptionViews(docs: RedemptionDoc[]): Promise<AdminRedemption[]> {
  const userIds = dedupe(
    docs.flatMap((d) => (d.fulfilledBy ? [d.userId, d.fulfilledBy] : [d.userId])),
  );
  const names = new Map((await findEmployeesByIds(userIds)).map((e) => [e._id, e.name]));
  const titles = new Map(
    (await findTasksByIds(dedupe(docs.map((d) => d.taskId)))).map((t) => [t._id, t.title]),
  );
  return docs.map((d) => ({
    id: d._id,
    taskId: d.taskId,
    taskTitle: titles.get(d.taskId) ?? '',
    userId: d.userId,
    employeeName: names.get(d.userId) ?? d.userId,
    benefitId: d.benefitId,
    benefitName: d.benefitName,
    cost: d.cost,
    status: d.status,
    verificationCode: d.verificationCode,
    createdAt: new Date(d.createdAt).toISOString(),
    fulfilledAt: iso(d.fulfilledAt),
    fulfilledBy: d.fulfilledBy,
    fulfilledByName: d.fulfilledBy ? (names.get(d.fulfilledBy) ?? d.fulfilledBy) : null,
  }));
}

const listRedemptions = action(
  z.object({
    status: z.enum(['redeemed', 'fulfilled']).optional(),
    taskId: id.optional(),
    cursor: cursorField,
    pageSize: z.number().int().min(1).max(50).default(20),
  }),
  async (input): Promise<Page<AdminRedemption>> => {
    const cursor = readCursor(input.cursor);
    const page = await pageRedemptions(
      { status: input.status, taskId: input.taskId },
      input.pageSize,
      cursor,
    );
    return {
      items: await redemptionViews(page.rows),
      nextCursor: nextCursorOf(page, (r) => new Date(r.createdAt).getTime()),
    };
  },
);

const fulfilRedemption = action(z.object({ id }), async (input, caller: AdminCaller) => {
  // The conditional update decides; a second 发放 finds it fulfilled and changes nothing.
  await markFulfilled(input.id, caller.employee._id, new Date());
  const doc = await findRedemption(input.id);
  if (!doc) throw new AppError('NOT_FOUND', '兑换记录不存在');
  return (await redemptionViews([doc]))[0];
});

// ---------------------------------------------------------------------------------------------
// Exports (AD6)

const exportInput = z.object({
  cursor: cursorField,
  pageSize: z.number().int().min(1).max(200).default(200),
});

async function lookups(
  employeeIds: (string | null)[],
  taskIds: (string | null)[],
): Promise<ExportLookups> {
  const present = (ids: (string | null)[]) => dedupe(ids.filter((x): x is string => !!x));
  const employees = await findEmployeesByIds(present(employeeIds));
  const taskList = present(taskIds);
  const tasks: TaskDoc[] = [];
  for (let i = 0; i < taskList.length; i += 100)
    tasks.push(...(await findTasksByIds(taskList.slice(i, i + 100))));
  return {
    employeeNames: new Map(employees.map((e) => [e._id, e.name])),
    taskTitles: new Map(tasks.map((t) => [t._id, t.title])),
  };
}

const exportCustomers = action(exportInput, async (input): Promise<CsvPage> => {
  const cursor = readCursor(input.cursor, EXPORT_CURSOR_MESSAGE);
  const page = await pageCustomersById(cursor ? cursor.id : null, input.pageSize);
  const phones = latestPhones(await findFormEventsOfCustomers(page.rows.map((c) => c._id)));
  const names = await lookups(
    page.rows.map((c) => c.origin?.rootEmployeeId ?? null),
    page.rows.map((c) => c.origin?.taskId ?? null),
  );
  const rows = page.rows.map((c) => customerRow(c, phones.get(c._id) ?? '', names));
  const last = page.rows[page.rows.length - 1];
  return {
    csv: csvPage(CUSTOMER_HEADER, rows, !cursor),
    count: rows.length,
    nextCursor: page.hasMore && last ? encodeCursor({ value: 0, id: last._id }) : null,
  };
});

const exportLeads = action(exportInput, async (input): Promise<CsvPage> => {
  const cursor = readCursor(input.cursor, EXPORT_CURSOR_MESSAGE);
  const page = await pageFormEvents(input.pageSize, cursor);
  const customerIds = dedupe(page.rows.map((e) => e.customerId));
  const nicknames = new Map<string, string>();
  for (let i = 0; i < customerIds.length; i += 100)
    for (const c of await findCustomersByIds(customerIds.slice(i, i + 100)))
      nicknames.set(c._id, c.nickname);
  const names = await lookups(
    page.rows.map((e) => e.rootEmployeeId),
    page.rows.map((e) => e.taskId),
  );
  const rows = page.rows.map((e) => leadRow(e, nicknames.get(e.customerId) ?? '', names));
  return {
    csv: csvPage(LEAD_HEADER, rows, !cursor),
    count: rows.length,
    nextCursor: nextCursorOf(page, (e) => new Date(e.at).getTime()),
  };
});

export const taskAdminActions: ActionMap<AdminCaller> = {
  'tasks.list': listTasks,
  'tasks.get': getTask,
  'tasks.save': saveTask,
  'tasks.publish': publishTask,
  'tasks.cancel': cancelTask,
  'tasks.options': taskOptions,
  'redemptions.list': listRedemptions,
  'redemptions.fulfil': fulfilRedemption,
  'export.customers': exportCustomers,
  'export.leads': exportLeads,
};
