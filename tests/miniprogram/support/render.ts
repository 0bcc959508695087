/**
 * Loads pages and components with miniprogram-simulate the way the runtime would, and
 * looks at them the way a user does: by visible text, and by tapping.
 */
import fs from 'node:fs';
import path from 'node:path';
import { world } from './world';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../../miniprogram');

/** A rendered component's `this`, as far as tests call it. */
export interface ComponentInstance {
  data: Record<string, unknown>;
  selectComponent(selector: string): Record<string, unknown>;
}

/** A page's `this`: the lifecycle methods the framework would call. */
export interface PageInstance extends ComponentInstance {
  onLoad?(query: Record<string, string>): unknown;
  onShow?(): unknown;
  onPullDownRefresh(): Promise<void>;
  /** Only on pages that load more at the bottom. */
  onReachBottom(): Promise<void>;
}

/** The part of a simulate-rendered component the tests use. */
export interface Rendered<Instance extends ComponentInstance = ComponentInstance> {
  dom: HTMLElement;
  instance: Instance;
  detach(): void;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** `tdesign-miniprogram/tabs/tabs` -> `/miniprogram_npm/tdesign-miniprogram/tabs/tabs`, `echarts-for-weixin` -> `.../index`. */
function resolveNpmComponent(value: string): string {
  const direct = path.join('/miniprogram_npm', value);
  return fs.existsSync(path.join(MINIPROGRAM_ROOT, `${direct}.json`))
    ? direct
    : path.join(direct, 'index');
}

const isNpmPath = (value: string) => !value.startsWith('/') && !value.startsWith('.');

/**
 * simulate resolves only relative and root-absolute component paths, and never reads
 * app.json. This adds what the runtime adds: app.json's global components, and npm-style
 * paths (here and in any component below) looked up in miniprogram_npm.
 */
function runtimeComponents(componentPath: string): Record<string, string> {
  const components: Record<string, string> = {};
  const add = (entries: Record<string, string>, fromDir: string, seen: Set<string>) => {
    for (const [tag, value] of Object.entries(entries)) {
      if (isNpmPath(value)) {
        components[tag] = resolveNpmComponent(value);
        continue;
      }
      const target = value.startsWith('/')
        ? path.join(MINIPROGRAM_ROOT, value)
        : path.join(fromDir, value);
      if (target.includes('miniprogram_npm') || seen.has(target)) continue;
      seen.add(target);
      components[tag] = '/' + path.relative(MINIPROGRAM_ROOT, target);
      add(readJson(`${target}.json`).usingComponents ?? {}, path.dirname(target), seen);
    }
  };
  const seen = new Set<string>();
  add(readJson(path.join(MINIPROGRAM_ROOT, 'app.json')).usingComponents, MINIPROGRAM_ROOT, seen);
  const own = path.join(MINIPROGRAM_ROOT, componentPath);
  add(readJson(`${own}.json`).usingComponents ?? {}, path.dirname(own), seen);
  return components;
}

type Simulate = typeof import('miniprogram-simulate');
let simulateInstance: Simulate | undefined;

/**
 * One simulate per test file: it keeps its compiled templates (compiling every WXML under
 * miniprogram/ is the slow part), while the modules it runs are reloaded for each render.
 */
function simulate(): Simulate {
  simulateInstance ??= require('miniprogram-simulate') as Simulate;
  return simulateInstance;
}

/**
 * Starts the app afresh (app.ts, its global state) and renders one component or
 * Component()-page, attached to a document. Modules are reset first, so app.ts, the
 * services cache and every page or component script run again: Component() registers
 * each time only because simulate's require finds no cached module.
 */
export function render(componentPath: string, properties?: Record<string, unknown>): Rendered {
  const { load, render: renderComponent } = simulate();
  jest.resetModules();
  require(path.join(MINIPROGRAM_ROOT, 'app'));
  world().app.onLaunch?.();
  const id = load(path.join(MINIPROGRAM_ROOT, componentPath), {
    rootPath: MINIPROGRAM_ROOT,
    usingComponents: runtimeComponents(componentPath),
  });
  const rendered = renderComponent(id, properties) as unknown as Rendered & {
    attach(parent: Element): void;
  };
  rendered.attach(document.createElement('parent-wrapper'));
  return rendered;
}

/**
 * Opens a page as the framework does: renders it, puts it on the page stack, then calls
 * onLoad(query) and onShow() without waiting for them (the framework does not either).
 */
export function openPage(
  pagePath: string,
  query: Record<string, string> = {},
): Rendered<PageInstance> {
  const page = render(pagePath) as Rendered<PageInstance>;
  if (SETDATA_REPORT) measureSetData(pagePath, page.instance);
  world().pages.push(page.instance);
  void page.instance.onLoad?.(query);
  page.instance.onShow?.();
  return page;
}

/**
 * `npm run bench` runs the page tests with `SETDATA_REPORT=<file>`: each time a page sends a
 * `setData` larger than any before (JSON bytes), a line `{"page", "bytes"}` is appended.
 */
const SETDATA_REPORT = process.env.SETDATA_REPORT;
const largestSetData = new Map<string, number>();

function measureSetData(pagePath: string, instance: PageInstance): void {
  const target = instance as unknown as { setData(data: object, callback?: () => void): void };
  const original = target.setData.bind(target);
  target.setData = (data, callback) => {
    const bytes = Buffer.byteLength(JSON.stringify(data) ?? '');
    if (bytes > (largestSetData.get(pagePath) ?? 0)) {
      largestSetData.set(pagePath, bytes);
      fs.appendFileSync(SETDATA_REPORT!, `${JSON.stringify({ page: pagePath, bytes })}\n`);
    }
    original(data, callback);
  };
}

/** The visible text, whitespace collapsed. */
export function textOf(rendered: Rendered | Element): string {
  const dom = rendered instanceof Element ? rendered : rendered.dom;
  return (dom.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Texts of the elements whose class contains `className` (simulate prefixes classes). */
export function textsOf(rendered: Rendered, className: string): string[] {
  return Array.from(rendered.dom.querySelectorAll(`[class*="${className}"]`))
    .filter((el) =>
      el.className.split(/\s+/).some((c) => c === className || c.endsWith(`--${className}`)),
    )
    .map((el) => textOf(el));
}

/** The innermost element showing exactly `text`, or undefined. */
export function findByText(rendered: Rendered, text: string): HTMLElement | undefined {
  const matches = Array.from(rendered.dom.querySelectorAll<HTMLElement>('*')).filter(
    (el) => textOf(el) === text,
  );
  return matches[matches.length - 1];
}

/**
 * Taps `target` like a finger: touchstart then touchend on the element itself, which
 * simulate turns into a `tap` that bubbles through the component tree (tdesign components
 * are virtual hosts, so the element must be inside them, not the host).
 */
export async function tap(rendered: Rendered, target: string | HTMLElement): Promise<void> {
  const element = typeof target === 'string' ? findByText(rendered, target) : target;
  if (!element) throw new Error(`nothing shows "${String(target)}" in: ${textOf(rendered)}`);
  const touch = new Touch({
    identifier: 1,
    target: element,
    clientX: 1,
    clientY: 1,
    pageX: 1,
    pageY: 1,
  });
  element.dispatchEvent(
    new TouchEvent('touchstart', {
      bubbles: true,
      cancelable: true,
      touches: [touch],
      changedTouches: [touch],
    }),
  );
  element.dispatchEvent(
    new TouchEvent('touchend', {
      bubbles: true,
      cancelable: true,
      touches: [],
      changedTouches: [touch],
    }),
  );
  await settle();
}

/** Lets pending promises and zero-delay timers run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Waits until `check` passes (returns without throwing), or fails with its last error. */
export async function waitFor(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** Waits until the rendered text contains `text`. */
export function waitForText(rendered: Rendered, text: string): Promise<void> {
  return waitFor(() => expect(textOf(rendered)).toContain(text));
}
