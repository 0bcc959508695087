import { cachedMe, loadMe } from '../services/index';
import { TABS, type Tab, type TabValue } from '../utils/tabs';

const visibleTabs = (isAdmin: boolean): Tab[] => TABS.filter((tab) => isAdmin || !tab.adminOnly);

/**
 * The custom tab bar (app.json `tabBar.custom`). 管理 appears only for an admin, as told by
 * `me.get` (cached in the app's global state). Until that is known, and if it cannot be
 * learned, the tab stays hidden: the admin page checks again anyway.
 */
Component({
  data: {
    value: 'tasks' as TabValue,
    tabs: visibleTabs(false),
  },
  lifetimes: {
    attached() {
      this.showAdminTabIfAllowed();
    },
  },
  pageLifetimes: {
    show() {
      this.showAdminTabIfAllowed();
    },
  },
  methods: {
    async showAdminTabIfAllowed() {
      const known = cachedMe();
      if (known) {
        this.setData({ tabs: visibleTabs(known.isAdmin) });
        return;
      }
      try {
        const me = await loadMe();
        this.setData({ tabs: visibleTabs(me.isAdmin) });
      } catch {
        // Not knowing is not being an admin; the current tabs stay.
      }
    },

    onChange(event: WechatMiniprogram.CustomEvent<{ value: TabValue }>) {
      const tab = TABS.find((t) => t.value === event.detail.value);
      if (tab) wx.switchTab({ url: tab.url });
    },
  },
});
