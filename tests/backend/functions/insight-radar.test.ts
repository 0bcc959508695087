/**
 * 商机雷达 (R1-R6) and the 数据看板 summary on the demo enterprise, through the real `timer`,
 * `employee` and `admin` functions; the daily job's resumability and repeatability through
 * the production job module itself (jobs/radar.ts, with its own wx-server-sdk on this cloud).
 */
import { callAs, fireTimerJob, startTestCloud, type TestCloud } from '../support/cloud';
import { readAll as readAllOf } from '../support/derived';
import { liveEmployeeShareIds, loadDemoIntoEmptyStore } from '../../../local/seed/load';
import { demoOpenidOf } from '../../../local/seed/demo';
import { isEmployeesCustomer } from '../../../cloudfunctions/_shared/domain/org';
import { shanghaiWeekStart } from '../../../cloudfunctions/_shared/domain/radar';

type Radar = typeof import('../../../cloudfunctions/_shared/jobs/radar');
let t: TestCloud;
let runRadar: Radar['runRadar'];
const DAY = 24 * 3600 * 1000;

interface Person {
  _id: string;
  roles: string[];
  leadsDepartmentIds: string[];
  status: string;
}
let people: Person[];
let customers: Map<string, any>;
let relations: any[];

/** Every document of a collection (support/derived.ts). */
const readAll = (collection: string): Promise<any[]> => readAllOf(t, collection);

const employee = (openid: string, action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'employee', openid, { action, ...payload });
const openidOf = (p: Person) => demoOpenidOf(p._id);

/** The employee's own customers by the rule the profile enforces (S2). */
function customersOf(userId: string): Set<string> {
  const related = new Set(
    relations.filter((r) => r.employeeId === userId).map((r) => r.customerId),
  );
  const mine = new Set<string>();
  for (const c of customers.values())
    if (isEmployeesCustomer(c, userId, related.has(c._id))) mine.add(c._id);
  return mine;
}

async function wholeList(openid: string, list: string, pageSize = 7): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  for (;;) {
    const result = await employee(openid, 'radar.list', {
      list,
      pageSize,
      ...(cursor ? { cursor } : {}),
    });
    expect(result.ok).toBe(true);
    items.push(...result.data.items);
    if (!result.data.nextCursor) return items;
    cursor = result.data.nextCursor;
  }
}

const fireRadar = () => fireTimerJob(t, 'radar');

/** The radar's own collections, sorted, for comparing two runs. */
async function radarSnapshot(): Promise<{ entries: any[]; features: any[] }> {
  const byId = (a: any, b: any) => (a._id < b._id ? -1 : 1);
  return {
    entries: (await readAll('radarEntries')).sort(byId),
    features: (await readAll('radarFeatures')).sort(byId),
  };
}

/**
 * Rewrites the job's lease (remove + add: the SDK drops a Date made in jest's sandbox from an
 * update, not from an add).
 */
async function setLease(owner: string, until: number): Promise<void> {
  const { data } = await t.db.collection('jobRuns').doc('radar').get();
  await t.db.collection('jobRuns').doc('radar').remove();
  const { _id, ...rest } = data;
  await t.db.collection('jobRuns').add({
    data: {
      ...rest,
      _id,
      leaseOwner: owner,
      leaseUntil: new Date(until),
      version: rest.version + 1,
    },
  });
}

async function resetRadar(): Promise<void> {
  const _ = t.db.command;
  for (const c of ['radarEntries', 'radarFeatures'])
    await t.db
      .collection(c)
      .where({ _id: _.exists(true) })
      .remove();
  await t.db.collection('jobRuns').where({ _id: 'radar' }).remove();
}

let active: Person[];
let admin: Person;
let salesperson: Person;

beforeAll(async () => {
  t = await startTestCloud();
  await loadDemoIntoEmptyStore(t.local, t.dataDir, new Date());
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: t.local.adminUrl });
  jest.isolateModules(() => {
    ({ runRadar } = require('../../../cloudfunctions/_shared/jobs/radar'));
  });
  people = await readAll('employees');
  customers = new Map((await readAll('customers')).map((c) => [c._id, c]));
  relations = await readAll('relations');
  active = people.filter((p) => p.status === 'active');
  admin = active.find((p) => p.roles.includes('admin'))!;
  // The plain salesperson with the most customers: every list has something to show.
  salesperson = active
    .filter((p) => !p.roles.includes('admin') && p.leadsDepartmentIds.length === 0)
    .sort((a, b) => customersOf(b._id).size - customersOf(a._id).size)[0];
}, 120_000);
afterAll(() => t.stop());

describe('R6: before the first run the lists say they were never computed', () => {
  it('answers an empty list with computedAt null, and the admin sees no model yet', async () => {
    const result = await employee(openidOf(salesperson), 'radar.list', { list: 'recommended' });
    expect(result).toEqual({ ok: true, data: { items: [], nextCursor: null, computedAt: null } });
    const model = await callAs(t, 'admin', openidOf(admin), { action: 'radar.model' });
    expect(model.data).toMatchObject({ fittedAt: null, source: null, features: [] });
  });
});

describe('the daily radar run, through the timer', () => {
  let last: any;
  beforeAll(async () => {
    expect(await fireRadar()).toMatchObject({ done: true });
    last = (await t.db.collection('jobRuns').doc('radar').get()).data.last;
  }, 120_000);

  it("R1: recommends the employee's own customers, best score first, each with its reasons in words", async () => {
    const items = await wholeList(openidOf(salesperson), 'recommended');
    expect(items.length).toBeGreaterThan(0);
    const mine = customersOf(salesperson._id);
    for (const item of items) {
      expect(mine.has(item.customerId)).toBe(true);
      expect(item.score).toBeGreaterThanOrEqual(0);
      expect(item.score).toBeLessThanOrEqual(100);
      expect(item.reasons.length).toBeGreaterThanOrEqual(1);
      expect(item.reasons.length).toBeLessThanOrEqual(3);
      for (const reason of item.reasons) expect(reason).toMatch(/[\u4e00-\u9fa5]/);
    }
    const scores = items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Keyset pages neither skip nor repeat: small pages give the same list as one big page.
    const big = await employee(openidOf(salesperson), 'radar.list', {
      list: 'recommended',
      pageSize: 50,
    });
    expect(items.slice(0, 50).map((i) => i.customerId)).toEqual(
      big.data.items.map((i: any) => i.customerId),
    );
  });

  it("R2: lists exactly the employee's customers who left a phone", async () => {
    const items = await wholeList(openidOf(salesperson), 'phone');
    const expected = [...customersOf(salesperson._id)].filter(
      (id) => customers.get(id)?.hasPhone === true,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(items.map((i) => i.customerId).sort()).toEqual(expected.sort());
  });

  it('R3: orders high-spread customers by network and forwards, largest first', async () => {
    const items = await wholeList(openidOf(salesperson), 'spread');
    expect(items.length).toBeGreaterThan(0);
    const spreads = items.map((i) => i.network + i.forwards);
    for (const s of spreads) expect(s).toBeGreaterThan(0);
    expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
  });

  it('R4: churn recovery lists customers quiet for 7 days after having been active', async () => {
    const asOf = new Date(last.asOf).getTime();
    let found = 0;
    for (const person of active.slice(0, 12)) {
      for (const item of await wholeList(openidOf(person), 'churn', 50)) {
        found += 1;
        expect(asOf - new Date(item.lastInteractionAt).getTime()).toBeGreaterThanOrEqual(7 * DAY);
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it("R6: every list says when it was computed: the finished run's time", async () => {
    for (const list of ['recommended', 'phone', 'spread', 'churn']) {
      const result = await employee(openidOf(salesperson), 'radar.list', { list });
      expect(result.data.computedAt).toBe(new Date(last.finishedAt).toISOString());
    }
  });

  it("S2: no employee ever reads another employee's customer on any list", async () => {
    for (const person of active.slice(0, 10)) {
      const mine = customersOf(person._id);
      for (const list of ['recommended', 'phone', 'spread', 'churn']) {
        for (const item of await wholeList(openidOf(person), list, 50))
          expect(mine.has(item.customerId)).toBe(true);
      }
    }
    // There is no way to name someone else: the schema refuses any other field.
    const forged = await employee(openidOf(salesperson), 'radar.list', {
      list: 'phone',
      employeeId: admin._id,
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badList = await employee(openidOf(salesperson), 'radar.list', { list: 'everyone' });
    expect(badList).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badCursor = await employee(openidOf(salesperson), 'radar.list', {
      list: 'phone',
      cursor: 'nope',
    });
    expect(badCursor).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('R1: admins see the fitted weights in Chinese and the held-out accuracy beside the recency baseline', async () => {
    const result = await callAs(t, 'admin', openidOf(admin), { action: 'radar.model' });
    expect(result.ok).toBe(true);
    const model = result.data;
    expect(model.fittedAt).toBe(new Date(last.finishedAt).toISOString());
    expect(model.features.map((f: any) => f.key)).toEqual([
      'recency',
      'frequency',
      'depth',
      'forwards',
      'network',
      'forms',
      'followUps',
      'cardTaps',
    ]);
    for (const f of model.features) expect(f.label).toMatch(/[\u4e00-\u9fa5]/);
    expect(model.source).toBe('fitted');
    expect(model.heldOut).toBeGreaterThan(0);
    expect(model.auc).toBeGreaterThan(0.5);
    expect(typeof model.baselineAuc).toBe('number');
    const refused = await callAs(t, 'admin', openidOf(salesperson), { action: 'radar.model' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('runs once a day: the trigger firing again the same day changes nothing', async () => {
    const before = await radarSnapshot();
    expect(await fireRadar()).toMatchObject({ done: true, alreadyDone: true });
    expect(await radarSnapshot()).toEqual(before);
  });
});

describe('R5: 最新动态 is live, newest first', () => {
  it("shows what customers did through the employee's shares, and a new open at once", async () => {
    const [share] = liveEmployeeShareIds(t.local, salesperson._id);
    expect(share).toBeDefined();
    const before = await employee(openidOf(salesperson), 'radar.activity', { pageSize: 20 });
    expect(before.ok).toBe(true);
    const times = before.data.items.map((i: any) => new Date(i.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const opened = await callAs(t, 'customer', 'radar-new-reader', {
      action: 'content.open',
      clientEventId: 'radar-r5-open',
      shareId: share,
    });
    expect(opened.ok).toBe(true);
    const after = await employee(openidOf(salesperson), 'radar.activity', { pageSize: 20 });
    expect(after.data.items[0]).toMatchObject({
      customerId: 'radar-new-reader',
      label: '浏览了内容',
    });
    expect(after.data.items[0].contentTitle).not.toBe('');
    // Nobody else sees it.
    const other = active.find((p) => p._id !== salesperson._id)!;
    const theirs = await employee(openidOf(other), 'radar.activity', { pageSize: 50 });
    expect(theirs.data.items.some((i: any) => i.customerId === 'radar-new-reader')).toBe(false);
  });
});

describe('数据看板 summary', () => {
  it("counts the caller's customers, new this week, leads and points", async () => {
    const result = await employee(openidOf(salesperson), 'dashboard.summary');
    expect(result.ok).toBe(true);
    const weekStart = shanghaiWeekStart(new Date()).getTime();
    const brought = (await readAll('broughtBy')).filter((b) => b.employeeId === salesperson._id);
    const stats = (await readAll('taskStats')).filter((s) => s.employeeId === salesperson._id);
    const balances = (await readAll('pointsBalances')).filter(
      (b) => b.employeeId === salesperson._id,
    );
    expect(result.data).toEqual({
      customers: (await readAll('relations')).filter((r) => r.employeeId === salesperson._id)
        .length,
      newThisWeek: brought.filter((b) => new Date(b.at).getTime() >= weekStart).length,
      leads: stats.reduce((s, x) => s + (x.total?.leads ?? 0), 0),
      points: balances.reduce((s, b) => s + b.balance, 0),
    });
    expect(result.data.customers).toBeGreaterThan(0);
  });
});

describe('the radar job is resumable and repeatable', () => {
  const asOf = new Date();
  let uninterrupted: { entries: any[]; features: any[] };

  beforeAll(async () => {
    await resetRadar();
    expect(await runRadar({ now: asOf, budgetMs: 1e9 })).toMatchObject({ done: true });
    uninterrupted = await radarSnapshot();
    expect(uninterrupted.entries.length).toBeGreaterThan(0);
  }, 120_000);

  it('a run cut into many small invocations ends with what one uninterrupted run wrote', async () => {
    await resetRadar();
    let calls = 0;
    for (;;) {
      calls += 1;
      const result = await runRadar({ now: asOf, budgetMs: 0, pageSize: 40 });
      if (result.done) break;
      expect(calls).toBeLessThan(200);
    }
    expect(calls).toBeGreaterThan(5);
    expect(await radarSnapshot()).toEqual(uninterrupted);
  }, 120_000);

  it('a runner killed holding its lease blocks no one once the lease expires, and the next completes the run', async () => {
    await resetRadar();
    expect((await runRadar({ now: asOf, budgetMs: 0, pageSize: 40 })).done).toBe(false);
    // Killed mid-step: its lease is still held, its checkpoint is the last one it saved.
    await setLease('killed-runner', Date.now() + 60_000);
    expect(await runRadar({ now: asOf })).toMatchObject({ done: false, busy: true });
    await setLease('killed-runner', Date.now() - 1);
    expect(await runRadar({ now: asOf, budgetMs: 1e9 })).toMatchObject({ done: true });
    expect(await radarSnapshot()).toEqual(uninterrupted);
  }, 120_000);

  it('two runs started at once write the result once: one works, the other is told it is busy', async () => {
    await resetRadar();
    const results = await Promise.all([
      runRadar({ now: asOf, budgetMs: 1e9 }),
      runRadar({ now: asOf, budgetMs: 1e9 }),
    ]);
    expect(results.filter((r) => r.busy)).toHaveLength(1);
    expect(await radarSnapshot()).toEqual(uninterrupted);
  }, 120_000);

  it('a second full run of the same data writes the same rows', async () => {
    await t.db.collection('jobRuns').where({ _id: 'radar' }).remove();
    expect(await runRadar({ now: asOf, budgetMs: 1e9 })).toMatchObject({ done: true });
    expect(await radarSnapshot()).toEqual(uninterrupted);
  }, 120_000);
});
