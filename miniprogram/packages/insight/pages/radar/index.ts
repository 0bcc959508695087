import type { PagePhase } from '../../../../components/page-state/phase';
import { loadRadarActivity, loadRadarList } from '../../../../services/insight';
import { loadFirstListPage, loadNextListPage } from '../../../../utils/keyset-list';
import {
  activityItem,
  computedText,
  radarItem,
  RADAR_TABS,
  type RadarItem,
  type RadarTab,
} from './view';

/**
 * 商机雷达 (R1-R6): 推荐跟进 (scored by the nightly model, with its reasons), 提交电话, 高传播
 * and 流失挽回 from the daily run, each saying when it was computed; 最新动态 live. A row opens
 * 用户画像. `?tab=` opens a tab directly.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    tabs: RADAR_TABS,
    tab: 'recommended' as RadarTab,
    emptyText: RADAR_TABS[0].empty,
    computedText: '',
    phase: 'loading' as PagePhase,
    errorText: '',
    rows: [] as RadarItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    _generation: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = RADAR_TABS.find((t) => t.key === query.tab);
      if (tab) this.setData({ tab: tab.key, emptyText: tab.empty });
      return this.loadFirst(true);
    },

    onSwitchTab(event: WechatMiniprogram.TouchEvent<object, object, { key: RadarTab }>) {
      const tab = RADAR_TABS.find((t) => t.key === event.currentTarget.dataset.key);
      if (!tab || tab.key === this.data.tab) return undefined;
      this.setData({ tab: tab.key, emptyText: tab.empty, computedText: '' });
      return this.loadFirst(true);
    },

    onOpenCustomer(event: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      wx.navigateTo({
        url: `/packages/insight/pages/profile/index?customerId=${encodeURIComponent(event.currentTarget.dataset.id)}`,
      });
    },

    /** One page of the current tab; notes when its list was computed (R6). */
    async fetch(cursor?: string) {
      const tab = this.data.tab;
      if (tab === 'activity') {
        const page = await loadRadarActivity(cursor);
        this.setData({ computedText: computedText(tab, page.computedAt) });
        return { items: page.items.map(activityItem), nextCursor: page.nextCursor };
      }
      const page = await loadRadarList(tab, cursor);
      this.setData({ computedText: computedText(tab, page.computedAt) });
      return { items: page.items.map((e) => radarItem(e, tab)), nextCursor: page.nextCursor };
    },

    loadFirst(showLoading: boolean) {
      return loadFirstListPage(this, () => this.fetch(), showLoading);
    },

    async onPullDownRefresh() {
      await this.loadFirst(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return loadNextListPage(this, (cursor) => this.fetch(cursor));
    },

    onRetry() {
      return this.loadFirst(true);
    },

    onRetryNextPage() {
      return this.onReachBottom();
    },
  },
});
