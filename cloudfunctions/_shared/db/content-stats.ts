import { db, rows, command as _ } from '../runtime/cloud';
import {
  forgetMove,
  IN_FLIGHT,
  incrementOrCreate,
  notMovedBy,
  recordMove,
  updatedCount,
} from './counters';

/** Per-content counters (issue 5: "per content"), `_id` = the content id. */
export interface ContentStats {
  views: number;
  anonymousViews: number;
  forwards: number;
  forms: number;
  leads: number;
  cardTaps: number;
  dwellMs: number;
}

export const ZERO_CONTENT_STATS: ContentStats = {
  views: 0,
  anonymousViews: 0,
  forwards: 0,
  forms: 0,
  leads: 0,
  cardTaps: 0,
  dwellMs: 0,
};

const contentStats = () => db.collection('contentStats');

export async function findContentStats(contentId: string): Promise<ContentStats | null> {
  const found = await rows<ContentStats & { _id: string }>(
    contentStats().where({ _id: contentId }).limit(1).get(),
  );
  return found[0] ? { ...ZERO_CONTENT_STATS, ...found[0] } : null;
}

/** Settlement (docs/attribution.md): adds `delta` to the content's counters once for `mark`. */
export async function incrementContentStatsOnce(
  mark: string,
  contentId: string,
  delta: Partial<ContentStats>,
  at: Date,
): Promise<void> {
  const kinds = (Object.keys(delta) as (keyof ContentStats)[]).filter((k) => (delta[k] ?? 0) !== 0);
  if (kinds.length === 0) return;
  await incrementOrCreate(
    async () =>
      updatedCount(
        await contentStats()
          .where({ _id: contentId, ...notMovedBy(mark) })
          .update({
            data: {
              ...Object.fromEntries(kinds.map((k) => [k, _.inc(delta[k] ?? 0)])),
              updatedAt: at,
              ...recordMove(mark),
            },
          }),
      ),
    async () => {
      await contentStats().add({
        data: {
          _id: contentId,
          ...ZERO_CONTENT_STATS,
          ...delta,
          updatedAt: at,
          [IN_FLIGHT]: [mark],
        },
      });
    },
  );
}

/** Settlement: forgets `mark` on the content's counters. */
export async function forgetContentStatsMove(mark: string, contentId: string): Promise<void> {
  await contentStats()
    .where({ _id: contentId })
    .update({ data: forgetMove(mark) });
}
