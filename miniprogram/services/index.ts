/**
 * The services layer: the only code that talks to the backend. Pages import from here.
 * The launch login and the server-issued session token (ARCHITECTURE §2 fallback for WeCom
 * without OPENID) live in ./session.ts; `call` attaches the token, so pages never see it.
 */
export { ApiFailure, failureMessage } from './api-failure';
export type { TransportErrorCode } from './api-failure';
export { call } from './call';
export { loadMe, cachedMe } from './me';
export { startSession } from './session';
export type { Me, AppState, AppGlobalData } from './me';
export { listTasks } from './tasks';
