/**
 * The `customer` function: what a WeChat user does on a shared content page (issue 5,
 * docs/attribution.md). The caller is the OPENID of the call context, never a field of the
 * request (S1); an employee's OPENID (a binding) is recorded but counted nowhere (A10). Only
 * `content.open` accepts a call without an OPENID: an anonymous page view (A3).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type {
  BusinessCard,
  ContentView,
  CustomerActions,
  FormView,
} from '../../typings/attribution';
import {
  recordAction,
  recordForm,
  recordForward,
  recordOpen,
  resolveFoundShare,
  resolveShare,
  type EventCaller,
} from '../_shared/attribution/engine';
import { checkFormSubmission, maskMobile } from '../_shared/attribution/rules';
import { claimBindToken } from '../_shared/db/bind-tokens';
import { bindWechatOpenid, findBinding } from '../_shared/db/bindings';
import { findContentById, type ContentDoc } from '../_shared/db/contents';
import { removeCustomer } from '../_shared/db/customers';
import { recordDeletionRequest, markDeletionDone } from '../_shared/db/deletion-requests';
import { removeCustomerDaysOfCustomer } from '../_shared/db/customer-days';
import { removeFollowUpsOfCustomer } from '../_shared/db/follow-ups';
import { findCard, findEmployee } from '../_shared/db/employees';
import { anonymiseEventsOfCustomer } from '../_shared/db/events';
import { findFormById } from '../_shared/db/forms';
import { removePvSessionsOfCustomer } from '../_shared/db/pv-sessions';
import { removeRadarOfCustomer } from '../_shared/db/radar';
import { removeRelationsOfCustomer } from '../_shared/db/relations';
import { anonymiseSharer, findShare, newShareId } from '../_shared/db/shares';
import { removeTaskCustomersOfCustomer } from '../_shared/db/task-customers';
import { callerContext } from '../_shared/runtime/cloud';
import { AppError, ERROR_MESSAGES } from '../_shared/runtime/errors';
import { action, createHandler, retryKey } from '../_shared/runtime/handler';
import { hashSecret } from '../_shared/runtime/identity';

type Response<K extends keyof CustomerActions> = CustomerActions[K]['response'];

/** The content page of the mini-program; `s` carries the share id (A1). */
const CONTENT_PAGE = 'pages/content/index';

const clientEventId = retryKey;
/** Any string a client may send as a share id; only well-formed ids are looked up (A1). */
const shareIdInput = z.string().trim().min(1).max(64);
const docId = z.string().trim().min(1).max(64);

const ANONYMOUS_ALLOWED = new Set(['content.open']);

async function resolveCustomerCaller(actionName: string): Promise<EventCaller> {
  const { openid, unionid } = callerContext();
  if (!openid) {
    if (ANONYMOUS_ALLOWED.has(actionName)) return { kind: 'anonymous' };
    throw new AppError('UNAUTHENTICATED', '请在微信中打开');
  }
  const binding = await findBinding(openid);
  if (binding) return { kind: 'employee', openid, employeeId: binding.userId };
  return { kind: 'customer', openid, unionid: unionid ?? null };
}

function requireOpenid(caller: EventCaller): string {
  if (caller.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', '请在微信中打开');
  return caller.openid;
}

async function cardOf(employeeId: string): Promise<BusinessCard | null> {
  // The card the employee set (名片设置, M1), else their employee record's fields.
  const card = await findCard(employeeId);
  if (!card) return null;
  return {
    employeeId: card.employeeId,
    name: card.name,
    avatar: card.avatar,
    title: card.title,
    company: card.company,
    // PRIVACY: masked unless the employee chose to show it in full.
    mobile: card.showFullMobile ? card.mobile : maskMobile(card.mobile),
    wecomQrCode: card.wecomQrCode,
    intro: card.intro,
  };
}

async function formViewOf(content: ContentDoc): Promise<FormView | null> {
  if (!content.formId) return null;
  const form = await findFormById(content.formId);
  if (!form) return null;
  return { id: form._id, title: form.title, fields: form.fields, consentText: form.consentText };
}

const open = action(
  z
    .object({ clientEventId, shareId: shareIdInput.optional(), contentId: docId.optional() })
    .strict(),
  async (input, caller: EventCaller): Promise<Response<'content.open'>> => {
    const now = new Date();
    const resolved = await resolveShare(input.shareId, input.contentId);
    // A2: a refused share shows its content as a direct open; an unknown one needs contentId.
    const contentId = resolved.share?.contentId ?? input.contentId;
    const content = contentId ? await findContentById(contentId) : null;
    if (!content) throw new AppError('NOT_FOUND');
    const [, card, form] = await Promise.all([
      recordOpen(caller, input.clientEventId, content._id, resolved, now),
      resolved.attributed ? cardOf(resolved.share.rootEmployeeId) : Promise.resolve(null),
      formViewOf(content),
    ]);
    const view: ContentView = {
      content: {
        id: content._id,
        title: content.title,
        cover: content.cover,
        blocks: content.blocks,
      },
      card,
      form,
      shareId: resolved.attributed ? resolved.share._id : null,
    };
    return view;
  },
);

/** The content of an action: a known content, consistent with the share when there is one. */
async function requireContent(contentId: string): Promise<ContentDoc> {
  const content = await findContentById(contentId);
  if (!content) throw new AppError('NOT_FOUND');
  return content;
}

const recordEvent = action(
  z
    .object({
      clientEventId,
      type: z.enum(['dwell', 'card_call', 'card_add_contact']),
      contentId: docId,
      shareId: shareIdInput.optional(),
      dwellMs: z
        .number()
        .int()
        .min(0)
        .max(24 * 3600 * 1000)
        .optional(),
      /** C4: how far the page was read, in percent of its height (dwell only). */
      scrollDepth: z.number().int().min(0).max(100).optional(),
    })
    .strict(),
  async (input, caller: EventCaller): Promise<Response<'events.record'>> => {
    requireOpenid(caller);
    const now = new Date();
    const [resolved] = await Promise.all([
      resolveShare(input.shareId, input.contentId),
      requireContent(input.contentId),
    ]);
    const recorded = await recordAction(
      caller,
      input.type,
      input.clientEventId,
      input.contentId,
      resolved,
      now,
      input.type === 'dwell'
        ? {
            dwellMs: input.dwellMs ?? 0,
            ...(input.scrollDepth !== undefined ? { scrollDepth: input.scrollDepth } : {}),
          }
        : {},
    );
    return { recorded };
  },
);

const forward = action(
  z.object({ clientEventId, parentShareId: shareIdInput }).strict(),
  async (input, caller: EventCaller): Promise<Response<'shares.forward'>> => {
    requireOpenid(caller);
    const now = new Date();
    const parent = await findShare(input.parentShareId);
    if (!parent) throw new AppError('NOT_FOUND', '分享不存在或已失效');
    const resolved = await resolveFoundShare(parent, undefined);
    // A9: a retried forward answers the child share its first delivery minted.
    const { childShareId: shareId } = await recordForward(
      caller,
      input.clientEventId,
      parent,
      resolved,
      newShareId(),
      now,
    );
    return { shareId, path: `${CONTENT_PAGE}?s=${shareId}` };
  },
);

const submitForm = action(
  z
    .object({
      clientEventId,
      formId: docId,
      contentId: docId,
      shareId: shareIdInput.optional(),
      fields: z
        .record(z.string().max(64), z.string().max(500))
        .refine((f) => Object.keys(f).length <= 50),
      consent: z.boolean(),
    })
    .strict(),
  async (input, caller: EventCaller): Promise<Response<'forms.submit'>> => {
    requireOpenid(caller);
    // C6: no consent, no submission (checked before anything is read or written).
    if (input.consent !== true) throw new AppError('CONSENT_REQUIRED');
    const now = new Date();
    const [form, content, resolved] = await Promise.all([
      findFormById(input.formId),
      findContentById(input.contentId),
      resolveShare(input.shareId, input.contentId),
    ]);
    if (!form || !content || content.formId !== form._id)
      throw new AppError('NOT_FOUND', '表单不存在或已下线');
    const checked = checkFormSubmission(form.fields, input.fields, input.consent);
    if ('problem' in checked) {
      const { problem } = checked;
      if (problem.code === 'CONSENT_REQUIRED') throw new AppError('CONSENT_REQUIRED');
      throw new AppError(problem.code, `${ERROR_MESSAGES[problem.code]}：${problem.label}`);
    }
    await recordForm(caller, input.clientEventId, content, resolved, now, {
      formId: form._id,
      fields: checked.values,
      consent: true,
      phone: checked.phone,
    });
    return { submitted: true };
  },
);

const redeemBind = action(
  z.object({ token: z.string().trim().min(8).max(128) }).strict(),
  async (input, caller: EventCaller): Promise<Response<'bind.redeem'>> => {
    const openid = requireOpenid(caller);
    const now = new Date();
    const claimed = await claimBindToken(hashSecret(input.token), openid, now);
    if (claimed === 'used') throw new AppError('BIND_TOKEN_USED');
    if (claimed === 'expired') throw new AppError('BIND_TOKEN_EXPIRED');
    if (claimed === 'unknown') throw new AppError('BIND_TOKEN_INVALID');
    const employee = await findEmployee(claimed.userId);
    if (!employee || employee.status !== 'active') throw new AppError('EMPLOYEE_INACTIVE');
    await bindWechatOpenid(openid, claimed.userId, claimed.corpId, now);
    return { employeeName: employee.name };
  },
);

/**
 * CU2: deletes the caller's personal data. Removed: the profile (customers), relations,
 * per-task lists, sessions, day counts, form fields, phone numbers and the radar's rows. Kept, without anything
 * that identifies the person: events under a random pseudonym (counts stay right), aggregate
 * counters, and `broughtBy` (OPENID -> employee only) so that a returning user is not counted
 * as a new customer twice (A6). The request itself is recorded in `deletionRequests`.
 */
const deleteMe = action(
  z.object({ confirm: z.literal(true) }).strict(),
  async (_input, caller: EventCaller): Promise<Response<'privacy.deleteMe'>> => {
    const openid = requireOpenid(caller);
    const now = new Date();
    const pseudonym = `deleted:${randomBytes(12).toString('base64url')}`;
    await recordDeletionRequest({ _id: openid, requestedAt: now, completedAt: null, pseudonym });
    await Promise.all([
      anonymiseEventsOfCustomer(openid, pseudonym),
      anonymiseSharer(openid, pseudonym),
      removeRelationsOfCustomer(openid),
      removeTaskCustomersOfCustomer(openid),
      removePvSessionsOfCustomer(openid),
      removeCustomerDaysOfCustomer(openid),
      removeFollowUpsOfCustomer(openid),
      removeRadarOfCustomer(openid),
    ]);
    await removeCustomer(openid, pseudonym);
    await markDeletionDone(openid, new Date());
    return { deleted: true };
  },
);

export const customerActions = {
  'content.open': open,
  'events.record': recordEvent,
  'shares.forward': forward,
  'forms.submit': submitForm,
  'bind.redeem': redeemBind,
  'privacy.deleteMe': deleteMe,
};

export const main = createHandler<EventCaller>(customerActions, resolveCustomerCaller);

// Keeps the action map in step with the contract (typings/attribution.d.ts).
const _contract: Record<keyof CustomerActions, unknown> = customerActions;
void _contract;
