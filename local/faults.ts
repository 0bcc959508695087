import { z } from 'zod';

/**
 * Faults the local cloud can inject, for reliability tests:
 * - `latency`: wait `ms` before handling;
 * - `error`: answer an error and do nothing;
 * - `errorAfterCommit`: do the work (it is durable), then answer an error;
 * - `drop`: do the work, then close the connection without answering.
 */
export const faultRuleSchema = z.object({
  target: z.enum(['database', 'function']),
  /** Database action (`database.insertDocument`) or function name; omitted matches all. */
  action: z.string().optional(),
  collection: z.string().optional(),
  effect: z.enum(['latency', 'error', 'errorAfterCommit', 'drop']),
  ms: z.number().int().min(0).max(120_000).optional(),
  code: z.string().optional(),
  /** How many matching requests it applies to; omitted means until cleared. */
  times: z.number().int().min(1).optional(),
  /** Applies to every `every`-th matching request only (1: each), for steady fault rates. */
  every: z.number().int().min(1).optional(),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;

interface ActiveRule extends FaultRule {
  id: number;
  remaining: number;
  /** Matching requests seen (for `every`). */
  seen: number;
}

/** The active fault rules; each matching request consumes one use of the first matching rule. */
export class Faults {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const parsed = faultRuleSchema.parse(rule);
    const id = this.nextId++;
    this.rules.push({
      ...parsed,
      id,
      remaining: parsed.times ?? Number.POSITIVE_INFINITY,
      seen: 0,
    });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ id: _id, remaining: _r, seen: _s, ...rule }) => rule);
  }

  /** The fault to apply to this request, if any (consuming one use). */
  take(target: FaultRule['target'], action: string, collection?: string): FaultRule | undefined {
    const rule = this.rules.find((r) => {
      const matches =
        r.target === target &&
        (r.action === undefined || r.action === action) &&
        (r.collection === undefined || r.collection === collection);
      if (!matches || r.every === undefined) return matches;
      r.seen += 1;
      return r.seen % r.every === 0;
    });
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
