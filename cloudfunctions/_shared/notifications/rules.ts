/**
 * The outbox's rules, in plain TS: which WeCom failures are worth retrying, how long to wait,
 * when to give up. See docs/notifications.md for the state machine they drive.
 */

/** Attempts before an item is given up as `failed` (about five hours of backoff in all). */
export const MAX_ATTEMPTS = 12;

/** First retry delay; each later one doubles, up to {@link BACKOFF_CAP_MS}. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 60 * 60_000;

/**
 * How long a claim holds an item. Longer than the timer function's timeout (60 s), so a run
 * that is still alive can never lose its item to another run.
 */
export const LEASE_MS = 3 * 60_000;

/** What one failed attempt means for the item. */
export type FailureVerdict =
  /** Worth trying again later: rate limits, WeCom busy, gateway errors, no answer. */
  | { retry: true; reason: string }
  /** Will fail the same way every time: give up now. */
  | { retry: false; reason: string };

/** WeCom errcodes that mean "later": busy (-1), frequency and concurrency limits. */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45033, 40014, 42001]);

/** errcodes that mean the recipient cannot receive: unknown, departed, disabled. */
const INVALID_USER_ERRCODES = new Set([60111, 81013]);

/**
 * Classifies a failed send. `errcode` is WeCom's (undefined when there was no WeCom answer at
 * all: network error, HTTP 5xx from a gateway). Token errors are retryable because the client
 * fetches a fresh token on the next call.
 */
export function classifyFailure(errcode: number | undefined, httpStatus?: number): FailureVerdict {
  if (httpStatus !== undefined && httpStatus >= 500) return { retry: true, reason: 'http5xx' };
  if (errcode === undefined) return { retry: true, reason: 'network' };
  if (errcode === 45009 || errcode === 45033) return { retry: true, reason: 'rateLimited' };
  if (RETRYABLE_ERRCODES.has(errcode)) return { retry: true, reason: 'busy' };
  if (errcode >= 500 && errcode < 600) return { retry: true, reason: 'http5xx' };
  if (INVALID_USER_ERRCODES.has(errcode)) return { retry: false, reason: 'invaliduser' };
  return { retry: false, reason: 'rejected' };
}

/** Delay before attempt `attempts + 1`, after `attempts` failed ones (1-based, no jitter: runs are a minute apart anyway). */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
}

/** What happens to an item after a failed attempt. */
export type NextStep =
  { state: 'pending'; nextAttemptAt: Date; reason: string } | { state: 'failed'; reason: string };

/** After the `attempts`-th failed attempt: retry later with backoff, or give up. */
export function afterFailure(verdict: FailureVerdict, attempts: number, now: Date): NextStep {
  if (!verdict.retry) return { state: 'failed', reason: verdict.reason };
  if (attempts >= MAX_ATTEMPTS) return { state: 'failed', reason: `gaveUp:${verdict.reason}` };
  return {
    state: 'pending',
    nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
    reason: verdict.reason,
  };
}
