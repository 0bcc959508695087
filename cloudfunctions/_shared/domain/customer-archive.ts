/**
 * 客户档案 (A8, AD4) as one keyset-paged list over two sources: the employee's relations and the
 * customers handed to them (docs/attribution.md, "Employee side"). Plain TypeScript, no SDK.
 *
 * Every row has a position: a time in ms (most recent first) and a customer id (ascending, the
 * database's order of `_id` strings: plain code-unit comparison). Each source is read in that
 * order after the cursor, a batch at a time; a batch row that the archive does not show
 * (skipped) still tells how far that source has been read.
 */

export interface ArchivePosition {
  at: number;
  customerId: string;
}

/** Negative when `a` comes first: more recent first, then customer id ascending. */
export function compareArchivePositions(a: ArchivePosition, b: ArchivePosition): number {
  if (a.at !== b.at) return b.at - a.at;
  if (a.customerId === b.customerId) return 0;
  return a.customerId < b.customerId ? -1 : 1;
}

/** One source's batch, in archive order; `item` null = read but not shown. */
export interface ArchiveBatch<T> {
  rows: { position: ArchivePosition; item: T | null }[];
  /** The batch reached its limit: the source may hold more rows after its last one. */
  full: boolean;
}

export interface ArchiveRound<T> {
  /** Shown rows, in order, at most `room`. */
  taken: { position: ArchivePosition; item: T }[];
  /**
   * Where the next read starts: after the last taken row when the page is full and more may
   * follow, else after everything this round has fully read; null when every source is done.
   */
  next: ArchivePosition | null;
  /** The page is full (`room` rows taken). */
  filled: boolean;
}

/**
 * Merges one batch of each source into at most `room` rows. Only rows up to the frontier are
 * certain: for a full batch, rows after its last one may still come from that source, so the
 * frontier is the earliest last row of the full batches. A customer present in two sources
 * (a race between the reads) is shown once, at its first position.
 */
export function mergeArchiveBatches<T>(batches: ArchiveBatch<T>[], room: number): ArchiveRound<T> {
  let frontier: ArchivePosition | null = null;
  for (const batch of batches) {
    const last = batch.rows[batch.rows.length - 1];
    if (!batch.full || !last) continue;
    if (!frontier || compareArchivePositions(last.position, frontier) < 0) frontier = last.position;
  }
  const certain = batches
    .flatMap((b) => b.rows)
    .filter(
      (r): r is { position: ArchivePosition; item: T } =>
        r.item !== null && (!frontier || compareArchivePositions(r.position, frontier) <= 0),
    )
    .sort((a, b) => compareArchivePositions(a.position, b.position));
  const seen = new Set<string>();
  const shown = certain.filter((r) => {
    if (seen.has(r.position.customerId)) return false;
    seen.add(r.position.customerId);
    return true;
  });
  const taken = shown.slice(0, room);
  if (taken.length === room && room > 0) {
    const more = shown.length > room || frontier !== null;
    return { taken, next: more ? taken[taken.length - 1]!.position : null, filled: true };
  }
  return { taken, next: frontier, filled: false };
}

/**
 * Rounds of reads for one page. Rows a round reads but does not show can leave a page short;
 * the next round reads on from where the last one was certain, with batches twice as large
 * (at most `ARCHIVE_MAX_BATCH`).
 */
export const ARCHIVE_MAX_ROUNDS = 4;
/** The most rows one batch reads (also the `in` read of their customers). */
export const ARCHIVE_MAX_BATCH = 100;

/**
 * One page after `cursor`: `read(after, limit)` answers one batch of each source (at most
 * `limit` rows each, in archive order, after `after`). Answers the shown rows and where the
 * next page starts (null: none). At most `ARCHIVE_MAX_ROUNDS` reads; when they end short the
 * page is short and `next` is where reading stopped.
 */
export async function pageArchive<T>(
  read: (after: ArchivePosition | null, limit: number) => Promise<ArchiveBatch<T>[]>,
  cursor: ArchivePosition | null,
  pageSize: number,
): Promise<{ items: T[]; next: ArchivePosition | null }> {
  const items: T[] = [];
  let after = cursor;
  let limit = Math.min(pageSize + 1, ARCHIVE_MAX_BATCH);
  for (let round = 0; round < ARCHIVE_MAX_ROUNDS; round++) {
    const merged = mergeArchiveBatches(await read(after, limit), pageSize - items.length);
    items.push(...merged.taken.map((r) => r.item));
    after = merged.next;
    if (merged.filled || !after) break;
    limit = Math.min(limit * 2, ARCHIVE_MAX_BATCH);
  }
  return { items, next: after };
}
