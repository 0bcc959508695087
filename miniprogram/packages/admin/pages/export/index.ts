import type { PagePhase } from '../../../../components/page-state/phase';
import { exportPage, type ExportKind } from '../../../../services/admin-tasks';
import { failureMessage, loadMe } from '../../../../services/index';
import { isRoleRefusal, shanghaiParts } from '../tasks/view';

const LABELS: Record<ExportKind, string> = { customers: '客户', leads: '线索' };

/** `客户-20241120-0930.csv`, Shanghai time, so two exports of a day do not overwrite each other. */
function exportFileName(kind: ExportKind, now: number): string {
  const { date, time } = shanghaiParts(new Date(now).toISOString());
  return `${LABELS[kind]}-${date.replace(/-/g, '')}-${time.replace(':', '')}.csv`;
}

/**
 * 数据导出 (AD6): customers or leads as one CSV file. The server answers the file a page at
 * a time (the first page starts with the UTF-8 BOM so Excel reads Chinese correctly); the
 * page joins them, shows the count as it goes, writes the file to the user data folder and
 * offers it to send to a chat (wx.shareFileMessage) or open (wx.openDocument). Admins only:
 * the role is checked on load and again by the server on every page (S1).
 */
Component({
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    exporting: '' as ExportKind | '',
    progressText: '',
    exportError: '',
    failedKind: '' as ExportKind | '',
    result: null as null | {
      kind: ExportKind;
      label: string;
      fileName: string;
      filePath: string;
      count: number;
    },
    emptyText: '',
  },
  methods: {
    onLoad() {
      return this.load(false);
    },

    async onPullDownRefresh() {
      await this.load(true);
      wx.stopPullDownRefresh();
    },

    onRetry() {
      this.setData({ phase: 'loading' });
      return this.load(true);
    },

    async load(refresh: boolean) {
      try {
        const me = await loadMe({ refresh });
        this.setData({ phase: me.isAdmin ? 'ready' : 'forbidden' });
      } catch (error) {
        this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    onExport(event: WechatMiniprogram.BaseEvent) {
      return this.runExport(event.currentTarget.dataset.kind as ExportKind);
    },

    onRetryExport() {
      return this.data.failedKind ? this.runExport(this.data.failedKind) : undefined;
    },

    async runExport(kind: ExportKind) {
      if (this.data.exporting) return;
      const label = LABELS[kind];
      this.setData({
        exporting: kind,
        progressText: `正在导出${label}…`,
        exportError: '',
        failedKind: '',
        result: null,
        emptyText: '',
      });
      try {
        let csv = '';
        let count = 0;
        let cursor: string | undefined;
        do {
          const page = await exportPage(kind, cursor);
          csv += page.csv;
          count += page.count;
          cursor = page.nextCursor ?? undefined;
          this.setData({ progressText: `已导出 ${count} 条${label}…` });
        } while (cursor);
        if (count === 0) {
          this.setData({ emptyText: `暂无可导出的${label}数据` });
          return;
        }
        const fileName = exportFileName(kind, Date.now());
        const filePath = `${wx.env.USER_DATA_PATH}/${fileName}`;
        wx.getFileSystemManager().writeFileSync(filePath, csv, 'utf8');
        this.setData({ result: { kind, label, fileName, filePath, count } });
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden' });
        else
          this.setData({
            exportError: `导出失败：${failureMessage(error)}`,
            failedKind: kind,
          });
      } finally {
        this.setData({ exporting: '', progressText: '' });
      }
    },

    onShare() {
      const result = this.data.result;
      if (!result) return;
      wx.shareFileMessage({
        filePath: result.filePath,
        fileName: result.fileName,
        fail: (err: { errMsg?: string }) => {
          // Closing the chat picker is not a failure worth a message.
          if (!/cancel/.test(err.errMsg ?? ''))
            wx.showToast({ title: '发送失败，请重试', icon: 'none' });
        },
      });
    },

    onOpen() {
      const result = this.data.result;
      if (!result) return;
      wx.openDocument({
        filePath: result.filePath,
        showMenu: true,
        fail: () => wx.showToast({ title: '无法预览此文件，请发送到聊天后打开', icon: 'none' }),
      });
    },
  },
});
