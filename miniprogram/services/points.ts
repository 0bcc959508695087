import type { Page } from '../../typings/api';
import type {
  BenefitTask,
  BenefitView,
  Leaderboard,
  LeaderboardBoard,
  LeaderboardPeriod,
  LeaderboardRow,
  LedgerEntryView,
  MyRedemption,
  PointsSummary,
  RedeemBlock,
} from '../../typings/points';
import { call } from './call';

export type {
  BenefitTask,
  BenefitView,
  Leaderboard,
  LeaderboardBoard,
  LeaderboardPeriod,
  LeaderboardRow,
  LedgerEntryView,
  MyRedemption,
  PointsSummary,
  RedeemBlock,
};

/**
 * Points, benefits and leaderboards (issue 10, docs/points.md): the employee's own, through
 * the `employee` function. Points are internal to employees (S5): no customer page calls these.
 */

export const POINTS_PAGE_SIZE = 20;

const paged = (cursor?: string) => ({
  pageSize: POINTS_PAGE_SIZE,
  ...(cursor ? { cursor } : {}),
});

/** P1: the caller's balances per task and in total. */
export function getPointsSummary(): Promise<PointsSummary> {
  return call('employee', 'points.summary', {});
}

/** 积分记录 (P5): every ledger entry, newest first. */
export function listLedger(cursor?: string): Promise<Page<LedgerEntryView>> {
  return call('employee', 'points.ledger', paged(cursor));
}

/** 我的权益 · 可兑换: the tasks the caller holds points on, with their benefits. */
export function listBenefits(): Promise<{ tasks: BenefitTask[] }> {
  return call('employee', 'benefits.list', {});
}

/**
 * P2: redeems one benefit. `requestId` (a newClientEventId) names one confirmed tap: a retry of
 * that tap sends it again and gets the same redemption, redeemed once.
 */
export function redeemBenefit(
  taskId: string,
  benefitId: string,
  requestId: string,
): Promise<MyRedemption> {
  return call('employee', 'benefits.redeem', { taskId, benefitId, requestId });
}

/** 我的权益 · 已兑换 (P5): every redemption with its status and code, newest first. */
export function listMyRedemptions(cursor?: string): Promise<Page<MyRedemption>> {
  return call('employee', 'redemptions.mine', paged(cursor));
}

/** 排行榜: a task's board (T7), or the enterprise's by points or brought customers (P6). */
export function getLeaderboard(
  query:
    { board: 'task'; taskId: string } | { board: 'points' | 'brought'; period: LeaderboardPeriod },
): Promise<Leaderboard> {
  return call('employee', 'leaderboards.get', query);
}
