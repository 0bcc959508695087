/**
 * The demo enterprise (local/seed/demo.ts): deterministic, complete, and consistent with the
 * product rules, without a database. Run under both TZ=UTC and TZ=Asia/Shanghai: every
 * calendar question below is asked in Asia/Shanghai through dayjs, never the process zone.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { checkCard } from '../../cloudfunctions/_shared/domain/card-rules';
import {
  buildDemoData,
  CONSENT_TEXT,
  DEMO_CORP_ID,
  type BindingDoc,
  type ContentDoc,
  type CustomerDoc,
  type DemoData,
  type DepartmentDoc,
  type EmployeeDoc,
  type EventDoc,
  type FormDoc,
  type ShareDoc,
  type TaskAssigneeDoc,
  type TaskDoc,
} from '../../local/seed/demo';

dayjs.extend(utc);
dayjs.extend(timezone);

const SHANGHAI = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const DAY = 24 * 60 * 60 * 1000;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const EMPLOYEE_CHANNELS = ['wechat_chat', 'wecom_chat', 'wecom_moments', 'poster'];

interface Collections {
  departments: DepartmentDoc[];
  employees: EmployeeDoc[];
  bindings: BindingDoc[];
  contents: ContentDoc[];
  forms: FormDoc[];
  tasks: TaskDoc[];
  taskAssignees: TaskAssigneeDoc[];
  shares: ShareDoc[];
  customers: CustomerDoc[];
  events: EventDoc[];
}

function collectionsOf(data: DemoData): Collections {
  return data.collections as unknown as Collections;
}

type DisplayStatus = 'draft' | 'upcoming' | 'active' | 'ended' | 'cancelled';

/** T1, derived here independently of the seed code. */
function statusOf(task: TaskDoc, now: Date): DisplayStatus {
  if (task.state === 'draft') return 'draft';
  if (task.state === 'cancelled') return 'cancelled';
  if (now < task.startAt) return 'upcoming';
  if (now < task.endAt) return 'active';
  return 'ended';
}

function byId<T extends { _id: string }>(docs: T[]): Map<string, T> {
  return new Map(docs.map((doc) => [doc._id, doc]));
}

/** What an event (or a customer's origin) attributes, in the shape of `customers.origin`. */
function attributionOf(event: EventDoc) {
  if (!event.shareId) return null;
  return {
    shareId: event.shareId,
    taskId: event.taskId,
    rootEmployeeId: event.rootEmployeeId,
    channel: event.channel,
    parentCustomerId: event.parentCustomerId,
  };
}

/** Active employees reached by a task: assigned departments and everything below, plus users. */
function expectedAssignees(task: TaskDoc, c: Collections): string[] {
  const reached = new Set(
    c.departments
      .filter((d) => d.path.some((id) => task.assignment.departmentIds.includes(id)))
      .map((d) => d._id),
  );
  return c.employees
    .filter(
      (e) =>
        e.status === 'active' &&
        (task.assignment.userIds.includes(e._id) || e.departmentIds.some((id) => reached.has(id))),
    )
    .map((e) => e._id)
    .sort();
}

// A Wednesday afternoon, a Sunday just before midnight, and just after midnight on 2 January
// (all Shanghai time): the day-boundary cases are where a process-time-zone bug would show.
const CASES = [
  {
    label: 'Wednesday 14:30, default seed',
    now: new Date('2025-06-18T06:30:00Z'),
    seed: undefined,
  },
  { label: 'Sunday 23:50, seed 7', now: new Date('2025-06-22T15:50:00Z'), seed: 7 },
  { label: '2 January 00:05, seed 42', now: new Date('2025-01-01T16:05:00Z'), seed: 42 },
];

describe('buildDemoData: determinism', () => {
  const now = CASES[0].now;

  it('gives deep-equal data for the same now and seed', () => {
    expect(buildDemoData({ now, seed: 5 })).toEqual(buildDemoData({ now, seed: 5 }));
    expect(buildDemoData({ now })).toEqual(buildDemoData({ now }));
  });

  it('gives different data for a different seed', () => {
    const a = collectionsOf(buildDemoData({ now, seed: 1 }));
    const b = collectionsOf(buildDemoData({ now, seed: 2 }));
    expect(a.shares.map((s) => s._id)).not.toEqual(b.shares.map((s) => s._id));
    expect(a.events).not.toEqual(b.events);
  });

  it('moves with now: the same seed a day later is the same story a day later', () => {
    const later = new Date(now.getTime() + DAY);
    const a = collectionsOf(buildDemoData({ now, seed: 3 }));
    const b = collectionsOf(buildDemoData({ now: later, seed: 3 }));
    expect(b.tasks.map((t) => t.startAt.getTime() - DAY)).toEqual(
      a.tasks.map((t) => t.startAt.getTime()),
    );
  });
});

describe.each(CASES)('buildDemoData at $label', ({ now, seed }) => {
  const data = buildDemoData({ now, seed });
  const c = collectionsOf(data);
  const employees = byId(c.employees);
  const tasks = byId(c.tasks);
  const shares = byId(c.shares);
  const customers = byId(c.customers);
  const contents = byId(c.contents);
  const forms = byId(c.forms);
  const events = byId(c.events);

  it('has the sizes of a mid-size enterprise', () => {
    expect(data.corpId).toBe(DEMO_CORP_ID);
    expect(c.employees.length).toBeGreaterThanOrEqual(25);
    expect(c.employees.length).toBeLessThanOrEqual(40);
    expect(c.contents.length).toBeGreaterThanOrEqual(5);
    expect(c.forms).toHaveLength(2);
    expect(c.customers.length).toBeGreaterThanOrEqual(300);
    expect(c.customers.length).toBeLessThanOrEqual(500);
    expect(c.events.length).toBeGreaterThanOrEqual(5000);
    expect(c.events.length).toBeLessThanOrEqual(15000);
  });

  it('P1/P5/P6: credited points, some redemptions and filled leaderboards, ledger = balances', () => {
    const all = data.collections as Record<string, any[]>;
    const ledger = all.pointsLedger;
    expect(ledger.filter((e) => e.type === 'credit').length).toBeGreaterThan(15);
    expect(all.redemptions.length).toBeGreaterThan(3);
    expect(all.redemptions.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const balance of all.pointsBalances) {
      const sum = ledger
        .filter((e) => e.taskId === balance.taskId && e.employeeId === balance.employeeId)
        .reduce((n, e) => n + e.points, 0);
      expect({ id: balance._id, sum }).toEqual({ id: balance._id, sum: balance.balance });
      expect(balance.balance).toBeGreaterThanOrEqual(0);
    }
    for (const stock of all.benefitStocks) expect(stock.redeemed).toBeLessThanOrEqual(stock.stock);
    // P2: only after the end and before the deadline.
    for (const r of all.redemptions) {
      const task = tasks.get(r.taskId)!;
      expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(task.endAt.getTime());
      expect(r.createdAt.getTime()).toBeLessThan(task.redeemDeadline.getTime());
    }
    const boards = new Set(all.leaderboard.map((row) => `${row.board}:${row.period}`));
    for (const board of ['points:all', 'brought:all']) expect(boards.has(board)).toBe(true);
    // 张伟, the default login, has points to show.
    expect(ledger.some((e) => e.employeeId === 'zhangwei')).toBe(true);
  });

  it('has unique _ids in every collection', () => {
    for (const [name, docs] of Object.entries(data.collections)) {
      const ids = docs.map((doc) => doc._id);
      expect({ name, duplicates: ids.length - new Set(ids).size }).toEqual({ name, duplicates: 0 });
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    }
    // A9: `${type}:${OPENID}:${clientEventId}`, the client event ids following time.
    expect(
      c.events.every((e) => e._id === `${e.type}:${e.customerId}:${e._id.split(':')[2]}`),
    ).toBe(true);
    expect(c.events.every((e) => /^evt-\d{6}$/.test(e._id.split(':')[2]))).toBe(true);
    expect(c.customers.every((cu) => /^demo-cust-\d{4}$/.test(cu._id))).toBe(true);
  });

  describe('organisation', () => {
    it('has a root, business units with sub-departments, and paths from the root', () => {
      const departments = byId(c.departments);
      const roots = c.departments.filter((d) => d.parentId === null);
      expect(roots).toHaveLength(1);
      expect(
        c.departments.filter((d) => d.parentId === roots[0]._id).length,
      ).toBeGreaterThanOrEqual(3);
      for (const d of c.departments) {
        expect(d.path[0]).toBe(roots[0]._id);
        expect(d.path[d.path.length - 1]).toBe(d._id);
        if (d.parentId) expect(d.path).toEqual([...departments.get(d.parentId)!.path, d._id]);
      }
      expect(Math.max(...c.departments.map((d) => d.path.length))).toBeGreaterThanOrEqual(4);
    });

    it('D1: every leader is an active employee who leads that department', () => {
      for (const d of c.departments) {
        expect(d.leaderUserIds.length).toBeGreaterThan(0);
        for (const userId of d.leaderUserIds) {
          const leader = employees.get(userId)!;
          expect(leader.status).toBe('active');
          expect(leader.departmentIds).toContain(d._id);
          expect(leader.leadsDepartmentIds).toContain(d._id);
        }
      }
      for (const e of c.employees) {
        for (const id of e.leadsDepartmentIds) {
          expect(c.departments.find((d) => d._id === id)!.leaderUserIds).toContain(e._id);
        }
        for (const id of e.departmentIds)
          expect(c.departments.some((d) => d._id === id)).toBe(true);
      }
    });

    it('makes 张伟 (zhangwei) an admin and a leader, with one or two admins in all', () => {
      const zhangwei = employees.get('zhangwei')!;
      expect(zhangwei.name).toBe('张伟');
      expect(zhangwei.roles).toContain('admin');
      expect(zhangwei.leadsDepartmentIds.length).toBeGreaterThan(0);
      const admins = c.employees.filter((e) => e.roles.includes('admin'));
      expect(admins.length).toBeGreaterThanOrEqual(1);
      expect(admins.length).toBeLessThanOrEqual(2);
    });

    it('M1: 张伟 saved a business card the card rules accept, after binding; nobody else did', () => {
      expect(c.employees.filter((e) => e.card).map((e) => e._id)).toEqual(['zhangwei']);
      const zhangwei = employees.get('zhangwei')!;
      const { updatedAt, ...saved } = zhangwei.card!;
      expect(checkCard(saved)).toEqual({ ok: true, value: saved });
      expect(saved).toMatchObject({ company: '栖木家居', mobile: zhangwei.mobile });
      expect(saved.showFullMobile).toBe(false);
      expect(saved.wecomQrCode).not.toBe('');
      expect(saved.intro).not.toBe('');
      const binding = c.bindings.find((b) => b.userId === 'zhangwei')!;
      expect(updatedAt.getTime()).toBeGreaterThan(binding.boundAt.getTime());
      expect(updatedAt.getTime()).toBeLessThan(zhangwei.updatedAt.getTime());
    });

    it('keeps one departed employee, without binding or login (AD4)', () => {
      const departed = c.employees.filter((e) => e.status === 'departed');
      expect(departed).toHaveLength(1);
      expect(c.bindings.some((b) => b.userId === departed[0]._id)).toBe(false);
      expect(data.demoLogins.some((l) => l.userId === departed[0]._id)).toBe(false);
      expect(departed[0].leadsDepartmentIds).toEqual([]);
    });

    it('binds every active employee through WeCom and lists them as demo logins', () => {
      const active = c.employees.filter((e) => e.status === 'active');
      expect(c.bindings.map((b) => b.userId).sort()).toEqual(active.map((e) => e._id).sort());
      for (const b of c.bindings) {
        expect(b).toMatchObject({
          _id: `demo-openid-${b.userId}`,
          corpId: DEMO_CORP_ID,
          source: 'wecom',
        });
        expect(b.boundAt.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      expect(data.demoLogins.map((l) => l.userId).sort()).toEqual(active.map((e) => e._id).sort());
      for (const login of data.demoLogins) {
        const e = employees.get(login.userId)!;
        expect(login.openid).toBe(`demo-openid-${e._id}`);
        expect(login.name).toBe(e.name);
        const role = e.roles.includes('admin')
          ? 'admin'
          : e.leadsDepartmentIds.length
            ? 'leader'
            : 'employee';
        expect(login.role).toBe(role);
      }
      expect(new Set(data.demoLogins.map((l) => l.role))).toEqual(
        new Set(['admin', 'leader', 'employee']),
      );
    });

    it('mirrors departments and employees in the WeCom org (ids, leaders, departed = status 5)', () => {
      const { departments, users } = data.wecomOrg;
      expect(departments.map((d) => String(d.id)).sort()).toEqual(
        c.departments.map((d) => d._id).sort(),
      );
      for (const w of departments) {
        const d = c.departments.find((x) => x._id === String(w.id))!;
        expect(w.name).toBe(d.name);
        expect(w.parentid === 0 ? null : String(w.parentid)).toBe(d.parentId);
        expect(w.order).toBe(d.order);
        expect(w.department_leader).toEqual(d.leaderUserIds);
      }
      expect(users.map((u) => u.userid).sort()).toEqual(c.employees.map((e) => e._id).sort());
      for (const u of users) {
        const e = employees.get(u.userid)!;
        expect(u.name).toBe(e.name);
        expect(u.department.map(String)).toEqual(e.departmentIds);
        expect(u.order).toHaveLength(u.department.length);
        expect(u.is_leader_in_dept).toHaveLength(u.department.length);
        const leads = u.department.filter((_, i) => u.is_leader_in_dept[i] === 1).map(String);
        expect(leads).toEqual(e.leadsDepartmentIds);
        expect(u.position).toBe(e.position);
        expect(u.mobile).toBe(e.mobile);
        expect(u.mobile).toMatch(MAINLAND_MOBILE);
        expect(u.avatar).toBe(e.avatar);
        expect(['1', '2']).toContain(u.gender);
        expect(u.email).toContain('@');
        expect(u.status).toBe(e.status === 'departed' ? 5 : 1);
      }
    });
  });

  describe('content', () => {
    it('AD1: articles have covers, body blocks and topic tags; forms exist', () => {
      for (const content of c.contents) {
        expect(content.cover).toMatch(/^https:\/\/picsum\.photos\/seed\/[\w-]+\/750\/420$/);
        expect(content.blocks.length).toBeGreaterThanOrEqual(3);
        expect(content.topicTags.length).toBeGreaterThan(0);
        if (content.formId) expect(forms.has(content.formId)).toBe(true);
      }
      const tags = new Set(c.contents.flatMap((x) => x.topicTags));
      for (const tag of ['装修灵感', '促销活动', '产品评测']) expect(tags).toContain(tag);
    });

    it('AD5: every topic tag an article uses is in the tag library, so demo articles can be re-saved', () => {
      const library = (c as unknown as { tags: { _id: string; tags: string[] }[] }).tags;
      const topic = library.find((g) => g._id === 'topic');
      expect(topic).toBeDefined();
      for (const tag of c.contents.flatMap((x) => x.topicTags)) expect(topic!.tags).toContain(tag);
    });

    it('C6: forms ask for a phone and for PIPL consent', () => {
      expect(CONSENT_TEXT).toBe('我已阅读并同意《个人信息保护说明》，同意工作人员联系我');
      for (const form of c.forms) {
        expect(form.consentText).toBe(CONSENT_TEXT);
        expect(form.fields.some((f) => f.type === 'phone' && f.required)).toBe(true);
        for (const f of form.fields)
          if (f.type === 'select') expect(f.options?.length).toBeGreaterThan(0);
      }
    });
  });

  describe('tasks', () => {
    it('T1: has every status, derived from the dates and the admin state', () => {
      const statuses = c.tasks.map((t) => statusOf(t, now));
      expect(new Set(statuses)).toEqual(
        new Set(['draft', 'upcoming', 'active', 'ended', 'cancelled']),
      );
      const active = statuses.filter((s) => s === 'active').length;
      expect(active).toBeGreaterThanOrEqual(2);
      expect(active).toBeLessThanOrEqual(3);

      const upcoming = c.tasks.filter((t) => statusOf(t, now) === 'upcoming');
      expect(upcoming.some((t) => t.startAt.getTime() - now.getTime() <= 2.5 * DAY)).toBe(true);

      const ended = c.tasks.filter((t) => statusOf(t, now) === 'ended');
      expect(ended).toHaveLength(2);
      expect(ended.filter((t) => t.redeemDeadline > now)).toHaveLength(1); // can still redeem
      expect(ended.filter((t) => t.redeemDeadline <= now)).toHaveLength(1); // P4: too late
    });

    it('T1: keeps times consistent and on Shanghai wall-clock times', () => {
      for (const t of c.tasks) {
        expect(t.startAt < t.endAt && t.endAt < t.redeemDeadline).toBe(true);
        expect(t.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(['09:00:00', '10:00:00']).toContain(
          dayjs(t.startAt).tz(SHANGHAI).format('HH:mm:ss'),
        );
        expect(dayjs(t.endAt).tz(SHANGHAI).format('HH:mm:ss')).toBe('23:59:59');
        expect(contents.has(t.contentId)).toBe(true);
        if (t.state === 'draft') expect(t.publishedAt).toBeNull();
        else {
          expect(t.publishedAt!.getTime()).toBeGreaterThanOrEqual(t.createdAt.getTime());
          expect(t.publishedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
        }
        expect(t.cancelledAt === null).toBe(t.state !== 'cancelled');
        if (t.cancelledAt) expect(t.cancelledAt.getTime()).toBeLessThanOrEqual(now.getTime());
      }
    });

    it('T4 / P2: goals of several kinds with targets and points; benefits on some tasks', () => {
      const kinds = new Set(c.tasks.flatMap((t) => t.goals.map((g) => g.kind)));
      expect(kinds).toEqual(
        new Set(['shares', 'views', 'visitors', 'newCustomers', 'leads', 'forwards']),
      );
      for (const t of c.tasks) {
        expect(t.goals.length).toBeGreaterThan(0);
        expect(new Set(t.goals.map((g) => g.id)).size).toBe(t.goals.length);
        for (const g of t.goals) expect(g.target > 0 && g.points > 0).toBe(true);
        for (const b of t.benefits)
          expect(b.cost > 0 && b.stock > 0 && b.perEmployeeLimit > 0).toBe(true);
      }
      expect(c.tasks.some((t) => t.benefits.length === 0)).toBe(true);
      expect(c.tasks.flatMap((t) => t.benefits)).toContainEqual(
        expect.objectContaining({
          name: '星巴克咖啡券',
          cost: 100,
          stock: 50,
          perEmployeeLimit: 2,
        }),
      );
    });

    it('T3: one row per assigned active employee of every published task, claims inside the window', () => {
      for (const t of c.tasks) {
        const rows = c.taskAssignees.filter((r) => r.taskId === t._id);
        if (!t.publishedAt) {
          expect(rows).toEqual([]);
          continue;
        }
        expect(rows.map((r) => r.userId).sort()).toEqual(expectedAssignees(t, c));
        const claimableUntil = Math.min(
          t.endAt.getTime(),
          t.cancelledAt?.getTime() ?? Infinity,
          now.getTime(),
        );
        for (const r of rows) {
          expect(r._id).toBe(`${t._id}:${r.userId}`);
          expect(r.assignedAt).toEqual(t.publishedAt);
          // The task center's copy of the task (cloudfunctions/_shared/db/task-assignees.ts).
          expect(r).toMatchObject({ taskState: t.state, startAt: t.startAt, endAt: t.endAt });
          expect(r.departmentIds).toEqual(employees.get(r.userId)!.departmentIds);
          if (r.claimedAt) {
            expect(r.claimedAt.getTime()).toBeGreaterThanOrEqual(t.publishedAt.getTime());
            expect(r.claimedAt.getTime()).toBeLessThanOrEqual(claimableUntil);
          }
        }
      }
      const claimed = c.taskAssignees.filter((r) => r.claimedAt).length;
      expect(claimed / c.taskAssignees.length).toBeGreaterThan(0.6);
      expect(claimed).toBeLessThan(c.taskAssignees.length);
    });
  });

  describe('attribution', () => {
    it('A1: share ids are short random-looking alphanumerics', () => {
      for (const s of c.shares) expect(s._id).toMatch(/^[A-Za-z0-9]{10,12}$/);
    });

    it('A2: employees share only claimed, published tasks, inside the task window', () => {
      const rootShares = c.shares.filter((s) => s.parentShareId === null);
      expect(rootShares.length).toBeGreaterThan(50);
      for (const s of rootShares) {
        const task = tasks.get(s.taskId)!;
        const claim = c.taskAssignees.find((r) => r._id === `${s.taskId}:${s.rootEmployeeId}`);
        expect(s).toMatchObject({
          sharerType: 'employee',
          sharerId: s.rootEmployeeId,
          contentId: task.contentId,
        });
        expect(EMPLOYEE_CHANNELS).toContain(s.channel);
        expect(task.state).toBe('published');
        expect(claim?.claimedAt?.getTime()).toBeLessThanOrEqual(s.createdAt.getTime());
        expect(s.createdAt.getTime()).toBeGreaterThanOrEqual(task.startAt.getTime());
        expect(s.createdAt.getTime()).toBeLessThanOrEqual(
          Math.min(task.endAt.getTime(), now.getTime()),
        );
      }
      expect(new Set(rootShares.map((s) => s.channel))).toEqual(new Set(EMPLOYEE_CHANNELS));
    });

    it('A7: forward shares keep the parent’s root employee and task, chains reach depth 3 at most', () => {
      const depthOf = (s: ShareDoc): number =>
        s.parentShareId ? 1 + depthOf(shares.get(s.parentShareId)!) : 0;
      for (const s of c.shares.filter((x) => x.parentShareId !== null)) {
        const parent = shares.get(s.parentShareId!)!;
        expect(parent).toBeDefined();
        expect(s).toMatchObject({
          sharerType: 'customer',
          channel: 'forward',
          taskId: parent.taskId,
          contentId: parent.contentId,
          rootEmployeeId: parent.rootEmployeeId,
        });
        expect(customers.has(s.sharerId)).toBe(true);
        expect(s.createdAt.getTime()).toBeGreaterThanOrEqual(parent.createdAt.getTime());
        // Minted by exactly one forward event of the sharer, on the parent share.
        const minting = c.events.filter(
          (e) => e.type === 'forward' && e.data.childShareId === s._id,
        );
        expect(minting).toHaveLength(1);
        expect(minting[0]).toMatchObject({
          customerId: s.sharerId,
          shareId: parent._id,
          at: s.createdAt,
        });
      }
      const depths = c.shares.map(depthOf);
      expect(Math.max(...depths)).toBe(3);
    });

    // Thousands of events: each check collects the ids that break it and asserts once, which
    // is fast and names every offender on failure.

    it('every event refers to existing documents and agrees with its share', () => {
      const broken = c.events.filter((e) => {
        if (!customers.has(e.customerId) || !contents.has(e.contentId)) return true;
        if (e.shareId === null) {
          return [e.taskId, e.rootEmployeeId, e.channel, e.parentCustomerId].some(
            (v) => v !== null,
          );
        }
        const share = shares.get(e.shareId);
        return (
          !share ||
          !tasks.has(e.taskId!) ||
          !employees.has(e.rootEmployeeId!) ||
          e.taskId !== share.taskId ||
          e.contentId !== share.contentId ||
          e.rootEmployeeId !== share.rootEmployeeId ||
          e.channel !== share.channel ||
          e.parentCustomerId !== (share.sharerType === 'customer' ? share.sharerId : null) ||
          e.at < share.createdAt
        );
      });
      expect(broken.map((e) => e._id)).toEqual([]);
    });

    it('events lie in the last 30 days; task events inside [task.startAt, now]', () => {
      const from = now.getTime() - 30 * DAY;
      const outside = c.events.filter(
        (e) =>
          e.at.getTime() < from ||
          e.at.getTime() > now.getTime() ||
          (e.taskId !== null && e.at < tasks.get(e.taskId)!.startAt),
      );
      expect(outside.map((e) => e._id)).toEqual([]);
    });

    it('A3 / C1: every kind of interaction occurs, with well-formed data', () => {
      const types = new Set(c.events.map((e) => e.type));
      expect(types).toEqual(
        new Set(['visit', 'dwell', 'forward', 'form', 'card_call', 'card_add_contact']),
      );

      const badDwells = c.events.filter((e) => {
        if (e.type !== 'dwell') return false;
        const visit = events.get(e.data.visitEventId as string);
        return (
          visit?.type !== 'visit' ||
          visit.customerId !== e.customerId ||
          visit.shareId !== e.shareId ||
          e.at.getTime() - visit.at.getTime() !== (e.data.dwellMs as number)
        );
      });
      expect(badDwells.map((e) => e._id)).toEqual([]);

      const badForms = c.events.filter((e) => {
        if (e.type !== 'form') return false;
        const form = forms.get(e.data.formId as string);
        if (!form || contents.get(e.contentId)!.formId !== form._id || e.data.consent !== true)
          return true;
        const fields = e.data.fields as Record<string, string>;
        const phoneKey = form.fields.find((f) => f.type === 'phone')!.key;
        return (
          form.fields.some((f) => f.required && !fields[f.key]) ||
          Object.keys(fields).some((key) => !form.fields.some((f) => f.key === key)) ||
          !MAINLAND_MOBILE.test(fields[phoneKey])
        );
      });
      expect(badForms.map((e) => e._id)).toEqual([]);

      // M1: the business card only shows on pages opened through an employee's share.
      const unattributedTaps = c.events.filter(
        (e) => e.type.startsWith('card_') && e.shareId === null,
      );
      expect(unattributedTaps.map((e) => e._id)).toEqual([]);
    });

    it('A4 / A8: origin is the first touch, inArchive iff an attributed touch, first/last seen match', () => {
      const timelines = new Map<string, EventDoc[]>();
      for (const e of c.events) {
        if (!timelines.has(e.customerId)) timelines.set(e.customerId, []);
        timelines.get(e.customerId)!.push(e);
      }
      const derived = c.customers.map((customer) => {
        const timeline = (timelines.get(customer._id) ?? []).sort(
          (a, b) => a.at.getTime() - b.at.getTime() || a._id.localeCompare(b._id),
        );
        const first = timeline[0];
        return {
          _id: customer._id,
          firstType: first?.type,
          origin: first ? attributionOf(first) : 'no events',
          inArchive: timeline.some((e) => e.shareId !== null),
          firstSeenAt: first?.at,
          lastActiveAt: timeline[timeline.length - 1]?.at,
        };
      });
      const stored = c.customers.map(({ _id, origin, inArchive, firstSeenAt, lastActiveAt }) => ({
        _id,
        firstType: 'visit', // everyone's first touch is an open
        origin,
        inArchive,
        firstSeenAt,
        lastActiveAt,
      }));
      expect(stored).toEqual(derived);
      expect(c.customers.some((cu) => cu.origin === null && !cu.inArchive)).toBe(true); // direct visitors
      expect(c.customers.some((cu) => cu.origin?.parentCustomerId)).toBe(true); // arrived by a forward
    });

    it('A8: a direct first touch keeps 非客户/直接访问 (origin null) even after a later share', () => {
      const directThenShared = c.customers.filter((cu) => cu.origin === null && cu.inArchive);
      if (seed === undefined) expect(directThenShared.length).toBeGreaterThan(0);
      for (const cu of directThenShared) {
        const first = c.events
          .filter((e) => e.customerId === cu._id)
          .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
        expect(first.shareId).toBeNull();
      }
    });

    it('A5: some customers belong to several employees', () => {
      const employeesOf = new Map<string, Set<string>>();
      for (const e of c.events) {
        if (!e.rootEmployeeId) continue;
        employeesOf.set(
          e.customerId,
          (employeesOf.get(e.customerId) ?? new Set()).add(e.rootEmployeeId),
        );
      }
      expect([...employeesOf.values()].some((set) => set.size > 1)).toBe(true);
    });

    it('A10: employees are never customers', () => {
      const employeeOpenids = new Set(c.bindings.map((b) => b._id));
      for (const cu of c.customers) {
        expect(employeeOpenids.has(cu._id)).toBe(false);
        expect(employees.has(cu._id)).toBe(false);
      }
      expect(c.events.filter((e) => employeeOpenids.has(e.customerId)).map((e) => e._id)).toEqual(
        [],
      );
    });

    it('customers look like a Chinese SCRM’s archive', () => {
      expect(
        c.customers.filter((cu) => /^[\u4e00-\u9fa5](女士|先生)$/.test(cu.nickname)).length,
      ).toBeGreaterThan(c.customers.length / 2);
      for (const cu of c.customers) {
        expect(cu.avatar).toMatch(/^https:\/\//);
        expect(cu.unionid === null || typeof cu.unionid === 'string').toBe(true);
      }
    });

    it('is denser on weekdays and in Shanghai daytime', () => {
      // Shanghai keeps UTC+8 all year (no DST since 1991); a fixed offset is exact and far
      // cheaper than a zone lookup per event.
      expect(dayjs(now).tz(SHANGHAI).utcOffset()).toBe(SHANGHAI_OFFSET_MINUTES);
      const perDate = new Map<string, number>();
      let daytime = 0;
      for (const e of c.events) {
        const local = dayjs(e.at).utcOffset(SHANGHAI_OFFSET_MINUTES);
        if (local.hour() >= 8 && local.hour() < 23) daytime++;
        const date = local.format('YYYY-MM-DD');
        perDate.set(date, (perDate.get(date) ?? 0) + 1);
      }
      expect(daytime / c.events.length).toBeGreaterThan(0.85);

      // Whole Shanghai days of the window only (its first and last dates are cut short).
      const first = dayjs(now.getTime() - 30 * DAY)
        .tz(SHANGHAI)
        .format('YYYY-MM-DD');
      const weekday: number[] = [];
      const weekend: number[] = [];
      for (let i = 1; i < 30; i++) {
        const date = dayjs.utc(first).add(i, 'day');
        const count = perDate.get(date.format('YYYY-MM-DD')) ?? 0;
        (date.day() === 0 || date.day() === 6 ? weekend : weekday).push(count);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(weekday)).toBeGreaterThan(1.2 * mean(weekend));
    });
  });
});
