import type { PagePhase } from '../../../../components/page-state/phase';
import { failureMessage } from '../../../../services/index';
import { loadDepartmentData, loadDepartmentTasks } from '../../../../services/insight';
import type { Bar } from '../../bar-option';
import type { TrendPoint } from '../../trend-option';
import {
  computedText,
  departmentItem,
  newCustomerBars,
  taskItem,
  trendPoints,
  type DepartmentItem,
  type TaskItem,
} from './view';

/**
 * 部门数据 (D1-D4), for leaders and admins: the departments they see (their own and those
 * below; an admin from the top), each with customers brought, 今日 / 7日 / 30日 new, leads and
 * the claim rate; a bar chart of the last 30 days' new customers and the trend of the first
 * department; tapping a department looks into the ones below it. Then each task's goals per
 * department. The server refuses anyone else (the error state says why).
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    computedText: '',
    departments: [] as DepartmentItem[],
    bars: [] as Bar[],
    trend: [] as TrendPoint[],
    trendTitle: '',
    /** The departments looked into, outermost first (返回上级 pops one). */
    path: [] as string[],
    tasks: [] as TaskItem[],
    tasksFailed: false,
    tasksCursor: null as string | null,
    _generation: 0,
  },
  methods: {
    onLoad() {
      return this.load(true);
    },

    onOpenDepartment(event: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      const { id } = event.currentTarget.dataset;
      const current = this.data.path[this.data.path.length - 1];
      if (id === current) return undefined;
      this.setData({ path: [...this.data.path, id] });
      return this.load(true);
    },

    onBack() {
      this.setData({ path: this.data.path.slice(0, -1) });
      return this.load(true);
    },

    async onPullDownRefresh() {
      await this.load(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load(true);
    },

    onMoreTasks() {
      return this.loadTasks(this.data.tasksCursor ?? undefined);
    },

    async load(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation });
      if (showLoading) this.setData({ phase: 'loading' });
      const departmentId = this.data.path[this.data.path.length - 1];
      const tasks = this.data.path.length === 0 ? this.loadTasks() : Promise.resolve();
      try {
        const result = await loadDepartmentData(departmentId);
        if (generation !== this.data._generation) return;
        const departments = result.departments.map((row) =>
          departmentItem(row, row.departmentId === departmentId),
        );
        this.setData({
          phase: departments.length ? 'ready' : 'empty',
          computedText: computedText(result.computedAt),
          departments,
          bars: newCustomerBars(departments),
          trend: trendPoints(result.trend),
          trendTitle: departments[0] ? `${departments[0].name} 近30天新增客户` : '',
        });
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
      await tasks;
    },

    /** D4 (at the top level only): the first page, or the next after `cursor`. */
    async loadTasks(cursor?: string) {
      try {
        const page = await loadDepartmentTasks(cursor);
        const items = page.tasks.map(taskItem);
        this.setData({
          tasks: cursor ? this.data.tasks.concat(items) : items,
          tasksCursor: page.nextCursor,
          tasksFailed: false,
        });
      } catch {
        this.setData({ tasksFailed: true });
      }
    },
  },
});
