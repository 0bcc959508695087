import { db, rows, command as _ } from '../runtime/cloud';
import { activeWindowStartDay, ACTIVE_DAYS, shanghaiDay } from '../attribution/rules';

/** C2: a customer's interactions on one Shanghai day, `_id` = `${customerId}:${yyyymmdd}`. */
export interface CustomerDayDoc {
  _id: string;
  customerId: string;
  day: string;
  interactions: number;
}

const customerDays = () => db.collection('customerDays');

/** C2: interactions in the 30 Shanghai days ending today (one query of at most 30 documents). */
export async function recentInteractions(customerId: string, now: Date): Promise<number> {
  const days = await recentCustomerDays(customerId, now);
  return days.reduce((sum, d) => sum + d.interactions, 0);
}

/** C2's chart: the customer's days in the 30 Shanghai days ending today (one query). */
export async function recentCustomerDays(customerId: string, now: Date): Promise<CustomerDayDoc[]> {
  const found = await rows<CustomerDayDoc>(
    customerDays()
      .where({ customerId, day: _.gte(activeWindowStartDay(now)) })
      .limit(ACTIVE_DAYS + 1)
      .get(),
  );
  const today = shanghaiDay(now);
  return found.filter((d) => d.day <= today);
}

/** CU2: forgets the customer's days. */
export async function removeCustomerDaysOfCustomer(customerId: string): Promise<void> {
  await customerDays().where({ customerId }).remove();
}
