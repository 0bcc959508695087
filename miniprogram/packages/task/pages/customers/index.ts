import type { PagePhase } from '../../../../components/page-state/phase';
import { listCustomerArchive, listTaskCustomers } from '../../../../services/attribution';
import { failureMessage } from '../../../../services/index';
import { customerItem, type CustomerItem } from './view';

/**
 * 客户列表 of a task (`?taskId=`: who viewed its content through me), or 客户档案 without a
 * task (all my customers, A8, with those handed to me by 离职继承, AD4). A page at a time; `_generation` drops late answers of a
 * superseded first-page load.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    rows: [] as CustomerItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    archive: false,
    _taskId: '',
    _generation: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const taskId = query.taskId ? decodeURIComponent(query.taskId) : '';
      this.setData({ _taskId: taskId, archive: !taskId });
      if (!taskId && typeof wx.setNavigationBarTitle === 'function') {
        wx.setNavigationBarTitle({ title: '客户档案' });
      }
      return this.loadFirstPage(true);
    },

    async onPullDownRefresh() {
      await this.loadFirstPage(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadNextPage();
    },

    onRetry() {
      return this.loadFirstPage(true);
    },

    onRetryNextPage() {
      return this.loadNextPage();
    },

    fetch(cursor?: string) {
      const taskId = this.data._taskId;
      return taskId ? listTaskCustomers(taskId, cursor) : listCustomerArchive(cursor);
    },

    async loadFirstPage(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation, loadingMore: false, loadMoreFailed: false });
      if (showLoading) this.setData({ phase: 'loading', rows: [], nextCursor: null });
      try {
        const page = await this.fetch();
        if (generation !== this.data._generation) return;
        const rows = page.items.map(customerItem);
        this.setData({
          rows,
          nextCursor: page.nextCursor,
          phase: rows.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (this.data.phase === 'ready') {
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        } else {
          this.setData({ phase: 'error', errorText: failureMessage(error) });
        }
      }
    },

    async loadNextPage() {
      const { phase, nextCursor, loadingMore, _generation: generation } = this.data;
      if (phase !== 'ready' || !nextCursor || loadingMore) return;
      this.setData({ loadingMore: true, loadMoreFailed: false });
      try {
        const page = await this.fetch(nextCursor);
        if (generation !== this.data._generation) return;
        this.setData({
          rows: this.data.rows.concat(page.items.map(customerItem)),
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      } catch {
        if (generation !== this.data._generation) return;
        this.setData({ loadingMore: false, loadMoreFailed: true });
      }
    },
  },
});
