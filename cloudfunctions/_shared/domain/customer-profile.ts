/**
 * 用户画像 (C1-C7) and the 客户档案 filters (C8) as plain rules: who may see a phone in full, how
 * the archive filters a row, the 30-day series, the forwarding tree. No SDK: the employee
 * function reads the documents and hands them in (docs/customer-insight.md).
 */
import { maskMobile } from '../attribution/rules';

const DAY = 24 * 3600 * 1000;

/** 跟进方式 (C5): how the employee reached the customer. */
export const FOLLOW_UP_WAYS = ['电话', '微信', '企业微信', '面谈', '其他'] as const;
export type FollowUpWay = (typeof FOLLOW_UP_WAYS)[number];

/** The most manual tags one customer carries (C7). */
export const MAX_MANUAL_TAGS = 20;

/** How deep and wide TA的人脉's tree goes (C3): enough to read on a phone, bounded in requests. */
export const NETWORK_TREE_DEPTH = 3;
export const NETWORK_TREE_WIDTH = 30;

/**
 * C6: whether the caller sees a form's phone numbers in full: admins, the employee whose share
 * the form came through, and the employee who owns the customer now. Other colleagues who
 * share the customer see them masked.
 */
export function seesPhoneInFull(facts: {
  isAdmin: boolean;
  callerId: string;
  formEmployeeId: string | null;
  ownerId: string | null;
}): boolean {
  if (facts.isAdmin) return true;
  return facts.callerId === facts.formEmployeeId || facts.callerId === facts.ownerId;
}

/** A form field as the profile shows it: label and value, a phone masked unless allowed. */
export function formFieldsView(
  fields: { key: string; label: string; type: string }[],
  values: Record<string, string>,
  fullPhones: boolean,
): { label: string; value: string; phone: boolean }[] {
  const known = new Set(fields.map((f) => f.key));
  const shown = fields
    .filter((f) => values[f.key] !== undefined && values[f.key] !== '')
    .map((f) => {
      const phone = f.type === 'phone';
      const value = values[f.key]!;
      return { label: f.label, value: phone && !fullPhones ? maskMobile(value) : value, phone };
    });
  // A field the form no longer has (edited since) still shows, under its key.
  for (const [key, value] of Object.entries(values)) {
    if (!known.has(key) && value) shown.push({ label: key, value, phone: false });
  }
  return shown;
}

/** The archive's filters (C8): all optional, all must hold. */
export interface ArchiveFilter {
  /** Part of the nickname or of the caller's remark, any case. */
  query?: string;
  tag?: string;
  /** The task through which the customer first came to the caller. */
  taskId?: string;
  hasPhone?: boolean;
}

/** What the filter looks at for one row. */
export interface ArchiveFacts {
  nickname: string;
  remark: string;
  tags: string[];
  sourceTaskId: string | null;
  hasPhone: boolean;
}

export function isFilterEmpty(filter: ArchiveFilter): boolean {
  return !filter.query && !filter.tag && !filter.taskId && filter.hasPhone === undefined;
}

/** C8: whether a row of the archive passes the filter. */
export function matchesArchiveFilter(facts: ArchiveFacts, filter: ArchiveFilter): boolean {
  if (filter.query) {
    const q = filter.query.toLowerCase();
    const hit = facts.nickname.toLowerCase().includes(q) || facts.remark.toLowerCase().includes(q);
    if (!hit) return false;
  }
  if (filter.tag && !facts.tags.includes(filter.tag)) return false;
  if (filter.taskId && facts.sourceTaskId !== filter.taskId) return false;
  if (filter.hasPhone !== undefined && facts.hasPhone !== filter.hasPhone) return false;
  return true;
}

/** The customer's tags: manual first (the employee chose them), then automatic, once each. */
export function customerTags(manual: string[] | undefined, auto: string[] | undefined): string[] {
  return [...new Set([...(manual ?? []), ...(auto ?? [])])];
}

/** C2: the 30 Shanghai days ending today, oldest first, each with its interactions. */
export function dailySeries(
  days: { day: string; interactions: number }[],
  todayStart: Date,
  length = 30,
): { day: string; interactions: number }[] {
  const byDay = new Map(days.map((d) => [d.day, d.interactions]));
  const series: { day: string; interactions: number }[] = [];
  for (let i = length - 1; i >= 0; i--) {
    const day = shanghaiDayOf(new Date(todayStart.getTime() - i * DAY));
    series.push({ day, interactions: byDay.get(day) ?? 0 });
  }
  return series;
}

/** yyyymmdd of a time in Shanghai (UTC+8, no daylight saving). */
function shanghaiDayOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** One node of TA的人脉 (C3): a customer and those who first came through their forwards. */
export interface NetworkNode {
  customerId: string;
  name: string;
  children: NetworkNode[];
}

/**
 * C3's tree from levels of (customer, the customer whose forward they came through), read
 * breadth first from the root: each level's parents are the previous level's customers.
 */
export function networkTree(
  root: { customerId: string; name: string },
  levels: { customerId: string; name: string; parentId: string }[][],
): NetworkNode {
  const top: NetworkNode = { ...root, children: [] };
  let previous = new Map([[root.customerId, top]]);
  for (const level of levels) {
    const next = new Map<string, NetworkNode>();
    for (const row of level) {
      const parent = previous.get(row.parentId);
      if (!parent || next.has(row.customerId)) continue;
      const node: NetworkNode = { customerId: row.customerId, name: row.name, children: [] };
      parent.children.push(node);
      next.set(row.customerId, node);
    }
    previous = next;
  }
  return top;
}

/**
 * When a follow-up's next date reminds its author: 09:00 Beijing time on that day (a date
 * `yyyy-mm-dd`).
 */
export function followUpReminderAt(nextDate: string): Date {
  return new Date(`${nextDate}T09:00:00+08:00`);
}
