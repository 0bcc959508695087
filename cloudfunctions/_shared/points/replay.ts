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
  type Goal,
  type GoalKind,
} from '../domain/points';
import { creditEntry, creditedBalance, emptyBalance, redeemEntry, redeemedBalance } from './moves';

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
    return this.balances.get(id) ?? emptyBalance(taskId, employeeId, at);
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
      const entry = creditEntry(taskId, employeeId, goal, at);
      this.ledger.set(entry._id, entry);
      const balance = creditedBalance(this.balance(taskId, employeeId, at), goal, at);
      this.balances.set(balance._id, balance);
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
      const entry = redeemEntry(r);
      this.ledger.set(entry._id, entry);
      const balance = redeemedBalance(this.balance(r.taskId, r.userId, at), r.benefitId, r.cost);
      this.balances.set(balance._id, balance);
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
