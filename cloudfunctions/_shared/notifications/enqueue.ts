/**
 * Writing notifications to the outbox (the only way to notify an employee). The timer
 * function's `outbox` trigger sends them later (./sender.ts); see docs/notifications.md.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { insertOutboxItems, withdrawPendingItem, type OutboxDoc } from '../db/outbox';
import { NOTIFICATION_KINDS, type NotificationKind } from './kinds';

export type { NotificationKind } from './kinds';

/** One notification to one employee. */
export interface NotificationRequest {
  kind: NotificationKind;
  /** WeCom userid of the recipient. */
  userId: string;
  /**
   * Identifies the notification, not the call: enqueueing the same key again (a retried
   * publish, a timer run twice) keeps the first item. E.g. `newTask:${taskId}:${userId}`.
   */
  dedupeKey: string;
  title: string;
  description: string;
  /** Mini-program page the notice opens, e.g. `pages/tasks/index?taskId=t1`. */
  page: string;
}

const requestSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  userId: z.string().min(1).max(64),
  dedupeKey: z.string().min(1).max(256),
  title: z.string().trim().min(1).max(100),
  description: z.string().max(500),
  page: z.string().min(1).max(500),
});

/** The item's `_id`: a digest of the dedupe key, so any key fits CloudBase's `_id` rules. */
export function outboxId(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('hex').slice(0, 40);
}

/**
 * Writes each notification to the outbox as `pending`, due now. Idempotent by `dedupeKey`: a
 * key already in the outbox (whatever its state) is left as it is, and is not an error.
 * Throws on a malformed request (a programming error of the caller, not user input).
 */
export async function enqueueNotifications(
  items: NotificationRequest[],
  now: Date = new Date(),
  dueAt: Date = now,
): Promise<void> {
  const byId = new Map<string, OutboxDoc>();
  for (const raw of items) {
    const item = requestSchema.parse(raw);
    const _id = outboxId(item.dedupeKey);
    if (byId.has(_id)) continue;
    byId.set(_id, {
      _id,
      ...item,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: dueAt,
      leaseId: null,
      leaseUntil: null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      msgid: null,
      lastErrcode: null,
      reason: null,
      history: [],
    });
  }
  if (byId.size > 0) await insertOutboxItems([...byId.values()]);
}

/**
 * Withdraws a notification not sent yet (a follow-up date moved, C5): it is kept as
 * `suppressed` and never sent. One sent or being sent is left alone.
 */
export async function cancelPendingNotification(dedupeKey: string, now: Date): Promise<void> {
  await withdrawPendingItem(outboxId(dedupeKey), now);
}
