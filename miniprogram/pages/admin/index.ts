import type { Entry } from '../../components/entry-list/entry';
import type { PagePhase } from '../../components/page-state/phase';
import { failureMessage, loadMe } from '../../services/index';
import { highlightTab } from '../../utils/tabs';

/** The management tab's sections (AD1-AD6). */
const ADMIN_ENTRIES: Entry[] = [
  { key: 'contents', label: '内容库', icon: 'file', url: '/packages/admin/pages/contents/index' },
  { key: 'tasks', label: '任务管理', icon: 'task', url: '/packages/admin/pages/tasks/index' },
  {
    key: 'redemptions',
    label: '兑换管理',
    icon: 'gift',
    url: '/packages/admin/pages/redemptions/index',
  },
  {
    key: 'organisation',
    label: '组织架构',
    icon: 'usergroup',
    url: '/packages/admin/pages/org/index',
  },
  { key: 'tags', label: '标签库', icon: 'app', url: '/packages/admin/pages/tags/index' },
  {
    key: 'export',
    label: '数据导出',
    icon: 'file-export',
    url: '/packages/admin/pages/export/index',
  },
];

/**
 * 管理, admins only. The tab is hidden from other employees, but the page can still be
 * reached (a shared path, a stale tab bar), so it checks the role itself and refuses
 * with 无权限. The functions behind it check again on the server (S1).
 */
Component({
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    entries: ADMIN_ENTRIES,
  },
  methods: {
    onLoad() {
      return this.load(false);
    },
    onShow() {
      highlightTab(this, 'admin');
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
  },
});
