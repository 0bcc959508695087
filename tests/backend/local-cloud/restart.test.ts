/** Conformance: a clean restart keeps everything; a torn last journal line is dropped. */
import fs from 'node:fs';
import path from 'node:path';
import { startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ declarations: { notes: [], counters: [] } });
});
afterAll(() => t.stop());

it('a clean restart keeps documents, updates, removals and transactions', async () => {
  const notes = t.db.collection('notes');
  await notes.add({
    data: [
      { _id: 'n1', text: '第一条' },
      { _id: 'n2', text: '第二条' },
      { _id: 'n3', text: '删除我' },
    ],
  });
  await notes.doc('n1').update({ data: { text: '已修改', at: new Date('2026-11-24T00:00:00Z') } });
  await notes.doc('n3').remove();
  await t.db.runTransaction(async (tx: any) => {
    await tx.collection('counters').add({ data: { _id: 'c', n: 1 } });
  });
  await t.restart();
  const { data } = await notes.orderBy('_id', 'asc').get();
  expect(data).toEqual([
    { _id: 'n1', text: '已修改', at: new Date('2026-11-24T00:00:00Z') },
    { _id: 'n2', text: '第二条' },
  ]);
  expect((await t.db.collection('counters').doc('c').get()).data.n).toBe(1);
});

it('a torn last journal line (a write cut off by a crash) is dropped; the rest survives', async () => {
  const notes = t.db.collection('notes');
  await notes.add({ data: { _id: 'kept' } });
  await t.local.stop();
  fs.appendFileSync(
    path.join(t.dataDir, 'journal.ejsonl'),
    '[{"c":"notes","i":"torn","d":{"_id":"to',
  );
  await t.restart();
  expect((await notes.doc('kept').get()).data._id).toBe('kept');
  expect((await notes.where({ _id: 'torn' }).count()).total).toBe(0);
  await notes.add({ data: { _id: 'after' } });
  await t.restart();
  expect((await notes.doc('after').get()).data._id).toBe('after');
});
