import type { BenefitTask, MyRedemption, RedeemBlock } from '../../../../services/points';
import { formatShanghaiDateTime } from '../../../../utils/time';

/** Why 兑换 is off, in words (P2, P4). */
export const BLOCK_TEXT: Record<RedeemBlock, string> = {
  notEnded: '任务结束后可兑换',
  closed: '已过兑换期',
  cancelled: '任务已取消',
  insufficientPoints: '积分不足',
  outOfStock: '已兑完',
  limitReached: '已达兑换上限',
};

export interface BenefitItem {
  key: string;
  taskId: string;
  benefitId: string;
  name: string;
  cost: number;
  /** `剩余 12 · 每人限兑 1 · 已兑 0` */
  metaText: string;
  canRedeem: boolean;
  blockText: string;
}

export interface BenefitTaskItem {
  taskId: string;
  taskTitle: string;
  balance: number;
  /** `兑换截止 11月30日 23:59`, or when it opens. */
  windowText: string;
  closed: boolean;
  benefits: BenefitItem[];
}

export function benefitTaskItem(task: BenefitTask): BenefitTaskItem {
  const windowText =
    task.window === 'notEnded'
      ? `任务结束后可兑换（${formatShanghaiDateTime(task.endAt)} 结束）`
      : task.window === 'closed'
        ? `兑换已于 ${formatShanghaiDateTime(task.redeemDeadline)} 截止`
        : `兑换截止 ${formatShanghaiDateTime(task.redeemDeadline)}`;
  return {
    taskId: task.taskId,
    taskTitle: task.taskTitle,
    balance: task.balance,
    windowText,
    closed: task.window === 'closed',
    benefits: task.benefits.map((b) => ({
      key: `${task.taskId}:${b.id}`,
      taskId: task.taskId,
      benefitId: b.id,
      name: b.name,
      cost: b.cost,
      metaText: `剩余 ${b.stockLeft} · 每人限兑 ${b.perEmployeeLimit} · 已兑 ${b.redeemedByMe}`,
      canRedeem: b.blockedBy === null,
      blockText: b.blockedBy ? BLOCK_TEXT[b.blockedBy] : '',
    })),
  };
}

export interface RedemptionItem {
  id: string;
  benefitName: string;
  taskTitle: string;
  cost: number;
  fulfilled: boolean;
  statusLabel: string;
  verificationCode: string;
  /** `兑换于 12月5日 10:00` (and `发放于 …` once fulfilled) */
  timeText: string;
}

export function redemptionItem(r: MyRedemption): RedemptionItem {
  const fulfilled = r.status === 'fulfilled';
  return {
    id: r.id,
    benefitName: r.benefitName,
    taskTitle: r.taskTitle,
    cost: r.cost,
    fulfilled,
    statusLabel: fulfilled ? '已发放' : '已兑换',
    verificationCode: r.verificationCode,
    timeText:
      `兑换于 ${formatShanghaiDateTime(r.createdAt)}` +
      (fulfilled && r.fulfilledAt ? ` · 发放于 ${formatShanghaiDateTime(r.fulfilledAt)}` : ''),
  };
}
