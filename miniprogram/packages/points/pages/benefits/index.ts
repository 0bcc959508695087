import type { PagePhase } from '../../../../components/page-state/phase';
import { newClientEventId } from '../../../../services/attribution';
import { ApiFailure, failureMessage } from '../../../../services/index';
import { listBenefits, listMyRedemptions, redeemBenefit } from '../../../../services/points';
import { loadFirstListPage, loadNextListPage } from '../../../../utils/keyset-list';
import {
  benefitTaskItem,
  redemptionItem,
  type BenefitItem,
  type BenefitTaskItem,
  type RedemptionItem,
} from './view';

type Tab = 'available' | 'redeemed';

/** Failures after which the redemption may or may not have happened: retried with its id. */
const UNCERTAIN = new Set(['NETWORK', 'FUNCTION_ERROR', 'BAD_RESPONSE', 'INTERNAL', 'REDEEM_BUSY']);

/** wx.showModal as a promise of "confirmed". */
function confirmModal(options: { title: string; content: string; confirmText?: string }) {
  return new Promise<boolean>((resolve) => {
    wx.showModal({
      ...options,
      success: (result) => resolve(result.confirm),
      fail: () => resolve(false),
    });
  });
}

/**
 * 我的权益 (M4): 可兑换 lists the tasks the caller holds points on with their benefits and 兑换
 * (after the task's end, before its deadline, P2/P4); 已兑换 every redemption with 已兑换 /
 * 已发放 and its verification code (P5). One `requestId` per confirmed 兑换, sent again when
 * that same redemption is retried after an uncertain failure, so it is redeemed once.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    tab: 'available' as Tab,
    tabs: [
      { value: 'available', label: '可兑换' },
      { value: 'redeemed', label: '已兑换' },
    ],
    phase: 'loading' as PagePhase,
    errorText: '',
    tasks: [] as BenefitTaskItem[],
    rows: [] as RedemptionItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    loadMoreFailed: false,
    redeeming: '',
    _generation: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.tab === 'redeemed') this.setData({ tab: 'redeemed' });
      return this.load(true);
    },

    async onPullDownRefresh() {
      await this.load(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      if (this.data.tab !== 'redeemed') return undefined;
      return loadNextListPage(this, (cursor) => this.fetchRedemptions(cursor));
    },

    onRetry() {
      return this.load(true);
    },

    onRetryNextPage() {
      return this.onReachBottom();
    },

    onTabChange(event: { detail: { value: Tab } }) {
      if (event.detail.value === this.data.tab) return undefined;
      this.setData({ tab: event.detail.value });
      return this.load(true);
    },

    async fetchRedemptions(cursor?: string) {
      const page = await listMyRedemptions(cursor);
      return { items: page.items.map(redemptionItem), nextCursor: page.nextCursor };
    },

    load(showLoading: boolean) {
      if (this.data.tab === 'redeemed')
        return loadFirstListPage(this, () => this.fetchRedemptions(), showLoading);
      return this.loadAvailable(showLoading);
    },

    async loadAvailable(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation });
      if (showLoading) this.setData({ phase: 'loading', tasks: [] });
      try {
        const { tasks } = await listBenefits();
        if (generation !== this.data._generation) return;
        const items = tasks.map(benefitTaskItem);
        this.setData({ tasks: items, phase: items.length ? 'ready' : 'empty' });
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    async onRedeemTap(event: { currentTarget: { dataset: { key: string } } }) {
      if (this.data.redeeming) return;
      const benefit = this.data.tasks
        .flatMap((t) => t.benefits)
        .find((b) => b.key === event.currentTarget.dataset.key);
      if (!benefit || !benefit.canRedeem) return;
      const confirmed = await confirmModal({
        title: '确认兑换',
        content: `确认兑换「${benefit.name}」？将消耗 ${benefit.cost} 积分`,
      });
      if (!confirmed) return;
      await this.redeem(benefit, newClientEventId());
    },

    /** One redemption; after an uncertain failure, 重试 sends the same request id again. */
    async redeem(benefit: BenefitItem, requestId: string): Promise<void> {
      this.setData({ redeeming: benefit.key });
      try {
        await redeemBenefit(benefit.taskId, benefit.benefitId, requestId);
        this.setData({ redeeming: '' });
        wx.showToast({ title: '兑换成功', icon: 'success' });
        this.setData({ tab: 'redeemed' });
        await this.load(true);
      } catch (error) {
        this.setData({ redeeming: '' });
        const code = error instanceof ApiFailure ? error.code : 'INTERNAL';
        if (UNCERTAIN.has(code)) {
          const again = await confirmModal({
            title: '兑换未完成',
            content: failureMessage(error),
            confirmText: '重试',
          });
          if (again) return this.redeem(benefit, requestId);
          return;
        }
        wx.showToast({ title: failureMessage(error), icon: 'none' });
        await this.loadAvailable(false);
      }
    },
  },
});
