import { db, rows, isDuplicateKeyError } from '../runtime/cloud';

/**
 * 离职继承 (AD4): one record per departed employee, `_id` = their userid. The record is written
 * before the customers move (`state: 'moving'`), so a hand-over cut short by a timeout is
 * finished by calling it again with the same colleague; it is final once `done`.
 */
export interface CustomerHandoverDoc {
  _id: string;
  fromUserId: string;
  toUserId: string;
  byUserId: string;
  state: 'moving' | 'done';
  /** Customer relations moved to `toUserId`. */
  moved: number;
  createdAt: Date;
  finishedAt: Date | null;
}

const handovers = () => db.collection('customerHandovers');

export async function findHandover(fromUserId: string): Promise<CustomerHandoverDoc | null> {
  const data = await rows<CustomerHandoverDoc>(
    handovers().where({ _id: fromUserId }).limit(1).get(),
  );
  return data[0] ?? null;
}

export async function findHandovers(fromUserIds: string[]): Promise<CustomerHandoverDoc[]> {
  if (fromUserIds.length === 0) return [];
  return rows<CustomerHandoverDoc>(
    handovers()
      .where({ _id: db.command.in(fromUserIds) })
      .limit(fromUserIds.length)
      .get(),
  );
}

/** Creates the record; false when one exists already (the caller reads it and decides). */
export async function createHandover(doc: CustomerHandoverDoc): Promise<boolean> {
  try {
    await handovers().add({ data: doc });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

export async function finishHandover(fromUserId: string, moved: number, now: Date): Promise<void> {
  await handovers()
    .where({ _id: fromUserId })
    .update({ data: { state: 'done', moved, finishedAt: now } });
}
