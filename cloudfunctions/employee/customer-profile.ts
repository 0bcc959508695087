/**
 * 用户画像 (C1-C7): one customer's profile, 行为记录, 跟进记录 and tags, for the customer's own
 * employees and admins only (S2). docs/customer-insight.md.
 */
import { z } from 'zod';
import type { BehaviourEntry, EmployeeAttributionActions } from '../../typings/attribution';
import type { CustomerProfile, EmployeeInsightActions, FollowUp } from '../../typings/insight';
import { channelSourceLabel, DIRECT_LABEL } from '../_shared/attribution/rules';
import { findContentTitles, findContentTopics } from '../_shared/db/contents';
import { recentCustomerDays } from '../_shared/db/customer-days';
import {
  findCustomer,
  findCustomersByIds,
  findCustomersFirstForwardedBy,
  setManualTags,
  setRemark,
  type AttributedCustomerDoc,
} from '../_shared/db/customers';
import { findEmployeesByIds } from '../_shared/db/employees';
import {
  findRecentEventsOfCustomer,
  pageCustomerEvents,
  type EventDoc,
} from '../_shared/db/events';
import {
  findFollowUp,
  insertFollowUp,
  pageFollowUps,
  updateFollowUp,
  type FollowUpDoc,
} from '../_shared/db/follow-ups';
import { findFormsByIds } from '../_shared/db/forms';
import { findRelation } from '../_shared/db/relations';
import { listTagGroups } from '../_shared/db/tags';
import { listTagRules } from '../_shared/db/tag-rules';
import { findRecentAssignmentsOf } from '../_shared/db/task-assignees';
import { findTask, findTasksByIds } from '../_shared/db/tasks';
import { TAG_RULE_KINDS, TAG_RULES } from '../_shared/domain/content-rules';
import { BEHAVIOUR_LABELS, behaviourVia, type BehaviourType } from '../_shared/domain/behaviour';
import { encodeCursor } from '../_shared/domain/cursor';
import {
  dailySeries,
  followUpReminderAt,
  FOLLOW_UP_WAYS,
  formFieldsView,
  MAX_MANUAL_TAGS,
  networkTree,
  NETWORK_TREE_DEPTH,
  NETWORK_TREE_WIDTH,
  seesPhoneInFull,
} from '../_shared/domain/customer-profile';
import { currentOwner, isEmployeesCustomer } from '../_shared/domain/org';
import { effectiveTagRules, evaluateTagRules } from '../_shared/domain/tag-rules';
import { cancelPendingNotification, enqueueNotifications } from '../_shared/notifications/enqueue';
import { AppError } from '../_shared/runtime/errors';
import { action, numberCursorOf, retryKey } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

type Response<A extends keyof EmployeeInsightActions> = EmployeeInsightActions[A]['response'];

const DAY = 24 * 3600 * 1000;
const customerId = z.string().trim().min(1).max(128);
const NOT_YOURS = '客户不存在或不属于你';

/**
 * S2: the customer, if the caller may read their details (their own customer, or an admin);
 * NOT_FOUND otherwise, so the answer never reveals whose customer someone is.
 */
async function requireReadableCustomer(
  caller: EmployeeCaller,
  id: string,
): Promise<AttributedCustomerDoc> {
  const [customer, relation] = await Promise.all([
    findCustomer(id),
    caller.isAdmin ? Promise.resolve(null) : findRelation(caller.employee._id, id),
  ]);
  if (!customer) throw new AppError('NOT_FOUND', NOT_YOURS);
  if (!caller.isAdmin && !isEmployeesCustomer(customer, caller.employee._id, relation !== null)) {
    throw new AppError('NOT_FOUND', NOT_YOURS);
  }
  return customer;
}

const unique = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => Boolean(v))),
];

const listBehaviour = action(
  z
    .object({
      customerId,
      cursor: z.string().max(200).optional(),
      pageSize: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  async (input, caller: EmployeeCaller) => {
    await requireReadableCustomer(caller, input.customerId);
    const cursor = numberCursorOf(input.cursor);
    const page = await pageCustomerEvents(input.customerId, cursor, input.pageSize);
    const shown = page.rows.filter((e) => e.type in BEHAVIOUR_LABELS);
    const [titles, employees, customers] = await Promise.all([
      findContentTitles(unique(shown.map((e) => e.contentId))),
      findEmployeesByIds(unique(shown.map((e) => e.rootEmployeeId))),
      findCustomersByIds(unique(shown.map((e) => e.parentCustomerId))),
    ]);
    const employeeNames = new Map(employees.map((e) => [e._id, e.name]));
    const customerNames = new Map(customers.map((c) => [c._id, c.nickname]));
    const items: BehaviourEntry[] = shown.map((event) => ({
      id: event._id,
      type: event.type as BehaviourType,
      label: BEHAVIOUR_LABELS[event.type as BehaviourType],
      at: event.at.toISOString(),
      contentId: event.contentId,
      contentTitle: titles.get(event.contentId) ?? '内容已下架',
      via: behaviourVia(event, employeeNames, customerNames),
      dwellMs: typeof event.data?.dwellMs === 'number' ? event.data.dwellMs : null,
      scrollDepth: typeof event.data?.scrollDepth === 'number' ? event.data.scrollDepth : null,
    }));
    const last = page.rows[page.rows.length - 1];
    const response: EmployeeAttributionActions['customers.events']['response'] = {
      items,
      nextCursor:
        page.hasMore && last ? encodeCursor({ value: last.at.getTime(), id: last._id }) : null,
    };
    return response;
  },
);

/** C3: the forwarding tree below the customer, a level per request (bounded). */
async function readNetworkTree(customer: AttributedCustomerDoc) {
  const levels: { customerId: string; name: string; parentId: string }[][] = [];
  let parents = [customer._id];
  for (let depth = 0; depth < NETWORK_TREE_DEPTH && parents.length > 0; depth++) {
    const found = await findCustomersFirstForwardedBy(parents, NETWORK_TREE_WIDTH);
    const level = found.map((c) => ({
      customerId: c._id,
      name: c.nickname || '微信用户',
      parentId: c.origin?.parentCustomerId ?? '',
    }));
    levels.push(level);
    parents = level.map((l) => l.customerId);
  }
  return networkTree({ customerId: customer._id, name: customer.nickname || '微信用户' }, levels);
}

/** 渠道来源 (A4, A8): the first touch's task, method and sharer, or 非客户/直接访问. */
async function readSource(customer: AttributedCustomerDoc): Promise<CustomerProfile['source']> {
  const origin = customer.origin;
  if (!origin) return { kind: 'direct', label: DIRECT_LABEL };
  const [task, employees, parents] = await Promise.all([
    findTask(origin.taskId),
    origin.parentCustomerId ? Promise.resolve([]) : findEmployeesByIds([origin.rootEmployeeId]),
    origin.parentCustomerId ? findCustomersByIds([origin.parentCustomerId]) : Promise.resolve([]),
  ]);
  const parent = parents[0];
  const label = channelSourceLabel(origin, parent?.inArchive === true);
  if (label === DIRECT_LABEL) return { kind: 'direct', label };
  return {
    kind: 'share',
    label,
    taskId: origin.taskId,
    taskTitle: task?.title ?? '任务已删除',
    channel: origin.channel,
    sharer: parent
      ? { kind: 'customer', name: parent.nickname || '微信用户' }
      : { kind: 'employee', name: employees[0]?.name ?? '同事' },
    at: customer.firstSeenAt.toISOString(),
  };
}

/** C6 表单: the customer's latest forms, phones masked unless the caller may see them (C6). */
async function readForms(
  customer: AttributedCustomerDoc,
  caller: EmployeeCaller,
  forms: EventDoc[],
): Promise<CustomerProfile['forms']> {
  const definitions = new Map(
    (await findFormsByIds(unique(forms.map((f) => String(f.data.formId ?? ''))))).map((f) => [
      f._id,
      f,
    ]),
  );
  const owner = currentOwner(customer);
  return forms.map((event) => {
    const form = definitions.get(String(event.data.formId ?? ''));
    const full = seesPhoneInFull({
      isAdmin: caller.isAdmin,
      callerId: caller.employee._id,
      formEmployeeId: event.rootEmployeeId,
      ownerId: owner,
    });
    return {
      id: event._id,
      at: event.at.toISOString(),
      formTitle: form?.title ?? '表单',
      fields: formFieldsView(
        form?.fields ?? [],
        (event.data.fields ?? {}) as Record<string, string>,
        full,
      ),
    };
  });
}

/** C7's automatic tags at `now`, from the customer's counters and their last 30 days' visits. */
async function readAutoTags(
  customer: AttributedCustomerDoc,
  visits: EventDoc[],
  now: Date,
): Promise<string[]> {
  const [saved, topics] = await Promise.all([
    listTagRules(),
    findContentTopics(unique(visits.map((v) => v.contentId))),
  ]);
  const topicVisits: Record<string, number> = {};
  for (const visit of visits) {
    for (const topic of topics.get(visit.contentId) ?? [])
      topicVisits[topic] = (topicVisits[topic] ?? 0) + 1;
  }
  return evaluateTagRules(
    effectiveTagRules(saved),
    {
      visitTimes: visits.map((v) => new Date(v.at)),
      hasPhone: customer.hasPhone === true,
      network: customer.stats?.network ?? 0,
      lastActiveAt: customer.stats?.lastInteractionAt ?? null,
      topicVisits,
    },
    now,
  );
}

const profile = action(
  z.object({ customerId }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'customers.profile'>> => {
    const customer = await requireReadableCustomer(caller, input.customerId);
    const now = new Date();
    const [source, days, tree, forms, visits, library] = await Promise.all([
      readSource(customer),
      recentCustomerDays(customer._id, now),
      readNetworkTree(customer),
      findRecentEventsOfCustomer(customer._id, 'form', new Date(0), 20),
      findRecentEventsOfCustomer(customer._id, 'visit', new Date(now.getTime() - 30 * DAY), 100),
      listTagGroups(),
    ]);
    const [formViews, auto] = await Promise.all([
      readForms(customer, caller, forms),
      readAutoTags(customer, visits, now),
    ]);
    const stats = customer.stats;
    const series = dailySeries(days, now);
    return {
      customerId: customer._id,
      nickname: customer.nickname || '微信用户',
      avatar: customer.avatar ?? '',
      firstSeenAt: customer.firstSeenAt.toISOString(),
      lastActiveAt: customer.lastActiveAt.toISOString(),
      source,
      activity: {
        total: stats?.interactions ?? 0,
        visits: stats?.visits ?? 0,
        forwards: stats?.forwards ?? 0,
        forms: stats?.forms ?? 0,
        cardTaps: stats?.cardTaps ?? 0,
      },
      recent: { total: series.reduce((sum, d) => sum + d.interactions, 0), days: series },
      network: { count: stats?.network ?? 0, tree },
      forms: formViews,
      tags: { auto, manual: customer.manualTags ?? [] },
      tagLibrary: library
        .filter((g) => g.kind === 'manual')
        .map((g) => ({ name: g.name, tags: g.tags })),
      remark: customer.remarks?.[caller.employee._id] ?? '',
    };
  },
);

const setTags = action(
  z
    .object({
      customerId,
      tags: z.array(z.string().trim().min(1).max(20)).max(MAX_MANUAL_TAGS),
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'customers.tags.set'>> => {
    await requireReadableCustomer(caller, input.customerId);
    const library = new Set(
      (await listTagGroups()).filter((g) => g.kind === 'manual').flatMap((g) => g.tags),
    );
    const unknown = input.tags.filter((tag) => !library.has(tag));
    if (unknown.length > 0) {
      throw new AppError(
        'TAG_NOT_IN_LIBRARY',
        `标签库中没有「${unknown[0]}」，请先在标签管理中添加`,
      );
    }
    const manual = [...new Set(input.tags)];
    await setManualTags(input.customerId, manual);
    return { manual };
  },
);

const saveRemark = action(
  z.object({ customerId, remark: z.string().trim().max(50) }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'customers.remark.set'>> => {
    await requireReadableCustomer(caller, input.customerId);
    await setRemark(input.customerId, caller.employee._id, input.remark);
    return { remark: input.remark };
  },
);

/** `yyyy-mm-dd`, a real calendar date. */
const nextDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 yyyy-mm-dd')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    '日期无效',
  )
  .nullable()
  .optional();

const followUpFields = {
  text: z.string().trim().min(1, '请填写跟进内容').max(500),
  way: z.enum(FOLLOW_UP_WAYS),
  nextDate,
};

function followUpView(doc: FollowUpDoc, names: Map<string, string>, callerId: string): FollowUp {
  return {
    id: doc._id,
    text: doc.text,
    way: doc.way,
    nextDate: doc.nextDate,
    authorId: doc.employeeId,
    authorName: names.get(doc.employeeId) ?? '同事',
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    revision: doc.revision,
    mine: doc.employeeId === callerId,
  };
}

/** The dedupe key of a follow-up's reminder: one per version of the note that set a date. */
const reminderKeyOf = (id: string, revision: number, date: string) =>
  `followUpDue:${id}:${revision}:${date}`;

/**
 * C5: the next follow-up date reminds the author through the outbox at 09:00 that day (a date
 * already past reminds now). A note whose date changed withdraws its old reminder if unsent.
 * Answers the note's reminder key now.
 */
async function scheduleReminder(
  doc: FollowUpDoc,
  customerName: string,
  previous: FollowUpDoc | null,
  now: Date,
): Promise<string | null> {
  if (previous && previous.nextDate === doc.nextDate) return previous.reminderKey ?? null;
  if (previous?.reminderKey) await cancelPendingNotification(previous.reminderKey, now);
  if (!doc.nextDate) return null;
  const key = reminderKeyOf(doc._id, doc.revision, doc.nextDate);
  const due = followUpReminderAt(doc.nextDate);
  await enqueueNotifications(
    [
      {
        kind: 'followUpDue',
        userId: doc.employeeId,
        dedupeKey: key,
        title: `今天记得跟进${customerName}`,
        description: `${doc.way}跟进：${doc.text.slice(0, 60)}`,
        page: `packages/insight/pages/profile/index?customerId=${encodeURIComponent(doc.customerId)}`,
      },
    ],
    now,
    due.getTime() > now.getTime() ? due : now,
  );
  return key;
}

const listFollowUps = action(
  z
    .object({
      customerId,
      cursor: z.string().max(200).optional(),
      pageSize: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'followups.list'>> => {
    await requireReadableCustomer(caller, input.customerId);
    const page = await pageFollowUps(
      input.customerId,
      numberCursorOf(input.cursor),
      input.pageSize,
    );
    const names = new Map(
      (await findEmployeesByIds(unique(page.rows.map((f) => f.employeeId)))).map((e) => [
        e._id,
        e.name,
      ]),
    );
    const last = page.rows[page.rows.length - 1];
    return {
      items: page.rows.map((doc) => followUpView(doc, names, caller.employee._id)),
      nextCursor:
        page.hasMore && last
          ? encodeCursor({ value: last.createdAt.getTime(), id: last._id })
          : null,
    };
  },
);

const addFollowUp = action(
  z.object({ customerId, requestId: retryKey, ...followUpFields }).strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'followups.add'>> => {
    const customer = await requireReadableCustomer(caller, input.customerId);
    const now = new Date();
    const userId = caller.employee._id;
    const id = `${userId}:${input.requestId}`;
    const date = input.nextDate ?? null;
    const doc: FollowUpDoc = {
      _id: id,
      customerId: input.customerId,
      employeeId: userId,
      text: input.text,
      way: input.way,
      nextDate: date,
      reminderKey: date ? reminderKeyOf(id, 1, date) : null,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    const names = new Map([[userId, caller.employee.name]]);
    if (!(await insertFollowUp(doc))) {
      // A retried add answers the note it wrote (and schedules nothing more).
      const stored = await findFollowUp(doc._id);
      if (!stored || stored.customerId !== input.customerId)
        throw new AppError('INVALID_INPUT', '该请求已用于其他客户，请重新提交');
      return followUpView(stored, names, userId);
    }
    await scheduleReminder(doc, customer.nickname || '微信用户', null, now);
    return followUpView(doc, names, userId);
  },
);

const editFollowUp = action(
  z
    .object({
      followUpId: z.string().trim().min(1).max(140),
      revision: z.number().int().min(1),
      ...followUpFields,
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'followups.update'>> => {
    const stored = await findFollowUp(input.followUpId);
    const userId = caller.employee._id;
    if (!stored) throw new AppError('NOT_FOUND', '跟进记录不存在或已删除');
    // C5: only the author edits a note (an admin reads it, and writes their own).
    if (stored.employeeId !== userId) throw new AppError('FORBIDDEN', '只能修改自己写的跟进记录');
    const customer = await requireReadableCustomer(caller, stored.customerId);
    const now = new Date();
    if (stored.revision !== input.revision) {
      throw new AppError('EDIT_CONFLICT', '这条跟进记录已在别处修改，请刷新后重试');
    }
    const date = input.nextDate ?? null;
    const revision = input.revision + 1;
    const dateChanged = date !== stored.nextDate;
    const fields = {
      text: input.text,
      way: input.way,
      nextDate: date,
      reminderKey: dateChanged
        ? date && reminderKeyOf(stored._id, revision, date)
        : (stored.reminderKey ?? null),
    };
    if (!(await updateFollowUp(stored._id, input.revision, fields, now))) {
      throw new AppError('EDIT_CONFLICT', '这条跟进记录已在别处修改，请刷新后重试');
    }
    const doc: FollowUpDoc = { ...stored, ...fields, updatedAt: now, revision };
    await scheduleReminder(doc, customer.nickname || '微信用户', stored, now);
    return followUpView(doc, new Map([[userId, caller.employee.name]]), userId);
  },
);

const archiveFilters = action(
  z.object({}).strict(),
  async (_input, caller: EmployeeCaller): Promise<Response<'customers.filters'>> => {
    const [groups, assignments] = await Promise.all([
      listTagGroups(),
      findRecentAssignmentsOf(caller.employee._id, 50),
    ]);
    const titles = new Map(
      (await findTasksByIds(unique(assignments.map((a) => a.taskId)))).map((t) => [t._id, t.title]),
    );
    const ruleTags = TAG_RULE_KINDS.filter((k) => k !== 'topic').map((k) => TAG_RULES[k].tag);
    return {
      tags: unique([...groups.flatMap((g) => g.tags), ...ruleTags]),
      tasks: assignments
        .filter((a) => titles.has(a.taskId))
        .map((a) => ({ id: a.taskId, title: titles.get(a.taskId)! })),
    };
  },
);

export const customerProfileActions = {
  'customers.filters': archiveFilters,
  'customers.events': listBehaviour,
  'customers.profile': profile,
  'customers.tags.set': setTags,
  'customers.remark.set': saveRemark,
  'followups.list': listFollowUps,
  'followups.add': addFollowUp,
  'followups.update': editFollowUp,
};
