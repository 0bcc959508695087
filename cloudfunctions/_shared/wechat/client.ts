/**
 * The WeChat mini-program server openapi (https://api.weixin.qq.com) for every function: an
 * access token from the shared cache, and every failure turned into a {@link WeChatApiError}.
 *
 * The token is cached in the `wechatTokens` collection (one document per app id) the same way
 * the WeCom client caches its tokens (see wecom/client.ts and docs/identity.md): refreshed 5
 * minutes before expiry, only the holder of the refresh lease asks WeChat, the others wait for
 * its result, an in-memory copy per instance saves reads. Tokens come from
 * `cgi-bin/stable_token`, which hands every caller the same token while it lives (so a second
 * deployment sharing the app id cannot invalidate ours); when WeChat refuses a token
 * (40001 / 40014 / 42001) the call refreshes once, forcing a new token only when WeChat keeps
 * answering the refused one, and retries.
 */
import * as tokenCache from '../db/wechat-tokens';
import { sharedTokenSource } from '../runtime/shared-token';
import { httpRequest } from './http';

/** A failure answered by WeChat (its `errcode`) or of the transport (errcode -1, see `errmsg`). */
export class WeChatApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;

  constructor(errcode: number, errmsg: string) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WeChatApiError';
    this.errcode = errcode;
    this.errmsg = errmsg;
  }
}

/** errcodes meaning "this token is no good": refresh and retry. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

interface Settings {
  base: string;
  appId: string;
  secret: string;
}

function settings(): Settings {
  const env = process.env;
  const base = (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const appId = env.WX_APP_ID ?? '';
  const secret = env.WX_APP_SECRET ?? '';
  if (!appId || !secret) {
    throw new WeChatApiError(-1, 'WeChat is not configured (WX_APP_ID / WX_APP_SECRET)');
  }
  return { base, appId, secret };
}

const sharedToken = sharedTokenSource(tokenCache, (message) => new WeChatApiError(-1, message));

/** A valid access token; `stale` is one WeChat just refused (see runtime/shared-token.ts). */
function accessToken(stale?: string): Promise<string> {
  const s = settings();
  return sharedToken(s.appId, (refused) => fetchToken(s, refused), stale);
}

/**
 * `stable_token`: the live token, or a forced new one when WeChat hands back the token it
 * just refused (force_refresh is rate-limited by WeChat, so it is the exception).
 */
async function fetchToken(
  s: Settings,
  stale?: string,
): Promise<{ token: string; expiresAt: number }> {
  const ask = async (forceRefresh: boolean) => {
    const body = await requestJson<{ access_token?: string; expires_in?: number }>(
      `${s.base}/cgi-bin/stable_token`,
      {
        grant_type: 'client_credential',
        appid: s.appId,
        secret: s.secret,
        force_refresh: forceRefresh,
      },
    );
    if (!body.access_token) throw new WeChatApiError(-1, 'stable_token answered no access_token');
    return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 };
  };
  const answer = await ask(false);
  return stale && answer.token === stale ? ask(true) : answer;
}

/** Sends one POST; answers the reply's bytes and type, or throws WeChatApiError. */
async function exchange(url: string, body: unknown): Promise<{ body: Buffer; json: boolean }> {
  let reply;
  try {
    reply = await httpRequest(url, 'POST', body);
  } catch (error) {
    throw new WeChatApiError(-1, `network error: ${(error as Error)?.message ?? String(error)}`);
  }
  if (reply.status < 200 || reply.status >= 300) {
    throw new WeChatApiError(-1, `HTTP ${reply.status}: ${reply.body.toString('utf8', 0, 200)}`);
  }
  const json = /json|text\/plain/i.test(reply.contentType) || reply.body[0] === 0x7b; // '{'
  if (json) {
    let parsed: { errcode?: number; errmsg?: string };
    try {
      parsed = JSON.parse(reply.body.toString('utf8'));
    } catch {
      throw new WeChatApiError(-1, `not JSON: ${reply.body.toString('utf8', 0, 200)}`);
    }
    if (parsed.errcode !== undefined && parsed.errcode !== 0) {
      throw new WeChatApiError(parsed.errcode, String(parsed.errmsg ?? ''));
    }
  }
  return { body: reply.body, json };
}

async function requestJson<T>(url: string, body: unknown): Promise<T> {
  const reply = await exchange(url, body);
  if (!reply.json) throw new WeChatApiError(-1, 'expected JSON, got binary');
  return JSON.parse(reply.body.toString('utf8')) as T;
}

/** POSTs `body` to `path` with the access token; refreshes and retries on a refused token. */
async function callWithToken(
  path: string,
  body: unknown,
): Promise<{ body: Buffer; json: boolean }> {
  const base = settings().base;
  const urlFor = (token: string) =>
    `${base}${path}?${new URLSearchParams({ access_token: token })}`;
  let token = await accessToken();
  for (let attempt = 0; ; attempt++) {
    try {
      return await exchange(urlFor(token), body);
    } catch (error) {
      const tokenError = error instanceof WeChatApiError && TOKEN_ERRCODES.has(error.errcode);
      if (!tokenError || attempt >= 2) throw error;
      token = await accessToken(token);
    }
  }
}

/** The mini-program version codes open: `WECHAT_CODE_ENV` (release by default). */
function codeEnvVersion(): 'release' | 'trial' | 'develop' {
  const v = process.env.WECHAT_CODE_ENV;
  return v === 'trial' || v === 'develop' ? v : 'release';
}

/**
 * `wxa/getwxacodeunlimit`: an unlimited mini-program code (小程序码) opening `page` with `scene`
 * (at most 32 characters of WeChat's scene alphabet; the page reads it from `options.scene`).
 * Answers the PNG. A release code checks that the page exists in the published version; trial
 * and develop codes cannot (their pages are not published yet).
 */
export async function getUnlimitedCode(input: {
  scene: string;
  page: string;
  width?: number;
}): Promise<Buffer> {
  const envVersion = codeEnvVersion();
  const reply = await callWithToken('/wxa/getwxacodeunlimit', {
    scene: input.scene,
    page: input.page,
    width: input.width ?? 430,
    env_version: envVersion,
    check_path: envVersion === 'release',
  });
  if (reply.json) throw new WeChatApiError(-1, 'getwxacodeunlimit answered JSON without a code');
  return reply.body;
}

/** How long a URL Link opens the mini-program, in days (WeChat allows at most 30). */
export const URL_LINK_DAYS = 30;

/**
 * `wxa/generate_urllink`: a URL Link (`https://wxaurl.cn/…`) opening `path` with `query`
 * (`k=v&…`, at most 1024 characters of WeChat's query alphabet), valid `days` (at most
 * {@link URL_LINK_DAYS}, `expire_type: 1`), for places that take a web address and not a mini-program card
 * (客户朋友圈, SMS, mail). The path must be a page of the published version; the link opens the
 * version `WECHAT_CODE_ENV` names (release by default; WeChat honours it only outside WeChat).
 */
export async function generateUrlLink(
  input: { path: string; query: string },
  days = URL_LINK_DAYS,
): Promise<string> {
  const reply = await callWithToken('/wxa/generate_urllink', {
    path: input.path,
    query: input.query,
    expire_type: 1,
    expire_interval: days,
    env_version: codeEnvVersion(),
  });
  if (!reply.json) throw new WeChatApiError(-1, 'generate_urllink answered binary');
  const body = JSON.parse(reply.body.toString('utf8')) as { url_link?: unknown };
  if (typeof body.url_link !== 'string' || !/^https:\/\//.test(body.url_link)) {
    throw new WeChatApiError(-1, 'generate_urllink answered no url_link');
  }
  return body.url_link;
}
