/**
 * Organisation rules in plain TypeScript (no SDK): department paths, who a member is after a
 * sync, what a leader may see (D1), who owns a customer after 离职继承 (AD4).
 */
import type { WeComDepartmentPayload, WeComUserPayload } from '../wecom/types';

/** A department as stored (docs/data-model.md). */
export interface DepartmentFields {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
  path: string[];
  leaderUserIds: string[];
}

/** The employee fields that come from WeCom; roles and timestamps are ours. */
export interface MemberFields {
  name: string;
  avatar: string;
  position: string;
  mobile: string;
  qrCode: string;
  departmentIds: string[];
  leadsDepartmentIds: string[];
  status: 'active' | 'departed';
}

/**
 * Departments from `department/list` as documents: ids as strings, `path` from the root down
 * to the department itself. A department whose parent is missing (WeCom answered a partial
 * tree, or the app sees only part of it) becomes a root of its own rather than failing.
 */
export function toDepartmentDocs(list: WeComDepartmentPayload[]): DepartmentFields[] {
  const byId = new Map(list.map((d) => [d.id, d]));
  const pathOf = (id: number): string[] => {
    const path: string[] = [];
    const seen = new Set<number>();
    for (let d = byId.get(id); d && !seen.has(d.id); d = byId.get(d.parentid)) {
      seen.add(d.id); // a cycle in bad data must not loop forever
      path.unshift(String(d.id));
    }
    return path;
  };
  return list.map((d) => ({
    _id: String(d.id),
    name: d.name,
    parentId: d.parentid && byId.has(d.parentid) ? String(d.parentid) : null,
    order: d.order ?? 0,
    path: pathOf(d.id),
    leaderUserIds: [...(d.department_leader ?? [])],
  }));
}

/**
 * WeCom's status to ours: disabled (2) and left (5) members cannot use the app, so they are
 * `departed` (their customers wait for 离职继承); not yet activated (4) members stay active,
 * they simply cannot log in until they activate.
 */
export function memberStatus(status: number | undefined): 'active' | 'departed' {
  return status === 2 || status === 5 ? 'departed' : 'active';
}

/**
 * A member's fields from `user/list`. Leadership is the union of `is_leader_in_dept` (aligned
 * with `department`) and the departments that list the member in `department_leader`.
 */
export function toMemberFields(
  user: WeComUserPayload,
  leadersByDepartment: Map<string, string[]>,
): MemberFields {
  const departmentIds = user.department.map(String);
  const leads = new Set<string>();
  user.department.forEach((id, i) => {
    if (user.is_leader_in_dept?.[i] === 1) leads.add(String(id));
  });
  for (const [deptId, leaders] of leadersByDepartment) {
    if (leaders.includes(user.userid)) leads.add(deptId);
  }
  const status = memberStatus(user.status);
  return {
    name: user.name,
    avatar: user.avatar || user.thumb_avatar || '',
    position: user.position ?? '',
    mobile: user.mobile ?? '',
    qrCode: user.qr_code ?? '',
    departmentIds,
    // A departed member leads nothing: D1 must not keep showing them data.
    leadsDepartmentIds: status === 'active' ? [...leads].sort(numericOrder) : [],
    status,
  };
}

/** Whether the stored employee differs from what WeCom says (skip identical writes). */
export function memberChanged(stored: Partial<MemberFields> | null, next: MemberFields): boolean {
  if (!stored) return true;
  return (Object.keys(next) as (keyof MemberFields)[]).some(
    (key) => JSON.stringify(stored[key] ?? null) !== JSON.stringify(next[key]),
  );
}

/** Whether the stored department differs from what WeCom says. */
export function departmentChanged(
  stored: DepartmentFields | null | undefined,
  next: DepartmentFields,
): boolean {
  if (!stored) return true;
  return (['name', 'parentId', 'order', 'path', 'leaderUserIds'] as const).some(
    (key) => JSON.stringify(stored[key]) !== JSON.stringify(next[key]),
  );
}

/**
 * D1: the departments a viewer sees. An admin sees all; a leader sees each department they
 * lead and everything below it (any department whose `path` contains a led id); anyone else
 * sees none.
 */
export function visibleDepartmentIds(
  departments: Pick<DepartmentFields, '_id' | 'path'>[],
  viewer: { isAdmin: boolean; leadsDepartmentIds: string[] },
): string[] {
  if (viewer.isAdmin) return departments.map((d) => d._id);
  const led = new Set(viewer.leadsDepartmentIds);
  return departments.filter((d) => d.path.some((id) => led.has(id))).map((d) => d._id);
}

/** The department and every department below it. */
export function subtreeIds(
  departments: Pick<DepartmentFields, '_id' | 'path'>[],
  rootId: string,
): string[] {
  return departments.filter((d) => d.path.includes(rootId)).map((d) => d._id);
}

/** The employee who brought the customer (A6), as the profile records it. */
function broughtBy(customer: CustomerOwnership): string | null {
  return customer.broughtByEmployeeId ?? customer.origin?.rootEmployeeId ?? null;
}

/** AD4: who owns the customer now: whom it was handed to, else who brought it (A6). */
export function currentOwner(customer: CustomerOwnership): string | null {
  return customer.ownerEmployeeId ?? broughtBy(customer);
}

/**
 * AD4: whom a customer handed to someone came from: the last hand-over's source, else the
 * employee who brought them (hand-overs written before `ownerFrom` existed).
 */
export function handedFrom(customer: CustomerOwnership): string | null {
  return customer.ownerFrom ?? broughtBy(customer);
}

/** The ownership fields of a customer that decide whose customer it is (S2, AD4). */
export interface CustomerOwnership {
  origin: { rootEmployeeId: string } | null;
  broughtByEmployeeId?: string | null;
  ownerEmployeeId?: string | null;
  /** Whom the last hand-over took the customer from. */
  ownerFrom?: string | null;
}

/** AD4: the customer was handed to this employee (离职继承) and is theirs now. */
export function inheritedBy(customer: CustomerOwnership, employeeId: string): boolean {
  return customer.ownerEmployeeId === employeeId;
}

/**
 * AD4: a hand-over took this customer away from the employee: someone else owns it now, and
 * the employee owned it before (they brought it, or the last hand-over was theirs). Another
 * employee's hand-over never takes a customer away from a colleague who is also related to it.
 */
export function handedAwayFrom(customer: CustomerOwnership, employeeId: string): boolean {
  const owner = customer.ownerEmployeeId;
  if (!owner || owner === employeeId) return false;
  return customer.ownerFrom === employeeId || broughtBy(customer) === employeeId;
}

/**
 * S2 with A5 and AD4: whether a customer is the employee's own: related to them (A5) and not
 * handed away from them, or handed to them. `customer` null: the profile is gone (CU2), only
 * the relation decides.
 */
export function isEmployeesCustomer(
  customer: CustomerOwnership | null,
  employeeId: string,
  related: boolean,
): boolean {
  if (customer && inheritedBy(customer, employeeId)) return true;
  return related && !(customer && handedAwayFrom(customer, employeeId));
}

/** WeCom ids are numbers sent as strings here: sort them as numbers. */
export function numericOrder(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}
