/**
 * The demo's redemptions (P2, P5): after a task with benefits has ended, most employees holding
 * its points redeem what they can afford, within the stock and the per-employee limit, before
 * the deadline; admins fulfil (发放) about half of them a few hours later. 张伟, the default
 * login, always redeems when he can, so his 我的权益 shows a code. Deterministic for a seed.
 */
import type { BalanceDoc } from '../../cloudfunctions/_shared/db/points-balances';
import type { RedemptionDoc } from '../../cloudfunctions/_shared/db/redemptions';
import type { TaskDoc } from '../../cloudfunctions/_shared/db/tasks';
import { redemptionId } from '../../cloudfunctions/_shared/domain/points';
import { DAY, HOUR } from './clock';
import type { Random } from './random';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const FULFILLERS = ['zhangwei', 'sunli'];

function code(random: Random): string {
  let out = '';
  for (let i = 0; i < 8; i += 1) {
    if (i === 4) out += '-';
    out += CODE_ALPHABET[random.int(0, CODE_ALPHABET.length - 1)];
  }
  return out;
}

export function buildRedemptions(
  now: Date,
  tasks: readonly TaskDoc[],
  balances: readonly BalanceDoc[],
  random: Random,
): RedemptionDoc[] {
  const out: RedemptionDoc[] = [];
  for (const task of tasks) {
    if (task.state !== 'published' || task.benefits.length === 0) continue;
    if (task.endAt.getTime() > now.getTime()) continue;
    const until = Math.min(now.getTime(), task.redeemDeadline.getTime());
    const redeemedOf = new Map<string, number>();
    const holders = balances
      .filter((b) => b.taskId === task._id && b.balance > 0)
      .sort((a, b) => (a._id < b._id ? -1 : 1));
    for (const holder of holders) {
      if (holder.employeeId !== 'zhangwei' && !random.chance(0.7)) continue;
      let left = holder.balance;
      // The dearest affordable first, one of each at most (most limits are 1).
      for (const benefit of [...task.benefits].sort((a, b) => b.cost - a.cost)) {
        const taken = redeemedOf.get(benefit.id) ?? 0;
        if (benefit.cost > left || taken >= benefit.stock) continue;
        const createdAt = new Date(random.between(task.endAt.getTime() + HOUR, until));
        const fulfilledAt = new Date(createdAt.getTime() + random.between(2 * HOUR, 2 * DAY));
        const fulfilled = fulfilledAt.getTime() < now.getTime() && random.chance(0.6);
        out.push({
          _id: redemptionId(
            holder.employeeId,
            `demo-redeem-${String(out.length + 1).padStart(4, '0')}`,
          ),
          taskId: task._id,
          userId: holder.employeeId,
          benefitId: benefit.id,
          benefitName: benefit.name,
          cost: benefit.cost,
          status: fulfilled ? 'fulfilled' : 'redeemed',
          verificationCode: code(random),
          createdAt,
          fulfilledAt: fulfilled ? fulfilledAt : null,
          fulfilledBy: fulfilled ? random.pick(FULFILLERS) : null,
        });
        redeemedOf.set(benefit.id, taken + 1);
        left -= benefit.cost;
      }
    }
  }
  return out;
}
