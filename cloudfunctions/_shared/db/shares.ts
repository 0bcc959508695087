import { randomBytes } from 'node:crypto';
import { db, rows, command as _ } from '../runtime/cloud';
import { SHARE_ID_PATTERN } from '../attribution/rules';
import { forgetMove, notMovedBy, recordMove } from './counters';
import { insertInTransaction, type Transaction } from './transaction';

export type ShareChannel = 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward';

/**
 * A share (A1), `_id` = the share id. Employee shares are written by `employee.shares.create`,
 * customer (forward) shares by `customer.shares.forward` (A7). See docs/attribution.md.
 */
export interface ShareDoc {
  _id: string;
  taskId: string;
  contentId: string;
  rootEmployeeId: string;
  sharerType: 'employee' | 'customer';
  sharerId: string;
  parentShareId: string | null;
  /** 0 for an employee share, parent's + 1 for a forward (the demo's shares have none: 0). */
  depth?: number;
  channel: ShareChannel;
  createdAt: Date;
  /**
   * The customers who forwarded along the chain from the root employee to this share, this
   * share's sharer included (C3: a new customer through it adds 1 to each one's network).
   * Absent on employee shares and the demo's: [].
   */
  ancestorCustomerIds?: string[];
  /**
   * False for a forward that attributes nothing (A8: its sharer is not in the employee's
   * archive); an open of it is recorded as direct. Absent: true.
   */
  attributable?: boolean;
  /** A3: opens without an identity (Moments single-page mode). */
  anonymousViews?: number;
}

const shares = () => db.collection('shares');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export { SHARE_ID_PATTERN };

/** A new share id: 12 base62 characters from `crypto.randomBytes` (unbiased: bytes >= 248 are skipped). */
export function newShareId(): string {
  let id = '';
  while (id.length < 12) {
    for (const byte of randomBytes(16)) {
      if (byte < 248 && id.length < 12) id += BASE62[byte % 62];
    }
  }
  return id;
}

/** The share with this id, or null (also for ids that cannot be share ids: no request then). */
export async function findShare(id: string): Promise<ShareDoc | null> {
  if (!SHARE_ID_PATTERN.test(id)) return null;
  const found = await rows<ShareDoc>(shares().where({ _id: id }).limit(1).get());
  return found[0] ?? null;
}

/** Settlement (docs/attribution.md): A3, one more anonymous page view, once for `mark`. */
export async function incrementAnonymousViewsOnce(mark: string, id: string): Promise<void> {
  await shares()
    .where({ _id: id, ...notMovedBy(mark) })
    .update({ data: { anonymousViews: _.inc(1), ...recordMove(mark) } });
}

/** Settlement: forgets `mark` on the share. */
export async function forgetAnonymousViewsMove(mark: string, id: string): Promise<void> {
  await shares()
    .where({ _id: id })
    .update({ data: forgetMove(mark) });
}

/** CU2: replaces a deleted customer's OPENID in the shares they forwarded. */
export async function anonymiseSharer(openid: string, pseudonym: string): Promise<void> {
  await shares()
    .where({ sharerType: 'customer', sharerId: openid })
    .update({ data: { sharerId: pseudonym } });
  await shares()
    .where({ ancestorCustomerIds: openid })
    .update({ data: { ancestorCustomerIds: _.pull(openid) } });
}

/** Inserts a new share in the transaction; false when its `_id` is taken (nothing written). */
export async function insertShareInTransaction(tx: Transaction, doc: ShareDoc): Promise<boolean> {
  return insertInTransaction(
    tx,
    'shares',
    doc as unknown as Record<string, unknown> & { _id: string },
  );
}

/** D4 by channel: how many employee shares of the task went out through a channel. */
export async function countEmployeeSharesOfTask(
  taskId: string,
  channel: ShareChannel,
): Promise<number> {
  const result = (await shares().where({ taskId, sharerType: 'employee', channel }).count()) as {
    total: number;
  };
  return result.total;
}
