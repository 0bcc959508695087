/**
 * Points, benefits and leaderboards (issue 10; docs/points.md). Types only; each action:
 * { request, response }. Times are ISO-8601 strings. Points are internal to employees (S5).
 */
import type { Page } from './api';
import type { GoalKind } from './attribution';
import type { RedemptionStatus } from './task-admin';

/** The caller's balance on one task (P1: balance = credited - redeemed). */
export interface TaskPoints {
  taskId: string;
  taskTitle: string;
  credited: number;
  redeemed: number;
  balance: number;
}

/** The caller's points: per task and in total (one indexed read of the balances). */
export interface PointsSummary {
  credited: number;
  redeemed: number;
  balance: number;
  tasks: TaskPoints[];
}

/** One line of 积分记录 (P5): a goal's credit (+points) or a redemption (-cost). */
export interface LedgerEntryView {
  id: string;
  kind: 'credit' | 'redeem';
  taskId: string;
  taskTitle: string;
  /** The goal credited (credit), null for a redemption. */
  goal: { id: string; kind: GoalKind; target: number } | null;
  /** In Chinese: 分享次数达到 10 / 兑换 星巴克咖啡券. */
  label: string;
  /** Signed: positive for a credit, negative for a redemption. */
  points: number;
  at: string;
}

/** Why a benefit cannot be redeemed now (null when it can). */
export type RedeemBlock =
  'notEnded' | 'closed' | 'cancelled' | 'insufficientPoints' | 'outOfStock' | 'limitReached';

export interface BenefitView {
  id: string;
  name: string;
  cost: number;
  /** Stock left now. */
  stockLeft: number;
  perEmployeeLimit: number;
  /** How many the caller has redeemed. */
  redeemedByMe: number;
  /** null when the caller can redeem it now. */
  blockedBy: RedeemBlock | null;
}

/** A task whose benefits the caller can see in 我的权益 (one they earned points on). */
export interface BenefitTask {
  taskId: string;
  taskTitle: string;
  endAt: string;
  redeemDeadline: string;
  /** notEnded: before the task's end; open: redeemable now; closed: past the deadline. */
  window: 'notEnded' | 'open' | 'closed';
  balance: number;
  benefits: BenefitView[];
}

/** One redemption of the caller (P5: 已兑换 -> 已发放, with its verification code). */
export interface MyRedemption {
  id: string;
  taskId: string;
  taskTitle: string;
  benefitId: string;
  benefitName: string;
  cost: number;
  status: RedemptionStatus;
  verificationCode: string;
  createdAt: string;
  fulfilledAt: string | null;
}

/** Which ranking: a task's (T7), or the enterprise's by points or brought customers (P6). */
export type LeaderboardBoard = 'task' | 'points' | 'brought';
export type LeaderboardPeriod = 'month' | 'all';

export interface LeaderboardRow {
  rank: number;
  employeeId: string;
  name: string;
  avatar: string;
  departmentName: string;
  /** Points (task, points) or customers brought (brought). */
  value: number;
  isMe: boolean;
}

export interface Leaderboard {
  board: LeaderboardBoard;
  /** null for a task's board. */
  period: LeaderboardPeriod | null;
  taskId: string | null;
  /** The top 50. */
  rows: LeaderboardRow[];
  /** The caller's own row, pinned at the bottom even outside the top 50 (null: not ranked here). */
  me: LeaderboardRow | null;
  /** How many employees the board ranks. */
  total: number;
}

/** Employee-side actions (the `employee` function). */
export interface EmployeePointsActions {
  'points.summary': { request: Record<string, never>; response: PointsSummary };
  /** 积分记录: newest first, keyset paged. */
  'points.ledger': {
    request: { cursor?: string; pageSize?: number };
    response: Page<LedgerEntryView>;
  };
  /** 我的权益 · 可兑换: the tasks the caller holds points on, with their benefits. */
  'benefits.list': { request: Record<string, never>; response: { tasks: BenefitTask[] } };
  /**
   * P2: one atomic step with the client's request id (one per tap on 确认兑换, reused on retry):
   * a retry answers the same redemption.
   */
  'benefits.redeem': {
    request: { taskId: string; benefitId: string; requestId: string };
    response: MyRedemption;
  };
  /** 我的权益 · 已兑换: newest first, keyset paged. */
  'redemptions.mine': {
    request: { cursor?: string; pageSize?: number };
    response: Page<MyRedemption>;
  };
  /** 排行榜: `taskId` for board `task`, `period` for the enterprise boards. */
  'leaderboards.get': {
    request: { board: LeaderboardBoard; period?: LeaderboardPeriod; taskId?: string };
    response: Leaderboard;
  };
}
