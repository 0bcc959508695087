import { db, isDuplicateKeyError } from '../runtime/cloud';

/**
 * CloudBase transactions as the attribution engine uses them (docs/attribution.md, "Applying an
 * event"): single-document operations only (ARCHITECTURE §4), every document read first, then
 * written back as the smallest update. The collections are named by the caller (the attribution
 * db modules own their shapes; this module only moves documents).
 */

/** A transaction of wx-server-sdk (`db.runTransaction`'s argument); its types are loose. */
export type Transaction = {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: Record<string, unknown> | null }>;
      set(options: { data: Record<string, unknown> }): Promise<unknown>;
      update(options: { data: Record<string, unknown> }): Promise<unknown>;
    };
    add(options: { data: Record<string, unknown> }): Promise<unknown>;
  };
};

/** A conflicting transaction (another writer touched a document) is run this many times. */
const ATTEMPTS = 9;

/**
 * Whether a transaction failed on a conflict: at commit (the SDK's `code`), or at a write, as
 * CloudBase's MongoDB reports it (wx-server-sdk then carries only `errCode` and `errMsg`).
 */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errMsg?: unknown; message?: unknown } | null;
  const text = `${String(e?.code ?? '')} ${String(e?.errMsg ?? '')} ${String(e?.message ?? '')}`;
  return /transaction[ _]conflict|WriteConflict|write conflict/i.test(text);
}

/**
 * Runs `work` in a transaction: all its writes or none. On a conflict it runs again from the
 * start after a short random pause (so `work` must only read and write through `tx`, and
 * decide from what it read); any other error aborts it and is thrown. The retries are ours,
 * not the SDK's: it retries only conflicts reported at commit, and without a pause.
 */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  const run = db.runTransaction as unknown as (
    callback: (tx: Transaction) => Promise<T>,
    times: number,
  ) => Promise<T>;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run.call(db, work, 0);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransactionConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** A document in a collection. */
export interface DocRef {
  collection: string;
  id: string;
}

export const refKey = (ref: DocRef): string => `${ref.collection}/${ref.id}`;

/** Reads documents in the transaction (in parallel); a missing one is absent from the map. */
export async function readInTransaction(
  tx: Transaction,
  refs: readonly DocRef[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(refs.map((ref) => [refKey(ref), ref])).values()];
  await Promise.all(
    unique.map(async (ref) => {
      try {
        const { data } = await tx.collection(ref.collection).doc(ref.id).get();
        if (data) found.set(refKey(ref), data);
      } catch (error) {
        // wx-server-sdk throws for a missing document instead of answering null.
        if (!/does not exist/.test(String((error as { errMsg?: string })?.errMsg ?? error)))
          throw error;
      }
    }),
  );
  return found;
}

/** One document as the transaction sees it, or null when it does not exist. */
export async function readDocInTransaction<T>(
  tx: Transaction,
  collection: string,
  id: string,
): Promise<T | null> {
  const found = await readInTransaction(tx, [{ collection, id }]);
  const data = found.get(refKey({ collection, id }));
  return data ? ({ ...data, _id: id } as T) : null;
}

/** Inserts a new document in the transaction; false when its `_id` is taken (nothing written). */
export async function insertInTransaction(
  tx: Transaction,
  collection: string,
  doc: Record<string, unknown> & { _id: string },
): Promise<boolean> {
  try {
    await tx.collection(collection).add({ data: doc });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Writes `after` over `before` in the transaction: a new document whole, an existing one as
 * an update of only the fields that changed, so fields other writers keep on it (settlement
 * marks, 离职继承's owner) are never overwritten.
 */
export async function writeInTransaction(
  tx: Transaction,
  ref: DocRef,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): Promise<void> {
  const { _id: _ignored, ...fields } = after;
  if (!before) {
    await tx.collection(ref.collection).doc(ref.id).set({ data: fields });
    return;
  }
  const changes = changedFields(before, fields);
  if (Object.keys(changes).length > 0)
    await tx.collection(ref.collection).doc(ref.id).update({ data: changes });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/**
 * The fields of `after` that differ from `before`, nested as CloudBase's `update` takes them
 * (a nested object updates only the fields it names).
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (isPlainObject(value) && isPlainObject(old)) {
      const nested = changedFields(old, value);
      if (Object.keys(nested).length > 0) changes[key] = nested;
    } else if (isPlainObject(value)) {
      // Whole: a nested object over a null (or missing) field would become `$set 'a.b'`, which
      // MongoDB refuses inside a null.
      changes[key] = db.command.set(value);
    } else if (!sameValue(old, value)) changes[key] = value;
  }
  return changes;
}
