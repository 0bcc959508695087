/**
 * Settling shared counters exactly once (docs/attribution.md, "Settling shared counters").
 *
 * An event's transaction stores the event with the moves of shared counters it still owes
 * (`settle.ops`, from `applyEvent`). Settlement then moves each counter with a conditional
 * update that also marks the document with the event (`inFlightEvents`), records that every
 * move is done (`stage: 'release'`), forgets the marks and clears `settle`. Each step can be
 * repeated after a crash without moving anything twice: a marked document is not moved again,
 * and marks are forgotten only once the event says every move is done. A lease on the event
 * keeps two workers from settling it at once: the request that stored it, a client's retry of
 * that request, or the timer's sweep of events whose lease ran out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { forgetContentStatsMove, incrementContentStatsOnce } from '../db/content-stats';
import { forgetNetworkMove, incrementNetworkOnce } from '../db/customers';
import {
  clearSettlement,
  findStaleSettlements,
  markSettlementReleasing,
  parkSettlement,
  releaseSettlementLease,
  takeSettlement,
  type EventDoc,
  type Settlement,
} from '../db/events';
import { forgetAnonymousViewsMove, incrementAnonymousViewsOnce } from '../db/shares';
import { forgetBroughtMove, incrementBroughtOnce } from '../db/leaderboard';
import { forgetTaskStatsMove, incrementTaskStatsOnce, type CounterKind } from '../db/task-stats';
import { periodsOf } from '../domain/points';
import { creditReachedGoals } from '../points/credit';
import { enqueueNotifications, type NotificationRequest } from '../notifications/enqueue';
import type { AggregateOp } from './apply';

/**
 * The lease of the request that stored the event. It must outlast the request and any database
 * call it left in flight (the customer function times out at 10 s), or a sweep could settle an
 * event while its request still moves counters. `ATTRIBUTION_REQUEST_LEASE_MS` shortens it
 * for fault tests, which give the function a shorter timeout to match.
 */
export function requestLeaseMs(): number {
  const configured = Number(process.env.ATTRIBUTION_REQUEST_LEASE_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : 60_000;
}
/** The lease of the sweep (the timer function times out at 60 s). */
export const SWEEP_LEASE_MS = 120_000;

/** Who settles: a random id per request or sweep run. */
export function newSettlementOwner(): string {
  return randomBytes(9).toString('base64url');
}

/** A new settlement of event `eventId`, leased to the request that stores it. */
export function newSettlement(
  eventId: string,
  ops: AggregateOp[],
  owner: string,
  now: Date,
): Settlement {
  return {
    ops: ops as unknown as Record<string, unknown>[],
    mark: shortDigest(eventId),
    stage: 'apply',
    owner,
    leaseUntil: new Date(now.getTime() + requestLeaseMs()),
  };
}

/**
 * A short digest (16 characters, 96 bits): the mark an event leaves on the documents it moves
 * (a digest of its `_id`), and a customer in a notice's dedupe key; no OPENID is written on
 * shared documents or into the outbox.
 */
export function shortDigest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/**
 * The notice of a new customer or lead (docs/notifications.md): its dedupe key names the fact,
 * so enqueueing it again (a repeated settlement step) keeps the first item.
 */
function notice(op: Extract<AggregateOp, { kind: 'notify' }>): NotificationRequest {
  const task = op.taskTitle ? `「${op.taskTitle}」` : '你的分享';
  const page = `packages/task/pages/customers/index?taskId=${encodeURIComponent(op.taskId)}`;
  return op.notice === 'newCustomer'
    ? {
        kind: 'newCustomer',
        userId: op.employeeId,
        dedupeKey: `newCustomer:${shortDigest(op.customerId)}`,
        title: '新客户打开了你的分享',
        description: `${op.customerName} 通过${task}成为你的新客户`,
        page,
      }
    : {
        kind: 'newLead',
        userId: op.employeeId,
        dedupeKey: `newLead:${op.taskId}:${op.employeeId}:${shortDigest(op.customerId)}`,
        title: '你有一条新线索',
        description: `${op.customerName} 在${task}留下了联系方式`,
        page,
      };
}

/**
 * A task counter's move, then (inside the window) the credit of any goal it made reach its
 * target (T6): both before the event is released, so a settlement resumed after a crash
 * finishes a credit its first worker did not (the move is not repeated; the credit is once by
 * its ledger key).
 */
async function moveTaskStatsOnce(
  mark: string,
  op: Extract<AggregateOp, { kind: 'taskStats' }>,
): Promise<void> {
  await incrementTaskStatsOnce(mark, op.taskId, op.employeeId, op.delta, op.inWindow, op.at);
  if (!op.inWindow) return;
  const kinds = (Object.keys(op.delta) as CounterKind[]).filter((k) => (op.delta[k] ?? 0) > 0);
  await creditReachedGoals(op.taskId, op.employeeId, kinds, new Date(op.at));
}

function moveOnce(mark: string, op: AggregateOp): Promise<void> {
  switch (op.kind) {
    case 'notify':
      return enqueueNotifications([notice(op)], op.at);
    case 'taskStats':
      return moveTaskStatsOnce(mark, op);
    case 'brought':
      return incrementBroughtOnce(mark, op.employeeId, periodsOf(new Date(op.at)), new Date(op.at));
    case 'contentStats':
      return incrementContentStatsOnce(mark, op.contentId, op.delta, op.at);
    case 'network':
      return incrementNetworkOnce(mark, op.customerIds);
    case 'anonymousViews':
      return incrementAnonymousViewsOnce(mark, op.shareId);
  }
}

function forget(mark: string, op: AggregateOp): Promise<void> {
  switch (op.kind) {
    case 'notify':
      return Promise.resolve(); // idempotent by its key: no mark to forget
    case 'taskStats':
      return forgetTaskStatsMove(mark, op.taskId, op.employeeId);
    case 'brought':
      return forgetBroughtMove(mark, op.employeeId, periodsOf(new Date(op.at)));
    case 'contentStats':
      return forgetContentStatsMove(mark, op.contentId);
    case 'network':
      return forgetNetworkMove(mark, op.customerIds);
    case 'anonymousViews':
      return forgetAnonymousViewsMove(mark, op.shareId);
  }
}

/** The caller's lease ran out (or another worker took the settlement): it must stop at once. */
class LeaseLost extends Error {}

/**
 * Fencing by the clock: a worker acts only while its lease has at least this long to run, so
 * a worker resumed after a pause past its lease (a frozen container) sends nothing more.
 */
const LEASE_MARGIN_MS = 1_000;

function ensureHeld(settlement: Settlement): void {
  if (Date.now() > new Date(settlement.leaseUntil).getTime() - LEASE_MARGIN_MS)
    throw new LeaseLost();
}

/** Runs every step of a batch and waits for all of them, so none is left in flight on failure. */
async function allDone(steps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** Runs the settlement's remaining steps; the caller holds its lease. */
async function runSettlement(eventId: string, settlement: Settlement): Promise<void> {
  const { mark } = settlement;
  const ops = settlement.ops as unknown as AggregateOp[];
  if (settlement.stage === 'apply') {
    ensureHeld(settlement);
    await allDone(ops.map((op) => moveOnce(mark, op)));
    ensureHeld(settlement);
    if (!(await markSettlementReleasing(eventId, settlement.owner))) throw new LeaseLost();
  }
  ensureHeld(settlement);
  await allDone(ops.map((op) => forget(mark, op)));
  await clearSettlement(eventId, settlement.owner);
}

let deferredSinceLog = 0;
let lastDeferredLogAt = 0;

/** One log line a minute at most per instance: a database outage would otherwise flood the log. */
function logDeferred(eventId: string, error: unknown): void {
  deferredSinceLog += 1;
  const now = Date.now();
  if (now - lastDeferredLogAt < 60_000) return;
  console.warn(
    `[settle] deferred ${deferredSinceLog} event(s) since the last report; latest ${eventId}:`,
    String((error as Error)?.message ?? error),
  );
  deferredSinceLog = 0;
  lastDeferredLogAt = now;
}

/**
 * Settles an event whose lease the caller holds. A failed step gives the lease back once
 * every step of its batch has finished (so a retry or the sweep takes over at once, with
 * nothing of this worker's still in flight); a lost lease is left alone. Never throws: the
 * event is stored, and its counters will be settled.
 */
export async function settleHeld(eventId: string, settlement: Settlement): Promise<boolean> {
  try {
    await runSettlement(eventId, settlement);
    return true;
  } catch (error) {
    logDeferred(eventId, error);
    if (!(error instanceof LeaseLost))
      await releaseSettlementLease(eventId, settlement.owner).catch(() => undefined);
    return false;
  }
}

/**
 * A retried delivery of a stored event: finishes its settlement if nobody holds it (the request
 * that stored it failed). Answers whether the event is settled now.
 */
export async function resumeSettlement(event: EventDoc, now = new Date()): Promise<boolean> {
  if (!event.settle) return true;
  const owner = newSettlementOwner();
  const leaseUntil = new Date(now.getTime() + requestLeaseMs());
  if (!(await takeSettlement(event._id, event.settle.stage, owner, now, leaseUntil))) return false;
  return settleHeld(event._id, { ...event.settle, owner, leaseUntil });
}

/** A settlement that failed this many leases is parked by the sweep (docs/attribution.md). */
export const MAX_SETTLE_ATTEMPTS = 20;

/** What one sweep did. */
export interface SweepOutcome {
  settled: number;
  failed: number;
  /** Taken by another worker first, or moved on since it was read. */
  skipped: number;
  /** Given up after `MAX_SETTLE_ATTEMPTS` leases. */
  parked: number;
}

/**
 * The timer's sweep: settles every event whose lease ran out (its request died, failed or was
 * never retried), oldest first, in batches, until none is left or `budgetMs` is spent. Safe to
 * run twice at once: each event is settled by whoever takes its lease.
 */
export async function sweepSettlements(
  budgetMs = 40_000,
  batchSize = 50,
  parallel = 5,
): Promise<SweepOutcome> {
  const started = Date.now();
  const outcome: SweepOutcome = { settled: 0, failed: 0, skipped: 0, parked: 0 };
  const tried = new Set<string>();
  const owner = newSettlementOwner();
  const settleOne = async (event: EventDoc) => {
    tried.add(event._id);
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + SWEEP_LEASE_MS);
    if (
      !event.settle ||
      !(await takeSettlement(event._id, event.settle.stage, owner, now, leaseUntil))
    ) {
      outcome.skipped += 1;
      return;
    }
    if ((event.settle.attempts ?? 0) + 1 >= MAX_SETTLE_ATTEMPTS) {
      console.error('[settle] parked after repeated failures', event._id);
      await parkSettlement(event._id, owner, now);
      outcome.parked += 1;
      return;
    }
    const done = await settleHeld(event._id, { ...event.settle, owner, leaseUntil });
    if (done) outcome.settled += 1;
    else outcome.failed += 1;
  };
  while (Date.now() - started < budgetMs) {
    const batch = (await findStaleSettlements(new Date(), batchSize)).filter(
      (e) => !tried.has(e._id),
    );
    if (batch.length === 0) break;
    for (let i = 0; i < batch.length && Date.now() - started < budgetMs; i += parallel)
      await Promise.all(batch.slice(i, i + parallel).map(settleOne));
  }
  return outcome;
}
