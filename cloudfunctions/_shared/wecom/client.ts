/**
 * The WeCom (企业微信) server API client for every function: builds the URL, attaches an access
 * token from the shared cache, and turns every failure into a {@link WeComApiError}.
 *
 * Access tokens are cached in the `wecomTokens` collection, one document per credential, so
 * all instances of all functions share one token (WeCom rate-limits `gettoken`, and a token
 * fetched by one instance stays valid for the others). A token is refreshed a few minutes
 * before it expires; when WeCom says it is invalid or expired (40014 / 42001) the call
 * refreshes and retries (see `callWithToken`). Only the instance holding the refresh lease calls
 * `gettoken`; the others wait for its result (no stampede).
 */
import * as tokenCache from '../db/wecom-tokens';
import { sharedTokenSource } from '../runtime/shared-token';
import { httpRequestJson } from './http';

/** A failure answered by WeCom (its `errcode`) or of the transport (errcode -1, see `errmsg`). */
export class WeComApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;

  constructor(errcode: number, errmsg: string) {
    super(`WeCom API error ${errcode}: ${errmsg}`);
    this.name = 'WeComApiError';
    this.errcode = errcode;
    this.errmsg = errmsg;
  }
}

/** `agent`: the self-built app (login, messages). `contact`: 通讯录同步 (reads the org). */
export type WeComCredential = 'agent' | 'contact';

/** errcodes meaning "this token is no good": refresh once and retry once. */
const TOKEN_ERRCODES = new Set([40014, 42001]);

interface Settings {
  base: string;
  corpId: string;
  agentId: string;
  secret: string;
}

function settings(credential: WeComCredential): Settings {
  const env = process.env;
  const base = (env.WECOM_API_BASE || 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
  const corpId = env.WECOM_CORP_ID ?? '';
  const agentId = env.WECOM_AGENT_ID ?? '';
  const secret = (credential === 'agent' ? env.WECOM_AGENT_SECRET : env.WECOM_CONTACT_SECRET) ?? '';
  if (!corpId || !secret) {
    throw new WeComApiError(-1, `WeCom is not configured (WECOM_CORP_ID / ${credential} secret)`);
  }
  return { base, corpId, agentId, secret };
}

/** The corp the functions serve (WECOM_CORP_ID): logins from any other corp are refused. */
export function configuredCorpId(): string {
  return process.env.WECOM_CORP_ID ?? '';
}

/** One shared document per (corp, credential): every instance computes the same `_id`. */
function tokenDocId(credential: WeComCredential, s: Settings): string {
  return credential === 'agent' ? `${s.corpId}.agent.${s.agentId}` : `${s.corpId}.contact`;
}

const sharedToken = sharedTokenSource(tokenCache, (message) => new WeComApiError(-1, message));

/** A valid access token for the credential; `stale` is one WeCom just refused. */
function accessToken(credential: WeComCredential, stale?: string): Promise<string> {
  const s = settings(credential);
  return sharedToken(tokenDocId(credential, s), () => fetchToken(s), stale);
}

async function fetchToken(s: Settings): Promise<{ token: string; expiresAt: number }> {
  const url = `${s.base}/cgi-bin/gettoken?${new URLSearchParams({ corpid: s.corpId, corpsecret: s.secret })}`;
  const body = await requestWeCom<{ access_token?: string; expires_in?: number }>(url, 'GET');
  if (!body.access_token) throw new WeComApiError(-1, 'gettoken answered no access_token');
  return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000 };
}

/** One HTTP exchange; a non-zero errcode and any transport failure become WeComApiError. */
async function requestWeCom<T>(url: string, method: 'GET' | 'POST', body?: unknown): Promise<T> {
  let reply: { status: number; text: string };
  try {
    reply = await httpRequestJson(url, method, body);
  } catch (error) {
    throw new WeComApiError(-1, `network error: ${(error as Error)?.message ?? String(error)}`);
  }
  if (reply.status < 200 || reply.status >= 300) {
    throw new WeComApiError(-1, `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
  }
  let json: { errcode?: number; errmsg?: string } & Record<string, unknown>;
  try {
    json = JSON.parse(reply.text);
  } catch {
    throw new WeComApiError(-1, `not JSON: ${reply.text.slice(0, 200)}`);
  }
  if (json.errcode !== undefined && json.errcode !== 0) {
    throw new WeComApiError(json.errcode, String(json.errmsg ?? ''));
  }
  return json as T;
}

async function callWithToken<T>(
  credential: WeComCredential,
  path: string,
  query: Record<string, string>,
  method: 'GET' | 'POST',
  body?: unknown,
): Promise<T> {
  const base = settings(credential).base;
  const urlFor = (token: string) =>
    `${base}${path}?${new URLSearchParams({ ...query, access_token: token })}`;
  let token = await accessToken(credential);
  // A refused token that is older than the shared one (another instance refreshed already)
  // is retried with the shared one first; if that is refused too, it is refreshed. So a call
  // makes at most two retries and at most one `gettoken` of its own.
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestWeCom<T>(urlFor(token), method, body);
    } catch (error) {
      const tokenError = error instanceof WeComApiError && TOKEN_ERRCODES.has(error.errcode);
      if (!tokenError || attempt >= 2) throw error;
      token = await accessToken(credential, token);
    }
  }
}

/** GET `path` (e.g. `/cgi-bin/department/list`) with `query`; answers WeCom's JSON. */
export function wecomGet<T>(
  path: string,
  query: Record<string, string>,
  credential: WeComCredential,
): Promise<T> {
  return callWithToken<T>(credential, path, query, 'GET');
}

/** POST `body` as JSON to `path` (e.g. `/cgi-bin/message/send`); answers WeCom's JSON. */
export function wecomPost<T>(
  path: string,
  body: unknown,
  credential: WeComCredential,
  query: Record<string, string> = {},
): Promise<T> {
  return callWithToken<T>(credential, path, query, 'POST', body);
}
