/**
 * 商机雷达 (R1-R6) and the 数据看板 summary, for the calling employee only: every read is keyed
 * by the caller's own id, so no input can reach another employee's rows. The four lists are
 * the daily job's rows (jobs/radar.ts), with when they were computed (R6); 最新动态 is read
 * live from the event log (R5). docs/customer-insight.md.
 */
import { z } from 'zod';
import type { ActivityEntry, EmployeeRadarActions, RadarEntry } from '../../typings/insight';
import { countBroughtBy } from '../_shared/db/brought-by';
import { findContentTitles } from '../_shared/db/contents';
import { findCustomersByIds } from '../_shared/db/customers';
import { pageEventsThroughEmployee } from '../_shared/db/events';
import { readLastJobRun } from '../_shared/db/job-runs';
import { findBalancesOf } from '../_shared/db/points-balances';
import { pageRadarEntries, type RadarEntryDoc } from '../_shared/db/radar';
import { countRelationsOf } from '../_shared/db/relations';
import { findTaskStatsOfEmployee } from '../_shared/db/task-stats';
import { BEHAVIOUR_LABELS, type BehaviourType } from '../_shared/domain/behaviour';
import { encodeCursor } from '../_shared/domain/cursor';
import { shanghaiWeekStart } from '../_shared/domain/radar';
import { RADAR_JOB, type RadarLast } from '../_shared/jobs/radar';
import { action, numberCursorOf } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

type Response<A extends keyof EmployeeRadarActions> = EmployeeRadarActions[A]['response'];

const pageFields = {
  cursor: z.string().max(200).optional(),
  pageSize: z.number().int().min(1).max(50).default(20),
};

/** The value each list is ordered by (the keyset cursor carries it). */
const ORDER_VALUE: Record<RadarEntryListName, (row: RadarEntryDoc) => number> = {
  recommended: (row) => row.score,
  phone: (row) => (row.phoneAt ? new Date(row.phoneAt).getTime() : 0),
  spread: (row) => row.spread,
  churn: (row) => (row.lastInteractionAt ? new Date(row.lastInteractionAt).getTime() : 0),
};
type RadarEntryListName = 'recommended' | 'phone' | 'spread' | 'churn';

function entryView(row: RadarEntryDoc): RadarEntry {
  return {
    customerId: row.customerId,
    nickname: row.nickname || '微信用户',
    avatar: row.avatar ?? '',
    score: row.score,
    reasons: row.reasons,
    lastInteractionAt: row.lastInteractionAt ? new Date(row.lastInteractionAt).toISOString() : null,
    network: row.network,
    forwards: row.forwards,
  };
}

const list = action(
  z.object({ list: z.enum(['recommended', 'phone', 'spread', 'churn']), ...pageFields }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'radar.list'>> => {
    const cursor = numberCursorOf(input.cursor);
    const last = await readLastJobRun<RadarLast>(RADAR_JOB);
    if (!last) return { items: [], nextCursor: null, computedAt: null };
    const page = await pageRadarEntries(
      caller.employee._id,
      input.list,
      last.day,
      cursor,
      input.pageSize,
    );
    const tail = page.rows[page.rows.length - 1];
    return {
      items: page.rows.map(entryView),
      nextCursor:
        page.hasMore && tail
          ? encodeCursor({ value: ORDER_VALUE[input.list](tail), id: tail._id })
          : null,
      computedAt: new Date(last.finishedAt).toISOString(),
    };
  },
);

const unique = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => Boolean(v))),
];

const activity = action(
  z.object(pageFields).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'radar.activity'>> => {
    const computedAt = new Date().toISOString();
    const page = await pageEventsThroughEmployee(
      caller.employee._id,
      numberCursorOf(input.cursor),
      input.pageSize,
    );
    const [customers, titles] = await Promise.all([
      findCustomersByIds(unique(page.rows.map((e) => e.customerId))),
      findContentTitles(unique(page.rows.map((e) => e.contentId))),
    ]);
    const byId = new Map(customers.map((c) => [c._id, c]));
    const items: ActivityEntry[] = page.rows.map((event) => {
      const customer = byId.get(event.customerId);
      return {
        id: event._id,
        customerId: event.customerId,
        nickname: customer?.nickname || '微信用户',
        avatar: customer?.avatar ?? '',
        label: BEHAVIOUR_LABELS[event.type as BehaviourType] ?? event.type,
        contentTitle: titles.get(event.contentId) ?? '内容已下架',
        at: event.at.toISOString(),
      };
    });
    const tail = page.rows[page.rows.length - 1];
    return {
      items,
      nextCursor:
        page.hasMore && tail ? encodeCursor({ value: tail.at.getTime(), id: tail._id }) : null,
      computedAt,
    };
  },
);

/** 数据看板: the caller's customers, new this week (A6, since Monday in Shanghai), 留资 and points. */
const summary = action(
  z.object({}).strict(),
  async (_input, caller: EmployeeCaller): Promise<Response<'dashboard.summary'>> => {
    const userId = caller.employee._id;
    const [customers, newThisWeek, stats, balances] = await Promise.all([
      countRelationsOf(userId),
      countBroughtBy(userId, shanghaiWeekStart(new Date())),
      findTaskStatsOfEmployee(userId),
      findBalancesOf(userId),
    ]);
    return {
      customers,
      newThisWeek,
      leads: stats.reduce((sum, s) => sum + (s.total?.leads ?? 0), 0),
      points: balances.reduce((sum, b) => sum + b.balance, 0),
    };
  },
);

export const radarActions = {
  'radar.list': list,
  'radar.activity': activity,
  'dashboard.summary': summary,
};
