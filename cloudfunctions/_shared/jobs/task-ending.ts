/**
 * "Task ending soon" reminders (任务即将结束): every hour, each employee who claimed a published
 * task ending within a day gets one notice. Safe to run twice or to overlap: the outbox keeps
 * one item per dedupe key, and the employee's switch is checked when it is sent (M5).
 */
import { pageClaimedAssignees } from '../db/task-assignees';
import { findPublishedTasksEndingBetween } from '../db/tasks';
import { endingSoonWindow, taskEndingDedupeKey, taskEndingText } from '../domain/task-ending';
import { enqueueNotifications } from '../notifications/enqueue';

const PAGE_SIZE = 100;
/** Stop starting new pages well inside the 60 s timeout; the next hourly run finishes the rest. */
const TIME_BUDGET_MS = 40_000;

export async function runTaskEndingReminders(
  now = new Date(),
): Promise<{ tasks: number; enqueued: number; done: boolean }> {
  const started = Date.now();
  const { from, to } = endingSoonWindow(now);
  const tasks = await findPublishedTasksEndingBetween(from, to);
  let enqueued = 0;
  for (const task of tasks) {
    const text = taskEndingText(task);
    for (let afterId = ''; ;) {
      if (Date.now() - started > TIME_BUDGET_MS)
        return { tasks: tasks.length, enqueued, done: false };
      const page = await pageClaimedAssignees(task._id, afterId, PAGE_SIZE);
      if (page.length === 0) break;
      await enqueueNotifications(
        page.map((row) => ({
          kind: 'taskEnding' as const,
          userId: row.userId,
          dedupeKey: taskEndingDedupeKey(task._id, row.userId),
          ...text,
          page: `pages/task-detail/index?id=${task._id}`,
        })),
      );
      enqueued += page.length;
      afterId = page[page.length - 1]._id;
      if (page.length < PAGE_SIZE) break;
    }
  }
  return { tasks: tasks.length, enqueued, done: true };
}
