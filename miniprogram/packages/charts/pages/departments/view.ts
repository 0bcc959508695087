import type { DepartmentRow, TaskGoalBreakdown } from '../../../../services/insight';
import { formatShanghaiDateTime } from '../../../../utils/time';
import type { Bar } from '../../bar-option';
import type { TrendPoint } from '../../trend-option';

/** One department's card, formatted (WXML cannot call functions). */
export interface DepartmentItem {
  departmentId: string;
  name: string;
  brought: number;
  newToday: number;
  new7: number;
  new30: number;
  leads: number;
  /** D3: `领取率 72%（18/25）`, or `暂无指派任务`. */
  claimText: string;
  /** The department being looked into (drilled); the others open below it. */
  selected: boolean;
}

export function departmentItem(row: DepartmentRow, selected: boolean): DepartmentItem {
  return {
    departmentId: row.departmentId,
    name: row.name,
    brought: row.brought,
    newToday: row.newToday,
    new7: row.new7,
    new30: row.new30,
    leads: row.leads,
    claimText:
      row.claimRate === null
        ? '暂无指派任务'
        : `领取率 ${Math.round(row.claimRate * 100)}%（${row.claimed}/${row.assigned}）`,
    selected,
  };
}

/** 近30天新增 per department, the bars of the chart (the selected department's children). */
export function newCustomerBars(items: DepartmentItem[]): Bar[] {
  const shown = items.filter((item) => !item.selected);
  return (shown.length ? shown : items).map((item) => ({ label: item.name, value: item.new30 }));
}

/** `20241121` → `2024-11-21`, the trend chart's dates. */
export function trendPoints(trend: { day: string; newCustomers: number }[]): TrendPoint[] {
  return trend.map((d) => ({
    date: `${d.day.slice(0, 4)}-${d.day.slice(4, 6)}-${d.day.slice(6, 8)}`,
    value: d.newCustomers,
  }));
}

/** D4: one task's goals, each with its department lines and (for admins) its channels. */
export interface TaskItem {
  taskId: string;
  title: string;
  goals: {
    goalId: string;
    title: string;
    lines: { key: string; text: string }[];
    channelsText: string;
  }[];
}

/** Each goal's lines cover the departments in view (the one looked into and those below it). */
export function taskItem(
  task: { taskId: string; title: string; goals: TaskGoalBreakdown[] },
  inView: Set<string>,
): TaskItem {
  return {
    taskId: task.taskId,
    title: task.title,
    goals: task.goals.map((goal) => ({
      goalId: goal.goalId,
      title: `${goal.label}（每人 ${goal.target}）`,
      lines: goal.byDepartment
        .filter((row) => inView.has(row.departmentId))
        .map((row) => ({
          key: row.departmentId,
          text: `${row.name} ${row.completed}/${row.target}`,
        })),
      channelsText: goal.byChannel
        .filter((c) => c.value > 0)
        .map((c) => `${c.label} ${c.value}`)
        .join(' · '),
    })),
  };
}

/** R6's rule for 部门数据 too: when the hourly run computed what is shown. */
export function computedText(computedAt: string | null): string {
  return computedAt
    ? `更新于 ${formatShanghaiDateTime(computedAt)}，每小时更新`
    : '尚未计算，每小时更新';
}
