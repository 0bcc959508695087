import { db, rows, command as _ } from '../runtime/cloud';

/**
 * A12: one-time tokens that bind an employee's personal WeChat (docs/attribution.md, "Employee
 * side"). `_id` is the SHA-256 of the token, so the database never holds a usable token.
 * Written by `employee.bind.create`; claimed (once) by `customer.bind.redeem`.
 */
export interface BindTokenDoc {
  _id: string;
  /** The employee the token binds to. */
  userId: string;
  corpId: string;
  createdAt: Date;
  expiresAt: Date;
  /** When and by which OPENID the token was used; null while unused. */
  usedAt: Date | null;
  usedBy: string | null;
}

/** Why a token bound nothing. */
export type BindTokenRefusal = 'used' | 'expired' | 'unknown';

const tokens = () => db.collection('bindTokens');

export async function insertBindToken(doc: BindTokenDoc): Promise<void> {
  await tokens().add({ data: doc });
}

async function findBindToken(tokenHash: string): Promise<BindTokenDoc | null> {
  const found = await rows<BindTokenDoc>(tokens().where({ _id: tokenHash }).limit(1).get());
  return found[0] ?? null;
}

/**
 * Uses the token for `openid`: one conditional update (unused and unexpired -> used), so of
 * two parallel redeems exactly one wins. Answers the used token, or why it bound nothing
 * ('used' also when this same OPENID used it before: a token works once).
 */
export async function claimBindToken(
  tokenHash: string,
  openid: string,
  now: Date,
): Promise<BindTokenDoc | BindTokenRefusal> {
  const result = (await tokens()
    .where({ _id: tokenHash, usedAt: null, expiresAt: _.gt(now) })
    .update({ data: { usedAt: now, usedBy: openid } })) as { stats: { updated: number } };
  const doc = await findBindToken(tokenHash);
  if (!doc) return 'unknown';
  if (result.stats.updated === 1) return doc;
  if (doc.usedAt) return 'used';
  return 'expired';
}

/** Housekeeping: tokens expired before `before` can bind nothing any more. */
export async function removeBindTokensExpiredBefore(before: Date): Promise<void> {
  await tokens()
    .where({ expiresAt: _.lt(before) })
    .remove();
}
