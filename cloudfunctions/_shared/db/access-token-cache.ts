import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';

/**
 * An access token (WeCom's or WeChat's) shared by every function instance. `_id` is
 * deterministic per credential, so all instances meet on one document; `version` makes taking
 * the refresh lease a compare-and-set, and `leaseUntil` lets a crashed refresher's lease run out
 * instead of blocking everyone. One collection per provider (`wecomTokens`, `wechatTokens`),
 * each reached only through its own module, which instantiates this one.
 */
export interface AccessTokenDoc {
  _id: string;
  token: string | null;
  expiresAt: Date;
  version: number;
  leaseOwner: string | null;
  leaseUntil: Date;
  /** How many times a token was fetched from the provider (tests and ops read it: no stampede). */
  refreshes: number;
  updatedAt: Date;
}

/** The token-cache operations on one collection. */
export function accessTokenCollection(name: string) {
  const tokens = () => db.collection(name);

  /** The token document, or null before the first refresh. */
  async function findTokenDoc(id: string): Promise<AccessTokenDoc | null> {
    const data = await rows<AccessTokenDoc>(tokens().where({ _id: id }).limit(1).get());
    return data[0] ?? null;
  }

  /** Creates the empty document; a concurrent creator winning is fine. */
  async function ensureTokenDoc(id: string): Promise<void> {
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
  async function tryTakeLease(
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
  async function storeToken(
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
  async function releaseLease(id: string, owner: string): Promise<void> {
    await tokens()
      .where({ _id: id, leaseOwner: owner })
      .update({ data: { version: _.inc(1), leaseOwner: null, leaseUntil: new Date(0) } });
  }
  return { findTokenDoc, ensureTokenDoc, tryTakeLease, storeToken, releaseLease };
}
