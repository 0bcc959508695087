import { db, rows } from '../runtime/cloud';
import { readInTransaction, refKey, type DocRef, type Transaction } from './transaction';

/**
 * The retry key of `employee.shares.create` (docs/attribution.md, "Employee side"): `_id` =
 * `${employeeId}:${requestId}` (the client's id of one tap on a share method), the share that
 * request minted. Written in the transaction that writes the share and counts it (T4), so a
 * key exists exactly when its share does; a retried request finds it and answers that share.
 */
export interface ShareRequestDoc {
  _id: string;
  shareId: string;
  createdAt: Date;
}

const COLLECTION = 'shareRequests';
const shareRequests = () => db.collection(COLLECTION);

export function shareRequestId(employeeId: string, requestId: string): string {
  return `${employeeId}:${requestId}`;
}

const refOf = (employeeId: string, requestId: string): DocRef => ({
  collection: COLLECTION,
  id: shareRequestId(employeeId, requestId),
});

/** The key of an earlier delivery of this request (one read), or null. */
export async function findShareRequest(
  employeeId: string,
  requestId: string,
): Promise<ShareRequestDoc | null> {
  const found = await rows<ShareRequestDoc>(
    shareRequests()
      .where({ _id: shareRequestId(employeeId, requestId) })
      .limit(1)
      .get(),
  );
  return found[0] ?? null;
}

/** The key read in a transaction (a later writer of it makes the transaction conflict), or null. */
export async function findShareRequestInTransaction(
  tx: Transaction,
  employeeId: string,
  requestId: string,
): Promise<ShareRequestDoc | null> {
  const ref = refOf(employeeId, requestId);
  const found = await readInTransaction(tx, [ref]);
  const doc = found.get(refKey(ref));
  return doc ? ({ ...doc, _id: ref.id } as unknown as ShareRequestDoc) : null;
}

/** Writes a new key in the transaction (the caller read it as absent in the same transaction). */
export async function setShareRequestInTransaction(
  tx: Transaction,
  employeeId: string,
  requestId: string,
  shareId: string,
  createdAt: Date,
): Promise<void> {
  const { collection, id } = refOf(employeeId, requestId);
  await tx.collection(collection).doc(id).set({ data: { shareId, createdAt } });
}
