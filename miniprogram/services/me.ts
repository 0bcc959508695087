import type { ActionResponse } from '../../typings/api';
import { call } from './call';

/** The signed-in employee, as the `employee` function's `me.get` describes them. */
export type Me = ActionResponse<'employee', 'me.get'>;

/** The app's global state (`getApp().globalData`). */
export interface AppGlobalData {
  /** The signed-in employee once known; read by the tab bar and the admin page. */
  me: Me | null;
}

export interface AppState {
  globalData: AppGlobalData;
}

let pending: Promise<Me> | null = null;

/**
 * The signed-in employee. Answers from the app's global state when already known, unless
 * `refresh` (pull-to-refresh) asks the backend again. Concurrent callers (the tab bar and
 * the page behind it) share one request.
 */
export function loadMe({ refresh = false } = {}): Promise<Me> {
  const app = getApp<AppState>();
  if (!refresh && app.globalData.me) return Promise.resolve(app.globalData.me);
  if (!pending) {
    pending = call('employee', 'me.get', {})
      .then((me) => {
        app.globalData.me = me;
        return me;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

/** The employee already in the global state, without a request (null before the first load). */
export function cachedMe(): Me | null {
  return getApp<AppState>().globalData.me;
}
