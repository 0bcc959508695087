import cloud from 'wx-server-sdk';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

/** The database of the environment the function runs in. */
export const db = cloud.database();
export const command = db.command;
export { cloud };

/** The caller as CloudBase reports it; never taken from the request body. */
export function callerContext(): { openid?: string; unionid?: string; source?: string } {
  const ctx = cloud.getWXContext() as Record<string, string | undefined>;
  return { openid: ctx.OPENID || undefined, unionid: ctx.UNIONID || undefined, source: ctx.SOURCE };
}
