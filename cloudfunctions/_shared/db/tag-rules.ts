import { db, rows } from '../runtime/cloud';
import type { TagRuleKindName } from '../domain/content-rules';

/**
 * An automatic tag rule as saved (C7). `_id` is the rule's kind, so there is one document per
 * rule and a rule never saved has none (its defaults apply).
 */
export interface TagRuleDoc {
  _id: TagRuleKindName;
  enabled: boolean;
  params: Record<string, number>;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}

const tagRules = () => db.collection('tagRules');

/** Every saved rule (five at most). */
export async function listTagRules(): Promise<TagRuleDoc[]> {
  return rows<TagRuleDoc>(tagRules().limit(20).get());
}

/**
 * Saves a rule if it is still at `revision` (0: never saved, so it is created; a concurrent
 * first save then fails on the duplicate `_id`). Answers whether it matched.
 */
export async function saveTagRule(
  kind: TagRuleKindName,
  revision: number,
  fields: { enabled: boolean; params: Record<string, number>; updatedBy: string },
  now: Date,
): Promise<boolean> {
  if (revision === 0) {
    await tagRules().add({ data: { _id: kind, ...fields, revision: 1, updatedAt: now } });
    return true;
  }
  const result = (await tagRules()
    .where({ _id: kind, revision })
    .update({ data: { ...fields, revision: revision + 1, updatedAt: now } })) as {
    stats: { updated: number };
  };
  return result.stats.updated > 0;
}
