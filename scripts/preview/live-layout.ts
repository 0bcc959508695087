/// <reference lib="dom" />
// Ambient types of simulate/j-component internals, for every program that compiles this file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./vendor.d.ts" />
/**
 * Layout measured by a real browser. jsdom lays nothing out, so every `getBoundingClientRect`
 * is zero and whatever a component positions by measuring (tdesign's tab underline, sticky
 * placeholders, scroll offsets) comes out wrong. Here, before a component's SelectorQuery
 * answers, the current stage is captured (in `layout` mode: the webview alone, window-sized),
 * laid out by Chromium, and every element's box is handed back; jsdom's
 * `getBoundingClientRect` then answers from those boxes. So tdesign's own code computes
 * positions from real measurements, as on a phone.
 *
 * Without a browser (`measure` undefined, e.g. in unit tests) boxes stay zero, as in plain
 * simulate.
 */
import SelectorQuery from 'j-component/src/tool/selectorquery';
import { captureDocument, type Stage } from './document';

/** `[data-pv, left, top, width, height]` for every element of a captured document. */
export type MeasuredBox = [number, number, number, number, number];
export type Measure = (html: string) => Promise<MeasuredBox[]>;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const ZERO: Box = { left: 0, top: 0, width: 0, height: 0 };

const toRect = ({ left, top, width, height }: Box) => ({
  x: left,
  y: top,
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
  toJSON() {
    return { x: left, y: top, left, top, width, height, right: left + width, bottom: top + height };
  },
});

export class LiveLayout {
  /** The stage being shot; set by the harness right after rendering. */
  stage?: Stage;
  /** Layout passes made for the current stage (a shot's report shows it). */
  passes = 0;
  /** Why measuring failed, if it did (the shot is then taken with zero boxes). */
  failure?: string;
  private boxes = new WeakMap<Element, Box>();
  private lastHtml = '';
  private queue: Promise<void> = Promise.resolve();

  /** The browser's layout; without one, boxes stay zero. */
  constructor(public measure: Measure | undefined) {}

  /**
   * Routes every SelectorQuery through a layout pass and jsdom's boxes through the
   * measurements. Patches the shared j-component module, so it must run before the first
   * render of the jest file (simulate loads j-component once per file).
   */
  install(window: Window & typeof globalThis, viewport: { width: number; height: number }): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const layout = this;
    const exec = SelectorQuery.prototype.exec;
    SelectorQuery.prototype.exec = function (this: SelectorQuery, callback) {
      void layout.refresh().then(() => exec.call(this, callback));
    };
    window.Element.prototype.getBoundingClientRect = function (this: Element) {
      return toRect(layout.boxes.get(this) ?? ZERO) as DOMRect;
    };
    // `selectViewport()` answers with the document's client size: the window's.
    const root = window.document.documentElement;
    Object.defineProperty(root, 'clientWidth', { configurable: true, get: () => viewport.width });
    Object.defineProperty(root, 'clientHeight', { configurable: true, get: () => viewport.height });
  }

  /** Starts a new stage: forgets the previous one's measurements. */
  reset(stage?: Stage): void {
    this.stage = stage;
    this.passes = 0;
    this.failure = undefined;
    this.lastHtml = '';
    this.boxes = new WeakMap();
  }

  /** Measures the stage again if its DOM changed since the last pass; passes never overlap. */
  refresh(): Promise<void> {
    this.queue = this.queue.then(() => this.pass());
    return this.queue;
  }

  /** Resolves once every pass asked for so far is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async pass(): Promise<void> {
    // The query usually comes from a lifetime or setData callback: let that render finish.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const stage = this.stage;
    if (!this.measure || !stage) return;
    try {
      const captured = captureDocument(stage, 'layout');
      if (captured.html === this.lastHtml) return;
      const measured = await this.measure(captured.html);
      if (stage !== this.stage) return;
      const boxes = new WeakMap<Element, Box>();
      for (const [id, left, top, width, height] of measured) {
        const element = captured.elements[id];
        if (element) boxes.set(element, { left, top, width, height });
      }
      this.boxes = boxes;
      this.lastHtml = captured.html;
      this.passes += 1;
    } catch (error) {
      this.failure = (error as Error).message;
    }
  }
}
