/**
 * The `notificationSettings` collection: one document per employee (`_id` = userid) holding
 * the switches they changed (M5). No document means every kind is on.
 */
import {
  withDefaults,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationSwitches,
} from '../notifications/kinds';
import { command as _, db, isDuplicateKeyError, rows } from '../runtime/cloud';

export interface NotificationSettingsDoc {
  _id: string;
  switches: Partial<NotificationSwitches>;
  updatedAt: Date;
}

const settings = () => db.collection('notificationSettings');

/** This employee's switches, defaults filled in. */
export async function getSwitches(userId: string): Promise<NotificationSwitches> {
  const found = await rows<NotificationSettingsDoc>(
    settings().where({ _id: userId }).limit(1).get(),
  );
  return withDefaults(found[0]?.switches);
}

/** Switches of many employees at once (the outbox reads a batch's recipients in one query). */
export async function getSwitchesOf(userIds: string[]): Promise<Map<string, NotificationSwitches>> {
  const unique = [...new Set(userIds)];
  const found =
    unique.length === 0
      ? []
      : await rows<NotificationSettingsDoc>(
          settings()
            .where({ _id: _.in(unique) })
            .limit(unique.length)
            .get(),
        );
  const stored = new Map(found.map((d) => [d._id, d.switches]));
  return new Map(unique.map((id) => [id, withDefaults(stored.get(id))]));
}

/**
 * Changes some switches and leaves the others. Each switch is written as its own field, so two
 * changes of different switches at once both stick; the first change creates the document.
 */
export async function updateSwitches(
  userId: string,
  changes: Partial<Record<NotificationKind, boolean>>,
  now: Date,
): Promise<void> {
  const fields: Record<string, unknown> = { updatedAt: now };
  for (const kind of NOTIFICATION_KINDS) {
    if (typeof changes[kind] === 'boolean') fields[`switches.${kind}`] = changes[kind];
  }
  const update = () => settings().where({ _id: userId }).update({ data: fields });
  const result = await update();
  // `updated` counts changed documents: 0 means there is no document yet (updatedAt always moves).
  if ((result as { stats?: { updated?: number } }).stats?.updated === 1) return;
  try {
    await settings().add({ data: { _id: userId, switches: changes, updatedAt: now } });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another change created it meanwhile: apply ours on top of it.
    await update();
  }
}
