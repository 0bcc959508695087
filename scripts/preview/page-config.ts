/**
 * What the native frame around a page looks like, from app.json's `window` and the page's
 * own JSON (the page's keys win, as in the runtime), plus the device metrics the mini-program
 * was told (the same `wx` fakes tdesign read at load), so the frame and the page agree.
 */
import fs from 'node:fs';
import path from 'node:path';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

/** Screen geometry in CSS px, as `wx.getWindowInfo()` / `getMenuButtonBoundingClientRect()` report it. */
export interface DeviceMetrics {
  screenWidth: number;
  screenHeight: number;
  windowHeight: number;
  statusBarHeight: number;
  /** Bottom safe-area inset (home indicator), `screenHeight - safeArea.bottom`. */
  safeAreaBottom: number;
  menuButton: { top: number; left: number; width: number; height: number };
}

export interface PageFrame {
  title: string;
  /** `custom` pages draw their own bar: only the status bar and capsule are drawn over them. */
  navigationStyle: 'default' | 'custom';
  navigationBarBackgroundColor: string;
  navigationBarTextStyle: 'black' | 'white';
  /** Tab pages have no back button. */
  isTabPage: boolean;
}

const readJson = (file: string): Record<string, unknown> =>
  fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};

/** The frame of the page at `pagePath` (e.g. `pages/tasks/index`). */
export function pageFrame(pagePath: string): PageFrame {
  const app = readJson(path.join(MINIPROGRAM_ROOT, 'app.json'));
  const window = { ...(app.window as Record<string, unknown>) };
  const own = readJson(path.join(MINIPROGRAM_ROOT, `${pagePath}.json`));
  const merged = { ...window, ...own } as Record<string, unknown>;
  const tabPages = ((app.tabBar as { list?: Array<{ pagePath: string }> })?.list ?? []).map(
    (tab) => tab.pagePath,
  );
  return {
    title: String(merged.navigationBarTitleText ?? ''),
    navigationStyle: merged.navigationStyle === 'custom' ? 'custom' : 'default',
    navigationBarBackgroundColor: String(merged.navigationBarBackgroundColor ?? '#000000'),
    navigationBarTextStyle: merged.navigationBarTextStyle === 'white' ? 'white' : 'black',
    isTabPage: tabPages.includes(pagePath),
  };
}

/** Height of the native navigation bar under the status bar, as the window metrics imply. */
export function navigationBarHeight(device: DeviceMetrics): number {
  return device.screenHeight - device.statusBarHeight - device.windowHeight;
}

/** Whether the page's files are there (app.json may list pages still being written). */
export function pageExists(pagePath: string): boolean {
  const base = path.join(MINIPROGRAM_ROOT, pagePath);
  return fs.existsSync(`${base}.json`) && fs.existsSync(`${base}.wxml`);
}

/** Every page app.json declares (main package and subpackages) whose files exist. */
export function existingAppPages(): string[] {
  const app = readJson(path.join(MINIPROGRAM_ROOT, 'app.json')) as {
    pages?: string[];
    subPackages?: Array<{ root: string; pages: string[] }>;
    subpackages?: Array<{ root: string; pages: string[] }>;
  };
  const packages = app.subPackages ?? app.subpackages ?? [];
  const declared = [
    ...(app.pages ?? []),
    ...packages.flatMap((pkg) => pkg.pages.map((page) => path.posix.join(pkg.root, page))),
  ];
  return declared.filter(pageExists);
}
