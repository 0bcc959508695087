/** The same protocol spoken by @cloudbase/node-sdk (used by scripts and the deploy step). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { startLocalCloud, type LocalCloud } from '../../../local/cloud';

let local: LocalCloud;
let db: ReturnType<ReturnType<typeof tcb.init>['database']>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-node-sdk-'));

beforeAll(async () => {
  local = await startLocalCloud({ dataDir, declarations: { things: [] } });
  const app = tcb.init({
    env: 'local-env',
    serviceUrl: local.adminUrl,
    secretId: 'any',
    secretKey: 'any',
    keepalive: false,
  } as Parameters<typeof tcb.init>[0]);
  db = app.database();
});
afterAll(async () => {
  await local.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('adds, queries with commands, updates, aggregates and runs a transaction', async () => {
  const _ = db.command;
  await db.collection('things').add([
    { _id: 'a', n: 1 },
    { _id: 'b', n: 5 },
  ]);
  expect(
    (
      await db
        .collection('things')
        .where({ n: _.gt(2) })
        .get()
    ).data,
  ).toEqual([{ _id: 'b', n: 5 }]);
  await db
    .collection('things')
    .doc('a')
    .update({ n: _.inc(10) });
  const agg = await db
    .collection('things')
    .aggregate()
    .group({ _id: null, total: db.command.aggregate.sum('$n') })
    .end();
  expect(agg.data).toEqual([{ _id: null, total: 16 }]);
  await db.runTransaction(async (tx: any) => {
    const doc = await tx.collection('things').doc('b').get();
    await tx
      .collection('things')
      .doc('b')
      .update({ n: (doc.data as { n: number }).n * 2 });
  });
  expect((await db.collection('things').doc('b').get()).data).toEqual([{ _id: 'b', n: 10 }]);
});
