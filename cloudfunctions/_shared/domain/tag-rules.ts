/**
 * The automatic tags of C7, evaluated from a customer's counters. Pure: the attribution work
 * gathers the counters (from `events`, `customers` and the contents' topic tags) and stores
 * the result; this only decides.
 */
import { TAG_RULES, type TagRuleKindName } from './content-rules';

const DAY = 24 * 3600 * 1000;

/** One rule as configured (enabled and its parameters). */
export interface TagRuleSetting {
  kind: TagRuleKindName;
  enabled: boolean;
  params: Record<string, number>;
}

/** What the rules look at for one customer. */
export interface CustomerCounters {
  /** Times of the customer's visits (page views, A11), any order. */
  visitTimes: Date[];
  /** Whether any of their form submissions has a phone number. */
  hasPhone: boolean;
  /** TA的人脉 (C3). */
  network: number;
  /** Their last interaction of any kind (C1), null if none. */
  lastActiveAt: Date | null;
  /** Visits per topic tag of the contents they visited. */
  topicVisits: Record<string, number>;
}

/** Every rule with its defaults, enabled: what applies before an admin changes anything. */
export function defaultTagRules(): TagRuleSetting[] {
  return (Object.keys(TAG_RULES) as TagRuleKindName[]).map((kind) => ({
    kind,
    enabled: true,
    params: { ...TAG_RULES[kind].defaults } as Record<string, number>,
  }));
}

/** The rules in force: each saved rule over its defaults (a rule never saved keeps them). */
export function effectiveTagRules(
  saved: { _id: TagRuleKindName; enabled: boolean; params: Record<string, number> }[],
): TagRuleSetting[] {
  const byKind = new Map(saved.map((doc) => [doc._id, doc]));
  return defaultTagRules().map((rule) => {
    const doc = byKind.get(rule.kind);
    return doc
      ? { kind: rule.kind, enabled: doc.enabled, params: { ...rule.params, ...doc.params } }
      : rule;
  });
}

/**
 * The automatic tags a customer has at `now` under `rules` (disabled rules give nothing),
 * rule tags first in rule order, then topic tags by name, without duplicates.
 */
export function evaluateTagRules(
  rules: TagRuleSetting[],
  counters: CustomerCounters,
  now: Date,
): string[] {
  const tags: string[] = [];
  const topics: string[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const p = rule.params;
    switch (rule.kind) {
      case 'highIntent': {
        // The window is the last `days` days up to now, ending inclusive.
        const since = now.getTime() - p.days * DAY;
        const recent = counters.visitTimes.filter(
          (at) => at.getTime() > since && at.getTime() <= now.getTime(),
        ).length;
        if (recent >= p.visits) tags.push(TAG_RULES.highIntent.tag);
        break;
      }
      case 'leadCaptured':
        if (counters.hasPhone) tags.push(TAG_RULES.leadCaptured.tag);
        break;
      case 'highSpread':
        if (counters.network >= p.network) tags.push(TAG_RULES.highSpread.tag);
        break;
      case 'dormant':
        // Someone never active is not "asleep": they never woke up; the radar lists them apart.
        if (
          counters.lastActiveAt &&
          now.getTime() - counters.lastActiveAt.getTime() >= p.quietDays * DAY
        )
          tags.push(TAG_RULES.dormant.tag);
        break;
      case 'topic':
        for (const [topic, visits] of Object.entries(counters.topicVisits)) {
          if (visits >= p.visits) topics.push(topic);
        }
        break;
    }
  }
  topics.sort();
  return Array.from(new Set([...tags, ...topics]));
}
