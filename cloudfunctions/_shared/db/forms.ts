import { db, rows, command as _ } from '../runtime/cloud';
import type { CursorPosition } from '../domain/cursor';

/** A lead form (see docs/data-model.md; `updatedAt` and `revision` per docs/admin-content.md). */
export interface FormDoc {
  _id: string;
  title: string;
  fields: {
    key: string;
    label: string;
    type: 'text' | 'phone' | 'select';
    required: boolean;
    options?: string[];
  }[];
  consentText: string;
  /** The demo's forms have neither: read as 0 and `createdAt`. */
  revision?: number;
  createdAt: Date;
  updatedAt?: Date;
}

export type FormFields = Pick<FormDoc, 'title' | 'fields' | 'consentText'>;

const forms = () => db.collection('forms');

/** The form with this id, or null. */
export async function findFormById(id: string): Promise<FormDoc | null> {
  const data = await rows<FormDoc>(forms().where({ _id: id }).limit(1).get());
  return data[0] ?? null;
}

/** The forms with these ids (at most 100, one request). */
export async function findFormsByIds(ids: string[]): Promise<FormDoc[]> {
  if (ids.length === 0) return [];
  return rows<FormDoc>(
    forms()
      .where({ _id: _.in(ids) })
      .limit(ids.length)
      .get(),
  );
}

/** One page of forms, newest first (keyset on `createdAt` then `_id`, as for contents). */
export async function pageForms(
  pageSize: number,
  cursor: CursorPosition | null,
): Promise<{ rows: FormDoc[]; hasMore: boolean }> {
  const query = cursor
    ? forms().where(
        _.or([
          { createdAt: _.lt(new Date(cursor.value)) },
          { createdAt: new Date(cursor.value), _id: _.gt(cursor.id) },
        ]) as unknown as Record<string, unknown>,
      )
    : forms();
  const found = await rows<FormDoc>(
    query
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/** Creates a form at revision 1 and returns its id. */
export async function insertForm(fields: FormFields, now: Date): Promise<string> {
  const result = (await forms().add({
    data: { ...fields, revision: 1, createdAt: now, updatedAt: now },
  })) as { _id: string };
  return result._id;
}

/** Replaces a form's fields if it is still at `revision`; answers whether it matched. */
export async function updateForm(
  id: string,
  revision: number,
  fields: FormFields,
  now: Date,
): Promise<boolean> {
  const current = revision === 0 ? _.exists(false) : revision;
  const result = (await forms()
    .where({ _id: id, revision: current })
    .update({ data: { ...fields, revision: revision + 1, updatedAt: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}
