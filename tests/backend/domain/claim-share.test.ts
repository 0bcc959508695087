/** T3, A2, T5, T6, A1, A12 rules of the employee side in plain TypeScript. */
import {
  bindScene,
  BIND_TOKEN_LENGTH,
  completedGoals,
  goalProgress,
  randomBase62,
  sharePath,
  whyNotClaimable,
  whyNotShareable,
  type Goal,
  type TaskWindow,
} from '../../../cloudfunctions/_shared/domain/claim-share';

const HOUR = 3600 * 1000;
const now = new Date('2024-11-20T02:00:00.000Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);
const task = (overrides: Partial<TaskWindow> = {}): TaskWindow => ({
  state: 'published',
  startAt: at(-24),
  endAt: at(24),
  ...overrides,
});

describe('T3: whyNotClaimable', () => {
  it('a published task can be claimed from publish until its end, before its start too', () => {
    expect(whyNotClaimable(task(), now)).toBeNull();
    expect(whyNotClaimable(task({ startAt: at(2), endAt: at(48) }), now)).toBeNull();
    expect(whyNotClaimable(task({ endAt: at(0.001) }), now)).toBeNull();
  });

  it('not at or after its end, not when cancelled, not as a draft', () => {
    expect(whyNotClaimable(task({ endAt: now }), now)).toEqual({
      code: 'TASK_NOT_CLAIMABLE',
      message: '任务已结束，不能再领取',
    });
    expect(whyNotClaimable(task({ state: 'cancelled' }), now)?.message).toBe(
      '任务已取消，不能领取',
    );
    expect(whyNotClaimable(task({ state: 'draft' }), now)?.code).toBe('TASK_NOT_CLAIMABLE');
  });
});

describe('A2: whyNotShareable', () => {
  const claimed = at(-1);
  it('claimed, published and in progress: allowed', () => {
    expect(whyNotShareable(task(), claimed, now)).toBeNull();
    expect(whyNotShareable(task({ startAt: now }), claimed, now)).toBeNull();
  });

  it.each([
    ['not claimed', task(), null, 'TASK_NOT_CLAIMED', '请先领取任务再分享'],
    [
      'before start',
      task({ startAt: at(1) }),
      claimed,
      'TASK_NOT_SHAREABLE',
      '任务尚未开始，开始后才能分享',
    ],
    ['at its end', task({ endAt: now }), claimed, 'TASK_NOT_SHAREABLE', '任务已结束，不能再分享'],
    [
      'cancelled',
      task({ state: 'cancelled' }),
      claimed,
      'TASK_NOT_SHAREABLE',
      '任务已取消，不能分享',
    ],
    [
      'ended and never claimed',
      task({ endAt: at(-1) }),
      null,
      'TASK_NOT_SHAREABLE',
      '任务已结束，不能再分享',
    ],
  ])('%s: refused', (_name, window, claimedAt, code, message) => {
    expect(whyNotShareable(window, claimedAt, now)).toEqual({ code, message });
  });
});

describe('T5/T6: goal progress from the counters', () => {
  const goals: Goal[] = [
    { id: 'g1', kind: 'shares', target: 5, points: 10 },
    { id: 'g2', kind: 'newCustomers', target: 3, points: 30 },
    { id: 'g3', kind: 'leads', target: 1, points: 50 },
  ];

  it('value counts since creation, inWindowValue inside the window; reached by the former', () => {
    const progress = goalProgress(goals, {
      total: { shares: 6, newCustomers: 2, views: 40 },
      inWindow: { shares: 4, newCustomers: 2 },
    });
    expect(progress).toEqual([
      { ...goals[0], value: 6, inWindowValue: 4, reached: true, credited: false },
      { ...goals[1], value: 2, inWindowValue: 2, reached: false, credited: false },
      { ...goals[2], value: 0, inWindowValue: 0, reached: false, credited: false },
    ]);
    expect(completedGoals(progress)).toBe(1);
  });

  it('no stats yet: every goal at 0, none reached', () => {
    const progress = goalProgress(goals, null);
    expect(progress.map((g) => [g.value, g.inWindowValue, g.reached])).toEqual([
      [0, 0, false],
      [0, 0, false],
      [0, 0, false],
    ]);
    expect(completedGoals(progress)).toBe(0);
  });

  it('garbage counters read as 0', () => {
    const progress = goalProgress(goals.slice(0, 1), {
      total: { shares: Number.NaN },
      inWindow: { shares: -3 },
    });
    expect(progress[0]).toMatchObject({ value: 0, inWindowValue: 0 });
  });
});

describe('A1/A12: random ids and scenes', () => {
  it('randomBase62 gives exactly that many base62 characters, different every time', () => {
    const ids = Array.from({ length: 2000 }, () => randomBase62(12));
    expect(ids.every((id) => /^[0-9A-Za-z]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every base62 character shows up (no alphabet bias to zero)', () => {
    const seen = new Set(randomBase62(5000));
    expect(seen.size).toBe(62);
  });

  it('a bind scene fits a mini-program code (<= 32) and a share path carries the id as s', () => {
    const scene = bindScene(randomBase62(BIND_TOKEN_LENGTH));
    expect(scene).toMatch(/^b_[0-9A-Za-z]{22}$/);
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(sharePath('abcDEF123456')).toBe('pages/content/index?s=abcDEF123456');
  });
});
