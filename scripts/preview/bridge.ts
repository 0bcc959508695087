/**
 * How the renderer (inside jest, in jsdom, where playwright cannot load) reaches the browser
 * (in the command's own Node process): a small HTTP service on 127.0.0.1.
 *
 *   POST /layout  { html, viewport }            -> { boxes: MeasuredBox[] }  (./live-layout.ts)
 *   POST /shot    { id, html, screen, report }  -> { png }                   photograph, record
 *
 * The server side is in the command; the client side runs in jest and uses node:http.
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Viewport } from './browser';
import type { MeasuredBox } from './live-layout';

/** What the renderer tells about a shot, for the summary line and the index page. */
export interface ShotReport {
  /** Milliseconds from opening the page to the captured document. */
  renderMs: number;
  layoutPasses: number;
  settled: boolean;
  calls: string[];
  warnings: string[];
}

/** `['a', 'b', 'a']` -> `a ×2, b`: the backend calls of a shot, for people. */
export function summarizeCalls(calls: string[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
  return [...counts].map(([call, n]) => (n > 1 ? `${call} ×${n}` : call)).join(', ');
}

export interface BridgeHandlers {
  layout(html: string, viewport: Viewport): Promise<MeasuredBox[]>;
  /** Photographs and records a shot; answers the PNG's path. */
  shot(id: string, html: string, screen: Viewport, report: ShotReport): Promise<string>;
}

export interface BridgeServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `handlers` on a free port of 127.0.0.1. */
export async function startBridge(handlers: BridgeHandlers): Promise<BridgeServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (req.url === '/layout') {
            reply(200, { boxes: await handlers.layout(body.html, body.viewport) });
          } else if (req.url === '/shot') {
            reply(200, { png: await handlers.shot(body.id, body.html, body.screen, body.report) });
          } else {
            reply(404, { error: `no ${req.url}` });
          }
        } catch (error) {
          reply(500, { error: (error as Error).stack ?? String(error) });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function post<T>(url: string, body: unknown): Promise<T> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (response.statusCode === 200) resolve(answer as T);
          else reject(new Error(`preview bridge ${url}: ${answer.error}`));
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The renderer's side of the bridge at `url`. */
export function bridgeClient(url: string) {
  return {
    layout: async (html: string, viewport: Viewport) =>
      (await post<{ boxes: MeasuredBox[] }>(`${url}/layout`, { html, viewport })).boxes,
    shot: async (id: string, html: string, screen: Viewport, report: ShotReport) =>
      (await post<{ png: string }>(`${url}/shot`, { id, html, screen, report })).png,
  };
}
