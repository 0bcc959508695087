/**
 * A minimal JSON-over-HTTP request with a timeout. Uses Node's global `fetch` when present
 * (Node 18+, the local host); CloudBase's `Nodejs16.13` runtime has no global fetch, so it
 * falls back to `node:http(s)` there.
 */
import http from 'node:http';
import https from 'node:https';

/** Every WeCom call gives up after this (the shortest function timeout is 10 s). */
export const REQUEST_TIMEOUT_MS = 5000;

export interface HttpReply {
  status: number;
  text: string;
}

/** Sends the request; rejects only when no HTTP answer arrived (network, timeout). */
export async function httpRequestJson(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
  useFetch: boolean = typeof globalThis.fetch === 'function',
): Promise<HttpReply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (useFetch) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const res = await fetch(url, {
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        body: payload,
        signal: controller.signal,
      });
      return { status: res.status, text: await res.text() };
    } finally {
      clearTimeout(timer);
    }
  }
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(
      target,
      {
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}
