/**
 * What a credit and a redemption write, as pure functions (docs/points.md): the ledger entry and
 * the balance after it. The live transactions (./credit.ts, ./redeem.ts) and the rebuild
 * (./replay.ts) share them, so they cannot disagree. No SDK: type imports only.
 */
import type { BalanceDoc } from '../db/points-balances';
import type { LedgerEntryDoc } from '../db/points-ledger';
import type { RedemptionDoc } from '../db/redemptions';
import { creditEntryId, redeemEntryId, type Goal } from '../domain/points';

/** A balance before its first credit. */
export function emptyBalance(taskId: string, employeeId: string, at: Date): BalanceDoc {
  return {
    _id: `${taskId}:${employeeId}`,
    taskId,
    employeeId,
    credited: 0,
    redeemed: 0,
    balance: 0,
    creditedGoals: [],
    lastCreditAt: at,
    redeemedByBenefit: {},
  };
}

/** T6: the ledger entry of a goal's credit, at the event that reached the target. */
export function creditEntry(
  taskId: string,
  employeeId: string,
  goal: Goal,
  at: Date,
): LedgerEntryDoc {
  return {
    _id: creditEntryId(taskId, employeeId, goal.id),
    type: 'credit',
    taskId,
    employeeId,
    points: goal.points,
    goalId: goal.id,
    goalKind: goal.kind,
    target: goal.target,
    redemptionId: null,
    benefitName: null,
    at,
  };
}

/** P2: the ledger entry of a redemption (its debit). */
export function redeemEntry(redemption: RedemptionDoc): LedgerEntryDoc {
  return {
    _id: redeemEntryId(redemption._id),
    type: 'redeem',
    taskId: redemption.taskId,
    employeeId: redemption.userId,
    points: -redemption.cost,
    goalId: null,
    goalKind: null,
    target: null,
    redemptionId: redemption._id,
    benefitName: redemption.benefitName,
    at: new Date(redemption.createdAt),
  };
}

/** P1: the balance after a credit; `lastCreditAt` is the latest credit's time (T7 ties). */
export function creditedBalance(before: BalanceDoc, goal: Goal, at: Date): BalanceDoc {
  const last = new Date(before.lastCreditAt);
  return {
    ...before,
    credited: before.credited + goal.points,
    balance: before.balance + goal.points,
    creditedGoals: [...before.creditedGoals, goal.id],
    lastCreditAt: before.credited > 0 && last.getTime() > at.getTime() ? last : at,
  };
}

/** P1/P2: the balance after a redemption of `benefitId` for `cost`. */
export function redeemedBalance(before: BalanceDoc, benefitId: string, cost: number): BalanceDoc {
  const redeemedByBenefit = before.redeemedByBenefit ?? {};
  return {
    ...before,
    redeemed: before.redeemed + cost,
    balance: before.balance - cost,
    redeemedByBenefit: {
      ...redeemedByBenefit,
      [benefitId]: (redeemedByBenefit[benefitId] ?? 0) + 1,
    },
  };
}
