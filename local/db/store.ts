import { EJSON } from 'bson';
import { Journal, type DocChange } from './journal';
import { dbErrors } from './errors';
import { FieldIndex, type Candidates } from './field-index';

export type Doc = Record<string, unknown> & { _id: string };

/** An index as declared in `cloudfunctions/_shared/db/indexes.json`. */
export interface IndexDeclaration {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  /** Documents missing every key field are not indexed (MongoDB's sparse). */
  sparse?: boolean;
}

export type Declarations = Record<string, IndexDeclaration[]>;

interface Collection {
  docs: Map<string, Doc>;
  /** Unique index name -> (key -> document id). */
  unique: Map<string, { declaration: IndexDeclaration; keys: Map<string, string> }>;
  /** The first key of each declared index -> its secondary index (field-index.ts). */
  fields: Map<string, FieldIndex>;
}

/**
 * The committed state of the local database: documents in memory, durable through the
 * {@link Journal}. Every change goes through {@link Store.commit}, which checks unique indexes
 * across the whole batch before touching anything, so a commit applies completely or not at all.
 */
export class Store {
  private readonly collections = new Map<string, Collection>();
  /** Bumped on every committed change of a document; transactions validate against it. */
  private readonly versions = new Map<string, number>();
  private clock = 0;

  private constructor(
    private readonly journal: Journal,
    private readonly declarations: Declarations,
  ) {}

  /** Opens the data folder, replays it, and creates every declared collection. */
  static open(dataDir: string, declarations: Declarations): Store {
    const { journal, image } = Journal.open(dataDir);
    const store = new Store(journal, declarations);
    for (const name of new Set([...Object.keys(image), ...Object.keys(declarations)])) {
      store.ensureCollection(name);
    }
    for (const [name, docs] of Object.entries(image)) {
      const coll = store.collections.get(name)!;
      for (const doc of docs) {
        coll.docs.set(String(doc._id), doc as Doc);
        store.indexInsert(name, coll, doc as Doc);
      }
    }
    journal.compact(store.image());
    return store;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Creates a collection (CloudBase's addCollection); durable like any write. */
  async createCollection(name: string): Promise<void> {
    if (this.collections.has(name)) throw dbErrors.collectionExists(name);
    this.ensureCollection(name);
    await this.journal.append([{ collection: name, id: '', doc: null }]);
  }

  /** The committed document, or undefined. Callers must not mutate it. */
  get(collection: string, id: string): Doc | undefined {
    return this.require(collection).docs.get(id);
  }

  /** All committed documents of a collection, in insertion order. Callers must not mutate them. */
  all(collection: string): IterableIterator<Doc> {
    return this.require(collection).docs.values();
  }

  count(collection: string): number {
    return this.require(collection).docs.size;
  }

  /**
   * The documents that may match `condition` on `field` through a declared index whose first
   * key it is (a superset: the caller filters), or undefined when none applies.
   */
  lookup(collection: string, field: string, condition: unknown): Candidates | undefined {
    return this.require(collection).fields.get(field)?.lookup(condition);
  }

  version(collection: string, id: string): number {
    return this.versions.get(versionKey(collection, id)) ?? 0;
  }

  /**
   * Applies a batch of changes atomically: unique indexes are checked for the whole batch
   * first; then memory is updated and the batch is journaled as one line. Resolves when durable.
   */
  commit(changes: DocChange[]): Promise<void> {
    if (changes.length === 0) return Promise.resolve();
    for (const change of changes) this.require(change.collection);
    this.checkUnique(changes);
    for (const { collection, id, doc } of changes) {
      const coll = this.collections.get(collection)!;
      const previous = coll.docs.get(id);
      if (previous) this.indexRemove(coll, previous);
      if (doc === null) coll.docs.delete(id);
      else {
        coll.docs.set(id, doc as Doc);
        this.indexInsert(collection, coll, doc as Doc);
      }
      this.versions.set(versionKey(collection, id), ++this.clock);
    }
    const durable = this.journal.append(changes);
    if (this.journal.wantsCompaction) this.journal.compact(this.image());
    return durable;
  }

  close(): void {
    this.journal.close();
  }

  private image(): Record<string, Doc[]> {
    const image: Record<string, Doc[]> = {};
    for (const [name, coll] of this.collections) image[name] = [...coll.docs.values()];
    return image;
  }

  private require(name: string): Collection {
    const coll = this.collections.get(name);
    if (!coll) throw dbErrors.collectionNotExist(name);
    return coll;
  }

  private ensureCollection(name: string): void {
    if (this.collections.has(name)) return;
    const unique = new Map<string, { declaration: IndexDeclaration; keys: Map<string, string> }>();
    for (const declaration of this.declarations[name] ?? []) {
      if (declaration.unique) unique.set(declaration.name, { declaration, keys: new Map() });
    }
    const fields = new Map<string, FieldIndex>();
    for (const declaration of this.declarations[name] ?? []) {
      const first = Object.keys(declaration.keys)[0];
      if (first && first !== '_id' && !fields.has(first)) fields.set(first, new FieldIndex(first));
    }
    this.collections.set(name, { docs: new Map(), unique, fields });
  }

  private checkUnique(changes: DocChange[]): void {
    const byCollection = new Map<string, DocChange[]>();
    for (const change of changes) {
      const list = byCollection.get(change.collection) ?? [];
      list.push(change);
      byCollection.set(change.collection, list);
    }
    for (const [name, list] of byCollection) {
      const coll = this.collections.get(name)!;
      const changedIds = new Set(list.map((c) => c.id));
      for (const [indexName, index] of coll.unique) {
        const claimed = new Map<string, string>();
        for (const { id, doc } of list) {
          if (doc === null) continue;
          const key = indexKey(index.declaration, doc);
          if (key === undefined) continue;
          const owner = claimed.get(key) ?? index.keys.get(key);
          const ownerStillHoldsKey =
            owner !== undefined && owner !== id && (claimed.has(key) || !changedIds.has(owner));
          if (ownerStillHoldsKey) throw dbErrors.duplicateKey(name, indexName, JSON.parse(key));
          claimed.set(key, id);
        }
      }
    }
  }

  private indexInsert(name: string, coll: Collection, doc: Doc): void {
    for (const index of coll.fields.values()) index.add(doc);
    for (const [indexName, index] of coll.unique) {
      const key = indexKey(index.declaration, doc);
      if (key === undefined) continue;
      const owner = index.keys.get(key);
      if (owner !== undefined && owner !== doc._id) {
        throw dbErrors.duplicateKey(name, indexName, JSON.parse(key));
      }
      index.keys.set(key, doc._id);
    }
  }

  private indexRemove(coll: Collection, doc: Doc): void {
    for (const index of coll.fields.values()) index.remove(doc);
    for (const index of coll.unique.values()) {
      const key = indexKey(index.declaration, doc);
      if (key !== undefined && index.keys.get(key) === doc._id) index.keys.delete(key);
    }
  }
}

function versionKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

/** The index key of a document as a string, or undefined when a sparse index skips it. */
function indexKey(declaration: IndexDeclaration, doc: Record<string, unknown>): string | undefined {
  const fields = Object.keys(declaration.keys);
  const values = fields.map((field) => getPath(doc, field));
  if (declaration.sparse && values.every((v) => v === undefined)) return undefined;
  return JSON.stringify(
    EJSON.serialize(
      Object.fromEntries(fields.map((f, i) => [f, values[i] === undefined ? null : values[i]])),
      { relaxed: false },
    ),
  );
}

/** Reads a dotted path (`a.b.c`) from a document. */
export function getPath(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
