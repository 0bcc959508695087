/// <reference lib="dom" />
/**
 * The camera: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * kept warm for the whole run, with one page per viewport size (the window for measuring,
 * the screen for photos; sizes come from the renderer, which knows the device the
 * mini-program was told about). Device scale 2, like the phone. Every request that would
 * leave the machine is refused and remembered.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MeasuredBox } from './live-layout';
import { CHROMIUM_PATH } from './prerequisites';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Viewport {
  width: number;
  height: number;
}

/** The documents are self-contained: only inline data may load. */
const isLocal = (url: string) => /^(data|about|blob):/.test(url);

export class Camera {
  /** URLs a document tried to fetch and was refused (should stay empty). */
  readonly refused = new Set<string>();
  private readonly pages = new Map<string, Promise<Page>>();

  private constructor(private readonly browser: Browser) {}

  static async start(): Promise<Camera> {
    return new Camera(
      await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    );
  }

  private page(viewport: Viewport): Promise<Page> {
    const key = `${viewport.width}x${viewport.height}`;
    let page = this.pages.get(key);
    if (!page) {
      page = (async () => {
        const context = await this.browser.newContext({
          viewport,
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
        });
        await context.route('**/*', (route) => {
          const url = route.request().url();
          if (isLocal(url)) return route.continue();
          this.refused.add(url);
          return route.abort('blockedbyclient');
        });
        return context.newPage();
      })();
      this.pages.set(key, page);
    }
    return page;
  }

  /** Every element's box (by `data-pv`) once `html` is laid out in `viewport`. */
  async layout(html: string, viewport: Viewport): Promise<MeasuredBox[]> {
    const page = await this.page(viewport);
    await page.setContent(html, { waitUntil: 'load' });
    return page.evaluate(async () => {
      await document.fonts.ready;
      return Array.from(document.querySelectorAll('[data-pv]'), (element): MeasuredBox => {
        const box = element.getBoundingClientRect();
        return [Number(element.getAttribute('data-pv')), box.left, box.top, box.width, box.height];
      });
    });
  }

  /** Photographs `html` into `file` (PNG): by default the whole page, at least one screen. */
  async photograph(
    html: string,
    file: string,
    screen: Viewport,
    { fullPage = true } = {},
  ): Promise<void> {
    const page = await this.page(screen);
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
