import type { Page } from '../../typings/api';
import type {
  AdminRedemption,
  AdminTaskDetail,
  AdminTaskInput,
  AdminTaskStatus,
  AdminTaskSummary,
  CsvPage,
  RedemptionStatus,
  TaskOptions,
} from '../../typings/task-admin';
import { call } from './call';

/** Task management, redemptions and exports of the management tab (AD2, AD3, AD6), `admin` function. */

export const ADMIN_TASK_PAGE_SIZE = 20;
export const REDEMPTION_PAGE_SIZE = 20;
/** Rows per export request: a few requests for a few hundred customers, each well under a second. */
export const EXPORT_PAGE_SIZE = 200;

export function listAdminTasks(
  status: AdminTaskStatus | undefined,
  cursor?: string,
): Promise<Page<AdminTaskSummary>> {
  return call('admin', 'tasks.list', {
    pageSize: ADMIN_TASK_PAGE_SIZE,
    ...(status ? { status } : {}),
    ...(cursor ? { cursor } : {}),
  });
}

export function getAdminTask(id: string): Promise<AdminTaskDetail> {
  return call('admin', 'tasks.get', { id });
}

/** Without `id` a new draft; with it an edit (only before the task starts). */
export function saveAdminTask(input: AdminTaskInput & { id?: string }): Promise<AdminTaskDetail> {
  return call('admin', 'tasks.save', input);
}

export function publishAdminTask(id: string): Promise<AdminTaskDetail> {
  return call('admin', 'tasks.publish', { id });
}

export function cancelAdminTask(id: string): Promise<AdminTaskDetail> {
  return call('admin', 'tasks.cancel', { id });
}

export function getTaskOptions(): Promise<TaskOptions> {
  return call('admin', 'tasks.options', {});
}

export function listRedemptions(
  filter: { status?: RedemptionStatus; taskId?: string },
  cursor?: string,
): Promise<Page<AdminRedemption>> {
  return call('admin', 'redemptions.list', {
    pageSize: REDEMPTION_PAGE_SIZE,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.taskId ? { taskId: filter.taskId } : {}),
    ...(cursor ? { cursor } : {}),
  });
}

export function fulfilRedemption(id: string): Promise<AdminRedemption> {
  return call('admin', 'redemptions.fulfil', { id });
}

export type ExportKind = 'customers' | 'leads';

export function exportPage(kind: ExportKind, cursor?: string): Promise<CsvPage> {
  return call('admin', kind === 'customers' ? 'export.customers' : 'export.leads', {
    pageSize: EXPORT_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
}
