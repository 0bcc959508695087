import { db, rows, command as _ } from '../runtime/cloud';
import type { CustomerFacts } from '../domain/radar';
import { pageNewestFirst, type TimeCursor } from './keyset';

/**
 * 商机雷达 (R1-R4), written by the daily `radar` job (jobs/radar.ts):
 * - `radarFeatures`, `_id` = customerId: what the job counted for a customer on its run day (the
 *   facts now, the training snapshots, the customer's employees), read back by its fit and score
 *   phases;
 * - `radarEntries`, `_id` = `${employeeId}:${customerId}`: one row per employee and customer,
 *   what the lists page through (one indexed query per page, whatever the number of customers).
 */
export interface RadarFeaturesDoc {
  _id: string;
  day: string;
  facts: CustomerFacts;
  x: number[];
  examples: { key: string; x: number[]; y: 0 | 1 }[];
  employeeIds: string[];
  nickname: string;
  avatar: string;
  hasPhone: boolean;
  phoneAt: Date | null;
  lastInteractionAt: Date | null;
  forwards: number;
  network: number;
}

export interface RadarEntryDoc {
  _id: string;
  employeeId: string;
  customerId: string;
  /** The run day (`yyyymmdd`) that wrote the row. */
  day: string;
  nickname: string;
  avatar: string;
  score: number;
  reasons: string[];
  lastInteractionAt: Date | null;
  network: number;
  forwards: number;
  /** R3's order: network + forwards (all time). */
  spread: number;
  hasPhone: boolean;
  phoneAt: Date | null;
  recommendable: boolean;
  churn: boolean;
}

const features = () => db.collection('radarFeatures');
const entries = () => db.collection('radarEntries');

export async function putRadarFeatures(doc: RadarFeaturesDoc): Promise<void> {
  const { _id, ...data } = doc;
  await features().doc(_id).set({ data });
}

/** One page of the features counted on `day`, in `_id` order after `afterId`. */
export async function pageRadarFeatures(
  day: string,
  afterId: string,
  limit: number,
): Promise<RadarFeaturesDoc[]> {
  return rows<RadarFeaturesDoc>(
    features()
      .where({ day, _id: _.gt(afterId) })
      .orderBy('_id', 'asc')
      .limit(limit)
      .get(),
  );
}

export async function putRadarEntry(doc: RadarEntryDoc): Promise<void> {
  const { _id, ...data } = doc;
  await entries().doc(_id).set({ data });
}

export type RadarListName = 'recommended' | 'phone' | 'spread' | 'churn';

/**
 * One page of an employee's radar list (R1-R4), keyset on the list's order then `_id`:
 * recommended by score, phone by when it was left, spread by network + forwards, churn by the
 * last interaction; recommended and churn only from rows of runs since `sinceDay` (a customer
 * the job no longer looks at is neither).
 */
export async function pageRadarEntries(
  employeeId: string,
  list: RadarListName,
  sinceDay: string,
  cursor: TimeCursor | null,
  pageSize: number,
): Promise<{ rows: RadarEntryDoc[]; hasMore: boolean }> {
  switch (list) {
    case 'recommended':
      return pageNewestFirst(
        entries(),
        { employeeId, day: _.gte(sinceDay), recommendable: true },
        'score',
        pageSize,
        cursor,
        'number',
      );
    case 'phone':
      return pageNewestFirst(
        entries(),
        { employeeId, hasPhone: true },
        'phoneAt',
        pageSize,
        cursor,
      );
    case 'spread':
      return pageNewestFirst(
        entries(),
        { employeeId, spread: _.gt(0) },
        'spread',
        pageSize,
        cursor,
        'number',
      );
    case 'churn':
      return pageNewestFirst(
        entries(),
        { employeeId, day: _.gte(sinceDay), churn: true },
        'lastInteractionAt',
        pageSize,
        cursor,
      );
  }
}

/** CU2: forgets the customer on the radar. */
export async function removeRadarOfCustomer(customerId: string): Promise<void> {
  await features().where({ _id: customerId }).remove();
  await entries().where({ customerId }).remove();
}
