import { db, rows, command as _ } from '../runtime/cloud';
import { sinceInTimeOrder } from './keyset';

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

/** The hourly department job's feed: who brought customers at or after `since` (index `at_id`). */
export async function pageBroughtSince(
  since: Date,
  after: { at: number; id: string } | null,
  limit: number,
): Promise<Pick<BroughtByDoc, '_id' | 'at' | 'employeeId'>[]> {
  return rows(
    broughtBy()
      .where(sinceInTimeOrder(since, after))
      .orderBy('at', 'asc')
      .orderBy('_id', 'asc')
      .field({ _id: true, at: true, employeeId: true })
      .limit(limit)
      .get(),
  );
}

/** When each customer the employee brought since `since` arrived (D2's 30-day window). */
export async function findBroughtTimesOf(employeeId: string, since: Date): Promise<Date[]> {
  const times: Date[] = [];
  for (;;) {
    const page = await rows<Pick<BroughtByDoc, 'at'>>(
      broughtBy()
        .where({ employeeId, at: _.gte(since) })
        .orderBy('at', 'asc')
        .field({ at: true })
        .skip(times.length)
        .limit(1000)
        .get(),
    );
    times.push(...page.map((p) => new Date(p.at)));
    if (page.length < 1000) return times;
  }
}
