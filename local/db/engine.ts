import { randomBytes } from 'node:crypto';
import { find, aggregate, update as applyUpdate } from 'mingo';
import type { DocChange } from './journal';
import { dbErrors } from './errors';
import type { Candidates } from './field-index';
import type { Doc, Store } from './store';

/** Where reads come from: the committed store, or a transaction's view of it. */
export interface View {
  get(collection: string, id: string): Doc | undefined;
  scan(collection: string): Iterable<Doc>;
  exists(collection: string): boolean;
  /** A superset of the documents matching `condition` on `field` through an index, if any. */
  lookup?(collection: string, field: string, condition: unknown): Candidates | undefined;
}

export type Query = Record<string, unknown>;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
  projection?: Record<string, unknown>;
}

export interface UpdatePlan {
  changes: DocChange[];
  matched: number;
  updated: number;
  upsertedId?: string;
  /** The first document after the change (for modifyAndReturnDoc). */
  firstAfter?: Doc;
}

/** A view over the committed store. */
export function storeView(store: Store): View {
  return {
    get: (c, id) => store.get(c, id),
    scan: (c) => store.all(c),
    exists: (c) => store.hasCollection(c),
    lookup: (c, field, condition) => store.lookup(c, field, condition),
  };
}

/** New document ids look like CloudBase's: 32 lowercase hex characters. */
export function newDocId(): string {
  return randomBytes(16).toString('hex');
}

/** Documents matching a query, sorted, paged and projected. */
export function findDocs(
  view: View,
  collection: string,
  query: Query,
  options: FindOptions = {},
): Doc[] {
  let cursor = find(candidates(view, collection, query), query, options.projection);
  if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
  if (options.skip) cursor = cursor.skip(options.skip);
  if (options.limit !== undefined) cursor = cursor.limit(options.limit);
  return cursor.all().map((d) => cloneValue(d) as Doc);
}

export function countDocs(view: View, collection: string, query: Query): number {
  return find(candidates(view, collection, query), query).all().length;
}

/** Runs an aggregation pipeline; `$lookup` reads other collections of the same view. */
export function aggregateDocs(
  view: View,
  collection: string,
  pipeline: Record<string, unknown>[],
): unknown[] {
  requireCollection(view, collection);
  for (const stage of pipeline) {
    const from = (stage.$lookup as { from?: unknown } | undefined)?.from;
    if (typeof from === 'string') requireCollection(view, from);
  }
  const docs = [...view.scan(collection)].map((d) => cloneValue(d));
  return aggregate(docs, pipeline, {
    collectionResolver: (name: string) => [...view.scan(name)].map((d) => cloneValue(d)),
  });
}

/** Plans inserting documents; duplicate `_id`s fail like MongoDB's E11000. */
export function planInsert(
  view: View,
  collection: string,
  docs: Record<string, unknown>[],
): { changes: DocChange[]; ids: string[] } {
  requireCollection(view, collection);
  const changes: DocChange[] = [];
  const seen = new Set<string>();
  for (const input of docs) {
    const id = input._id === undefined ? newDocId() : String(input._id);
    if (view.get(collection, id) || seen.has(id)) {
      throw dbErrors.duplicateKey(collection, '_id_', { _id: id });
    }
    seen.add(id);
    changes.push({ collection, id, doc: { _id: id, ...stripId(input) } });
  }
  return { changes, ids: changes.map((c) => c.id) };
}

/**
 * Plans an update. `merge: true` applies update operators (`$set`, `$inc`, ...); `merge: false`
 * replaces the document (CloudBase's `set`). With `upsert`, a missing document is created from
 * the query's equality fields.
 */
export function planUpdate(
  view: View,
  collection: string,
  query: Query,
  data: Record<string, unknown>,
  options: { multi: boolean; merge: boolean; upsert: boolean },
): UpdatePlan {
  requireCollection(view, collection);
  const targets = findDocs(view, collection, query, options.multi ? {} : { limit: 1 });
  const plan: UpdatePlan = { changes: [], matched: targets.length, updated: 0 };
  for (const current of targets) {
    const next = options.merge
      ? withOperators(current, data)
      : { ...stripId(data), _id: current._id };
    if (!sameDoc(current, next)) {
      plan.changes.push({ collection, id: current._id, doc: next });
      plan.updated += 1;
    }
    plan.firstAfter ??= next;
  }
  if (targets.length === 0 && options.upsert) {
    const base = equalityFields(query);
    const id = base._id === undefined ? newDocId() : String(base._id);
    const created = options.merge
      ? withOperators({ ...base, _id: id }, data)
      : { ...stripId(data), _id: id };
    plan.changes.push({ collection, id, doc: created });
    plan.upsertedId = id;
    plan.firstAfter = created;
  }
  return plan;
}

/** Plans removing the first (or every, with `multi`) matching document. */
export function planRemove(
  view: View,
  collection: string,
  query: Query,
  multi: boolean,
): DocChange[] {
  requireCollection(view, collection);
  const targets = findDocs(view, collection, query, multi ? {} : { limit: 1 });
  return targets.map((d) => ({ collection, id: d._id, doc: null }));
}

function requireCollection(view: View, collection: string): void {
  if (!view.exists(collection)) throw dbErrors.collectionNotExist(collection);
}

/**
 * What a query reads before filtering: an `_id` equality is a direct lookup; else the smallest
 * answer of an index on a field the query must match (at its top level or in an `$and`), as
 * CloudBase's MongoDB would use it; else the whole collection.
 */
function candidates(view: View, collection: string, query: Query): Doc[] {
  requireCollection(view, collection);
  const id = query._id;
  if (typeof id === 'string' || typeof id === 'number') {
    const doc = view.get(collection, String(id));
    return doc ? [doc] : [];
  }
  let best: Candidates | undefined;
  if (view.lookup) {
    for (const [field, condition] of requiredConditions(query)) {
      const found = view.lookup(collection, field, condition);
      if (found && (!best || found.size < best.size)) best = found;
    }
  }
  return best ? best.docs() : [...view.scan(collection)];
}

/** The (field, condition) pairs every match must satisfy: top-level fields and `$and` parts. */
function requiredConditions(query: Query): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value)
        if (part && typeof part === 'object') pairs.push(...requiredConditions(part as Query));
    } else if (!key.startsWith('$')) pairs.push([key, value]);
  }
  return pairs;
}

function withOperators(current: Doc, data: Record<string, unknown>): Doc {
  const operators = Object.keys(data);
  if (operators.length === 0 || operators.some((k) => !k.startsWith('$'))) {
    throw dbErrors.invalidParam('update data must consist of update operators ($set, $inc, ...)');
  }
  if (hasIdChange(data)) throw dbErrors.invalidParam('不能更新_id的值');
  const next = cloneValue(current);
  try {
    applyUpdate(next, data as Parameters<typeof applyUpdate>[1]);
  } catch (error) {
    throw dbErrors.requestFailed(`[FailedOperation] ${(error as Error).message}`);
  }
  return next;
}

function hasIdChange(data: Record<string, unknown>): boolean {
  return Object.values(data).some(
    (fields) =>
      fields !== null &&
      typeof fields === 'object' &&
      Object.prototype.hasOwnProperty.call(fields, '_id'),
  );
}

function stripId(data: Record<string, unknown>): Record<string, unknown> {
  const { _id: _ignored, ...rest } = data;
  return rest;
}

function equalityFields(query: Query): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$') || key.includes('.')) continue;
    const isOperatorObject =
      value !== null &&
      typeof value === 'object' &&
      !isDate(value) &&
      Object.keys(value).some((k) => k.startsWith('$'));
    if (isOperatorObject) {
      const eq = (value as Record<string, unknown>).$eq;
      if (eq !== undefined) base[key] = eq;
    } else base[key] = value;
  }
  return base;
}

function sameDoc(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameDoc((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/**
 * Dates are recognised by their tag, not `instanceof`: a value can come from another realm
 * (Node's `structuredClone`, a test runner's sandbox), and `instanceof Date` is false there.
 */
function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A deep copy made in this realm: plain objects, arrays and dates; other values are shared. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (isDate(value)) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = cloneValue(v);
  return copy as T;
}
