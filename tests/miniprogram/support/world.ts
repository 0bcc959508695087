/**
 * The fake world around the mini-program: everything it reaches through `wx` and the app
 * globals (App, getApp, getCurrentPages). The backend is a table of answers per
 * function/action; every request the mini-program sends is recorded as sent.
 *
 * One world per test file lives on globalThis, so modules reloaded by jest.resetModules()
 * (pages, simulate) all see the same one. Fakes are never replaced, only reset, because
 * miniprogram-simulate copies them into its own `wx` object when it loads.
 */

/** What a fake function answer can be. */
export type Reply =
  /** The function ran and returned this (an ApiResult, or garbage to test the guard). */
  | { result: unknown }
  /** The function crashed or timed out: the local cloud says `{ errCode, errMsg }`. */
  | { crash: { errCode: number; errMsg: string } }
  /** No answer at all: offline, DNS, connection refused. */
  | { offline: true }
  /** The HTTP server answered with a non-200 status. */
  | { httpStatus: number };

export type FunctionEvent = { action: string } & Record<string, unknown>;
export type Handler = (event: FunctionEvent) => Reply | Promise<Reply>;

/** A function call as it left the mini-program. */
export interface SentCall {
  transport: 'local' | 'cloud';
  name: string;
  event: FunctionEvent;
  /** For `local`: the exact wx.request options (JSON round-tripped, as on the wire). */
  request?: { url: string; method?: string; header?: Record<string, string>; data: unknown };
}

export const ok = (data: unknown): Reply => ({ result: { ok: true, data } });
export const fail = (code: string, message: string): Reply => ({
  result: { ok: false, error: { code, message } },
});
export const crash = (): Reply => ({ crash: { errCode: -1, errMsg: 'function timed out' } });
export const offline = (): Reply => ({ offline: true });

type Callbacks = {
  success?: (r: unknown) => void;
  fail?: (e: unknown) => void;
  complete?: (r: unknown) => void;
};

function createWorld() {
  const handlers = new Map<string, Handler>();
  const sent: SentCall[] = [];
  const apps: Array<{ globalData: Record<string, unknown>; onLaunch?: () => void }> = [];
  const pages: unknown[] = [];

  async function reply(name: string, event: FunctionEvent): Promise<Reply> {
    const handler = handlers.get(`${name}/${event.action}`);
    if (handler) return handler(event);
    // An unexpected call is a test bug: make it loud, and visible to the page as a failure.
    console.error(`fake cloud: no answer for ${name}/${event.action}`);
    return fail('UNHANDLED_IN_TEST', `测试未设置 ${name}/${event.action}`);
  }

  const settle = (callbacks: Callbacks, outcome: 'success' | 'fail', value: unknown) => {
    callbacks[outcome]?.(value);
    callbacks.complete?.(value);
  };

  const wx = {
    request: jest.fn(
      (
        options: Callbacks & {
          url: string;
          method?: string;
          header?: Record<string, string>;
          data?: unknown;
        },
      ) => {
        const request = JSON.parse(
          JSON.stringify({
            url: options.url,
            method: options.method,
            header: options.header,
            data: options.data ?? null,
          }),
        );
        const route = /\/functions\/([^/]+)\/invoke$/.exec(options.url);
        void (async () => {
          if (!route) return settle(options, 'success', { statusCode: 404, data: 'Not Found' });
          const event = request.data?.event as FunctionEvent;
          sent.push({ transport: 'local', name: route[1], event, request });
          const answer = await reply(route[1], event);
          if ('offline' in answer)
            return settle(options, 'fail', { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' });
          if ('httpStatus' in answer)
            return settle(options, 'success', { statusCode: answer.httpStatus, data: '' });
          const body = 'crash' in answer ? answer.crash : { result: answer.result };
          settle(options, 'success', {
            statusCode: 200,
            data: JSON.parse(JSON.stringify(body)),
            header: {},
          });
        })();
        return { abort: jest.fn() };
      },
    ),
    cloud: {
      init: jest.fn(),
      callFunction: jest.fn(async ({ name, data }: { name: string; data: FunctionEvent }) => {
        const event = JSON.parse(JSON.stringify(data)) as FunctionEvent;
        sent.push({ transport: 'cloud', name, event });
        const answer = await reply(name, event);
        if ('offline' in answer || 'httpStatus' in answer) {
          throw { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' };
        }
        if ('crash' in answer) {
          throw {
            errCode: -404011,
            errMsg: 'cloud.callFunction:fail -404011 cloud function execution error',
          };
        }
        return {
          errMsg: 'cloud.callFunction:ok',
          result: answer.result,
          requestID: 'fake-request',
        };
      }),
    },
    stopPullDownRefresh: jest.fn(),
    showToast: jest.fn(),
    hideToast: jest.fn(),
    navigateTo: jest.fn(),
    switchTab: jest.fn(),
    getSystemInfoSync: jest.fn(() => ({
      SDKVersion: '3.6.0',
      platform: 'devtools',
      system: 'iOS 17.0',
      pixelRatio: 2,
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      windowHeight: 724,
      statusBarHeight: 44,
      safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
      theme: 'light',
    })),
    getWindowInfo: jest.fn(() => ({
      pixelRatio: 2,
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      windowHeight: 724,
      statusBarHeight: 44,
      safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
    })),
    getMenuButtonBoundingClientRect: jest.fn(() => ({
      top: 48,
      bottom: 80,
      left: 281,
      right: 368,
      width: 87,
      height: 32,
    })),
  };

  return {
    wx,
    /** Every function call the mini-program sent, oldest first. */
    sent,
    /** Calls to one function/action, oldest first. */
    sentTo(name: string, action: string): SentCall[] {
      return sent.filter((call) => call.name === name && call.event.action === action);
    },
    /** From now on, answers `name`/`action` with `handler`. */
    answer(name: string, action: string, handler: Handler): void {
      handlers.set(`${name}/${action}`, handler);
    },
    /** The app registered by the last App() call (app.ts). */
    get app() {
      return apps[apps.length - 1];
    },
    /** The page stack getCurrentPages() returns. */
    pages,
    install(): void {
      const globals = globalThis as Record<string, unknown>;
      globals.wx = wx;
      globals.App = (options: { globalData: Record<string, unknown>; onLaunch?: () => void }) => {
        apps.push(options);
      };
      globals.getApp = () => apps[apps.length - 1];
      globals.getCurrentPages = () => pages;
    },
    /** Forgets answers, sent calls, apps and pages, and clears every fake's calls. */
    reset(): void {
      handlers.clear();
      sent.length = 0;
      apps.length = 0;
      pages.length = 0;
      const clear = (fakes: Record<string, unknown>) => {
        for (const fake of Object.values(fakes)) {
          if (jest.isMockFunction(fake)) fake.mockClear();
          else if (fake && typeof fake === 'object') clear(fake as Record<string, unknown>);
        }
      };
      clear(wx);
    },
  };
}

export type World = ReturnType<typeof createWorld>;

const WORLD_KEY = '__miniprogramTestWorld';

/** The world of this test file, created (and installed) on first use. */
export function world(): World {
  const globals = globalThis as Record<string, unknown>;
  if (!globals[WORLD_KEY]) {
    const created = createWorld();
    created.install();
    globals[WORLD_KEY] = created;
  }
  return globals[WORLD_KEY] as World;
}

/** A promise with its resolve exposed: hold a fake answer to see the loading state. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
