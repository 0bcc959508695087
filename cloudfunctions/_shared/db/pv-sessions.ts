import { db, command as _ } from '../runtime/cloud';

/**
 * A11: one document per (share, customer), `_id` = `${shareId}:${customerId}` (a direct open
 * uses `direct:${contentId}` for the share). `sessionStartAt` is when the current page view
 * began; an open 30 minutes or more after it starts the next one.
 */
export interface PvSessionDoc {
  _id: string;
  customerId: string;
  sessionStartAt: Date;
}

const pvSessions = () => db.collection('pvSessions');

/** CU2: forgets the customer's sessions. */
export async function removePvSessionsOfCustomer(customerId: string): Promise<void> {
  await pvSessions().where({ customerId }).remove();
}
