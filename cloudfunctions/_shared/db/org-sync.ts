import { db, rows, isDuplicateKeyError } from '../runtime/cloud';

/**
 * The org sync's single state document (`_id` = 'state'): who holds the run (lease), where an
 * unfinished run stopped (checkpoint), and the last finished run (shown on 组织架构).
 */
export interface OrgSyncDoc {
  _id: 'state';
  version: number;
  leaseOwner: string | null;
  leaseUntil: Date;
  /** The run in progress, null when none is unfinished. */
  run: {
    id: string;
    startedAt: Date;
    /** Departments whose members are written, in id order: resume after the last one. */
    doneDepartmentIds: string[];
    employees: number;
    deactivated: number;
  } | null;
  last: {
    finishedAt: Date;
    departments: number;
    employees: number;
    deactivated: number;
  } | null;
  lastError: { at: Date; message: string } | null;
}

const state = () => db.collection('orgSync');
const ID = 'state';

export async function readSyncState(): Promise<OrgSyncDoc> {
  const data = await rows<OrgSyncDoc>(state().where({ _id: ID }).limit(1).get());
  if (data[0]) return data[0];
  try {
    await state().add({
      data: {
        _id: ID,
        version: 0,
        leaseOwner: null,
        leaseUntil: new Date(0),
        run: null,
        last: null,
        lastError: null,
      },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return (await rows<OrgSyncDoc>(state().where({ _id: ID }).limit(1).get()))[0];
}

/** Compare-and-set on `version`: true when this caller now holds the sync lease. */
export async function takeSyncLease(version: number, owner: string, until: Date): Promise<boolean> {
  const result = (await state()
    .where({ _id: ID, version })
    .update({ data: { version: version + 1, leaseOwner: owner, leaseUntil: until } })) as {
    stats: { updated: number };
  };
  return result.stats.updated === 1;
}

/** Writes part of the state if `owner` still holds the lease. */
export async function saveSyncState(
  owner: string,
  fields: Partial<Pick<OrgSyncDoc, 'run' | 'last' | 'lastError' | 'leaseUntil'>>,
): Promise<boolean> {
  const result = (await state().where({ _id: ID, leaseOwner: owner }).update({ data: fields })) as {
    stats: { updated: number };
  };
  return result.stats.updated === 1;
}

/** Releases the lease (and records whatever else is given). */
export async function releaseSyncLease(
  owner: string,
  fields: Partial<Pick<OrgSyncDoc, 'run' | 'last' | 'lastError'>> = {},
): Promise<void> {
  await state()
    .where({ _id: ID, leaseOwner: owner })
    .update({ data: { ...fields, leaseOwner: null, leaseUntil: new Date(0) } });
}
