import type { Page } from '../../typings/api';
import type { BehaviourEntry } from '../../typings/attribution';
import type {
  ActivityEntry,
  CustomerProfile,
  DepartmentRow,
  FollowUp,
  FollowUpWay,
  NetworkNode,
  RadarEntry,
  RadarList,
  TaskGoalBreakdown,
} from '../../typings/insight';
import { call } from './call';

export type {
  ActivityEntry,
  BehaviourEntry,
  CustomerProfile,
  DepartmentRow,
  FollowUp,
  FollowUpWay,
  NetworkNode,
  RadarEntry,
  RadarList,
  TaskGoalBreakdown,
};

/**
 * 客户档案 filters, 用户画像, 行为记录 and 跟进记录 (issue 11, docs/customer-insight.md): the
 * `employee` function's insight actions.
 */

/** 跟进方式, in the order the form offers them (C5). */
export const FOLLOW_UP_WAYS: FollowUpWay[] = ['电话', '微信', '企业微信', '面谈', '其他'];

/** What the 客户档案 filter bar narrows by (C8). */
export interface ArchiveFilter {
  query?: string;
  tag?: string;
  taskId?: string;
  hasPhone?: boolean;
}

/** The tags and the caller's tasks the filter bar offers. */
export function loadArchiveFilters(): Promise<{
  tags: string[];
  tasks: { id: string; title: string }[];
}> {
  return call('employee', 'customers.filters', {});
}

/** 用户画像 of one of the caller's customers (C1-C3, C6, C7). */
export function loadCustomerProfile(customerId: string): Promise<CustomerProfile> {
  return call('employee', 'customers.profile', { customerId });
}

/** C4 行为记录, newest first, a page at a time. */
export function listCustomerEvents(
  customerId: string,
  cursor?: string,
): Promise<Page<BehaviourEntry>> {
  return call('employee', 'customers.events', {
    customerId,
    pageSize: 20,
    ...(cursor ? { cursor } : {}),
  });
}

/** C7: replaces the customer's manual tags (only tags of the library). */
export function setCustomerTags(customerId: string, tags: string[]): Promise<{ manual: string[] }> {
  return call('employee', 'customers.tags.set', { customerId, tags });
}

/** The caller's own remark on the customer (客户档案 search finds it). */
export function setCustomerRemark(customerId: string, remark: string): Promise<{ remark: string }> {
  return call('employee', 'customers.remark.set', { customerId, remark });
}

/** C5 跟进记录 of the customer, newest first. */
export function listFollowUps(customerId: string, cursor?: string): Promise<Page<FollowUp>> {
  return call('employee', 'followups.list', {
    customerId,
    pageSize: 20,
    ...(cursor ? { cursor } : {}),
  });
}

/** C5: adds a follow-up; the same `requestId` on a retry writes it once. */
export function addFollowUp(input: {
  customerId: string;
  requestId: string;
  text: string;
  way: FollowUpWay;
  nextDate: string | null;
}): Promise<FollowUp> {
  return call('employee', 'followups.add', input);
}

/** C5: edits the caller's own follow-up at the revision they saw. */
export function updateFollowUp(input: {
  followUpId: string;
  revision: number;
  text: string;
  way: FollowUpWay;
  nextDate: string | null;
}): Promise<FollowUp> {
  return call('employee', 'followups.update', input);
}

/** 商机雷达 (R1-R4): one page of a list, and when the daily run computed it (R6). */
export function loadRadarList(
  list: RadarList,
  cursor?: string,
): Promise<Page<RadarEntry> & { computedAt: string | null }> {
  return call('employee', 'radar.list', { list, pageSize: 20, ...(cursor ? { cursor } : {}) });
}

/** R5 最新动态: live, newest first. */
export function loadRadarActivity(
  cursor?: string,
): Promise<Page<ActivityEntry> & { computedAt: string }> {
  return call('employee', 'radar.activity', { pageSize: 20, ...(cursor ? { cursor } : {}) });
}

/** 数据看板: the caller's own figures. */
export function loadDashboardSummary(): Promise<{
  customers: number;
  newThisWeek: number;
  leads: number;
  points: number;
}> {
  return call('employee', 'dashboard.summary', {});
}

/** 部门数据 (D1-D3): the caller's top departments, or one department and those below it. */
export function loadDepartmentData(departmentId?: string): Promise<{
  computedAt: string | null;
  departments: DepartmentRow[];
  trend: { day: string; newCustomers: number }[];
}> {
  return call('employee', 'departments.data', departmentId ? { departmentId } : {});
}

/** 部门数据 (D4): published tasks' goals per department and channel, latest first. */
export function loadDepartmentTasks(cursor?: string): Promise<{
  computedAt: string | null;
  tasks: { taskId: string; title: string; goals: TaskGoalBreakdown[] }[];
  nextCursor: string | null;
}> {
  return call('employee', 'departments.tasks', cursor ? { cursor } : {});
}
