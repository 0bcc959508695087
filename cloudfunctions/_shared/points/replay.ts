/**
 * Points as the rebuild derives them (docs/points.md, "Rebuild"): the credits that the settled
 * in-window counters make, the brought leaderboard rows, and the redemptions' debits. Pure: no
 * SDK, no database (type imports only), used by `attribution/rebuild.ts`.
 */
import type { BenefitStockDoc } from '../db/benefit-stocks';
import type { LeaderboardRowDoc } from '../db/leaderboard';
import type { BalanceDoc } from '../db/points-balances';
import type { LedgerEntryDoc } from '../db/points-ledger';
import type { RedemptionDoc } from '../db/redemptions';
import type { Counters } from '../db/task-stats';
import {
  creditEntryId,
  goalsToCredit,
  periodsOf,
  redeemEntryId,
  type Goal,
  type GoalKind,
} from '../domain/points';

export interface PointsCollections {
  pointsLedger: LedgerEntryDoc[];
  pointsBalances: BalanceDoc[];
  leaderboard: LeaderboardRowDoc[];
  benefitStocks: BenefitStockDoc[];
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function byId<T extends { _id: string }>(docs: Iterable<T>): T[] {
  return [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

export class PointsReplay {
  private readonly ledger = new Map<string, LedgerEntryDoc>();
  private readonly balances = new Map<string, BalanceDoc>();
  private readonly rows = new Map<string, LeaderboardRowDoc>();
  private readonly stocks = new Map<string, BenefitStockDoc>();

  constructor(private readonly goalsOf: (taskId: string) => readonly Goal[]) {}

  private balance(taskId: string, employeeId: string, at: Date): BalanceDoc {
    const id = `${taskId}:${employeeId}`;
    let doc = this.balances.get(id);
    if (!doc) {
      doc = {
        _id: id,
        taskId,
        employeeId,
        credited: 0,
        redeemed: 0,
        balance: 0,
        creditedGoals: [],
        lastCreditAt: at,
        redeemedByBenefit: {},
      };
      this.balances.set(id, doc);
    }
    return doc;
  }

  private addToRow(board: 'points' | 'brought', employeeId: string, value: number, at: Date): void {
    for (const period of periodsOf(at)) {
      const id = `${board}:${period}:${employeeId}`;
      const row = this.rows.get(id);
      if (!row) {
        this.rows.set(id, { _id: id, board, period, employeeId, value, reachedAt: at });
        continue;
      }
      row.value += value;
      row.reachedAt = later(new Date(row.reachedAt), at);
    }
  }

  /** After an in-window move of `kinds`: what `creditReachedGoals` does (./credit.ts). */
  afterInWindowMove(
    taskId: string,
    employeeId: string,
    kinds: readonly GoalKind[],
    inWindow: Counters,
    at: Date,
  ): void {
    const credited = new Set(
      this.goalsOf(taskId)
        .map((g) => g.id)
        .filter((id) => this.ledger.has(creditEntryId(taskId, employeeId, id))),
    );
    for (const goal of goalsToCredit(this.goalsOf(taskId), inWindow, credited, new Set(kinds))) {
      const _id = creditEntryId(taskId, employeeId, goal.id);
      this.ledger.set(_id, {
        _id,
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
      });
      const balance = this.balance(taskId, employeeId, at);
      balance.credited += goal.points;
      balance.balance += goal.points;
      balance.creditedGoals = [...balance.creditedGoals, goal.id];
      balance.lastCreditAt = later(new Date(balance.lastCreditAt), at);
      this.addToRow('points', employeeId, goal.points, at);
    }
  }

  /** A6 on the enterprise board: one more customer brought. */
  brought(employeeId: string, at: Date): void {
    this.addToRow('brought', employeeId, 1, at);
  }

  /**
   * The debits of the stored redemptions (they are base data: a redemption is an employee's
   * act, not an event of the log), oldest first.
   */
  redeem(
    redemptions: readonly RedemptionDoc[],
    stockOf: (taskId: string, benefitId: string) => number,
  ): void {
    const ordered = [...redemptions].sort(
      (a, b) =>
        new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() ||
        (a._id < b._id ? -1 : 1),
    );
    for (const r of ordered) {
      const at = new Date(r.createdAt);
      const _id = redeemEntryId(r._id);
      this.ledger.set(_id, {
        _id,
        type: 'redeem',
        taskId: r.taskId,
        employeeId: r.userId,
        points: -r.cost,
        goalId: null,
        goalKind: null,
        target: null,
        redemptionId: r._id,
        benefitName: r.benefitName,
        at,
      });
      const balance = this.balance(r.taskId, r.userId, at);
      balance.redeemed += r.cost;
      balance.balance -= r.cost;
      balance.redeemedByBenefit = {
        ...balance.redeemedByBenefit,
        [r.benefitId]: (balance.redeemedByBenefit[r.benefitId] ?? 0) + 1,
      };
      const stockId = `${r.taskId}:${r.benefitId}`;
      const stock = this.stocks.get(stockId) ?? {
        _id: stockId,
        taskId: r.taskId,
        benefitId: r.benefitId,
        stock: stockOf(r.taskId, r.benefitId),
        redeemed: 0,
      };
      stock.redeemed += 1;
      this.stocks.set(stockId, stock);
    }
  }

  collections(): PointsCollections {
    return {
      pointsLedger: byId(this.ledger.values()),
      pointsBalances: byId(this.balances.values()),
      leaderboard: byId(this.rows.values()),
      benefitStocks: byId(this.stocks.values()),
    };
  }
}
