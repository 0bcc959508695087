/**
 * Admin actions: content library, forms, topic tags, tag library and rules (AD1, AD5).
 * Schemas check shapes and hard size caps; the rules with their Chinese messages live in
 * domain/content-rules.ts, shared with the editors. docs/admin-content.md has the choices.
 */
import { z } from 'zod';
import type {
  Content,
  ContentSummary,
  Form,
  FormSummary,
  TagGroup,
  TagRule,
} from '../../typings/content';
import {
  checkArticle,
  checkForm,
  checkTagGroup,
  checkTagRuleParams,
  TAG_LIMITS,
  TAG_RULE_KINDS,
  TAG_RULES,
  type Checked,
} from '../_shared/domain/content-rules';
import { decodeCursor, encodeCursor, type CursorPosition } from '../_shared/domain/cursor';
import {
  findContentById,
  findContentsWithTopics,
  insertContent,
  pageContents,
  removeContent,
  updateContent,
  type ContentDoc,
} from '../_shared/db/contents';
import { findFormById, insertForm, pageForms, updateForm, type FormDoc } from '../_shared/db/forms';
import {
  findTagGroup,
  insertTagGroup,
  listTagGroups,
  removeTagGroup,
  TOPIC_GROUP_ID,
  updateTagGroup,
  type TagGroupDoc,
} from '../_shared/db/tags';
import { listTagRules, saveTagRule } from '../_shared/db/tag-rules';
import { findNonDraftTaskUsingContent } from '../_shared/db/tasks';
import { isDuplicateKeyError } from '../_shared/runtime/cloud';
import { AppError, ERROR_MESSAGES } from '../_shared/runtime/errors';
import { action, type ActionMap } from '../_shared/runtime/handler';
import type { AdminCaller } from '../_shared/runtime/identity';

const TOPIC_GROUP_NAME = '内容主题';

// Hard caps well above the rules' limits: they only stop absurd payloads before the rules run.
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);
const revision = z.number().int().min(0);
const pageInput = z.object({
  cursor: z.string().max(200).optional(),
  pageSize: z.number().int().min(1).max(50).default(20),
});

/** Throws the rule's message as INVALID_INPUT, or gives the normalised value. */
function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new AppError('INVALID_INPUT', checked.message);
  return checked.value;
}

function cursorOf(raw: string | undefined): CursorPosition | null {
  if (!raw) return null;
  const cursor = decodeCursor(raw);
  if (!cursor || typeof cursor.value !== 'number')
    throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
  return cursor;
}

function nextCursorOf(page: { rows: { _id: string; createdAt: Date }[]; hasMore: boolean }) {
  const last = page.rows[page.rows.length - 1];
  return page.hasMore && last
    ? encodeCursor({ value: last.createdAt.getTime(), id: last._id })
    : null;
}

/** An update that matched nothing: gone (NOT_FOUND) or saved by someone else meanwhile. */
async function missedUpdate(exists: Promise<unknown>): Promise<never> {
  throw new AppError((await exists) ? 'EDIT_CONFLICT' : 'NOT_FOUND');
}

// ---- articles ----

const toContent = (doc: ContentDoc): Content => ({
  id: doc._id,
  title: doc.title,
  cover: doc.cover,
  summary: doc.summary,
  blocks: doc.blocks,
  topicTags: doc.topicTags,
  formId: doc.formId,
  revision: doc.revision ?? 0,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});

const listContents = action(pageInput, async (input) => {
  const page = await pageContents(input.pageSize, cursorOf(input.cursor));
  const items: ContentSummary[] = page.rows.map((doc) => ({
    id: doc._id,
    title: doc.title,
    cover: doc.cover,
    summary: doc.summary,
    topicTags: doc.topicTags,
    formId: doc.formId,
    updatedAt: doc.updatedAt.toISOString(),
  }));
  return { items, nextCursor: nextCursorOf(page) };
});

const getContent = action(z.object({ id }), async (input) => {
  const doc = await findContentById(input.id);
  if (!doc) throw new AppError('NOT_FOUND');
  return toContent(doc);
});

const blockSchema = z.object({
  type: z.enum(['text', 'heading', 'image']),
  text: text(4000).optional(),
  url: text(1000).optional(),
});

const saveContent = action(
  z.object({
    id: id.optional(),
    revision: revision.optional(),
    title: text(200),
    cover: text(1000),
    summary: text(500).default(''),
    blocks: z.array(blockSchema).max(100),
    topicTags: z.array(text(40)).max(20).default([]),
    formId: id.nullable().default(null),
  }),
  async (input) => {
    const article = valid(checkArticle(input));
    const topic = await findTagGroup(TOPIC_GROUP_ID);
    const unknown = article.topicTags.find((tag) => !topic?.tags.includes(tag));
    if (unknown !== undefined)
      throw new AppError('INVALID_INPUT', `主题标签「${unknown}」不在标签库中，请先在标签库添加`);
    if (article.formId && !(await findFormById(article.formId)))
      throw new AppError('INVALID_INPUT', '所选表单不存在或已删除');
    const now = new Date();
    if (!input.id) return { id: await insertContent(article, now), revision: 1 };
    if (input.revision === undefined)
      throw new AppError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}（revision）`);
    if (!(await updateContent(input.id, input.revision, article, now)))
      await missedUpdate(findContentById(input.id));
    return { id: input.id, revision: input.revision + 1 };
  },
);

const removeContentAction = action(z.object({ id }), async (input) => {
  if (!(await findContentById(input.id))) throw new AppError('NOT_FOUND');
  const task = await findNonDraftTaskUsingContent(input.id);
  if (task) throw new AppError('CONTENT_IN_USE', `该内容正被任务「${task.title}」使用，不能删除`);
  // Drafts may still point at it: the task editor refuses to publish a task whose content is gone.
  await removeContent(input.id);
  return { removed: true as const };
});

// ---- forms ----

const toForm = (doc: FormDoc): Form => ({
  id: doc._id,
  title: doc.title,
  fields: doc.fields,
  consentText: doc.consentText,
  revision: doc.revision ?? 0,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: (doc.updatedAt ?? doc.createdAt).toISOString(),
});

const listForms = action(pageInput, async (input) => {
  const page = await pageForms(input.pageSize, cursorOf(input.cursor));
  const items: FormSummary[] = page.rows.map((doc) => ({
    id: doc._id,
    title: doc.title,
    fieldCount: doc.fields.length,
    hasPhone: doc.fields.some((field) => field.type === 'phone'),
    updatedAt: (doc.updatedAt ?? doc.createdAt).toISOString(),
  }));
  return { items, nextCursor: nextCursorOf(page) };
});

const getForm = action(z.object({ id }), async (input) => {
  const doc = await findFormById(input.id);
  if (!doc) throw new AppError('NOT_FOUND');
  return toForm(doc);
});

const saveFormAction = action(
  z.object({
    id: id.optional(),
    revision: revision.optional(),
    title: text(200),
    fields: z
      .array(
        z.object({
          key: text(64),
          label: text(100),
          type: z.enum(['text', 'phone', 'select']),
          required: z.boolean(),
          options: z.array(text(100)).max(50).optional(),
        }),
      )
      .max(50),
    consentText: text(1000),
  }),
  async (input) => {
    const form = valid(checkForm(input));
    const now = new Date();
    if (!input.id) return { id: await insertForm(form, now), revision: 1 };
    if (input.revision === undefined)
      throw new AppError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}（revision）`);
    if (!(await updateForm(input.id, input.revision, form, now)))
      await missedUpdate(findFormById(input.id));
    return { id: input.id, revision: input.revision + 1 };
  },
);

// ---- tag library ----

const toGroup = (doc: TagGroupDoc): TagGroup => ({
  id: doc._id,
  kind: doc.kind,
  name: doc.name,
  tags: doc.tags,
  revision: doc.revision,
});

const EMPTY_TOPIC_GROUP: TagGroup = {
  id: TOPIC_GROUP_ID,
  kind: 'topic',
  name: TOPIC_GROUP_NAME,
  tags: [],
  revision: 0,
};

const listTags = action(z.object({}), async () => {
  const groups = await listTagGroups();
  const topic = groups.find((group) => group._id === TOPIC_GROUP_ID);
  return {
    topic: topic ? toGroup(topic) : EMPTY_TOPIC_GROUP,
    groups: groups.filter((group) => group._id !== TOPIC_GROUP_ID).map(toGroup),
  };
});

const saveTags = action(
  z.object({
    id: id.optional(),
    revision: revision.optional(),
    name: text(100),
    tags: z.array(text(100)).max(200),
  }),
  async (input) => {
    const isTopic = input.id === TOPIC_GROUP_ID;
    const library = await listTagGroups();
    const current = input.id ? library.find((group) => group._id === input.id) : undefined;
    if (input.id && !isTopic && !current) throw new AppError('NOT_FOUND', '标签分组不存在或已删除');
    const others = library.filter((group) => group._id !== input.id);
    const manualCount = library.filter((group) => group.kind === 'manual').length;
    if (!input.id && manualCount >= TAG_LIMITS.groups)
      throw new AppError('INVALID_INPUT', `标签分组最多 ${TAG_LIMITS.groups} 个`);
    // The topic group's name is fixed: the editor shows it, the admin cannot change it.
    const group = valid(
      checkTagGroup({ name: isTopic ? TOPIC_GROUP_NAME : input.name, tags: input.tags }, others),
    );
    if (isTopic && current) {
      // A topic tag taken away (or renamed) must not leave articles pointing at nothing.
      const dropped = current.tags.filter((tag) => !group.tags.includes(tag));
      const users = await findContentsWithTopics(dropped, 1);
      if (users.length > 0) {
        const tag = dropped.find((name) => users[0].topicTags.includes(name));
        throw new AppError(
          'TAG_IN_USE',
          `主题标签「${tag}」正被内容「${users[0].title}」使用，不能删除`,
        );
      }
    }
    const now = new Date();
    const revisionNow = current?.revision ?? 0;
    if (input.revision !== undefined && input.revision !== revisionNow)
      throw new AppError('EDIT_CONFLICT');
    try {
      if (!current) {
        const newId = await insertTagGroup(
          {
            id: isTopic ? TOPIC_GROUP_ID : undefined,
            kind: isTopic ? 'topic' : 'manual',
            ...group,
          },
          now,
        );
        return { id: newId, revision: 1 };
      }
      if (input.revision === undefined)
        throw new AppError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}（revision）`);
      if (!(await updateTagGroup(current._id, input.revision, group, now)))
        throw new AppError('EDIT_CONFLICT');
      return { id: current._id, revision: input.revision + 1 };
    } catch (error) {
      // Another admin created the same name (or the topic group) a moment ago.
      if (isDuplicateKeyError(error)) throw new AppError('EDIT_CONFLICT');
      throw error;
    }
  },
);

const removeTags = action(z.object({ id }), async (input) => {
  if (input.id === TOPIC_GROUP_ID)
    throw new AppError('INVALID_INPUT', '内容主题分组不能删除，可以删除其中未被使用的标签');
  // Manual tags are not on customers yet (that comes with the attribution work), so nothing
  // can be using them; removing a group removes its tags from the library only.
  if (!(await removeTagGroup(input.id))) throw new AppError('NOT_FOUND', '标签分组不存在或已删除');
  return { removed: true as const };
});

// ---- automatic tag rules ----

const listRules = action(z.object({}), async () => {
  const saved = new Map((await listTagRules()).map((doc) => [doc._id, doc]));
  const rules = TAG_RULE_KINDS.map((kind) => {
    const doc = saved.get(kind);
    return {
      kind,
      tag: TAG_RULES[kind].tag,
      enabled: doc?.enabled ?? true,
      params: doc?.params ?? { ...TAG_RULES[kind].defaults },
      revision: doc?.revision ?? 0,
    } as TagRule;
  });
  return { rules };
});

const saveRule = action(
  z.object({
    kind: z.enum(TAG_RULE_KINDS as [string, ...string[]]),
    enabled: z.boolean(),
    params: z.record(z.string().max(40), z.unknown()),
    revision,
  }),
  async (input, caller: AdminCaller) => {
    const kind = input.kind as (typeof TAG_RULE_KINDS)[number];
    const params = valid(checkTagRuleParams(kind, input.params));
    try {
      const saved = await saveTagRule(
        kind,
        input.revision,
        { enabled: input.enabled, params, updatedBy: caller.employee._id },
        new Date(),
      );
      if (!saved) throw new AppError('EDIT_CONFLICT');
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new AppError('EDIT_CONFLICT');
      throw error;
    }
    return { revision: input.revision + 1 };
  },
);

export const contentActions: ActionMap<AdminCaller> = {
  'contents.list': listContents,
  'contents.get': getContent,
  'contents.save': saveContent,
  'contents.remove': removeContentAction,
  'forms.list': listForms,
  'forms.get': getForm,
  'forms.save': saveFormAction,
  'tags.list': listTags,
  'tags.save': saveTags,
  'tags.remove': removeTags,
  'tagRules.list': listRules,
  'tagRules.save': saveRule,
};
