/**
 * Turns the mini-program's compiled WXSS (simulate's injected `<style>`s, app.wxss, pages'
 * styles shared into components) into CSS a browser draws the way the WeChat webview does:
 *
 * - rpx at 750rpx = screen width (simulate converts 1:1; the preview's runtime patches that,
 *   and any rpx left here is converted the same way);
 * - tag selectors name the webview's elements (`view` -> `wx-view`, `page` -> `wx-page`);
 * - `vh` is a percentage of the window (the webview), not of the browser's viewport;
 * - `env(safe-area-inset-*)` takes the device's insets;
 * - nothing is fetched: tdesign's icon font (a CDN) is dropped, its glyph rules too (the
 *   icons are drawn as SVGs, ./icons.ts), and remote `url()`s become placeholders.
 */
import postcss from 'postcss';
import { placeholder } from './images';
import type { DeviceMetrics } from './page-config';

/** rpx -> px on a 375 px wide screen (750rpx = 100% of the width). */
export const PX_PER_RPX = 375 / 750;

/** Built-in components the webview renders as `wx-<name>` (simulate's list, plus `page`). */
// prettier-ignore
export const BUILTIN_TAGS = [
  'cover-image', 'cover-view', 'grid-view', 'list-view', 'match-media', 'movable-area',
  'movable-view', 'page-container', 'root-portal', 'scroll-view', 'share-element',
  'sticky-header', 'sticky-section', 'swiper', 'swiper-item', 'view', 'icon', 'progress',
  'rich-text', 'text', 'button', 'checkbox', 'checkbox-group', 'editor', 'form', 'input',
  'label', 'picker', 'picker-view', 'picker-view-column', 'radio', 'radio-group', 'slider',
  'switch', 'textarea', 'navigator', 'audio', 'camera', 'image', 'live-player', 'video', 'map',
  'canvas', 'web-view', 'open-data', 'page',
];

/** `12rpx` -> `6px`, decimals and negatives included. */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx\b/gi, (_all, value: string) => {
    const px = Math.round(Number(value) * PX_PER_RPX * 1000) / 1000;
    return `${px}px`;
  });
}

const tagPattern = new RegExp(
  `(^|[\\s>+~(,])(${BUILTIN_TAGS.map((t) => t.replace('-', '\\-')).join('|')})(?=$|[\\s.:#\\[>+~,)])`,
  'g',
);

/** `view .a > text` -> `wx-view .a > wx-text`; classes, ids and attributes are left alone. */
export function webviewSelector(selector: string): string {
  // Twice: adjacent matches share the separator, so one pass skips every other one.
  const once = (s: string) =>
    s.replace(tagPattern, (_all, before: string, tag: string) => `${before}wx-${tag}`);
  return once(once(selector));
}

/** Values the webview resolves from the device: window-relative vh and safe-area insets. */
export function deviceValues(value: string, device: DeviceMetrics): string {
  const insets: Record<string, number> = {
    top: 0, // the native navigation bar sits above the webview
    bottom: device.safeAreaBottom,
    left: 0,
    right: 0,
  };
  return rpxToPx(value)
    .replace(
      /(?:env|constant)\(\s*safe-area-inset-(top|bottom|left|right)\s*(?:,[^)]*)?\)/g,
      (_all, side: string) => `${insets[side]}px`,
    )
    .replace(
      /(-?\d*\.?\d+)vh\b/g,
      (_all, n: string) => `${Math.round(Number(n) * device.windowHeight) / 100}px`,
    );
}

const isRemote = (url: string) => /^(https?:)?\/\//i.test(url.replace(/^['"]/, ''));

/** A glyph rule of tdesign's icon font (`.t-icon--t-icon-gift:before { content: ... }`). */
const isIconGlyphRule = (selector: string) => /--t-icon-[\w-]+::?before$/.test(selector.trim());

const cache = new Map<string, string>();

/** The browser-ready CSS for `sources` (compiled WXSS, in cascade order). */
export function webviewCss(sources: string[], device: DeviceMetrics): string {
  const input = sources.join('\n');
  const key = `${device.windowHeight}/${device.safeAreaBottom}\n${input}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const root = postcss.parse(input);
  root.walkAtRules('font-face', (rule) => {
    if (/url\(\s*['"]?(https?:)?\/\//i.test(rule.toString())) rule.remove();
  });
  root.walkRules((rule) => {
    const selectors = rule.selectors.filter((s) => !isIconGlyphRule(s));
    if (!selectors.length) {
      rule.remove();
      return;
    }
    rule.selectors = selectors.map(webviewSelector);
  });
  root.walkDecls((decl) => {
    let value = deviceValues(decl.value, device);
    value = value.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (all, _q: string, url: string) =>
      isRemote(url) ? `url("${placeholder(url).url}")` : all,
    );
    decl.value = value;
  });
  const css = root.toString();
  if (cache.size > 50) cache.clear();
  cache.set(key, css);
  return css;
}
