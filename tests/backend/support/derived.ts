/**
 * The attribution invariant (docs/attribution.md, "Rebuilding derived data"): what the engine
 * keeps as events arrive equals `rebuildDerived` of the base data and the event log, and every
 * event is settled. `rebuild.ts` imports no SDK, so importing it in a test is safe. The
 * comparison's rules live in local/derived-check.ts (`npm run load` checks the same).
 */
export type { CompareOptions };
import {
  DERIVED_COLLECTIONS,
  rebuildDerived,
} from '../../../cloudfunctions/_shared/attribution/rebuild';
import { comparable, type CompareOptions } from '../../../local/derived-check';
import type { TestCloud } from './cloud';

type Doc = Record<string, unknown>;

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
