/// <reference lib="dom" />
/**
 * The mini-program tests' own support (tests/miniprogram/support), which the renderer uses
 * to load pages exactly as the tests do. Loaded with `require`, typed here by the part the
 * preview uses: their source types pull the mini-program's globals (`wx`, its `require`)
 * into whatever compiles them, and the Node scripts' program must not get those.
 */
import path from 'node:path';

const SUPPORT_DIR = path.resolve(__dirname, '../../tests/miniprogram/support');

export interface PageInstance {
  data: Record<string, unknown>;
  setData(data: Record<string, unknown>): void;
  onLoad?(query: Record<string, string>): unknown;
  onShow?(): unknown;
  getTabBar?(): unknown;
}

/** A simulate-rendered component or page, attached to a (detached) parent. */
export interface Rendered {
  dom: HTMLElement;
  instance: PageInstance;
  detach(): void;
}

interface WindowInfo {
  screenWidth: number;
  screenHeight: number;
  windowHeight: number;
  statusBarHeight: number;
  safeArea: { bottom: number };
}

/** The fake world around the mini-program (support/world.ts). */
export interface World {
  wx: {
    request: jest.Mock;
    getWindowInfo(): WindowInfo;
    getMenuButtonBoundingClientRect(): { top: number; left: number; width: number; height: number };
  };
  pages: unknown[];
  reset(): void;
}

interface RenderSupport {
  render(componentPath: string, properties?: Record<string, unknown>): Rendered;
  tap(rendered: Rendered, target: string | HTMLElement): Promise<void>;
  settle(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const { render, tap, settle } = require(path.join(SUPPORT_DIR, 'render')) as RenderSupport;
export const { world } = require(path.join(SUPPORT_DIR, 'world')) as { world(): World };
/* eslint-enable @typescript-eslint/no-require-imports */
