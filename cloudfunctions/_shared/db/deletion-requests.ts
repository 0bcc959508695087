import { db, rows } from '../runtime/cloud';

/**
 * CU2: a customer's request to delete their data, `_id` = their OPENID. It is kept after the
 * deletion as the record that the request was made and carried out (PIPL accountability);
 * it holds no profile data.
 */
export interface DeletionRequestDoc {
  _id: string;
  requestedAt: Date;
  completedAt: Date | null;
  /** The pseudonym the customer's anonymised events now carry. */
  pseudonym: string;
}

const deletionRequests = () => db.collection('deletionRequests');

/** Records the request (again: a repeated request is carried out again). */
export async function recordDeletionRequest(doc: DeletionRequestDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await deletionRequests().doc(_id).set({ data: rest });
}

export async function markDeletionDone(id: string, now: Date): Promise<void> {
  await deletionRequests()
    .where({ _id: id })
    .update({ data: { completedAt: now } });
}

export async function findDeletionRequest(id: string): Promise<DeletionRequestDoc | null> {
  const found = await rows<DeletionRequestDoc>(
    deletionRequests().where({ _id: id }).limit(1).get(),
  );
  return found[0] ?? null;
}
