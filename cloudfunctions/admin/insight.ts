/**
 * R1 for admins: the radar model as the last daily run fitted it, its weights named in Chinese,
 * and its accuracy on held-out customers beside the recency-only baseline's.
 */
import { z } from 'zod';
import type { AdminInsightActions } from '../../typings/insight';
import { readLastJobRun } from '../_shared/db/job-runs';
import { FEATURE_KEYS, FEATURE_LABELS } from '../_shared/domain/radar';
import { RADAR_JOB, type RadarLast } from '../_shared/jobs/radar';
import { action } from '../_shared/runtime/handler';

type Response<A extends keyof AdminInsightActions> = AdminInsightActions[A]['response'];

const model = action(z.object({}).strict(), async (): Promise<Response<'radar.model'>> => {
  const last = await readLastJobRun<RadarLast>(RADAR_JOB);
  if (!last) {
    return {
      fittedAt: null,
      source: null,
      examples: 0,
      features: [],
      intercept: 0,
      auc: null,
      baselineAuc: null,
      heldOut: 0,
    };
  }
  const fitted = last.model;
  return {
    fittedAt: new Date(last.finishedAt).toISOString(),
    source: fitted.source,
    examples: fitted.examples,
    features: FEATURE_KEYS.map((key, i) => ({
      key,
      label: FEATURE_LABELS[key],
      weight: fitted.weights[i],
    })),
    intercept: fitted.intercept,
    auc: fitted.auc,
    baselineAuc: fitted.baselineAuc,
    heldOut: fitted.heldOut,
  };
});

export const insightAdminActions = { 'radar.model': model };
