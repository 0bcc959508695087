/// <reference lib="dom" />
/**
 * The DOM capture: a page rendered by simulate (and its tab bar), turned into one
 * self-contained HTML document a browser draws as the phone would. simulate renders plain
 * jsdom elements (no shadow roots), so the elements plus the CSS are all a browser needs;
 * what simulate leaves out is added here: built-in components' attributes (./builtins.ts),
 * icons (./icons.ts), the webview's base styles (./wx-base.css), app.wxss, rpx/vh/safe-area
 * values (./stylesheet.ts) and the native frame (./chrome.ts).
 *
 * Every element of the copy carries `data-pv="<n>"`, n being its index in `elements`, so a
 * layout measured in the browser can be mapped back to the live element (./live-layout.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { drawBuiltin } from './builtins';
import { chromeCss, chromeHtml, escapeHtml, HOME_INDICATOR } from './chrome';
import { drawIcons } from './icons';
import { MINIPROGRAM_ROOT, type DeviceMetrics, type PageFrame } from './page-config';
import { deviceValues, webviewCss } from './stylesheet';

/** What is on screen: the page's root element and, on tab pages, the custom tab bar's. */
export interface Stage {
  pagePath: string;
  frame: PageFrame;
  device: DeviceMetrics;
  page: Element;
  tabBar?: Element;
  /** Compiled WXSS in cascade order (see ./runtime.ts `stylesheetSources`). */
  css: () => string[];
}

export interface CapturedDocument {
  html: string;
  /** Live elements, indexed by the copy's `data-pv`. */
  elements: Element[];
  /** Icons the icon set lacks. */
  missingIcons: string[];
}

/** `layout`: the webview alone at the top of a window-sized viewport, as pages measure it. */
export type CaptureMode = 'photo' | 'layout';

const BASE_CSS = fs.readFileSync(path.join(__dirname, 'wx-base.css'), 'utf8');

/**
 * Runs in the browser after the document is parsed: what the webview does once laid out
 * (scroll positions of scroll-views). Kept as a string: it never runs in Node.
 */
const AFTER_LAYOUT_SCRIPT = `
for (const el of document.querySelectorAll('[data-pv-scroll-left],[data-pv-scroll-top],[data-pv-scroll-into-view]')) {
  if (el.dataset.pvScrollLeft) el.scrollLeft = Number(el.dataset.pvScrollLeft) || 0;
  if (el.dataset.pvScrollTop) el.scrollTop = Number(el.dataset.pvScrollTop) || 0;
  const target = el.dataset.pvScrollIntoView && el.querySelector('[data-wx-id="' + CSS.escape(el.dataset.pvScrollIntoView) + '"]');
  if (target) { el.scrollLeft = target.offsetLeft - el.offsetLeft; el.scrollTop = target.offsetTop - el.offsetTop; }
}`;

/**
 * A detached copy of `root`'s content (simulate's root element is a `<main>` wrapper the
 * runtime does not have: its children go straight into the page), with ids, built-ins and
 * icons drawn.
 */
function copyContent(
  root: Element,
  elements: Element[],
  pageDir: string,
  device: DeviceMetrics,
): { nodes: Node[]; missingIcons: string[] } {
  const copy = root.cloneNode(true) as Element;
  const live = Array.from(root.querySelectorAll('*'));
  const copies = Array.from(copy.querySelectorAll('*')) as HTMLElement[];
  const pairs = live.map((element, i) => [element, copies[i]] as const);
  for (const [element, copied] of pairs) {
    copied.setAttribute('data-pv', String(elements.length));
    elements.push(element);
    const style = copied.getAttribute('style');
    if (style) copied.setAttribute('style', deviceValues(style, device));
  }
  for (const [element, copied] of pairs) drawBuiltin(element, copied, pageDir);
  const missingIcons = drawIcons(copy);
  return { nodes: Array.from(copy.childNodes), missingIcons };
}

/** The stage as one HTML document (see the module comment). */
export function captureDocument(stage: Stage, mode: CaptureMode = 'photo'): CapturedDocument {
  const elements: Element[] = [];
  const pageDir = path.dirname(path.join(MINIPROGRAM_ROOT, stage.pagePath));
  const page = copyContent(stage.page, elements, pageDir, stage.device);
  const tabBar = stage.tabBar
    ? copyContent(stage.tabBar, elements, MINIPROGRAM_ROOT, stage.device)
    : { nodes: [], missingIcons: [] };

  const holder = stage.page.ownerDocument.createElement('div');
  holder.append(...page.nodes, ...tabBar.nodes);
  const css = webviewCss(stage.css(), stage.device);
  const html = `<!doctype html>
<html lang="zh-CN" class="pv-${mode}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(stage.frame.title || stage.pagePath)}</title>
<style>${BASE_CSS}</style>
<style>${chromeCss(stage.device, stage.frame)}</style>
<style>${css}</style>
</head>
<body>
<div class="pv-screen">
${chromeHtml(stage.frame)}
<wx-page class="pv-webview">${holder.innerHTML}</wx-page>
${HOME_INDICATOR}
</div>
<script>${AFTER_LAYOUT_SCRIPT}</script>
</body>
</html>
`;
  return {
    html,
    elements,
    missingIcons: [...new Set([...page.missingIcons, ...tabBar.missingIcons])],
  };
}
