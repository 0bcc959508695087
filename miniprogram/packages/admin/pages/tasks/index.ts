import type { Page } from '../../../../../typings/api';
import type { AdminTaskStatus, AdminTaskSummary } from '../../../../../typings/task-admin';
import type { PagePhase } from '../../../../components/page-state/phase';
import { listAdminTasks } from '../../../../services/admin-tasks';
import { loadFirstListPage, loadNextListPage } from '../../shared/keyset-list';
import { shanghaiText, STATUS_TAGS } from './view';

type Filter = 'all' | AdminTaskStatus;

const FILTERS: ReadonlyArray<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'draft', label: '草稿' },
  { value: 'upcoming', label: '未开始' },
  { value: 'active', label: '进行中' },
  { value: 'ended', label: '已结束' },
  { value: 'cancelled', label: '已取消' },
];

const EDITOR = '/packages/admin/pages/task-edit/index';

/** One row, already formatted (WXML cannot call functions). */
interface Row {
  id: string;
  title: string;
  timeRange: string;
  statusLabel: string;
  statusTheme: string;
}

const toRow = (task: AdminTaskSummary): Row => ({
  id: task.id,
  title: task.title,
  timeRange: `${shanghaiText(task.startAt)} 至 ${shanghaiText(task.endAt)}`,
  statusLabel: STATUS_TAGS[task.status].label,
  statusTheme: STATUS_TAGS[task.status].theme,
});

/**
 * 任务管理 (AD2): every task of every state, newest first, with 新建任务. Admins only: the
 * server decides (S1) and a refusal shows 无权限. Coming back from the editor refreshes in
 * place; `_generation` drops late answers of a superseded load.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    filters: FILTERS,
    filter: 'all' as Filter,
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    rows: [] as Row[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    _generation: 0,
    _shown: false,
  },
  methods: {
    onLoad() {
      return this.loadFirstPage(true);
    },

    onShow() {
      if (!this.data._shown) return this.setData({ _shown: true });
      if (this.data.phase === 'ready' || this.data.phase === 'empty') this.loadFirstPage(false);
      return undefined;
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

    onRetry() {
      return this.loadFirstPage(true);
    },

    onRetryNextPage() {
      return this.loadNextPage();
    },

    onCreate() {
      wx.navigateTo({ url: EDITOR });
    },

    onOpen(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id);
      wx.navigateTo({ url: `${EDITOR}?id=${encodeURIComponent(id)}` });
    },

    loadFirstPage(showLoading: boolean) {
      return loadFirstListPage(this, () => this.fetchPage(), showLoading);
    },

    loadNextPage() {
      return loadNextListPage(this, (cursor) => this.fetchPage(cursor));
    },

    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const filter = this.data.filter;
      const page = await listAdminTasks(filter === 'all' ? undefined : filter, cursor);
      return { items: page.items.map(toRow), nextCursor: page.nextCursor };
    },
  },
});
