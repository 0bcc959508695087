/// <reference lib="dom" />
/**
 * Opens a page in the state a shot asks for, the way the tests open pages (support/render's
 * `render`: a fresh app, simulate's load and render) and the way the framework shows one:
 * the custom tab bar first on tab pages (so `getTabBar()` finds it, as in the runtime), then
 * the page, put on the page stack, onLoad(query), onShow(). Then the shot's steps, and a
 * wait until nothing moves any more.
 */
import path from 'node:path';
import { announceImages } from './builtins';
import type { Stage } from './document';
import { MINIPROGRAM_ROOT, pageFrame } from './page-config';
import type { PreviewRuntime } from './runtime';
import type { DemoShare, Persona, Shot } from './shots';
import { render, settle, tap, world, type Rendered } from './test-support';

/** Where the shot's backend lives and who signs in. */
export interface ShotEnvironment {
  /** Base URL of the in-process local cloud ('' when the shot makes no real request). */
  cloudUrl: string;
  openids: Record<Persona, string>;
  /** The id of each demo share a shot may open its page through. */
  shares: Partial<Record<DemoShare, string>>;
}

export interface OpenedShot {
  stage: Stage;
  /** False when the page was still changing at the deadline (the photo is taken anyway). */
  settled: boolean;
  /** Backend calls the page made, `function/action`. */
  calls: string[];
  close(): void;
}

const CUSTOM_TAB_BAR = 'custom-tab-bar/index';
const SETTLE_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The mini-program's config for this shot: the local cloud it talks to and the identity it
 * signs in with, exactly as a developer sets them in config.ts for DevTools. The services
 * layer then sends its requests there unchanged. Registered as a jest mock factory, so each
 * fresh app of support/render's `render` reads it.
 */
function configureMiniProgram(env: ShotEnvironment, persona: Persona): void {
  const configModule = path.join(MINIPROGRAM_ROOT, 'config');
  jest.doMock(configModule, () => {
    const actual = jest.requireActual(configModule) as { config: Record<string, unknown> };
    return {
      ...actual,
      config: {
        ...actual.config,
        transport: 'local',
        localCloudUrl: env.cloudUrl || actual.config.localCloudUrl,
        devOpenid: env.openids[persona],
      },
    };
  });
}

/** The shot's onLoad query: its own, plus `s=<share id>` when it opens through a demo share. */
function queryOf(shot: Shot, env: ShotEnvironment): Record<string, string> {
  if (!shot.share) return shot.query ?? {};
  const shareId = env.shares[shot.share];
  if (!shareId) throw new Error(`${shot.id}: the demo has no ${shot.share} share to open`);
  return { ...shot.query, s: shareId };
}

/**
 * Waits until no request is pending, no layout pass is due, and the DOM stays the same.
 * Pictures "arrive" meanwhile, as they would on the phone.
 */
async function untilStill(
  runtime: PreviewRuntime,
  roots: Element[],
  pageDir: string,
): Promise<boolean> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let previous = '';
  let unchanged = 0;
  while (Date.now() < deadline) {
    await settle();
    announceImages(roots, pageDir);
    await runtime.layout.idle();
    if (runtime.network.inFlight > 0) {
      await sleep(5);
      continue;
    }
    const now = roots.map((root) => root.innerHTML).join('\n');
    unchanged = now === previous ? unchanged + 1 : 0;
    previous = now;
    if (unchanged >= 3) return true;
    await sleep(10);
  }
  return false;
}

/** Opens `shot` (see the module comment). */
export async function openShot(
  shot: Shot,
  runtime: PreviewRuntime,
  env: ShotEnvironment,
): Promise<OpenedShot> {
  const query = queryOf(shot, env);
  world().reset();
  // simulate adds a <style> per render; the previous shot's are not this page's.
  document.head.querySelectorAll('style').forEach((style) => style.remove());
  runtime.network.reset(shot.backend);
  configureMiniProgram(env, shot.persona);

  const tabBar: Rendered | undefined = shot.page.tab ? render(CUSTOM_TAB_BAR) : undefined;
  const page = render(shot.page.path);
  const instance = page.instance;
  instance.getTabBar = () => tabBar?.instance ?? null;

  const roots = [page.dom, ...(tabBar ? [tabBar.dom] : [])];
  const owners = [shot.page.path, ...(tabBar ? [CUSTOM_TAB_BAR] : [])];
  const stage: Stage = {
    pagePath: shot.page.path,
    frame: pageFrame(shot.page.path),
    device: runtime.device,
    page: page.dom,
    tabBar: tabBar?.dom,
    css: () => runtime.stylesheetSources(owners, roots),
  };
  runtime.layout.reset(stage);

  const pageDir = path.dirname(path.join(MINIPROGRAM_ROOT, shot.page.path));
  world().pages.push(instance);
  void instance.onLoad?.(query);
  instance.onShow?.();
  let settled = await untilStill(runtime, roots, pageDir);

  for (const step of shot.steps ?? []) {
    const target = [page, ...(tabBar ? [tabBar] : [])].find((r) =>
      Array.from(r.dom.querySelectorAll('*')).some(
        (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim() === step.tap,
      ),
    );
    if (!target) throw new Error(`${shot.id}: nothing shows "${step.tap}" to tap`);
    await tap(target, step.tap);
    settled = (await untilStill(runtime, roots, pageDir)) && settled;
  }

  return {
    stage,
    settled,
    calls: [...runtime.network.sent],
    close() {
      page.detach();
      tabBar?.detach();
      runtime.layout.reset();
    },
  };
}
