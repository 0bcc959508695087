/**
 * The outbox sender, run by the timer function every minute: claims due items one by one,
 * honours the recipient's switches at send time (M5), sends through WeCom `message/send`, and
 * records each outcome. Bounded per run, so it always ends well inside the function's timeout;
 * whatever it leaves is picked up by the next run.
 */
import { randomUUID } from 'node:crypto';
import { getSwitchesOf } from '../db/notification-settings';
import {
  claimItem,
  findClaimable,
  finishAttempt,
  type AttemptOutcome,
  type OutboxDoc,
} from '../db/outbox';
import { WeComApiError, wecomPost } from '../wecom/client';
import { renderNotice } from './render';
import { afterFailure, classifyFailure, LEASE_MS } from './rules';

/** What a successful `message/send` answers (the client throws on a non-zero errcode). */
interface SendReply {
  msgid?: string;
  invaliduser?: string;
}

/** Sends one rendered message; replaceable in tests of the loop itself. */
export type SendMessage = (body: Record<string, unknown>) => Promise<SendReply>;

const sendThroughWeCom: SendMessage = (body) =>
  wecomPost<SendReply>('/cgi-bin/message/send', body, 'agent');

export interface OutboxRunOptions {
  /** Stop claiming new items after this long (the function's timeout is 60 s). */
  budgetMs?: number;
  /** Items read per query. */
  batchSize?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /**
   * At most this many sends per recipient per run: WeCom silently drops an app's messages to
   * one member beyond 30 a minute, and runs are a minute apart.
   */
  perRecipientLimit?: number;
  now?: () => Date;
  send?: SendMessage;
}

/** What one run did; the timer function returns it (and logs show it). */
export interface OutboxRunReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  suppressed: number;
  /** Items another run claimed first (overlapping runs). */
  lostClaims: number;
  /** True when the run stopped early because WeCom answered "later" (rate limit, busy, down). */
  backedOff: boolean;
  /** True when due items may remain (budget, batch or per-recipient limit reached). */
  more: boolean;
}

const DEFAULTS = {
  budgetMs: 40_000,
  batchSize: 50,
  concurrency: 5,
  perRecipientLimit: 20,
  maxBatches: 20,
};

/** Runs the outbox once. Safe to run twice at the same time: every item is claimed first. */
export async function runOutbox(options: OutboxRunOptions = {}): Promise<OutboxRunReport> {
  const budgetMs = options.budgetMs ?? DEFAULTS.budgetMs;
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  const perRecipientLimit = options.perRecipientLimit ?? DEFAULTS.perRecipientLimit;
  const now = options.now ?? (() => new Date());
  const send = options.send ?? sendThroughWeCom;
  const app = { agentId: Number(process.env.WECOM_AGENT_ID), appId: process.env.WX_APP_ID ?? '' };
  // The budget is measured on the real clock: it bounds this invocation, not business time.
  const deadline = Date.now() + budgetMs;

  const report: OutboxRunReport = {
    claimed: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    suppressed: 0,
    lostClaims: 0,
    backedOff: false,
    more: false,
  };
  const perRecipient = new Map<string, number>();
  const stop = () => report.backedOff || Date.now() >= deadline;

  for (let batchNo = 0; batchNo < DEFAULTS.maxBatches && !stop(); batchNo += 1) {
    const found = await findClaimable(now(), batchSize);
    // Items over a recipient's limit stay pending for the next run.
    const batch = found.filter((item) => {
      const count = perRecipient.get(item.userId) ?? 0;
      if (count >= perRecipientLimit) return false;
      perRecipient.set(item.userId, count + 1);
      return true;
    });
    if (batch.length < found.length) report.more = true;
    if (batch.length === 0) break;
    // Read just before sending, so a switch turned off after enqueueing is honoured (M5).
    const switches = await getSwitchesOf(batch.map((item) => item.userId));
    const queue = [...batch];
    const worker = async () => {
      for (let item = queue.shift(); item && !stop(); item = queue.shift()) {
        await processItem(item, switches.get(item.userId)?.[item.kind] ?? true);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    if (queue.length > 0 || found.length === batchSize) report.more = true;
    if (found.length < batchSize) break;
  }
  return report;

  async function processItem(item: OutboxDoc, switchedOn: boolean): Promise<void> {
    const leaseId = randomUUID();
    if (!(await claimItem(item, leaseId, now(), LEASE_MS))) {
      report.lostClaims += 1;
      return;
    }
    report.claimed += 1;
    const attempts = item.attempts + 1;
    const outcome = switchedOn ? await attempt(item, attempts) : suppressed();
    const recorded = await finishAttempt(item._id, leaseId, outcome);
    if (!recorded)
      console.warn(`[outbox] ${item._id}: claim lapsed before the outcome was recorded`);
    if (outcome.state === 'sent') report.sent += 1;
    else if (outcome.state === 'pending') report.retrying += 1;
    else if (outcome.state === 'failed') report.failed += 1;
    else if (outcome.state === 'suppressed') report.suppressed += 1;
  }

  function suppressed(): AttemptOutcome {
    return {
      state: 'suppressed',
      attempt: { at: now(), errcode: null, outcome: 'suppressed', reason: 'switchedOff' },
    };
  }

  async function attempt(item: OutboxDoc, attempts: number): Promise<AttemptOutcome> {
    let reply: SendReply;
    try {
      reply = await send(renderNotice(item, app));
    } catch (error) {
      const errcode = error instanceof WeComApiError ? error.errcode : undefined;
      const verdict = classifyFailure(errcode, httpStatusOf(error));
      // WeCom is struggling: leave the rest of the due items to a later run.
      if (verdict.retry) report.backedOff = true;
      const at = now();
      const next = afterFailure(verdict, attempts, at);
      return {
        state: next.state,
        nextAttemptAt: next.state === 'pending' ? next.nextAttemptAt : undefined,
        attempt: {
          at,
          errcode: errcode ?? null,
          outcome: next.state === 'pending' ? 'retry' : 'failed',
          reason: next.reason,
        },
      };
    }
    const at = now();
    // errcode 0 can still name the one recipient invalid (WeCom reports it next to the msgid).
    if ((reply.invaliduser ?? '').split('|').includes(item.userId)) {
      return {
        state: 'failed',
        attempt: { at, errcode: 0, outcome: 'failed', reason: 'invaliduser' },
      };
    }
    return {
      state: 'sent',
      sentAt: at,
      msgid: reply.msgid,
      attempt: { at, errcode: 0, outcome: 'sent', reason: null },
    };
  }
}

/** The HTTP status of a failure without a WeCom answer, when the client reports one. */
function httpStatusOf(error: unknown): number | undefined {
  const candidate = error as { status?: unknown; httpStatus?: unknown } | null;
  const status = candidate?.httpStatus ?? candidate?.status;
  return typeof status === 'number' ? status : undefined;
}
