import { db, rows, command as _ } from '../runtime/cloud';
import type { DepartmentFields } from '../domain/org';

/** A department as stored: `_id` is WeCom's id as a string (docs/data-model.md). */
export type DepartmentDoc = DepartmentFields & { syncedAt?: Date };

const departments = () => db.collection('departments');
const PAGE = 1000;

/** Every department (read in pages of 1000, CloudBase's cap per read). */
export async function listDepartments(): Promise<DepartmentDoc[]> {
  const all: DepartmentDoc[] = [];
  for (;;) {
    const page = await rows<DepartmentDoc>(
      departments().orderBy('_id', 'asc').skip(all.length).limit(PAGE).get(),
    );
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

/** Writes a department as WeCom describes it (`set` replaces it: WeCom owns every field). */
export async function putDepartment(doc: DepartmentFields, now: Date): Promise<void> {
  const { _id, ...fields } = doc;
  await departments()
    .doc(_id)
    .set({ data: { ...fields, syncedAt: now } });
}

/** Removes departments WeCom no longer has. */
export async function removeDepartments(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    await departments()
      .where({ _id: _.in(ids.slice(i, i + 100)) })
      .remove();
  }
}

/** The departments with these ids (at most 100, one request). */
export async function findDepartmentsByIds(ids: string[]): Promise<DepartmentDoc[]> {
  if (ids.length === 0) return [];
  return rows<DepartmentDoc>(
    departments()
      .where({ _id: _.in(ids) })
      .limit(ids.length)
      .get(),
  );
}
