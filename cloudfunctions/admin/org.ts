/** Admin actions: organisation sync, admin roles, hand-over of departed employees' customers (AD4). */
import { z } from 'zod';
import type { OrgDepartment, OrgEmployee, OrgSyncInfo } from '../../typings/identity';
import {
  createHandover,
  findHandover,
  findHandovers,
  finishHandover,
} from '../_shared/db/customer-handovers';
import { countOwnedCustomers, transferOwnership } from '../_shared/db/customers';
import { listDepartments, type DepartmentDoc } from '../_shared/db/departments';
import {
  countActiveWithRole,
  findEmployee,
  findEmployeesByIds,
  grantRole,
  pageEmployees,
  revokeRole,
  type EmployeeDoc,
} from '../_shared/db/employees';
import { decodeCursor, encodeCursor } from '../_shared/domain/cursor';
import { subtreeIds } from '../_shared/domain/org';
import { orgSyncStatus, runOrgSync } from '../_shared/jobs/org-sync';
import { AppError } from '../_shared/runtime/errors';
import { action, type ActionMap } from '../_shared/runtime/handler';
import type { AdminCaller } from '../_shared/runtime/identity';
import { WeComApiError } from '../_shared/wecom/client';

const userId = z.string().trim().min(1).max(64);

async function syncInfo(): Promise<OrgSyncInfo> {
  const s = await orgSyncStatus();
  return {
    lastSyncedAt: s.last ? s.last.finishedAt.toISOString() : null,
    last: s.last
      ? {
          departments: s.last.departments,
          employees: s.last.employees,
          deactivated: s.last.deactivated,
        }
      : null,
    running: s.running,
    resumable: s.resumable,
    lastError: s.lastError ? s.lastError.message : null,
  };
}

const departments = action(z.object({}), async () => {
  const docs = await listDepartments();
  const leaderIds = [...new Set(docs.flatMap((d) => d.leaderUserIds))];
  const names = new Map((await findEmployeesByIds(leaderIds)).map((e) => [e._id, e.name]));
  const items: OrgDepartment[] = docs.map((d) => ({
    id: d._id,
    name: d.name,
    parentId: d.parentId,
    path: d.path,
    order: d.order,
    leaders: d.leaderUserIds.map((id) => ({ userId: id, name: names.get(id) ?? id })),
  }));
  return { departments: items, sync: await syncInfo() };
});

function toRow(e: EmployeeDoc, deptNames: Map<string, string>): OrgEmployee {
  return {
    userId: e._id,
    name: e.name,
    avatar: e.avatar,
    position: e.position,
    departmentIds: e.departmentIds,
    departmentNames: e.departmentIds.map((id) => deptNames.get(id) ?? id),
    leadsDepartmentIds: e.leadsDepartmentIds,
    isAdmin: e.roles.includes('admin'),
    status: e.status,
    departedAt: e.departedAt ? new Date(e.departedAt).toISOString() : null,
  };
}

const employees = action(
  z.object({
    status: z.enum(['active', 'departed']).default('active'),
    departmentId: z.string().trim().min(1).max(32).optional(),
    keyword: z.string().trim().max(32).optional(),
    cursor: z.string().max(200).optional(),
    pageSize: z.number().int().min(1).max(100).default(20),
  }),
  async (input) => {
    const cursor = input.cursor ? decodeCursor(input.cursor) : null;
    if (input.cursor && !cursor) throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
    const depts = await listDepartments();
    const deptNames = new Map(depts.map((d: DepartmentDoc) => [d._id, d.name]));
    let departmentIds: string[] | undefined;
    if (input.departmentId) {
      departmentIds = subtreeIds(depts, input.departmentId);
      if (departmentIds.length === 0) throw new AppError('NOT_FOUND', '部门不存在或已删除');
    }
    const found = await pageEmployees({
      status: input.status,
      departmentIds,
      keyword: input.keyword || undefined,
      afterId: cursor?.id,
      limit: input.pageSize + 1,
    });
    const page = found.slice(0, input.pageSize);
    const items = page.map((e) => toRow(e, deptNames));
    if (input.status === 'departed') {
      const handovers = new Map(
        (await findHandovers(page.map((e) => e._id))).map((h) => [h._id, h]),
      );
      const targets = new Map(
        (await findEmployeesByIds([...handovers.values()].map((h) => h.toUserId))).map((e) => [
          e._id,
          e.name,
        ]),
      );
      for (const item of items) {
        item.customerCount = await countOwnedCustomers(item.userId);
        const h = handovers.get(item.userId);
        item.handover = h
          ? {
              toUserId: h.toUserId,
              toName: targets.get(h.toUserId) ?? h.toUserId,
              moved: h.moved,
              at: (h.finishedAt ?? h.createdAt).toISOString(),
            }
          : null;
      }
    }
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        found.length > input.pageSize && last ? encodeCursor({ value: 0, id: last._id }) : null,
    };
  },
);

const sync = action(z.object({}), async () => {
  let result;
  try {
    result = await runOrgSync();
  } catch (error) {
    if (error instanceof WeComApiError) {
      console.error('[org.sync] WeCom failed', error);
      throw new AppError('WECOM_UNAVAILABLE');
    }
    throw error;
  }
  if (result.busy) throw new AppError('SYNC_IN_PROGRESS');
  const { departments: d, employees: e, deactivated, done } = result;
  return { departments: d, employees: e, deactivated, done, sync: await syncInfo() };
});

const setAdmin = action(
  z.object({ userId, admin: z.boolean() }),
  async (input, caller: AdminCaller) => {
    const target = await findEmployee(input.userId);
    if (!target) throw new AppError('NOT_FOUND', '员工不存在');
    const now = new Date();
    if (input.admin) {
      if (target.status !== 'active') throw new AppError('EMPLOYEE_INACTIVE');
      await grantRole(target._id, 'admin', now);
      return { userId: target._id, isAdmin: true };
    }
    if (target._id === caller.employee._id) throw new AppError('CANNOT_REVOKE_SELF');
    await revokeRole(target._id, 'admin', now);
    // Two admins revoking each other at once could leave none: check after the write and undo.
    if ((await countActiveWithRole('admin')) === 0) {
      await grantRole(target._id, 'admin', now);
      throw new AppError('LAST_ADMIN');
    }
    return { userId: target._id, isAdmin: false };
  },
);

const handover = action(
  z.object({ fromUserId: userId, toUserId: userId }),
  async (input, caller: AdminCaller) => {
    if (input.fromUserId === input.toUserId) throw new AppError('HANDOVER_TARGET_INVALID');
    const [from, to] = await Promise.all([
      findEmployee(input.fromUserId),
      findEmployee(input.toUserId),
    ]);
    if (!from) throw new AppError('NOT_FOUND', '员工不存在');
    if (from.status !== 'departed') throw new AppError('EMPLOYEE_NOT_DEPARTED');
    if (!to || to.status !== 'active') throw new AppError('HANDOVER_TARGET_INVALID');
    const now = new Date();
    const created = await createHandover({
      _id: from._id,
      fromUserId: from._id,
      toUserId: to._id,
      byUserId: caller.employee._id,
      state: 'moving',
      moved: 0,
      createdAt: now,
      finishedAt: null,
    });
    // The record is final: the same colleague again finishes or repeats (moves nothing more),
    // another colleague is refused.
    const record = created ? null : await findHandover(from._id);
    if (record && record.toUserId !== to._id) throw new AppError('ALREADY_HANDED_OVER');
    const moved = await transferOwnership(from._id, to._id, now);
    const total = (record?.moved ?? 0) + moved;
    await finishHandover(from._id, total, now);
    return { fromUserId: from._id, toUserId: to._id, moved: total };
  },
);

export const orgActions: ActionMap<AdminCaller> = {
  'org.departments': departments,
  'org.employees': employees,
  'org.sync': sync,
  'org.setAdmin': setAdmin,
  'org.handover': handover,
};
