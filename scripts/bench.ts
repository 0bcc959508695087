/**
 * `npm run bench`: figures, not assertions. Prints
 *  - database requests per action (what a page costs the database), at two data sizes;
 *  - throughput of function calls through the host next to raw SDK writes, as a ratio;
 *  - points: a credit's, a redemption's and the leaderboards' requests (reads at two sizes);
 *  - insight (bench-insight.ts): the radar and department jobs at two history sizes, page reads
 *    at 1 000 and 100 000 customers, the radar model against its baseline;
 *  - local cloud restart (recovery) time at two store sizes;
 *  - package sizes: the mini-program's main package (budget 1.2 MB) and subpackages, each
 *    function bundle, and the largest setData payload of each page (in its page tests).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions, FUNCTIONS_OUT_DIR } from './build-functions';
import { packageSizes } from './package-sizes';
import { startLocalCloud, type LocalCloud } from '../local/cloud';
import { loadDemoIntoEmptyStore } from '../local/seed/load';
import { insightFigures } from './bench-insight';

process.env.TENCENTCLOUD ??= 'true';
process.env.TENCENTCLOUD_SECRETID ??= 'local';
process.env.TENCENTCLOUD_SECRETKEY ??= 'local';
process.env.SILENCE = 'true';

const DEMO_EMPLOYEE = 'demo-openid-zhangwei';

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
}

function totalRequests(cloud: LocalCloud): number {
  let n = 0;
  for (const count of cloud.adminRequests.values()) n += count;
  return n;
}

/** Database requests one function call makes (after a warm-up call, so cold start is excluded). */
async function requestsPerCall(
  cloud: LocalCloud,
  fn: string,
  event: Record<string, unknown>,
  openid: string,
): Promise<number> {
  await cloud.functions.invoke(fn, event, { OPENID: openid });
  const before = totalRequests(cloud);
  const outcome = await cloud.functions.invoke(fn, event, { OPENID: openid });
  if ('errCode' in outcome)
    throw new Error(`${fn} ${JSON.stringify(event)} failed: ${outcome.errMsg}`);
  const result = outcome.result as { ok: boolean; error?: unknown };
  if (!result.ok)
    throw new Error(`${fn} ${JSON.stringify(event)} answered ${JSON.stringify(result.error)}`);
  return totalRequests(cloud) - before;
}

/** Adds `factor - 1` copies of every task assignment for other, invented employees. */
async function inflateAssignments(cloud: LocalCloud, factor: number): Promise<number> {
  const rows = [...cloud.store.all('taskAssignees')];
  for (let copy = 1; copy < factor; copy++) {
    const batch = rows.map((row) => ({
      collection: 'taskAssignees',
      id: `${row._id}#${copy}`,
      doc: { ...row, _id: `${row._id}#${copy}`, userId: `${row.userId}#${copy}` },
    }));
    await cloud.store.commit(batch);
  }
  return cloud.store.count('taskAssignees');
}

async function requestFigures(): Promise<void> {
  const dataDir = tempDir('requests');
  const cloud = await startLocalCloud({ dataDir });
  try {
    await loadDemoIntoEmptyStore(cloud, dataDir, new Date());
    const actions: Array<[string, Record<string, unknown>]> = [
      ['me.get', { action: 'me.get' }],
      ['tasks.list active', { action: 'tasks.list', status: 'active' }],
      ['tasks.list ended', { action: 'tasks.list', status: 'ended' }],
    ];
    const small = cloud.store.count('taskAssignees');
    const atSmall = [];
    for (const [, event] of actions)
      atSmall.push(await requestsPerCall(cloud, 'employee', event, DEMO_EMPLOYEE));
    const large = await inflateAssignments(cloud, 20);
    console.log('\nDatabase requests per action (employee function)');
    console.log(
      `  ${'action'.padEnd(20)} ${`${small} assignments`.padStart(18)} ${`${large} assignments`.padStart(18)}`,
    );
    for (let i = 0; i < actions.length; i++) {
      const atLarge = await requestsPerCall(cloud, 'employee', actions[i][1], DEMO_EMPLOYEE);
      console.log(
        `  ${actions[i][0].padEnd(20)} ${String(atSmall[i]).padStart(18)} ${String(atLarge).padStart(18)}`,
      );
    }
  } finally {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function throughputFigures(): Promise<void> {
  const dataDir = tempDir('throughput');
  const cloud = await startLocalCloud({ dataDir });
  try {
    await loadDemoIntoEmptyStore(cloud, dataDir, new Date());
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk');
    sdk.init({ env: 'local-env', serviceUrl: cloud.adminUrl });
    const db = sdk.database();
    const concurrency = 8;
    const perWorker = 150;

    const rawStart = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = 0; i < perWorker; i++)
          await db
            .collection('events')
            .add({ data: { _id: `bench-${w}-${i}`, type: 'visit', at: new Date() } });
      }),
    );
    const rawSeconds = Number(process.hrtime.bigint() - rawStart) / 1e9;
    const rawRate = (concurrency * perWorker) / rawSeconds;

    const event = { action: 'tasks.list', status: 'active' };
    await Promise.all(
      Array.from({ length: 4 }, () =>
        cloud.functions.invoke('employee', event, { OPENID: DEMO_EMPLOYEE }),
      ),
    );
    const callStart = process.hrtime.bigint();
    const calls = 400;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < calls / concurrency; i++)
          await cloud.functions.invoke('employee', event, { OPENID: DEMO_EMPLOYEE });
      }),
    );
    const callSeconds = Number(process.hrtime.bigint() - callStart) / 1e9;
    const callRate = calls / callSeconds;
    const readsPerCall = await requestsPerCall(cloud, 'employee', event, DEMO_EMPLOYEE);
    console.log('\nThroughput (8 concurrent clients, 4 function instances, 2 cores)');
    console.log(`  raw SDK inserts            ${rawRate.toFixed(0).padStart(8)} /s`);
    console.log(
      `  employee tasks.list calls  ${callRate.toFixed(0).padStart(8)} /s  (${readsPerCall} database requests each)`,
    );
    console.log(`  ratio calls : inserts      ${(callRate / rawRate).toFixed(2).padStart(8)}`);
  } finally {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function recoveryFigures(): Promise<void> {
  console.log('\nLocal cloud restart (snapshot load + journal replay)');
  for (const size of [10_000, 100_000]) {
    const dataDir = tempDir('recovery');
    let cloud = await startLocalCloud({ dataDir });
    for (let i = 0; i < size; i += 5000) {
      await cloud.store.commit(
        Array.from({ length: Math.min(5000, size - i) }, (_, k) => ({
          collection: 'events',
          id: `e${i + k}`,
          doc: {
            _id: `e${i + k}`,
            type: 'visit',
            customerId: `c${(i + k) % 997}`,
            at: new Date(),
            data: { dwellMs: 1200 },
          },
        })),
      );
    }
    await cloud.stop();
    const start = process.hrtime.bigint();
    cloud = await startLocalCloud({ dataDir });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const bytes = fs
      .readdirSync(dataDir)
      .reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0);
    console.log(
      `  ${String(size).padStart(7)} documents: ${ms.toFixed(0).padStart(6)} ms, ${(bytes / 1024 / 1024).toFixed(1)} MB on disk`,
    );
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Our budget for the main package (WeChat refuses 2048 KB; CI fails past it). */
const MAIN_BUDGET_BYTES = 1.2 * 1024 * 1024;

function sizeFigures(): void {
  const kb = (n: number) => `${(n / 1024).toFixed(0).padStart(7)} KB`;
  console.log(
    '\nPackage sizes (TypeScript counted as source; budget main <= 1229 KB; WeChat limit 2048 KB)',
  );
  for (const { name, bytes } of packageSizes())
    console.log(
      `  ${(name === 'main' ? 'main package (with miniprogram_npm)' : `subpackage ${name}`).padEnd(36)} ${kb(bytes)}${
        name === 'main' ? (bytes <= MAIN_BUDGET_BYTES ? '   within budget' : '   OVER BUDGET') : ''
      }`,
    );
  for (const fn of fs.readdirSync(FUNCTIONS_OUT_DIR)) {
    console.log(
      `  function ${fn.padEnd(27)} ${kb(fs.statSync(path.join(FUNCTIONS_OUT_DIR, fn, 'index.js')).size)}`,
    );
  }
}

/**
 * Attribution (customer function): database requests of a first visit, a repeat visit, a
 * forward and a form submission, and visits per second through the function host next to raw
 * inserts per second through the same SDK and local cloud.
 */
async function attributionFigures(): Promise<void> {
  const dataDir = tempDir('attribution');
  const cloud = await startLocalCloud({ dataDir });
  try {
    const now = new Date();
    await loadDemoIntoEmptyStore(cloud, dataDir, now);
    const content = [...cloud.store.all('contents')].find((c) => c.formId) as
      { _id: string; formId: string } | undefined;
    const employee = [...cloud.store.all('employees')].find((e) => e.status === 'active') as
      { _id: string } | undefined;
    if (!content || !employee) throw new Error('the demo has no content with a form or employee');
    const form = cloud.store.get('forms', content.formId) as unknown as {
      _id: string;
      fields: Array<{ key: string; type: string; options?: string[] }>;
    };
    const day = 24 * 3600 * 1000;
    const taskId = 'bench-attribution-task';
    const shareId = 'BenchShare01';
    await cloud.store.commit([
      {
        collection: 'tasks',
        id: taskId,
        doc: {
          _id: taskId,
          title: 'bench',
          shareTitle: 'bench',
          shareCover: '',
          contentId: content._id,
          startAt: new Date(now.getTime() - day),
          endAt: new Date(now.getTime() + day),
          redeemDeadline: new Date(now.getTime() + 10 * day),
          assignment: { departmentIds: [], userIds: [employee._id] },
          goals: [],
          benefits: [],
          state: 'published',
          createdAt: new Date(now.getTime() - 2 * day),
          publishedAt: new Date(now.getTime() - 2 * day),
          cancelledAt: null,
        },
      },
      {
        collection: 'taskAssignees',
        id: `${taskId}:${employee._id}`,
        doc: {
          _id: `${taskId}:${employee._id}`,
          taskId,
          userId: employee._id,
          departmentIds: [],
          taskState: 'published',
          startAt: new Date(now.getTime() - day),
          endAt: new Date(now.getTime() + day),
          assignedAt: new Date(now.getTime() - 2 * day),
          claimedAt: new Date(now.getTime() - day),
        },
      },
      {
        collection: 'shares',
        id: shareId,
        doc: {
          _id: shareId,
          taskId,
          contentId: content._id,
          rootEmployeeId: employee._id,
          sharerType: 'employee',
          sharerId: employee._id,
          parentShareId: null,
          depth: 0,
          channel: 'wechat_chat',
          createdAt: new Date(now.getTime() - 60 * 1000),
        },
      },
    ]);
    let seq = 0;
    const clientEventId = () => `bench-event-${++seq}-${Date.now()}`;
    const call = async (openid: string, event: Record<string, unknown>) => {
      const outcome = await cloud.functions.invoke('customer', event, { OPENID: openid });
      if ('errCode' in outcome) throw new Error(`customer failed: ${outcome.errMsg}`);
      const result = outcome.result as { ok: boolean; data?: unknown; error?: unknown };
      if (!result.ok) throw new Error(`customer answered ${JSON.stringify(result.error)}`);
      return result.data;
    };
    const measure = async (openid: string, event: Record<string, unknown>) => {
      const before = totalRequests(cloud);
      const data = await call(openid, event);
      return { requests: totalRequests(cloud) - before, data };
    };
    const open = () => ({ action: 'content.open', clientEventId: clientEventId(), shareId });
    // Warm-up: the function instance's cold start is not the visit's cost.
    await call('bench-warmup', open());
    const perAction = () => new Map(cloud.adminRequests);
    const beforeFirst = perAction();
    const first = await measure('bench-customer', open());
    const firstByAction = [...cloud.adminRequests]
      .map(([action, n]) => [action, n - (beforeFirst.get(action) ?? 0)] as const)
      .filter(([, n]) => n > 0);
    const repeat = await measure('bench-customer', open());
    const forward = await measure('bench-customer', {
      action: 'shares.forward',
      clientEventId: clientEventId(),
      parentShareId: shareId,
    });
    const fields: Record<string, string> = {};
    for (const field of form.fields)
      fields[field.key] =
        field.type === 'phone'
          ? '13912345678'
          : field.type === 'select'
            ? field.options![0]
            : '测试';
    const submit = await measure('bench-customer', {
      action: 'forms.submit',
      clientEventId: clientEventId(),
      formId: form._id,
      contentId: content._id,
      shareId,
      fields,
      consent: true,
    });
    console.log('\nAttribution (customer function): database requests per call');
    console.log(`  first visit (new customer)  ${String(first.requests).padStart(4)}`);
    console.log(
      `    of which ${firstByAction.map(([action, n]) => `${action.replace('database.', '')} ${n}`).join(', ')}`,
    );
    console.log(`  repeat visit (same session) ${String(repeat.requests).padStart(4)}`);
    console.log(`  forward                     ${String(forward.requests).padStart(4)}`);
    console.log(`  form submission (a lead)    ${String(submit.requests).padStart(4)}`);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk');
    // The SDK was initialised for the previous section's cloud: a new instance for this one.
    const db = sdk.createNewInstance({ env: 'local-env', serviceUrl: cloud.adminUrl }).database();
    const concurrency = 8;
    const perWorker = 150;
    const rawStart = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = 0; i < perWorker; i++)
          await db
            .collection('events')
            .add({ data: { _id: `bench-raw-${w}-${i}`, type: 'visit', at: new Date() } });
      }),
    );
    const rawRate = (concurrency * perWorker) / (Number(process.hrtime.bigint() - rawStart) / 1e9);

    const rate = async (label: string, openidOf: (w: number, i: number) => string) => {
      const calls = 400;
      const start = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          for (let i = 0; i < calls / concurrency; i++) await call(openidOf(w, i), open());
        }),
      );
      const perSecond = calls / (Number(process.hrtime.bigint() - start) / 1e9);
      console.log(
        `  ${label.padEnd(27)} ${perSecond.toFixed(0).padStart(8)} /s  ratio visits : inserts ${(perSecond / rawRate).toFixed(2)}`,
      );
    };
    console.log('\nAttribution throughput (8 concurrent clients, 4 function instances)');
    console.log(`  raw SDK inserts             ${rawRate.toFixed(0).padStart(8)} /s`);
    await rate('first visits (new users)', (w, i) => `bench-new-${w}-${i}`);
    await rate('repeat visits', (w) => `bench-new-${w}-0`);

    // The settlement sweep (timer attribution-settle) at two backlogs: visits whose counter
    // moves failed (the content's counters refuse every write) wait for it.
    console.log(
      '\nSettlement sweep (timer attribution-settle): events left unsettled by failed moves',
    );
    for (const backlog of [100, 1000]) {
      cloud.faults.add({
        target: 'database',
        action: 'database.modifyDocument',
        collection: 'contentStats',
        effect: 'error',
      });
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          for (let i = w; i < backlog; i += concurrency)
            await call(`bench-sweep-${backlog}-${i}`, open());
        }),
      );
      cloud.faults.clear();
      const before = totalRequests(cloud);
      const start = process.hrtime.bigint();
      const outcome = await cloud.functions.fireTimer('timer', 'attribution-settle');
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const settled =
        'result' in outcome ? (outcome.result as { data: { settled: number } }).data.settled : 0;
      console.log(
        `  backlog ${String(backlog).padStart(5)}: settled ${settled} in ${ms.toFixed(0)} ms, ${((totalRequests(cloud) - before) / Math.max(settled, 1)).toFixed(1)} requests per event`,
      );
    }
  } finally {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Points (employee function): database requests of a share that credits a goal next to one that
 * does not (the credit's own cost), of a redemption, and of each leaderboard and ledger read at
 * 1,000 and 100,000 ledger entries (with the rankings of as many invented employees).
 */
async function pointsFigures(): Promise<void> {
  const dataDir = tempDir('points');
  const cloud = await startLocalCloud({ dataDir });
  try {
    const now = Date.now();
    await loadDemoIntoEmptyStore(cloud, dataDir, new Date(now));
    const day = 24 * 3600 * 1000;
    const employeeId = 'zhangwei';
    const task = (id: string, goals: unknown[], benefits: unknown[]) => ({
      collection: 'tasks',
      id,
      doc: {
        _id: id,
        title: id,
        shareTitle: id,
        shareCover: '',
        contentId: 'demo-content-slab-table',
        startAt: new Date(now - day),
        endAt: new Date(now + day),
        redeemDeadline: new Date(now + 10 * day),
        assignment: { departmentIds: [], userIds: [employeeId] },
        goals,
        benefits,
        state: 'published',
        createdAt: new Date(now - 2 * day),
        publishedAt: new Date(now - 2 * day),
        cancelledAt: null,
      },
    });
    const row = (taskId: string) => ({
      collection: 'taskAssignees',
      id: `${taskId}:${employeeId}`,
      doc: {
        _id: `${taskId}:${employeeId}`,
        taskId,
        userId: employeeId,
        departmentIds: ['2'],
        taskState: 'published',
        startAt: new Date(now - day),
        endAt: new Date(now + day),
        assignedAt: new Date(now - 2 * day),
        claimedAt: new Date(now - day),
      },
    });
    const goal = { id: 'g1', kind: 'shares', target: 2, points: 100 };
    const benefit = { id: 'b1', name: '咖啡券', cost: 10, stock: 1000, perEmployeeLimit: 1000 };
    await cloud.store.commit([
      task('bench-points', [goal], [benefit]),
      row('bench-points'),
      task('bench-warm', [goal], []),
      row('bench-warm'),
    ]);
    let seq = 0;
    const shareEvent = (taskId: string) => ({
      action: 'shares.create',
      taskId,
      channel: 'wechat_chat',
      requestId: `bench-share-${++seq}`,
    });
    const measure = async (event: Record<string, unknown>) => {
      const before = totalRequests(cloud);
      const outcome = await cloud.functions.invoke('employee', event, { OPENID: DEMO_EMPLOYEE });
      if ('errCode' in outcome) throw new Error(`employee failed: ${outcome.errMsg}`);
      const result = outcome.result as { ok: boolean; error?: unknown };
      if (!result.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(result.error)}`);
      return totalRequests(cloud) - before;
    };
    // Warm the instance (cold start and the task cache are not a share's cost).
    await measure(shareEvent('bench-warm'));
    await measure(shareEvent('bench-warm'));
    const plain = await measure(shareEvent('bench-points'));
    const crossing = await measure(shareEvent('bench-points'));
    const after = await measure(shareEvent('bench-points'));
    // The task ends: its 100 points become redeemable.
    await cloud.store.commit([
      {
        collection: 'tasks',
        id: 'bench-points',
        doc: {
          ...(cloud.store.get('tasks', 'bench-points') as Record<string, unknown>),
          endAt: new Date(Date.now() - 1000),
        },
      },
    ]);
    const redeem = await measure({
      action: 'benefits.redeem',
      taskId: 'bench-points',
      benefitId: 'b1',
      requestId: 'bench-redeem-1',
    });
    const retried = await measure({
      action: 'benefits.redeem',
      taskId: 'bench-points',
      benefitId: 'b1',
      requestId: 'bench-redeem-1',
    });
    console.log('\nPoints (employee function): database requests per call');
    console.log(`  share, no goal reached          ${String(plain).padStart(4)}`);
    console.log(
      `  share that credits a goal       ${String(crossing).padStart(4)}  (the credit: ${crossing - plain})`,
    );
    console.log(`  share after the goal credited   ${String(after).padStart(4)}`);
    console.log(`  redemption                      ${String(redeem).padStart(4)}`);
    console.log(`  redemption retried (same id)    ${String(retried).padStart(4)}`);

    const reads: Array<[string, Record<string, unknown>]> = [
      ['task leaderboard', { action: 'leaderboards.get', board: 'task', taskId: 'bench-points' }],
      ['points board, month', { action: 'leaderboards.get', board: 'points', period: 'month' }],
      ['brought board, all', { action: 'leaderboards.get', board: 'brought', period: 'all' }],
      ['points.summary', { action: 'points.summary' }],
      ['points.ledger page', { action: 'points.ledger' }],
    ];
    /** Invented employees' credits: ledger entries, their balances and board rows. */
    const inflateTo = async (entries: number) => {
      const have = cloud.store.count('pointsLedger');
      const month = new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 7);
      for (let i = have; i < entries; i += 5000) {
        const batch = [];
        for (let k = i; k < Math.min(entries, i + 5000); k += 1) {
          const who = `bench-emp-${k}`;
          const at = new Date(now - (k % 1000) * 60_000);
          batch.push(
            {
              collection: 'pointsLedger',
              id: `credit:bench-points:${who}:g1`,
              doc: {
                _id: `credit:bench-points:${who}:g1`,
                type: 'credit',
                taskId: 'bench-points',
                employeeId: who,
                points: (k % 7) * 10 + 10,
                goalId: 'g1',
                goalKind: 'shares',
                target: 2,
                redemptionId: null,
                benefitName: null,
                at,
              },
            },
            {
              collection: 'pointsBalances',
              id: `bench-points:${who}`,
              doc: {
                _id: `bench-points:${who}`,
                taskId: 'bench-points',
                employeeId: who,
                credited: (k % 7) * 10 + 10,
                redeemed: 0,
                balance: (k % 7) * 10 + 10,
                creditedGoals: ['g1'],
                lastCreditAt: at,
                redeemedByBenefit: {},
              },
            },
            ...['all', month].map((period) => ({
              collection: 'leaderboard',
              id: `points:${period}:${who}`,
              doc: {
                _id: `points:${period}:${who}`,
                board: 'points',
                period,
                employeeId: who,
                value: (k % 7) * 10 + 10,
                reachedAt: at,
              },
            })),
            {
              collection: 'leaderboard',
              id: `brought:all:${who}`,
              doc: {
                _id: `brought:all:${who}`,
                board: 'brought',
                period: 'all',
                employeeId: who,
                value: k % 13,
                reachedAt: at,
              },
            },
          );
        }
        await cloud.store.commit(batch);
      }
      return cloud.store.count('pointsLedger');
    };
    const columns: Array<{ entries: number; requests: number[]; ms: number[] }> = [];
    for (const entries of [1_000, 100_000]) {
      const actual = await inflateTo(entries);
      const requests: number[] = [];
      const ms: number[] = [];
      for (const [, event] of reads) {
        await measure(event);
        const start = process.hrtime.bigint();
        requests.push(await measure(event));
        ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      columns.push({ entries: actual, requests, ms });
    }
    console.log('\nPoints reads: database requests (and ms in the local cloud) per call');
    console.log(
      `  ${'read'.padEnd(22)} ${columns.map((c) => `${c.entries} ledger entries`.padStart(26)).join('')}`,
    );
    for (let i = 0; i < reads.length; i++)
      console.log(
        `  ${reads[i][0].padEnd(22)} ${columns
          .map((c) => `${c.requests[i]} (${c.ms[i].toFixed(0)} ms)`.padStart(26))
          .join('')}`,
      );
  } finally {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The largest `setData` payload each page sent while its page tests ran (JSON bytes; the
 * runtime copies every payload across threads, and WeChat warns past 256 KB per call).
 */
function setDataFigures(): void {
  const report = path.join(tempDir('setdata'), 'setdata.jsonl');
  const run = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--selectProjects', 'miniprogram', '--silent'],
    { env: { ...process.env, SETDATA_REPORT: report }, encoding: 'utf8' },
  );
  if (!fs.existsSync(report)) {
    console.log(`\nLargest setData per page: the page tests wrote nothing (exit ${run.status})`);
    return;
  }
  const largest = new Map<string, number>();
  for (const line of fs.readFileSync(report, 'utf8').split('\n').filter(Boolean)) {
    const { page, bytes } = JSON.parse(line) as { page: string; bytes: number };
    largest.set(page, Math.max(largest.get(page) ?? 0, bytes));
  }
  console.log('\nLargest setData payload per page (in its page tests)');
  for (const [page, bytes] of [...largest].sort((a, b) => b[1] - a[1]))
    console.log(`  ${page.padEnd(44)} ${(bytes / 1024).toFixed(1).padStart(7)} KB`);
}

async function main(): Promise<void> {
  await buildFunctions();
  if (process.argv.includes('--points')) {
    await pointsFigures();
    return;
  }
  if (process.argv.includes('--sizes')) {
    sizeFigures();
    setDataFigures();
    return;
  }
  if (process.argv.includes('--insight')) {
    await insightFigures();
    return;
  }
  await requestFigures();
  await throughputFigures();
  await attributionFigures();
  await pointsFigures();
  await insightFigures();
  await recoveryFigures();
  sizeFigures();
  setDataFigures();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
