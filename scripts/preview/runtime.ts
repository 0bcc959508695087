/// <reference lib="dom" />
// Ambient types of simulate/j-component internals, for every program that compiles this file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./vendor.d.ts" />
/**
 * What a preview adds to the tests' simulate setup (tests/miniprogram/setup.ts and
 * support/), installed once per jest file before its first render:
 *
 * - rpx converted at 375/750 (simulate and j-component convert 1rpx to 1px);
 * - the device tdesign reads at load: the tests' window metrics and menu button, plus the
 *   device/app-base info simulate leaves at an iPhone 12 Pro Max / SDK 2.32 default;
 * - `wx.request` as the shot's network (./network.ts);
 * - layout measured in Chromium (./live-layout.ts);
 * - a record of the components simulate registers that share the page's styles
 *   (`styleIsolation: 'apply-shared'`...), to give them app.wxss and the page's wxss.
 */
import path from 'node:path';
import simulateWxss from 'miniprogram-simulate/src/wxss';
import simulateUtils from 'miniprogram-simulate/src/utils';
import jComponent from 'j-component/src/index';
import jComponentUtils from 'j-component/src/tool/utils';
import { LiveLayout, type Measure } from './live-layout';
import { PreviewNetwork } from './network';
import { MINIPROGRAM_ROOT, type DeviceMetrics } from './page-config';
import { rpxToPx } from './stylesheet';
import { world } from './test-support';

export interface PreviewRuntime {
  network: PreviewNetwork;
  layout: LiveLayout;
  device: DeviceMetrics;
  /** Compiled WXSS for the stage, in cascade order (app.wxss first, as in the runtime). */
  stylesheetSources(ownerPaths: string[], roots: Element[]): string[];
}

/** `getDeviceInfo` / `getAppBaseInfo` consistent with the tests' `getWindowInfo`. */
const DEVICE_INFO = {
  brand: 'iPhone',
  model: 'iPhone 13',
  system: 'iOS 17.0',
  platform: 'ios',
  pixelRatio: 2,
  benchmarkLevel: 1,
};
const APP_BASE_INFO = {
  SDKVersion: '3.6.0',
  language: 'zh_CN',
  version: '8.0.50',
  theme: 'light',
  enableDebug: false,
  host: { env: 'WeChat' },
};

let installed: PreviewRuntime | undefined;

/** Installs the preview runtime (idempotent per jest file). `measure` is the browser's layout. */
export function installPreviewRuntime(measure?: Measure): PreviewRuntime {
  if (installed) return installed;

  simulateUtils.transformRpx = rpxToPx;
  jComponentUtils.transformRpx = rpxToPx;

  /** Tags (simulate's class prefixes) of components that take the page's styles. */
  const sharingTags = new Set<string>();
  const register = jComponent.register.bind(jComponent);
  jComponent.register = (definition) => {
    const { styleIsolation, addGlobalClass } = definition.options ?? {};
    const shares =
      styleIsolation === 'apply-shared' || styleIsolation === 'shared' || addGlobalClass;
    if (definition.tagName && shares) sharingTags.add(definition.tagName);
    return register(definition);
  };

  // Added before simulate loads: it copies the fakes into its own `wx` then.
  Object.assign(world().wx, {
    getDeviceInfo: () => ({ ...DEVICE_INFO }),
    getAppBaseInfo: () => ({ ...APP_BASE_INFO }),
  });
  const network = new PreviewNetwork();
  world().wx.request.mockImplementation(network.request as never);

  const windowInfo = world().wx.getWindowInfo();
  const menuButton = world().wx.getMenuButtonBoundingClientRect();
  const device: DeviceMetrics = {
    screenWidth: windowInfo.screenWidth,
    screenHeight: windowInfo.screenHeight,
    windowHeight: windowInfo.windowHeight,
    statusBarHeight: windowInfo.statusBarHeight,
    safeAreaBottom: windowInfo.screenHeight - windowInfo.safeArea.bottom,
    menuButton,
  };

  const layout = new LiveLayout(measure);
  layout.install(window, { width: device.screenWidth, height: device.windowHeight });

  const compiled = new Map<string, string>();
  const compile = (file: string, prefix: string) => {
    const key = `${file}|${prefix}`;
    if (!compiled.has(key)) {
      const source = simulateWxss.getContent(file);
      compiled.set(key, source ? rpxToPx(simulateWxss.compile(source, { prefix })) : '');
    }
    return compiled.get(key)!;
  };

  installed = {
    network,
    layout,
    device,
    stylesheetSources(ownerPaths, roots) {
      const present = (prefix: string) =>
        roots.some((root) => root.querySelector(`[class^="${prefix}--"], [class*=" ${prefix}--"]`));
      const shared = [...sharingTags].filter(present);
      const app = path.join(MINIPROGRAM_ROOT, 'app.wxss');
      return [
        // app.wxss applies to every page (simulate never reads it) and to sharing components.
        ...['main', ...shared].map((prefix) => compile(app, prefix)),
        // A page's (or the tab bar's) own styles reach the components that share them.
        ...ownerPaths.flatMap((owner) =>
          shared.map((prefix) => compile(path.join(MINIPROGRAM_ROOT, `${owner}.wxss`), prefix)),
        ),
        // What simulate injected for the stage's components (its own prefixes).
        ...Array.from(document.head.querySelectorAll('style'), (style) => style.textContent ?? ''),
      ];
    },
  };
  return installed;
}
