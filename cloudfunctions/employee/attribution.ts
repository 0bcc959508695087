/**
 * The employee side of claim and share (issue 5; docs/attribution.md, "Employee side"):
 * 任务详情, 领取 (T3), 选择分享方式 (A1, A2), 客户列表 / 客户档案 (A5, A8), and the QR code that
 * binds the employee's personal WeChat (A12). The caller is always an active employee (S1).
 */
import { z } from 'zod';
import type {
  CustomerRow,
  EmployeeAttributionActions,
  TaskDetail,
} from '../../typings/attribution';
import { insertBindToken } from '../_shared/db/bind-tokens';
import { findContentById, type ContentDoc } from '../_shared/db/contents';
import { findRequestedShare, recordShareCreated } from '../_shared/attribution/engine';
import { findShare, newShareId, type ShareDoc } from '../_shared/db/shares';
import { findAssignment, claimAssignment } from '../_shared/db/task-assignees';
import { findBalance } from '../_shared/db/points-balances';
import { findTaskStats } from '../_shared/db/task-stats';
import { pageTaskCustomers } from '../_shared/db/task-customers';
import { findRelation } from '../_shared/db/relations';
import { findCustomersByIds } from '../_shared/db/customers';
import { findTask, type TaskDoc } from '../_shared/db/tasks';
import {
  BIND_PAGE,
  BIND_TOKEN_LENGTH,
  BIND_TOKEN_TTL_MS,
  bindScene,
  completedGoals,
  CONTENT_PAGE,
  goalProgress,
  randomBase62,
  sharePath,
  whyNotClaimable,
  whyNotShareable,
} from '../_shared/domain/claim-share';
import { decodeCursor, encodeCursor, type CursorPosition } from '../_shared/domain/cursor';
import { taskStatus, totalPoints } from '../_shared/domain/task-status';
import { AppError } from '../_shared/runtime/errors';
import { action, retryKey } from '../_shared/runtime/handler';
import { hashSecret, type EmployeeCaller } from '../_shared/runtime/identity';
import { relayAddress } from '../_shared/domain/relay';
import { getUnlimitedCode, WeChatApiError } from '../_shared/wechat/client';
import { archivePage, customerRow } from './customer-archive';

type Response<A extends keyof EmployeeAttributionActions> =
  EmployeeAttributionActions[A]['response'];

const taskId = z.string().min(1).max(64);
const pageInput = {
  cursor: z.string().max(300).optional(),
  pageSize: z.number().int().min(1).max(50).default(20),
};

/** The task (NOT_FOUND for drafts and unknown ids) and the caller's row (null: not assigned). */
async function assignedTask(id: string, caller: EmployeeCaller) {
  const [task, assignment] = await Promise.all([
    findTask(id),
    findAssignment(id, caller.employee._id),
  ]);
  if (!task || task.state === 'draft') throw new AppError('NOT_FOUND', '任务不存在或已删除');
  return { task, assignment };
}

function cursorOf(input: string | undefined): CursorPosition | null {
  if (!input) return null;
  const cursor = decodeCursor(input);
  // These lists page on a time in ms: anything else was not made by this server.
  if (!cursor || typeof cursor.value !== 'number' || !Number.isFinite(cursor.value))
    throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
  return cursor;
}

/** A mini-program code as a data URL; WeChat failures become WECHAT_UNAVAILABLE (logged). */
async function codeDataUrl(scene: string, page: string): Promise<string> {
  try {
    const png = await getUnlimitedCode({ scene, page });
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch (error) {
    if (!(error instanceof WeChatApiError)) throw error;
    console.error('[wechat] getwxacodeunlimit failed', error.errcode, error.errmsg);
    throw new AppError('WECHAT_UNAVAILABLE');
  }
}

/**
 * 客户朋友圈's address for a share: the relay page on the project's hosting (`RELAY_BASE_URL`),
 * which mints a URL Link for each reader (one URL Link opens for its first reader only, so a
 * post cannot carry one). docs/moments-relay.md. No WeChat call: minting waits for the reader.
 */
function shareRelayLink(shareId: string): string {
  const base = (process.env.RELAY_BASE_URL ?? '').trim();
  if (!/^https?:\/\//.test(base)) {
    console.error('[relay] RELAY_BASE_URL is not set: 客户朋友圈 cannot be shared');
    throw new AppError('WECHAT_UNAVAILABLE', '朋友圈分享暂不可用，请联系管理员');
  }
  return relayAddress(base, shareId);
}

/** Rows of 客户列表: the list row, with the customer's name and avatar (客户档案: customer-archive.ts). */
async function customerRows<
  R extends { customerId: string; firstAt: Date; lastAt: Date; visits: number },
>(found: R[], broughtByMe: (row: R) => boolean): Promise<CustomerRow[]> {
  const customers = new Map(
    (await findCustomersByIds(found.map((r) => r.customerId))).map((c) => [c._id, c]),
  );
  return found.map((row) => customerRow(row, customers.get(row.customerId), broughtByMe(row)));
}

/** Keyset cursor after the last row of a page (most recent visit first: `lastAt`, `_id`). */
function nextCursorOf(page: { rows: { _id: string; lastAt: Date }[]; hasMore: boolean }) {
  const last = page.rows[page.rows.length - 1];
  return page.hasMore && last ? encodeCursor({ value: last.lastAt.getTime(), id: last._id }) : null;
}

const getTask = action(
  z.object({ taskId }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'tasks.get'>> => {
    const { task, assignment } = await assignedTask(input.taskId, caller);
    if (!assignment) throw new AppError('NOT_FOUND', '任务不存在或已删除');
    const now = new Date();
    const [content, stats, balance] = await Promise.all([
      findContentById(task.contentId),
      findTaskStats(task._id, caller.employee._id),
      findBalance(task._id, caller.employee._id),
    ]);
    const goals = goalProgress(task.goals, stats, balance?.creditedGoals ?? []);
    const detail: TaskDetail = {
      id: task._id,
      title: task.title,
      cover: task.shareCover || content?.cover || '',
      startAt: task.startAt.toISOString(),
      endAt: task.endAt.toISOString(),
      status: taskStatus(task, now)!,
      claimed: assignment.claimedAt !== null,
      goalCount: task.goals.length,
      totalPoints: totalPoints(task.goals),
      hasBenefits: task.benefits.length > 0,
      shareTitle: task.shareTitle || content?.title || task.title,
      content: {
        id: task.contentId,
        title: content?.title ?? '',
        summary: content?.summary ?? '',
        cover: content?.cover ?? '',
      },
      goals,
      completedGoals: completedGoals(goals),
      claimedAt: assignment.claimedAt ? assignment.claimedAt.toISOString() : null,
      canShare: whyNotShareable(task, assignment.claimedAt, now) === null,
      points: { credited: balance?.credited ?? 0, possible: totalPoints(task.goals) },
    };
    return detail;
  },
);

const claimTask = action(
  z.object({ taskId }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'tasks.claim'>> => {
    const { task, assignment } = await assignedTask(input.taskId, caller);
    if (!assignment) throw new AppError('TASK_NOT_ASSIGNED', '该任务未分配给你，不能领取');
    // Idempotent: a claim already made is answered as it was, whatever the task's state now.
    if (assignment.claimedAt) return { claimedAt: assignment.claimedAt.toISOString() };
    const now = new Date();
    const refusal = whyNotClaimable(task, now);
    if (refusal) throw new AppError(refusal.code, refusal.message);
    await claimAssignment(task._id, caller.employee._id, now);
    // Won or lost a race with a parallel claim: the row holds the one claim time either way.
    const after = await findAssignment(task._id, caller.employee._id);
    if (after?.claimedAt) return { claimedAt: after.claimedAt.toISOString() };
    // Nothing written: the task was cancelled or ended between the read and the update.
    const latest = (await findTask(task._id)) ?? task;
    const late = whyNotClaimable(latest, new Date());
    throw new AppError('TASK_NOT_CLAIMABLE', late?.message ?? '任务当前不能领取');
  },
);

/** The client's id of one tap on a share method, reused when that tap is retried (A1). */
const requestId = retryKey;

type EmployeeShareChannel = EmployeeAttributionActions['shares.create']['request']['channel'];
type ShareAnswer = Response<'shares.create'>;

/** What `shares.create` answers for a share of `task`. */
function shareAnswer(
  task: TaskDoc,
  content: ContentDoc | null,
  shareId: string,
  posterCode: string | null,
  link: string | null,
): ShareAnswer {
  return {
    shareId,
    path: sharePath(shareId),
    title: task.shareTitle || content?.title || task.title,
    cover: task.shareCover || content?.cover || '',
    posterCode,
    link,
  };
}

/**
 * The answer for the share an earlier delivery of this request minted: the same share, with
 * its code or link fetched again. Reusing the request for another task or channel is refused.
 */
async function retriedShare(
  shareId: string,
  input: { taskId: string; channel: EmployeeShareChannel },
  task: TaskDoc,
  content: ContentDoc | null,
): Promise<ShareAnswer> {
  const share = await findShare(shareId);
  if (!share) throw new Error(`a share request points at a missing share ${shareId}`);
  if (share.taskId !== input.taskId || share.channel !== input.channel)
    throw new AppError('INVALID_INPUT', '该分享请求已用于其他任务或分享方式，请重新选择分享方式');
  const posterCode = share.channel === 'poster' ? await codeDataUrl(shareId, CONTENT_PAGE) : null;
  const link = share.channel === 'wecom_moments' ? shareRelayLink(shareId) : null;
  return shareAnswer(task, content, shareId, posterCode, link);
}

const createShare = action(
  z
    .object({
      taskId,
      channel: z.enum(['wechat_chat', 'wecom_chat', 'wecom_moments', 'poster']),
      requestId,
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<ShareAnswer> => {
    const { task, assignment } = await assignedTask(input.taskId, caller);
    if (!assignment) throw new AppError('TASK_NOT_ASSIGNED', '该任务未分配给你，不能分享');
    const me = caller.employee._id;
    const [content, earlier] = await Promise.all([
      findContentById(task.contentId),
      findRequestedShare(me, input.requestId),
    ]);
    // A retried request answers the share it minted, whatever the task's state now.
    if (earlier) return retriedShare(earlier, input, task, content);
    const now = new Date();
    const refusal = whyNotShareable(task, assignment.claimedAt, now);
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const shareId = newShareId();
    // The code first: if WeChat fails, no share is minted and nothing is counted.
    const posterCode = input.channel === 'poster' ? await codeDataUrl(shareId, CONTENT_PAGE) : null;
    const link = input.channel === 'wecom_moments' ? shareRelayLink(shareId) : null;
    const share: ShareDoc = {
      _id: shareId,
      taskId: task._id,
      contentId: task.contentId,
      rootEmployeeId: me,
      sharerType: 'employee',
      sharerId: me,
      parentShareId: null,
      depth: 0,
      channel: input.channel,
      createdAt: now,
    };
    const minted = await recordShareCreated(share, input.requestId, task);
    // A parallel delivery of the same request minted first: answer its share.
    if (minted !== shareId) return retriedShare(minted, input, task, content);
    return shareAnswer(task, content, shareId, posterCode, link);
  },
);

const taskCustomers = action(
  z.object({ taskId, ...pageInput }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'tasks.customers'>> => {
    const { assignment } = await assignedTask(input.taskId, caller);
    if (!assignment) throw new AppError('NOT_FOUND', '任务不存在或已删除');
    const me = caller.employee._id;
    const page = await pageTaskCustomers(input.taskId, me, cursorOf(input.cursor), input.pageSize);
    // broughtByMe (A6) lives on the caller's relation with each customer.
    const relations = await Promise.all(page.rows.map((row) => findRelation(me, row.customerId)));
    const brought = new Set(relations.filter((r) => r?.brought).map((r) => r!.customerId));
    return {
      items: await customerRows(page.rows, (row) => brought.has(row.customerId)),
      nextCursor: nextCursorOf(page),
    };
  },
);

const customerArchive = action(
  z
    .object({
      ...pageInput,
      query: z.string().trim().max(30).optional(),
      tag: z.string().trim().min(1).max(20).optional(),
      taskId: z.string().trim().min(1).max(64).optional(),
      hasPhone: z.boolean().optional(),
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'customers.archive'>> => {
    // The caller's relations and the customers handed to them (AD4), one list: the cursor is
    // the last row's time in ms and its customer id (docs/attribution.md).
    const cursor = cursorOf(input.cursor);
    const page = await archivePage(
      caller.employee._id,
      cursor && { at: cursor.value as number, customerId: cursor.id },
      input.pageSize,
      {
        query: input.query || undefined,
        tag: input.tag,
        taskId: input.taskId,
        hasPhone: input.hasPhone,
      },
    );
    return {
      items: page.items,
      nextCursor: page.next && encodeCursor({ value: page.next.at, id: page.next.customerId }),
    };
  },
);

const createBind = action(
  z.object({}).strict(),
  async (_input, caller: EmployeeCaller): Promise<Response<'bind.create'>> => {
    const token = randomBase62(BIND_TOKEN_LENGTH);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + BIND_TOKEN_TTL_MS);
    // The code first: a token whose code never reached the employee is never stored.
    const qrCode = await codeDataUrl(bindScene(token), BIND_PAGE);
    await insertBindToken({
      _id: hashSecret(token),
      userId: caller.employee._id,
      corpId: caller.employee.corpId,
      createdAt: now,
      expiresAt,
      usedAt: null,
      usedBy: null,
    });
    return { qrCode, expiresAt: expiresAt.toISOString() };
  },
);

export const attributionActions = {
  'tasks.get': getTask,
  'tasks.claim': claimTask,
  'shares.create': createShare,
  'tasks.customers': taskCustomers,
  'customers.archive': customerArchive,
  'bind.create': createBind,
};
