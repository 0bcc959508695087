/** Conformance: unique indexes declared in the repository are enforced like CloudBase's. */
import { startTestCloud, type TestCloud } from '../support/cloud';
import { loadDeclarations } from '../../../local/cloud';

let t: TestCloud;
const ledger = () => t.db.collection('ledger');

beforeAll(async () => {
  t = await startTestCloud({
    declarations: {
      ledger: [
        { name: 'task_employee_goal', keys: { taskId: 1, userId: 1, goalId: 1 }, unique: true },
      ],
    },
  });
});
afterAll(() => t.stop());
beforeEach(() =>
  ledger()
    .where({ _id: t.db.command.exists(true) })
    .remove(),
);

it('a second document with the same key fails with the duplicate-key error and changes nothing', async () => {
  await ledger().add({ data: { taskId: 't1', userId: 'u1', goalId: 'g1', points: 10 } });
  await expect(
    ledger().add({ data: { taskId: 't1', userId: 'u1', goalId: 'g1', points: 10 } }),
  ).rejects.toMatchObject({
    errCode: -502001,
    errMsg: expect.stringContaining('E11000 duplicate key'),
  });
  expect((await ledger().count()).total).toBe(1);
});

it('a batch with one duplicate inserts nothing', async () => {
  await expect(
    ledger().add({
      data: [
        { taskId: 't1', userId: 'u1', goalId: 'g1' },
        { taskId: 't1', userId: 'u1', goalId: 'g1' },
      ],
    }),
  ).rejects.toMatchObject({ errCode: -502001 });
  expect((await ledger().count()).total).toBe(0);
});

it('an update that would collide is refused, the document keeps its value', async () => {
  await ledger().add({
    data: [
      { _id: 'a', taskId: 't1', userId: 'u1', goalId: 'g1' },
      { _id: 'b', taskId: 't1', userId: 'u1', goalId: 'g2' },
    ],
  });
  await expect(
    ledger()
      .doc('b')
      .update({ data: { goalId: 'g1' } }),
  ).rejects.toMatchObject({ errCode: -502001 });
  expect((await ledger().doc('b').get()).data.goalId).toBe('g2');
});

it('a key freed by a remove can be taken again', async () => {
  await ledger().add({ data: { _id: 'a', taskId: 't1', userId: 'u1', goalId: 'g1' } });
  await ledger().doc('a').remove();
  await expect(
    ledger().add({ data: { taskId: 't1', userId: 'u1', goalId: 'g1' } }),
  ).resolves.toBeDefined();
});

it('50 parallel inserts of one key: exactly one wins', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      ledger().add({ data: { taskId: 't9', userId: 'u9', goalId: 'g9', attempt: i } }),
    ),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect((await ledger().where({ taskId: 't9' }).count()).total).toBe(1);
});

it('the repository declarations are well-formed and name their collections', () => {
  const declarations = loadDeclarations();
  expect(Object.keys(declarations).length).toBeGreaterThan(5);
  for (const indexes of Object.values(declarations)) {
    for (const index of indexes) {
      expect(index.name).toMatch(/^\w+$/);
      expect(Object.values(index.keys).every((v) => v === 1 || v === -1)).toBe(true);
    }
  }
});
