import type { PagePhase } from '../../../../components/page-state/phase';
import { listCustomerArchive, listTaskCustomers } from '../../../../services/attribution';
import { failureMessage } from '../../../../services/index';
import { loadArchiveFilters, type ArchiveFilter } from '../../../../services/insight';
import { customerItem, type CustomerItem } from './view';

/**
 * 客户列表 of a task (`?taskId=`: who viewed its content through me), or 客户档案 without a
 * task (all my customers, A8, with those handed to me by 离职继承, AD4), which a search box
 * (nickname or my remark) and filters (tag, source task, 有电话) narrow (C8). A row opens 用户画像.
 * A page at a time; `_generation` drops late answers of a superseded first-page load.
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
    /** C8: what the filter bar offers, and what is chosen. */
    filterTags: [] as string[],
    filterTasks: [] as { id: string; title: string }[],
    filter: {} as ArchiveFilter,
    queryDraft: '',
    filtered: false,
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
      if (!taskId) void this.loadFilters();
      return this.loadFirstPage(true);
    },

    /** The filter bar is a help, not the page: without it the archive still lists and searches. */
    async loadFilters() {
      try {
        const { tags, tasks } = await loadArchiveFilters();
        this.setData({ filterTags: tags, filterTasks: tasks });
      } catch {
        this.setData({ filterTags: [], filterTasks: [] });
      }
    },

    onQueryInput(event: WechatMiniprogram.Input) {
      this.setData({ queryDraft: event.detail.value });
    },

    onSearch() {
      const query = this.data.queryDraft.trim();
      return this.applyFilter({ ...this.data.filter, query: query || undefined });
    },

    onFilterTag(event: WechatMiniprogram.TouchEvent<object, object, { tag: string }>) {
      const { tag } = event.currentTarget.dataset;
      return this.applyFilter({
        ...this.data.filter,
        tag: this.data.filter.tag === tag ? undefined : tag,
      });
    },

    onFilterTask(event: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      const { id } = event.currentTarget.dataset;
      return this.applyFilter({
        ...this.data.filter,
        taskId: this.data.filter.taskId === id ? undefined : id,
      });
    },

    onFilterPhone() {
      return this.applyFilter({
        ...this.data.filter,
        hasPhone: this.data.filter.hasPhone ? undefined : true,
      });
    },

    applyFilter(filter: ArchiveFilter) {
      const filtered = Boolean(filter.query || filter.tag || filter.taskId || filter.hasPhone);
      this.setData({ filter, filtered });
      return this.loadFirstPage(true);
    },

    onOpenCustomer(event: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      wx.navigateTo({
        url: `/packages/insight/pages/profile/index?customerId=${encodeURIComponent(event.currentTarget.dataset.id)}`,
      });
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
      return taskId
        ? listTaskCustomers(taskId, cursor)
        : listCustomerArchive(cursor, this.data.filter);
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
