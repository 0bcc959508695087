import { db, rows, command as _ } from '../runtime/cloud';

/**
 * A6: the one employee who brought a customer, `_id` = the customer's OPENID. Claimed in the
 * event's transaction (attribution/apply.ts): of parallel claims the first commit wins.
 */
export interface BroughtByDoc {
  _id: string;
  employeeId: string;
  taskId: string;
  shareId: string;
  at: Date;
}

const broughtBy = () => db.collection('broughtBy');

/** Who brought the customer, or null. */
export async function findBroughtBy(customerId: string): Promise<BroughtByDoc | null> {
  const found = await rows<BroughtByDoc>(broughtBy().where({ _id: customerId }).limit(1).get());
  return found[0] ?? null;
}

/** How many customers the employee brought since `since` (P6, D2). */
export async function countBroughtBy(employeeId: string, since?: Date): Promise<number> {
  const where = since ? { employeeId, at: _.gte(since) } : { employeeId };
  const result = (await broughtBy().where(where).count()) as { total: number };
  return result.total;
}
