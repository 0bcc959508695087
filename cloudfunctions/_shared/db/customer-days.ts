import { db, rows, command as _ } from '../runtime/cloud';
import { activeWindowStartDay, ACTIVE_DAYS, shanghaiDay } from '../attribution/rules';
import { incrementOrCreate, updatedCount } from './counters';

/** C2: a customer's interactions on one Shanghai day, `_id` = `${customerId}:${yyyymmdd}`. */
export interface CustomerDayDoc {
  _id: string;
  customerId: string;
  day: string;
  interactions: number;
}

const customerDays = () => db.collection('customerDays');

/** Adds interactions to the customer's day of `at`. */
export async function addCustomerDay(
  customerId: string,
  at: Date,
  interactions: number,
): Promise<void> {
  if (interactions === 0) return;
  const day = shanghaiDay(at);
  const id = `${customerId}:${day}`;
  await incrementOrCreate(
    async () =>
      updatedCount(
        await customerDays()
          .where({ _id: id })
          .update({ data: { interactions: _.inc(interactions) } }),
      ),
    async () => {
      await customerDays().add({ data: { _id: id, customerId, day, interactions } });
    },
  );
}

/** C2: interactions in the 30 Shanghai days ending today (one query of at most 30 documents). */
export async function recentInteractions(customerId: string, now: Date): Promise<number> {
  const found = await rows<CustomerDayDoc>(
    customerDays()
      .where({ customerId, day: _.gte(activeWindowStartDay(now)) })
      .limit(ACTIVE_DAYS + 1)
      .get(),
  );
  const today = shanghaiDay(now);
  return found.filter((d) => d.day <= today).reduce((sum, d) => sum + d.interactions, 0);
}

/** CU2: forgets the customer's days. */
export async function removeCustomerDaysOfCustomer(customerId: string): Promise<void> {
  await customerDays().where({ customerId }).remove();
}
