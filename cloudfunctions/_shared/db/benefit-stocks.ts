import { db, rows, command as _ } from '../runtime/cloud';
import { readDocInTransaction, type Transaction } from './transaction';

/**
 * What is left of each benefit (P2): `_id` = `${taskId}:${benefitId}`, `{ stock, redeemed }`.
 * Created by the first redemption from the task's benefit stock; written only inside the
 * redemption transaction, so concurrent redemptions can never take more than the stock.
 */
export interface BenefitStockDoc {
  _id: string;
  taskId: string;
  benefitId: string;
  stock: number;
  redeemed: number;
}

export const BENEFIT_STOCKS = 'benefitStocks';

export function benefitStockId(taskId: string, benefitId: string): string {
  return `${taskId}:${benefitId}`;
}

export function readStockInTx(tx: Transaction, id: string): Promise<BenefitStockDoc | null> {
  return readDocInTransaction<BenefitStockDoc>(tx, BENEFIT_STOCKS, id);
}

export async function writeStockInTx(tx: Transaction, doc: BenefitStockDoc): Promise<void> {
  const { _id, ...fields } = doc;
  await tx
    .collection(BENEFIT_STOCKS)
    .doc(_id)
    .set({ data: fields as unknown as Record<string, unknown> });
}

/** The redeemed counts of these tasks' benefits (one request), by `_id`. */
export async function findStocksOfTasks(taskIds: string[]): Promise<Map<string, BenefitStockDoc>> {
  if (taskIds.length === 0) return new Map();
  const found = await rows<BenefitStockDoc>(
    db
      .collection(BENEFIT_STOCKS)
      .where({ taskId: _.in(taskIds) })
      .limit(1000)
      .get(),
  );
  return new Map(found.map((d) => [d._id, d]));
}
