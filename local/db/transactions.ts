import { randomBytes } from 'node:crypto';
import type { DocChange } from './journal';
import { dbErrors } from './errors';
import type { Doc, Store } from './store';
import type { View } from './engine';

const IDLE_LIMIT_MS = 30_000;

/**
 * One open transaction: its own writes over the committed store, and the version of every
 * document it touched. Commit succeeds only if none of those documents changed meanwhile
 * (optimistic concurrency), so two read-modify-write transactions on one document can never
 * both succeed: the loser gets DATABASE_TRANSACTION_CONFLICT and the SDK retries it.
 */
export class Transaction implements View {
  private readonly seenVersions = new Map<string, number>();
  private readonly writes = new Map<string, DocChange>();
  lastUsed = Date.now();

  constructor(
    readonly id: string,
    private readonly store: Store,
  ) {}

  exists(collection: string): boolean {
    return this.store.hasCollection(collection);
  }

  get(collection: string, id: string): Doc | undefined {
    const key = keyOf(collection, id);
    this.remember(key, collection, id);
    const written = this.writes.get(key);
    if (written) return (written.doc as Doc | null) ?? undefined;
    return this.store.get(collection, id);
  }

  /** CloudBase transactions are single-document only; a scan means a where-query slipped in. */
  scan(): Iterable<Doc> {
    throw dbErrors.invalidParam(
      '事务中仅支持单文档操作 (transactions support single-document operations only)',
    );
  }

  /**
   * Records changes planned against this view; nothing is visible to others until commit. A
   * write to a document another commit changed since this transaction first saw it fails at
   * once, as CloudBase's MongoDB reports a write conflict at the write (the rest at commit).
   */
  write(changes: DocChange[]): void {
    for (const change of changes) {
      const key = keyOf(change.collection, change.id);
      const seen = this.seenVersions.get(key);
      if (seen !== undefined && this.store.version(change.collection, change.id) !== seen)
        throw dbErrors.conflict();
    }
    for (const change of changes) {
      const key = keyOf(change.collection, change.id);
      this.remember(key, change.collection, change.id);
      this.writes.set(key, change);
    }
  }

  /** Validates versions, then applies all writes as one atomic, durable commit. */
  async commit(): Promise<void> {
    for (const [key, version] of this.seenVersions) {
      const [collection, id] = key.split('\u0000');
      if (this.store.version(collection, id) !== version) throw dbErrors.conflict();
    }
    await this.store.commit([...this.writes.values()]);
  }

  private remember(key: string, collection: string, id: string): void {
    if (!this.seenVersions.has(key)) this.seenVersions.set(key, this.store.version(collection, id));
  }
}

/** Open transactions by id; idle ones are aborted like CloudBase's server does. */
export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly store: Store) {
    this.sweeper = setInterval(() => this.abortIdle(), 5_000);
    this.sweeper.unref();
  }

  start(): Transaction {
    const tx = new Transaction(randomBytes(12).toString('hex'), this.store);
    this.open.set(tx.id, tx);
    return tx;
  }

  get(id: string): Transaction {
    const tx = this.open.get(id);
    if (!tx) throw dbErrors.transactionNotExist(id);
    tx.lastUsed = Date.now();
    return tx;
  }

  /** Commits and forgets the transaction, whatever the outcome (a failed commit is aborted). */
  async commit(id: string): Promise<void> {
    const tx = this.get(id);
    this.open.delete(id);
    await tx.commit();
  }

  abort(id: string): void {
    this.get(id);
    this.open.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private abortIdle(): void {
    const now = Date.now();
    for (const [id, tx] of this.open) if (now - tx.lastUsed > IDLE_LIMIT_MS) this.open.delete(id);
  }
}

function keyOf(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
