/** Conformance: CloudBase transactions: all or nothing, and no lost update under concurrency. */
import { startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const wallets = () => t.db.collection('wallets');

beforeAll(async () => {
  t = await startTestCloud({ declarations: { wallets: [], stock: [] } });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await wallets()
    .where({ _id: t.db.command.exists(true) })
    .remove();
  await wallets().add({
    data: [
      { _id: 'alice', balance: 100 },
      { _id: 'bob', balance: 0 },
    ],
  });
});
const balance = async (id: string) => (await wallets().doc(id).get()).data.balance;

it('runTransaction commits every write together and returns the callback result', async () => {
  const result = await t.db.runTransaction(async (tx: any) => {
    const alice = (await tx.collection('wallets').doc('alice').get()).data;
    await tx
      .collection('wallets')
      .doc('alice')
      .update({ data: { balance: alice.balance - 30 } });
    await tx
      .collection('wallets')
      .doc('bob')
      .update({ data: { balance: t.db.command.inc(30) } });
    await tx.collection('wallets').add({ data: { _id: 'carol', balance: 0 } });
    return 'moved';
  });
  expect(result).toBe('moved');
  expect([await balance('alice'), await balance('bob'), await balance('carol')]).toEqual([
    70, 30, 0,
  ]);
});

it('a callback that throws rolls everything back', async () => {
  await expect(
    t.db.runTransaction(async (tx: any) => {
      await tx
        .collection('wallets')
        .doc('alice')
        .update({ data: { balance: 0 } });
      throw new Error('余额不足');
    }),
  ).rejects.toThrow('余额不足');
  expect(await balance('alice')).toBe(100);
});

it('writes inside an open transaction are invisible outside until commit', async () => {
  const tx = await t.db.startTransaction();
  await tx
    .collection('wallets')
    .doc('alice')
    .update({ data: { balance: 1 } });
  expect(await balance('alice')).toBe(100);
  expect((await tx.collection('wallets').doc('alice').get()).data.balance).toBe(1);
  await tx.commit();
  expect(await balance('alice')).toBe(1);
});

it('startTransaction + rollback leaves no trace', async () => {
  const tx = await t.db.startTransaction();
  await tx
    .collection('wallets')
    .doc('bob')
    .update({ data: { balance: 999 } });
  await tx.rollback();
  expect(await balance('bob')).toBe(0);
});

it('of two transactions that read then write one document, the second commit conflicts', async () => {
  const first = await t.db.startTransaction();
  const second = await t.db.startTransaction();
  const a = (await first.collection('wallets').doc('alice').get()).data.balance;
  const b = (await second.collection('wallets').doc('alice').get()).data.balance;
  await first
    .collection('wallets')
    .doc('alice')
    .update({ data: { balance: a - 10 } });
  await second
    .collection('wallets')
    .doc('alice')
    .update({ data: { balance: b - 20 } });
  await first.commit();
  await expect(second.commit()).rejects.toThrow(/transaction conflict/);
  expect(await balance('alice')).toBe(90);
});

it('a plain write between a read and the write of the same document conflicts at the write', async () => {
  const tx = await t.db.startTransaction();
  const seen = (await tx.collection('wallets').doc('alice').get()).data.balance;
  await wallets()
    .doc('alice')
    .update({ data: { balance: t.db.command.inc(5) } });
  // CloudBase's MongoDB reports a write conflict at the write itself, not only at commit.
  await expect(
    tx
      .collection('wallets')
      .doc('alice')
      .update({ data: { balance: seen - 50 } }),
  ).rejects.toThrow(/transaction conflict/);
  await tx.rollback();
  expect(await balance('alice')).toBe(105);
});

it('a plain write between the write and the commit makes the commit conflict', async () => {
  const tx = await t.db.startTransaction();
  const seen = (await tx.collection('wallets').doc('alice').get()).data.balance;
  await tx
    .collection('wallets')
    .doc('alice')
    .update({ data: { balance: seen - 50 } });
  await wallets()
    .doc('alice')
    .update({ data: { balance: t.db.command.inc(5) } });
  await expect(tx.commit()).rejects.toThrow(/transaction conflict/);
  expect(await balance('alice')).toBe(105);
});

it('no lost update: 30 parallel read-modify-write transactions move exactly what succeeded', async () => {
  const attempts = await Promise.allSettled(
    Array.from({ length: 30 }, () =>
      t.db.runTransaction(async (tx: any) => {
        const alice = (await tx.collection('wallets').doc('alice').get()).data;
        const bob = (await tx.collection('wallets').doc('bob').get()).data;
        if (alice.balance < 1) throw new Error('insufficient');
        await tx
          .collection('wallets')
          .doc('alice')
          .update({ data: { balance: alice.balance - 1 } });
        await tx
          .collection('wallets')
          .doc('bob')
          .update({ data: { balance: bob.balance + 1 } });
      }),
    ),
  );
  const succeeded = attempts.filter((a) => a.status === 'fulfilled').length;
  expect(succeeded).toBeGreaterThan(0);
  expect(await balance('bob')).toBe(succeeded);
  expect(await balance('alice')).toBe(100 - succeeded);
});

it('where-queries inside a transaction are refused: CloudBase transactions are single-document', async () => {
  const tx = await t.db.startTransaction();
  await expect(tx.collection('wallets').where({ balance: 100 }).get()).rejects.toBeDefined();
  await tx.rollback();
});
