import type { Entry } from '../../components/entry-list/entry';
import type { PagePhase } from '../../components/page-state/phase';
import { failureMessage, loadMe, type Me } from '../../services/index';
import { highlightTab } from '../../utils/tabs';

/** 我的管理 (M1-M5). */
const ME_ENTRIES: Entry[] = [
  { key: 'card', label: '名片设置', icon: 'user-business', url: '/packages/me/pages/card/index' },
  {
    key: 'leaderboard',
    label: '排行榜',
    icon: 'chart-bar',
    url: '/packages/points/pages/leaderboard/index',
  },
  { key: 'points', label: '积分记录', icon: 'file', url: '/packages/points/pages/ledger/index' },
  {
    key: 'benefits',
    label: '我的权益',
    icon: 'gift',
    url: '/packages/points/pages/benefits/index',
  },
  {
    key: 'notifications',
    label: '通知设置',
    icon: 'setting',
    url: '/packages/me/pages/notifications/index',
  },
];

function roleLabels(me: Me): string[] {
  const roles: string[] = [];
  if (me.isAdmin) roles.push('管理员');
  if (me.isLeader) roles.push('部门负责人');
  return roles;
}

/** 我的: who is signed in, and the sections of "my management". */
Component({
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    me: null as Me | null,
    roles: [] as string[],
    entries: ME_ENTRIES,
  },
  methods: {
    onLoad() {
      return this.load(false);
    },
    onShow() {
      highlightTab(this, 'me');
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
        this.setData({ phase: 'ready', me, roles: roleLabels(me) });
      } catch (error) {
        this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },
  },
});
