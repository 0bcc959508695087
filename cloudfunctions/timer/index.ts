/**
 * The `timer` function: scheduled work only (cloudbaserc.json triggers). It refuses every caller
 * but the timer trigger (ARCHITECTURE §2), then runs the job the trigger names:
 * - `outbox` (every minute): sends due notifications (docs/notifications.md);
 * - `org-sync` (daily): syncs departments and employees from WeCom (AD4);
 * - `task-ending` (hourly): 任务即将结束 reminders for claimed tasks ending within a day;
 * - `attribution-settle` (every minute): settles the shared counters of events whose request
 *   failed or died before it did (docs/attribution.md, "Settling shared counters");
 * - `benefit-expiring` (hourly): 权益即将过期 reminders before a redemption deadline (P3);
 * - `radar` (daily, retried every 10 minutes until the day's run is finished): 商机雷达 (R1-R4);
 * - `departments` (hourly; the trigger fires every 10 minutes to continue a paused run): 部门数据
 *   (D2-D4).
 * Each job is bounded within the timeout and resumable, so a run that overlaps or repeats is safe.
 */
import { z } from 'zod';
import { runBenefitReminders } from '../_shared/jobs/benefit-reminders';
import { runDepartments } from '../_shared/jobs/departments';
import { runOrgSync } from '../_shared/jobs/org-sync';
import { runRadar } from '../_shared/jobs/radar';
import { runTaskEndingReminders } from '../_shared/jobs/task-ending';
import { sweepSettlements } from '../_shared/attribution/settle';
import { runOutbox } from '../_shared/notifications/sender';
import { callerContext, TIMER_SOURCE } from '../_shared/runtime/cloud';
import { AppError, ERROR_MESSAGES } from '../_shared/runtime/errors';
import type { ApiResult } from '../../typings/api';

const JOBS = {
  outbox: () => runOutbox(),
  'org-sync': () => runOrgSync(),
  'task-ending': () => runTaskEndingReminders(),
  'attribution-settle': () => sweepSettlements(),
  'benefit-expiring': () => runBenefitReminders(),
  radar: () => runRadar(),
  departments: () => runDepartments(),
} as const;

/** What a timer trigger sends (CloudBase's shape; `Time` and `Message` are not needed). */
const timerEvent = z.object({
  Type: z.literal('Timer').optional(),
  TriggerName: z.enum(Object.keys(JOBS) as [keyof typeof JOBS, ...(keyof typeof JOBS)[]]),
});

export async function main(event: unknown): Promise<ApiResult<unknown>> {
  try {
    // Only the trigger may run jobs: a client or another function could otherwise spam WeCom.
    if (callerContext().source !== TIMER_SOURCE) {
      throw new AppError('FORBIDDEN', '仅限定时触发器调用');
    }
    const parsed = timerEvent.safeParse(event);
    if (!parsed.success) {
      const name = (event as { TriggerName?: unknown } | null)?.TriggerName;
      throw new AppError('UNKNOWN_ACTION', `${ERROR_MESSAGES.UNKNOWN_ACTION}：${String(name)}`);
    }
    const job = parsed.data.TriggerName;
    const data = await JOBS[job]();
    console.log(`[timer] ${job}`, JSON.stringify(data));
    return { ok: true, data };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toApiError() };
    console.error('[timer] unexpected', error);
    return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
  }
}
