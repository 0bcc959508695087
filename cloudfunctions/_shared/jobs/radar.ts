/**
 * 商机雷达 (R1-R4), daily. Three phases, each chunked with a checkpoint in `jobRuns/radar`, so a
 * run that reaches its time budget (or is killed) is continued by the next call:
 * 1. `collect`: every customer active in the last HISTORY_DAYS (index `lastActiveAt_id`), a
 *    page at a time: their events, follow-ups and forwarded customers of that window, counted
 *    into facts now and at the training snapshots (`radarFeatures`);
 * 2. `fit`: the logistic regression over the run's snapshots (held-out AUC and the recency
 *    baseline's), kept with the run;
 * 3. `score`: each customer's score, reasons and list flags, one row per employee of theirs
 *    (`radarEntries`).
 * The work is proportional to the customers active in the window, not to the whole history.
 * A run's clock (`asOf`) is fixed when it starts, so a resumed run computes what an unbroken one
 * would; every write is a whole-document `set` of a deterministic value, so repeating a page
 * changes nothing; a day's finished run is not started again.
 */
import { randomBytes } from 'node:crypto';
import { pageCustomersActiveSince, findFirstSeenOfForwardedCustomers } from '../db/customers';
import { findEventsOfCustomersSince } from '../db/events';
import { findFollowUpTimesOfCustomers } from '../db/follow-ups';
import {
  pageRadarFeatures,
  putRadarEntry,
  putRadarFeatures,
  type RadarFeaturesDoc,
} from '../db/radar';
import { findRelationsOfCustomers } from '../db/relations';
import { runChunkedJob } from './chunked';
import { shanghaiDay } from '../attribution/rules';
import { isEmployeesCustomer, currentOwner } from '../domain/org';
import {
  factsAt,
  featureVector,
  fitRadarModel,
  HISTORY_DAYS,
  isChurnRisk,
  isRecommendable,
  radarReasons,
  radarScore,
  snapshotLabel,
  SNAPSHOT_OFFSETS_DAYS,
  type Example,
  type RadarModel,
} from '../domain/radar';

export const RADAR_JOB = 'radar';
const DAY = 24 * 3600 * 1000;
const DEFAULT_BUDGET_MS = 40_000;
const PAGE = 100;
const WRITE_CONCURRENCY = 10;

export interface RadarRun {
  id: string;
  day: string;
  asOf: Date;
  startedAt: Date;
  phase: 'collect' | 'fit' | 'score';
  /** collect: the last customer counted; score: the last features `_id` scored. */
  collectAfterId: string;
  scoreAfterId: string;
  model: RadarModel | null;
  customers: number;
  rows: number;
}

/** The finished run the pages read (R6: when it was computed) and the admin's model view. */
export interface RadarLast {
  day: string;
  asOf: Date;
  finishedAt: Date;
  customers: number;
  rows: number;
  model: RadarModel;
}

export interface RadarJobResult {
  done: boolean;
  busy?: boolean;
  /** The day's run had already finished: nothing was done. */
  alreadyDone?: boolean;
  phase?: RadarRun['phase'];
  customers: number;
  rows: number;
}

/** Runs (or continues) the day's radar run within the budget. Safe to call at any time. */
export async function runRadar(
  options: { now?: Date; budgetMs?: number; pageSize?: number } = {},
): Promise<RadarJobResult> {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? PAGE;
  const result = await runChunkedJob<RadarRun, RadarLast>(
    {
      name: RADAR_JOB,
      start: (at, last) => (last?.day === shanghaiDay(at) ? null : newRun(at)),
      step: (run) => radarStep(run, pageSize),
    },
    { now, budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS },
  );
  switch (result.status) {
    case 'busy':
      return { done: false, busy: true, customers: 0, rows: 0 };
    case 'current':
      return {
        done: true,
        alreadyDone: true,
        customers: result.last.customers,
        rows: result.last.rows,
      };
    case 'paused':
      return {
        done: false,
        phase: result.run.phase,
        customers: result.run.customers,
        rows: result.run.rows,
      };
    case 'finished':
      return { done: true, customers: result.last.customers, rows: result.last.rows };
  }
}

function newRun(now: Date): RadarRun {
  return {
    id: randomBytes(8).toString('hex'),
    day: shanghaiDay(now),
    asOf: now,
    startedAt: now,
    phase: 'collect',
    collectAfterId: '',
    scoreAfterId: '',
    model: null,
    customers: 0,
    rows: 0,
  };
}

/** One page of the run's current phase; the finished run's summary after its last page. */
async function radarStep(run: RadarRun, pageSize: number): Promise<RadarLast | null> {
  const asOf = new Date(run.asOf);
  if (run.phase === 'collect') {
    const page = await pageCustomersActiveSince(
      new Date(asOf.getTime() - HISTORY_DAYS * DAY),
      run.collectAfterId,
      pageSize,
    );
    await collectPage({ ...run, asOf }, page);
    run.customers += page.length;
    if (page.length < pageSize) run.phase = 'fit';
    else run.collectAfterId = page[page.length - 1]._id;
    return null;
  }
  if (run.phase === 'fit') {
    run.model = fitRadarModel(await readExamples(run.day));
    run.phase = 'score';
    return null;
  }
  const page = await pageRadarFeatures(run.day, run.scoreAfterId, pageSize);
  const rows = await scorePage(run, page);
  if (page.length === pageSize) {
    run.rows += rows;
    run.scoreAfterId = page[page.length - 1]._id;
    return null;
  }
  return {
    day: run.day,
    asOf,
    finishedAt: new Date(),
    customers: run.customers,
    rows: run.rows + rows,
    model: run.model!,
  };
}

type ActiveCustomer = Awaited<ReturnType<typeof pageCustomersActiveSince>>[number];

/** Counts one page of customers into `radarFeatures` (a handful of reads, one write each). */
async function collectPage(run: RadarRun, page: ActiveCustomer[]): Promise<void> {
  if (page.length === 0) return;
  const ids = page.map((c) => c._id);
  const since = new Date(run.asOf.getTime() - HISTORY_DAYS * DAY);
  const [events, followUps, children, relations] = await Promise.all([
    findEventsOfCustomersSince(ids, since),
    findFollowUpTimesOfCustomers(ids, since),
    findFirstSeenOfForwardedCustomers(ids),
    findRelationsOfCustomers(ids),
  ]);
  const eventsOf = groupBy(events, (e) => e.customerId);
  const relatedOf = groupBy(relations, (r) => r.customerId);
  const docs = page.map((customer): RadarFeaturesDoc => {
    const mine = (eventsOf.get(customer._id) ?? []).map((e) => ({
      type: e.type,
      at: new Date(e.at),
      dwellMs: Number((e.data as { dwellMs?: number } | undefined)?.dwellMs ?? 0),
    }));
    const followed = followUps.get(customer._id) ?? [];
    const kids = children.get(customer._id) ?? [];
    const phoneAt = customer.phoneAt ? new Date(customer.phoneAt) : null;
    const facts = factsAt(run.asOf, mine, followed, kids);
    const examples: Example[] = [];
    for (const offset of SNAPSHOT_OFFSETS_DAYS) {
      const ref = new Date(run.asOf.getTime() - offset * DAY);
      if (new Date(customer.firstSeenAt).getTime() > ref.getTime()) continue;
      const before = factsAt(ref, mine, followed, kids);
      if (before.daysSinceInteraction === null) continue; // not active then: not an example
      const y = snapshotLabel(ref, phoneAt, followed);
      if (y !== null)
        examples.push({ key: `${customer._id}:${offset}`, x: featureVector(before), y });
    }
    const related = new Set((relatedOf.get(customer._id) ?? []).map((r) => r.employeeId));
    const owner = currentOwner(customer);
    const employeeIds = [...new Set([...related, ...(owner ? [owner] : [])])]
      .filter((e) => isEmployeesCustomer(customer, e, related.has(e)))
      .sort();
    const lastInteraction =
      facts.daysSinceInteraction === null
        ? (customer.stats?.lastInteractionAt ?? null)
        : lastInteractionOf(mine);
    return {
      _id: customer._id,
      day: run.day,
      facts,
      x: featureVector(facts),
      examples,
      employeeIds,
      nickname: customer.nickname,
      avatar: customer.avatar,
      hasPhone: customer.hasPhone === true,
      phoneAt,
      lastInteractionAt: lastInteraction ? new Date(lastInteraction) : null,
      forwards: customer.stats?.forwards ?? facts.forwards30,
      network: customer.stats?.network ?? facts.newCustomers,
    };
  });
  await inParallel(docs, putRadarFeatures);
}

const INTERACTION_TYPES = new Set(['visit', 'forward', 'form', 'card_call', 'card_add_contact']);

function lastInteractionOf(events: { type: string; at: Date }[]): Date | null {
  let last: Date | null = null;
  for (const e of events) if (INTERACTION_TYPES.has(e.type) && (!last || e.at > last)) last = e.at;
  return last;
}

/** Every training snapshot of the run (features pages of 1000). */
async function readExamples(day: string): Promise<Example[]> {
  const examples: Example[] = [];
  for (let afterId = ''; ;) {
    const page = await pageRadarFeatures(day, afterId, 1000);
    for (const doc of page) examples.push(...doc.examples);
    if (page.length < 1000) return examples;
    afterId = page[page.length - 1]._id;
  }
}

/** Scores one page of features into one row per employee of each customer. */
async function scorePage(run: RadarRun, page: RadarFeaturesDoc[]): Promise<number> {
  const model = run.model!;
  const rowsToWrite = page.flatMap((doc) => {
    const score = radarScore(model, doc.x);
    const reasons = radarReasons(model, doc.facts);
    return doc.employeeIds.map((employeeId) => ({
      _id: `${employeeId}:${doc._id}`,
      employeeId,
      customerId: doc._id,
      day: run.day,
      nickname: doc.nickname,
      avatar: doc.avatar,
      score,
      reasons,
      lastInteractionAt: doc.lastInteractionAt,
      network: doc.network,
      forwards: doc.forwards,
      spread: doc.network + doc.forwards,
      hasPhone: doc.hasPhone,
      phoneAt: doc.phoneAt,
      recommendable: isRecommendable(doc.facts),
      churn: isChurnRisk(doc.facts),
    }));
  });
  await inParallel(rowsToWrite, putRadarEntry);
  return rowsToWrite.length;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Writes a few at a time: one request each, without a burst against the QPS limit. */
async function inParallel<T>(items: T[], write: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_CONCURRENCY) {
    await Promise.all(items.slice(i, i + WRITE_CONCURRENCY).map(write));
  }
}
