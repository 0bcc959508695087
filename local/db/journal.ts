import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';

/** One change to one document: its whole new image, or null when removed. */
export interface DocChange {
  collection: string;
  id: string;
  doc: Record<string, unknown> | null;
}

type CollectionsImage = Record<string, Record<string, unknown>[]>;

const SNAPSHOT = 'snapshot.ejson';
const JOURNAL = 'journal.ejsonl';

/**
 * Durable storage for the local database: a snapshot plus an append-only journal.
 *
 * Each commit (a single write or a whole transaction) is one journal line, so a commit is
 * all-or-nothing on disk. Writers wait for `fsync` before they are acknowledged; commits
 * arriving in the same tick share one `fsync` (group commit). A torn last line (the process
 * was killed mid-write) is dropped on load: it was never acknowledged.
 */
export class Journal {
  private fd: number;
  private pending: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushScheduled = false;
  private bytesSinceSnapshot = 0;

  private constructor(
    private readonly dir: string,
    private readonly compactAfterBytes: number,
  ) {
    this.fd = fs.openSync(path.join(dir, JOURNAL), 'a');
  }

  /** Opens (or creates) the data folder and returns the journal and the recovered data. */
  static open(
    dir: string,
    compactAfterBytes = 64 * 1024 * 1024,
  ): { journal: Journal; image: CollectionsImage } {
    fs.mkdirSync(dir, { recursive: true });
    const image = recover(dir);
    const journal = new Journal(dir, compactAfterBytes);
    return { journal, image };
  }

  /** Appends one commit; resolves once it is on disk. */
  append(changes: DocChange[]): Promise<void> {
    const line =
      JSON.stringify(
        changes.map((c) => ({
          c: c.collection,
          i: c.id,
          d: c.doc === null ? null : EJSON.serialize(c.doc, { relaxed: false }),
        })),
      ) + '\n';
    this.pending.push(line);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  /** Whether the journal has grown enough that a snapshot would shorten recovery. */
  get wantsCompaction(): boolean {
    return this.bytesSinceSnapshot > this.compactAfterBytes;
  }

  /** Writes a full snapshot atomically (tmp file + rename) and starts an empty journal. */
  compact(image: CollectionsImage): void {
    this.flushSync();
    const tmp = path.join(this.dir, SNAPSHOT + '.tmp');
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, EJSON.stringify(image, { relaxed: false }));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, path.join(this.dir, SNAPSHOT));
    fs.closeSync(this.fd);
    this.fd = fs.openSync(path.join(this.dir, JOURNAL), 'w');
    fs.fsyncSync(this.fd);
    this.bytesSinceSnapshot = 0;
  }

  close(): void {
    this.flushSync();
    fs.closeSync(this.fd);
  }

  private flush(): void {
    this.flushScheduled = false;
    const waiters = this.waiters;
    this.waiters = [];
    try {
      this.flushSync();
      waiters.forEach((w) => w.resolve());
    } catch (error) {
      waiters.forEach((w) => w.reject(error));
    }
  }

  private flushSync(): void {
    if (this.pending.length === 0) return;
    const data = this.pending.join('');
    this.pending = [];
    fs.writeSync(this.fd, data);
    fs.fsyncSync(this.fd);
    this.bytesSinceSnapshot += Buffer.byteLength(data);
  }
}

function recover(dir: string): CollectionsImage {
  const byCollection = new Map<string, Map<string, Record<string, unknown>>>();
  const snapshotPath = path.join(dir, SNAPSHOT);
  if (fs.existsSync(snapshotPath)) {
    const snapshot = EJSON.parse(fs.readFileSync(snapshotPath, 'utf8'), {
      relaxed: true,
    }) as CollectionsImage;
    for (const [name, docs] of Object.entries(snapshot)) {
      byCollection.set(name, new Map(docs.map((d) => [String(d._id), d])));
    }
  }
  const journalPath = path.join(dir, JOURNAL);
  if (fs.existsSync(journalPath)) {
    const text = fs.readFileSync(journalPath, 'utf8');
    let validLength = 0;
    for (const line of text.split('\n')) {
      if (line === '') break;
      let entries: Array<{ c: string; i: string; d: unknown }>;
      try {
        entries = JSON.parse(line);
      } catch {
        break; // a torn last line: never acknowledged, drop it and everything after
      }
      for (const e of entries) {
        let docs = byCollection.get(e.c);
        if (!docs) byCollection.set(e.c, (docs = new Map()));
        if (e.d === null) docs.delete(e.i);
        else docs.set(e.i, EJSON.deserialize(e.d as Record<string, unknown>, { relaxed: true }));
      }
      validLength += Buffer.byteLength(line) + 1;
    }
    if (validLength < Buffer.byteLength(text)) fs.truncateSync(journalPath, validLength);
  }
  const image: CollectionsImage = {};
  for (const [name, docs] of byCollection) image[name] = [...docs.values()];
  return image;
}
