import type { Entry } from './entry';

/**
 * A grouped list of entries (数据看板 / 我的 / 管理 sections). Entries without a page say
 * so (建设中) instead of pretending to open something.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    title: { type: String, value: '' },
    entries: { type: Array, value: [] as Entry[] },
  },
  methods: {
    onTap(
      event: WechatMiniprogram.TouchEvent<
        Record<string, never>,
        Record<string, never>,
        { key: string }
      >,
    ) {
      const entry = (this.data.entries as Entry[]).find(
        (e) => e.key === event.currentTarget.dataset.key,
      );
      if (!entry) return;
      if (entry.url) wx.navigateTo({ url: entry.url });
      else wx.showToast({ title: `${entry.label}建设中`, icon: 'none' });
    },
  },
});
