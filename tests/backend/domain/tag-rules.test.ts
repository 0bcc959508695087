/** C7: the automatic tags a customer's counters give, under default and edited rules (AD5). */
import {
  defaultTagRules,
  evaluateTagRules,
  type CustomerCounters,
} from '../../../cloudfunctions/_shared/domain/tag-rules';

const DAY = 24 * 3600 * 1000;
const now = new Date('2024-11-20T04:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

const quiet: CustomerCounters = {
  visitTimes: [],
  hasPhone: false,
  network: 0,
  lastActiveAt: null,
  topicVisits: {},
};

describe('C7: automatic tags with the default rules', () => {
  const rules = defaultTagRules();

  it('高意向 for 3 visits within 7 days, not for 3 spread over more', () => {
    const recent = {
      ...quiet,
      visitTimes: [daysAgo(1), daysAgo(3), daysAgo(6.9)],
      lastActiveAt: daysAgo(1),
    };
    expect(evaluateTagRules(rules, recent, now)).toEqual(['高意向']);
    const spread = { ...recent, visitTimes: [daysAgo(1), daysAgo(3), daysAgo(7)] };
    expect(evaluateTagRules(rules, spread, now)).toEqual([]);
  });

  it('已留资 after a phone, 高传播 from a network of 5', () => {
    expect(evaluateTagRules(rules, { ...quiet, hasPhone: true, lastActiveAt: now }, now)).toEqual([
      '已留资',
    ]);
    expect(evaluateTagRules(rules, { ...quiet, network: 4, lastActiveAt: now }, now)).toEqual([]);
    expect(evaluateTagRules(rules, { ...quiet, network: 5, lastActiveAt: now }, now)).toEqual([
      '高传播',
    ]);
  });

  it('沉睡 after 7 quiet days, never for someone never active', () => {
    expect(evaluateTagRules(rules, { ...quiet, lastActiveAt: daysAgo(7) }, now)).toEqual(['沉睡']);
    expect(evaluateTagRules(rules, { ...quiet, lastActiveAt: daysAgo(6.9) }, now)).toEqual([]);
    expect(evaluateTagRules(rules, quiet, now)).toEqual([]);
  });

  it("the content's topic tags, rule tags first then topics by name", () => {
    const reader = {
      ...quiet,
      hasPhone: true,
      lastActiveAt: now,
      topicVisits: { 装修攻略: 1, 促销活动: 2 },
    };
    expect(evaluateTagRules(rules, reader, now)).toEqual(['已留资', '促销活动', '装修攻略']);
  });
});

describe('AD5: edited rules', () => {
  it('changed parameters apply and a disabled rule gives nothing', () => {
    const rules = defaultTagRules().map((rule) => {
      if (rule.kind === 'highIntent') return { ...rule, params: { visits: 2, days: 30 } };
      if (rule.kind === 'topic') return { ...rule, params: { visits: 2 } };
      if (rule.kind === 'leadCaptured') return { ...rule, enabled: false };
      return rule;
    });
    const customer = {
      ...quiet,
      visitTimes: [daysAgo(2), daysAgo(20)],
      hasPhone: true,
      lastActiveAt: daysAgo(2),
      topicVisits: { 装修攻略: 1, 促销活动: 2 },
    };
    expect(evaluateTagRules(rules, customer, now)).toEqual(['高意向', '促销活动']);
  });

  it('visits after `now` (clock skew) do not count', () => {
    const customer = {
      ...quiet,
      visitTimes: [now, new Date(now.getTime() + DAY), daysAgo(1)],
      lastActiveAt: now,
    };
    expect(evaluateTagRules(defaultTagRules(), customer, now)).toEqual([]);
  });
});
