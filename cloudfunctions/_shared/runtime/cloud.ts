import cloud from 'wx-server-sdk';

// The SDK types DYNAMIC_CURRENT_ENV as a symbol, but init() accepts it at run time.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/** The database of the environment the function runs in. */
export const db = cloud.database();
export const command = db.command;
export { cloud };

/** The caller as CloudBase reports it; never taken from the request body. */
export function callerContext(): { openid?: string; unionid?: string; source?: string } {
  const ctx = cloud.getWXContext() as Record<string, string | undefined>;
  return { openid: ctx.OPENID || undefined, unionid: ctx.UNIONID || undefined, source: ctx.SOURCE };
}

/**
 * The documents of a `get()` result. wx-server-sdk's typings union the promise result with
 * its callback style (`void | string | IQueryResult`); this narrows it once, here.
 */
export async function rows<T>(pending: unknown): Promise<T[]> {
  return ((await pending) as { data: T[] }).data;
}

/** Whether a write failed on a unique index (CloudBase answers MongoDB's E11000 text, -502001). */
export function isDuplicateKeyError(error: unknown): boolean {
  const text = `${(error as { errMsg?: string })?.errMsg ?? ''} ${(error as Error)?.message ?? ''}`;
  return /E11000|duplicate key/i.test(text);
}

/** The SOURCE a timer-triggered call reports; timer functions refuse every other caller. */
export const TIMER_SOURCE = 'wx_trigger';
