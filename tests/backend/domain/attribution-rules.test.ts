/**
 * The pure attribution rules (cloudfunctions/_shared/attribution/rules.ts), without a database.
 */
import {
  activeWindowStartDay,
  channelSourceLabel,
  checkFormSubmission,
  childAncestors,
  customerStatsDelta,
  DIRECT_LABEL,
  eventId,
  inTaskWindow,
  mayClaimBrought,
  maskMobile,
  networkBeneficiaries,
  SHARE_ID_PATTERN,
  shanghaiDay,
  shareRefusal,
  startsNewSession,
  visitTaskDelta,
  type ShareFacts,
  type TaskFacts,
} from '../../../cloudfunctions/_shared/attribution/rules';

const H = 3600 * 1000;
const t0 = new Date('2026-03-01T00:00:00Z').getTime();
const task: TaskFacts = {
  contentId: 'c1',
  state: 'published',
  startAt: new Date(t0),
  endAt: new Date(t0 + 48 * H),
  publishedAt: new Date(t0 - H),
  cancelledAt: null,
};
const share: ShareFacts = {
  taskId: 't1',
  contentId: 'c1',
  rootEmployeeId: 'lilei',
  sharerType: 'employee',
  sharerId: 'lilei',
  createdAt: new Date(t0 + H),
};
const claimed = new Date(t0);

describe('A1/A2: shareRefusal', () => {
  it('A2: a live share of a claimed task attributes', () => {
    expect(shareRefusal(share, task, claimed, undefined)).toBeNull();
    expect(shareRefusal(share, task, claimed, 'c1')).toBeNull();
  });
  it.each<[string, Parameters<typeof shareRefusal>, string]>([
    ['unknown share', [null, task, claimed, undefined], 'unknown'],
    [
      'unattributable forward',
      [{ ...share, attributable: false }, task, claimed, undefined],
      'not_attributable',
    ],
    ['no task', [share, null, claimed, undefined], 'no_task'],
    ['other content asked', [share, task, claimed, 'c2'], 'content_mismatch'],
    [
      'share of another content than its task',
      [{ ...share, contentId: 'c2' }, task, claimed, undefined],
      'content_mismatch',
    ],
    ['draft task', [share, { ...task, state: 'draft' }, claimed, undefined], 'task_not_live'],
    [
      'minted before start',
      [{ ...share, createdAt: new Date(t0 - 1) }, task, claimed, undefined],
      'task_not_live',
    ],
    [
      'minted at end',
      [{ ...share, createdAt: new Date(t0 + 48 * H) }, task, claimed, undefined],
      'task_not_live',
    ],
    [
      'minted after cancel',
      [share, { ...task, state: 'cancelled', cancelledAt: new Date(t0) }, claimed, undefined],
      'task_not_live',
    ],
    ['never claimed', [share, task, null, undefined], 'not_claimed'],
    ['claimed after minting', [share, task, new Date(t0 + 2 * H), undefined], 'not_claimed'],
  ])('A2: %s attributes nothing', (_label, args, reason) => {
    expect(shareRefusal(...args)).toBe(reason);
  });
  it('A2: a share minted before a later cancel still attributes', () => {
    expect(
      shareRefusal(
        share,
        { ...task, state: 'cancelled', cancelledAt: new Date(t0 + 2 * H) },
        claimed,
        undefined,
      ),
    ).toBeNull();
  });
  it('A1: share ids are 12 base62 characters, nothing else is looked up', () => {
    expect(SHARE_ID_PATTERN.test('aZ09aZ09aZ09')).toBe(true);
    for (const bad of ['', 'short', 'aZ09aZ09aZ09x', 'aZ09aZ09aZ0-', '{"$ne":null}'])
      expect(SHARE_ID_PATTERN.test(bad)).toBe(false);
  });
});

describe('T6: inTaskWindow', () => {
  it('T6: start <= at < end', () => {
    expect(inTaskWindow(task, new Date(t0 - 1))).toBe(false);
    expect(inTaskWindow(task, new Date(t0))).toBe(true);
    expect(inTaskWindow(task, new Date(t0 + 48 * H - 1))).toBe(true);
    expect(inTaskWindow(task, new Date(t0 + 48 * H))).toBe(false);
  });
});

describe('A11: sessions', () => {
  it('A11: a new page view only 30 minutes or more after the session started', () => {
    const start = new Date(t0);
    expect(startsNewSession(null, start)).toBe(true);
    expect(startsNewSession(start, new Date(t0 + 29 * 60 * 1000))).toBe(false);
    expect(startsNewSession(start, new Date(t0 + 30 * 60 * 1000))).toBe(true);
  });
});

describe('C2: Shanghai days', () => {
  it('C2: days are Asia/Shanghai calendar days', () => {
    expect(shanghaiDay(new Date('2026-03-01T15:59:59Z'))).toBe('20260301');
    expect(shanghaiDay(new Date('2026-03-01T16:00:00Z'))).toBe('20260302');
  });
  it('C2: the 30-day window is today and the 29 days before', () => {
    expect(activeWindowStartDay(new Date('2026-03-30T04:00:00Z'))).toBe('20260301');
  });
});

describe('A9: event ids', () => {
  it('A9: scoped by type and caller, so retries collide and different callers never do', () => {
    expect(eventId('visit', 'o1', 'e1')).toBe(eventId('visit', 'o1', 'e1'));
    expect(eventId('visit', 'o1', 'e1')).not.toBe(eventId('visit', 'o2', 'e1'));
    expect(eventId('visit', 'o1', 'e1')).not.toBe(eventId('form', 'o1', 'e1'));
    expect(eventId('visit', null, 'e1')).toBe('visit:anonymous:e1');
  });
});

describe('C1: which counters an event moves', () => {
  it('C1: visits (per page view), forwards, forms and card taps are interactions; dwell is not', () => {
    expect(customerStatsDelta('visit', true)).toMatchObject({ interactions: 1, visits: 1 });
    expect(customerStatsDelta('visit', false).interactions).toBe(0);
    expect(customerStatsDelta('forward', false)).toMatchObject({ interactions: 1, forwards: 1 });
    expect(customerStatsDelta('form', false)).toMatchObject({ interactions: 1, forms: 1 });
    expect(customerStatsDelta('card_call', false)).toMatchObject({ interactions: 1, cardTaps: 1 });
    expect(customerStatsDelta('card_add_contact', false)).toMatchObject({
      interactions: 1,
      cardTaps: 1,
    });
    expect(customerStatsDelta('dwell', false).interactions).toBe(0);
  });
  it('T4: a visit moves views, visitors and new customers as it says', () => {
    expect(visitTaskDelta({ newPageView: true, newVisitor: true, brought: true })).toEqual({
      views: 1,
      visitors: 1,
      newCustomers: 1,
    });
    expect(visitTaskDelta({ newPageView: false, newVisitor: false, brought: false })).toEqual({
      views: 0,
      visitors: 0,
      newCustomers: 0,
    });
  });
});

describe('A6: who may claim a brought customer', () => {
  const base = {
    attributed: true,
    customerCreated: false,
    relationCreated: false,
    existingOriginIsDirect: null,
  };
  it('A6: the open that created the customer through a share', () => {
    expect(mayClaimBrought({ ...base, customerCreated: true })).toBe(true);
    expect(mayClaimBrought({ ...base, attributed: false, customerCreated: true })).toBe(false);
  });
  it('A6: a new relation claims only when the first touch was direct', () => {
    expect(mayClaimBrought({ ...base, relationCreated: true, existingOriginIsDirect: true })).toBe(
      true,
    );
    expect(mayClaimBrought({ ...base, relationCreated: true, existingOriginIsDirect: false })).toBe(
      false,
    );
    expect(mayClaimBrought({ ...base, existingOriginIsDirect: true })).toBe(false);
  });
});

describe('A7/C3: chains and networks', () => {
  it('C3: employee -> C1 -> C2 -> C3: C1 gains from C2 and C3, C2 from C3', () => {
    const f1 = childAncestors(undefined, 'C1');
    const f2 = childAncestors(f1, 'C2');
    expect(f2).toEqual(['C1', 'C2']);
    const gains: Record<string, number> = {};
    for (const [ancestors, newcomer] of [
      [[], 'C1'],
      [f1, 'C2'],
      [f2, 'C3'],
    ] as const)
      for (const id of networkBeneficiaries(ancestors, newcomer)) gains[id] = (gains[id] ?? 0) + 1;
    expect(gains).toEqual({ C1: 2, C2: 1 });
  });
  it('C3: a customer is never in their own network, and a loop counts once', () => {
    expect(networkBeneficiaries(['C1', 'C2'], 'C1')).toEqual(['C2']);
    expect(childAncestors(['C1', 'C2'], 'C1')).toEqual(['C2', 'C1']);
  });
});

describe('A8: channel source', () => {
  it('A8: 非客户/直接访问 for a direct first touch or a source outside the archive', () => {
    expect(channelSourceLabel(null, false)).toBe(DIRECT_LABEL);
    expect(channelSourceLabel({ channel: 'forward', parentCustomerId: 'C1' }, false)).toBe(
      DIRECT_LABEL,
    );
    expect(channelSourceLabel({ channel: 'forward', parentCustomerId: 'C1' }, true)).toBe(
      '客户转发',
    );
    expect(channelSourceLabel({ channel: 'poster', parentCustomerId: null }, false)).toBe('海报');
  });
});

describe('C6: form submissions', () => {
  const fields = [
    { key: 'name', label: '姓名', type: 'text' as const, required: true },
    { key: 'phone', label: '手机号', type: 'phone' as const, required: true },
    { key: 'city', label: '城市', type: 'select' as const, required: false, options: ['北京'] },
  ];
  it('C6: consent first', () => {
    expect(checkFormSubmission(fields, { name: 'a', phone: '13912345678' }, false)).toEqual({
      problem: { code: 'CONSENT_REQUIRED' },
    });
  });
  it('C6: mainland mobiles only', () => {
    for (const phone of ['13912345678', '19912345678', ' 15012345678 '])
      expect(checkFormSubmission(fields, { name: 'a', phone }, true)).toMatchObject({
        phone: phone.trim(),
      });
    for (const phone of [
      '12912345678',
      '1391234567',
      '139123456789',
      '+8613912345678',
      '1391234567a',
    ])
      expect(checkFormSubmission(fields, { name: 'a', phone }, true)).toEqual({
        problem: { code: 'PHONE_INVALID', label: '手机号' },
      });
  });
  it("C6: keeps only the form's own keys and checks required fields and options", () => {
    expect(
      checkFormSubmission(fields, { name: ' a ', phone: '13912345678', x: 'y' }, true),
    ).toEqual({
      values: { name: 'a', phone: '13912345678' },
      phone: '13912345678',
    });
    expect(checkFormSubmission(fields, { phone: '13912345678' }, true)).toEqual({
      problem: { code: 'FORM_FIELD_REQUIRED', label: '姓名' },
    });
    expect(
      checkFormSubmission(fields, { name: 'a', phone: '13912345678', city: '上海' }, true),
    ).toEqual({
      problem: { code: 'FORM_OPTION_INVALID', label: '城市' },
    });
  });
  it('M1: masks a mobile', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('')).toBe('');
  });
});
