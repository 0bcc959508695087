import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';

/**
 * The WeChat (mini-program openapi) access token shared by every function instance, kept
 * exactly as `wecomTokens` keeps WeCom's: `_id` is the app id (see wechat/client.ts), so all
 * instances meet on one document; `version` makes taking the refresh lease a compare-and-set,
 * and `leaseUntil` lets a crashed refresher's lease run out instead of blocking everyone.
 */
export interface WeChatTokenDoc {
  _id: string;
  token: string | null;
  expiresAt: Date;
  version: number;
  leaseOwner: string | null;
  leaseUntil: Date;
  /** How many times a token was fetched from WeChat (tests and ops read it: no stampede). */
  refreshes: number;
  updatedAt: Date;
}

const tokens = () => db.collection('wechatTokens');

/** The token document, or null before the first refresh. */
export async function findTokenDoc(id: string): Promise<WeChatTokenDoc | null> {
  const data = await rows<WeChatTokenDoc>(tokens().where({ _id: id }).limit(1).get());
  return data[0] ?? null;
}

/** Creates the empty document; a concurrent creator winning is fine. */
export async function ensureTokenDoc(id: string): Promise<void> {
  try {
    await tokens().add({
      data: {
        _id: id,
        token: null,
        expiresAt: new Date(0),
        version: 0,
        leaseOwner: null,
        leaseUntil: new Date(0),
        refreshes: 0,
        updatedAt: new Date(),
      },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/**
 * Takes the refresh lease if the document is still at `version` (nobody else took it since
 * we read it). True when this caller now owns the refresh.
 */
export async function tryTakeLease(
  id: string,
  version: number,
  owner: string,
  until: Date,
): Promise<boolean> {
  const result = (await tokens()
    .where({ _id: id, version })
    .update({ data: { version: _.inc(1), leaseOwner: owner, leaseUntil: until } })) as {
    stats: { updated: number };
  };
  return result.stats.updated === 1;
}

/** Stores a fresh token and releases the lease, only if `owner` still holds it. */
export async function storeToken(
  id: string,
  owner: string,
  token: string,
  expiresAt: Date,
): Promise<boolean> {
  const result = (await tokens()
    .where({ _id: id, leaseOwner: owner })
    .update({
      data: {
        token,
        expiresAt,
        version: _.inc(1),
        leaseOwner: null,
        leaseUntil: new Date(0),
        refreshes: _.inc(1),
        updatedAt: new Date(),
      },
    })) as { stats: { updated: number } };
  return result.stats.updated === 1;
}

/** Gives the lease back after a failed refresh so the next caller can try at once. */
export async function releaseLease(id: string, owner: string): Promise<void> {
  await tokens()
    .where({ _id: id, leaseOwner: owner })
    .update({ data: { version: _.inc(1), leaseOwner: null, leaseUntil: new Date(0) } });
}
