/**
 * 部门数据 (D2-D4) as plain arithmetic: per-employee figures rolled up into every department an
 * employee belongs to and every department above it (an employee in two departments under one
 * parent counts once for the parent), the rolling windows of new customers, and one task's
 * goals per department. docs/customer-insight.md, "部门数据".
 */
import { shanghaiDay } from '../attribution/rules';

const DAY = 24 * 3600 * 1000;
export const TREND_DAYS = 30;

export interface EmployeeFigures {
  brought: number;
  broughtDays: Record<string, number>;
  leads: number;
  assigned: number;
  claimed: number;
}

export interface DepartmentNode {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
  /** From the root to the department itself. */
  path: string[];
}

export interface DepartmentFigures {
  brought: number;
  newToday: number;
  new7: number;
  new30: number;
  leads: number;
  assigned: number;
  claimed: number;
  trend: { day: string; newCustomers: number }[];
}

/** The last `TREND_DAYS` Shanghai days ending on `now`'s, oldest first (`yyyymmdd`). */
export function trendDays(now: Date): string[] {
  const days: string[] = [];
  for (let i = TREND_DAYS - 1; i >= 0; i--)
    days.push(shanghaiDay(new Date(now.getTime() - i * DAY)));
  return days;
}

/** New customers per Shanghai day, only the days of the trend window ending on `now`'s day. */
export function broughtDaysOf(times: Date[], now: Date): Record<string, number> {
  const window = new Set(trendDays(now));
  const days: Record<string, number> = {};
  for (const at of times) {
    const day = shanghaiDay(at);
    if (window.has(day)) days[day] = (days[day] ?? 0) + 1;
  }
  return days;
}

/** D3: claimed / assigned, null with nothing assigned. */
export function claimRate(assigned: number, claimed: number): number | null {
  return assigned > 0 ? claimed / assigned : null;
}

/** The departments an employee's figures count for: theirs and every one above. */
export function departmentsCountedFor(
  memberOf: string[],
  byId: Map<string, Pick<DepartmentNode, 'path'>>,
): Set<string> {
  const counted = new Set<string>();
  for (const id of memberOf) {
    const dept = byId.get(id);
    if (!dept) continue;
    for (const above of dept.path) counted.add(above);
  }
  return counted;
}

/**
 * D2-D3 for every department at `now`: the sums over the employees counted for it, the new
 * customers of today, the last 7 and 30 Shanghai days (today included) and the 30-day trend.
 */
export function rollUpDepartments(
  departments: DepartmentNode[],
  members: { _id: string; departmentIds: string[] }[],
  figures: Map<string, EmployeeFigures>,
  now: Date,
): Map<string, DepartmentFigures> {
  const days = trendDays(now);
  const last7 = new Set(days.slice(-7));
  const today = days[days.length - 1];
  const byId = new Map(departments.map((d) => [d._id, d]));
  const totals = new Map<string, DepartmentFigures & { perDay: Map<string, number> }>();
  for (const d of departments) {
    totals.set(d._id, {
      brought: 0,
      newToday: 0,
      new7: 0,
      new30: 0,
      leads: 0,
      assigned: 0,
      claimed: 0,
      trend: [],
      perDay: new Map(),
    });
  }
  for (const member of members) {
    const f = figures.get(member._id);
    if (!f) continue;
    for (const id of departmentsCountedFor(member.departmentIds, byId)) {
      const t = totals.get(id)!;
      t.brought += f.brought;
      t.leads += f.leads;
      t.assigned += f.assigned;
      t.claimed += f.claimed;
      for (const [day, n] of Object.entries(f.broughtDays)) {
        if (!days.includes(day)) continue;
        t.perDay.set(day, (t.perDay.get(day) ?? 0) + n);
        t.new30 += n;
        if (last7.has(day)) t.new7 += n;
        if (day === today) t.newToday += n;
      }
    }
  }
  const result = new Map<string, DepartmentFigures>();
  for (const [id, { perDay, ...t }] of totals) {
    result.set(id, {
      ...t,
      trend: days.map((day) => ({ day, newCustomers: perDay.get(day) ?? 0 })),
    });
  }
  return result;
}

/**
 * D4 by department for one goal: per department (with everything below it), the assignees'
 * in-window counts summed against the goal's target times the number of assignees.
 */
export function goalByDepartment(
  target: number,
  assignees: { userId: string; departmentIds: string[] }[],
  inWindow: Map<string, number>,
  departments: Pick<DepartmentNode, '_id' | 'path'>[],
): { departmentId: string; completed: number; target: number }[] {
  const byId = new Map(departments.map((d) => [d._id, d]));
  const rows = new Map<string, { completed: number; target: number }>();
  for (const a of assignees) {
    for (const id of departmentsCountedFor(a.departmentIds, byId)) {
      const row = rows.get(id) ?? { completed: 0, target: 0 };
      row.completed += inWindow.get(a.userId) ?? 0;
      row.target += target;
      rows.set(id, row);
    }
  }
  return [...rows.entries()]
    .map(([departmentId, row]) => ({ departmentId, ...row }))
    .sort((a, b) => a.departmentId.localeCompare(b.departmentId));
}

/** The channels D4 splits by, in the order the page shows them (labels: task-admin-export.ts). */
export const CHANNELS = [
  'wechat_chat',
  'wecom_chat',
  'wecom_moments',
  'poster',
  'forward',
] as const;
