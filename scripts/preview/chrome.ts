/**
 * The native frame WeChat draws around a page, which is not part of the page's DOM: the
 * status bar, the navigation bar with the page's title, the capsule (menu button, at the
 * rect `wx.getMenuButtonBoundingClientRect()` reported), a back button on pages that are
 * not tabs, and the home indicator over the bottom safe area. Drawn from the same metrics
 * the page was given, so the frame lines up with what tdesign computed.
 */
import { navigationBarHeight, type DeviceMetrics, type PageFrame } from './page-config';

/** Text safe inside HTML. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const STATUS_ICONS = `<svg width="68" height="12" viewBox="0 0 68 12" aria-hidden="true">
<g fill="currentColor"><rect x="0" y="8" width="3" height="4" rx="1"/><rect x="4.5" y="6" width="3" height="6" rx="1"/><rect x="9" y="3.5" width="3" height="8.5" rx="1"/><rect x="13.5" y="1" width="3" height="11" rx="1"/></g>
<path d="M29 3.2a9 9 0 0 1 12 0M31 5.8a5.8 5.8 0 0 1 8 0M33.2 8.3a2.6 2.6 0 0 1 3.6 0" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
<rect x="43.5" y="1" width="21" height="10" rx="3" fill="none" stroke="currentColor" stroke-opacity=".4"/><rect x="45.5" y="3" width="17" height="6" rx="1.5" fill="currentColor"/><path d="M66 4.5v3a1.6 1.6 0 0 0 0-3z" fill="currentColor" fill-opacity=".4"/></svg>`;

const CAPSULE_MORE = `<svg width="20" height="6" viewBox="0 0 20 6" aria-hidden="true"><g fill="currentColor"><circle cx="3" cy="3" r="2.2"/><circle cx="10" cy="3" r="3"/><circle cx="17" cy="3" r="2.2"/></g></svg>`;
const CAPSULE_CLOSE = `<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><circle cx="9" cy="9" r="7.6" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="9" cy="9" r="3" fill="currentColor"/></svg>`;
const BACK_ARROW = `<svg width="12" height="20" viewBox="0 0 12 20" aria-hidden="true"><path d="M10 2 2 10l8 8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** The frame's own CSS (class names start with `pv-`, which no page uses). */
export function chromeCss(device: DeviceMetrics, frame: PageFrame): string {
  const custom = frame.navigationStyle === 'custom';
  const navHeight = custom ? 0 : navigationBarHeight(device);
  // A custom navigation page starts under the status bar and draws its own bar.
  const webviewTop = custom ? 0 : device.statusBarHeight + navHeight;
  const onDark = frame.navigationBarTextStyle === 'white';
  const { menuButton } = device;
  return `
.pv-screen { position: relative; display: flow-root; width: ${device.screenWidth}px; min-height: ${device.screenHeight}px; }
.pv-status-bar, .pv-nav-bar { position: absolute; left: 0; right: 0; z-index: 10000; color: ${onDark ? '#ffffff' : '#000000'}; }
.pv-status-bar { top: 0; height: ${device.statusBarHeight}px; display: flex; align-items: center; justify-content: space-between; padding: 4px 22px 0 30px; box-sizing: border-box; font: 600 15px/1 -apple-system, "Noto Sans CJK SC", sans-serif; }
.pv-nav-bar { top: ${device.statusBarHeight}px; height: ${navHeight}px; display: flex; align-items: center; justify-content: center; }
.pv-nav-title { max-width: ${device.screenWidth - 2 * (device.screenWidth - menuButton.left) - 16}px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 17px; font-weight: 600; }
.pv-nav-back { position: absolute; left: 12px; top: 50%; transform: translateY(-50%); display: flex; }
.pv-frame-bg { position: absolute; left: 0; right: 0; top: 0; height: ${webviewTop}px; background: ${custom ? 'transparent' : frame.navigationBarBackgroundColor}; z-index: 9999; }
.pv-capsule { position: absolute; z-index: 10001; left: ${menuButton.left}px; top: ${menuButton.top}px; width: ${menuButton.width}px; height: ${menuButton.height}px; box-sizing: border-box; border-radius: ${menuButton.height / 2}px; display: flex; align-items: center; color: ${onDark ? '#ffffff' : '#000000'}; background: ${onDark ? 'rgba(0,0,0,.15)' : 'rgba(255,255,255,.6)'}; border: 0.5px solid ${onDark ? 'rgba(255,255,255,.25)' : 'rgba(0,0,0,.1)'}; }
.pv-capsule > span { flex: 1; display: flex; align-items: center; justify-content: center; }
.pv-capsule > i { width: 0.5px; height: 18px; background: ${onDark ? 'rgba(255,255,255,.3)' : 'rgba(0,0,0,.15)'}; }
.pv-webview { margin-top: ${webviewTop}px; min-height: ${device.screenHeight - webviewTop}px; }
.pv-home-indicator { position: absolute; z-index: 10002; left: 50%; bottom: 8px; width: 134px; height: 5px; margin-left: -67px; border-radius: 3px; background: #000000; }
html.pv-layout .pv-frame-bg, html.pv-layout .pv-status-bar, html.pv-layout .pv-nav-bar, html.pv-layout .pv-capsule, html.pv-layout .pv-home-indicator { display: none; }
html.pv-layout .pv-webview { margin-top: 0; min-height: ${device.windowHeight}px; }
`;
}

/** The frame's markup, drawn over the page (the webview follows it in the document). */
export function chromeHtml(frame: PageFrame): string {
  const nav =
    frame.navigationStyle === 'custom'
      ? ''
      : `<div class="pv-nav-bar">${frame.isTabPage ? '' : `<span class="pv-nav-back">${BACK_ARROW}</span>`}<span class="pv-nav-title">${escapeHtml(frame.title)}</span></div>`;
  return `<div class="pv-frame-bg"></div>
<div class="pv-status-bar"><span>9:41</span>${STATUS_ICONS}</div>
${nav}
<div class="pv-capsule"><span>${CAPSULE_MORE}</span><i></i><span>${CAPSULE_CLOSE}</span></div>`;
}

export const HOME_INDICATOR = '<div class="pv-home-indicator"></div>';
