/**
 * Small helpers shared by the fakes of WeCom's server API and WeChat's openapi:
 * the mount interface, JSON replies, an injectable clock, access tokens and fault injection.
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** Answers a request under its base path; returns false when the path is not its own. */
export interface FakeApi {
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    body: Buffer,
  ): Promise<boolean> | boolean;
}

/** The `{ errcode, errmsg }` envelope both Tencent APIs answer with. */
export interface ErrorReply {
  errcode: number;
  errmsg: string;
}

/** Writes a JSON body. Both real APIs answer errors with HTTP 200 and an errcode. */
export function sendJson(res: ServerResponse, body: unknown, status = 200): true {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}

/** Parses a JSON object body; undefined when it is not one (the caller answers with its errcode). */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || 'null');
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The injected clock plus an offset that `/__control/advance-clock` can move (for other processes). */
export class FakeClock {
  private offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

/** Why a token was refused; each API maps this to its own errcode. */
export type TokenProblem = 'missing' | 'invalid' | 'expired';

interface TokenEntry<Owner> {
  owner: Owner;
  expiresAt: number;
}

/** Access tokens with an expiry on the fake's clock. `Owner` says whose credentials minted it. */
export class TokenStore<Owner> {
  private readonly tokens = new Map<string, TokenEntry<Owner>>();

  mint(owner: Owner, expiresAt: number): string {
    // Real tokens are long opaque strings; the shape should not be something adapters parse.
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { owner, expiresAt });
    return token;
  }

  /** The live token of an owner (`same` decides equality), if any. */
  findLive(
    now: number,
    same: (owner: Owner) => boolean,
  ): { token: string; expiresAt: number } | undefined {
    for (const [token, entry] of this.tokens) {
      if (entry.expiresAt > now && same(entry.owner)) return { token, expiresAt: entry.expiresAt };
    }
    return undefined;
  }

  /** Shortens the life of every live token of an owner (WeChat keeps an old token 5 minutes). */
  shortenLive(now: number, until: number, same: (owner: Owner) => boolean): void {
    for (const entry of this.tokens.values()) {
      if (entry.expiresAt > now && same(entry.owner)) {
        entry.expiresAt = Math.min(entry.expiresAt, until);
      }
    }
  }

  check(token: string | null, now: number): { owner: Owner } | { problem: TokenProblem } {
    if (!token) return { problem: 'missing' };
    const entry = this.tokens.get(token);
    if (!entry) return { problem: 'invalid' };
    if (entry.expiresAt <= now) return { problem: 'expired' };
    return { owner: entry.owner };
  }

  /** Every token issued so far answers "expired" from now on. */
  expireAll(now: number): void {
    for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** An injected failure: an errcode reply, or (with `httpStatus`) a bare HTTP error like a gateway's. */
export interface Fault {
  errcode: number;
  errmsg?: string;
  httpStatus?: number;
}

/** Options of an injected failure; `path` limits it to API paths starting with it. */
export interface FaultOptions {
  errmsg?: string;
  httpStatus?: number;
  path?: string;
}

type ScopedFault = Fault & { path?: string };

/** Fault injection: the next n calls fail, or every call fails until a time on the fake's clock. */
export class FaultInjector {
  private pending: (ScopedFault & { remaining: number })[] = [];
  private outageWindow: (ScopedFault & { untilMs: number }) | undefined;

  failNext(count: number, fault: ScopedFault): void {
    if (count > 0) this.pending.push({ ...fault, remaining: count });
  }

  outage(window: ScopedFault & { untilMs: number }): void {
    this.outageWindow = { ...window };
  }

  restore(): void {
    this.pending = [];
    this.outageWindow = undefined;
  }

  /** The fault this call suffers, if any; consumes one of the `failNext` budget. */
  take(path: string, now: number): Fault | undefined {
    const inScope = (scope: ScopedFault) => !scope.path || path.startsWith(scope.path);
    const outage = this.outageWindow;
    if (outage && now < outage.untilMs && inScope(outage)) return outage;
    const next = this.pending.find(inScope);
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.pending.splice(this.pending.indexOf(next), 1);
    return next;
  }
}

/** Replies with an injected fault; `errmsgFor` supplies the API's usual message for the code. */
export function sendFault(
  res: ServerResponse,
  fault: Fault,
  errmsgFor: (code: number) => string,
): true {
  if (fault.httpStatus) {
    res.writeHead(fault.httpStatus, { 'Content-Type': 'text/plain; charset=UTF-8' });
    res.end(`injected HTTP ${fault.httpStatus}`);
    return true;
  }
  return sendJson(res, {
    errcode: fault.errcode,
    errmsg: fault.errmsg ?? errmsgFor(fault.errcode),
  });
}

/** The fault and clock controls both fakes share (the rest of each control is API-specific). */
export interface FaultControl {
  /** The next `count` API calls (optionally only under `options.path`) fail with `errcode`. */
  failNext(count: number, errcode: number, options?: FaultOptions): void;
  /** Every API call fails until `untilMs` on the fake's clock. */
  outage(window: { untilMs: number; errcode: number } & FaultOptions): void;
  /** Ends the outage and drops pending `failNext` faults. */
  restore(): void;
  /** Every access token issued so far answers "expired" (42001). */
  expireTokens(): void;
  /** Moves the fake's clock forward (tokens and login codes age). */
  advanceClock(ms: number): void;
  /** Back to the state right after creation. */
  reset(): void;
}

// ---- `/__control/...` over HTTP -------------------------------------------------------------

/** Writes an answer of a control route: `{ ok: true, ...result }`, or 400 `{ ok: false, error }`. */
export function controlRoute<S extends z.ZodType>(
  res: ServerResponse,
  body: Buffer,
  schema: S,
  run: (input: z.infer<S>) => object | void,
): true {
  const parsed = schema.safeParse(parseJsonObject(body) ?? {});
  if (!parsed.success)
    return sendJson(res, { ok: false, error: z.prettifyError(parsed.error) }, 400);
  try {
    return sendJson(res, { ok: true, ...(run(parsed.data) ?? {}) });
  } catch (error) {
    return sendJson(res, { ok: false, error: (error as Error).message }, 400);
  }
}

const faultFields = {
  errcode: z.number().int(),
  errmsg: z.string().optional(),
  httpStatus: z.number().int().min(400).max(599).optional(),
  path: z.string().startsWith('/').optional(),
};
const failNextSchema = z.object({ ...faultFields, count: z.number().int().min(1) });
/** `untilMs` is absolute on the fake's clock; `forMs` is relative (easier from another process). */
const outageSchema = z
  .object({ ...faultFields, untilMs: z.number().optional(), forMs: z.number().min(0).optional() })
  .refine((input) => (input.untilMs === undefined) !== (input.forMs === undefined), {
    message: 'give exactly one of untilMs and forMs',
  });
const advanceClockSchema = z.object({ ms: z.number() });
const emptySchema = z.object({});

/**
 * Answers the shared control routes (`fail-next`, `outage`, `restore`, `expire-tokens`,
 * `advance-clock`, `reset`); false when `route` is not one of them.
 */
export function handleSharedControl(
  route: string,
  res: ServerResponse,
  body: Buffer,
  control: FaultControl,
  now: () => number,
): boolean {
  switch (route) {
    case 'fail-next':
      return controlRoute(res, body, failNextSchema, ({ count, errcode, ...options }) =>
        control.failNext(count, errcode, options),
      );
    case 'outage':
      return controlRoute(res, body, outageSchema, ({ untilMs, forMs, ...fault }) => {
        const until = untilMs ?? now() + (forMs ?? 0);
        control.outage({ ...fault, untilMs: until });
        return { untilMs: until };
      });
    case 'restore':
      return controlRoute(res, body, emptySchema, () => control.restore());
    case 'expire-tokens':
      return controlRoute(res, body, emptySchema, () => control.expireTokens());
    case 'advance-clock':
      return controlRoute(res, body, advanceClockSchema, ({ ms }) => {
        control.advanceClock(ms);
        return { now: now() };
      });
    case 'reset':
      return controlRoute(res, body, emptySchema, () => control.reset());
    default:
      return false;
  }
}

/** 404 for an unknown `/__control/...` route (it is under our mount, so it is ours to answer). */
export function unknownControlRoute(res: ServerResponse, route: string): true {
  return sendJson(res, { ok: false, error: `unknown control route: ${route}` }, 404);
}

/** Builds a FaultControl's fault part over a FaultInjector. */
export function faultControls(
  faults: FaultInjector,
): Pick<FaultControl, 'failNext' | 'outage' | 'restore'> {
  return {
    failNext: (count, errcode, options = {}) => faults.failNext(count, { errcode, ...options }),
    outage: (window) => faults.outage(window),
    restore: () => faults.restore(),
  };
}

/**
 * Serves one fake alone on 127.0.0.1 (an ephemeral port by default), mounted at `prefix` the way
 * the local cloud mounts it. For tests and for running a fake by itself.
 */
export async function serveFake(
  fake: FakeApi,
  prefix: string,
  port = 0,
): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const notFound = () => sendJson(res, { errcode: 404, errmsg: 'not found' }, 404);
      if (!url.pathname.startsWith(`${prefix}/`)) return void notFound();
      const path = url.pathname.slice(prefix.length);
      Promise.resolve(fake.handle(req, res, path, url.searchParams, Buffer.concat(chunks)))
        .then((handled) => {
          if (!handled) notFound();
        })
        .catch((error: unknown) => {
          if (!res.headersSent) sendJson(res, { errcode: -1, errmsg: String(error) }, 500);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${actualPort}${prefix}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
