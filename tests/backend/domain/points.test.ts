/**
 * The points rules alone (docs/points.md): the window edges of a credit to the millisecond
 * (T6), through the same replay the rebuild and the engine share; the redemption window (P2,
 * P4); ranks (T7, P6); months in Asia/Shanghai. No database.
 */
import { rebuildDerived } from '../../../cloudfunctions/_shared/attribution/rebuild';
import {
  compareStandings,
  goalsToCredit,
  newVerificationCode,
  ranksOf,
  redeemBlock,
  redeemWindow,
  shanghaiMonth,
} from '../../../cloudfunctions/_shared/domain/points';

const START = new Date('2026-12-01T01:00:00.000Z'); // 09:00 in Shanghai
const END = new Date('2026-12-15T15:59:59.000Z');
const task = {
  _id: 't1',
  startAt: START,
  endAt: END,
  goals: [{ id: 'g1', kind: 'shares' as const, target: 1, points: 10 }],
};

function employeeShare(id: string, employeeId: string, createdAt: Date) {
  return {
    _id: id,
    taskId: 't1',
    contentId: 'c1',
    rootEmployeeId: employeeId,
    sharerType: 'employee' as const,
    sharerId: employeeId,
    parentShareId: null,
    depth: 0,
    channel: 'wechat_chat' as const,
    createdAt,
  };
}

/** The ledger the rebuild (the engine's own rules) gives one share by `employeeId` at `at`. */
function ledgerOfOneShareAt(at: Date) {
  return rebuildDerived({
    tasks: [task],
    shares: [employeeShare('s1', 'lilei', at)],
    events: [],
  }).pointsLedger;
}

describe('T6: only events inside the window (start <= t < end) credit points', () => {
  it('T6: a share at the start credits', () => {
    expect(ledgerOfOneShareAt(START)).toEqual([
      expect.objectContaining({ _id: 'credit:t1:lilei:g1', points: 10, at: START }),
    ]);
  });

  it('T6: a share 1 ms before the start does not credit', () => {
    expect(ledgerOfOneShareAt(new Date(START.getTime() - 1))).toEqual([]);
  });

  it('T6: a share at end - 1 ms credits', () => {
    expect(ledgerOfOneShareAt(new Date(END.getTime() - 1))).toHaveLength(1);
  });

  it('T6: a share at the end does not credit', () => {
    expect(ledgerOfOneShareAt(END)).toEqual([]);
  });

  it('T6: a customer visit at end - 1 ms counts toward a views goal; one at end does not', () => {
    const viewsTask = {
      ...task,
      goals: [{ id: 'g1', kind: 'views' as const, target: 1, points: 5 }],
    };
    const visit = (customerId: string, at: Date) => ({
      _id: `visit:${customerId}:e1`,
      type: 'visit' as const,
      customerId,
      contentId: 'c1',
      taskId: 't1',
      shareId: 's1',
      rootEmployeeId: 'lilei',
      channel: 'wechat_chat' as const,
      parentCustomerId: null,
      at,
      data: {},
    });
    const run = (at: Date) =>
      rebuildDerived({
        tasks: [viewsTask],
        shares: [employeeShare('s1', 'lilei', START)],
        events: [visit('cust-1', at)],
      }).pointsLedger;
    expect(run(new Date(END.getTime() - 1))).toHaveLength(1);
    expect(run(END)).toEqual([]);
  });

  it('T6: a goal over its target is credited once; the entry is at the event that reached it', () => {
    const shares = [1, 2, 3].map((i) =>
      employeeShare(`s${i}`, 'lilei', new Date(START.getTime() + i * 60_000)),
    );
    const twoNeeded = {
      ...task,
      goals: [{ id: 'g1', kind: 'shares' as const, target: 2, points: 10 }],
    };
    const { pointsLedger, pointsBalances } = rebuildDerived({
      tasks: [twoNeeded],
      shares,
      events: [],
    });
    expect(pointsLedger).toEqual([
      expect.objectContaining({ _id: 'credit:t1:lilei:g1', at: shares[1].createdAt }),
    ]);
    expect(pointsBalances).toEqual([
      expect.objectContaining({ credited: 10, balance: 10, creditedGoals: ['g1'] }),
    ]);
  });

  it('T6: goalsToCredit skips credited goals and goals not reached', () => {
    const goals = [
      { id: 'a', kind: 'shares' as const, target: 2, points: 1 },
      { id: 'b', kind: 'views' as const, target: 5, points: 1 },
      { id: 'c', kind: 'shares' as const, target: 1, points: 1 },
    ];
    expect(goalsToCredit(goals, { shares: 2, views: 4 }, new Set(['c'])).map((g) => g.id)).toEqual([
      'a',
    ]);
  });
});

describe('P2/P4: the redemption window', () => {
  const t = {
    state: 'published',
    endAt: END,
    redeemDeadline: new Date(END.getTime() + 7 * 86_400_000),
  };
  it('P2: before the end it is not open; at the end it opens', () => {
    expect(redeemWindow(t, new Date(END.getTime() - 1))).toBe('notEnded');
    expect(redeemWindow(t, END)).toBe('open');
  });
  it('P4: at the deadline it is closed; a cancelled task never opens', () => {
    expect(redeemWindow(t, new Date(t.redeemDeadline.getTime() - 1))).toBe('open');
    expect(redeemWindow(t, t.redeemDeadline)).toBe('closed');
    expect(redeemWindow({ ...t, state: 'cancelled' }, END)).toBe('cancelled');
  });
  it('P2: limit, then stock, then balance decide what blocks a benefit', () => {
    const base = {
      window: 'open' as const,
      balance: 5,
      cost: 10,
      stockLeft: 0,
      redeemedByMe: 1,
      perEmployeeLimit: 1,
    };
    expect(redeemBlock(base)).toBe('limitReached');
    expect(redeemBlock({ ...base, redeemedByMe: 0 })).toBe('outOfStock');
    expect(redeemBlock({ ...base, redeemedByMe: 0, stockLeft: 1 })).toBe('insufficientPoints');
    expect(redeemBlock({ ...base, redeemedByMe: 0, stockLeft: 1, balance: 10 })).toBeNull();
  });
});

describe('T7/P6: ranks and months', () => {
  it('T7: higher value first, then who reached it first; no score shares the last rank', () => {
    const standings = [
      { employeeId: 'b', value: 10, reachedAt: new Date(2000) },
      { employeeId: 'z', value: 0, reachedAt: null },
      { employeeId: 'a', value: 10, reachedAt: new Date(1000) },
      { employeeId: 'c', value: 30, reachedAt: new Date(3000) },
      { employeeId: 'y', value: 0, reachedAt: null },
    ].sort(compareStandings);
    expect(standings.map((s) => s.employeeId)).toEqual(['c', 'a', 'b', 'y', 'z']);
    expect(ranksOf(standings)).toEqual([1, 2, 3, 4, 4]);
  });

  it('P6: this month is the Shanghai month (midnight of the 1st, UTC+8)', () => {
    expect(shanghaiMonth(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11');
    expect(shanghaiMonth(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12');
    expect(shanghaiMonth(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01');
  });

  it('P5: a verification code is 8 unambiguous characters', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newVerificationCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });
});
