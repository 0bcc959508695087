import type { ActionRequest, ActionResponse, Page } from '../../typings/api';
import type {
  BusinessCard,
  ContentView,
  CustomerRow,
  FormView,
  GoalKind,
  GoalProgress,
  ShareChannel,
  TaskDetail,
} from '../../typings/attribution';
import { call } from './call';

export type {
  BusinessCard,
  ContentView,
  CustomerRow,
  FormView,
  GoalKind,
  GoalProgress,
  ShareChannel,
  TaskDetail,
};

/**
 * Claim, share, visit, forward and forms (issue 5, docs/attribution.md): the employee side
 * (`employee` function) and the customer side (`customer` function).
 */

export const CUSTOMER_PAGE_SIZE = 20;

/** A channel an employee mints a share for (`forward` is minted by customers only). */
export type EmployeeShareChannel = Exclude<ShareChannel, 'forward'>;
export type MintedShare = ActionResponse<'employee', 'shares.create'>;

/**
 * A client event id (A9): unique per event, reused only when the same event is sent again.
 * Time plus randomness, base36: never repeats on one device, and collisions across devices
 * are harmless because the server keys events by customer too. Also the `requestId` of
 * `shares.create` (keyed by employee on the server).
 */
export function newClientEventId(): string {
  const random = () => Math.floor(Math.random() * 36 ** 6).toString(36);
  return `${Date.now().toString(36)}-${random()}${random()}`;
}

// ---- employee ----

export function getTaskDetail(taskId: string): Promise<TaskDetail> {
  return call('employee', 'tasks.get', { taskId });
}

export function claimTask(taskId: string): Promise<{ claimedAt: string }> {
  return call('employee', 'tasks.claim', { taskId });
}

/**
 * Mints a share (A1). `requestId` (a {@link newClientEventId}) names one tap on a share method:
 * a retry of that tap sends it again and gets the same share, counted once (T4).
 */
export function createShare(
  taskId: string,
  channel: EmployeeShareChannel,
  requestId: string,
): Promise<MintedShare> {
  return call('employee', 'shares.create', { taskId, channel, requestId });
}

/** 客户列表 of one task: who viewed it through the caller. */
export function listTaskCustomers(taskId: string, cursor?: string): Promise<Page<CustomerRow>> {
  return call('employee', 'tasks.customers', {
    taskId,
    pageSize: CUSTOMER_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
}

/**
 * 客户档案: every customer of the caller, with those handed to them (离职继承), newest first,
 * narrowed by `filter` (C8; only the parts set are sent).
 */
export function listCustomerArchive(
  cursor?: string,
  filter: { query?: string; tag?: string; taskId?: string; hasPhone?: boolean } = {},
): Promise<Page<CustomerRow>> {
  const chosen = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return call('employee', 'customers.archive', {
    pageSize: CUSTOMER_PAGE_SIZE,
    ...chosen,
    ...(cursor ? { cursor } : {}),
  });
}

/** A12: a one-time QR code binding the employee's personal WeChat. */
export function createBindCode(): Promise<{ qrCode: string; expiresAt: string }> {
  return call('employee', 'bind.create', {});
}

// ---- customer ----

export function openContent(
  request: ActionRequest<'customer', 'content.open'>,
): Promise<ContentView> {
  return call('customer', 'content.open', request);
}

export type EventRequest = ActionRequest<'customer', 'events.record'>;

export function recordEvent(request: EventRequest): Promise<{ recorded: boolean }> {
  return call('customer', 'events.record', request);
}

export function forwardShare(
  clientEventId: string,
  parentShareId: string,
): Promise<{ shareId: string; path: string }> {
  return call('customer', 'shares.forward', { clientEventId, parentShareId });
}

export function submitForm(
  request: ActionRequest<'customer', 'forms.submit'>,
): Promise<{ submitted: true }> {
  return call('customer', 'forms.submit', request);
}

export function redeemBind(token: string): Promise<{ employeeName: string }> {
  return call('customer', 'bind.redeem', { token });
}

export function deleteMyData(): Promise<{ deleted: true }> {
  return call('customer', 'privacy.deleteMe', { confirm: true });
}

// ---- helpers shared by the pages ----

/**
 * An image `src` for a code the backend answers: a URL or data URL as is, bare base64 as a
 * PNG data URL.
 */
export function codeImageSrc(code: string): string {
  if (/^(data:|https?:|wxfile:|cloud:|\/)/.test(code)) return code;
  return `data:image/png;base64,${code}`;
}

/** The base64 payload of a code (for writing it to a file), or null for a URL. */
export function codeBase64(code: string): string | null {
  const data = /^data:[^;,]+;base64,(.*)$/.exec(code);
  if (data) return data[1];
  return /^(https?:|wxfile:|cloud:|\/)/.test(code) ? null : code;
}
