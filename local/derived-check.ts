/**
 * The attribution invariant as data (docs/attribution.md, "Rebuilding derived data"): what the
 * engine keeps as events arrive, against `rebuildDerived` of the base data and the event log.
 * Shared by the tests (tests/backend/support/derived.ts) and `npm run load`.
 */
import { DERIVED_COLLECTIONS, rebuildDerived } from '../cloudfunctions/_shared/attribution/rebuild';

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

export interface CompareOptions {
  /**
   * The employee shares were written as fixtures instead of minted through
   * `employee.shares.create`, so the T4 `shares` goal (counted at minting) is not compared.
   */
  withoutShareGoal?: boolean;
  /**
   * Events of one (task, employee) were settled in parallel and out of order (faults, retries,
   * the sweep), so credit times are not compared (the first-wins race docs/points.md names).
   */
  parallelEvents?: boolean;
}

const allZero = (counters: unknown) =>
  Object.values(counters as Record<string, number>).every((n) => n === 0);

/** A collection's documents as compared: ignored fields dropped, sorted by `_id`. */
export function comparable(collection: string, docs: Doc[], options: CompareOptions = {}): Doc[] {
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

export interface DerivedCheck {
  /** Events that still owe a shared counter. */
  unsettled: string[];
  /** Collections whose stored documents differ from the rebuild, with the ids that differ. */
  differing: { collection: string; ids: string[]; stored: Doc[]; rebuilt: Doc[] }[];
  rebuilt: Record<string, Doc[]>;
}

/** Reads base data, the event log and every derived collection, and compares. */
export async function checkDerived(
  readAll: (collection: string) => Promise<Doc[]>,
  options: CompareOptions = {},
): Promise<DerivedCheck> {
  const base = {
    tasks: (await readAll('tasks')) as never,
    shares: (await readAll('shares')) as never,
    customers: (await readAll('customers')) as never,
    events: (await readAll('events')) as never,
    redemptions: (await readAll('redemptions')) as never,
  };
  const unsettled = (base.events as Doc[]).filter((e) => e.settle).map((e) => String(e._id));
  const rebuilt = rebuildDerived(base) as unknown as Record<string, Doc[]>;
  const differing: DerivedCheck['differing'] = [];
  for (const collection of DERIVED_COLLECTIONS) {
    const stored = comparable(collection, await readAll(collection), options);
    const expected = comparable(collection, rebuilt[collection], options);
    if (canonical(stored) === canonical(expected)) continue;
    const byId = (docs: Doc[]) => new Map(docs.map((d) => [String(d._id), canonical(d)]));
    const a = byId(stored);
    const b = byId(expected);
    const ids = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id));
    differing.push({ collection, ids, stored, rebuilt: expected });
  }
  return { unsettled, differing, rebuilt };
}

/** JSON with object keys sorted (stored documents keep their own key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.entries(v as Doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
