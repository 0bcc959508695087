import type { PagePhase } from '../../../../components/page-state/phase';
import {
  handOver,
  listEmployees,
  loadDepartments,
  setAdmin,
  syncOrg,
  type EmployeeFilter,
  type EmployeeStatus,
} from '../../../../services/admin-org';
import { ApiFailure, failureMessage } from '../../../../services/index';
import { isRoleRefusal } from '../contents/role';
import {
  departmentRows,
  employeeRow,
  handoverText,
  syncView,
  type DepartmentRow,
  type EmployeeRow,
  type SyncView,
} from './view';

const STATUS_TABS: ReadonlyArray<{ value: EmployeeStatus; label: string }> = [
  { value: 'active', label: '在职' },
  { value: 'departed', label: '已离职' },
];

/** A colleague offered by the 离职继承 picker. */
interface CandidateRow {
  userId: string;
  name: string;
  detail: string;
}

/** The departed employee whose customers the picker hands over. */
interface HandoverSource {
  userId: string;
  name: string;
  customerCount: number;
}

const confirm = (title: string, content: string, confirmText: string) =>
  new Promise<boolean>((resolve) =>
    wx.showModal({
      title,
      content,
      confirmText,
      cancelText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    }),
  );

const toast = (title: string, icon: 'none' | 'success' = 'none') => wx.showToast({ title, icon });

/**
 * 组织架构 (AD4, docs/identity.md): the last org sync and 立即同步, the department tree with
 * its leaders, and the employees (在职 / 已离职, search, department filter, paged) with
 * 设为管理员 / 取消管理员 and, for departed employees, 离职继承 to an active colleague.
 * Admins only: the server decides (S1) and a FORBIDDEN answer shows 无权限. `_generation`
 * drops late answers of a superseded list load.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    sync: null as SyncView | null,
    syncing: false,
    departments: [] as DepartmentRow[],
    statusTabs: STATUS_TABS,
    status: 'active' as EmployeeStatus,
    keyword: '',
    departmentId: '',
    departmentName: '',
    listPhase: 'loading' as PagePhase,
    listError: '',
    rows: [] as EmployeeRow[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    /** The employee whose role change or hand-over is on its way. */
    busyUserId: '',
    picker: null as HandoverSource | null,
    pickerKeyword: '',
    pickerPhase: 'loading' as PagePhase,
    pickerError: '',
    candidates: [] as CandidateRow[],
    candidatesCursor: null as string | null,
    _generation: 0,
    _pickerGeneration: 0,
    /** The keyword the list was last loaded with (the input may hold an unsent one). */
    _searched: '',
  },
  methods: {
    onLoad() {
      return this.loadAll(true);
    },

    async onPullDownRefresh() {
      await this.loadAll(this.data.phase !== 'ready' && this.data.phase !== 'empty');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadNextPage();
    },

    onRetry() {
      return this.loadAll(true);
    },

    onRetryList() {
      return this.loadList();
    },

    onRetryNextPage() {
      return this.loadNextPage();
    },

    filter(): EmployeeFilter {
      return {
        status: this.data.status,
        departmentId: this.data.departmentId || undefined,
        keyword: this.data._searched || undefined,
      };
    },

    refused(error: unknown): boolean {
      if (!isRoleRefusal(error)) return false;
      this.setData({ phase: 'forbidden', rows: [], departments: [], picker: null });
      return true;
    },

    /** Departments, sync state and the first page of the list, together. */
    async loadAll(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation, loadingMore: false, loadMoreFailed: false });
      if (showLoading) this.setData({ phase: 'loading' });
      try {
        const [org, page] = await Promise.all([loadDepartments(), listEmployees(this.filter())]);
        if (generation !== this.data._generation) return;
        const departments = departmentRows(org.departments);
        const unfiltered = !this.data.departmentId && !this.data._searched;
        const nothingSynced = departments.length === 0 && page.items.length === 0 && unfiltered;
        const selected = departments.find((d) => d.id === this.data.departmentId);
        this.setData({
          phase: nothingSynced && this.data.status === 'active' ? 'empty' : 'ready',
          sync: syncView(org.sync),
          departments,
          departmentId: selected ? selected.id : '',
          departmentName: selected ? selected.name : '',
          rows: page.items.map(employeeRow),
          nextCursor: page.nextCursor,
          listPhase: page.items.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._generation || this.refused(error)) return;
        if (this.data.phase === 'ready' || this.data.phase === 'empty')
          toast(failureMessage(error));
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    /** The list again from its first page, after a change of tab, search or department. */
    async loadList() {
      const generation = this.data._generation + 1;
      this.setData({
        _generation: generation,
        listPhase: 'loading',
        rows: [],
        nextCursor: null,
        loadingMore: false,
        loadMoreFailed: false,
      });
      try {
        const page = await listEmployees(this.filter());
        if (generation !== this.data._generation) return;
        this.setData({
          rows: page.items.map(employeeRow),
          nextCursor: page.nextCursor,
          listPhase: page.items.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._generation || this.refused(error)) return;
        this.setData({ listPhase: 'error', listError: failureMessage(error) });
      }
    },

    async loadNextPage() {
      const { listPhase, nextCursor, loadingMore, _generation: generation } = this.data;
      if (listPhase !== 'ready' || !nextCursor || loadingMore) return;
      this.setData({ loadingMore: true, loadMoreFailed: false });
      try {
        const page = await listEmployees(this.filter(), nextCursor);
        if (generation !== this.data._generation) return;
        this.setData({
          rows: this.data.rows.concat(page.items.map(employeeRow)),
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      } catch (error) {
        if (generation !== this.data._generation || this.refused(error)) return;
        this.setData({ loadingMore: false, loadMoreFailed: true });
      }
    },

    onStatusChange(event: WechatMiniprogram.CustomEvent<{ value: EmployeeStatus }>) {
      if (event.detail.value === this.data.status) return undefined;
      this.setData({ status: event.detail.value });
      return this.loadList();
    },

    onKeywordInput(event: WechatMiniprogram.Input) {
      this.setData({ keyword: event.detail.value });
    },

    onSearch() {
      this.setData({ _searched: this.data.keyword.trim() });
      return this.loadList();
    },

    onClearKeyword() {
      this.setData({ keyword: '', _searched: '' });
      return this.loadList();
    },

    /** Tapping a department filters the list by it (and the ones below); again clears it. */
    onPickDepartment(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id);
      const department = this.data.departments.find((d) => d.id === id);
      if (!department || id === this.data.departmentId) return this.onClearDepartment();
      this.setData({ departmentId: id, departmentName: department.name });
      return this.loadList();
    },

    onClearDepartment() {
      this.setData({ departmentId: '', departmentName: '' });
      return this.loadList();
    },

    async onSync() {
      if (this.data.syncing) return;
      this.setData({ syncing: true });
      try {
        const result = await syncOrg();
        this.setData({ sync: syncView(result.sync) });
        toast(
          result.done ? '同步完成' : '已同步一部分，请再次同步继续',
          result.done ? 'success' : 'none',
        );
        this.setData({ syncing: false });
        await this.loadAll(false);
      } catch (error) {
        this.setData({ syncing: false });
        if (!this.refused(error)) toast(failureMessage(error));
      }
    },

    /** 设为管理员 / 取消管理员, after a confirmation; the row changes in place. */
    async onToggleAdmin(event: WechatMiniprogram.BaseEvent) {
      const userId = String(event.currentTarget.dataset.id);
      const row = this.data.rows.find((r) => r.userId === userId);
      if (!row || row.departed || this.data.busyUserId) return;
      const grant = !row.isAdmin;
      const confirmed = await (grant
        ? confirm(
            '设为管理员',
            `确定将 ${row.name} 设为管理员？管理员可使用「管理」中的全部功能。`,
            '设为管理员',
          )
        : confirm('取消管理员', `确定取消 ${row.name} 的管理员身份？`, '取消管理员'));
      if (!confirmed) return;
      this.setData({ busyUserId: userId });
      try {
        const result = await setAdmin(userId, grant);
        const index = this.data.rows.findIndex((r) => r.userId === userId);
        if (index >= 0) this.setData({ [`rows[${index}].isAdmin`]: result.isAdmin });
        toast(result.isAdmin ? '已设为管理员' : '已取消管理员', 'success');
      } catch (error) {
        if (!this.refused(error)) toast(failureMessage(error));
      } finally {
        this.setData({ busyUserId: '' });
      }
    },

    /** 离职继承: opens the picker of active colleagues for a departed employee. */
    onStartHandover(event: WechatMiniprogram.BaseEvent) {
      const userId = String(event.currentTarget.dataset.id);
      const row = this.data.rows.find((r) => r.userId === userId);
      if (!row || !row.canHandOver) return undefined;
      this.setData({
        picker: { userId, name: row.name, customerCount: row.customerCount },
        pickerKeyword: '',
      });
      return this.loadCandidates(false);
    },

    onClosePicker() {
      this.setData({
        picker: null,
        candidates: [],
        _pickerGeneration: this.data._pickerGeneration + 1,
      });
    },

    onPickerKeywordInput(event: WechatMiniprogram.Input) {
      this.setData({ pickerKeyword: event.detail.value });
    },

    onPickerSearch() {
      return this.loadCandidates(false);
    },

    onPickerRetry() {
      return this.loadCandidates(false);
    },

    onMoreCandidates() {
      return this.loadCandidates(true);
    },

    /** Active colleagues matching the picker's keyword; `more` appends the next page. */
    async loadCandidates(more: boolean) {
      const cursor = more ? this.data.candidatesCursor : null;
      if (more && !cursor) return;
      const generation = this.data._pickerGeneration + 1;
      this.setData({ _pickerGeneration: generation });
      if (!more) this.setData({ pickerPhase: 'loading', candidates: [], candidatesCursor: null });
      try {
        const page = await listEmployees(
          { status: 'active', keyword: this.data.pickerKeyword || undefined },
          cursor ?? undefined,
        );
        if (generation !== this.data._pickerGeneration) return;
        const candidates = (more ? this.data.candidates : []).concat(
          page.items.map((e) => {
            const row = employeeRow(e);
            return { userId: row.userId, name: row.name, detail: row.detail };
          }),
        );
        this.setData({
          candidates,
          candidatesCursor: page.nextCursor,
          pickerPhase: candidates.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._pickerGeneration || this.refused(error)) return;
        if (more) toast(failureMessage(error));
        else this.setData({ pickerPhase: 'error', pickerError: failureMessage(error) });
      }
    },

    /** A colleague picked: confirm, hand over, and show 已交接给 X on the row. */
    async onPickCandidate(event: WechatMiniprogram.BaseEvent) {
      const toUserId = String(event.currentTarget.dataset.id);
      const from = this.data.picker;
      const to = this.data.candidates.find((c) => c.userId === toUserId);
      if (!from || !to || this.data.busyUserId) return;
      const confirmed = await confirm(
        '确认交接',
        `将 ${from.name} 名下的 ${from.customerCount} 位客户交接给 ${to.name}？交接后不能再改给其他同事。`,
        '交接',
      );
      if (!confirmed) return;
      this.setData({ busyUserId: from.userId });
      try {
        const result = await handOver(from.userId, to.userId);
        const index = this.data.rows.findIndex((r) => r.userId === from.userId);
        if (index >= 0) {
          this.setData({
            [`rows[${index}].canHandOver`]: false,
            [`rows[${index}].customerCount`]: 0,
            [`rows[${index}].customerText`]: '名下客户 0 位',
            [`rows[${index}].handoverText`]: handoverText(to.name, result.moved),
          });
        }
        this.onClosePicker();
        toast('交接完成', 'success');
      } catch (error) {
        if (this.refused(error)) return;
        toast(failureMessage(error));
        if (error instanceof ApiFailure && error.code === 'ALREADY_HANDED_OVER') {
          // Someone handed them over meanwhile: show to whom.
          this.onClosePicker();
          void this.loadAll(false);
        }
      } finally {
        this.setData({ busyUserId: '' });
      }
    },
  },
});
