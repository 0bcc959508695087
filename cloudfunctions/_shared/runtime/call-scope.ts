/**
 * What one invocation carries besides its payload: the session token the services layer
 * attaches when WeCom gave the call no OPENID (ARCHITECTURE §2 fallback). It is kept per call
 * (AsyncLocalStorage), so identity can read it without threading the event through every
 * resolver, and it never reaches an action's payload.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The event field the services layer puts the session token in. */
export const SESSION_TOKEN_FIELD = 'sessionToken';

interface CallScope {
  sessionToken?: string;
}

const scope = new AsyncLocalStorage<CallScope>();

/** Runs `fn` with the call's transport fields (taken from the raw event) in scope. */
export function runInCallScope<T>(event: unknown, fn: () => Promise<T>): Promise<T> {
  const raw = (event as Record<string, unknown> | null)?.[SESSION_TOKEN_FIELD];
  const sessionToken = typeof raw === 'string' && raw.length <= 200 ? raw : undefined;
  return scope.run({ sessionToken }, fn);
}

/** The session token sent with this call, if any. */
export function currentSessionToken(): string | undefined {
  return scope.getStore()?.sessionToken;
}
