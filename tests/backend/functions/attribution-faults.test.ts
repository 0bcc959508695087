/**
 * Attribution under faults (docs/attribution.md, "Applying an event" and "Settling shared
 * counters"): database errors, lost answers and killed function instances at every step of an
 * event, then retries by the client and the timer's sweep. After each, the invariant: every
 * derived collection equals the rebuild from the event log (nothing lost, nothing twice: A6,
 * A9, C1-C3, T4) and no event still owes a shared counter.
 *
 * The customer function runs with a 2 s timeout here and a 4 s request lease
 * (`ATTRIBUTION_REQUEST_LEASE_MS`): the lease outlasts the function, as 60 s outlasts 10 s in
 * production. Fixtures: `addClaimedShares` (employees who claimed and shared task `t1`).
 */
import { randomUUID } from 'node:crypto';
import { loadFunctionSpecs } from '../../../local/cloud';
import type { FaultRule } from '../../../local/faults';
import { addClaimedShares } from '../support/attribution-fixture';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { expectDerivedEqualsRebuild, readAll } from '../support/derived';

const LEASE_MS = 4_000;
const SHARE = { li: 'LiLeiFault01', han: 'HanMeiFault1' };

let t: TestCloud;

beforeAll(async () => {
  const specs = loadFunctionSpecs().map((spec) =>
    spec.name === 'customer' ? { ...spec, timeout: 2 } : spec,
  );
  t = await startTestCloud({ functionSpecs: specs });
  await addClaimedShares(t, { lilei: SHARE.li, hanmeimei: SHARE.han });
});
afterAll(() => t.stop());
afterEach(() => t.local.faults.clear());

type Outcome =
  { ok: true; data: any } | { ok: false; error: { code: string } } | { failed: string };

/** A customer's request, as the content page sends it; a killed or failed call is `failed`. */
async function customer(
  openid: string,
  action: string,
  payload: Record<string, unknown>,
): Promise<Outcome> {
  const outcome = await t.local.functions.invoke(
    'customer',
    { action, ...payload },
    { OPENID: openid, SOURCE: 'wx_client' },
    { ATTRIBUTION_REQUEST_LEASE_MS: String(LEASE_MS) },
  );
  return 'errCode' in outcome ? { failed: outcome.errMsg } : (outcome.result as Outcome);
}

const openShare = (openid: string, clientEventId: string, shareId: string) =>
  customer(openid, 'content.open', { clientEventId, shareId });

/** The client's retry loop: the same request until it is answered. */
async function untilAnswered(send: () => Promise<Outcome>, attempts = 20): Promise<Outcome> {
  for (let i = 1; ; i += 1) {
    const outcome = await send();
    if (!('failed' in outcome) && !(outcome.ok === false && outcome.error.code === 'INTERNAL'))
      return outcome;
    if (i >= attempts) throw new Error(`no answer after ${attempts} attempts`);
  }
}

const fault = (rule: Omit<FaultRule, 'target'>) =>
  t.local.faults.add({ target: 'database', ...rule });

async function taskStats(employeeId: string) {
  const { data } = await t.db
    .collection('taskStats')
    .where({ _id: `t1:${employeeId}` })
    .get();
  return data[0] ?? null;
}

async function unsettled(): Promise<string[]> {
  return (await readAll(t, 'events')).filter((e) => e.settle).map((e) => String(e._id));
}

const sweep = () => t.local.functions.fireTimer('timer', 'attribution-settle');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a failure inside the transaction writes nothing; the retry applies the event once', () => {
  it.each([
    ['an error on a read', { action: 'database.getDocument', collection: 'customers' }],
    ['an error on the event insert', { action: 'database.insertDocument', collection: 'events' }],
    ['an error on the commit', { action: 'database.commitTransaction' }],
  ])('A9/A6: %s', async (_name, where) => {
    const openid = `tx-${randomUUID()}`;
    const cid = randomUUID();
    fault({ ...where, effect: 'error', times: 1 });
    const first = await openShare(openid, cid, SHARE.li);
    expect(first).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await readAll(t, 'customers')).not.toContainEqual(
      expect.objectContaining({ _id: openid }),
    );
    expect(await openShare(openid, cid, SHARE.li)).toMatchObject({ ok: true });
    await expectDerivedEqualsRebuild(t, { withoutShareGoal: true });
  });

  it('A9: a commit whose answer was lost is found by the request itself, settled, and a duplicate on retry', async () => {
    const openid = `lost-${randomUUID()}`;
    const cid = randomUUID();
    const before = (await taskStats('lilei'))?.total.newCustomers ?? 0;
    fault({ action: 'database.commitTransaction', effect: 'errorAfterCommit', times: 1 });
    // The request reads the event back, sees its own commit and settles it: the page is answered.
    expect(await openShare(openid, cid, SHARE.li)).toMatchObject({ ok: true });
    expect(await unsettled()).toEqual([]);
    expect((await taskStats('lilei')).total.newCustomers).toBe(before + 1);
    expect(await openShare(openid, cid, SHARE.li)).toMatchObject({ ok: true });
    expect((await taskStats('lilei')).total.newCustomers).toBe(before + 1);
    await expectDerivedEqualsRebuild(t, { withoutShareGoal: true });
  });
});

describe('a failure while settling: the event is stored, its counters are settled once later', () => {
  it('T4/C3: a failed counter move is finished by the client retry, never moved twice', async () => {
    const openid = `settle-${randomUUID()}`;
    const cid = randomUUID();
    const before = (await taskStats('lilei'))?.total ?? { newCustomers: 0, views: 0 };
    // The content's counter fails, the task's counter moves: a half-settled event.
    fault({
      action: 'database.modifyDocument',
      collection: 'contentStats',
      effect: 'error',
      times: 1,
    });
    expect(await openShare(openid, cid, SHARE.li)).toMatchObject({ ok: true });
    expect((await taskStats('lilei')).total.newCustomers).toBe(before.newCustomers + 1);
    expect(await unsettled()).toHaveLength(1);
    // The retry finds the event stored and finishes its settlement: the task's counter,
    // already moved (marked), does not move again.
    expect(await openShare(openid, cid, SHARE.li)).toMatchObject({ ok: true });
    expect((await taskStats('lilei')).total.newCustomers).toBe(before.newCustomers + 1);
    expect((await taskStats('lilei')).total.views).toBe(before.views + 1);
    await expectDerivedEqualsRebuild(t, { withoutShareGoal: true });
  });

  it('C6/T4: a form whose lead move lost its answer and was never retried is settled by the sweep, counted once', async () => {
    const openid = `sweep-${randomUUID()}`;
    expect(await openShare(openid, randomUUID(), SHARE.han)).toMatchObject({ ok: true });
    const leadsBefore = (await taskStats('hanmeimei')).total.leads;
    fault({ action: 'database.modifyDocument', collection: 'taskStats', effect: 'drop', times: 1 });
    const submitted = await customer(openid, 'forms.submit', {
      clientEventId: randomUUID(),
      formId: 'f1',
      contentId: 'c1',
      shareId: SHARE.han,
      fields: { phone: '13600001111' },
      consent: true,
    });
    expect(submitted).toMatchObject({ ok: true, data: { submitted: true } });
    // The move was done but its answer lost: counted, yet the event does not know it.
    expect((await taskStats('hanmeimei')).total.leads).toBe(leadsBefore + 1);
    expect(await unsettled()).toHaveLength(1);
    const run = await sweep();
    expect(run).toMatchObject({ result: { ok: true, data: { settled: 1 } } });
    expect((await taskStats('hanmeimei')).total.leads).toBe(leadsBefore + 1);
    await expectDerivedEqualsRebuild(t, { withoutShareGoal: true });
  });

  it('A9: an instance killed mid-settlement keeps its lease; the sweep waits for it, then settles once', async () => {
    const openid = `killed-${randomUUID()}`;
    const before = (await taskStats('lilei'))?.total.newCustomers ?? 0;
    // The task's counter move hangs past the function's 2 s timeout: the instance is killed
    // while the move is still in flight (it lands at 3 s, marked).
    fault({
      action: 'database.modifyDocument',
      collection: 'taskStats',
      effect: 'latency',
      ms: 3_000,
      times: 1,
    });
    expect(await openShare(openid, randomUUID(), SHARE.li)).toMatchObject({
      failed: expect.any(String),
    });
    // Its lease still runs: the sweep leaves the event alone.
    expect(await sweep()).toMatchObject({ result: { ok: true, data: { settled: 0 } } });
    await pause(LEASE_MS);
    expect(await sweep()).toMatchObject({ result: { ok: true, data: { settled: 1 } } });
    expect((await taskStats('lilei')).total.newCustomers).toBe(before + 1);
    await expectDerivedEqualsRebuild(t, { withoutShareGoal: true });
  }, 30_000);
});

it('A6/A9/C3/T4: 24 customers, chains and forms through random faults and retries: nothing lost, nothing twice', async () => {
  // Every 23rd update (in transactions and of shared counters) and every 11th commit fail;
  // every 13th event insert loses its answer. Clients retry until answered; then the sweep
  // runs once.
  fault({ action: 'database.modifyDocument', effect: 'error', every: 23 });
  fault({ action: 'database.commitTransaction', effect: 'error', every: 11 });
  fault({ action: 'database.insertDocument', collection: 'events', effect: 'drop', every: 13 });
  const customers = Array.from({ length: 24 }, (_, i) => `chaos-${i}-${randomUUID()}`);
  await Promise.all(
    customers.map(async (openid, i) => {
      const shareId = i % 2 ? SHARE.li : SHARE.han;
      const send = (action: string, payload: Record<string, unknown>) => {
        const clientEventId = randomUUID();
        return untilAnswered(() => customer(openid, action, { clientEventId, ...payload }));
      };
      await send('content.open', { shareId });
      const forwarded = await send('shares.forward', { parentShareId: shareId });
      if (i % 3 === 0 && 'ok' in forwarded && forwarded.ok) {
        // A friend arrives through the forward (C3: the forwarder's network grows).
        const friend = `${openid}-friend`;
        await untilAnswered(() =>
          customer(friend, 'content.open', {
            clientEventId: `${openid}-friend-open`,
            shareId: forwarded.data.shareId,
          }),
        );
      }
      if (i % 4 === 0)
        await send('forms.submit', {
          formId: 'f1',
          contentId: 'c1',
          shareId,
          fields: { phone: '13700002222' },
          consent: true,
        });
    }),
  );
  t.local.faults.clear();
  // A request killed by a fault keeps its lease until it runs out; then the sweep settles it.
  await pause(LEASE_MS);
  await sweep();
  expect(await unsettled()).toEqual([]);
  const rebuilt = await expectDerivedEqualsRebuild(t, {
    withoutShareGoal: true,
    parallelEvents: true,
  });
  // The run did exercise the chain and the forms.
  const network = rebuilt.customers.filter(
    (c) => String(c._id).startsWith('chaos-') && (c.stats as { network: number }).network > 0,
  );
  expect(network.length).toBe(8);
}, 120_000);
