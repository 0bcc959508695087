import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Employees who claimed a task hear that it ends this long before its end. */
export const ENDING_SOON_MS = 24 * 3600 * 1000;

/** The window of task ends a reminder run looks at: ending after now, within a day. */
export function endingSoonWindow(now: Date): { from: Date; to: Date } {
  return { from: now, to: new Date(now.getTime() + ENDING_SOON_MS) };
}

/** One reminder per task and employee, whatever how many runs see the task in its window. */
export function taskEndingDedupeKey(taskId: string, userId: string): string {
  return `taskEnding:${taskId}:${userId}`;
}

/** The notice text; the end time is shown in Beijing time whatever the server's zone. */
export function taskEndingText(task: { title: string; endAt: Date }): {
  title: string;
  description: string;
} {
  const end = dayjs(task.endAt).tz('Asia/Shanghai').format('M月D日 HH:mm');
  return {
    title: '任务即将结束',
    description: `「${task.title}」将于 ${end} 结束，抓紧完成任务目标`,
  };
}
