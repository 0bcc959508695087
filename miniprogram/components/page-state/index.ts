/**
 * What a page shows instead of its content (`phase`, a PagePhase from ./phase): loading,
 * empty, or an error with 重试. Renders nothing when `ready`; the page shows its content.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    phase: { type: String, value: 'loading' },
    emptyText: { type: String, value: '暂无数据' },
    errorText: { type: String, value: '加载失败，请稍后重试' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
