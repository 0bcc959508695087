import type { OrgDepartment, OrgEmployee, OrgSyncInfo } from '../../typings/identity';
import type { ActionResponse, Page } from '../../typings/api';
import { call } from './call';

export type { OrgDepartment, OrgEmployee, OrgSyncInfo };

/** 组织架构 of the management tab (AD4, D1, docs/identity.md), `admin` function. */

export const EMPLOYEE_PAGE_SIZE = 20;

export type EmployeeStatus = 'active' | 'departed';

/** What the employee list is filtered by; an empty keyword or department means all. */
export interface EmployeeFilter {
  status: EmployeeStatus;
  departmentId?: string;
  keyword?: string;
}

export function loadDepartments(): Promise<{ departments: OrgDepartment[]; sync: OrgSyncInfo }> {
  return call('admin', 'org.departments', {});
}

/** One page of employees; `departmentId` includes the departments below it. */
export function listEmployees(filter: EmployeeFilter, cursor?: string): Promise<Page<OrgEmployee>> {
  const keyword = filter.keyword?.trim();
  return call('admin', 'org.employees', {
    status: filter.status,
    pageSize: EMPLOYEE_PAGE_SIZE,
    ...(filter.departmentId ? { departmentId: filter.departmentId } : {}),
    ...(keyword ? { keyword } : {}),
    ...(cursor ? { cursor } : {}),
  });
}

/** 立即同步: runs (or continues) the org sync. */
export function syncOrg(): Promise<ActionResponse<'admin', 'org.sync'>> {
  return call('admin', 'org.sync', {});
}

/** 设为管理员 (`admin: true`) / 取消管理员. */
export function setAdmin(
  userId: string,
  admin: boolean,
): Promise<{ userId: string; isAdmin: boolean }> {
  return call('admin', 'org.setAdmin', { userId, admin });
}

/** 离职继承: hands a departed employee's customers to an active colleague. */
export function handOver(
  fromUserId: string,
  toUserId: string,
): Promise<{ fromUserId: string; toUserId: string; moved: number }> {
  return call('admin', 'org.handover', { fromUserId, toUserId });
}
