/**
 * 客户档案 over two sources (A8 relations, AD4 customers handed to the caller) as one keyset
 * list: `domain/customer-archive.ts`, against in-memory sources read the way the database
 * reads them (archive order after a position, at most `limit` rows).
 */
import {
  ARCHIVE_MAX_ROUNDS,
  compareArchivePositions,
  mergeArchiveBatches,
  pageArchive,
  type ArchiveBatch,
  type ArchivePosition,
} from '../../../cloudfunctions/_shared/domain/customer-archive';

interface Row {
  position: ArchivePosition;
  item: string | null;
}

/** A source as the database answers it: ordered, after `after`, at most `limit` rows. */
function source(rows: Row[]) {
  const sorted = [...rows].sort((a, b) => compareArchivePositions(a.position, b.position));
  return (after: ArchivePosition | null, limit: number): ArchiveBatch<string> => {
    const next = sorted.filter((r) => !after || compareArchivePositions(r.position, after) > 0);
    const batch = next.slice(0, limit);
    return { rows: batch, full: batch.length === limit };
  };
}

async function walk(sources: ReturnType<typeof source>[], pageSize: number) {
  const seen: string[] = [];
  const pages: number[] = [];
  let cursor: ArchivePosition | null = null;
  let reads = 0;
  do {
    let roundsThisPage = 0;
    const page: { items: string[]; next: ArchivePosition | null } = await pageArchive(
      async (after, limit) => {
        roundsThisPage += 1;
        return sources.map((s) => s(after, limit));
      },
      cursor,
      pageSize,
    );
    expect(roundsThisPage).toBeLessThanOrEqual(ARCHIVE_MAX_ROUNDS);
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page.items);
    pages.push(page.items.length);
    cursor = page.next;
    reads += 1;
  } while (cursor && reads < 10_000);
  return { seen, pages };
}

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Relations (some not shown: the customer was handed to or away from the caller) and
 * inherited customers (each customer at most once per source; a customer in both is shown
 * from the inherited source only, as the archive does). Times collide often (ties on `at`).
 */
function scenario(seed: number, customers: number) {
  const rand = random(seed);
  const relations: Row[] = [];
  const inherited: Row[] = [];
  const expected: Row[] = [];
  for (let i = 0; i < customers; i++) {
    const customerId = `o${Math.floor(rand() * 1e6).toString(36)}-${i}`;
    const inRelations = rand() < 0.7;
    const isInherited = rand() < 0.4;
    const handedAway = !isInherited && rand() < 0.15;
    if (inRelations) {
      const row = {
        position: { at: Math.floor(rand() * 20), customerId },
        item: isInherited || handedAway ? null : `rel:${customerId}`,
      };
      relations.push(row);
      if (row.item) expected.push(row);
    }
    if (isInherited) {
      const row = {
        position: { at: Math.floor(rand() * 20), customerId },
        item: `inh:${customerId}`,
      };
      inherited.push(row);
      expected.push(row);
    }
  }
  expected.sort((a, b) => compareArchivePositions(a.position, b.position));
  return { relations, inherited, expected: expected.map((r) => r.item!) };
}

describe('A8/AD4: one keyset list over relations and inherited customers', () => {
  it.each([1, 2, 3, 5, 20])(
    'A8/AD4: pageSize %i visits every shown customer exactly once, in order',
    async (pageSize) => {
      for (let seed = 1; seed <= 40; seed++) {
        const { relations, inherited, expected } = scenario(seed, 1 + (seed % 13) * 5);
        const { seen } = await walk([source(relations), source(inherited)], pageSize);
        expect(seen).toEqual(expected);
      }
    },
  );

  it('A8/AD4: pages are full except the last when skipped rows are few', async () => {
    const rows = (prefix: string, n: number, skip: (i: number) => boolean): Row[] =>
      Array.from({ length: n }, (_, i) => ({
        position: { at: 1000 - i * 2 - (prefix === 'r' ? 1 : 0), customerId: `${prefix}${i}` },
        item: skip(i) ? null : `${prefix}${i}`,
      }));
    const { seen, pages } = await walk(
      [source(rows('r', 30, (i) => i % 3 === 0)), source(rows('h', 12, () => false))],
      4,
    );
    expect(seen).toHaveLength(20 + 12);
    expect(pages.slice(0, -1).every((n) => n === 4)).toBe(true);
  });

  it('A8/AD4: a long run of skipped relations still pages on (short pages, nothing lost)', async () => {
    const skipped: Row[] = Array.from({ length: 500 }, (_, i) => ({
      position: { at: 10_000 - i, customerId: `s${i}` },
      item: null,
    }));
    const after: Row[] = [{ position: { at: 1, customerId: 'last' }, item: 'last' }];
    const { seen } = await walk([source([...skipped, ...after]), source([])], 2);
    expect(seen).toEqual(['last']);
  });

  it('A8/AD4: a customer found in both sources at once (a race) is shown once per page', () => {
    const position = { at: 5, customerId: 'x' };
    const round = mergeArchiveBatches(
      [
        { rows: [{ position, item: 'rel:x' }], full: false },
        { rows: [{ position: { at: 7, customerId: 'x' }, item: 'inh:x' }], full: false },
      ],
      10,
    );
    expect(round.taken.map((r) => r.item)).toEqual(['inh:x']);
    expect(round.next).toBeNull();
  });
});
