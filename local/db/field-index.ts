import { getPath, type Doc } from './store';

/**
 * A secondary index of one field of one collection (the first key of a declared index), so the
 * local cloud answers an indexed query from the matching documents instead of a whole-collection
 * scan, as CloudBase's MongoDB does: a query's cost then follows what it reads, not how much the
 * collection holds (the bench compares the jobs at two history sizes).
 *
 * It only narrows: the engine still filters what it returns with the full query, so answering a
 * superset is always correct and `undefined` means "scan". Equality and `$in` come from a map
 * kept up to date on every commit; ranges from a sorted array rebuilt lazily after writes.
 */
export class FieldIndex {
  private readonly byValue = new Map<string, Set<Doc>>();
  /** Documents whose field holds an array (MongoDB's multikey): no range answers then. */
  private multikey = 0;
  private sorted: { key: number | string; doc: Doc }[][] | null = null;

  constructor(readonly field: string) {}

  add(doc: Doc): void {
    const value = getPath(doc, this.field);
    if (Array.isArray(value)) this.multikey += 1;
    for (const key of keysOf(value)) {
      const docs = this.byValue.get(key) ?? new Set<Doc>();
      docs.add(doc);
      this.byValue.set(key, docs);
    }
    this.sorted = null;
  }

  remove(doc: Doc): void {
    const value = getPath(doc, this.field);
    if (Array.isArray(value)) this.multikey -= 1;
    for (const key of keysOf(value)) {
      const docs = this.byValue.get(key);
      docs?.delete(doc);
      if (docs?.size === 0) this.byValue.delete(key);
    }
    this.sorted = null;
  }

  /** The documents that may match `condition` on this field, or undefined (scan instead). */
  lookup(condition: unknown): Doc[] | undefined {
    const equal = keyOf(condition);
    if (equal !== undefined) return [...(this.byValue.get(equal) ?? [])];
    if (!isPlainObject(condition)) return undefined;
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$in' && Array.isArray(condition.$in)) {
      const keys = condition.$in.map(keyOf);
      if (keys.some((k) => k === undefined)) return undefined;
      const found = new Set<Doc>();
      for (const key of keys) for (const doc of this.byValue.get(key!) ?? []) found.add(doc);
      return [...found];
    }
    if (operators.length === 0 || operators.some((op) => !RANGE.has(op)) || this.multikey > 0)
      return undefined;
    return this.range(condition as Record<string, unknown>);
  }

  private range(bounds: Record<string, unknown>): Doc[] | undefined {
    const typed = Object.values(bounds).map(typedValue);
    const type = typed[0]?.type;
    if (!type || typed.some((t) => !t || t.type !== type)) return undefined;
    const entries = this.sortedOf(type);
    const lower = bounds.$gt ?? bounds.$gte;
    const upper = bounds.$lt ?? bounds.$lte;
    let start = 0;
    if (lower !== undefined) {
      const v = typedValue(lower)!.key;
      start = firstAtLeast(entries, v, bounds.$gt !== undefined);
    }
    const out: Doc[] = [];
    const limit = upper === undefined ? undefined : typedValue(upper)!.key;
    for (let i = start; i < entries.length; i++) {
      const { key, doc } = entries[i];
      if (limit !== undefined && (bounds.$lt !== undefined ? key >= limit : key > limit)) break;
      out.push(doc);
    }
    return out;
  }

  /** The documents whose field has this type ('date', 'number', 'string'), ordered by it. */
  private sortedOf(type: string): { key: number | string; doc: Doc }[] {
    if (!this.sorted) {
      const byType: Record<string, { key: number | string; doc: Doc }[]> = {};
      for (const docs of this.byValue.values()) {
        for (const doc of docs) {
          const typed = typedValue(getPath(doc, this.field));
          if (typed) (byType[typed.type] ??= []).push({ key: typed.key, doc });
        }
      }
      for (const list of Object.values(byType))
        list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.sorted = Object.entries(byType).map(([t, list]) => Object.assign(list, { type: t }));
    }
    return this.sorted.find((list) => (list as unknown as { type: string }).type === type) ?? [];
  }
}

const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
  );
}

function typedValue(value: unknown): { type: string; key: number | string } | undefined {
  if (value instanceof Date) return { type: 'date', key: value.getTime() };
  if (typeof value === 'number') return { type: 'number', key: value };
  if (typeof value === 'string') return { type: 'string', key: value };
  return undefined;
}

/** The map key of a scalar (type-tagged: 1 and '1' differ, as in MongoDB). */
function keyOf(value: unknown): string | undefined {
  if (typeof value === 'boolean') return `b:${value}`;
  const typed = typedValue(value);
  return typed ? `${typed.type}:${typed.key}` : undefined;
}

/** Every key a stored value is found under: its own, or each element's for an array. */
function keysOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(keyOf).filter((k): k is string => k !== undefined);
}

function firstAtLeast(
  entries: { key: number | string }[],
  value: number | string,
  strictly: boolean,
): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const key = entries[mid].key;
    if (strictly ? key <= value : key < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
