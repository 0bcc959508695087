/** Task management, redemptions and exports (AD2, AD3, AD6). Types only; each action: { request, response }. */
import type { Page, TaskStatus } from './api';

/** The six goal kinds of T4. */
export type GoalKind = 'shares' | 'views' | 'visitors' | 'newCustomers' | 'leads' | 'forwards';

/** What the admin did with a task. */
export type AdminTaskState = 'draft' | 'published' | 'cancelled';

/** 草稿 / 未开始 / 进行中 / 已结束 / 已取消: the state plus the clock (T1). */
export type AdminTaskStatus = 'draft' | TaskStatus;

export interface AdminTaskGoal {
  /** Stable within the task (the points ledger keys on it); the server assigns it when absent. */
  id?: string;
  kind: GoalKind;
  target: number;
  points: number;
}

export interface AdminTaskBenefit {
  /** Stable within the task (redemptions refer to it); the server assigns it when absent. */
  id?: string;
  name: string;
  cost: number;
  stock: number;
  perEmployeeLimit: number;
}

export interface TaskAssignment {
  departmentIds: string[];
  userIds: string[];
}

/** What the task form sends. Times are ISO-8601 strings. */
export interface AdminTaskInput {
  title: string;
  contentId: string;
  shareTitle: string;
  shareCover: string;
  startAt: string;
  endAt: string;
  redeemDeadline: string;
  assignment: TaskAssignment;
  goals: AdminTaskGoal[];
  benefits: AdminTaskBenefit[];
}

/** One row of 任务管理. */
export interface AdminTaskSummary {
  id: string;
  title: string;
  state: AdminTaskState;
  status: AdminTaskStatus;
  startAt: string;
  endAt: string;
  createdAt: string;
  publishedAt: string | null;
}

/** A task as the edit form shows it. */
export interface AdminTaskDetail extends AdminTaskInput {
  id: string;
  state: AdminTaskState;
  status: AdminTaskStatus;
  goals: Required<AdminTaskGoal>[];
  benefits: Required<AdminTaskBenefit>[];
  /** False once published and started, or cancelled: the form is read-only. */
  editable: boolean;
  /** Employees with a task row (0 for a draft). */
  assigneeCount: number;
  createdAt: string;
  publishedAt: string | null;
  cancelledAt: string | null;
}

export type RedemptionStatus = 'redeemed' | 'fulfilled';

/** One line of 兑换管理 (P5: 已兑换 -> 已发放). */
export interface AdminRedemption {
  id: string;
  taskId: string;
  taskTitle: string;
  userId: string;
  employeeName: string;
  benefitId: string;
  benefitName: string;
  cost: number;
  status: RedemptionStatus;
  verificationCode: string;
  createdAt: string;
  fulfilledAt: string | null;
  fulfilledBy: string | null;
  fulfilledByName: string | null;
}

/** One page of a CSV export: the first page starts with the BOM and the header row. */
export interface CsvPage {
  csv: string;
  /** Data rows in this page. */
  count: number;
  nextCursor: string | null;
}

/** What the task form's pickers offer: the organisation (active employees only). */
export interface TaskOptions {
  departments: { id: string; name: string; parentId: string | null; path: string[] }[];
  employees: { id: string; name: string; departmentIds: string[] }[];
}

export interface AdminTaskActions {
  'tasks.list': {
    request: { status?: AdminTaskStatus; cursor?: string; pageSize?: number };
    response: Page<AdminTaskSummary>;
  };
  'tasks.get': { request: { id: string }; response: AdminTaskDetail };
  /** Without `id`: a new draft. With `id`: an edit, only before the task starts. */
  'tasks.save': { request: AdminTaskInput & { id?: string }; response: AdminTaskDetail };
  /** Idempotent: a retried publish writes no row and sends no message twice. */
  'tasks.publish': { request: { id: string }; response: AdminTaskDetail };
  'tasks.cancel': { request: { id: string }; response: AdminTaskDetail };
  'tasks.options': { request: Record<string, never>; response: TaskOptions };
  'redemptions.list': {
    request: { status?: RedemptionStatus; taskId?: string; cursor?: string; pageSize?: number };
    response: Page<AdminRedemption>;
  };
  /** Idempotent: fulfilling a fulfilled redemption keeps its first who and when. */
  'redemptions.fulfil': { request: { id: string }; response: AdminRedemption };
  'export.customers': { request: { cursor?: string; pageSize?: number }; response: CsvPage };
  'export.leads': { request: { cursor?: string; pageSize?: number }; response: CsvPage };
}
