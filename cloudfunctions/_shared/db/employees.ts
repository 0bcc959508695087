import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';
import type { MemberFields } from '../domain/org';

/** An employee as stored (see docs/data-model.md). */
export interface EmployeeDoc {
  _id: string;
  corpId: string;
  name: string;
  avatar: string;
  position: string;
  mobile?: string;
  qrCode?: string;
  departmentIds: string[];
  leadsDepartmentIds: string[];
  roles: string[];
  status: 'active' | 'departed';
  /** When the org sync first saw the member gone or disabled. */
  departedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

const employees = () => db.collection('employees');
/** CloudBase's `in` takes at most 100 values per query in practice; we read in chunks of it. */
const CHUNK = 100;

/** The employee with this WeCom userid, or null. */
export async function findEmployee(userId: string): Promise<EmployeeDoc | null> {
  const data = await rows<EmployeeDoc>(employees().where({ _id: userId }).limit(1).get());
  return data[0] ?? null;
}

/** The employees with these ids (any number: read in chunks of 100). */
export async function findEmployeesByIds(ids: string[]): Promise<EmployeeDoc[]> {
  const found: EmployeeDoc[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    found.push(
      ...(await rows<EmployeeDoc>(
        employees()
          .where({ _id: _.in(chunk) })
          .limit(chunk.length)
          .get(),
      )),
    );
  }
  return found;
}

/**
 * Writes what WeCom says about a member, keeping our own fields (roles, createdAt). A member
 * seen for the first time is inserted; a concurrent insert of the same member is absorbed.
 */
export async function upsertMember(
  userId: string,
  corpId: string,
  fields: MemberFields,
  now: Date,
): Promise<void> {
  const departedAt = fields.status === 'departed' ? now : null;
  const update = async () =>
    (
      (await employees()
        .where({ _id: userId })
        .update({ data: { ...fields, corpId, updatedAt: now } })) as { stats: { updated: number } }
    ).stats.updated;
  const existing = await findEmployee(userId);
  if (existing) {
    // Keep the first departure time when a departed member is synced again.
    const keepDeparted =
      fields.status === 'departed' && existing.status === 'departed' && existing.departedAt;
    await employees()
      .where({ _id: userId })
      .update({
        data: {
          ...fields,
          corpId,
          updatedAt: now,
          departedAt: keepDeparted ? existing.departedAt : departedAt,
        },
      });
    return;
  }
  try {
    await employees().add({
      data: {
        _id: userId,
        corpId,
        ...fields,
        roles: [],
        departedAt,
        createdAt: now,
        updatedAt: now,
      },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await update();
  }
}

/** Marks members gone from WeCom as departed (they lead nothing any more). */
export async function markDeparted(userIds: string[], now: Date): Promise<number> {
  let changed = 0;
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const result = (await employees()
      .where({ _id: _.in(userIds.slice(i, i + CHUNK)), status: 'active' })
      .update({
        data: { status: 'departed', leadsDepartmentIds: [], departedAt: now, updatedAt: now },
      })) as { stats: { updated: number } };
    changed += result.stats.updated;
  }
  return changed;
}

/** One page of active employees' ids after `afterId`, in id order (the sync's sweep). */
export async function pageActiveEmployeeIds(afterId: string, limit: number): Promise<string[]> {
  const where = afterId ? { status: 'active', _id: _.gt(afterId) } : { status: 'active' };
  const data = await rows<{ _id: string }>(
    employees().where(where).orderBy('_id', 'asc').limit(limit).field({ _id: true }).get(),
  );
  return data.map((d) => d._id);
}

export interface EmployeeFilter {
  status: 'active' | 'departed';
  /** Members of any of these departments (already expanded to the subtree by the caller). */
  departmentIds?: string[];
  /** A part of the name or the userid. */
  keyword?: string;
  afterId?: string;
  limit: number;
}

/** One page of employees in `_id` order (keyset pagination on `_id`). */
export async function pageEmployees(filter: EmployeeFilter): Promise<EmployeeDoc[]> {
  const conditions: Record<string, unknown>[] = [{ status: filter.status }];
  if (filter.departmentIds) conditions.push({ departmentIds: _.in(filter.departmentIds) });
  if (filter.keyword) {
    const pattern = db.RegExp({ regexp: escapeRegExp(filter.keyword), options: 'i' });
    conditions.push(
      _.or([{ name: pattern }, { _id: pattern }]) as unknown as Record<string, unknown>,
    );
  }
  if (filter.afterId) conditions.push({ _id: _.gt(filter.afterId) });
  return rows<EmployeeDoc>(
    employees()
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy('_id', 'asc')
      .limit(filter.limit)
      .get(),
  );
}

/** Grants a role (idempotent: `addToSet`). True when the employee exists. */
export async function grantRole(userId: string, role: string, now: Date): Promise<boolean> {
  const result = (await employees()
    .where({ _id: userId })
    .update({ data: { roles: _.addToSet(role), updatedAt: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated === 1;
}

/** Revokes a role (idempotent: `pull`). */
export async function revokeRole(userId: string, role: string, now: Date): Promise<void> {
  await employees()
    .where({ _id: userId })
    .update({ data: { roles: _.pull(role), updatedAt: now } });
}

/** How many active employees hold the role. */
export async function countActiveWithRole(role: string): Promise<number> {
  const result = (await employees().where({ roles: role, status: 'active' }).count()) as {
    total: number;
  };
  return result.total;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What an employee saved on their business card (名片, M1): `employees.card`. */
export interface StoredCard {
  name: string;
  title: string;
  company: string;
  mobile: string;
  /** PRIVACY: customers see the mobile masked unless this is true. */
  showFullMobile: boolean;
  wecomQrCode: string;
  intro: string;
  updatedAt: Date;
}

/** A card as it shows: the saved fields, else the employee record's (and the deployment's company). */
export interface CardOf {
  employeeId: string;
  name: string;
  avatar: string;
  title: string;
  company: string;
  /** In full; whoever shows it to a customer masks it unless `showFullMobile`. */
  mobile: string;
  showFullMobile: boolean;
  wecomQrCode: string;
  intro: string;
}

/**
 * The employee's card (M1), or null when there is no such employee. Never saved: name, avatar,
 * position as title, the WeCom mobile and QR code, and `COMPANY_NAME` (when set) as company.
 */
export async function findCard(userId: string): Promise<CardOf | null> {
  const employee = (await findEmployee(userId)) as
    (EmployeeDoc & { card?: Partial<StoredCard> | null }) | null;
  if (!employee) return null;
  const card = employee.card ?? {};
  return {
    employeeId: employee._id,
    name: card.name || employee.name,
    avatar: employee.avatar ?? '',
    title: card.title ?? employee.position ?? '',
    company: card.company ?? (process.env.COMPANY_NAME ?? '').trim(),
    mobile: card.mobile ?? employee.mobile ?? '',
    showFullMobile: card.showFullMobile === true,
    wecomQrCode: card.wecomQrCode ?? employee.qrCode ?? '',
    intro: card.intro ?? '',
  };
}

/** Replaces the employee's card (the org sync never writes `card`). True when the employee exists. */
export async function saveCard(
  userId: string,
  card: Omit<StoredCard, 'updatedAt'>,
  now: Date,
): Promise<boolean> {
  const result = (await employees()
    .where({ _id: userId })
    .update({ data: { card: { ...card, updatedAt: now }, updatedAt: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated === 1;
}

/** Every active employee's id and departments (pages of 1000; D2's roll-up). */
export async function listActiveMemberships(): Promise<
  Pick<EmployeeDoc, '_id' | 'departmentIds'>[]
> {
  const all: Pick<EmployeeDoc, '_id' | 'departmentIds'>[] = [];
  for (let afterId = ''; ;) {
    const page = await rows<Pick<EmployeeDoc, '_id' | 'departmentIds'>>(
      employees()
        .where({ status: 'active', _id: _.gt(afterId) })
        .orderBy('_id', 'asc')
        .field({ _id: true, departmentIds: true })
        .limit(1000)
        .get(),
    );
    all.push(...page);
    if (page.length < 1000) return all;
    afterId = page[page.length - 1]._id;
  }
}
