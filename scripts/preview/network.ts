/**
 * The network a previewed page sees: the `wx.request` behind the services layer's `local`
 * transport, answering as the shot's backend says. For `demo` and `empty` it makes the real
 * HTTP request the mini-program asked for (URL, method, headers, body untouched), so the
 * in-process local cloud answers exactly what it would answer DevTools.
 *
 * Runs inside jest (jsdom), where `fetch` is not available: node:http does the call.
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import type { Backend } from './shots';

/** The part of `wx.request`'s options the services layer uses. */
export interface WxRequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
  dataType?: string;
  success?: (result: { statusCode: number; data: unknown; header: Record<string, string> }) => void;
  fail?: (error: { errMsg: string }) => void;
  complete?: (result: unknown) => void;
}

/** What the backend answers in the `error` state, as a function's ApiResult. */
export const BUSY_ANSWER = {
  ok: false,
  error: { code: 'INTERNAL', message: '服务繁忙，请稍后重试' },
} as const;

/** `wx.request` for previews, with the count of answers still to come (to know a page settled). */
export class PreviewNetwork {
  backend: Backend = 'demo';
  /** Requests sent and not answered yet, except those the `loading` state holds forever. */
  inFlight = 0;
  /** Every request sent during the current shot, for the shot's report. */
  readonly sent: string[] = [];

  /** Forgets the previous shot's requests and answers as `backend` from now on. */
  reset(backend: Backend): void {
    this.backend = backend;
    this.inFlight = 0;
    this.sent.length = 0;
  }

  readonly request = (options: WxRequestOptions): { abort(): void } => {
    const backend = this.backend;
    this.sent.push(describe(options));
    if (backend === 'loading') return { abort() {} };
    this.inFlight += 1;
    const finish = (outcome: 'success' | 'fail', value: never) => {
      this.inFlight -= 1;
      options[outcome]?.(value);
      options.complete?.(value);
    };
    // wx.request always answers asynchronously, even when it fails at once.
    const answer = (outcome: 'success' | 'fail', value: unknown) =>
      setTimeout(() => finish(outcome, value as never), 0);

    if (backend === 'offline') {
      answer('fail', { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' });
    } else if (backend === 'error') {
      answer('success', { statusCode: 200, data: { result: BUSY_ANSWER }, header: {} });
    } else {
      send(options).then(
        (response) => {
          if (backend === 'empty') response.data = emptyLists(response.data);
          answer('success', response);
        },
        (error: Error) => answer('fail', { errMsg: `request:fail ${error.message}` }),
      );
    }
    return { abort() {} };
  };
}

function describe(options: WxRequestOptions): string {
  const event = (options.data as { event?: { action?: string } } | undefined)?.event;
  const fn = /\/functions\/([^/]+)\/invoke$/.exec(options.url)?.[1];
  return fn && event?.action
    ? `${fn}/${event.action}`
    : `${options.method ?? 'GET'} ${options.url}`;
}

/** The HTTP exchange `wx.request` performs: JSON body out, JSON parsed back when it is JSON. */
function send(
  options: WxRequestOptions,
): Promise<{ statusCode: number; data: unknown; header: Record<string, string> }> {
  const method = (options.method ?? 'GET').toUpperCase();
  const body =
    options.data === undefined || method === 'GET'
      ? undefined
      : typeof options.data === 'string'
        ? options.data
        : JSON.stringify(options.data);
  return new Promise((resolve, reject) => {
    const request = http.request(
      options.url,
      { method, headers: { ...options.header } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          if (options.dataType !== 'text') {
            try {
              data = JSON.parse(text);
            } catch {
              // Not JSON: wx.request hands the text over as it is.
            }
          }
          const header: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) header[name] = String(value);
          }
          resolve({ statusCode: response.statusCode ?? 0, data, header });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The `empty` state: a function's successful answer with every list in it emptied and no
 * next page, so each page shows what it shows when there is nothing yet. Answers without
 * lists (`me.get`) pass unchanged.
 */
export function emptyLists(body: unknown): unknown {
  const result = (body as { result?: { ok?: boolean; data?: unknown } } | null)?.result;
  if (!result?.ok || !result.data || typeof result.data !== 'object') return body;
  const data: Record<string, unknown> = { ...(result.data as Record<string, unknown>) };
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) data[key] = [];
  }
  if ('nextCursor' in data) data.nextCursor = null;
  return { ...(body as object), result: { ...result, data } };
}
