/**
 * The `outbox` collection: every notification is written here first, then sent by the timer
 * function (docs/notifications.md). `_id` is derived from the dedupe key, so writing the same
 * notification twice keeps one item; every state change is a conditional update, so two timer
 * runs can never both send one item.
 */
import type { NotificationKind } from '../notifications/kinds';
import { command as _, db, isDuplicateKeyError, rows } from '../runtime/cloud';

/** pending -> sending -> sent | pending (retry) | failed; pending -> suppressed (switched off). */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'suppressed';

/** One attempt as recorded on the item. */
export interface OutboxAttempt {
  at: Date;
  /** WeCom's errcode (0 for success), null when WeCom never answered. */
  errcode: number | null;
  outcome: 'sent' | 'retry' | 'failed' | 'suppressed' | 'leaseExpired';
  reason: string | null;
}

export interface OutboxDoc {
  _id: string;
  dedupeKey: string;
  kind: NotificationKind;
  userId: string;
  title: string;
  description: string;
  page: string;
  state: OutboxState;
  /** Attempts claimed so far (a suppressed item has 1: the claim that found the switch off). */
  attempts: number;
  /** When a pending item may be claimed. */
  nextAttemptAt: Date;
  /** While `sending`: the claim's id and when it lapses. */
  leaseId: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  msgid: string | null;
  lastErrcode: number | null;
  /** Why it is not sent (yet): rateLimited, busy, network, invaliduser, switchedOff, ... */
  reason: string | null;
  history: OutboxAttempt[];
}

const outbox = () => db.collection('outbox');

/** CloudBase takes at most 100 documents per batch insert (and a batch is all or nothing locally). */
const INSERT_CHUNK = 100;

/**
 * Inserts items, keeping the existing one wherever the `_id` is already taken: a chunk that hits
 * a duplicate is retried one document at a time, and each duplicate is skipped.
 */
export async function insertOutboxItems(items: OutboxDoc[]): Promise<void> {
  for (let i = 0; i < items.length; i += INSERT_CHUNK) {
    const chunk = items.slice(i, i + INSERT_CHUNK);
    try {
      await outbox().add({ data: chunk });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      for (const item of chunk) {
        try {
          await outbox().add({ data: item });
        } catch (single) {
          if (!isDuplicateKeyError(single)) throw single;
        }
      }
    }
  }
}

/** Items a run may claim now: pending and due, or `sending` whose claim lapsed. */
function claimable(now: Date): Record<string, unknown> {
  return _.or([
    { state: 'pending', nextAttemptAt: _.lte(now) },
    { state: 'sending', leaseUntil: _.lt(now) },
  ]) as unknown as Record<string, unknown>;
}

/** Up to `limit` claimable items, the longest-waiting first. */
export async function findClaimable(now: Date, limit: number): Promise<OutboxDoc[]> {
  return rows<OutboxDoc>(
    outbox()
      .where(claimable(now))
      .orderBy('nextAttemptAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
  );
}

function updatedCount(result: unknown): number {
  return (result as { stats?: { updated?: number } })?.stats?.updated ?? 0;
}

/**
 * Claims an item for one send: only if it is still claimable, in one conditional update. True
 * when this caller won it; a concurrent run that read the same item gets false and skips it.
 */
export async function claimItem(
  item: OutboxDoc,
  leaseId: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const lapsed = item.state === 'sending';
  const result = await outbox()
    .where(_.and([{ _id: item._id }, claimable(now)]) as unknown as Record<string, unknown>)
    .update({
      data: {
        state: 'sending',
        leaseId,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: _.inc(1),
        updatedAt: now,
        // A lapsed claim left no outcome: say so in the history before trying again.
        ...(lapsed
          ? {
              history: _.push({
                at: now,
                errcode: null,
                outcome: 'leaseExpired',
                reason: 'leaseExpired',
              }),
            }
          : {}),
      },
    });
  return updatedCount(result) === 1;
}

/** What a finished attempt writes on the item. */
export interface AttemptOutcome {
  state: Exclude<OutboxState, 'sending'>;
  attempt: OutboxAttempt;
  nextAttemptAt?: Date;
  sentAt?: Date;
  msgid?: string;
}

/**
 * Records an attempt's outcome, only while this claim still holds the item (a claim that lapsed
 * and was taken over must not overwrite the newer one). True when recorded.
 */
export async function finishAttempt(
  id: string,
  leaseId: string,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const { attempt } = outcome;
  const result = await outbox()
    .where({ _id: id, state: 'sending', leaseId })
    .update({
      data: {
        state: outcome.state,
        leaseId: null,
        leaseUntil: null,
        updatedAt: attempt.at,
        lastErrcode: attempt.errcode,
        reason: attempt.reason,
        history: _.push(attempt),
        ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
        ...(outcome.sentAt ? { sentAt: outcome.sentAt } : {}),
        ...(outcome.msgid ? { msgid: outcome.msgid } : {}),
      },
    });
  return updatedCount(result) === 1;
}

/** Withdraws the item if it is still pending (never sent): it becomes `suppressed`. */
export async function withdrawPendingItem(id: string, now: Date): Promise<void> {
  await outbox()
    .where({ _id: id, state: 'pending' })
    .update({ data: { state: 'suppressed', reason: 'withdrawn', updatedAt: now } });
}
