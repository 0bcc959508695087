/**
 * One HTTP exchange with WeChat's openapi, answered as bytes: `wxa/getwxacodeunlimit` answers a
 * PNG on success and JSON on failure, so the body must not be decoded as text up front. Uses
 * the global `fetch` when present (Node 18+, the local host) and `node:http(s)` otherwise
 * (CloudBase's `Nodejs16.13` runtime has no global fetch).
 */
import http from 'node:http';
import https from 'node:https';

/** Every WeChat call gives up after this (the shortest function timeout is 10 s). */
export const REQUEST_TIMEOUT_MS = 5000;

export interface BinaryReply {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Sends the request; rejects only when no HTTP answer arrived (network, timeout). */
export async function httpRequest(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
  useFetch: boolean = typeof globalThis.fetch === 'function',
): Promise<BinaryReply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> =
    payload === undefined ? {} : { 'content-type': 'application/json' };
  if (useFetch) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const res = await fetch(url, { method, headers, body: payload, signal: controller.signal });
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body: Buffer.from(await res.arrayBuffer()),
      };
    } finally {
      clearTimeout(timer);
    }
  }
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(
      target,
      { method, headers, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}
