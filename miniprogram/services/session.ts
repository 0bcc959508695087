import type { LoginResult } from '../../typings/identity';
import { config } from '../config';
import { ApiFailure } from './api-failure';
import { invoke } from './transports';

/**
 * Login and the server-issued session (ARCHITECTURE §2, docs/identity.md "Mini-program side").
 *
 * At launch the app logs in: a `wx.qy.login` code (inside WeCom; `wx.login` elsewhere, e.g.
 * DevTools) goes to `auth.login`. When WeCom gave that call an OPENID the server binds it and
 * answers `session: null`: later calls are identified by WeChat itself. Without an OPENID it
 * answers a short-lived token, kept here (memory and storage) and attached by `call` to every
 * later call as the event field `sessionToken`; `auth.login` itself never carries one.
 *
 * Calls made before the login has finished wait for it (and fail with its failure). A token
 * past its expiry means logging in again before the call; a SESSION_EXPIRED or UNAUTHENTICATED
 * answer means logging in again once and retrying the call once (./call.ts).
 *
 * Local transport (development): the local cloud puts `config.devOpenid` into every call's
 * wxContext, as WeChat would attach an OPENID; that demo OPENID is already bound by the seed,
 * so no login happens. Setting `config.devOpenid = ''` makes local calls arrive without an
 * OPENID, like WeCom on a device that gives none, and the app then logs in and uses a session
 * exactly as in production (the code must then be one the local fake WeCom issued).
 */

/** A session token and its ISO-8601 expiry, as `auth.login` answers it. */
export type Session = NonNullable<LoginResult['session']>;

/** The storage key of the session, so a relaunch within its 2 hours needs no login. */
export const SESSION_STORAGE_KEY = 'session';

/**
 * A token this close to its expiry counts as expired: a call sent with it could arrive
 * after it ends (device clocks drift, requests take time).
 */
const EXPIRY_MARGIN_MS = 60 * 1000;

/** Failure codes that mean "the call carried no valid identity": log in again. */
const RELOGIN_CODES = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

/** The device could not produce a login code (not a server answer). */
export const LOGIN_FAILED = 'LOGIN_FAILED';
const loginFailure = () => new ApiFailure(LOGIN_FAILED, '登录失败，请重新打开小程序');

/** `wx.qy` exists only inside WeCom; miniprogram-api-typings does not declare it. */
interface LoginApi {
  login(options: {
    success: (result: { code?: string }) => void;
    fail: (error: unknown) => void;
  }): void;
}

/** The token in use; undefined until read from storage. */
let current: Session | null | undefined;
/**
 * Whether the device clock judges `current`'s expiry. Not when a token the server has just
 * issued already looks expired here (a device clock far ahead): the server then decides,
 * through SESSION_EXPIRED, instead of a login before every call.
 */
let judgeExpiry = true;
/** A login succeeded in this run (or a stored token is still valid): calls may go out. */
let signedIn = false;
/** The login under way; calls made meanwhile wait for it. */
let inFlight: Promise<void> | null = null;

/** Whether this transport needs a login at all (see the local-transport note above). */
export function loginRequired(): boolean {
  return config.transport === 'cloud' || !config.devOpenid;
}

const isLive = (session: Session | null | undefined): session is Session =>
  !!session && Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS > Date.now();

function stored(): Session | null {
  if (current === undefined) {
    try {
      const value = wx.getStorageSync(SESSION_STORAGE_KEY) as Partial<Session> | '';
      current =
        value && typeof value.token === 'string' && typeof value.expiresAt === 'string'
          ? { token: value.token, expiresAt: value.expiresAt }
          : null;
    } catch {
      current = null;
    }
  }
  return current;
}

function keep(session: Session | null): void {
  current = session;
  try {
    if (session) wx.setStorageSync(SESSION_STORAGE_KEY, session);
    else wx.removeStorageSync(SESSION_STORAGE_KEY);
  } catch {
    // Storage full or unavailable: the token still lives in memory for this run.
  }
}

/** A login code from WeCom (`wx.qy.login`), or from WeChat (`wx.login`) outside WeCom. */
function loginCode(): Promise<string> {
  const qy = (wx as unknown as { qy?: LoginApi }).qy;
  const api: LoginApi | undefined = qy ?? (wx as unknown as LoginApi);
  return new Promise((resolve, reject) => {
    if (typeof api?.login !== 'function') return reject(loginFailure());
    api.login({
      success: ({ code }) => (code ? resolve(code) : reject(loginFailure())),
      fail: () => reject(loginFailure()),
    });
    return undefined;
  });
}

async function runLogin(): Promise<void> {
  signedIn = false;
  const code = await loginCode();
  // Straight to the transport: the login call never carries a token.
  const result = (await invoke('auth', { action: 'login', code })) as LoginResult;
  keep(result.session ?? null);
  judgeExpiry = isLive(result.session);
  signedIn = true;
}

/** Logs in, sharing a login already under way. Rejects with the login's ApiFailure. */
function login(): Promise<void> {
  if (!inFlight) {
    inFlight = runLogin().finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

/**
 * The app's launch login (app.ts). A still valid stored token is used as is. A failure is not
 * thrown here: the calls waiting for this login fail with it, and later calls try again.
 */
export function startSession(): Promise<void> {
  if (!loginRequired()) return Promise.resolve();
  if (isLive(stored())) {
    signedIn = true;
    return Promise.resolve();
  }
  return login().catch(() => undefined);
}

/**
 * Before a call: waits for a login under way (and fails with it), or logs in when nobody is
 * signed in yet or the token has expired. Answers the token to attach, if any.
 */
export async function sessionForCall(): Promise<string | undefined> {
  if (!loginRequired()) return undefined;
  if (inFlight) await inFlight;
  else if (!signedIn || (judgeExpiry && stored() !== null && !isLive(stored()))) await login();
  return current?.token;
}

/** Whether `error` says the call's identity is gone (and a new login may help). */
export function isSessionRefusal(error: unknown): boolean {
  return loginRequired() && error instanceof ApiFailure && RELOGIN_CODES.has(error.code);
}

/**
 * After a session refusal of a call sent with `usedToken`: logs in again, unless another call
 * already did (its token differs from the refused one), then answers the token to retry with.
 */
export async function renewSession(usedToken: string | undefined): Promise<string | undefined> {
  if (inFlight) await inFlight;
  else if (!signedIn || current?.token === usedToken) {
    if (current && current.token === usedToken) keep(null);
    await login();
  }
  return current?.token;
}
