/** The local cloud's fault injection, as later reliability tests will use it. */
import { startTestCloud, type TestCloud } from '../support/cloud';
import { FIXTURE_FUNCTIONS_DIR, FIXTURE_SPECS } from '../support/fixtures';

let t: TestCloud;
const things = () => t.db.collection('things');

beforeAll(async () => {
  t = await startTestCloud({
    declarations: { things: [], probe: [] },
    functionsDir: FIXTURE_FUNCTIONS_DIR,
    functionSpecs: FIXTURE_SPECS,
  });
});
afterAll(() => t.stop());
afterEach(() => t.local.faults.clear());

it('an injected error fails the request and nothing is written', async () => {
  t.local.faults.add({
    target: 'database',
    action: 'database.insertDocument',
    effect: 'error',
    times: 1,
  });
  await expect(things().add({ data: { _id: 'e1' } })).rejects.toBeDefined();
  expect((await things().where({ _id: 'e1' }).count()).total).toBe(0);
  await expect(things().add({ data: { _id: 'e1' } })).resolves.toBeDefined();
});

it('an error after commit fails the request although the write is durable', async () => {
  t.local.faults.add({
    target: 'database',
    action: 'database.insertDocument',
    collection: 'things',
    effect: 'errorAfterCommit',
    times: 1,
  });
  await expect(things().add({ data: { _id: 'e2' } })).rejects.toBeDefined();
  expect((await things().doc('e2').get()).data._id).toBe('e2');
  // A retry of the same deterministic id is what keeps it single.
  await expect(things().add({ data: { _id: 'e2' } })).rejects.toMatchObject({ errCode: -502001 });
});

it('a dropped response leaves the client without an answer, but the write happened', async () => {
  t.local.faults.add({
    target: 'database',
    action: 'database.modifyDocument',
    effect: 'drop',
    times: 1,
  });
  await things().add({ data: { _id: 'e3', n: 0 } });
  await expect(
    things()
      .doc('e3')
      .update({ data: { n: t.db.command.inc(1) } }),
  ).rejects.toBeDefined();
  expect((await things().doc('e3').get()).data.n).toBe(1);
});

it('`every` fails each n-th matching request only, until cleared', async () => {
  t.local.faults.add({
    target: 'database',
    action: 'database.insertDocument',
    collection: 'things',
    effect: 'error',
    every: 3,
  });
  const outcomes: boolean[] = [];
  for (let i = 0; i < 7; i++)
    outcomes.push(
      await things()
        .add({ data: { _id: `every-${i}` } })
        .then(() => true)
        .catch(() => false),
    );
  expect(outcomes).toEqual([true, true, false, true, true, false, true]);
  expect(
    (
      await things()
        .where({ _id: t.db.command.in(['every-2', 'every-5']) })
        .count()
    ).total,
  ).toBe(0);
  expect(t.local.faults.list()).toHaveLength(1);
});

it('latency delays only the matching requests, for the given count', async () => {
  t.local.faults.add({
    target: 'database',
    action: 'database.getDocument',
    effect: 'latency',
    ms: 300,
    times: 1,
  });
  const order: string[] = [];
  await Promise.all([
    things()
      .where({ _id: 'none' })
      .get()
      .then(() => order.push('slow read')),
    new Promise((r) => setTimeout(r, 50))
      .then(() => things().count())
      .then(() => order.push('count')),
  ]);
  expect(order).toEqual(['count', 'slow read']);
  expect(t.local.faults.list()).toEqual([]);
});

it('faults can target a function call and are managed over HTTP', async () => {
  const add = await fetch(`${t.local.url}/__faults`, {
    method: 'POST',
    body: JSON.stringify({ target: 'function', action: 'probe', effect: 'error', times: 1 }),
  });
  expect(add.status).toBe(200);
  const invoke = () =>
    fetch(`${t.local.url}/functions/probe/invoke`, { method: 'POST', body: '{}' }).then((r) =>
      r.json(),
    );
  expect(await invoke()).toMatchObject({ errCode: -504002 });
  expect(await invoke()).toHaveProperty('result');
  const bad = await fetch(`${t.local.url}/__faults`, {
    method: 'POST',
    body: JSON.stringify({ target: 'everything', effect: 'boom' }),
  });
  expect(bad.status).toBe(400);
});
