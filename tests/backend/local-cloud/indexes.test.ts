/**
 * The local cloud's secondary indexes (local/db/field-index.ts) answer exactly what a scan
 * would: the same documents for equality, `$in`, ranges and keyset conditions over a field
 * that is an index's first key, through the real SDK, before and after inserts, updates and
 * removals; arrays (multikey) and mixed value types included.
 */
import { startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const HOUR = 3600 * 1000;
const BASE = Date.UTC(2026, 11, 1);

beforeAll(async () => {
  t = await startTestCloud({
    declarations: {
      indexed: [
        { name: 'owner_at', keys: { owner: 1, at: -1 } },
        { name: 'at_id', keys: { at: 1, _id: 1 } },
        { name: 'tags', keys: { tags: 1 } },
      ],
      plain: [],
    },
  });
});
afterAll(() => t.stop());

/** The same documents in both collections: one answers through indexes, one by scanning. */
async function putBoth(docs: Record<string, unknown>[]): Promise<void> {
  for (const name of ['indexed', 'plain']) {
    for (let i = 0; i < docs.length; i += 100) {
      await t.db.collection(name).add({ data: docs.slice(i, i + 100) });
    }
  }
}

async function bothAnswer(where: unknown): Promise<string[]> {
  const answers: string[][] = [];
  for (const name of ['indexed', 'plain']) {
    const { data } = await t.db
      .collection(name)
      .where(where)
      .orderBy('_id', 'asc')
      .limit(1000)
      .get();
    answers.push(data.map((d: { _id: string }) => d._id));
  }
  expect(answers[0]).toEqual(answers[1]);
  return answers[0];
}

const docs = Array.from({ length: 300 }, (_, i) => ({
  _id: `d${String(i).padStart(3, '0')}`,
  owner: i % 7 === 0 ? 7 : `u${i % 5}`, // a number among the strings: types do not mix
  at: i % 11 === 0 ? `${i}` : new Date(BASE + (i % 40) * HOUR),
  tags: i % 3 === 0 ? ['a', `t${i % 4}`] : `t${i % 4}`,
}));

it('answers equality, $in, ranges and keyset conditions as a scan does', async () => {
  const _ = t.db.command;
  await putBoth(docs);
  const at = (h: number) => new Date(BASE + h * HOUR);
  const queries: unknown[] = [
    { owner: 'u1' },
    { owner: 7 },
    { owner: _.in(['u2', 'u3', 7]) },
    { at: _.gte(at(30)) },
    { at: _.gt(at(10)).and(_.lte(at(12))) },
    { at: _.lt(at(3)) },
    { owner: 'u4', at: _.gte(at(20)) },
    _.and([{ at: _.gte(at(5)) }, _.or([{ at: _.gt(at(5)) }, { at: at(5), _id: _.gt('d100') }])]),
    { tags: 'a' },
    { tags: 't2' },
    { tags: _.in(['t1', 'a']) },
    { at: _.gte('100') },
  ];
  for (const where of queries) await bothAnswer(where);
  expect((await bothAnswer({ owner: 'u1' })).length).toBeGreaterThan(0);
  expect((await bothAnswer({ at: _.gte(at(30)) })).length).toBeGreaterThan(0);

  // After writes the indexes follow: moved, removed and new documents.
  for (const name of ['indexed', 'plain']) {
    await t.db
      .collection(name)
      .where({ owner: 'u1' })
      .update({ data: { owner: 'u9', at: at(100) } });
    await t.db.collection(name).where({ owner: 'u2' }).remove();
    await t.db.collection(name).add({ data: { _id: 'late', owner: 'u2', at: at(31), tags: 'a' } });
  }
  for (const where of queries) await bothAnswer(where);
  expect(await bothAnswer({ owner: 'u2' })).toEqual(['late']);
  expect((await bothAnswer({ at: _.gte(at(100)) })).length).toBeGreaterThan(0);
});
