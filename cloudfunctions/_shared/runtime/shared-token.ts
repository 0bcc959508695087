/**
 * An access token (WeCom's or WeChat's) shared by every function instance through a cache
 * collection (db/access-token-cache.ts; docs/identity.md): refreshed 5 minutes before expiry,
 * only the holder of the refresh lease asks the provider, the others wait for its result (no
 * stampede), and an in-memory copy per instance saves reads.
 */
import { randomBytes } from 'node:crypto';
import type { accessTokenCollection } from '../db/access-token-cache';

/** Refresh this long before the provider's expiry, so no call goes out with a token about to die. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long a refresher may hold the lease; a crashed one stops blocking after this. */
const LEASE_MS = 8000;
/** Waiters give up after this (a little over one lease). */
const WAIT_LIMIT_MS = 9000;
const POLL_MS = 80;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A token fetched from the provider and when it expires (ms since the epoch). */
export interface FetchedToken {
  token: string;
  expiresAt: number;
}

/**
 * The token source of one provider: `accessToken(id, fetch, stale?)` answers a valid token for
 * the cache document `id`, calling `fetch` only as the lease holder. `stale` is a token the
 * provider just refused: anything equal to it is not good enough, so the cache is refreshed
 * (once, by one instance). `fail` makes the provider's error for a cache problem.
 */
export function sharedTokenSource(
  cache: ReturnType<typeof accessTokenCollection>,
  fail: (message: string) => Error,
) {
  /** Per-instance copy of the shared token, to skip a database read on most calls. */
  const memory = new Map<string, FetchedToken>();

  return async function accessToken(
    id: string,
    fetch: (stale?: string) => Promise<FetchedToken>,
    stale?: string,
  ): Promise<string> {
    // A refused token also means this instance's copy is no good: read the shared one.
    if (stale) memory.delete(id);
    const cached = memory.get(id);
    if (cached && cached.token !== stale && cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) {
      return cached.token;
    }
    const giveUpAt = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      let doc = await cache.findTokenDoc(id);
      if (!doc) {
        await cache.ensureTokenDoc(id);
        doc = await cache.findTokenDoc(id);
        if (!doc) throw fail('access token cache unavailable');
      }
      const now = Date.now();
      const fresh = doc.token && doc.expiresAt.getTime() - REFRESH_MARGIN_MS > now;
      if (fresh && doc.token !== stale) {
        memory.set(id, { token: doc.token!, expiresAt: doc.expiresAt.getTime() });
        return doc.token!;
      }
      if (doc.leaseUntil.getTime() <= now) {
        const owner = randomBytes(8).toString('hex');
        if (await cache.tryTakeLease(id, doc.version, owner, new Date(now + LEASE_MS))) {
          try {
            const { token, expiresAt } = await fetch(stale);
            // Losing the lease meanwhile (it ran out) only means another token may be stored
            // later; ours is still valid: the provider hands out the same token while it lives.
            await cache.storeToken(id, owner, token, new Date(expiresAt));
            memory.set(id, { token, expiresAt });
            return token;
          } catch (error) {
            await cache.releaseLease(id, owner).catch(() => undefined);
            throw error;
          }
        }
      }
      if (Date.now() > giveUpAt) {
        throw fail('timed out waiting for another instance to refresh the token');
      }
      await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
    }
  };
}
