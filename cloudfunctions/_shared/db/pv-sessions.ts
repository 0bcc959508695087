import { db, command as _ } from '../runtime/cloud';
import { SESSION_MS } from '../attribution/rules';
import { insertUnique, updatedCount } from './counters';

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

export function pvSessionId(shareId: string | null, contentId: string, customerId: string): string {
  return `${shareId ?? `direct:${contentId}`}:${customerId}`;
}

/**
 * Whether an open at `now` is a new page view (A11). One conditional update moves an expired
 * session forward; a missing one is inserted. Of parallel opens exactly one starts the session.
 */
export async function openSession(id: string, customerId: string, now: Date): Promise<boolean> {
  const expired = new Date(now.getTime() - SESSION_MS);
  const moved = updatedCount(
    await pvSessions()
      .where({ _id: id, sessionStartAt: _.lte(expired) })
      .update({ data: { sessionStartAt: now } }),
  );
  if (moved > 0) return true;
  return insertUnique(() =>
    pvSessions().add({ data: { _id: id, customerId, sessionStartAt: now } }),
  );
}

/** CU2: forgets the customer's sessions. */
export async function removePvSessionsOfCustomer(customerId: string): Promise<void> {
  await pvSessions().where({ customerId }).remove();
}
