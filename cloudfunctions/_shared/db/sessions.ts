import { db, rows, command as _ } from '../runtime/cloud';

/**
 * A server-issued session (ARCHITECTURE §2 fallback for WeCom without OPENID). `_id` is the
 * SHA-256 of the token, so the database never holds a usable token.
 */
export interface SessionDoc {
  _id: string;
  userId: string;
  corpId: string;
  createdAt: Date;
  expiresAt: Date;
}

const sessions = () => db.collection('sessions');

export async function insertSession(doc: SessionDoc): Promise<void> {
  await sessions().add({ data: doc });
}

export async function findSession(tokenHash: string): Promise<SessionDoc | null> {
  const data = await rows<SessionDoc>(sessions().where({ _id: tokenHash }).limit(1).get());
  return data[0] ?? null;
}

export async function removeSession(tokenHash: string): Promise<void> {
  await sessions().where({ _id: tokenHash }).remove();
}

/** Ends every session of an employee (departed, or logged out everywhere). */
export async function removeSessionsOf(userId: string): Promise<void> {
  await sessions().where({ userId }).remove();
}

/** Housekeeping: drops expired sessions. */
export async function removeExpiredSessions(now: Date): Promise<void> {
  await sessions()
    .where({ expiresAt: _.lt(now) })
    .remove();
}
