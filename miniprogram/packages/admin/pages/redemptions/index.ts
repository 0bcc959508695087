import type { Page } from '../../../../../typings/api';
import type { AdminRedemption, RedemptionStatus } from '../../../../../typings/task-admin';
import type { PagePhase } from '../../../../components/page-state/phase';
import { fulfilRedemption, listRedemptions } from '../../../../services/admin-tasks';
import { failureMessage } from '../../../../services/index';
import { loadFirstListPage, loadNextListPage } from '../../shared/keyset-list';
import { isRoleRefusal, shanghaiText } from '../tasks/view';

type Filter = 'all' | RedemptionStatus;

const FILTERS: ReadonlyArray<{ value: Filter; label: string }> = [
  { value: 'redeemed', label: '待发放' },
  { value: 'fulfilled', label: '已发放' },
  { value: 'all', label: '全部' },
];

/** One row, already formatted (WXML cannot call functions). */
interface Row {
  id: string;
  benefitName: string;
  employeeName: string;
  taskTitle: string;
  cost: number;
  verificationCode: string;
  createdText: string;
  fulfilled: boolean;
  statusLabel: string;
  fulfilledText: string;
}

const toRow = (r: AdminRedemption): Row => ({
  id: r.id,
  benefitName: r.benefitName,
  employeeName: r.employeeName,
  taskTitle: r.taskTitle,
  cost: r.cost,
  verificationCode: r.verificationCode,
  createdText: shanghaiText(r.createdAt),
  fulfilled: r.status === 'fulfilled',
  statusLabel: r.status === 'fulfilled' ? '已发放' : '已兑换',
  fulfilledText:
    r.status === 'fulfilled'
      ? `${r.fulfilledByName ?? ''} 于 ${shanghaiText(r.fulfilledAt)} 发放`
      : '',
});

/**
 * 兑换管理 (AD3): redemptions by status (待发放 first, the work to do), optionally of one task
 * (`?taskId=`), with 发放 after a confirm. The verification code is what the admin checks when
 * handing the benefit over. Admins only (S1): a refusal shows 无权限.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    filters: FILTERS,
    filter: 'redeemed' as Filter,
    taskId: '',
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    rows: [] as Row[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    fulfilling: '',
    _generation: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.taskId) this.setData({ taskId: decodeURIComponent(query.taskId) });
      return this.loadFirstPage(true);
    },

    async onPullDownRefresh() {
      await this.loadFirstPage(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadNextPage();
    },

    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: Filter }>) {
      if (event.detail.value === this.data.filter) return undefined;
      this.setData({ filter: event.detail.value });
      return this.loadFirstPage(true);
    },

    onClearTask() {
      this.setData({ taskId: '' });
      return this.loadFirstPage(true);
    },

    onRetry() {
      return this.loadFirstPage(true);
    },

    onRetryNextPage() {
      return this.loadNextPage();
    },

    query() {
      const { filter, taskId } = this.data;
      return {
        ...(filter === 'all' ? {} : { status: filter }),
        ...(taskId ? { taskId } : {}),
      };
    },

    loadFirstPage(showLoading: boolean) {
      return loadFirstListPage(this, () => this.fetchPage(), showLoading);
    },

    loadNextPage() {
      return loadNextListPage(this, (cursor) => this.fetchPage(cursor));
    },

    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await listRedemptions(this.query(), cursor);
      return { items: page.items.map(toRow), nextCursor: page.nextCursor };
    },

    /** 发放: asks first, then updates the row in place (it stays until the next refresh). */
    async onFulfil(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id);
      const row = this.data.rows.find((r) => r.id === id);
      if (!row || row.fulfilled || this.data.fulfilling) return;
      const confirmed = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '确认发放',
          content: `核对核销码 ${row.verificationCode} 后，将「${row.benefitName}」发放给 ${row.employeeName}？`,
          confirmText: '发放',
          cancelText: '取消',
          success: (res) => resolve(res.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!confirmed) return;
      this.setData({ fulfilling: id });
      try {
        const updated = toRow(await fulfilRedemption(id));
        const index = this.data.rows.findIndex((r) => r.id === id);
        if (index >= 0) this.setData({ [`rows[${index}]`]: updated });
        wx.showToast({ title: '已发放', icon: 'success' });
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden', rows: [] });
        else wx.showToast({ title: failureMessage(error), icon: 'none' });
      } finally {
        this.setData({ fulfilling: '' });
      }
    },
  },
});
