/**
 * The attribution engine (docs/attribution.md): applies the rules of ./rules.ts to the
 * collections as customer events arrive. Every counter moves only after the event's insert
 * succeeded (A9: a retried delivery is a duplicate `_id` and moves nothing), with `$inc`,
 * never read-then-write; "first wins" facts (origin, brought-by, visitor, lead) are inserts or
 * conditional updates that exactly one of any number of parallel calls wins.
 */
import { claimBrought } from '../db/brought-by';
import { incrementContentStats } from '../db/content-stats';
import { addCustomerDay } from '../db/customer-days';
import {
  findCustomer,
  incrementNetwork,
  recordCustomerEvent,
  type CustomerOrigin,
} from '../db/customers';
import { insertEvent, type EventDoc, type EventType } from '../db/events';
import { openSession, pvSessionId } from '../db/pv-sessions';
import { findRelation, markRelationBrought, touchRelation } from '../db/relations';
import { findShare, incrementAnonymousViews, type ShareDoc } from '../db/shares';
import { findAssignment } from '../db/task-assignees';
import { markLead, touchTaskCustomer } from '../db/task-customers';
import { incrementTaskStats } from '../db/task-stats';
import { findTask, type TaskDoc } from '../db/tasks';
import {
  customerStatsDelta,
  eventId,
  inTaskWindow,
  mayClaimBrought,
  networkBeneficiaries,
  shareAttribution,
  shareRefusal,
  visitTaskDelta,
  type ShareRefusal,
} from './rules';

/** Who sends an event: a customer, an employee (A10: recorded, counted nowhere) or nobody (A3). */
export type EventCaller =
  | { kind: 'customer'; openid: string; unionid: string | null }
  | { kind: 'employee'; openid: string; employeeId: string }
  | { kind: 'anonymous' };

/** A share as resolved for one request: attributed (with its task) or why not. */
export type ResolvedShare =
  | { attributed: true; share: ShareDoc; task: TaskDoc }
  | { attributed: false; share: ShareDoc | null; refusal: ShareRefusal };

/**
 * A1/A2: the share behind a request, trusted only as the server stored it. A forward share
 * (sharer a customer) was checked when it was minted: its root's task is read for the window.
 */
export async function resolveShare(
  shareId: string | undefined,
  contentId: string | undefined,
): Promise<ResolvedShare> {
  const share = shareId ? await findShare(shareId) : null;
  if (!share) return { attributed: false, share: null, refusal: 'unknown' };
  if (share.attributable === false)
    return { attributed: false, share, refusal: 'not_attributable' };
  const isRoot = share.sharerType === 'employee' && !share.parentShareId;
  const [task, assignment] = await Promise.all([
    findTask(share.taskId),
    isRoot ? findAssignment(share.taskId, share.rootEmployeeId) : Promise.resolve(null),
  ]);
  const refusal = isRoot
    ? shareRefusal(share, task, assignment?.claimedAt ?? null, contentId)
    : !task
      ? 'no_task'
      : contentId !== undefined && contentId !== share.contentId
        ? 'content_mismatch'
        : null;
  if (refusal || !task) return { attributed: false, share, refusal: refusal ?? 'no_task' };
  return { attributed: true, share, task };
}

function customerIdOf(caller: EventCaller): string | null {
  return caller.kind === 'anonymous' ? null : caller.openid;
}

/** The event document: attribution fields from the share only when it attributes (A2). */
function eventDoc(
  type: EventType,
  caller: EventCaller,
  clientEventId: string,
  contentId: string,
  resolved: ResolvedShare,
  now: Date,
  data: Record<string, unknown>,
): EventDoc {
  const attribution = resolved.attributed ? shareAttribution(resolved.share) : null;
  return {
    _id: eventId(type, customerIdOf(caller), clientEventId),
    type,
    customerId: customerIdOf(caller) ?? '',
    contentId,
    taskId: attribution?.taskId ?? null,
    shareId: attribution?.shareId ?? null,
    rootEmployeeId: attribution?.rootEmployeeId ?? null,
    channel: attribution?.channel ?? null,
    parentCustomerId: attribution?.parentCustomerId ?? null,
    at: now,
    data: {
      ...data,
      ...(caller.kind === 'employee' ? { byEmployee: true, employeeId: caller.employeeId } : {}),
      ...(caller.kind === 'anonymous' ? { anonymous: true } : {}),
      ...(!resolved.attributed && resolved.share
        ? { unattributedShareId: resolved.share._id }
        : {}),
    },
  };
}

/** What an accepted open did (for tests and the bench; the page does not show it). */
export interface OpenOutcome {
  stored: boolean;
  newPageView: boolean;
  customerCreated: boolean;
  brought: boolean;
}

/** A3-A11: records an open of `contentId` and moves its counters. */
export async function recordOpen(
  caller: EventCaller,
  clientEventId: string,
  contentId: string,
  resolved: ResolvedShare,
  now: Date,
): Promise<OpenOutcome> {
  const outcome: OpenOutcome = {
    stored: false,
    newPageView: false,
    customerCreated: false,
    brought: false,
  };
  const event = eventDoc('visit', caller, clientEventId, contentId, resolved, now, {});
  outcome.stored = await insertEvent(event);
  if (!outcome.stored || caller.kind === 'employee') return outcome;
  if (caller.kind === 'anonymous') {
    // A3: a page view of the share, never a customer (and no goal: it has no session, A11).
    await Promise.all([
      resolved.attributed ? incrementAnonymousViews(resolved.share._id) : Promise.resolve(),
      incrementContentStats(contentId, { anonymousViews: 1 }, now),
    ]);
    return outcome;
  }
  const customerId = caller.openid;
  const share = resolved.attributed ? resolved.share : null;
  const newPageView = await openSession(
    pvSessionId(share?._id ?? null, contentId, customerId),
    customerId,
    now,
  );
  outcome.newPageView = newPageView;
  const origin: CustomerOrigin | null = share ? shareAttribution(share) : null;
  const delta = customerStatsDelta('visit', newPageView);
  const [customerCreated] = await Promise.all([
    recordCustomerEvent({
      openid: customerId,
      unionid: caller.unionid,
      delta,
      attributed: resolved.attributed,
      origin,
      now,
    }),
    addCustomerDay(customerId, now, delta.interactions),
    incrementContentStats(contentId, { views: newPageView ? 1 : 0 }, now),
  ]);
  outcome.customerCreated = customerCreated;
  if (!resolved.attributed) return outcome;

  const { task } = resolved;
  const employeeId = resolved.share.rootEmployeeId;
  const [relationCreated, newVisitor] = await Promise.all([
    touchRelation(
      {
        employeeId,
        customerId,
        firstAt: now,
        firstTaskId: task._id,
        firstShareId: resolved.share._id,
      },
      newPageView,
      now,
    ),
    touchTaskCustomer(task._id, employeeId, customerId, newPageView, now),
  ]);
  let existingOriginIsDirect: boolean | null = null;
  if (relationCreated && !customerCreated)
    existingOriginIsDirect = ((await findCustomer(customerId))?.origin ?? null) === null;
  if (
    mayClaimBrought({
      attributed: true,
      customerCreated,
      relationCreated,
      existingOriginIsDirect,
    })
  ) {
    outcome.brought = await claimBrought({
      _id: customerId,
      employeeId,
      taskId: task._id,
      shareId: resolved.share._id,
      at: now,
    });
  }
  await Promise.all([
    outcome.brought ? markRelationBrought(employeeId, customerId) : Promise.resolve(),
    outcome.brought
      ? incrementNetwork(networkBeneficiaries(resolved.share.ancestorCustomerIds, customerId))
      : Promise.resolve(),
    incrementTaskStats(
      task._id,
      employeeId,
      visitTaskDelta({ newPageView, newVisitor, brought: outcome.brought }),
      inTaskWindow(task, now),
      now,
    ),
  ]);
  return outcome;
}

/**
 * Whether a customer's own action through `resolved` counts for its root employee: the share
 * attributes and the customer is that employee's customer (A8: someone outside the archive
 * attributes nothing to any employee).
 */
export async function actsForEmployee(
  caller: EventCaller,
  resolved: ResolvedShare,
): Promise<boolean> {
  if (!resolved.attributed || caller.kind !== 'customer') return false;
  return (await findRelation(resolved.share.rootEmployeeId, caller.openid)) !== null;
}

/**
 * A9/C1: stores a non-visit event; when it is the first delivery of a customer's event, moves
 * the customer's activity (C1, C2), the content's counters and, through `onStored`, the
 * task's. Answers whether it was stored now.
 */
export async function recordAction(
  caller: EventCaller,
  type: Exclude<EventType, 'visit'>,
  clientEventId: string,
  contentId: string,
  resolved: ResolvedShare,
  now: Date,
  data: Record<string, unknown>,
  contentDelta: Parameters<typeof incrementContentStats>[1],
  onStored?: () => Promise<void>,
): Promise<boolean> {
  const stored = await insertEvent(
    eventDoc(type, caller, clientEventId, contentId, resolved, now, data),
  );
  if (!stored || caller.kind !== 'customer') return stored;
  const delta = customerStatsDelta(type, false);
  await Promise.all([
    recordCustomerEvent({
      openid: caller.openid,
      unionid: caller.unionid,
      delta,
      attributed: false,
      origin: null,
      now,
    }),
    addCustomerDay(caller.openid, now, delta.interactions),
    incrementContentStats(contentId, contentDelta, now),
    onStored ? onStored() : Promise.resolve(),
  ]);
  return stored;
}

/** T4 `forwards`: one more forward by the employee's customer. */
export async function countForward(resolved: ResolvedShare, now: Date): Promise<void> {
  if (!resolved.attributed) return;
  await incrementTaskStats(
    resolved.task._id,
    resolved.share.rootEmployeeId,
    { forwards: 1 },
    inTaskWindow(resolved.task, now),
    now,
  );
}

/** T4 `leads`: the customer becomes a lead of the task and employee, once. */
export async function countLead(
  resolved: ResolvedShare,
  customerId: string,
  now: Date,
): Promise<void> {
  if (!resolved.attributed) return;
  const { task, share } = resolved;
  if (await markLead(task._id, share.rootEmployeeId, customerId, now))
    await incrementTaskStats(
      task._id,
      share.rootEmployeeId,
      { leads: 1 },
      inTaskWindow(task, now),
      now,
    );
}
