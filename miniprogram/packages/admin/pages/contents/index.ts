import type { Page } from '../../../../../typings/api';
import type { ContentSummary, FormSummary } from '../../../../../typings/content';
import type { PagePhase } from '../../../../components/page-state/phase';
import { listContents, listForms } from '../../../../services/admin-content';
import { loadFirstListPage, loadNextListPage } from '../../shared/keyset-list';

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

    loadFirstPage(showLoading: boolean) {
      return loadFirstListPage(this, () => this.fetchPage(), showLoading);
    },

    loadNextPage() {
      return loadNextListPage(this, (cursor) => this.fetchPage(cursor));
    },

    fetchPage(cursor?: string): Promise<Page<Row>> {
      return fetchRows(this.data.tab, cursor);
    },
  },
});
