/**
 * Redeeming a benefit (P2, P4; docs/points.md, "Redemptions"): one transaction over the
 * redemption (its `_id` is the employee's request id, so a retry finds it and answers it), the
 * task balance, the benefit's stock and the ledger's debit. All or nothing; concurrent
 * redemptions conflict on the balance or the stock and run again from what the winner wrote,
 * so a balance or a stock can never go below zero.
 */
import {
  benefitStockId,
  readStockInTx,
  writeStockInTx,
  type BenefitStockDoc,
} from '../db/benefit-stocks';
import { balanceId, readBalanceInTx, writeBalanceInTx } from '../db/points-balances';
import { insertLedgerEntryInTx } from '../db/points-ledger';
import { insertRedemptionInTx, readRedemptionInTx, type RedemptionDoc } from '../db/redemptions';
import type { TaskDoc } from '../db/tasks';
import { inTransaction, isTransactionConflict } from '../db/transaction';
import {
  newVerificationCode,
  redeemBlock,
  redeemBlockMessage,
  redeemLabel,
  redeemWindow,
  redemptionId,
} from '../domain/points';
import { AppError, type ErrorCode } from '../runtime/errors';
import { redeemEntry, redeemedBalance } from './moves';

/** A refusal decided inside the transaction (it aborts: nothing is written). */
function refuse(code: string, message: string): never {
  throw new AppError(code as ErrorCode, message);
}

/**
 * Redeems `benefitId` of `task` for `employeeId`, once per `requestId`. A request already
 * redeemed answers its redemption, whatever the window or the balance is now; the same request
 * id for another benefit is INVALID_INPUT.
 */
export async function redeemBenefit(
  task: TaskDoc,
  benefitId: string,
  employeeId: string,
  requestId: string,
  now: Date,
): Promise<RedemptionDoc> {
  const benefit = task.benefits.find((b) => b.id === benefitId);
  if (!benefit) throw new AppError('NOT_FOUND', '该权益不存在或已下架');
  const id = redemptionId(employeeId, requestId);
  try {
    return await inTransaction(async (tx) => {
      const [existing, balance, stock] = await Promise.all([
        readRedemptionInTx(tx, id),
        readBalanceInTx(tx, balanceId(task._id, employeeId)),
        readStockInTx(tx, benefitStockId(task._id, benefitId)),
      ]);
      if (existing) {
        if (existing.taskId !== task._id || existing.benefitId !== benefitId)
          refuse('INVALID_INPUT', '该兑换请求已用于其他权益，请重新兑换');
        return existing;
      }
      const redeemedByMe = balance?.redeemedByBenefit?.[benefitId] ?? 0;
      const left: BenefitStockDoc = stock ?? {
        _id: benefitStockId(task._id, benefitId),
        taskId: task._id,
        benefitId,
        stock: benefit.stock,
        redeemed: 0,
      };
      const block = redeemBlock({
        window: redeemWindow(task, now),
        balance: balance?.balance ?? 0,
        cost: benefit.cost,
        stockLeft: left.stock - left.redeemed,
        redeemedByMe,
        perEmployeeLimit: benefit.perEmployeeLimit,
      });
      if (block) {
        const { code, message } = redeemBlockMessage(block, {
          redeemDeadline: task.redeemDeadline,
          endAt: task.endAt,
          perEmployeeLimit: benefit.perEmployeeLimit,
        });
        refuse(code, message);
      }
      const redemption: RedemptionDoc = {
        _id: id,
        taskId: task._id,
        userId: employeeId,
        benefitId,
        benefitName: benefit.name,
        cost: benefit.cost,
        status: 'redeemed',
        verificationCode: newVerificationCode(),
        createdAt: now,
        fulfilledAt: null,
        fulfilledBy: null,
      };
      await insertRedemptionInTx(tx, redemption);
      await insertLedgerEntryInTx(tx, redeemEntry(redemption));
      // A block above needs a balance of at least the cost, so `balance` exists here.
      await writeBalanceInTx(tx, redeemedBalance(balance!, benefitId, benefit.cost));
      await writeStockInTx(tx, { ...left, redeemed: left.redeemed + 1 });
      return redemption;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isTransactionConflict(error)) throw new AppError('REDEEM_BUSY');
    throw error;
  }
}

export { redeemLabel };
