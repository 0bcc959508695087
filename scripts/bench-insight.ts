/**
 * `npm run bench` (or `-- --insight`), issue 11's figures:
 *  - the daily 商机雷达 and hourly 部门数据 jobs: time and database requests on the demo's
 *    history and on one ten times larger (old, quiet customers with their events), after the
 *    same new events, and the ratio;
 *  - page reads (客户档案, 用户画像, 商机雷达, 部门数据): database requests at 1 000 and at
 *    100 000 customers of one employee;
 *  - the radar model's held-out AUC beside the recency-only baseline's on the demo.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../local/cloud';
import { liveEmployeeShareIds, loadDemoIntoEmptyStore } from '../local/seed/load';

const DAY = 24 * 3600 * 1000;
const DEMO_EMPLOYEE = 'zhangwei';
const DEMO_OPENID = 'demo-openid-zhangwei';
const NEW_VISITORS = 60;

function totalRequests(cloud: LocalCloud): number {
  let n = 0;
  for (const count of cloud.adminRequests.values()) n += count;
  return n;
}

/** One demo clock for every cloud of the run: the two history sizes start from the same demo. */
const DEMO_NOW = new Date();

async function withDemoCloud<T>(label: string, run: (cloud: LocalCloud) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
  const cloud = await startLocalCloud({ dataDir });
  try {
    await loadDemoIntoEmptyStore(cloud, dataDir, DEMO_NOW);
    return await run(cloud);
  } finally {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function commitInChunks(
  cloud: LocalCloud,
  collection: string,
  docs: Record<string, unknown>[],
): Promise<void> {
  if (!cloud.store.hasCollection(collection)) await cloud.store.createCollection(collection);
  for (let i = 0; i < docs.length; i += 2000) {
    await cloud.store.commit(
      docs.slice(i, i + 2000).map((doc) => ({ collection, id: String(doc._id), doc })),
    );
  }
}

/**
 * Nine more copies of the demo's customers, brought and last seen 60 to 400 days ago, with
 * their events, relations and who brought them: history the jobs must not pay for.
 */
async function addOldHistory(cloud: LocalCloud, copies: number): Promise<void> {
  const customers = [...cloud.store.all('customers')];
  const events = [...cloud.store.all('events')];
  const relations = [...cloud.store.all('relations')];
  const brought = [...cloud.store.all('broughtBy')];
  for (let copy = 1; copy <= copies; copy++) {
    const shift = (60 + copy * 35) * DAY;
    const old = (d: unknown) => new Date(new Date(d as string).getTime() - shift);
    const id = (v: unknown) => `${String(v)}#old${copy}`;
    await commitInChunks(
      cloud,
      'customers',
      customers.map((c) => ({
        ...c,
        _id: id(c._id),
        firstSeenAt: old(c.firstSeenAt),
        lastActiveAt: old(c.lastActiveAt),
        ...(c.phoneAt ? { phoneAt: old(c.phoneAt) } : {}),
      })),
    );
    await commitInChunks(
      cloud,
      'events',
      events.map((e) => {
        const { settle: _settle, ...rest } = e as Record<string, unknown>;
        // Old history belongs to old tasks (ids no task has now), as it would.
        return {
          ...rest,
          _id: id(e._id),
          customerId: id(e.customerId),
          taskId: e.taskId ? id(e.taskId) : null,
          at: old(e.at),
        };
      }),
    );
    await commitInChunks(
      cloud,
      'relations',
      relations.map((r) => ({
        ...r,
        _id: id(r._id),
        customerId: id(r.customerId),
        firstTaskId: id(r.firstTaskId),
        firstAt: old(r.firstAt),
        lastAt: old(r.lastAt),
      })),
    );
    await commitInChunks(
      cloud,
      'broughtBy',
      brought.map((b) => ({ ...b, _id: id(b._id), taskId: id(b.taskId), at: old(b.at) })),
    );
  }
}

/** New customers opening a live share of the demo employee (real visits through the function). */
async function newVisits(cloud: LocalCloud, label: string): Promise<void> {
  const [share] = liveEmployeeShareIds(cloud, DEMO_EMPLOYEE);
  if (!share) throw new Error('the demo employee has no live share');
  for (let i = 0; i < NEW_VISITORS; i++) {
    const outcome = await cloud.functions.invoke(
      'customer',
      {
        action: 'content.open',
        clientEventId: `bench-${label}-${String(i).padStart(4, '0')}`,
        shareId: share,
      },
      { OPENID: `bench-new-${label}-${i}` },
    );
    if ('errCode' in outcome) throw new Error(outcome.errMsg);
    const result = outcome.result as { ok: boolean; error?: unknown };
    if (!result.ok) throw new Error(`a new visit was refused: ${JSON.stringify(result.error)}`);
  }
}

/** One job run through the timer function: its database requests and ms. */
async function measureJob(
  cloud: LocalCloud,
  job: string,
): Promise<{ requests: number; ms: number }> {
  const before = totalRequests(cloud);
  const started = process.hrtime.bigint();
  for (let calls = 0; ; calls++) {
    const outcome = await cloud.functions.fireTimer('timer', job);
    if ('errCode' in outcome) throw new Error(outcome.errMsg);
    const result = outcome.result as { ok: boolean; data: { done: boolean }; error?: unknown };
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    if (result.data.done) break;
    if (calls > 100) throw new Error(`${job} did not finish`);
  }
  return {
    requests: totalRequests(cloud) - before,
    ms: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

/** Lets the next trigger start a new run now (the day's radar and the hourly gate set aside). */
async function allowNextRun(cloud: LocalCloud, job: string): Promise<void> {
  const doc = cloud.store.get('jobRuns', job);
  if (!doc) return;
  if (job === 'radar') {
    await cloud.store.commit([{ collection: 'jobRuns', id: job, doc: null }]);
    return;
  }
  const last = doc.last as Record<string, unknown>;
  await cloud.store.commit([
    { collection: 'jobRuns', id: job, doc: { ...doc, last: { ...last, startedAt: new Date(0) } } },
  ]);
}

interface JobFigures {
  customers: number;
  events: number;
  radar: { requests: number; ms: number };
  departments: { requests: number; ms: number };
  auc: number | null;
  baselineAuc: number | null;
  heldOut: number;
}

async function jobFigures(copies: number): Promise<JobFigures> {
  return withDemoCloud(`jobs-${copies}`, async (cloud) => {
    if (copies > 0) await addOldHistory(cloud, copies);
    // The first runs count everything; what is measured is the next run after new activity.
    await measureJob(cloud, 'radar');
    await measureJob(cloud, 'departments');
    await newVisits(cloud, `size${copies}`);
    await allowNextRun(cloud, 'radar');
    await allowNextRun(cloud, 'departments');
    const radar = await measureJob(cloud, 'radar');
    const departments = await measureJob(cloud, 'departments');
    const model = (cloud.store.get('jobRuns', 'radar')?.last as { model: Record<string, number> })
      .model;
    return {
      customers: cloud.store.count('customers'),
      events: cloud.store.count('events'),
      radar,
      departments,
      auc: model.auc ?? null,
      baselineAuc: model.baselineAuc ?? null,
      heldOut: model.heldOut,
    };
  });
}

/** Gives the demo employee `total` customers in all (relations, profiles, radar rows). */
async function growCustomersOf(cloud: LocalCloud, total: number): Promise<void> {
  const have = [...cloud.store.all('relations')].filter((r) => r.employeeId === DEMO_EMPLOYEE);
  const template = have[0];
  const customer = cloud.store.get('customers', template.customerId as string)!;
  const missing = total - have.length;
  const now = Date.now();
  const ids = Array.from({ length: missing }, (_, i) => `bench-cust-${String(i).padStart(6, '0')}`);
  const at = (i: number) => new Date(now - 40 * DAY - i * 60_000);
  await commitInChunks(
    cloud,
    'customers',
    ids.map((id, i) => ({ ...customer, _id: id, lastActiveAt: at(i), firstSeenAt: at(i) })),
  );
  await commitInChunks(
    cloud,
    'relations',
    ids.map((id, i) => ({
      ...template,
      _id: `${DEMO_EMPLOYEE}:${id}`,
      customerId: id,
      brought: false,
      firstAt: at(i),
      lastAt: at(i),
    })),
  );
  const row = [...cloud.store.all('radarEntries')].find((r) => r.employeeId === DEMO_EMPLOYEE);
  if (row) {
    await commitInChunks(
      cloud,
      'radarEntries',
      ids.map((id, i) => ({
        ...row,
        _id: `${DEMO_EMPLOYEE}:${id}`,
        customerId: id,
        score: i % 100,
      })),
    );
  }
}

async function pageReadFigures(): Promise<void> {
  const reads: Array<[string, Record<string, unknown>]> = [
    ['客户档案 (customers.archive)', { action: 'customers.archive' }],
    ['客户档案 filtered 有电话', { action: 'customers.archive', hasPhone: true }],
    ['用户画像 (customers.profile)', { action: 'customers.profile', customerId: '' }],
    ['商机雷达 推荐跟进', { action: 'radar.list', list: 'recommended' }],
    ['商机雷达 最新动态', { action: 'radar.activity' }],
    ['部门数据 (departments.data)', { action: 'departments.data' }],
    ['部门数据 tasks', { action: 'departments.tasks' }],
    ['数据看板 summary', { action: 'dashboard.summary' }],
  ];
  const columns: { customers: number; requests: number[]; ms: number[] }[] = [];
  await withDemoCloud('reads', async (cloud) => {
    for (const job of ['radar', 'departments']) await measureJob(cloud, job);
    const profileOf = [...cloud.store.all('relations')].find((r) => r.employeeId === DEMO_EMPLOYEE)!
      .customerId as string;
    for (const size of [1000, 100_000]) {
      await growCustomersOf(cloud, size);
      const requests: number[] = [];
      const ms: number[] = [];
      for (const [, raw] of reads) {
        const event = raw.action === 'customers.profile' ? { ...raw, customerId: profileOf } : raw;
        await cloud.functions.invoke('employee', event, { OPENID: DEMO_OPENID });
        const before = totalRequests(cloud);
        const started = process.hrtime.bigint();
        const outcome = await cloud.functions.invoke('employee', event, { OPENID: DEMO_OPENID });
        if ('errCode' in outcome) throw new Error(outcome.errMsg);
        const result = outcome.result as { ok: boolean; error?: unknown };
        if (!result.ok)
          throw new Error(`${JSON.stringify(event)}: ${JSON.stringify(result.error)}`);
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
        requests.push(totalRequests(cloud) - before);
      }
      columns.push({ customers: size, requests, ms });
    }
  });
  console.log('\nInsight page reads: database requests (and ms in the local cloud) per call');
  console.log(
    `  ${'read'.padEnd(30)} ${columns.map((c) => `${c.customers} customers`.padStart(22)).join('')}`,
  );
  for (let i = 0; i < reads.length; i++)
    console.log(
      `  ${reads[i][0].padEnd(30)} ${columns
        .map((c) => `${c.requests[i]} (${c.ms[i].toFixed(0)} ms)`.padStart(22))
        .join('')}`,
    );
}

export async function insightFigures(): Promise<void> {
  const small = await jobFigures(0);
  const large = await jobFigures(9);
  console.log(
    `\nInsight jobs: the run after ${NEW_VISITORS} new visitors, through the timer function`,
  );
  console.log(
    `  history                     ${`${small.customers} customers`.padStart(18)}${`${large.customers} customers`.padStart(18)}   ratio`,
  );
  for (const job of ['radar', 'departments'] as const) {
    const a = small[job];
    const b = large[job];
    console.log(
      `  ${`${job} requests`.padEnd(27)} ${String(a.requests).padStart(18)}${String(b.requests).padStart(18)}   ${(b.requests / a.requests).toFixed(2)}`,
    );
    console.log(
      `  ${`${job} ms`.padEnd(27)} ${a.ms.toFixed(0).padStart(18)}${b.ms.toFixed(0).padStart(18)}   ${(b.ms / a.ms).toFixed(2)}`,
    );
  }
  console.log(
    `  events in the log           ${String(small.events).padStart(18)}${String(large.events).padStart(18)}`,
  );
  console.log('\nRadar model on the demo (held-out customers)');
  console.log(`  held-out examples           ${String(small.heldOut).padStart(8)}`);
  console.log(`  model AUC                   ${(small.auc ?? NaN).toFixed(3).padStart(8)}`);
  console.log(`  recency-only baseline AUC   ${(small.baselineAuc ?? NaN).toFixed(3).padStart(8)}`);
  await pageReadFigures();
}
