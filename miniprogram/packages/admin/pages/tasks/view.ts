import type { AdminTaskStatus, GoalKind } from '../../../../../typings/task-admin';

/**
 * Shared by the task, redemption and export pages. Kept apart from the pages' scripts,
 * which register a Component when imported.
 */

export { isRoleRefusal } from '../contents/role';

/** 草稿 / 未开始 / 进行中 / 已结束 / 已取消 and a tdesign tag theme for each. */
export const STATUS_TAGS: Record<AdminTaskStatus, { label: string; theme: string }> = {
  draft: { label: '草稿', theme: 'warning' },
  upcoming: { label: '未开始', theme: 'primary' },
  active: { label: '进行中', theme: 'success' },
  ended: { label: '已结束', theme: 'default' },
  cancelled: { label: '已取消', theme: 'danger' },
};

/** T4's goal kinds, in the order the goal editor offers them. */
export const GOAL_OPTIONS: ReadonlyArray<{ kind: GoalKind; label: string }> = [
  { kind: 'shares', label: '分享次数' },
  { kind: 'views', label: '浏览次数' },
  { kind: 'visitors', label: '访客数' },
  { kind: 'newCustomers', label: '新增客户' },
  { kind: 'leads', label: '留资数' },
  { kind: 'forwards', label: '转发次数' },
];

/** China has had no daylight saving since 1991: Shanghai is exactly UTC+8 (see utils/time.ts). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** `{ date: '2024-11-20', time: '09:00' }` in Shanghai for an ISO instant. */
export function shanghaiParts(iso: string): { date: string; time: string } {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`,
    time: `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`,
  };
}

/** The ISO instant of a Shanghai date and time as the pickers give them; '' when incomplete. */
export function fromShanghaiParts(date: string, time: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !t) return '';
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +t[1], +t[2]) - SHANGHAI_OFFSET_MS;
  return new Date(utc).toISOString();
}

/** `2024-11-20 09:00` in Shanghai. */
export function shanghaiText(iso: string | null): string {
  if (!iso) return '';
  const { date, time } = shanghaiParts(iso);
  return `${date} ${time}`;
}
