/**
 * The services layer: the only code that talks to the backend. Pages import from here.
 * A server-issued session token (ARCHITECTURE §2 fallback for WeCom without OPENID) would
 * be attached in ./transports.ts, so pages never see it.
 */
export { ApiFailure, failureMessage } from './api-failure';
export type { TransportErrorCode } from './api-failure';
export { call } from './call';
export { loadMe, cachedMe } from './me';
export type { Me, AppState, AppGlobalData } from './me';
export { listTasks } from './tasks';
