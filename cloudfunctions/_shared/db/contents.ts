import { db, rows, command as _ } from '../runtime/cloud';
import type { CursorPosition } from '../domain/cursor';

/** An article of the content library (see docs/data-model.md, `revision` per docs/admin-content.md). */
export interface ContentDoc {
  _id: string;
  kind: 'article';
  title: string;
  cover: string;
  summary: string;
  blocks: { type: 'text' | 'heading' | 'image'; text?: string; url?: string }[];
  topicTags: string[];
  formId: string | null;
  /** Demo and older documents have none: read as 0. */
  revision?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin writes; the module adds kind, times and revision. */
export type ContentFields = Pick<
  ContentDoc,
  'title' | 'cover' | 'summary' | 'blocks' | 'topicTags' | 'formId'
>;

const contents = () => db.collection('contents');

/** The content with this id, or null (the task editor validates a task's content with it). */
export async function findContentById(id: string): Promise<ContentDoc | null> {
  const data = await rows<ContentDoc>(contents().where({ _id: id }).limit(1).get());
  return data[0] ?? null;
}

/**
 * One page of the library, newest first (keyset on `createdAt` then `_id`: creation time never
 * changes, so an edit during paging cannot move an article to another page).
 */
export async function pageContents(
  pageSize: number,
  cursor: CursorPosition | null,
): Promise<{ rows: ContentDoc[]; hasMore: boolean }> {
  const query = cursor
    ? contents().where(
        _.or([
          { createdAt: _.lt(new Date(cursor.value)) },
          { createdAt: new Date(cursor.value), _id: _.gt(cursor.id) },
        ]) as unknown as Record<string, unknown>,
      )
    : contents();
  const found = await rows<ContentDoc>(
    query
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/** Creates an article at revision 1 and returns its id. */
export async function insertContent(fields: ContentFields, now: Date): Promise<string> {
  const result = (await contents().add({
    data: { kind: 'article', ...fields, revision: 1, createdAt: now, updatedAt: now },
  })) as { _id: string };
  return result._id;
}

/**
 * Replaces an article's fields if it is still at `revision` (two admins editing the same
 * article must not silently overwrite each other). Answers whether it matched.
 */
export async function updateContent(
  id: string,
  revision: number,
  fields: ContentFields,
  now: Date,
): Promise<boolean> {
  // Documents written before revisions existed (the demo's) have none; 0 stands for that.
  const current = revision === 0 ? _.exists(false) : revision;
  const result = (await contents()
    .where({ _id: id, revision: current })
    .update({ data: { ...fields, revision: revision + 1, updatedAt: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}

export async function removeContent(id: string): Promise<boolean> {
  const result = (await contents().where({ _id: id }).remove()) as { stats: { removed: number } };
  return result.stats.removed > 0;
}

/** How many articles carry any of these topic tags, up to `limit` (a removed tag must be unused). */
export async function findContentsWithTopics(
  tags: string[],
  limit: number,
): Promise<Pick<ContentDoc, '_id' | 'title' | 'topicTags'>[]> {
  if (tags.length === 0) return [];
  return rows<ContentDoc>(
    contents()
      .where({ topicTags: _.in(tags) })
      .field({ _id: true, title: true, topicTags: true })
      .limit(limit)
      .get(),
  );
}

/** The titles of these contents (at most 100 ids, one request). */
export async function findContentTitles(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await rows<Pick<ContentDoc, '_id' | 'title'>>(
    db
      .collection('contents')
      .where({ _id: _.in(ids) })
      .field({ title: true })
      .limit(ids.length)
      .get(),
  );
  return new Map(found.map((c) => [c._id, c.title]));
}

/** C7: the topic tags of these contents (at most 100 ids, one request). */
export async function findContentTopics(ids: string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const found = await rows<Pick<ContentDoc, '_id' | 'topicTags'>>(
    contents()
      .where({ _id: _.in(ids) })
      .field({ _id: true, topicTags: true })
      .limit(ids.length)
      .get(),
  );
  return new Map(found.map((c) => [c._id, c.topicTags ?? []]));
}
