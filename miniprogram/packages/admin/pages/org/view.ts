import type { OrgDepartment, OrgEmployee, OrgSyncInfo } from '../../../../services/admin-org';
import { formatShanghaiDateTime } from '../../../../utils/time';

/**
 * What 组织架构 shows, already formatted (WXML cannot call functions). Kept apart from the
 * page's script, which registers a Component when imported.
 */

/** Indentation per level of the department tree. */
const INDENT_RPX = 32;

export interface DepartmentRow {
  id: string;
  name: string;
  /** Left padding in rpx: one step per level of `path`. */
  indent: number;
  /** `负责人：张伟、李娜`, or '' without leaders. */
  leadersText: string;
}

/**
 * The departments in tree order: each department followed by the ones below it, siblings by
 * WeCom's `order`, then name. A department whose parent is missing is shown as a root.
 */
export function departmentRows(departments: OrgDepartment[]): DepartmentRow[] {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string | null, OrgDepartment[]>();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const rows: DepartmentRow[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null) => {
    const siblings = (children.get(parent) ?? [])
      .slice()
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    for (const d of siblings) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      rows.push({
        id: d.id,
        name: d.name,
        indent: Math.max(0, d.path.length - 1) * INDENT_RPX,
        leadersText: d.leaders.length ? `负责人：${d.leaders.map((l) => l.name).join('、')}` : '',
      });
      visit(d.id);
    }
  };
  visit(null);
  return rows;
}

export interface EmployeeRow {
  userId: string;
  name: string;
  /** `销售顾问 · 华东一部、华东二部` */
  detail: string;
  isAdmin: boolean;
  isLeader: boolean;
  departed: boolean;
  /** Departed only: `11月20日 09:00 离职`. */
  departedText: string;
  /** Departed only: `名下客户 12 位`. */
  customerText: string;
  /** Departed, customers left and not handed over yet: 离职继承 is offered. */
  canHandOver: boolean;
  /** Departed and handed over: `已交接给 李娜（12 位客户）`. */
  handoverText: string;
  customerCount: number;
}

export const handoverText = (toName: string, moved: number) =>
  `已交接给 ${toName}（${moved} 位客户）`;

export function employeeRow(e: OrgEmployee): EmployeeRow {
  const departed = e.status === 'departed';
  const customerCount = e.customerCount ?? 0;
  return {
    userId: e.userId,
    name: e.name,
    detail: [e.position, e.departmentNames.join('、')].filter(Boolean).join(' · '),
    isAdmin: e.isAdmin,
    isLeader: e.leadsDepartmentIds.length > 0,
    departed,
    departedText: departed && e.departedAt ? `${formatShanghaiDateTime(e.departedAt)} 离职` : '',
    customerText: departed ? `名下客户 ${customerCount} 位` : '',
    canHandOver: departed && !e.handover && customerCount > 0,
    handoverText: departed && e.handover ? handoverText(e.handover.toName, e.handover.moved) : '',
    customerCount,
  };
}

export interface SyncView {
  /** `上次同步：11月20日 09:00`, or `尚未同步`. */
  timeText: string;
  /** `部门 12 · 员工 80 · 离职 2`, or ''. */
  resultText: string;
  /** Running / unfinished / failed, or ''. */
  note: string;
}

export function syncView(sync: OrgSyncInfo): SyncView {
  const note = sync.running
    ? '同步进行中，请稍后刷新'
    : sync.lastError
      ? '上次同步未成功，可再次同步继续'
      : sync.resumable
        ? '上次同步未完成，再次同步将继续'
        : '';
  return {
    timeText: sync.lastSyncedAt
      ? `上次同步：${formatShanghaiDateTime(sync.lastSyncedAt)}`
      : '尚未同步',
    resultText: sync.last
      ? `部门 ${sync.last.departments} · 员工 ${sync.last.employees} · 离职 ${sync.last.deactivated}`
      : '',
    note,
  };
}
