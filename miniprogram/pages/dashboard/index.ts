import type { Entry } from '../../components/entry-list/entry';
import type { PagePhase } from '../../components/page-state/phase';
import { failureMessage, loadMe, type Me } from '../../services/index';
import { highlightTab } from '../../utils/tabs';

/** 部门数据 is for department leaders and admins only (D1). */
function dashboardEntries(me: Me): Entry[] {
  const entries: Entry[] = [
    { key: 'radar', label: '商机雷达', icon: 'chart-radar' },
    {
      key: 'customers',
      label: '客户档案',
      icon: 'user-list',
      url: '/packages/task/pages/customers/index',
    },
  ];
  if (me.isLeader || me.isAdmin)
    entries.push({ key: 'departments', label: '部门数据', icon: 'usergroup' });
  entries.push({
    key: 'trend',
    label: '近30天趋势',
    icon: 'chart-line',
    url: '/packages/charts/pages/trend/index',
  });
  return entries;
}

/** 数据看板: a shell listing the dashboard's sections until each is built. */
Component({
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    entries: [] as Entry[],
  },
  methods: {
    onLoad() {
      return this.load(false);
    },
    onShow() {
      highlightTab(this, 'dashboard');
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
        this.setData({ phase: 'ready', entries: dashboardEntries(me) });
      } catch (error) {
        this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },
  },
});
