import type { AdminTaskDetail, TaskOptions } from '../../../../../typings/task-admin';
import type { PagePhase } from '../../../../components/page-state/phase';
import { listContents } from '../../../../services/admin-content';
import {
  cancelAdminTask,
  getAdminTask,
  getTaskOptions,
  publishAdminTask,
  saveAdminTask,
} from '../../../../services/admin-tasks';
import { failureMessage } from '../../../../services/index';
import { GOAL_OPTIONS, isRoleRefusal, STATUS_TAGS } from '../tasks/view';
import {
  benefitRow,
  checkForm,
  emptyForm,
  formOf,
  goalRow,
  type BenefitRow,
  type FormErrors,
  type FormState,
  type GoalRow,
} from './form';

type Option = { id: string; name: string };

/** Asks before an action that cannot be undone; resolves true on 确定. */
function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      cancelText: '再想想',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

/** Why the form is read-only, shown above it. */
function lockNote(task: AdminTaskDetail | null): string {
  if (!task || task.editable) return '';
  if (task.state === 'cancelled') return '任务已取消，不能再修改';
  return '任务已开始，不能再修改目标、时间和分配';
}

/**
 * 新建/编辑任务 (AD2). The form checks each field as the server does and shows the message at
 * the field; the server checks again (S4) and its message shows above the buttons. Read-only
 * once the task has started or was cancelled. 发布 and 取消任务 ask first.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    id: '',
    statusLabel: '',
    statusTheme: '',
    editable: true,
    lockNote: '',
    canPublish: true,
    canCancel: false,
    assigneeCount: 0,
    busy: false,
    formError: '',
    ...emptyForm(Date.now()),
    errors: {} as FormErrors,
    contents: [] as Option[],
    contentIndex: -1,
    contentTitle: '',
    departments: [] as Option[],
    employees: [] as Option[],
    departmentChips: [] as Option[],
    userChips: [] as Option[],
    goalOptions: GOAL_OPTIONS,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ? decodeURIComponent(query.id) : '' });
      return this.load();
    },

    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load();
    },

    async load() {
      this.setData({ phase: 'loading', formError: '' });
      try {
        const [task, options, contents] = await Promise.all([
          this.data.id ? getAdminTask(this.data.id) : Promise.resolve(null),
          getTaskOptions(),
          listContents(),
        ]);
        this.setData({
          contents: contents.items.map((c) => ({ id: c.id, name: c.title })),
          departments: options.departments.map((d) => ({ id: d.id, name: d.name })),
          employees: options.employees.map((e) => ({ id: e.id, name: e.name })),
        });
        this.applyTask(task, options);
        this.setData({ phase: 'ready' });
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    /** Shows a task as the server answered it (or a new form when there is none). */
    applyTask(task: AdminTaskDetail | null, options?: TaskOptions) {
      const form: FormState = task ? formOf(task) : emptyForm(Date.now());
      const status = task ? STATUS_TAGS[task.status] : STATUS_TAGS.draft;
      this.setData({
        ...form,
        id: task ? task.id : '',
        statusLabel: task ? status.label : '新建',
        statusTheme: status.theme,
        editable: task ? task.editable : true,
        lockNote: lockNote(task),
        canPublish: !task || task.state === 'draft',
        canCancel: !!task && task.state !== 'cancelled' && task.status !== 'ended',
        assigneeCount: task ? task.assigneeCount : 0,
        errors: {},
      });
      if (task && !options) this.setData({ formError: '' });
      this.refreshLabels();
    },

    /** Names for the chosen content, departments and employees. */
    refreshLabels() {
      const { contents, departments, employees, contentId, departmentIds, userIds } = this.data;
      const name = (list: Option[], id: string) => list.find((o) => o.id === id)?.name ?? id;
      const contentIndex = contents.findIndex((c) => c.id === contentId);
      this.setData({
        contentIndex,
        contentTitle: contentId ? name(contents, contentId) : '',
        departmentChips: departmentIds.map((id) => ({ id, name: name(departments, id) })),
        userChips: userIds.map((id) => ({ id, name: name(employees, id) })),
      });
    },

    formState(): FormState {
      const d = this.data;
      return {
        title: d.title,
        contentId: d.contentId,
        shareTitle: d.shareTitle,
        shareCover: d.shareCover,
        startDate: d.startDate,
        startTime: d.startTime,
        endDate: d.endDate,
        endTime: d.endTime,
        redeemDate: d.redeemDate,
        redeemTime: d.redeemTime,
        departmentIds: d.departmentIds,
        userIds: d.userIds,
        goals: d.goals,
        benefits: d.benefits,
      };
    },

    onInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(event.currentTarget.dataset.field);
      this.setData({ [field]: event.detail.value });
    },

    onPickTime(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(event.currentTarget.dataset.field);
      this.setData({ [field]: event.detail.value });
    },

    onPickContent(event: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const content = this.data.contents[Number(event.detail.value)];
      if (!content) return;
      this.setData({ contentId: content.id, 'errors.contentId': '' });
      this.refreshLabels();
    },

    onAddDepartment(event: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const picked = this.data.departments[Number(event.detail.value)];
      if (!picked || this.data.departmentIds.includes(picked.id)) return;
      this.setData({
        departmentIds: [...this.data.departmentIds, picked.id],
        'errors.assignment': '',
      });
      this.refreshLabels();
    },

    onRemoveDepartment(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id);
      this.setData({ departmentIds: this.data.departmentIds.filter((d) => d !== id) });
      this.refreshLabels();
    },

    onAddUser(event: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const picked = this.data.employees[Number(event.detail.value)];
      if (!picked || this.data.userIds.includes(picked.id)) return;
      this.setData({ userIds: [...this.data.userIds, picked.id], 'errors.assignment': '' });
      this.refreshLabels();
    },

    onRemoveUser(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id);
      this.setData({ userIds: this.data.userIds.filter((u) => u !== id) });
      this.refreshLabels();
    },

    onAddGoal() {
      if (this.data.goals.length >= GOAL_OPTIONS.length) return;
      this.setData({ goals: [...this.data.goals, goalRow()], 'errors.goals': '' });
    },

    onRemoveGoal(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ goals: this.data.goals.filter((_g: GoalRow, i: number) => i !== index) });
    },

    onGoalKind(event: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const index = Number(event.currentTarget.dataset.index);
      const kindIndex = Number(event.detail.value);
      this.setData({
        [`goals[${index}].kindIndex`]: kindIndex,
        [`goals[${index}].kindLabel`]: GOAL_OPTIONS[kindIndex]?.label ?? '',
      });
    },

    onGoalInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const { index, field } = event.currentTarget.dataset as { index: number; field: string };
      this.setData({ [`goals[${index}].${field}`]: event.detail.value });
    },

    onAddBenefit() {
      this.setData({ benefits: [...this.data.benefits, benefitRow()] });
    },

    onRemoveBenefit(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({
        benefits: this.data.benefits.filter((_b: BenefitRow, i: number) => i !== index),
      });
    },

    onBenefitInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const { index, field } = event.currentTarget.dataset as { index: number; field: string };
      this.setData({ [`benefits[${index}].${field}`]: event.detail.value });
    },

    /** Checks the form; shows the messages and answers null when something is wrong. */
    checked() {
      const { errors, goals, benefits, input } = checkForm(this.formState());
      this.setData({ errors, goals, benefits, formError: '' });
      if (!input) wx.showToast({ title: '请按提示修改后再提交', icon: 'none' });
      return input;
    },

    /** Runs a server action with the buttons disabled; a refusal shows its message. */
    async run(work: () => Promise<AdminTaskDetail>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true, formError: '' });
      try {
        const task = await work();
        this.applyTask(task);
        wx.showToast({ title: done, icon: 'success' });
        return true;
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden' });
        else {
          this.setData({ formError: failureMessage(error) });
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        }
        return false;
      } finally {
        this.setData({ busy: false });
      }
    },

    onSave() {
      const input = this.checked();
      if (!input) return Promise.resolve(false);
      const id = this.data.id;
      return this.run(() => saveAdminTask(id ? { ...input, id } : input), '已保存');
    },

    async onPublish() {
      const input = this.checked();
      if (!input) return false;
      const ok = await confirm(
        '发布任务',
        '发布后，分配的员工会立即收到企业微信通知。确定发布吗？',
        '发布',
      );
      if (!ok) return false;
      const id = this.data.id;
      return this.run(async () => {
        // Saves what is on screen first, so what is published is what the admin sees.
        const saved = await saveAdminTask(id ? { ...input, id } : input);
        this.setData({ id: saved.id });
        return publishAdminTask(saved.id);
      }, '已发布');
    },

    async onCancelTask() {
      const ok = await confirm(
        '取消任务',
        '取消后员工将不能继续参与此任务，且不能恢复。确定取消吗？',
        '取消任务',
      );
      if (!ok) return false;
      const id = this.data.id;
      return this.run(() => cancelAdminTask(id), '已取消');
    },
  },
});
