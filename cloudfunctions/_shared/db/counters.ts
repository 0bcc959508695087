import { command as _, isDuplicateKeyError } from '../runtime/cloud';

/**
 * Race-safe "increment, or create with the increment as the initial value" for counter
 * documents (docs/attribution.md, "Counters"). Never read-then-write:
 * 1. `update` with `$inc` (answers how many documents it changed);
 * 2. none: `add` the document with the initial values;
 * 3. the add lost a race (duplicate `_id`): the document exists now, so `update` again.
 * Answers whether this call created the document.
 */
export async function incrementOrCreate(
  update: () => Promise<number>,
  add: () => Promise<void>,
): Promise<boolean> {
  if ((await update()) > 0) return false;
  try {
    await add();
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await update();
    return false;
  }
}

/** `stats.updated` of an update result. */
export function updatedCount(result: unknown): number {
  return (result as { stats: { updated: number } }).stats.updated;
}

/**
 * Exactly-once moves of shared counters (docs/attribution.md, "Settling shared counters"): a
 * document moved by an event carries the event's mark in `inFlightEvents` until the event's
 * settlement is finished, so a move repeated after a crash finds the mark and changes nothing.
 */
export const IN_FLIGHT = 'inFlightEvents';

/** The condition "not yet moved by `mark`" (an array field: `$ne` means "does not contain"). */
export function notMovedBy(mark: string): Record<string, unknown> {
  return { [IN_FLIGHT]: _.neq(mark) };
}

/** The update that records `mark` with a move. */
export function recordMove(mark: string): Record<string, unknown> {
  return { [IN_FLIGHT]: _.push(mark) };
}

/** The update that forgets `mark` (its event's settlement is finished). */
export function forgetMove(mark: string): Record<string, unknown> {
  return { [IN_FLIGHT]: _.pull(mark) };
}
