/**
 * The demo's 跟进记录 (C5): salespeople follow up the customers who read a lot in a week, a few
 * hours to four days later, through the employee whose share they read. It gives the profile
 * something to show and the radar (R1) the signal its label looks for: engaged customers are
 * the ones who get followed up.
 */
import type { Random } from './random';

interface FollowUpEvent {
  type: string;
  customerId: string;
  rootEmployeeId: string | null;
  at: Date;
  data: Record<string, unknown>;
}

export interface DemoFollowUp {
  _id: string;
  customerId: string;
  employeeId: string;
  text: string;
  way: '电话' | '微信' | '企业微信' | '面谈';
  nextDate: null;
  reminderKey: null;
  createdAt: Date;
  updatedAt: Date;
  revision: number;
}

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const BUSY_VISITS = 5;
const BUSY_DWELL_MS = 6 * 60 * 1000;
const CHANCE = 0.35;
/** One follow-up per customer in this many days at most. */
const GAP_DAYS = 5;
const NOTES: [DemoFollowUp['way'], string][] = [
  ['电话', '电话沟通了客厅软装需求，约了周末到店'],
  ['微信', '发了新品报价单，客户说和家人商量一下'],
  ['企业微信', '推荐了同小区的装修案例，客户很感兴趣'],
  ['面谈', '到店看了沙发样品，预算一万左右'],
  ['微信', '客户询问了安装周期，已答复'],
];

/** One customer's reading on one Shanghai day (`end`: the day's last instant, exclusive). */
interface DayTotals {
  customerId: string;
  employeeId: string;
  end: number;
  visits: number;
  dwellMs: number;
}

/** Follow-ups after weeks in which a customer read a lot, in time order. */
export function buildDemoFollowUps(
  events: FollowUpEvent[],
  now: Date,
  random: Random,
): DemoFollowUp[] {
  const days = new Map<
    string,
    { customerId: string; employeeId: string; end: number; visits: number; dwellMs: number }
  >();
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (!e.rootEmployeeId || (e.type !== 'visit' && e.type !== 'dwell')) continue;
    const day = Math.floor((e.at.getTime() + 8 * HOUR) / DAY);
    const key = `${e.customerId}:${day}`;
    const entry = days.get(key) ?? {
      customerId: e.customerId,
      employeeId: e.rootEmployeeId,
      end: (day + 1) * DAY - 8 * HOUR,
      visits: 0,
      dwellMs: 0,
    };
    if (e.type === 'visit') entry.visits += 1;
    else entry.dwellMs += Number(e.data.dwellMs ?? 0);
    days.set(key, entry);
  }
  // Engagement over a rolling week (not one busy day) is what prompts a salesperson to call.
  const byCustomer = new Map<string, DayTotals[]>();
  for (const day of days.values()) {
    const list = byCustomer.get(day.customerId) ?? [];
    list.push(day);
    byCustomer.set(day.customerId, list);
  }
  const lastOf = new Map<string, number>();
  const followUps: DemoFollowUp[] = [];
  for (const list of byCustomer.values()) {
    for (const day of list) {
      const week = list.filter((d) => d.end <= day.end && d.end > day.end - 7 * DAY);
      const visits = week.reduce((sum, d) => sum + d.visits, 0);
      const dwellMs = week.reduce((sum, d) => sum + d.dwellMs, 0);
      if (visits < BUSY_VISITS && dwellMs < BUSY_DWELL_MS) continue;
      if (!random.chance(CHANCE)) continue;
      const at = day.end + random.int(6, 96) * HOUR;
      const last = lastOf.get(day.customerId);
      if (at >= now.getTime() || (last !== undefined && at - last < GAP_DAYS * DAY)) continue;
      lastOf.set(day.customerId, at);
      const [way, text] = random.pick(NOTES);
      followUps.push({
        _id: `${day.employeeId}:demo-follow-up-${String(followUps.length + 1).padStart(4, '0')}`,
        customerId: day.customerId,
        employeeId: day.employeeId,
        text,
        way,
        nextDate: null,
        reminderKey: null,
        createdAt: new Date(at),
        updatedAt: new Date(at),
        revision: 1,
      });
    }
  }
  followUps.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return followUps;
}
