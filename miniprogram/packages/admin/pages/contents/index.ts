import type { Page } from '../../../../../typings/api';
import type { ContentSummary, FormSummary } from '../../../../../typings/content';
import type { PagePhase } from '../../../../components/page-state/phase';
import { listContents, listForms } from '../../../../services/admin-content';
import { failureMessage } from '../../../../services/index';
import { isRoleRefusal } from './role';

type Tab = 'articles' | 'forms';

/** One row of either list, already formatted (WXML cannot call functions). */
interface Row {
  id: string;
  title: string;
  cover: string;
  tags: string[];
  note: string;
}

const TABS: ReadonlyArray<{ value: Tab; label: string }> = [
  { value: 'articles', label: '文章' },
  { value: 'forms', label: '表单' },
];

const EDITORS: Record<Tab, string> = {
  articles: '/packages/admin/pages/content-edit/index',
  forms: '/packages/admin/pages/form-edit/index',
};

const articleRow = (item: ContentSummary): Row => ({
  id: item.id,
  title: item.title,
  cover: item.cover,
  tags: item.topicTags,
  note: item.formId ? '含表单' : '',
});

const formRow = (item: FormSummary): Row => ({
  id: item.id,
  title: item.title,
  cover: '',
  tags: [],
  note: `${item.fieldCount} 个字段${item.hasPhone ? ' · 收集手机号' : ''}`,
});

async function fetchRows(tab: Tab, cursor?: string): Promise<Page<Row>> {
  if (tab === 'articles') {
    const page = await listContents(cursor);
    return { items: page.items.map(articleRow), nextCursor: page.nextCursor };
  }
  const page = await listForms(cursor);
  return { items: page.items.map(formRow), nextCursor: page.nextCursor };
}

/**
 * 内容库 (AD1): articles and forms, each with 新建. Admins only: the server decides (S1) and a
 * FORBIDDEN answer shows 无权限. Coming back from an editor refreshes the list in place.
 * `_generation` drops late answers of a superseded load, as on the task center.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    tabs: TABS,
    tab: 'articles' as Tab,
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
      // The first show follows onLoad; later ones are returns from an editor.
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

    onTabChange(event: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      if (event.detail.value === this.data.tab) return undefined;
      this.setData({ tab: event.detail.value });
      return this.loadFirstPage(true);
    },

    onRetry() {
      return this.loadFirstPage(true);
    },

    onRetryNextPage() {
      return this.loadNextPage();
    },

    onCreate() {
      wx.navigateTo({ url: EDITORS[this.data.tab] });
    },

    onOpen(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id);
      wx.navigateTo({ url: `${EDITORS[this.data.tab]}?id=${encodeURIComponent(id)}` });
    },

    async loadFirstPage(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation, loadingMore: false, loadMoreFailed: false });
      if (showLoading) this.setData({ phase: 'loading', rows: [], nextCursor: null });
      try {
        const page = await fetchRows(this.data.tab);
        if (generation !== this.data._generation) return;
        this.setData({
          rows: page.items,
          nextCursor: page.nextCursor,
          phase: page.items.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden', rows: [] });
        else if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    async loadNextPage() {
      const { phase, nextCursor, loadingMore, tab, _generation: generation } = this.data;
      if (phase !== 'ready' || !nextCursor || loadingMore) return;
      this.setData({ loadingMore: true, loadMoreFailed: false });
      try {
        const page = await fetchRows(tab, nextCursor);
        if (generation !== this.data._generation) return;
        this.setData({
          rows: this.data.rows.concat(page.items),
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
