/** Conformance: CloudBase's page sizes (100 by default, 1000 at most) at their edges. */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../local/db/protocol';
import { postAdmin, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const items = () => t.db.collection('items');

beforeAll(async () => {
  t = await startTestCloud({ declarations: { items: [] } });
});
afterAll(() => t.stop());

async function fill(n: number): Promise<void> {
  await items()
    .where({ _id: t.db.command.exists(true) })
    .remove();
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
      _id: `i${String(i + k).padStart(5, '0')}`,
      n: i + k,
    }));
    await items().add({ data: batch });
  }
}

it.each([0, 1, DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE + 1])(
  'get() without limit on %i documents returns at most the default page',
  async (n) => {
    await fill(n);
    const { data } = await items().get();
    expect(data).toHaveLength(Math.min(n, DEFAULT_PAGE_SIZE));
    expect((await items().count()).total).toBe(n);
  },
);

it('limit(1000) on 1001 documents returns 1000, and skip reaches the last one', async () => {
  await fill(MAX_PAGE_SIZE + 1);
  expect((await items().limit(MAX_PAGE_SIZE).get()).data).toHaveLength(MAX_PAGE_SIZE);
  const rest = await items().orderBy('n', 'asc').skip(MAX_PAGE_SIZE).limit(MAX_PAGE_SIZE).get();
  expect(rest.data.map((d: { n: number }) => d.n)).toEqual([MAX_PAGE_SIZE]);
});

it('the server caps a raw request above the maximum page', async () => {
  await fill(MAX_PAGE_SIZE + 1);
  const res = await postAdmin(t.local, {
    action: 'database.getDocument',
    collectionName: 'items',
    limit: 5000,
  });
  expect((res.data as { list: unknown[] }).list).toHaveLength(MAX_PAGE_SIZE);
});

it('pages walked with skip see every document exactly once', async () => {
  await fill(250);
  const seen: number[] = [];
  for (let skip = 0; ; skip += DEFAULT_PAGE_SIZE) {
    const { data } = await items().orderBy('n', 'asc').skip(skip).get();
    seen.push(...data.map((d: { n: number }) => d.n));
    if (data.length < DEFAULT_PAGE_SIZE) break;
  }
  expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
});
