/**
 * Thirty days of attribution data: shares, customers and events.
 *
 * A small simulation rather than independent random rows, so that the data obeys the
 * product rules by construction:
 *   1. Employees who claimed a started task share it a few times (their habit decides how
 *      often) on a channel, during office hours, inside the task window (A2).
 *   2. Each share is opened by new people (a customer's journey starts) and by some of the
 *      employee's existing customers (A5: one person can belong to several employees).
 *   3. Every open is a visit, usually followed by a dwell; attributed visits may lead to a
 *      business-card tap, a form with a phone number, or a forward, which mints a child share
 *      (A7) that is opened in turn, down to depth 3.
 *   4. A few people arrive with no share at all (direct visitors, A8).
 * Customer ids and event ids are settled at the end, in time order. The documents follow the
 * attribution engine's contract (docs/attribution.md): event `_id` = `${type}:${OPENID}:${clientEventId}`
 * (A9), a forward records its child share and whether it passes attribution on, a form its phone,
 * a dwell its `dwellMs`. Origins and archive flags written here are those of the first touch
 * (A4); local/seed/demo.ts replaces every derived field and collection with what
 * `rebuildDerived` (cloudfunctions/_shared/attribution/rebuild.ts) replays from these events.
 */
import { eventId } from '../../cloudfunctions/_shared/attribution/rules';
import { DAY, HOUR, MINUTE, SECOND, type RhythmSampler } from './clock';
import { CITY_OPTIONS } from './content';
import type {
  ContentDoc,
  CustomerDoc,
  CustomerOrigin,
  EventDoc,
  EventType,
  FormDoc,
  ShareChannel,
  ShareDoc,
  TaskAssigneeDoc,
  TaskDoc,
} from './documents';
import type { SharingHabit } from './org';
import { nicknameFor, type Person } from './people';
import type { Random } from './random';

/** How far a forwarding chain may go: employee share (0) -> forward (1) -> (2) -> (3). */
export const MAX_FORWARD_DEPTH = 3;
/** Revisits come later than one session (A11: opens within 30 minutes are one page view). */
const REVISIT_GAP = 40 * MINUTE;

type Engagement = 'cold' | 'warm' | 'hot' | 'kol';

/** How a kind of customer behaves; `kol` are the few 高传播 customers (R3). */
interface Behaviour {
  extraVisits: [number, number];
  dwellSeconds: [number, number];
  /** Per visit: chance of a business-card tap, a form (once per form), a forward. */
  card: number;
  form: number;
  forward: number;
}

// prettier-ignore
const BEHAVIOUR: Record<Engagement, Behaviour> = {
  cold: { extraVisits: [1, 6], dwellSeconds: [3, 45], card: 0.01, form: 0.02, forward: 0.012 },
  warm: { extraVisits: [8, 20], dwellSeconds: [15, 180], card: 0.04, form: 0.06, forward: 0.03 },
  hot:  { extraVisits: [18, 50], dwellSeconds: [30, 420], card: 0.08, form: 0.2, forward: 0.06 },
  kol:  { extraVisits: [14, 32], dwellSeconds: [20, 240], card: 0.05, form: 0.1, forward: 0.4 },
};

/**
 * The audience mix per 50 new people, dealt like a shuffled deck rather than drawn one by
 * one: a KOL brings dozens of people, so letting their number drift would make the size
 * of the demo swing from seed to seed.
 */
const ENGAGEMENT_DECK: Record<Engagement, number> = { cold: 27, warm: 16, hot: 6, kol: 1 };

const EMPLOYEE_CHANNELS = [
  ['wechat_chat', 0.35],
  ['wecom_chat', 0.25],
  ['wecom_moments', 0.25],
  ['poster', 0.15],
] as const;

/** How many new people one share brings: Moments reach further than a one-to-one chat. */
// prettier-ignore
const NEW_ARRIVALS: Record<ShareChannel, readonly (readonly [number, number])[]> = {
  wechat_chat:   [[0, 0.2], [1, 0.4], [2, 0.28], [3, 0.12]],
  wecom_chat:    [[0, 0.15], [1, 0.45], [2, 0.28], [3, 0.12]],
  wecom_moments: [[0, 0.05], [1, 0.2], [2, 0.3], [3, 0.25], [4, 0.12], [5, 0.08]],
  poster:        [[0, 0.25], [1, 0.35], [2, 0.22], [3, 0.12], [4, 0.06]],
  forward:       [[0, 0.55], [1, 0.33], [2, 0.1], [3, 0.02]],
};

/** How many people already in the archive open an employee's new share. */
// prettier-ignore
const EXISTING_REACH: Record<ShareChannel, readonly (readonly [number, number])[]> = {
  wechat_chat:   [[0, 0.5], [1, 0.35], [2, 0.15]],
  wecom_chat:    [[0, 0.45], [1, 0.35], [2, 0.2]],
  wecom_moments: [[1, 0.2], [2, 0.25], [3, 0.25], [4, 0.15], [5, 0.1], [6, 0.05]],
  poster:        [[0, 0.6], [1, 0.3], [2, 0.1]],
  forward:       [[0, 1]],
};

/** Weekly share rate per sharing habit (the org plan says who is which). */
const WEEKLY_SHARES: Record<SharingHabit, number> = { star: 3, steady: 1.4, lazy: 0.3 };

/** Mainland mobile prefixes of the three carriers (C6 validates 1[3-9]x). */
const MOBILE_PREFIXES = (
  '138 139 137 136 135 150 151 152 158 159 186 187 188 130 131 132 155 156 185 133 153 180 ' +
  '181 189 177 199'
).split(' ');

interface SimShare {
  id: string;
  task: TaskDoc;
  rootEmployeeId: string;
  sharer: { kind: 'employee'; employeeId: string } | { kind: 'customer'; customer: SimCustomer };
  parent: SimShare | null;
  channel: ShareChannel;
  createdAt: number;
  depth: number;
}

interface SimCustomer {
  seq: number;
  person: Person;
  engagement: Engagement;
  /** City written in forms: the serving team's city when they came through a share. */
  city: string;
  phone: string;
  formsSubmitted: Set<string>;
  sharesForwarded: Set<string>;
  /** Employees this person is a customer of (A5). */
  employeeIds: Set<string>;
  id: string; // final `demo-cust-NNNN`, set when the simulation is settled
}

interface SimEvent {
  seq: number;
  type: EventType;
  customer: SimCustomer;
  contentId: string;
  share: SimShare | null;
  at: number;
  data: Record<string, unknown>;
  /** For a dwell: the visit it measures (its final id is only known at the end). */
  visit?: SimEvent;
  id: string;
}

export interface ActivityInput {
  now: Date;
  random: Random;
  tasks: TaskDoc[];
  assignees: TaskAssigneeDoc[];
  contents: ContentDoc[];
  forms: FormDoc[];
  /** The city of each employee's team ('' for head office). */
  cityOfEmployee: Map<string, string>;
  sharingHabitOf: Map<string, SharingHabit>;
  customerRhythm: RhythmSampler;
  officeHours: RhythmSampler;
}

export interface Activity {
  shares: ShareDoc[];
  customers: CustomerDoc[];
  events: EventDoc[];
}

export function simulateActivity(input: ActivityInput): Activity {
  return new ActivitySimulation(input).run();
}

class ActivitySimulation {
  private readonly now: number;
  private readonly windowStart: number;
  private readonly random: Random;
  private readonly shares: SimShare[] = [];
  private readonly shareIds = new Set<string>();
  private readonly customers: SimCustomer[] = [];
  private readonly events: SimEvent[] = [];
  private readonly phones = new Set<string>();
  private readonly engagementDeck: Engagement[] = [];
  /** Employee -> customers who opened one of their shares (A5), in first-seen order. */
  private readonly customersOf = new Map<string, SimCustomer[]>();
  /** Employee -> the shares they sent themselves. */
  private readonly employeeSharesOf = new Map<string, SimShare[]>();
  private readonly contentById: Map<string, ContentDoc>;
  private readonly formById: Map<string, FormDoc>;

  constructor(private readonly input: ActivityInput) {
    this.now = input.now.getTime();
    this.windowStart = this.now - 30 * DAY;
    this.random = input.random;
    this.contentById = new Map(input.contents.map((c) => [c._id, c]));
    this.formById = new Map(input.forms.map((f) => [f._id, f]));
  }

  run(): Activity {
    this.addDirectVisitors();
    const queue = this.mintEmployeeShares();
    // Forwards append child shares to the queue while it is being walked.
    for (let i = 0; i < queue.length; i++) this.spreadShare(queue[i], queue);
    return this.settle();
  }

  // --- employees share ------------------------------------------------------------------

  private mintEmployeeShares(): SimShare[] {
    const minted: SimShare[] = [];
    for (const task of this.input.tasks) {
      if (task.state !== 'published' || task.startAt.getTime() > this.now) continue;
      for (const row of this.input.assignees) {
        if (row.taskId !== task._id || !row.claimedAt) continue;
        const weeklyRate = WEEKLY_SHARES[this.input.sharingHabitOf.get(row.userId) ?? 'steady'];
        minted.push(...this.sharesOfClaim(task, row.userId, row.claimedAt, weeklyRate));
      }
    }
    return minted.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** A claimant's own shares: only after claiming and inside the task window (A2). */
  private sharesOfClaim(
    task: TaskDoc,
    employeeId: string,
    claimedAt: Date,
    weeklyRate: number,
  ): SimShare[] {
    const from = Math.max(claimedAt.getTime(), task.startAt.getTime());
    const to = Math.min(task.endAt.getTime(), this.now);
    if (to <= from) return [];
    const expected = (weeklyRate * (to - from)) / (7 * DAY);
    const count = Math.floor(expected + this.random.next()); // stochastic rounding
    const shares: SimShare[] = [];
    for (let i = 0; i < count; i++) {
      const share = this.newShare({
        task,
        rootEmployeeId: employeeId,
        sharer: { kind: 'employee', employeeId },
        parent: null,
        channel: this.random.weighted(EMPLOYEE_CHANNELS),
        createdAt: this.input.officeHours.sample(this.random, from, to),
        depth: 0,
      });
      shares.push(share);
      const own = this.employeeSharesOf.get(employeeId) ?? [];
      own.push(share);
      this.employeeSharesOf.set(employeeId, own);
    }
    return shares;
  }

  private newShare(fields: Omit<SimShare, 'id'>): SimShare {
    let id: string;
    // A1: exactly 12 base62 characters (the engine looks up nothing else).
    do id = this.random.alphanumeric(12);
    while (this.shareIds.has(id));
    this.shareIds.add(id);
    const share = { id, ...fields };
    this.shares.push(share);
    return share;
  }

  // --- people open shares -------------------------------------------------------------

  private spreadShare(share: SimShare, queue: SimShare[]): void {
    const sharerIsKol =
      share.sharer.kind === 'customer' && share.sharer.customer.engagement === 'kol';
    const arrivals = sharerIsKol
      ? this.random.int(2, 4)
      : this.random.weighted(NEW_ARRIVALS[share.channel]);
    for (let i = 0; i < arrivals; i++) {
      const at = this.openTimeAfter(share.createdAt);
      if (at !== null) this.startJourney(share, at, queue);
    }
    if (share.sharer.kind === 'employee') this.reachExistingCustomers(share, queue);
  }

  /**
   * Some of the employee's customers (and now and then someone else's) open the new share:
   * a Moments post is seen by many of them, a chat or a poster by a few.
   */
  private reachExistingCustomers(share: SimShare, queue: SimShare[]): void {
    const count = this.random.weighted(EXISTING_REACH[share.channel]);
    const own = this.customersOf.get(share.rootEmployeeId) ?? [];
    for (let i = 0; i < count; i++) {
      const pool = own.length > 0 && this.random.chance(0.75) ? own : this.customers;
      if (pool.length === 0) return;
      const at = this.openTimeAfter(share.createdAt);
      if (at !== null)
        this.recordVisit(this.random.pick(pool), share, share.task.contentId, at, queue);
    }
  }

  /** When someone opens a share: mostly within hours, some days later, never after `now`. */
  private openTimeAfter(createdAt: number): number | null {
    const horizon = this.random.weighted([
      [2 * HOUR, 0.45],
      [DAY, 0.3],
      [4 * DAY, 0.18],
      [10 * DAY, 0.07],
    ] as const);
    return this.happenedBetween(createdAt + MINUTE, createdAt + horizon);
  }

  /**
   * An instant in [from, to] with the audience's rhythm, or null when the draw falls after
   * `now` (it has not happened yet). Dropping, rather than squeezing the draw into the time
   * left, keeps the last days before `now` from piling up with everybody's activity.
   */
  private happenedBetween(from: number, to: number): number | null {
    if (from >= this.now) return null;
    if (to > this.now && !this.random.chance((this.now - from) / (to - from))) return null;
    return this.input.customerRhythm.sample(this.random, from, Math.min(to, this.now));
  }

  /** A new person: the first visit, then the revisits their engagement calls for. */
  private startJourney(firstShare: SimShare | null, firstAt: number, queue: SimShare[]): void {
    const customer = this.newCustomer(firstShare);
    const firstContentId = firstShare ? firstShare.task.contentId : this.anyContentAt(firstAt);
    this.recordVisit(customer, firstShare, firstContentId, firstAt, queue);

    const [min, max] = BEHAVIOUR[customer.engagement].extraVisits;
    const revisits = this.random.int(min, max);
    const horizon = this.random.weighted([
      [3 * DAY, 0.3],
      [10 * DAY, 0.4],
      [30 * DAY, 0.3],
    ] as const);
    for (let i = 0; i < revisits; i++) {
      const at = this.happenedBetween(firstAt + REVISIT_GAP, firstAt + horizon);
      if (at === null) continue;
      const { share, contentId } = this.revisitSource(firstShare, firstContentId, at);
      this.recordVisit(customer, share, contentId, at, queue);
    }
  }

  /**
   * Where a revisit comes from: the same card again, the mini-program's recent list (a direct
   * open, attributing nothing), or another share the same employee had sent by then.
   */
  private revisitSource(
    firstShare: SimShare | null,
    firstContentId: string,
    at: number,
  ): { share: SimShare | null; contentId: string } {
    const direct = () => ({
      share: null,
      contentId: this.random.chance(0.7) ? firstContentId : this.anyContentAt(at),
    });
    if (!firstShare) return direct();
    const source = this.random.weighted([
      ['same', 0.6],
      ['direct', 0.25],
      ['other', 0.15],
    ] as const);
    if (source === 'direct') return direct();
    if (source === 'other') {
      const sentBefore = (this.employeeSharesOf.get(firstShare.rootEmployeeId) ?? []).filter(
        (s) => s.createdAt < at && s !== firstShare,
      );
      if (sentBefore.length > 0) {
        const share = this.random.pick(sentBefore);
        return { share, contentId: share.task.contentId };
      }
    }
    return { share: firstShare, contentId: firstContentId };
  }

  /** Any article that was already published at `at` (direct opens find it by search). */
  private anyContentAt(at: number): string {
    const available = this.input.contents.filter((c) => c.createdAt.getTime() <= at);
    return this.random.pick(available.length > 0 ? available : this.input.contents)._id;
  }

  /** People who open content with no share at all: from search, the brand's account, etc. */
  private addDirectVisitors(): void {
    const count = this.random.int(35, 50);
    for (let i = 0; i < count; i++) {
      const at = this.input.customerRhythm.sample(this.random, this.windowStart + HOUR, this.now);
      this.startJourney(null, at, []);
    }
  }

  private newCustomer(firstShare: SimShare | null): SimCustomer {
    const teamCity = firstShare ? this.input.cityOfEmployee.get(firstShare.rootEmployeeId) : '';
    const customer: SimCustomer = {
      seq: this.customers.length,
      person: nicknameFor(this.random),
      engagement: this.nextEngagement(),
      city: teamCity || this.random.pick(CITY_OPTIONS),
      phone: this.newPhone(),
      formsSubmitted: new Set(),
      sharesForwarded: new Set(),
      employeeIds: new Set(),
      id: '',
    };
    this.customers.push(customer);
    return customer;
  }

  private nextEngagement(): Engagement {
    if (this.engagementDeck.length === 0) {
      const deck = (Object.keys(ENGAGEMENT_DECK) as Engagement[]).flatMap((kind) =>
        Array<Engagement>(ENGAGEMENT_DECK[kind]).fill(kind),
      );
      this.engagementDeck.push(...this.random.shuffle(deck));
    }
    return this.engagementDeck.pop()!;
  }

  private newPhone(): string {
    let phone: string;
    do phone = this.random.pick(MOBILE_PREFIXES) + this.random.digits(8);
    while (this.phones.has(phone));
    this.phones.add(phone);
    return phone;
  }

  // --- one visit and what follows it ----------------------------------------------------

  private recordVisit(
    customer: SimCustomer,
    share: SimShare | null,
    contentId: string,
    at: number,
    queue: SimShare[],
  ): void {
    const visit = this.addEvent('visit', customer, contentId, share, at, {});
    if (!visit) return;
    if (share) this.relate(customer, share.rootEmployeeId);
    const behaviour = BEHAVIOUR[customer.engagement];
    this.maybeDwell(visit, behaviour);
    // The business card only shows on pages opened through an employee's share (M1).
    if (share && this.random.chance(behaviour.card)) this.tapCard(visit);
    this.maybeSubmitForm(visit, behaviour);
    if (share && this.random.chance(this.forwardChance(customer, share, behaviour))) {
      this.forward(customer, share, contentId, at + this.random.int(20, 300) * SECOND, queue);
    }
  }

  /** Most visits report how long the page stayed open (log-uniform: many short, a few long). */
  private maybeDwell(visit: SimEvent, behaviour: Behaviour): void {
    if (!this.random.chance(0.92)) return;
    const [min, max] = behaviour.dwellSeconds;
    const seconds = Math.round(Math.exp(this.random.between(Math.log(min), Math.log(max))));
    const at = visit.at + seconds * SECOND;
    const dwell = this.addEvent('dwell', visit.customer, visit.contentId, visit.share, at, {
      dwellMs: seconds * SECOND,
    });
    if (dwell) dwell.visit = visit;
  }

  private tapCard(visit: SimEvent): void {
    const type = this.random.chance(0.4) ? 'card_call' : 'card_add_contact';
    const at = visit.at + this.random.int(15, 90) * SECOND;
    this.addEvent(type, visit.customer, visit.contentId, visit.share, at, {});
  }

  /** A lead (T4 leads, R2): each person fills a given form at most once. */
  private maybeSubmitForm(visit: SimEvent, behaviour: Behaviour): void {
    const customer = visit.customer;
    const formId = this.contentById.get(visit.contentId)?.formId ?? null;
    if (!formId || customer.formsSubmitted.has(formId) || !this.random.chance(behaviour.form)) {
      return;
    }
    const at = visit.at + this.random.int(40, 240) * SECOND;
    const fields = this.formAnswers(customer, formId);
    const phoneKey = this.formById.get(formId)?.fields.find((f) => f.type === 'phone')?.key;
    const phone = (phoneKey && fields[phoneKey]) || null;
    const data = { formId, fields, consent: true, phone };
    if (this.addEvent('form', customer, visit.contentId, visit.share, at, data)) {
      customer.formsSubmitted.add(formId);
    }
  }

  /**
   * Each person forwards a given share at most once, and not below depth 3. People reached
   * through a forward move in circles that forward (homophily), so the further down a chain
   * someone arrived, the likelier they pass it on.
   */
  private forwardChance(customer: SimCustomer, share: SimShare, behaviour: Behaviour): number {
    if (share.depth >= MAX_FORWARD_DEPTH || customer.sharesForwarded.has(share.id)) return 0;
    return Math.min(1, behaviour.forward * (1 + 2 * share.depth));
  }

  /** A forward mints a child share with the same task and root employee (A7). */
  private forward(
    customer: SimCustomer,
    share: SimShare,
    contentId: string,
    at: number,
    queue: SimShare[],
  ): void {
    if (at > this.now) return;
    customer.sharesForwarded.add(share.id);
    const child = this.newShare({
      task: share.task,
      rootEmployeeId: share.rootEmployeeId,
      sharer: { kind: 'customer', customer },
      parent: share,
      channel: 'forward',
      createdAt: at,
      depth: share.depth + 1,
    });
    // The forwarder just opened `share`, so they are in the root employee's archive: the
    // child share attributes (A8) and the forward counts (T4).
    this.addEvent('forward', customer, contentId, share, at, {
      childShareId: child.id,
      parentShareId: share.id,
      attributes: true,
    });
    queue.push(child);
  }

  private formAnswers(customer: SimCustomer, formId: string): Record<string, string> {
    const answers: Record<string, string> = {};
    for (const field of this.formById.get(formId)?.fields ?? []) {
      if (field.key === 'name') answers.name = customer.person.formName;
      else if (field.type === 'phone') answers[field.key] = customer.phone;
      else if (field.key === 'city') answers.city = customer.city;
      else if (field.options) {
        if (field.required || this.random.chance(0.7))
          answers[field.key] = this.random.pick(field.options);
      } else if (this.random.chance(0.3)) answers[field.key] = this.random.pick(FORM_NOTES);
    }
    return answers;
  }

  private relate(customer: SimCustomer, employeeId: string): void {
    if (customer.employeeIds.has(employeeId)) return;
    customer.employeeIds.add(employeeId);
    const list = this.customersOf.get(employeeId) ?? [];
    list.push(customer);
    this.customersOf.set(employeeId, list);
  }

  /** Appends an event unless it would lie in the future (the visitor is still reading). */
  private addEvent(
    type: EventType,
    customer: SimCustomer,
    contentId: string,
    share: SimShare | null,
    at: number,
    data: Record<string, unknown>,
  ): SimEvent | null {
    if (at > this.now) return null;
    const event: SimEvent = {
      seq: this.events.length,
      type,
      customer,
      contentId,
      share,
      at,
      data,
      id: '',
    };
    this.events.push(event);
    return event;
  }

  // --- settle ids, origins and documents --------------------------------------------------

  private settle(): Activity {
    const events = [...this.events].sort((a, b) => a.at - b.at || a.seq - b.seq);

    const timeline = new Map<SimCustomer, SimEvent[]>();
    for (const event of events) {
      const list = timeline.get(event.customer) ?? [];
      list.push(event);
      timeline.set(event.customer, list);
    }
    // Customer ids follow first appearance, so `demo-cust-0001` came first.
    const customers = this.customers
      .filter((c) => timeline.has(c))
      .sort((a, b) => timeline.get(a)![0].at - timeline.get(b)![0].at || a.seq - b.seq);
    customers.forEach(
      (customer, i) => (customer.id = `demo-cust-${String(i + 1).padStart(4, '0')}`),
    );
    // A9: `${type}:${OPENID}:${clientEventId}`; client event ids follow time (`evt-000001` is
    // the oldest).
    events.forEach((event, i) => {
      event.id = eventId(event.type, event.customer.id, `evt-${String(i + 1).padStart(6, '0')}`);
    });

    return {
      shares: [...this.shares].sort((a, b) => a.createdAt - b.createdAt).map(toShareDoc),
      customers: customers.map((customer, i) =>
        this.toCustomerDoc(customer, timeline.get(customer)!, i),
      ),
      events: events.map(toEventDoc),
    };
  }

  private toCustomerDoc(customer: SimCustomer, timeline: SimEvent[], index: number): CustomerDoc {
    const first = timeline[0];
    return {
      _id: customer.id,
      // About a quarter of the audience has no unionid (the mini-program is not bound to an
      // open-platform account for them).
      unionid: index % 4 === 3 ? null : `demo-union-${customer.id.slice('demo-cust-'.length)}`,
      nickname: customer.person.nickname,
      avatar: `https://picsum.photos/seed/${customer.id}/132/132`,
      firstSeenAt: new Date(first.at),
      lastActiveAt: new Date(timeline[timeline.length - 1].at),
      origin: originOf(first),
      inArchive: timeline.some((event) => event.share !== null),
    };
  }
}

const FORM_NOTES = [
  '周末方便联系',
  '想先看看效果图',
  '工作日晚上联系',
  '新房明年交付',
  '请先发报价',
];

function parentCustomerOf(share: SimShare | null): SimCustomer | null {
  return share?.sharer.kind === 'customer' ? share.sharer.customer : null;
}

/** A4: the first touch ever; null when it was a direct open. */
function originOf(first: SimEvent): CustomerOrigin | null {
  const share = first.share;
  if (!share) return null;
  return {
    shareId: share.id,
    taskId: share.task._id,
    rootEmployeeId: share.rootEmployeeId,
    channel: share.channel,
    parentCustomerId: parentCustomerOf(share)?.id ?? null,
  };
}

function toShareDoc(share: SimShare): ShareDoc {
  return {
    _id: share.id,
    taskId: share.task._id,
    contentId: share.task.contentId,
    rootEmployeeId: share.rootEmployeeId,
    sharerType: share.sharer.kind,
    sharerId: share.sharer.kind === 'employee' ? share.sharer.employeeId : share.sharer.customer.id,
    parentShareId: share.parent?.id ?? null,
    depth: share.depth,
    channel: share.channel,
    createdAt: new Date(share.createdAt),
  };
}

function toEventDoc(event: SimEvent): EventDoc {
  const share = event.share;
  return {
    _id: event.id,
    type: event.type,
    customerId: event.customer.id,
    contentId: event.contentId,
    taskId: share?.task._id ?? null,
    shareId: share?.id ?? null,
    rootEmployeeId: share?.rootEmployeeId ?? null,
    channel: share?.channel ?? null,
    parentCustomerId: parentCustomerOf(share)?.id ?? null,
    at: new Date(event.at),
    data: event.visit ? { ...event.data, visitEventId: event.visit.id } : { ...event.data },
  };
}
