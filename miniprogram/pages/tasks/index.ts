import type { TaskStatus } from '../../../typings/api';
import type { PagePhase } from '../../components/page-state/phase';
import { failureMessage, listTasks } from '../../services/index';
import { highlightTab } from '../../utils/tabs';
import { TASK_TABS, toTaskCard, type TaskCard } from './task-card';

/**
 * 任务中心: the employee's tasks by status, a page at a time.
 *
 * `_generation` (pure data, never rendered) numbers each first-page load; an answer that
 * arrives after the user switched tab or refreshed belongs to an older generation and is
 * dropped, so a slow response can never show one tab's cards under another tab.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    tabs: TASK_TABS,
    status: 'active' as TaskStatus,
    phase: 'loading' as PagePhase,
    errorText: '',
    cards: [] as TaskCard[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    _generation: 0,
  },
  methods: {
    onLoad() {
      return this.loadFirstPage(true);
    },

    onShow() {
      highlightTab(this, 'tasks');
    },

    /** Keeps the current cards on screen while the native spinner shows. */
    async onPullDownRefresh() {
      await this.loadFirstPage(false);
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadNextPage();
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ value: TaskStatus }>) {
      if (event.detail.value === this.data.status) return undefined;
      this.setData({ status: event.detail.value });
      return this.loadFirstPage(true);
    },

    onRetry() {
      return this.loadFirstPage(true);
    },

    onRetryNextPage() {
      return this.loadNextPage();
    },

    /** A card opens the task's detail (领取任务, 选择分享方式). */
    onOpenTask(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id ?? '');
      if (id) wx.navigateTo({ url: `/pages/task-detail/index?id=${encodeURIComponent(id)}` });
    },

    async loadFirstPage(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation, loadingMore: false, loadMoreFailed: false });
      if (showLoading) this.setData({ phase: 'loading', cards: [], nextCursor: null });
      try {
        const page = await listTasks(this.data.status);
        if (generation !== this.data._generation) return;
        const cards = page.items.map(toTaskCard);
        this.setData({
          cards,
          nextCursor: page.nextCursor,
          phase: cards.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (this.data.phase === 'ready') {
          // A failed refresh keeps what the user was reading.
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        } else {
          this.setData({ phase: 'error', errorText: failureMessage(error) });
        }
      }
    },

    async loadNextPage() {
      const { phase, nextCursor, loadingMore, status, _generation: generation } = this.data;
      if (phase !== 'ready' || !nextCursor || loadingMore) return;
      this.setData({ loadingMore: true, loadMoreFailed: false });
      try {
        const page = await listTasks(status, nextCursor);
        if (generation !== this.data._generation) return;
        this.setData({
          cards: this.data.cards.concat(page.items.map(toTaskCard)),
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
