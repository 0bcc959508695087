import { rows, command as _ } from '../runtime/cloud';

/** A keyset position: the last row's time (ms) and `_id` (domain/cursor.ts encodes it). */
export interface TimeCursor {
  value: number;
  id: string;
}

/** What `where`, `orderBy` and `limit` of a wx-server-sdk collection need here. */
interface Queryable {
  where(query: Record<string, unknown>): {
    orderBy(
      field: string,
      order: 'asc' | 'desc',
    ): {
      orderBy(
        field: string,
        order: 'asc' | 'desc',
      ): {
        limit(n: number): { get(): unknown };
      };
    };
  };
}

/**
 * One keyset page, newest first: rows matching `where`, ordered by `timeField` desc then `_id`
 * asc, after `cursor` ("earlier, or as old with a greater _id"), so pages never skip or repeat a
 * row when new ones arrive. `sortValue: 'number'` sorts a number field the same way (largest
 * first; the cursor's value is then that number, not a time). Reads `pageSize + 1` rows to know whether more exist. Each collection
 * module passes its own collection (one place per collection stays true).
 */
export async function pageNewestFirst<T>(
  collection: Queryable,
  where: Record<string, unknown>,
  timeField: string,
  pageSize: number,
  cursor: TimeCursor | null,
  sortValue: 'date' | 'number' = 'date',
): Promise<{ rows: T[]; hasMore: boolean }> {
  const conditions: Record<string, unknown>[] = [where];
  if (cursor) {
    const value = sortValue === 'date' ? new Date(cursor.value) : cursor.value;
    conditions.push(
      _.or([
        { [timeField]: _.lt(value) },
        { [timeField]: value, _id: _.gt(cursor.id) },
      ]) as unknown as Record<string, unknown>,
    );
  }
  const found = await rows<T>(
    collection
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy(timeField, 'desc')
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/**
 * "At or after `since`, and after the last row read" for a feed read in (`at`, `_id`) order: the
 * lower bound stays a plain range on `at` (so an index on `at` serves it) beside the keyset part.
 */
export function sinceInTimeOrder(
  since: Date,
  after: { at: number; id: string } | null,
): Record<string, unknown> {
  if (!after) return { at: _.gte(since) };
  const at = new Date(after.at);
  return _.and([
    { at: _.gte(at) },
    _.or([{ at: _.gt(at) }, { at, _id: _.gt(after.id) }]),
  ]) as unknown as Record<string, unknown>;
}
