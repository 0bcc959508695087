/**
 * The attribution rules (docs/attribution.md; PRODUCT.md A1-A12, C1-C3, C6, T5-T6), as pure
 * functions: no database, no SDK, so they are unit-tested on their own
 * (tests/backend/domain/attribution*.test.ts). cloudfunctions/_shared/attribution/engine.ts
 * applies them to the collections.
 */

/** A1: what a share id looks like (12 base62 characters). Anything else is not looked up. */
export const SHARE_ID_PATTERN = /^[0-9A-Za-z]{12}$/;

/** A11: repeated opens of one share by one user within this long are one page view. */
export const SESSION_MS = 30 * 60 * 1000;

/** C2: the activity window, in Shanghai days (today and the 29 before it). */
export const ACTIVE_DAYS = 30;

/** C6: a mainland China mobile number. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** The channel source shown when the first touch had no (archived) source (A8). */
export const DIRECT_LABEL = '非客户/直接访问';

export type ShareChannel = 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward';

/** What the rules need to know about a share. */
export interface ShareFacts {
  taskId: string;
  contentId: string;
  rootEmployeeId: string;
  sharerType: 'employee' | 'customer';
  sharerId: string;
  createdAt: Date;
  attributable?: boolean;
}

/** What the rules need to know about the share's task. */
export interface TaskFacts {
  contentId: string;
  state: 'draft' | 'published' | 'cancelled';
  startAt: Date;
  endAt: Date;
  publishedAt?: Date | null;
  cancelledAt?: Date | null;
}

/** Why a share attributes nothing (A2, A8); null when it attributes. */
export type ShareRefusal =
  'unknown' | 'not_attributable' | 'no_task' | 'content_mismatch' | 'task_not_live' | 'not_claimed';

/**
 * A2: whether an open (or a form, a forward) through this share is attributed to its root
 * employee. Nothing sent by the client is trusted: the share, its task and the root employee's
 * claim are the server's. A share minted when its task was not published and in progress
 * (start <= createdAt < end, not cancelled before), or
 * before the root employee claimed the task, attributes nothing, nor does one of another
 * content than the page asked for.
 */
export function shareRefusal(
  share: ShareFacts | null,
  task: TaskFacts | null,
  claimedAt: Date | null,
  requestedContentId: string | undefined,
): ShareRefusal | null {
  if (!share) return 'unknown';
  if (share.attributable === false) return 'not_attributable';
  if (!task) return 'no_task';
  if (share.contentId !== task.contentId) return 'content_mismatch';
  if (requestedContentId !== undefined && requestedContentId !== share.contentId)
    return 'content_mismatch';
  const at = share.createdAt.getTime();
  const published =
    task.state !== 'draft' &&
    (task.publishedAt ?? task.startAt).getTime() <= at &&
    task.startAt.getTime() <= at;
  const cancelledBefore =
    task.state === 'cancelled' && (!task.cancelledAt || task.cancelledAt.getTime() <= at);
  if (!published || cancelledBefore || at >= task.endAt.getTime()) return 'task_not_live';
  if (!claimedAt || claimedAt.getTime() > at) return 'not_claimed';
  return null;
}

/** T6: whether an event at `at` is inside the task window (start <= at < end). */
export function inTaskWindow(task: Pick<TaskFacts, 'startAt' | 'endAt'>, at: Date): boolean {
  return task.startAt.getTime() <= at.getTime() && at.getTime() < task.endAt.getTime();
}

/** A11: whether an open at `now` starts a new page view, given when the last session started. */
export function startsNewSession(sessionStartAt: Date | null, now: Date): boolean {
  return !sessionStartAt || now.getTime() - sessionStartAt.getTime() >= SESSION_MS;
}

/** The Shanghai calendar day (UTC+8, no DST) of an instant, as `yyyymmdd`. */
export function shanghaiDay(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10).replace(/-/g, '');
}

/** C2: the first day (`yyyymmdd`) of the 30-day window ending on `now`'s Shanghai day. */
export function activeWindowStartDay(now: Date): string {
  return shanghaiDay(new Date(now.getTime() - (ACTIVE_DAYS - 1) * 24 * 3600 * 1000));
}

/** Customer-side event types. */
export type CustomerEventType =
  'visit' | 'dwell' | 'forward' | 'form' | 'card_call' | 'card_add_contact';

/**
 * A9: the event's `_id`. The client event id is scoped by the caller, so one customer's
 * retries collapse while two customers can never collide (or suppress each other's events).
 */
export function eventId(
  type: CustomerEventType,
  customerId: string | null,
  clientEventId: string,
): string {
  return `${type}:${customerId ?? 'anonymous'}:${clientEventId}`;
}

/** What an accepted event adds to the customer's `stats` (C1). */
export interface CustomerStatsDelta {
  interactions: number;
  visits: number;
  forwards: number;
  forms: number;
  cardTaps: number;
}

/**
 * C1: which customer counters an event moves. A visit counts once per page view (A11), so
 * reloading inflates neither page views nor activity; dwell time is not an interaction.
 */
export function customerStatsDelta(
  type: CustomerEventType,
  newPageView: boolean,
): CustomerStatsDelta {
  const delta = { interactions: 0, visits: 0, forwards: 0, forms: 0, cardTaps: 0 };
  if (type === 'visit' && newPageView) delta.visits = 1;
  if (type === 'forward') delta.forwards = 1;
  if (type === 'form') delta.forms = 1;
  if (type === 'card_call' || type === 'card_add_contact') delta.cardTaps = 1;
  delta.interactions = delta.visits + delta.forwards + delta.forms + delta.cardTaps;
  return delta;
}

/** What an attributed open means for the (task, employee) counters (T4). */
export function visitTaskDelta(facts: {
  newPageView: boolean;
  newVisitor: boolean;
  brought: boolean;
}): { views: number; visitors: number; newCustomers: number } {
  return {
    views: facts.newPageView ? 1 : 0,
    visitors: facts.newVisitor ? 1 : 0,
    newCustomers: facts.brought ? 1 : 0,
  };
}

/**
 * A6: whether this open may claim the customer as brought (the claim itself is an
 * insert-unique, first wins). The open that created the customer claims when it is attributed;
 * an open that created a new relation with an existing customer claims only if that customer's
 * first touch was direct (origin null): otherwise the origin's employee brought them.
 */
export function mayClaimBrought(facts: {
  attributed: boolean;
  customerCreated: boolean;
  relationCreated: boolean;
  existingOriginIsDirect: boolean | null;
}): boolean {
  if (!facts.attributed) return false;
  if (facts.customerCreated) return true;
  return facts.relationCreated && facts.existingOriginIsDirect === true;
}

/**
 * A7/C3: the customers whose network grows when a customer is brought through this share:
 * every customer who forwarded along its chain (the share's own list, stored at forward time).
 * The new customer themself is never in their own network.
 */
export function networkBeneficiaries(
  ancestorCustomerIds: readonly string[] | undefined,
  newCustomerId: string,
): string[] {
  return [...new Set(ancestorCustomerIds ?? [])].filter((id) => id !== newCustomerId);
}

/** A7: the chain list of a child share forwarded by `customerId` from `parentAncestors`. */
export function childAncestors(
  parentAncestors: readonly string[] | undefined,
  customerId: string,
): string[] {
  return [...(parentAncestors ?? []).filter((id) => id !== customerId), customerId];
}

/** A8: the channel source label of a customer's profile. */
export function channelSourceLabel(
  origin: { channel: ShareChannel; parentCustomerId: string | null } | null,
  parentInArchive: boolean,
): string {
  if (!origin) return DIRECT_LABEL;
  if (origin.parentCustomerId && !parentInArchive) return DIRECT_LABEL;
  return CHANNEL_LABELS[origin.channel];
}

export const CHANNEL_LABELS: Record<ShareChannel, string> = {
  wechat_chat: '微信聊天',
  wecom_chat: '企业微信聊天',
  wecom_moments: '朋友圈',
  poster: '海报',
  forward: '客户转发',
};

export interface FormFieldFacts {
  key: string;
  label: string;
  type: 'text' | 'phone' | 'select';
  required: boolean;
  options?: string[];
}

/** C6: why a submission is refused, with the field concerned. */
export type FormProblem =
  | { code: 'CONSENT_REQUIRED' }
  | { code: 'FORM_FIELD_REQUIRED'; label: string }
  | { code: 'PHONE_INVALID'; label: string }
  | { code: 'FORM_OPTION_INVALID'; label: string };

/**
 * C6: checks a submission against its form. Answers the problem, or the fields to store (only
 * the form's own keys, trimmed) and the phone number if any.
 */
export function checkFormSubmission(
  fields: readonly FormFieldFacts[],
  submitted: Record<string, string>,
  consent: boolean,
): { problem: FormProblem } | { values: Record<string, string>; phone: string | null } {
  if (consent !== true) return { problem: { code: 'CONSENT_REQUIRED' } };
  const values: Record<string, string> = {};
  let phone: string | null = null;
  for (const field of fields) {
    const raw = Object.prototype.hasOwnProperty.call(submitted, field.key)
      ? submitted[field.key]
      : '';
    const value = (raw ?? '').trim();
    if (!value) {
      if (field.required) return { problem: { code: 'FORM_FIELD_REQUIRED', label: field.label } };
      continue;
    }
    if (field.type === 'phone') {
      if (!MAINLAND_MOBILE.test(value))
        return { problem: { code: 'PHONE_INVALID', label: field.label } };
      phone ??= value;
    }
    if (field.type === 'select' && !(field.options ?? []).includes(value))
      return { problem: { code: 'FORM_OPTION_INVALID', label: field.label } };
    values[field.key] = value;
  }
  return { values, phone };
}

/** Masks a mobile number for display outside the customer's employees (C6, M1). */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : mobile ? '****' : '';
}

/** The attribution facts of a share, as an event and a customer's origin carry them (A3, A4). */
export interface ShareAttribution {
  shareId: string;
  taskId: string;
  rootEmployeeId: string;
  channel: ShareChannel;
  parentCustomerId: string | null;
}

/**
 * A3/A4: what an attributed share stamps on its events and, for the open that creates a
 * customer, on their `origin`: the share, its task and root employee, its channel, and the
 * forwarding customer when a customer minted it.
 */
export function shareAttribution(
  share: Pick<ShareFacts, 'taskId' | 'rootEmployeeId' | 'sharerType' | 'sharerId'> & {
    _id: string;
    channel: ShareChannel;
  },
): ShareAttribution {
  return {
    shareId: share._id,
    taskId: share.taskId,
    rootEmployeeId: share.rootEmployeeId,
    channel: share.channel,
    parentCustomerId: share.sharerType === 'customer' ? share.sharerId : null,
  };
}

/** A11: the page-view session key of (share, customer); a direct open uses `direct:${contentId}`. */
export function pvSessionKey(
  shareId: string | null,
  contentId: string,
  customerId: string,
): string {
  return `${shareId ?? `direct:${contentId}`}:${customerId}`;
}

/**
 * The `_id`s of the derived collections (docs/attribution.md, "Collections"). The db modules
 * build the same keys; `rebuild.ts` uses these (it cannot import the db modules: they load the
 * SDK).
 */
export const derivedIds = {
  relation: (employeeId: string, customerId: string) => `${employeeId}:${customerId}`,
  taskStats: (taskId: string, employeeId: string) => `${taskId}:${employeeId}`,
  taskCustomer: (taskId: string, employeeId: string, customerId: string) =>
    `${taskId}:${employeeId}:${customerId}`,
  customerDay: (customerId: string, day: string) => `${customerId}:${day}`,
  pvSession: pvSessionKey,
};

/**
 * A7/A8/A10: whether a forward passes attribution on to its child share: its parent share
 * attributes and the forwarder is an employee (who passes the chain on) or a customer in the
 * root employee's archive (a relation with them).
 */
export function forwardPassesOn(facts: {
  attributed: boolean;
  byEmployee: boolean;
  relatedToRoot: boolean;
}): boolean {
  return facts.attributed && (facts.byEmployee || facts.relatedToRoot);
}

/** What a customer's non-visit event adds to its content's counters (`contentStats`). */
export function actionContentDelta(
  type: Exclude<CustomerEventType, 'visit'>,
  data: { dwellMs?: unknown; phone?: unknown },
): { dwellMs?: number; cardTaps?: number; forwards?: number; forms?: number; leads?: number } {
  if (type === 'dwell') return { dwellMs: typeof data.dwellMs === 'number' ? data.dwellMs : 0 };
  if (type === 'forward') return { forwards: 1 };
  if (type === 'form') return { forms: 1, leads: data.phone ? 1 : 0 };
  return { cardTaps: 1 };
}
