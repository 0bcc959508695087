import { db, rows, command as _ } from '../runtime/cloud';

/**
 * A5: an employee-customer relation, `_id` = `${employeeId}:${customerId}`. `firstAt` and the
 * first task and share never change; `lastAt` and `visits` (page views, A11) follow the visits
 * through this employee's shares; `brought` is true for the one employee who brought the
 * customer (A6). The customer archive (客户档案, A8) of an employee is their relations, with the
 * customers handed to them (离职继承, docs/attribution.md).
 */
export interface RelationDoc {
  _id: string;
  employeeId: string;
  customerId: string;
  firstAt: Date;
  firstTaskId: string;
  firstShareId: string;
  brought: boolean;
  lastAt: Date;
  visits: number;
}

const relations = () => db.collection('relations');

export function relationId(employeeId: string, customerId: string): string {
  return `${employeeId}:${customerId}`;
}

/** The relation, or null. */
export async function findRelation(
  employeeId: string,
  customerId: string,
): Promise<RelationDoc | null> {
  const found = await rows<RelationDoc>(
    relations()
      .where({ _id: relationId(employeeId, customerId) })
      .limit(1)
      .get(),
  );
  return found[0] ?? null;
}

/**
 * 客户档案: one batch of the employee's relations, most recent visit first (`lastAt` desc, then
 * `_id`), after `after` (the archive's keyset position: a time in ms and a customer id; every
 * `_id` here is `${employeeId}:${customerId}`, so `_id` order is customer id order). At most
 * `limit` rows, one indexed request.
 */
export async function pageEmployeeRelations(
  employeeId: string,
  after: { at: number; customerId: string } | null,
  limit: number,
): Promise<RelationDoc[]> {
  const conditions: Record<string, unknown>[] = [{ employeeId }];
  if (after) {
    const at = new Date(after.at);
    conditions.push(
      _.or([
        { lastAt: _.lt(at) },
        { lastAt: at, _id: _.gt(relationId(employeeId, after.customerId)) },
      ]) as unknown as Record<string, unknown>,
    );
  }
  return rows<RelationDoc>(
    relations()
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy('lastAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
  );
}

/** The employees related to a customer (at most `limit`; S2 checks and CU2). */
export async function findRelationsOfCustomer(
  customerId: string,
  limit = 100,
): Promise<RelationDoc[]> {
  return rows<RelationDoc>(relations().where({ customerId }).limit(limit).get());
}

/** CU2: removes every relation of the customer. */
export async function removeRelationsOfCustomer(customerId: string): Promise<void> {
  await relations().where({ customerId }).remove();
}

/** The relations of these customers (at most 100 customers; pages of 1000 until done). */
export async function findRelationsOfCustomers(customerIds: string[]): Promise<RelationDoc[]> {
  const found: RelationDoc[] = [];
  if (customerIds.length === 0) return found;
  for (let afterId = ''; ;) {
    const page = await rows<RelationDoc>(
      relations()
        .where({ customerId: _.in(customerIds), _id: _.gt(afterId) })
        .orderBy('_id', 'asc')
        .limit(1000)
        .get(),
    );
    found.push(...page);
    if (page.length < 1000) return found;
    afterId = page[page.length - 1]._id;
  }
}

/** How many customers are related to the employee (A5; 数据看板's 客户数). One count. */
export async function countRelationsOf(employeeId: string): Promise<number> {
  const result = (await relations().where({ employeeId }).count()) as { total: number };
  return result.total;
}
