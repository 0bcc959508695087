/** Conformance: bad requests get CloudBase-style errors and never crash or corrupt the store. */
import { postAdmin, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({ declarations: { things: [] } });
  await t.db.collection('things').add({
    data: [
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ],
  });
});
afterAll(() => t.stop());

const cases: Array<[string, string | object, string]> = [
  ['malformed JSON', '{"action": "database.getDocument", ', 'INVALID_PARAM'],
  ['a body that is not an object', '[1,2,3]', 'INVALID_PARAM'],
  ['no action', { collectionName: 'things' }, 'INVALID_ACTION'],
  [
    'an unknown action',
    { action: 'database.dropEverything', collectionName: 'things' },
    'INVALID_ACTION',
  ],
  [
    'a limit of the wrong type',
    { action: 'database.getDocument', collectionName: 'things', limit: 'ten' },
    'INVALID_PARAM',
  ],
  [
    'a negative offset',
    { action: 'database.getDocument', collectionName: 'things', offset: -1 },
    'INVALID_PARAM',
  ],
  [
    'a query that is not extended JSON',
    { action: 'database.getDocument', collectionName: 'things', query: '{nope' },
    'INVALID_PARAM',
  ],
  [
    'insert data that is not a list',
    { action: 'database.insertDocument', collectionName: 'things', data: '{"_id":"c"}' },
    'INVALID_PARAM',
  ],
  [
    'an update without operators',
    {
      action: 'database.modifyDocument',
      collectionName: 'things',
      query: '{"_id":"a"}',
      data: '{"n":5}',
      merge: true,
    },
    'INVALID_PARAM',
  ],
  [
    'an update of _id',
    {
      action: 'database.modifyDocument',
      collectionName: 'things',
      query: '{"_id":"a"}',
      data: '{"$set":{"_id":"z"}}',
    },
    'INVALID_PARAM',
  ],
  [
    'an unknown update operator',
    {
      action: 'database.modifyDocument',
      collectionName: 'things',
      query: '{"_id":"a"}',
      data: '{"$explode":{"n":1}}',
    },
    'DATABASE_REQUEST_FAILED',
  ],
  [
    'an unknown transaction',
    { action: 'database.commitTransaction', transactionId: 'forged' },
    'DATABASE_TRANSACTION_FAIL',
  ],
  [
    'a missing collection',
    { action: 'database.getDocument', collectionName: 'ghosts' },
    'DATABASE_COLLECTION_NOT_EXIST',
  ],
];

it.each(cases)('%s gets a %s-style error and changes nothing', async (_label, body, code) => {
  const res = await postAdmin(t.local, body);
  expect(res.code).toBe(code);
  expect(typeof res.message).toBe('string');
  const { data } = await t.db.collection('things').orderBy('_id', 'asc').get();
  expect(data).toEqual([
    { _id: 'a', n: 1 },
    { _id: 'b', n: 2 },
  ]);
});

it('after a storm of bad requests the server still answers correctly', async () => {
  await Promise.all(cases.map(([, body]) => postAdmin(t.local, body)));
  await t.db
    .collection('things')
    .doc('a')
    .update({ data: { n: t.db.command.inc(1) } });
  expect((await t.db.collection('things').doc('a').get()).data.n).toBe(2);
});
