/**
 * Whose customer is whose, for an employee (S2 with A5, A8 and AD4 离职继承): the 客户档案 page
 * over the caller's relations and the customers handed to them, and the check of every
 * per-customer read (行为记录). docs/attribution.md, "Employee side".
 */
import type { CustomerRow } from '../../typings/attribution';
import {
  findCustomer,
  findCustomersByIds,
  pageInheritedCustomers,
  type AttributedCustomerDoc,
  type CustomerDoc,
} from '../_shared/db/customers';
import { findEmployeesByIds } from '../_shared/db/employees';
import { findRelation, pageEmployeeRelations, type RelationDoc } from '../_shared/db/relations';
import {
  pageArchive,
  type ArchiveBatch,
  type ArchivePosition,
} from '../_shared/domain/customer-archive';
import {
  customerTags,
  isFilterEmpty,
  matchesArchiveFilter,
  type ArchiveFilter,
} from '../_shared/domain/customer-profile';
import {
  handedAwayFrom,
  handedFrom,
  inheritedBy,
  isEmployeesCustomer,
} from '../_shared/domain/org';

type ArchiveItem =
  | { kind: 'relation'; relation: RelationDoc; customer: CustomerDoc | undefined }
  | { kind: 'inherited'; customer: AttributedCustomerDoc };

/**
 * S2: whether the employee may read this customer's details: related to them and not handed
 * away from them, or handed to them (`domain/org.ts isEmployeesCustomer`).
 */
export async function isCallersCustomer(employeeId: string, customerId: string): Promise<boolean> {
  const [relation, customer] = await Promise.all([
    findRelation(employeeId, customerId),
    findCustomer(customerId),
  ]);
  return isEmployeesCustomer(customer, employeeId, relation !== null);
}

/** A batch of each source after `after`: the caller's relations, the customers handed to them. */
/** C8: whether an archive row passes the filter (a customer whose profile is gone never does). */
function passes(
  customer: CustomerDoc | undefined,
  sourceTaskId: string | null,
  employeeId: string,
  filter: ArchiveFilter,
): boolean {
  if (isFilterEmpty(filter)) return true;
  if (!customer) return false;
  return matchesArchiveFilter(
    {
      nickname: customer.nickname || '微信用户',
      remark: customer.remarks?.[employeeId] ?? '',
      tags: customerTags(customer.manualTags, customer.autoTags),
      sourceTaskId,
      hasPhone: customer.hasPhone === true,
    },
    filter,
  );
}

async function readSources(
  employeeId: string,
  after: ArchivePosition | null,
  limit: number,
  filter: ArchiveFilter,
): Promise<ArchiveBatch<ArchiveItem>[]> {
  const [relations, inherited] = await Promise.all([
    pageEmployeeRelations(employeeId, after, limit),
    pageInheritedCustomers(employeeId, after, limit),
  ]);
  const customers = new Map(
    (await findCustomersByIds(relations.map((r) => r.customerId))).map((c) => [c._id, c]),
  );
  const relationBatch: ArchiveBatch<ArchiveItem> = {
    full: relations.length === limit,
    rows: relations.map((relation) => {
      const customer = customers.get(relation.customerId);
      // A customer handed to the caller is listed once, from the inherited source; one handed
      // away from them is not theirs any more (S2).
      const shown =
        (!customer ||
          (!inheritedBy(customer, employeeId) && !handedAwayFrom(customer, employeeId))) &&
        passes(customer, relation.firstTaskId, employeeId, filter);
      return {
        position: { at: relation.lastAt.getTime(), customerId: relation.customerId },
        item: shown ? { kind: 'relation' as const, relation, customer } : null,
      };
    }),
  };
  const inheritedBatch: ArchiveBatch<ArchiveItem> = {
    full: inherited.length === limit,
    rows: inherited.map((customer) => ({
      position: { at: customer.lastActiveAt.getTime(), customerId: customer._id },
      item: passes(customer, customer.origin?.taskId ?? null, employeeId, filter)
        ? { kind: 'inherited' as const, customer }
        : null,
    })),
  };
  return [relationBatch, inheritedBatch];
}

/**
 * 客户档案: one page of the employee's customers after `cursor` that pass `filter` (C8), most
 * recent activity first, and where the next page starts (null: none). O(page size): at most
 * four rounds of three indexed requests (`pageArchive`), plus one read of the colleagues'
 * names. A selective filter can leave a page short with more to read: `next` says where.
 */
export async function archivePage(
  employeeId: string,
  cursor: ArchivePosition | null,
  pageSize: number,
  filter: ArchiveFilter = {},
): Promise<{ items: CustomerRow[]; next: ArchivePosition | null }> {
  const page = await pageArchive(
    (after, limit) => readSources(employeeId, after, limit, filter),
    cursor,
    pageSize,
  );
  return { items: await archiveRows(page.items), next: page.next };
}

/** Who each inherited customer was handed from. */
const inheritedFromId = (customer: CustomerDoc): string => handedFrom(customer) ?? '';

/**
 * One row of 客户列表 / 客户档案: the list's times and visits, the customer's name and avatar
 * (a nameless customer shows 微信用户).
 */
export function customerRow(
  row: { customerId: string; firstAt: Date; lastAt: Date; visits: number },
  customer: Pick<CustomerDoc, 'nickname' | 'avatar'> | undefined,
  broughtByMe: boolean,
): CustomerRow {
  return {
    customerId: row.customerId,
    nickname: customer?.nickname || '微信用户',
    avatar: customer?.avatar ?? '',
    firstAt: row.firstAt.toISOString(),
    lastAt: row.lastAt.toISOString(),
    visits: row.visits,
    broughtByMe,
  };
}

async function archiveRows(taken: ArchiveItem[]): Promise<CustomerRow[]> {
  const fromIds = [
    ...new Set(taken.flatMap((t) => (t.kind === 'inherited' ? [inheritedFromId(t.customer)] : []))),
  ].filter(Boolean);
  const names = new Map((await findEmployeesByIds(fromIds)).map((e) => [e._id, e.name]));
  const extras = (customer: CustomerDoc | undefined) => ({
    tags: customerTags(customer?.manualTags, customer?.autoTags),
    hasPhone: customer?.hasPhone === true,
  });
  return taken.map((t): CustomerRow => {
    if (t.kind === 'relation')
      return { ...customerRow(t.relation, t.customer, t.relation.brought), ...extras(t.customer) };
    const { customer } = t;
    const fromId = inheritedFromId(customer);
    const row = {
      customerId: customer._id,
      firstAt: customer.firstSeenAt,
      lastAt: customer.lastActiveAt,
      visits: customer.stats?.visits ?? 0,
    };
    return {
      // A6: the credit for bringing the customer never moves with a hand-over.
      ...customerRow(row, customer, false),
      ...extras(customer),
      inheritedFrom: { employeeId: fromId, name: names.get(fromId) ?? fromId },
    };
  });
}
