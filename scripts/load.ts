/**
 * `npm run load -- --seconds 60 --customers 200 [--concurrency 16]`: simulated customers open the
 * demo's live shares, read (dwell), forward to new customers and submit forms against the local
 * cloud, through the real `customer` function, for the given time. Prints throughput and
 * p50/p95/p99 latency per action, then checks, after the settlement sweep:
 *  - every acknowledged event is stored exactly once (its A9 id, and no other event of the run);
 *  - every counter equals a recount from the event log (local/derived-check.ts).
 * Exits 1 when a check fails (docs/reliability.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventId } from '../cloudfunctions/_shared/attribution/rules';
import { startLocalCloud } from '../local/cloud';
import { checkDerived } from '../local/derived-check';
import { liveEmployeeShareIds, loadDemoIntoEmptyStore } from '../local/seed/load';
import { buildFunctions } from './build-functions';

process.env.TENCENTCLOUD ??= 'true';
process.env.SILENCE = 'true';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

type Action = 'open' | 'dwell' | 'forward' | 'form';

interface Customer {
  openid: string;
  /** The share this customer came through (an employee's, or a forward's). */
  shareId: string;
  contentId: string | null;
  formId: string | null;
  formFields: { key: string; type: string; options?: string[] }[];
  submitted: boolean;
}

interface Acknowledged {
  type: 'visit' | 'dwell' | 'forward' | 'form';
  customerId: string;
  clientEventId: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const seconds = option('seconds', 60);
  const customerCount = Math.floor(option('customers', 200));
  const concurrency = Math.floor(option('concurrency', 16));
  await buildFunctions();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-'));
  const cloud = await startLocalCloud({ dataDir });
  let failed: boolean;
  try {
    await loadDemoIntoEmptyStore(cloud, dataDir, new Date());
    const shares = liveEmployeeShareIds(cloud);
    if (shares.length === 0) throw new Error('the demo has no live employee share');
    const customers: Customer[] = Array.from({ length: customerCount }, (_, i) => ({
      openid: `load-customer-${i}`,
      shareId: shares[i % shares.length],
      contentId: null,
      formId: null,
      formFields: [],
      submitted: false,
    }));
    const latencies = new Map<Action, number[]>();
    const errors = new Map<string, number>();
    const acknowledged: Acknowledged[] = [];
    let sequence = 0;
    let newcomers = 0;

    const call = async (action: Action, openid: string, event: Record<string, unknown>) => {
      const started = process.hrtime.bigint();
      const outcome = await cloud.functions.invoke('customer', event, {
        OPENID: openid,
        SOURCE: 'wx_client',
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      (latencies.get(action) ?? latencies.set(action, []).get(action)!).push(ms);
      if ('errCode' in outcome) {
        errors.set(outcome.errMsg, (errors.get(outcome.errMsg) ?? 0) + 1);
        return null;
      }
      const result = outcome.result as {
        ok: boolean;
        data?: {
          content: { id: string };
          form: { id: string; fields: Customer['formFields'] } | null;
          shareId: string;
        };
        error?: { code: string };
      };
      if (!result.ok) {
        const key = `${action}: ${result.error?.code}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
        return null;
      }
      return result.data;
    };

    /** One step of one customer: open first, then read, forward (a new customer) or submit. */
    const step = async (customer: Customer) => {
      const clientEventId = `load-${String(++sequence).padStart(8, '0')}`;
      if (!customer.contentId) {
        const data = await call('open', customer.openid, {
          action: 'content.open',
          clientEventId,
          shareId: customer.shareId,
        });
        if (!data) return;
        acknowledged.push({ type: 'visit', customerId: customer.openid, clientEventId });
        customer.contentId = data.content.id;
        customer.formId = data.form?.id ?? null;
        customer.formFields = data.form?.fields ?? [];
        return;
      }
      const roll = Math.random();
      if (roll < 0.45) {
        const data = await call('open', customer.openid, {
          action: 'content.open',
          clientEventId,
          shareId: customer.shareId,
        });
        if (data) acknowledged.push({ type: 'visit', customerId: customer.openid, clientEventId });
      } else if (roll < 0.75) {
        const data = await call('dwell', customer.openid, {
          action: 'events.record',
          clientEventId,
          type: 'dwell',
          contentId: customer.contentId,
          shareId: customer.shareId,
          dwellMs: 1000 + Math.floor(Math.random() * 120_000),
          scrollDepth: Math.floor(Math.random() * 100),
        });
        if (data) acknowledged.push({ type: 'dwell', customerId: customer.openid, clientEventId });
      } else if (roll < 0.9) {
        const data = await call('forward', customer.openid, {
          action: 'shares.forward',
          clientEventId,
          parentShareId: customer.shareId,
        });
        if (!data) return;
        acknowledged.push({ type: 'forward', customerId: customer.openid, clientEventId });
        // The forward reaches a new customer, who joins the crowd.
        customers.push({
          openid: `load-newcomer-${++newcomers}`,
          shareId: data.shareId,
          contentId: null,
          formId: null,
          formFields: [],
          submitted: false,
        });
      } else if (customer.formId && !customer.submitted) {
        const fields: Record<string, string> = {};
        for (const field of customer.formFields)
          fields[field.key] =
            field.type === 'phone'
              ? `139${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}`
              : field.type === 'select'
                ? field.options![0]
                : '压测';
        const data = await call('form', customer.openid, {
          action: 'forms.submit',
          clientEventId,
          formId: customer.formId,
          contentId: customer.contentId,
          shareId: customer.shareId,
          fields,
          consent: true,
        });
        if (data) {
          customer.submitted = true;
          acknowledged.push({ type: 'form', customerId: customer.openid, clientEventId });
        }
      }
    };

    const deadline = Date.now() + seconds * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          await step(customers[Math.floor(Math.random() * customers.length)]);
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;

    // Whatever a request left unsettled, the timer's sweep settles (as in production).
    for (let i = 0; i < 50; i++) {
      const outcome = await cloud.functions.fireTimer('timer', 'attribution-settle');
      const data =
        'errCode' in outcome
          ? null
          : (outcome.result as { data?: { settled: number; failed: number } }).data;
      if (!data || (data.settled === 0 && data.failed === 0)) break;
    }

    const calls = [...latencies.values()].reduce((n, list) => n + list.length, 0);
    console.log(
      `\nLoad: ${seconds} s, ${customerCount} customers (+${newcomers} through forwards), ${concurrency} concurrent clients`,
    );
    console.log(`  calls ${calls}, acknowledged events ${acknowledged.length}`);
    console.log(`  throughput ${(calls / elapsed).toFixed(0)} calls/s`);
    console.log(
      `  ${'action'.padEnd(10)}${'calls'.padStart(8)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}`,
    );
    for (const [action, list] of latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(
        `  ${action.padEnd(10)}${String(list.length).padStart(8)}${[50, 95, 99].map((p) => `${percentile(sorted, p).toFixed(0)}ms`.padStart(9)).join('')}`,
      );
    }
    for (const [error, n] of errors) console.log(`  refused or failed: ${error} x${n}`);

    // Exactly once: each acknowledged event under its A9 id; nothing else of the run's customers.
    const stored = [...cloud.store.all('events')].filter((e) =>
      String(e.customerId).startsWith('load-'),
    );
    const storedIds = new Set(stored.map((e) => e._id));
    const expectedIds = new Set(
      acknowledged.map((a) => eventId(a.type, a.customerId, a.clientEventId)),
    );
    const lost = [...expectedIds].filter((id) => !storedIds.has(id));
    const extra = stored.filter((e) => !expectedIds.has(e._id)).map((e) => e._id);
    console.log(
      `\nExactly once: ${expectedIds.size} acknowledged, ${lost.length} lost, ${extra.length} unacknowledged or doubled`,
    );
    const derived = await checkDerived(
      async (collection) =>
        cloud.store.hasCollection(collection) ? ([...cloud.store.all(collection)] as never) : [],
      { parallelEvents: true },
    );
    console.log(
      `Counters against a recount from the event log: ${derived.unsettled.length} unsettled events, ${derived.differing.length} collections differ`,
    );
    for (const d of derived.differing) {
      console.log(
        `  ${d.collection}: ${d.ids.length} documents differ (${d.ids.slice(0, 5).join(', ')})`,
      );
      // LOAD_DEBUG=1: the first differing document, as stored and as rebuilt.
      if (process.env.LOAD_DEBUG) {
        const id = d.ids[0];
        console.log(`    stored  ${JSON.stringify(d.stored.find((x) => x._id === id))}`);
        console.log(`    rebuilt ${JSON.stringify(d.rebuilt.find((x) => x._id === id))}`);
      }
    }
    failed =
      lost.length > 0 ||
      extra.length > 0 ||
      derived.unsettled.length > 0 ||
      derived.differing.length > 0;
    console.log(failed ? '\nLOAD CHECK FAILED' : '\nload check passed');
  } finally {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
