/** The tabs of the custom tab bar (app.json `tabBar.list` lists the same pages). */
export type TabValue = 'tasks' | 'dashboard' | 'me' | 'admin';

export interface Tab {
  value: TabValue;
  label: string;
  icon: string;
  url: string;
  /** Shown only to admins (管理). */
  adminOnly: boolean;
}

export const TABS: ReadonlyArray<Tab> = [
  { value: 'tasks', label: '任务中心', icon: 'task', url: '/pages/tasks/index', adminOnly: false },
  {
    value: 'dashboard',
    label: '数据看板',
    icon: 'chart-bar',
    url: '/pages/dashboard/index',
    adminOnly: false,
  },
  { value: 'me', label: '我的', icon: 'user', url: '/pages/me/index', adminOnly: false },
  { value: 'admin', label: '管理', icon: 'setting', url: '/pages/admin/index', adminOnly: true },
];

/**
 * Highlights `value` in the page's own tab bar. Each tab page gets its own instance of the
 * custom tab bar, so every tab page calls this from onShow.
 */
export function highlightTab(
  page: WechatMiniprogram.Component.TrivialInstance,
  value: TabValue,
): void {
  const tabBar = typeof page.getTabBar === 'function' ? page.getTabBar() : null;
  if (tabBar) tabBar.setData({ value });
}
