/**
 * The organisation (AD4) through the `admin` function: org sync from the WeCom fake (paginated,
 * idempotent, resumable, removed members deactivated), admin roles, 离职继承, D1 visibility,
 * and every action refusing the wrong role (S1).
 */
import type { WeComOrg } from '../../../local/fakes/wecom';
import { buildDemoData } from '../../../local/seed/demo';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const demo = buildDemoData({ now: new Date('2026-11-20T10:00:00+08:00') });
const ORG: WeComOrg = demo.wecomOrg as WeComOrg;

const ADMIN = 'openid-zhangwei';
const EMPLOYEE = 'openid-lixue';
const CUSTOMER = 'openid-customer';

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: ORG });
  // Only the bootstrap: one admin and one employee known before the first sync.
  await t.db.collection('employees').add({
    data: [
      {
        _id: 'zhangwei',
        corpId: 'ww-demo-corp',
        name: '张伟',
        avatar: '',
        position: '',
        departmentIds: ['2'],
        leadsDepartmentIds: [],
        roles: ['admin'],
        status: 'active',
      },
      {
        _id: 'lixue',
        corpId: 'ww-demo-corp',
        name: '李雪',
        avatar: '',
        position: '',
        departmentIds: ['14'],
        leadsDepartmentIds: [],
        roles: [],
        status: 'active',
      },
    ],
  });
  await t.db.collection('bindings').add({
    data: ['zhangwei', 'lixue'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-demo-corp',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
});
afterAll(() => t.stop());

const admin = (action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'admin', ADMIN, { action, ...payload });
const employees = async () => (await t.db.collection('employees').limit(1000).get()).data;
const employeeDoc = async (id: string) =>
  (await t.db.collection('employees').where({ _id: id }).get()).data[0];

/** Counts the fake's API calls by path (wrapping its handler). */
function countCalls() {
  const counts = new Map<string, number>();
  const wecom = t.local.wecom;
  const original = wecom.handle;
  wecom.handle = (req, res, path, query, body) => {
    counts.set(path, (counts.get(path) ?? 0) + 1);
    return original(req, res, path, query, body);
  };
  return { counts, restore: () => (wecom.handle = original) };
}

describe('S1: every org action refuses the wrong role and changes nothing', () => {
  const ACTIONS: [string, Record<string, unknown>][] = [
    ['org.departments', {}],
    ['org.employees', {}],
    ['org.sync', {}],
    ['org.setAdmin', { userId: 'lixue', admin: true }],
    ['org.handover', { fromUserId: 'zhoujie', toUserId: 'lixue' }],
  ];
  it.each(ACTIONS)('%s: a customer gets NOT_EMPLOYEE', async (action, payload) => {
    const res = await callAs(t, 'admin', CUSTOMER, { action, ...payload });
    expect(res.error.code).toBe('NOT_EMPLOYEE');
  });
  it.each(ACTIONS)(
    '%s: an employee who is not an admin gets FORBIDDEN',
    async (action, payload) => {
      const res = await callAs(t, 'admin', EMPLOYEE, { action, ...payload });
      expect(res.error.code).toBe('FORBIDDEN');
    },
  );
  it.each(ACTIONS)(
    '%s: nobody (no OPENID, no session) gets UNAUTHENTICATED',
    async (action, payload) => {
      const res = await callAs(t, 'admin', undefined, { action, ...payload });
      expect(res.error.code).toBe('UNAUTHENTICATED');
    },
  );
  it('nothing was written by the refused calls', async () => {
    expect((await employeeDoc('lixue')).roles).toEqual([]);
    expect(await employees()).toHaveLength(2);
  });
});

describe('AD4: org sync from WeCom', () => {
  it('AD4: syncs departments with paths and leaders, employees with leaders and departed members', async () => {
    const res = await admin('org.sync');
    expect(res.ok).toBe(true);
    expect(res.data).toMatchObject({ departments: 15, employees: 32, done: true });
    const depts = (await t.db.collection('departments').get()).data;
    expect(depts).toHaveLength(15);
    const showroom = depts.find((d: { _id: string }) => d._id === '14');
    expect(showroom).toMatchObject({
      name: '浦东体验店',
      parentId: '6',
      path: ['1', '2', '6', '14'],
      leaderUserIds: ['yangfan'],
    });
    const all = await employees();
    expect(all).toHaveLength(32);
    expect(await employeeDoc('maqian')).toMatchObject({
      departmentIds: ['15', '13'],
      status: 'active',
    });
    expect(await employeeDoc('yangfan')).toMatchObject({ leadsDepartmentIds: ['14'] });
    expect(await employeeDoc('zhoujie')).toMatchObject({
      status: 'departed',
      leadsDepartmentIds: [],
    });
    // Our own fields survive: the admin role given before the sync is kept.
    expect((await employeeDoc('zhangwei')).roles).toEqual(['admin']);
    expect(res.data.sync.lastSyncedAt).not.toBeNull();
  });

  it('AD4: a second run writes nothing new and answers the same (idempotent)', async () => {
    const before = await employees();
    const res = await admin('org.sync');
    expect(res.data).toMatchObject({ departments: 15, employees: 32, deactivated: 0, done: true });
    const after = await employees();
    expect(after.map((e: { updatedAt: unknown }) => e.updatedAt)).toEqual(
      before.map((e: { updatedAt: unknown }) => e.updatedAt),
    );
  });

  it('AD4: two syncs at once: one runs, the other answers SYNC_IN_PROGRESS', async () => {
    // Two warm instances, and a slow WeCom, so both runs really overlap.
    await Promise.all([admin('org.departments'), admin('org.departments')]);
    const wecom = t.local.wecom;
    const original = wecom.handle;
    wecom.handle = (req, res, path, query, body) => {
      if (path !== '/cgi-bin/user/list') return original(req, res, path, query, body);
      setTimeout(() => original(req, res, path, query, body), 50);
      return true;
    };
    const results = await Promise.all([admin('org.sync'), admin('org.sync')]).finally(
      () => (wecom.handle = original),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(codes[0]).toBe('SYNC_IN_PROGRESS');
    expect(codes[1]).toBe('ok');
  });

  it('AD4: a member removed from WeCom is deactivated; their data is kept', async () => {
    t.local.wecom.control.setOrg({
      departments: ORG.departments,
      users: ORG.users.filter((u) => u.userid !== 'hejia'),
    });
    const res = await admin('org.sync');
    expect(res.data).toMatchObject({ employees: 31, deactivated: 1, done: true });
    expect(await employeeDoc('hejia')).toMatchObject({ status: 'departed', name: '何佳' });
  });

  it('AD4: a sync that fails half-way resumes after its last finished department', async () => {
    const renamed = ORG.users
      .filter((u) => u.userid !== 'hejia')
      .map((u) => ({ ...u, position: `${u.position}·新` }));
    t.local.wecom.control.setOrg({ departments: ORG.departments, users: renamed });
    const calls = countCalls();
    try {
      // WeCom fails on the 6th member list: five departments are done and checkpointed.
      let seen = 0;
      const wecom = t.local.wecom;
      const counting = wecom.handle;
      wecom.handle = (req, res, path, query, body) => {
        if (path === '/cgi-bin/user/list' && ++seen === 6) {
          res.writeHead(502);
          res.end('bad gateway');
          return true;
        }
        return counting(req, res, path, query, body);
      };
      const failed = await admin('org.sync');
      expect(failed.error.code).toBe('WECOM_UNAVAILABLE');
      const info = await admin('org.departments');
      expect(info.data.sync).toMatchObject({ resumable: true, running: false });
      expect(info.data.sync.lastError).toContain('HTTP 502');
      wecom.handle = counting;
      calls.counts.clear();
      const resumed = await admin('org.sync');
      expect(resumed.data).toMatchObject({ done: true });
      // 15 departments, 5 done before the failure: the rest only.
      expect(calls.counts.get('/cgi-bin/user/list')).toBe(10);
      expect((await employeeDoc('lixue')).position).toBe('家居顾问·新');
      expect((await admin('org.departments')).data.sync).toMatchObject({
        resumable: false,
        lastError: null,
      });
    } finally {
      calls.restore();
    }
  });
});

describe('AD4: employees list, admin role', () => {
  it('lists active employees by department subtree and by keyword, paginated', async () => {
    const page1 = await admin('org.employees', { departmentId: '6', pageSize: 3 });
    expect(page1.data.items).toHaveLength(3);
    const page2 = await admin('org.employees', {
      departmentId: '6',
      pageSize: 3,
      cursor: page1.data.nextCursor,
    });
    const ids = [...page1.data.items, ...page2.data.items].map((e: { userId: string }) => e.userId);
    // 上海销售部 and its two showrooms; hejia left.
    expect(ids.sort()).toEqual(['chenjing', 'guoqiang', 'lixue', 'maqian', 'xuming', 'yangfan']);
    expect(page2.data.nextCursor).toBeNull();
    const found = await admin('org.employees', { keyword: '雪' });
    expect(found.data.items.map((e: { userId: string }) => e.userId)).toEqual(['lixue']);
    expect(found.data.items[0]).toMatchObject({ departmentNames: ['浦东体验店'], isAdmin: false });
  });

  it('S4: bad input is INVALID_INPUT', async () => {
    expect((await admin('org.employees', { pageSize: 0 })).error.code).toBe('INVALID_INPUT');
    expect((await admin('org.employees', { cursor: 'x' })).error.code).toBe('INVALID_INPUT');
    expect((await admin('org.setAdmin', { userId: 'lixue' })).error.code).toBe('INVALID_INPUT');
    expect((await admin('org.handover', { fromUserId: '', toUserId: 'a' })).error.code).toBe(
      'INVALID_INPUT',
    );
  });

  it('AD4: an admin grants and revokes the admin role; the grantee can use the admin function', async () => {
    expect((await admin('org.setAdmin', { userId: 'lixue', admin: true })).data).toEqual({
      userId: 'lixue',
      isAdmin: true,
    });
    expect((await callAs(t, 'admin', EMPLOYEE, { action: 'org.departments' })).ok).toBe(true);
    expect((await admin('org.setAdmin', { userId: 'lixue', admin: false })).data).toEqual({
      userId: 'lixue',
      isAdmin: false,
    });
    expect((await callAs(t, 'admin', EMPLOYEE, { action: 'org.departments' })).error.code).toBe(
      'FORBIDDEN',
    );
  });

  it('AD4: no admin can revoke themselves; departed and unknown members cannot be granted', async () => {
    expect((await admin('org.setAdmin', { userId: 'zhangwei', admin: false })).error.code).toBe(
      'CANNOT_REVOKE_SELF',
    );
    expect((await admin('org.setAdmin', { userId: 'zhoujie', admin: true })).error.code).toBe(
      'EMPLOYEE_INACTIVE',
    );
    expect((await admin('org.setAdmin', { userId: 'nobody', admin: true })).error.code).toBe(
      'NOT_FOUND',
    );
  });

  it('AD4: the sync keeps granted roles', async () => {
    await admin('org.setAdmin', { userId: 'sunli', admin: true });
    await admin('org.sync');
    expect((await employeeDoc('sunli')).roles).toEqual(['admin']);
  });
});

describe('AD4: 离职继承', () => {
  beforeAll(async () => {
    const origin = (root: string) => ({
      shareId: 's',
      taskId: 't',
      rootEmployeeId: root,
      channel: 'wechat_chat',
      parentCustomerId: null,
    });
    await t.db.collection('customers').add({
      data: [
        ...['c1', 'c2', 'c3'].map((id) => ({
          _id: id,
          unionid: null,
          nickname: id,
          avatar: '',
          firstSeenAt: new Date(),
          lastActiveAt: new Date(),
          origin: origin('zhoujie'),
          inArchive: true,
        })),
        {
          _id: 'c4',
          unionid: null,
          nickname: 'c4',
          avatar: '',
          firstSeenAt: new Date(),
          lastActiveAt: new Date(),
          origin: origin('lixue'),
          inArchive: true,
        },
      ],
    });
  });

  it('AD4: departed employees list with their customers waiting', async () => {
    const res = await admin('org.employees', { status: 'departed' });
    const zhoujie = res.data.items.find((e: { userId: string }) => e.userId === 'zhoujie');
    expect(zhoujie).toMatchObject({ status: 'departed', customerCount: 3, handover: null });
  });

  it('AD4: refuses an active source, a departed target, and the same person', async () => {
    expect(
      (await admin('org.handover', { fromUserId: 'lixue', toUserId: 'maqian' })).error.code,
    ).toBe('EMPLOYEE_NOT_DEPARTED');
    expect(
      (await admin('org.handover', { fromUserId: 'zhoujie', toUserId: 'hejia' })).error.code,
    ).toBe('HANDOVER_TARGET_INVALID');
    expect(
      (await admin('org.handover', { fromUserId: 'zhoujie', toUserId: 'zhoujie' })).error.code,
    ).toBe('HANDOVER_TARGET_INVALID');
    expect((await t.db.collection('customerHandovers').get()).data).toHaveLength(0);
  });

  it('AD4: hands the customers over, keeps attribution, and is final', async () => {
    const res = await admin('org.handover', { fromUserId: 'zhoujie', toUserId: 'maqian' });
    expect(res.data).toEqual({ fromUserId: 'zhoujie', toUserId: 'maqian', moved: 3 });
    const moved = (await t.db.collection('customers').where({ ownerEmployeeId: 'maqian' }).get())
      .data;
    expect(moved.map((c: { _id: string }) => c._id).sort()).toEqual(['c1', 'c2', 'c3']);
    // Attribution is history: the origin still names the employee who shared.
    expect(
      moved.every(
        (c: { origin: { rootEmployeeId: string } }) => c.origin.rootEmployeeId === 'zhoujie',
      ),
    ).toBe(true);
    expect(
      (await admin('org.handover', { fromUserId: 'zhoujie', toUserId: 'maqian' })).data.moved,
    ).toBe(3);
    expect(
      (await admin('org.handover', { fromUserId: 'zhoujie', toUserId: 'lixue' })).error.code,
    ).toBe('ALREADY_HANDED_OVER');
    const listed = await admin('org.employees', { status: 'departed' });
    expect(listed.data.items.find((e: { userId: string }) => e.userId === 'zhoujie')).toMatchObject(
      {
        customerCount: 0,
        handover: { toUserId: 'maqian', toName: '马倩', moved: 3 },
      },
    );
  });

  it('AD4: inherited customers move on when the heir leaves too', async () => {
    t.local.wecom.control.setOrg({
      departments: ORG.departments,
      users: ORG.users.filter((u) => !['hejia', 'maqian'].includes(u.userid)),
    });
    await admin('org.sync');
    const res = await admin('org.handover', { fromUserId: 'maqian', toUserId: 'lixue' });
    expect(res.data.moved).toBe(3);
  });
});

describe('D1: departments visible to leaders', () => {
  it('D1: org.departments answers every department with leader names for admins', async () => {
    const res = await admin('org.departments');
    expect(res.data.departments).toHaveLength(15);
    expect(res.data.departments.find((d: { id: string }) => d.id === '2').leaders).toEqual([
      { userId: 'zhangwei', name: '张伟' },
    ]);
  });
});
