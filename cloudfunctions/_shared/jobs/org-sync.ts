/**
 * Organisation sync (AD4): departments, members and leaders from WeCom's address book into
 * `departments` and `employees`, with the 通讯录同步 (`contact`) credential.
 *
 * - Idempotent: documents are derived from WeCom and written only when they differ; roles,
 *   createdAt and bindings are ours and never touched.
 * - Chunked and resumable: members are read per department (`user/list`), and after each
 *   department a checkpoint goes into `orgSync`; a run that hits its time budget (or fails)
 *   stops there and the next call continues after the last finished department.
 * - One runner at a time: a lease on the `orgSync` document (compare-and-set on `version`,
 *   expiring so a crashed run cannot block forever); a second caller answers `busy`.
 * - Removed members: whoever WeCom no longer lists (paginated `user/list_id`), or lists as
 *   disabled/left, becomes `departed`; their customers stay and wait for 离职继承.
 */
import { randomBytes } from 'node:crypto';
import {
  listDepartments,
  putDepartment,
  removeDepartments,
  type DepartmentDoc,
} from '../db/departments';
import {
  findEmployeesByIds,
  grantRole,
  markDeparted,
  pageActiveEmployeeIds,
  upsertMember,
} from '../db/employees';
import { removeLoginCodesBefore } from '../db/login-codes';
import {
  readSyncState,
  releaseSyncLease,
  saveSyncState,
  takeSyncLease,
  type OrgSyncDoc,
} from '../db/org-sync';
import { removeExpiredSessions } from '../db/sessions';
import {
  departmentChanged,
  memberChanged,
  numericOrder,
  toDepartmentDocs,
  toMemberFields,
} from '../domain/org';
import { configuredCorpId, wecomGet, wecomPost } from '../wecom/client';
import type { WeComDepartmentPayload, WeComUserPayload } from '../wecom/types';

export interface OrgSyncResult {
  /** Departments in WeCom (all written or already equal). */
  departments: number;
  /** Members WeCom lists (so far, when not `done`). */
  employees: number;
  /** Employees this run turned from active to departed. */
  deactivated: number;
  /** False when the run stopped at its budget: call again to continue. */
  done: boolean;
  /** True when another run holds the lease; nothing was done. */
  busy?: boolean;
}

/** Stop starting new departments after this: both callers (timer, admin) have 60 s. */
const DEFAULT_BUDGET_MS = 40_000;
/** Longer than a function's timeout, so a killed run's lease runs out soon after. */
const LEASE_MS = 70_000;
const LIST_ID_LIMIT = 10_000;

/** Runs (or continues) the org sync within the time budget. Safe to call at any time. */
export async function runOrgSync(options: { budgetMs?: number } = {}): Promise<OrgSyncResult> {
  const started = Date.now();
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const state = await readSyncState();
  const owner = randomBytes(8).toString('hex');
  const leaseFree = state.leaseUntil.getTime() <= started;
  if (!leaseFree || !(await takeSyncLease(state.version, owner, new Date(started + LEASE_MS)))) {
    return { departments: 0, employees: 0, deactivated: 0, done: false, busy: true };
  }
  const run: NonNullable<OrgSyncDoc['run']> = state.run ?? {
    id: owner,
    startedAt: new Date(started),
    doneDepartmentIds: [],
    employees: 0,
    deactivated: 0,
  };
  try {
    const now = new Date();
    const corpId = configuredCorpId();
    const departments = await syncDepartments(now);
    const leaders = new Map(departments.map((d) => [d._id, d.leaderUserIds]));
    const done = new Set(run.doneDepartmentIds);
    const seen = new Set<string>();
    let deactivated = run.deactivated;

    for (const dept of [...departments].sort((a, b) => numericOrder(a._id, b._id))) {
      if (done.has(dept._id)) continue;
      if (Date.now() - started > budget) {
        await releaseSyncLease(owner, { run: { ...run, deactivated } });
        return {
          departments: departments.length,
          employees: run.employees,
          deactivated,
          done: false,
        };
      }
      const { userlist } = await wecomGet<{ userlist: WeComUserPayload[] }>(
        '/cgi-bin/user/list',
        { department_id: dept._id },
        'contact',
      );
      const fresh = userlist.filter((u) => !seen.has(u.userid));
      fresh.forEach((u) => seen.add(u.userid));
      const stored = new Map(
        (await findEmployeesByIds(fresh.map((u) => u.userid))).map((e) => [e._id, e]),
      );
      for (const user of fresh) {
        const fields = toMemberFields(user, leaders);
        const before = stored.get(user.userid) ?? null;
        if (!memberChanged(before, fields)) continue;
        if (before?.status === 'active' && fields.status === 'departed') deactivated += 1;
        await upsertMember(user.userid, corpId, fields, now);
      }
      done.add(dept._id);
      run.doneDepartmentIds = [...done];
      run.employees += fresh.length;
      await saveSyncState(owner, {
        run: { ...run, deactivated },
        leaseUntil: new Date(Date.now() + LEASE_MS),
      });
    }

    const members = await listMemberIds();
    deactivated += await sweepRemovedMembers(members, now);
    await grantBootstrapAdmins(now);
    await housekeeping(now);
    const result = {
      departments: departments.length,
      employees: members.size,
      deactivated,
    };
    await releaseSyncLease(owner, {
      run: null,
      last: { finishedAt: new Date(), ...result },
      lastError: null,
    });
    return { ...result, done: true };
  } catch (error) {
    // Keep the checkpoint: the next run continues where this one failed.
    await releaseSyncLease(owner, {
      lastError: { at: new Date(), message: String((error as Error)?.message ?? error) },
    }).catch(() => undefined);
    throw error;
  }
}

/** Writes WeCom's departments (changed ones only) and removes those WeCom no longer has. */
async function syncDepartments(now: Date): Promise<DepartmentDoc[]> {
  const { department } = await wecomGet<{ department: WeComDepartmentPayload[] }>(
    '/cgi-bin/department/list',
    {},
    'contact',
  );
  const next = toDepartmentDocs(department);
  const existing = new Map((await listDepartments()).map((d) => [d._id, d]));
  for (const doc of next) {
    if (departmentChanged(existing.get(doc._id), doc)) await putDepartment(doc, now);
  }
  const nextIds = new Set(next.map((d) => d._id));
  await removeDepartments([...existing.keys()].filter((id) => !nextIds.has(id)));
  return next;
}

/** Every member WeCom lists, through the paginated `user/list_id`. */
async function listMemberIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor = '';
  do {
    const page = await wecomPost<{ next_cursor?: string; dept_user?: { userid: string }[] }>(
      '/cgi-bin/user/list_id',
      cursor ? { cursor, limit: LIST_ID_LIMIT } : { limit: LIST_ID_LIMIT },
      'contact',
    );
    for (const row of page.dept_user ?? []) ids.add(row.userid);
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return ids;
}

/**
 * Active employees WeCom no longer lists become departed. An empty address book is taken as
 * a misconfiguration (a contact secret without visibility), never as "everyone left".
 */
async function sweepRemovedMembers(members: Set<string>, now: Date): Promise<number> {
  if (members.size === 0) {
    const anyActive = await pageActiveEmployeeIds('', 1);
    if (anyActive.length > 0) throw new Error('WeCom listed no members; refusing to deactivate');
    return 0;
  }
  let deactivated = 0;
  let after = '';
  for (;;) {
    const page = await pageActiveEmployeeIds(after, 1000);
    if (page.length === 0) return deactivated;
    const gone = page.filter((id) => !members.has(id));
    if (gone.length > 0) deactivated += await markDeparted(gone, now);
    after = page[page.length - 1];
  }
}

/**
 * The first admin of a new deployment: userids in `ORG_BOOTSTRAP_ADMINS` (comma-separated)
 * get the admin role at every sync. Without it nobody could grant the role to anyone.
 */
async function grantBootstrapAdmins(now: Date): Promise<void> {
  const ids = (process.env.ORG_BOOTSTRAP_ADMINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) await grantRole(id, 'admin', now);
}

async function housekeeping(now: Date): Promise<void> {
  await removeExpiredSessions(now);
  await removeLoginCodesBefore(new Date(now.getTime() - 24 * 3600 * 1000));
}

/** The sync's state for the 组织架构 page: the last finished run and any unfinished one. */
export async function orgSyncStatus(): Promise<{
  last: OrgSyncDoc['last'];
  running: boolean;
  resumable: boolean;
  lastError: OrgSyncDoc['lastError'];
}> {
  const state = await readSyncState();
  return {
    last: state.last,
    running: state.leaseUntil.getTime() > Date.now(),
    resumable: state.run !== null,
    lastError: state.lastError,
  };
}
