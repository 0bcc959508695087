import { getPath, type Doc } from './store';

/**
 * A secondary index of one field of one collection (the first key of a declared index), so the
 * local cloud answers an indexed query from the matching documents instead of a whole-collection
 * scan, as CloudBase's MongoDB does: a query's cost then follows what it reads, not how much the
 * collection holds (the bench compares the jobs at two history sizes).
 *
 * It only narrows: the engine still filters what it returns with the full query, so answering a
 * superset is always correct and `undefined` means "scan". Equality and `$in` come from a map,
 * ranges from sorted arrays (built at the first range query), both kept up to date on every
 * commit.
 */
export class FieldIndex {
  private readonly byValue = new Map<string, Set<Doc>>();
  /** Documents whose field holds an array (MongoDB's multikey): no range answers then. */
  private multikey = 0;
  /** Per value type, the documents ordered by the field; null until a range query needs it. */
  private sorted: Map<string, Entry[]> | null = null;

  constructor(readonly field: string) {}

  add(doc: Doc): void {
    const value = getPath(doc, this.field);
    if (Array.isArray(value)) this.multikey += 1;
    for (const key of keysOf(value)) {
      const docs = this.byValue.get(key) ?? new Set<Doc>();
      docs.add(doc);
      this.byValue.set(key, docs);
    }
    const typed = typedValue(value);
    if (this.sorted && typed) {
      const list = this.listOf(typed.type, true)!;
      list.splice(firstAtLeast(list, typed.key, true), 0, { key: typed.key, doc });
    }
  }

  remove(doc: Doc): void {
    const value = getPath(doc, this.field);
    if (Array.isArray(value)) this.multikey -= 1;
    for (const key of keysOf(value)) {
      const docs = this.byValue.get(key);
      docs?.delete(doc);
      if (docs?.size === 0) this.byValue.delete(key);
    }
    const typed = typedValue(value);
    const list = this.sorted && typed ? this.listOf(typed.type, false) : undefined;
    if (list && typed) {
      for (
        let i = firstAtLeast(list, typed.key, false);
        i < list.length && list[i].key === typed.key;
        i++
      ) {
        if (list[i].doc === doc) {
          list.splice(i, 1);
          break;
        }
      }
    }
  }

  /**
   * The documents that may match `condition` on this field, or undefined (scan instead): their
   * number first, so a query with several indexed fields reads only the narrowest.
   */
  lookup(condition: unknown): Candidates | undefined {
    const equal = keyOf(condition);
    if (equal !== undefined) {
      const docs = this.byValue.get(equal);
      return { size: docs?.size ?? 0, docs: () => [...(docs ?? [])] };
    }
    if (!isPlainObject(condition)) return undefined;
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$in' && Array.isArray(condition.$in)) {
      const keys = condition.$in.map(keyOf);
      if (keys.some((k) => k === undefined)) return undefined;
      const sets = keys.map((key) => this.byValue.get(key!) ?? new Set<Doc>());
      return {
        size: sets.reduce((n, set) => n + set.size, 0),
        docs: () => [...new Set(sets.flatMap((set) => [...set]))],
      };
    }
    if (operators.length === 0 || operators.some((op) => !RANGE.has(op)) || this.multikey > 0)
      return undefined;
    return this.range(condition as Record<string, unknown>);
  }

  private range(bounds: Record<string, unknown>): Candidates | undefined {
    const typed = Object.values(bounds).map(typedValue);
    const type = typed[0]?.type;
    if (!type || typed.some((t) => !t || t.type !== type)) return undefined;
    const entries = this.sortedOf(type);
    const lower = bounds.$gt ?? bounds.$gte;
    const upper = bounds.$lt ?? bounds.$lte;
    const start =
      lower === undefined
        ? 0
        : firstAtLeast(entries, typedValue(lower)!.key, bounds.$gt !== undefined);
    const end =
      upper === undefined
        ? entries.length
        : firstAtLeast(entries, typedValue(upper)!.key, bounds.$lt === undefined);
    return {
      size: Math.max(0, end - start),
      docs: () => entries.slice(start, Math.max(start, end)).map((e) => e.doc),
    };
  }

  /** The documents whose field has this type ('date', 'number', 'string'), ordered by it. */
  private sortedOf(type: string): Entry[] {
    if (!this.sorted) {
      this.sorted = new Map();
      for (const docs of this.byValue.values()) {
        for (const doc of docs) {
          const typed = typedValue(getPath(doc, this.field));
          if (typed) this.listOf(typed.type, true)!.push({ key: typed.key, doc });
        }
      }
      for (const list of this.sorted.values())
        list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return this.listOf(type, false) ?? [];
  }

  private listOf(type: string, create: boolean): Entry[] | undefined {
    let list = this.sorted!.get(type);
    if (!list && create) this.sorted!.set(type, (list = []));
    return list;
  }
}

type Entry = { key: number | string; doc: Doc };

/** What an index answers: how many documents, and (only when chosen) which. */
export interface Candidates {
  size: number;
  docs(): Doc[];
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
