import type { ApiResult, FunctionName } from '../../typings/api';
import { config } from '../config';
import { ApiFailure, badResponseFailure, functionFailure, networkFailure } from './api-failure';

/** The event a function receives: `{ action, ...payload }`. */
export type FunctionEvent = { action: string } & Record<string, unknown>;

/**
 * Delivers one event to a cloud function and resolves with whatever the function returned
 * (expected to be an ApiResult; `call` checks). Rejects with an ApiFailure when there is no
 * function answer at all.
 */
export type Transport = (name: FunctionName, event: FunctionEvent) => Promise<unknown>;

/** Production: WeChat's own channel to CloudBase; identity is attached by WeChat. */
export const cloudTransport: Transport = async (name, event) => {
  try {
    const response = await wx.cloud.callFunction({ name, data: event });
    return response.result;
  } catch (error) {
    throw isFunctionSideError(error) ? functionFailure() : networkFailure();
  }
};

/** CloudBase reports errors raised by the function itself (crash, timeout) as -404xxx. */
function isFunctionSideError(error: unknown): boolean {
  const errCode = (error as { errCode?: unknown } | null)?.errCode;
  return typeof errCode === 'number' && Math.trunc(errCode / 1000) === -404;
}

/** What the local cloud answers to `POST /functions/:name/invoke` (always HTTP 200). */
type LocalInvokeResponse = { result: unknown } | { errCode: number; errMsg: string };

/**
 * Development: HTTP to the local cloud. The local cloud cannot see a WeChat identity, so the
 * configured demo OPENID is sent as the wxContext the function will read (this endpoint
 * exists only in the local cloud; production never accepts an identity from the client).
 */
export const localTransport: Transport = (name, event) =>
  new Promise((resolve, reject) => {
    wx.request({
      url: `${config.localCloudUrl}/functions/${name}/invoke`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: { event, wxContext: { OPENID: config.devOpenid, SOURCE: 'wx_devtools' } },
      success: (response) => {
        const body = response.data as LocalInvokeResponse | null;
        if (response.statusCode !== 200) reject(networkFailure());
        else if (body && typeof body === 'object' && 'result' in body) resolve(body.result);
        else if (body && typeof body === 'object' && 'errCode' in body) reject(functionFailure());
        else reject(badResponseFailure());
      },
      fail: () => reject(networkFailure()),
    });
  });

/**
 * Sends `event` over the configured transport and answers the function's data. Throws an
 * {@link ApiFailure} for a function's `{ ok: false }` answer and for any transport failure.
 * Adds nothing to the event: `call` (./call.ts) attaches the session token, and
 * ./session.ts uses this directly for `auth.login`, which never carries one.
 */
export async function invoke(name: FunctionName, event: FunctionEvent): Promise<unknown> {
  const transport = config.transport === 'cloud' ? cloudTransport : localTransport;
  const result = await transport(name, event);
  if (!isApiResult(result)) throw badResponseFailure();
  if (!result.ok) {
    throw new ApiFailure(result.error.code, result.error.message || '操作失败，请稍后重试');
  }
  return result.data;
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  if (candidate.ok === true) return 'data' in candidate;
  return candidate.ok === false && !!candidate.error && typeof candidate.error === 'object';
}
