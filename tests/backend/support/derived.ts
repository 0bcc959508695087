/**
 * The attribution invariant (docs/attribution.md, "Rebuilding derived data"): what the engine
 * keeps as events arrive equals `rebuildDerived` of the base data and the event log, and every
 * event is settled. `rebuild.ts` imports no SDK, so importing it in a test is safe.
 */
import {
  DERIVED_COLLECTIONS,
  rebuildDerived,
} from '../../../cloudfunctions/_shared/attribution/rebuild';
import type { TestCloud } from './cloud';

type Doc = Record<string, unknown>;

/**
 * Fields left out of the comparison: `updatedAt` of `taskStats` and `contentStats` is the
 * request time of whichever write landed last. Parallel requests land in any order, so the
 * stored value is one of their times while the replay (time order) answers the latest; it is
 * bookkeeping, shown nowhere and never read by a rule.
 */
const IGNORED: Record<string, string[]> = {
  taskStats: ['updatedAt'],
  contentStats: ['updatedAt'],
};

/** Every document of a collection, through the SDK, 100 at a time. */
export async function readAll(t: TestCloud, collection: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (let skip = 0; ; skip += 100) {
    const { data } = await t.db
      .collection(collection)
      .orderBy('_id', 'asc')
      .skip(skip)
      .limit(100)
      .get();
    docs.push(...data);
    if (data.length < 100) return docs;
  }
}

const allZero = (counters: unknown) =>
  Object.values(counters as Record<string, number>).every((n) => n === 0);

function comparable(collection: string, docs: Doc[], options: CompareOptions): Doc[] {
  return docs
    .map((doc): Doc | null => {
      const copy: Doc = { ...doc };
      for (const field of IGNORED[collection] ?? []) delete copy[field];
      // Settlement's marks: an empty list once every event is settled; a mark left behind
      // shows as a difference.
      if (Array.isArray(copy.inFlightEvents) && copy.inFlightEvents.length === 0)
        delete copy.inFlightEvents;
      if (options.parallelEvents) {
        // docs/points.md, "Rebuild": under parallel events a credit's time is that of whichever
        // settled event found the goal reached, the replay's that of the event that reached it in
        // time order. What was credited (ids, points, balances) is still compared.
        if (collection === 'pointsLedger' && String(copy._id).startsWith('credit:')) delete copy.at;
        if (collection === 'pointsBalances') delete copy.lastCreditAt;
        if (collection === 'leaderboard') delete copy.reachedAt;
      }
      if (collection === 'taskStats' && options.withoutShareGoal) {
        for (const side of ['total', 'inWindow'] as const)
          copy[side] = { ...(copy[side] as Doc), shares: 0 };
        // A (task, employee) that only shared has nothing left to compare.
        if (allZero(copy.total) && allZero(copy.inWindow)) return null;
      }
      return copy;
    })
    .filter((doc): doc is Doc => doc !== null)
    .sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

export interface CompareOptions {
  /**
   * The test wrote its employee shares as fixtures instead of minting them through
   * `employee.shares.create`, so the T4 `shares` goal (counted at minting) is not compared.
   */
  withoutShareGoal?: boolean;
  /**
   * Events of one (task, employee) were settled in parallel and out of order (faults, retries,
   * the sweep), so credit times are not compared (the first-wins race docs/points.md names).
   */
  parallelEvents?: boolean;
}

/**
 * Reads the base data, the event log and every derived collection back from the database and
 * expects: no event still owes a shared counter, and each derived collection equals its rebuild.
 * Answers the rebuild (for further checks).
 */
export async function expectDerivedEqualsRebuild(
  t: TestCloud,
  options: CompareOptions = {},
): Promise<Record<string, Doc[]>> {
  const base = {
    tasks: (await readAll(t, 'tasks')) as never,
    shares: (await readAll(t, 'shares')) as never,
    customers: (await readAll(t, 'customers')) as never,
    events: (await readAll(t, 'events')) as never,
    redemptions: (await readAll(t, 'redemptions')) as never,
  };
  const unsettled = (base.events as Doc[]).filter((e) => e.settle).map((e) => e._id);
  expect({ unsettled }).toEqual({ unsettled: [] });
  const rebuilt = rebuildDerived(base) as unknown as Record<string, Doc[]>;
  for (const collection of DERIVED_COLLECTIONS) {
    const stored = await readAll(t, collection);
    expect({ collection, docs: comparable(collection, rebuilt[collection], options) }).toEqual({
      collection,
      docs: comparable(collection, stored, options),
    });
  }
  return rebuilt;
}
