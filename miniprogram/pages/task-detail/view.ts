import type { TaskStatus } from '../../../typings/api';
import type { GoalKind, TaskDetail } from '../../services/attribution';
import { formatShanghaiDateTime, formatTimeRange } from '../../utils/time';

/**
 * What the task detail page shows, already formatted (WXML cannot call functions). Kept
 * apart from the page's script, which registers a Component when imported.
 */

const STATUS_TAG: Record<TaskStatus, { label: string; theme: string }> = {
  active: { label: '进行中', theme: 'success' },
  upcoming: { label: '未开始', theme: 'primary' },
  ended: { label: '已结束', theme: 'default' },
  cancelled: { label: '已取消', theme: 'danger' },
};

/** T4's goal kinds as the employee reads them. */
export const GOAL_LABELS: Record<GoalKind, string> = {
  shares: '分享次数',
  views: '浏览次数',
  visitors: '访客数',
  newCustomers: '新增客户',
  leads: '留资数',
  forwards: '转发次数',
};

export interface GoalRow {
  id: string;
  label: string;
  /** `3/10`: counted since the task's creation (T5). */
  progressText: string;
  /** 0-100, for the bar. */
  percent: number;
  /** `任务期内 2`: what earns points (T6). */
  inWindowText: string;
  pointsText: string;
  reached: boolean;
  /** Its points are in the ledger (T6: reached inside the window, credited once). */
  earned: boolean;
}

export interface TaskView {
  id: string;
  title: string;
  cover: string;
  timeRange: string;
  statusLabel: string;
  statusTheme: string;
  claimed: boolean;
  /** `11月20日 09:00 领取`, or ''. */
  claimedText: string;
  contentTitle: string;
  contentSummary: string;
  /** 任务积分: points credited to the caller (the ledger's), of the most the task can earn. */
  earnedPoints: number;
  totalPoints: number;
  /** 已完成/任务目标: `1/3`. */
  completedText: string;
  goals: GoalRow[];
  /** Whether 领取任务 can be tapped (T3: from publish until end). */
  canClaim: boolean;
  /** Why 领取任务 cannot be tapped, or ''. */
  claimBlockedReason: string;
  canShare: boolean;
  /** Why sharing is off (未领取 / 任务未开始 / 已结束 ...), or ''. */
  shareBlockedReason: string;
}

function shareBlockedReason(task: TaskDetail): string {
  if (task.status === 'cancelled') return '任务已取消，无法分享';
  if (task.status === 'ended') return '任务已结束，无法分享';
  if (!task.claimed) return '未领取：请先领取任务再分享';
  if (task.status === 'upcoming') return '任务未开始，开始后即可分享';
  if (!task.canShare) return '暂时无法分享该任务';
  return '';
}

function claimBlockedReason(task: TaskDetail): string {
  if (task.status === 'cancelled') return '任务已取消';
  if (task.status === 'ended') return '任务已结束，无法领取';
  return '';
}

export function taskView(task: TaskDetail): TaskView {
  const status = STATUS_TAG[task.status];
  const goals: GoalRow[] = task.goals.map((goal) => {
    const earned = goal.credited;
    return {
      id: goal.id,
      label: GOAL_LABELS[goal.kind] ?? goal.kind,
      progressText: `${goal.value}/${goal.target}`,
      percent: goal.target > 0 ? Math.min(100, Math.round((goal.value / goal.target) * 100)) : 100,
      inWindowText: `任务期内 ${goal.inWindowValue}`,
      pointsText: `${goal.points} 积分`,
      reached: goal.reached,
      earned,
    };
  });
  const shareReason = shareBlockedReason(task);
  const claimReason = claimBlockedReason(task);
  return {
    id: task.id,
    title: task.title,
    cover: task.cover || task.content.cover,
    timeRange: formatTimeRange(task.startAt, task.endAt),
    statusLabel: status.label,
    statusTheme: status.theme,
    claimed: task.claimed,
    claimedText: task.claimedAt ? `${formatShanghaiDateTime(task.claimedAt)} 领取` : '',
    contentTitle: task.content.title,
    contentSummary: task.content.summary,
    earnedPoints: task.points.credited,
    totalPoints: task.points.possible,
    completedText: `${task.completedGoals}/${task.goals.length}`,
    goals,
    canClaim: !task.claimed && !claimReason,
    claimBlockedReason: claimReason,
    canShare: task.canShare && !shareReason,
    shareBlockedReason: shareReason,
  };
}

/** `10:42 前有效`: when a bind QR code stops working, Shanghai time. */
export function expiryText(expiresAt: string): string {
  const text = formatShanghaiDateTime(expiresAt);
  return text ? `${text.split(' ')[1]} 前有效（10 分钟内）` : '10 分钟内有效';
}

/**
 * WeCom's mini-program messages open `page` with a `.html` suffix on the page path
 * (`pages/content/index.html?s=...`), or WeChat says it cannot find the page.
 */
export function wecomPage(path: string): string {
  const [page, query] = path.replace(/^\//, '').split('?');
  const html = page.endsWith('.html') ? page : `${page}.html`;
  return query ? `${html}?${query}` : html;
}
