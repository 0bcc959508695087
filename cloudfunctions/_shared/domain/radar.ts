/**
 * 商机雷达 rules in plain TypeScript (R1-R4): a customer's features at a reference time, the
 * nightly logistic regression fitted on the enterprise's own history, its held-out AUC against a
 * recency-only baseline, the 0-100 score and the reasons behind it in words. docs/customer-insight.md.
 */

const DAY = 24 * 3600 * 1000;

/** Days of events a feature looks back over. */
export const FEATURE_DAYS = 30;
/** The label: a phone left, or a follow-up written, within this many days after the reference. */
export const LABEL_DAYS = 7;
/** Training snapshots: features this many days before the run, labelled by the week after. */
export const SNAPSHOT_OFFSETS_DAYS = [7, 10, 14, 17, 21] as const;
/** The job reads this far back: the oldest snapshot's feature window. */
export const HISTORY_DAYS = FEATURE_DAYS + Math.max(...SNAPSHOT_OFFSETS_DAYS);
/** R4: quiet for this many days after having been active. */
export const CHURN_QUIET_DAYS = 7;

export const FEATURE_KEYS = [
  'recency',
  'frequency',
  'depth',
  'forwards',
  'network',
  'forms',
  'followUps',
  'cardTaps',
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

/** What the admin sees next to each weight (R1: inspectable). */
export const FEATURE_LABELS: Record<FeatureKey, string> = {
  recency: '距上次互动天数',
  frequency: '近7天浏览次数',
  depth: '近30天阅读时长',
  forwards: '近30天转发次数',
  network: '转发带来的新客户',
  forms: '近30天提交表单',
  followUps: '近30天跟进次数',
  cardTaps: '近30天点击名片',
};

/** The raw facts behind the features, as counted from the events before a reference time. */
export interface CustomerFacts {
  /** Days since the last interaction (visit, forward, form, card tap); null without one. */
  daysSinceInteraction: number | null;
  visits7: number;
  interactions30: number;
  dwellSeconds30: number;
  forwards30: number;
  /** Customers who first came through this customer's forwards (one level). */
  newCustomers: number;
  forms30: number;
  followUps30: number;
  cardTaps30: number;
}

/** The events the facts are counted from (any order). */
export interface FactEvent {
  type: string;
  at: Date;
  dwellMs?: number;
}

const INTERACTIONS = new Set(['visit', 'forward', 'form', 'card_call', 'card_add_contact']);

/** Counts a customer's facts as they stood at `ref` (only what happened at or before it). */
export function factsAt(
  ref: Date,
  events: FactEvent[],
  followUpTimes: Date[],
  childFirstSeen: Date[],
): CustomerFacts {
  const end = ref.getTime();
  const from30 = end - FEATURE_DAYS * DAY;
  const from7 = end - 7 * DAY;
  const facts: CustomerFacts = {
    daysSinceInteraction: null,
    visits7: 0,
    interactions30: 0,
    dwellSeconds30: 0,
    forwards30: 0,
    newCustomers: childFirstSeen.filter((at) => at.getTime() <= end).length,
    forms30: 0,
    followUps30: followUpTimes.filter((at) => at.getTime() <= end && at.getTime() > from30).length,
    cardTaps30: 0,
  };
  let last = -Infinity;
  for (const event of events) {
    const at = event.at.getTime();
    if (at > end || at <= from30) continue;
    if (event.type === 'dwell') facts.dwellSeconds30 += Math.round((event.dwellMs ?? 0) / 1000);
    if (!INTERACTIONS.has(event.type)) continue;
    facts.interactions30 += 1;
    last = Math.max(last, at);
    if (event.type === 'visit' && at > from7) facts.visits7 += 1;
    if (event.type === 'forward') facts.forwards30 += 1;
    if (event.type === 'form') facts.forms30 += 1;
    if (event.type === 'card_call' || event.type === 'card_add_contact') facts.cardTaps30 += 1;
  }
  if (last > -Infinity) facts.daysSinceInteraction = Math.floor((end - last) / DAY);
  return facts;
}

/** The model's inputs: counts on a log scale, recency capped at the feature window. */
export function featureVector(facts: CustomerFacts): number[] {
  const log = (n: number) => Math.log1p(Math.max(0, n));
  const values: Record<FeatureKey, number> = {
    recency: log(Math.min(facts.daysSinceInteraction ?? FEATURE_DAYS, FEATURE_DAYS)),
    frequency: log(facts.visits7),
    depth: log(facts.dwellSeconds30 / 60),
    forwards: log(facts.forwards30),
    network: log(facts.newCustomers),
    forms: Math.min(facts.forms30, 3),
    followUps: log(facts.followUps30),
    cardTaps: log(facts.cardTaps30),
  };
  return FEATURE_KEYS.map((k) => values[k]);
}

export interface RadarModel {
  /** Weights on standardised features, in FEATURE_KEYS order. */
  weights: number[];
  intercept: number;
  means: number[];
  scales: number[];
  examples: number;
  heldOut: number;
  auc: number | null;
  baselineAuc: number | null;
  /** 'fitted' on this enterprise's data; 'prior' when there was too little to fit. */
  source: 'fitted' | 'prior';
}

export interface Example {
  key: string;
  x: number[];
  y: 0 | 1;
}

/**
 * Held out of the fit and used to measure it: about 30 % of customers, chosen by a hash of the
 * customer part of the key (`customerId:offset`), so no customer's snapshots sit on both sides.
 */
export function isHeldOut(key: string): boolean {
  const cut = key.lastIndexOf(':');
  const customer = cut < 0 ? key : key.slice(0, cut);
  let hash = 2166136261;
  for (let i = 0; i < customer.length; i++)
    hash = Math.imul(hash ^ customer.charCodeAt(i), 16777619);
  return (hash >>> 0) % 10 < 3;
}

/**
 * Weights used while the enterprise has too little history to fit (fewer than
 * MIN_EXAMPLES examples or MIN_POSITIVES of each class): recent, frequent, deep readers first.
 */
export const PRIOR_WEIGHTS: Record<FeatureKey, number> = {
  recency: -1,
  frequency: 0.8,
  depth: 0.5,
  forwards: 0.4,
  network: 0.3,
  forms: 0.3,
  followUps: 0.2,
  cardTaps: 0.4,
};
export const MIN_EXAMPLES = 40;
export const MIN_POSITIVES = 5;

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * AUC: the chance a random positive scores above a random negative (ties count half); null
 * without both classes.
 */
export function auc(scores: number[], labels: (0 | 1)[]): number | null {
  const order = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j].s === order[i].s) j++;
    const rank = (i + 1 + j) / 2; // average rank of the tie group, 1-based
    for (let k = i; k < j; k++)
      if (order[k].y === 1) {
        positives += 1;
        rankSum += rank;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Fits an L2-regularised logistic regression by batch gradient descent on standardised
 * features (deterministic: same examples, same model), measured on the held-out examples
 * together with the recency-only baseline (more recent = more likely).
 */
export function fitRadarModel(examples: Example[]): RadarModel {
  const sorted = [...examples].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const train = sorted.filter((e) => !isHeldOut(e.key));
  const test = sorted.filter((e) => isHeldOut(e.key));
  const n = FEATURE_KEYS.length;
  const positives = train.filter((e) => e.y === 1).length;
  const means = new Array(n).fill(0);
  const scales = new Array(n).fill(1);
  for (let j = 0; j < n && train.length > 0; j++) {
    means[j] = train.reduce((s, e) => s + e.x[j], 0) / train.length;
    const variance = train.reduce((s, e) => s + (e.x[j] - means[j]) ** 2, 0) / train.length;
    scales[j] = Math.sqrt(variance) || 1;
  }
  const base = { means, scales, examples: sorted.length, heldOut: test.length };
  const baselineAuc = auc(
    test.map((e) => -e.x[0]),
    test.map((e) => e.y),
  );
  const enough =
    train.length >= MIN_EXAMPLES &&
    positives >= MIN_POSITIVES &&
    train.length - positives >= MIN_POSITIVES;
  if (!enough) {
    const prior: RadarModel = {
      ...base,
      weights: FEATURE_KEYS.map((k) => PRIOR_WEIGHTS[k]),
      intercept: -2,
      auc: null,
      baselineAuc,
      source: 'prior',
    };
    prior.auc = auc(
      test.map((e) => logit(prior, e.x)),
      test.map((e) => e.y),
    );
    return prior;
  }
  const z = train.map((e) => e.x.map((v, j) => (v - means[j]) / scales[j]));
  const weights = new Array(n).fill(0);
  let intercept = Math.log(positives / (train.length - positives));
  const rate = 0.5;
  const lambda = 0.01;
  for (let iteration = 0; iteration < 400; iteration++) {
    const grad = new Array(n).fill(0);
    let gradIntercept = 0;
    for (let i = 0; i < train.length; i++) {
      let s = intercept;
      for (let j = 0; j < n; j++) s += weights[j] * z[i][j];
      const error = sigmoid(s) - train[i].y;
      gradIntercept += error;
      for (let j = 0; j < n; j++) grad[j] += error * z[i][j];
    }
    intercept -= (rate * gradIntercept) / train.length;
    for (let j = 0; j < n; j++) weights[j] -= rate * (grad[j] / train.length + lambda * weights[j]);
  }
  const model: RadarModel = {
    ...base,
    weights: weights.map(round4),
    intercept: round4(intercept),
    auc: null,
    baselineAuc,
    source: 'fitted',
  };
  model.auc = auc(
    test.map((e) => logit(model, e.x)),
    test.map((e) => e.y),
  );
  return model;
}

function round4(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

function contributions(model: RadarModel, x: number[]): number[] {
  return x.map((v, j) => (model.weights[j] * (v - model.means[j])) / model.scales[j]);
}

function logit(model: RadarModel, x: number[]): number {
  return contributions(model, x).reduce((s, c) => s + c, model.intercept);
}

/** R1: the 0-100 score (the model's probability of a phone or follow-up within a week). */
export function radarScore(model: RadarModel, x: number[]): number {
  return Math.round(100 * sigmoid(logit(model, x)));
}

/** How a fact reads on the radar (R1: 例如 近7天浏览4次, 转发带来2位新客户). */
function reasonText(key: FeatureKey, facts: CustomerFacts): string | null {
  switch (key) {
    case 'recency': {
      const days = facts.daysSinceInteraction;
      if (days === null) return null;
      return days === 0 ? '今天有互动' : `${days}天前有互动`;
    }
    case 'frequency':
      return facts.visits7 > 0 ? `近7天浏览${facts.visits7}次` : null;
    case 'depth':
      return facts.dwellSeconds30 >= 60
        ? `近30天阅读${Math.round(facts.dwellSeconds30 / 60)}分钟`
        : null;
    case 'forwards':
      return facts.forwards30 > 0 ? `近30天转发${facts.forwards30}次` : null;
    case 'network':
      return facts.newCustomers > 0 ? `转发带来${facts.newCustomers}位新客户` : null;
    case 'forms':
      return facts.forms30 > 0 ? `提交表单${facts.forms30}次` : null;
    case 'followUps':
      return facts.followUps30 > 0 ? `近30天跟进${facts.followUps30}次` : null;
    case 'cardTaps':
      return facts.cardTaps30 > 0 ? `点击名片${facts.cardTaps30}次` : null;
  }
}

/**
 * R1: the two or three facts that raise the score most (largest positive contributions), in
 * words; a customer with nothing positive gets the most recent fact that exists.
 */
export function radarReasons(model: RadarModel, facts: CustomerFacts, max = 3): string[] {
  const parts = contributions(model, featureVector(facts));
  const ranked = FEATURE_KEYS.map((key, j) => ({ key, c: parts[j] }))
    .filter((p) => p.c > 0)
    .sort((a, b) => b.c - a.c);
  const texts = ranked
    .map((p) => reasonText(p.key, facts))
    .filter((t): t is string => t !== null)
    .slice(0, max);
  if (texts.length > 0) return texts;
  const fallback = reasonText('recency', facts);
  return fallback ? [fallback] : [];
}

/** R4: quiet for a week or more after having been active (2+ interactions in 30 days). */
export function isChurnRisk(facts: CustomerFacts): boolean {
  return (
    facts.daysSinceInteraction !== null &&
    facts.daysSinceInteraction >= CHURN_QUIET_DAYS &&
    facts.interactions30 >= 2
  );
}

/** R1: recommended are customers with an interaction in the last 30 days. */
export function isRecommendable(facts: CustomerFacts): boolean {
  return facts.daysSinceInteraction !== null;
}

/** The training label of a snapshot at `ref`: a first phone or a follow-up in the week after. */
export function snapshotLabel(
  ref: Date,
  phoneAt: Date | null,
  followUpTimes: Date[],
): 0 | 1 | null {
  const start = ref.getTime();
  const end = start + LABEL_DAYS * DAY;
  if (phoneAt && phoneAt.getTime() <= start) return null; // already converted: not an example
  const within = (at: Date) => at.getTime() > start && at.getTime() <= end;
  return (phoneAt && within(phoneAt)) || followUpTimes.some(within) ? 1 : 0;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** 数据看板's 本周新增: the Monday 00:00 in Asia/Shanghai (UTC+8, no daylight saving) of `now`'s week. */
export function shanghaiWeekStart(now: Date): Date {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const daysSinceMonday = (local.getUTCDay() + 6) % 7;
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(midnight - daysSinceMonday * 24 * 3600 * 1000 - SHANGHAI_OFFSET_MS);
}
