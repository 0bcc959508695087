import type { TaskStatus, TaskSummary } from '../../../typings/api';
import { formatTimeRange } from '../../utils/time';

/** The tabs of the task center, in display order (T1's derived statuses). */
export const TASK_TABS: ReadonlyArray<{ value: TaskStatus; label: string }> = [
  { value: 'active', label: '进行中' },
  { value: 'upcoming', label: '未开始' },
  { value: 'ended', label: '已结束' },
];

/** tdesign tag themes, so each status reads at a glance. */
const STATUS_TAG: Record<TaskStatus, { label: string; theme: string }> = {
  active: { label: '进行中', theme: 'success' },
  upcoming: { label: '未开始', theme: 'primary' },
  ended: { label: '已结束', theme: 'default' },
  cancelled: { label: '已取消', theme: 'danger' },
};

/** Everything one task card renders, already formatted (WXML cannot call functions). */
export interface TaskCard {
  id: string;
  title: string;
  cover: string;
  timeRange: string;
  statusLabel: string;
  statusTheme: string;
  claimed: boolean;
  claimLabel: string;
  pointsLabel: string;
  hasBenefits: boolean;
}

/** Turns a `tasks.list` item into the card the task center shows. */
export function toTaskCard(task: TaskSummary): TaskCard {
  const status = STATUS_TAG[task.status];
  return {
    id: task.id,
    title: task.title,
    cover: task.cover,
    timeRange: formatTimeRange(task.startAt, task.endAt),
    statusLabel: status.label,
    statusTheme: status.theme,
    claimed: task.claimed,
    claimLabel: task.claimed ? '已领取' : '未领取',
    pointsLabel: `最高可得 ${task.totalPoints} 积分`,
    hasBenefits: task.hasBenefits,
  };
}
