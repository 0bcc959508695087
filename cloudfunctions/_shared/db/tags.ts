import { db, rows } from '../runtime/cloud';

/** The id of the one group holding content topic tags. */
export const TOPIC_GROUP_ID = 'topic';

/**
 * One group of the tag library: the topic group (`_id` 'topic') or a manual group. A group
 * holds its tags as names, so a group is read and saved whole (the library is small).
 * `name` is unique (index `name`).
 */
export interface TagGroupDoc {
  _id: string;
  kind: 'topic' | 'manual';
  name: string;
  tags: string[];
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const tags = () => db.collection('tags');

/** The whole library, oldest group first (at most 100 groups: the limit is 30 manual ones). */
export async function listTagGroups(): Promise<TagGroupDoc[]> {
  return rows<TagGroupDoc>(
    tags().orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(100).get(),
  );
}

export async function findTagGroup(id: string): Promise<TagGroupDoc | null> {
  const data = await rows<TagGroupDoc>(tags().where({ _id: id }).limit(1).get());
  return data[0] ?? null;
}

/**
 * Creates a group at revision 1 (`id` given for the topic group, generated otherwise).
 * Throws the database's duplicate-key error when the name or id is taken.
 */
export async function insertTagGroup(
  group: { id?: string; kind: 'topic' | 'manual'; name: string; tags: string[] },
  now: Date,
): Promise<string> {
  const { id, ...rest } = group;
  const result = (await tags().add({
    data: { ...(id ? { _id: id } : {}), ...rest, revision: 1, createdAt: now, updatedAt: now },
  })) as { _id: string };
  return result._id;
}

/** Replaces a group's name and tags if it is still at `revision`; answers whether it matched. */
export async function updateTagGroup(
  id: string,
  revision: number,
  fields: { name: string; tags: string[] },
  now: Date,
): Promise<boolean> {
  const result = (await tags()
    .where({ _id: id, revision })
    .update({ data: { ...fields, revision: revision + 1, updatedAt: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}

export async function removeTagGroup(id: string): Promise<boolean> {
  const result = (await tags().where({ _id: id }).remove()) as { stats: { removed: number } };
  return result.stats.removed > 0;
}
