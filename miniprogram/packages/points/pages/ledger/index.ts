import type { PagePhase } from '../../../../components/page-state/phase';
import { getPointsSummary, listLedger } from '../../../../services/points';
import { loadFirstListPage, loadNextListPage } from '../../../../utils/keyset-list';
import { ledgerItem, type LedgerItem } from './view';

/**
 * 积分记录 (M3, P5): the caller's balance, what they earned and redeemed, then every ledger
 * entry (task, goal, points, time), newest first, a page at a time.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    rows: [] as LedgerItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    summary: { balance: 0, credited: 0, redeemed: 0 },
    _generation: 0,
  },
  methods: {
    onLoad() {
      return this.loadFirst(true);
    },

    async onPullDownRefresh() {
      await this.loadFirst(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return loadNextListPage(this, (cursor) => this.fetchPage(cursor));
    },

    onRetry() {
      return this.loadFirst(true);
    },

    onRetryNextPage() {
      return this.onReachBottom();
    },

    async fetchPage(cursor?: string) {
      const page = await listLedger(cursor);
      return { items: page.items.map(ledgerItem), nextCursor: page.nextCursor };
    },

    loadFirst(showLoading: boolean) {
      return loadFirstListPage(
        this,
        async () => {
          const [summary, page] = await Promise.all([getPointsSummary(), this.fetchPage()]);
          this.setData({
            summary: {
              balance: summary.balance,
              credited: summary.credited,
              redeemed: summary.redeemed,
            },
          });
          return page;
        },
        showLoading,
      );
    },
  },
});
