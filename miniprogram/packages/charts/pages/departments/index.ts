import type { PagePhase } from '../../../../components/page-state/phase';
import { failureMessage } from '../../../../services/index';
import {
  loadDepartmentData,
  loadDepartmentTasks,
  type TaskGoalBreakdown,
} from '../../../../services/insight';
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
 * department; tapping a department looks into the ones below it. Then each task's goals for
 * the departments on screen. The server refuses anyone else (the error state says why).
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
    /** The tasks as answered; `tasks` shows them for the departments in view. */
    _tasks: [] as { taskId: string; title: string; goals: TaskGoalBreakdown[] }[],
    _generation: 0,
  },
  methods: {
    onLoad() {
      return this.load(true, true);
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
      await this.load(this.data.phase !== 'ready', true);
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load(true, true);
    },

    onMoreTasks() {
      return this.loadTasks(this.data.tasksCursor ?? undefined);
    },

    /** `withTasks`: ask for the tasks again too (a first load, a refresh, a retry). */
    async load(showLoading: boolean, withTasks = false) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation });
      if (showLoading) this.setData({ phase: 'loading' });
      const departmentId = this.data.path[this.data.path.length - 1];
      const tasks = withTasks || this.data._tasks.length === 0 ? this.loadTasks() : undefined;
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
        this.showTasks();
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
      await tasks;
    },

    /** D4: the first page, or the next after `cursor`. */
    async loadTasks(cursor?: string) {
      try {
        const page = await loadDepartmentTasks(cursor);
        this.setData({
          _tasks: cursor ? this.data._tasks.concat(page.tasks) : page.tasks,
          tasksCursor: page.nextCursor,
          tasksFailed: false,
        });
        this.showTasks();
      } catch {
        this.setData({ tasksFailed: true });
      }
    },

    /** The tasks' goals for the departments on screen. */
    showTasks() {
      const inView = new Set(this.data.departments.map((d) => d.departmentId));
      this.setData({ tasks: this.data._tasks.map((task) => taskItem(task, inView)) });
    },
  },
});
