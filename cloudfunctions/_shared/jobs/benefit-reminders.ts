/**
 * 权益即将过期 reminders (P3; docs/points.md, "Reminders"): every hour, each employee with an
 * unspent balance on a task whose redemption deadline is near gets one notice per configured
 * reminder (3 and 1 days before, `BENEFIT_REMINDER_DAYS`). Safe to run twice or to overlap: the
 * outbox keeps one item per dedupe key, and the employee's switch is checked when it is sent
 * (M5). Chunked: a run stops starting pages inside its budget and the next run finishes.
 */
import { pageUnspentBalancesOfTask } from '../db/points-balances';
import { findRedeemableTasksWithDeadlineBetween } from '../db/tasks';
import { benefitReminderKey, dueReminder, reminderDays, shanghaiMinute } from '../domain/points';
import { enqueueNotifications } from '../notifications/enqueue';

const PAGE_SIZE = 100;
const TIME_BUDGET_MS = 40_000;
const DAY_MS = 24 * 3600 * 1000;

export async function runBenefitReminders(
  now = new Date(),
  budgetMs = TIME_BUDGET_MS,
): Promise<{ tasks: number; enqueued: number; done: boolean }> {
  const started = Date.now();
  const days = reminderDays(process.env.BENEFIT_REMINDER_DAYS);
  const tasks = await findRedeemableTasksWithDeadlineBetween(
    now,
    new Date(now.getTime() + days[0] * DAY_MS),
  );
  let enqueued = 0;
  for (const task of tasks) {
    const reminder = dueReminder(task.redeemDeadline, now, days);
    if (reminder === null) continue;
    for (let afterId: string | null = null; ;) {
      if (Date.now() - started > budgetMs) return { tasks: tasks.length, enqueued, done: false };
      const page = await pageUnspentBalancesOfTask(task._id, afterId, PAGE_SIZE);
      if (page.length === 0) break;
      await enqueueNotifications(
        page.map((balance) => ({
          kind: 'benefitExpiring' as const,
          userId: balance.employeeId,
          dedupeKey: benefitReminderKey(task._id, balance.employeeId, reminder),
          title: '权益即将过期',
          description: `「${task.title}」还有 ${balance.balance} 积分未兑换，兑换将于 ${shanghaiMinute(task.redeemDeadline)} 截止`,
          page: 'packages/points/pages/benefits/index',
        })),
        now,
      );
      enqueued += page.length;
      afterId = page[page.length - 1]._id;
      if (page.length < PAGE_SIZE) break;
    }
  }
  return { tasks: tasks.length, enqueued, done: true };
}
