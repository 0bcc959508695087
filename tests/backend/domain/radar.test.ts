/**
 * The radar's rules alone (docs/customer-insight.md): facts as they stood at a time, labels,
 * the fitted model against a recency-only ranking on held-out customers, AUC, reasons in words,
 * the churn and week rules. No database.
 */
import {
  auc,
  factsAt,
  featureVector,
  fitRadarModel,
  isChurnRisk,
  isHeldOut,
  radarReasons,
  radarScore,
  shanghaiWeekStart,
  snapshotLabel,
  type Example,
} from '../../../cloudfunctions/_shared/domain/radar';

const DAY = 24 * 3600 * 1000;
const REF = new Date('2026-12-01T04:00:00.000Z');
const ago = (days: number) => new Date(REF.getTime() - days * DAY);

describe('facts at a reference time', () => {
  it('counts only what happened at or before it, within the windows', () => {
    const events = [
      { type: 'visit', at: ago(1) },
      { type: 'visit', at: ago(3) },
      { type: 'visit', at: ago(10) },
      { type: 'dwell', at: ago(1), dwellMs: 150_000 },
      { type: 'forward', at: ago(2) },
      { type: 'form', at: ago(40) }, // outside 30 days
      { type: 'visit', at: new Date(REF.getTime() + 1000) }, // after: unseen
    ];
    const facts = factsAt(REF, events, [ago(5), ago(45)], [ago(2), new Date(REF.getTime() + DAY)]);
    expect(facts).toMatchObject({
      daysSinceInteraction: 1,
      visits7: 2,
      interactions30: 4,
      dwellSeconds30: 150,
      forwards30: 1,
      forms30: 0,
      followUps30: 1,
      newCustomers: 1,
    });
  });

  it('a customer with nothing in the window has no recency', () => {
    expect(factsAt(REF, [{ type: 'visit', at: ago(35) }], [], []).daysSinceInteraction).toBeNull();
  });
});

describe('R1 labels: a first phone or a follow-up in the week after', () => {
  it('is 1 for a phone or a follow-up within 7 days, 0 after that, and no example once converted', () => {
    expect(snapshotLabel(REF, new Date(REF.getTime() + 2 * DAY), [])).toBe(1);
    expect(snapshotLabel(REF, null, [new Date(REF.getTime() + 6 * DAY)])).toBe(1);
    expect(snapshotLabel(REF, null, [new Date(REF.getTime() + 8 * DAY)])).toBe(0);
    expect(snapshotLabel(REF, ago(1), [new Date(REF.getTime() + DAY)])).toBeNull();
  });
});

describe('AUC', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and null without both classes', () => {
    expect(auc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(auc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(auc([0.1, 0.9], [1, 0])).toBe(0);
    expect(auc([0.3, 0.4], [0, 0])).toBeNull();
  });
});

/** Customers whose conversion depends on reading depth as well as recency. */
function syntheticExamples(n: number): Example[] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const examples: Example[] = [];
  for (let i = 0; i < n; i++) {
    const days = Math.floor(random() * 20);
    const minutes = random() * 30;
    const visits = Math.floor(random() * 8);
    const facts = {
      daysSinceInteraction: days,
      visits7: visits,
      interactions30: visits + 1,
      dwellSeconds30: minutes * 60,
      forwards30: 0,
      newCustomers: 0,
      forms30: 0,
      followUps30: 0,
      cardTaps30: 0,
    };
    const chance = 1 / (1 + Math.exp(-(-2 + 1.2 * Math.log1p(minutes) - 0.15 * days)));
    examples.push({ key: `c${i}:7`, x: featureVector(facts), y: random() < chance ? 1 : 0 });
  }
  return examples;
}

describe('the fitted model', () => {
  it('beats ranking by recency alone on held-out customers when depth matters', () => {
    const model = fitRadarModel(syntheticExamples(3000));
    expect(model.source).toBe('fitted');
    expect(model.heldOut).toBeGreaterThan(600);
    expect(model.auc!).toBeGreaterThan(model.baselineAuc! + 0.05);
    // Depth raises the score, staleness lowers it.
    expect(model.weights[2]).toBeGreaterThan(0);
    expect(model.weights[0]).toBeLessThan(0);
  });

  it('falls back to prior weights with too few examples, and says so', () => {
    const model = fitRadarModel(syntheticExamples(20));
    expect(model.source).toBe('prior');
  });

  it('is the same for the same examples in any order', () => {
    const examples = syntheticExamples(500);
    expect(fitRadarModel([...examples].reverse())).toEqual(fitRadarModel(examples));
  });

  it('holds out whole customers: all snapshots of one customer fall on one side', () => {
    for (let i = 0; i < 50; i++) {
      const sides = [7, 10, 14, 17, 21].map((o) => isHeldOut(`cust-${i}:${o}`));
      expect(new Set(sides).size).toBe(1);
    }
  });
});

describe('score and reasons', () => {
  const model = fitRadarModel(syntheticExamples(3000));
  const engaged = {
    daysSinceInteraction: 0,
    visits7: 4,
    interactions30: 6,
    dwellSeconds30: 20 * 60,
    forwards30: 0,
    newCustomers: 0,
    forms30: 0,
    followUps30: 0,
    cardTaps30: 0,
  };
  const stale = { ...engaged, daysSinceInteraction: 18, visits7: 0, dwellSeconds30: 30 };

  it('scores 0-100, the engaged customer above the stale one', () => {
    const high = radarScore(model, featureVector(engaged));
    const low = radarScore(model, featureVector(stale));
    expect(high).toBeGreaterThan(low);
    for (const s of [high, low]) expect(s >= 0 && s <= 100).toBe(true);
  });

  it('names at most three facts behind the score, in words', () => {
    const reasons = radarReasons(model, engaged);
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons.length).toBeLessThanOrEqual(3);
    expect(reasons).toContain('近30天阅读20分钟');
  });
});

describe('R4 churn and the week', () => {
  it('a customer quiet for 7 days after two interactions is a churn risk; one interaction is not', () => {
    const base = {
      visits7: 0,
      dwellSeconds30: 0,
      forwards30: 0,
      newCustomers: 0,
      forms30: 0,
      followUps30: 0,
      cardTaps30: 0,
    };
    expect(isChurnRisk({ ...base, daysSinceInteraction: 7, interactions30: 2 })).toBe(true);
    expect(isChurnRisk({ ...base, daysSinceInteraction: 6, interactions30: 5 })).toBe(false);
    expect(isChurnRisk({ ...base, daysSinceInteraction: 9, interactions30: 1 })).toBe(false);
  });

  it('本周 starts on Monday 00:00 in Shanghai, also late on Sunday UTC', () => {
    // 2026-12-06 is a Sunday; 20:00 UTC is already Monday 04:00 in Shanghai.
    expect(shanghaiWeekStart(new Date('2026-12-06T20:00:00.000Z')).toISOString()).toBe(
      '2026-12-06T16:00:00.000Z',
    );
    expect(shanghaiWeekStart(new Date('2026-12-06T15:00:00.000Z')).toISOString()).toBe(
      '2026-11-29T16:00:00.000Z',
    );
  });
});
