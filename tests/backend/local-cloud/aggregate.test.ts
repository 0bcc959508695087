/** Conformance: aggregation stages through the real SDK (semantics from mingo). */
import { startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({ declarations: { orders: [], users: [] } });
  await t.db.collection('users').add({
    data: [
      { _id: 'u1', name: '王女士' },
      { _id: 'u2', name: '刘先生' },
    ],
  });
  await t.db.collection('orders').add({
    data: [
      { _id: 'o1', userId: 'u1', amount: 100, items: ['沙发', '茶几'] },
      { _id: 'o2', userId: 'u1', amount: 50, items: ['台灯'] },
      { _id: 'o3', userId: 'u2', amount: 30, items: [] },
    ],
  });
});
afterAll(() => t.stop());

const orders = () => t.db.collection('orders').aggregate();

it('match, group, sort, skip, limit', async () => {
  const $ = t.db.command.aggregate;
  const { list } = await orders()
    .match({ amount: t.db.command.gte(30) })
    .group({ _id: '$userId', total: $.sum('$amount'), orders: $.sum(1) })
    .sort({ total: -1 })
    .end();
  expect(list).toEqual([
    { _id: 'u1', total: 150, orders: 2 },
    { _id: 'u2', total: 30, orders: 1 },
  ]);
  const page = await orders().sort({ amount: 1 }).skip(1).limit(1).end();
  expect(page.list.map((o: { _id: string }) => o._id)).toEqual(['o2']);
});

it('project and addFields', async () => {
  const $ = t.db.command.aggregate;
  const { list } = await orders()
    .match({ _id: 'o1' })
    .addFields({ itemCount: $.size('$items') })
    .project({ _id: 0, amount: 1, itemCount: 1 })
    .end();
  expect(list).toEqual([{ amount: 100, itemCount: 2 }]);
});

it('lookup another collection and unwind arrays', async () => {
  const { list } = await orders()
    .match({ _id: 'o1' })
    .lookup({ from: 'users', localField: 'userId', foreignField: '_id', as: 'user' })
    .unwind('$items')
    .end();
  expect(list).toHaveLength(2);
  expect(list.map((o: { items: string }) => o.items)).toEqual(['沙发', '茶几']);
  expect(list[0].user).toEqual([{ _id: 'u1', name: '王女士' }]);
});

it('count', async () => {
  const { list } = await orders().match({ userId: 'u1' }).count('n').end();
  expect(list).toEqual([{ n: 2 }]);
});

it('a lookup of a collection that does not exist fails like CloudBase', async () => {
  await expect(
    orders().lookup({ from: 'nope', localField: 'userId', foreignField: '_id', as: 'x' }).end(),
  ).rejects.toMatchObject({
    code: 'DATABASE_COLLECTION_NOT_EXIST',
  });
});
