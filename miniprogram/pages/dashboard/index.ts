import type { Entry } from '../../components/entry-list/entry';
import type { PagePhase } from '../../components/page-state/phase';
import { failureMessage, loadMe, type Me } from '../../services/index';
import { loadDashboardSummary } from '../../services/insight';
import { highlightTab } from '../../utils/tabs';

/** 部门数据 is for department leaders and admins only (D1). */
function dashboardEntries(me: Me): Entry[] {
  const entries: Entry[] = [
    {
      key: 'radar',
      label: '商机雷达',
      icon: 'chart-radar',
      url: '/packages/insight/pages/radar/index',
    },
    {
      key: 'customers',
      label: '客户档案',
      icon: 'user-list',
      url: '/packages/task/pages/customers/index',
    },
  ];
  if (me.isLeader || me.isAdmin)
    entries.push({
      key: 'departments',
      label: '部门数据',
      icon: 'usergroup',
      url: '/packages/charts/pages/departments/index',
    });
  return entries;
}

/** The four figures at the top, in the order shown. */
interface SummaryTile {
  key: string;
  label: string;
  value: string;
}

/**
 * 数据看板: the caller's own figures (客户数, 本周新增, 留资, 积分) at the top, then the entries
 * to 商机雷达, 客户档案 and, for leaders and admins, 部门数据. The figures are a help: when only
 * they fail, the entries still show and the tiles say so.
 */
Component({
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    entries: [] as Entry[],
    tiles: [] as SummaryTile[],
    summaryFailed: false,
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
      const summary = loadDashboardSummary().then(
        (figures) => figures,
        () => null,
      );
      try {
        const me = await loadMe({ refresh });
        const figures = await summary;
        this.setData({
          phase: 'ready',
          entries: dashboardEntries(me),
          summaryFailed: figures === null,
          tiles: figures
            ? [
                { key: 'customers', label: '我的客户', value: String(figures.customers) },
                { key: 'new', label: '本周新增', value: String(figures.newThisWeek) },
                { key: 'leads', label: '留资', value: String(figures.leads) },
                { key: 'points', label: '积分', value: String(figures.points) },
              ]
            : [],
        });
      } catch (error) {
        this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },
  },
});
