/**
 * The `auth` function through the real function host, the WeCom fake and the SDK: login with
 * a `wx.qy.login` code (S1), the OPENID binding and the session-token fallback, and every
 * refusal changing nothing (S4).
 */
import type { WeComOrg } from '../../../local/fakes/wecom';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;

const ORG: WeComOrg = {
  departments: [
    { id: 1, name: '总部', parentid: 0 },
    { id: 2, name: '销售部', parentid: 1, department_leader: ['lilei'] },
  ],
  users: [
    { userid: 'lilei', name: '李雷', department: [2], is_leader_in_dept: [1] },
    { userid: 'hanmeimei', name: '韩梅梅', department: [2] },
    { userid: 'gone', name: '离职者', department: [2], status: 5 },
    { userid: 'newbie', name: '新同事', department: [2] },
  ],
};

const employee = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  corpId: 'ww-demo-corp',
  name: id,
  avatar: '',
  position: '',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
  ...extra,
});

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: ORG });
  await t.db.collection('employees').add({
    data: [
      employee('lilei', { roles: ['admin'], leadsDepartmentIds: ['2'], name: '李雷' }),
      employee('hanmeimei', { name: '韩梅梅' }),
      employee('gone', { status: 'departed' }),
    ],
  });
});
afterAll(() => t.stop());

const code = (userId: string) => t.local.wecom.control.issueLoginCode(userId);
const bindingOf = async (openid: string) =>
  (await t.db.collection('bindings').where({ _id: openid }).get()).data[0];
const sessions = async () => (await t.db.collection('sessions').get()).data;

/** Calls with no OPENID at all: WeCom on a device that gives none (the fallback path). */
async function callWithoutOpenid(fn: string, event: Record<string, unknown>) {
  const outcome = await t.local.functions.invoke(fn, event, { SOURCE: 'wx_client' });
  if ('errCode' in outcome) throw new Error(outcome.errMsg);
  return outcome.result as any;
}

describe('S1: login binds the OPENID to the member WeCom vouches for', () => {
  it('an employee logs in, gets bound, and later calls need only the OPENID', async () => {
    const res = await callAs(t, 'auth', 'openid-han', { action: 'login', code: code('hanmeimei') });
    expect(res).toEqual({
      ok: true,
      data: {
        userId: 'hanmeimei',
        name: '韩梅梅',
        avatar: '',
        isAdmin: false,
        isLeader: false,
        session: null,
      },
    });
    expect(await bindingOf('openid-han')).toMatchObject({
      userId: 'hanmeimei',
      corpId: 'ww-demo-corp',
      source: 'wecom',
    });
    const me = await callAs(t, 'employee', 'openid-han', { action: 'me.get' });
    expect(me.data).toMatchObject({ userId: 'hanmeimei', isAdmin: false });
    const who = await callAs(t, 'auth', 'openid-han', { action: 'whoami' });
    expect(who.data).toEqual({
      role: 'employee',
      userId: 'hanmeimei',
      name: '韩梅梅',
      isAdmin: false,
      via: 'binding',
    });
  });

  it('the payload can never name the employee: a userId in the body is ignored', async () => {
    const res = await callAs(t, 'auth', 'openid-x1', {
      action: 'login',
      code: code('hanmeimei'),
      userId: 'lilei',
    });
    expect(res.data.userId).toBe('hanmeimei');
    const me = await callAs(t, 'employee', 'openid-x1', { action: 'me.get', userId: 'lilei' });
    expect(me.data.userId).toBe('hanmeimei');
  });

  it('S1: the same code used twice in parallel: exactly one login succeeds', async () => {
    const c = code('lilei');
    const results = await Promise.all(
      ['openid-p1', 'openid-p2', 'openid-p3'].map((o) =>
        callAs(t, 'auth', o, { action: 'login', code: c }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r) => !r.ok);
    expect(refused.map((r) => r.error.code)).toEqual(['LOGIN_CODE_USED', 'LOGIN_CODE_USED']);
    const bound = await t.db
      .collection('bindings')
      .where({ _id: t.db.command.in(['openid-p1', 'openid-p2', 'openid-p3']) })
      .get();
    expect(bound.data).toHaveLength(1);
  });

  it('S1: a reused code is refused later too, and binds nothing', async () => {
    const c = code('hanmeimei');
    expect((await callAs(t, 'auth', 'openid-r1', { action: 'login', code: c })).ok).toBe(true);
    const again = await callAs(t, 'auth', 'openid-r2', { action: 'login', code: c });
    expect(again.error.code).toBe('LOGIN_CODE_USED');
    expect(await bindingOf('openid-r2')).toBeUndefined();
  });

  it('S1: an expired code is refused with LOGIN_CODE_INVALID and binds nothing', async () => {
    const c = code('hanmeimei');
    t.local.wecom.control.advanceClock(6 * 60 * 1000);
    const res = await callAs(t, 'auth', 'openid-exp', { action: 'login', code: c });
    expect(res.error).toEqual({
      code: 'LOGIN_CODE_INVALID',
      message: '登录凭证无效或已过期，请重新打开小程序',
    });
    expect(await bindingOf('openid-exp')).toBeUndefined();
  });

  it('S1: a made-up code (a customer calling login with wx.login) is refused, binds nothing', async () => {
    const res = await callAs(t, 'auth', 'openid-customer', { action: 'login', code: 'wx-code' });
    expect(res.error.code).toBe('LOGIN_CODE_INVALID');
    expect(await bindingOf('openid-customer')).toBeUndefined();
  });

  it('S1: a member the org sync has not brought in is refused with UNKNOWN_EMPLOYEE', async () => {
    const res = await callAs(t, 'auth', 'openid-new', { action: 'login', code: code('newbie') });
    expect(res.error.code).toBe('UNKNOWN_EMPLOYEE');
    expect(await bindingOf('openid-new')).toBeUndefined();
  });

  it('S1: a departed member is refused with EMPLOYEE_INACTIVE', async () => {
    const res = await callAs(t, 'auth', 'openid-gone', { action: 'login', code: code('gone') });
    expect(res.error.code).toBe('EMPLOYEE_INACTIVE');
    expect(await bindingOf('openid-gone')).toBeUndefined();
  });

  it('S1: a session from another corp is refused with WRONG_CORP', async () => {
    // WeCom answering for another corp: the fake is told to, by wrapping its handler once.
    const wecom = t.local.wecom;
    const original = wecom.handle;
    wecom.handle = (req, res, path, query, body) => {
      if (path === '/cgi-bin/miniprogram/jscode2session') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errcode: 0,
            errmsg: 'ok',
            corpid: 'ww-other',
            userid: 'lilei',
            session_key: 'k',
          }),
        );
        return true;
      }
      return original(req, res, path, query, body);
    };
    try {
      const res = await callAs(t, 'auth', 'openid-wrong', { action: 'login', code: 'any-code' });
      expect(res.error.code).toBe('WRONG_CORP');
      expect(await bindingOf('openid-wrong')).toBeUndefined();
    } finally {
      wecom.handle = original;
    }
  });

  it('a WeCom outage during login answers WECOM_UNAVAILABLE and binds nothing', async () => {
    t.local.wecom.control.failNext(1, -1, { path: '/cgi-bin/miniprogram' });
    const res = await callAs(t, 'auth', 'openid-outage', {
      action: 'login',
      code: code('hanmeimei'),
    });
    expect(res.error.code).toBe('WECOM_UNAVAILABLE');
    expect(await bindingOf('openid-outage')).toBeUndefined();
  });

  it('S4: a missing or empty code is INVALID_INPUT', async () => {
    expect((await callAs(t, 'auth', 'openid-v', { action: 'login' })).error.code).toBe(
      'INVALID_INPUT',
    );
    expect((await callAs(t, 'auth', 'openid-v', { action: 'login', code: '' })).error.code).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('S1: without an OPENID, a server-issued session token stands in for the binding', () => {
  let token: string;

  it('login without OPENID issues a short-lived session stored only by hash', async () => {
    const res = await callWithoutOpenid('auth', { action: 'login', code: code('lilei') });
    expect(res.ok).toBe(true);
    token = res.data.session.token;
    expect(token).toMatch(/^[\w-]{40,}$/);
    const expiresIn = new Date(res.data.session.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3600 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(2 * 3600 * 1000);
    const stored = await sessions();
    expect(stored.some((s: { userId: string }) => s.userId === 'lilei')).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('later calls with the token act as that employee, in every function', async () => {
    const me = await callWithoutOpenid('employee', { action: 'me.get', sessionToken: token });
    expect(me.data).toMatchObject({ userId: 'lilei', isAdmin: true });
    const admin = await callWithoutOpenid('admin', {
      action: 'org.departments',
      sessionToken: token,
    });
    expect(admin.ok).toBe(true);
    const who = await callWithoutOpenid('auth', { action: 'whoami', sessionToken: token });
    expect(who.data).toMatchObject({ role: 'employee', userId: 'lilei', via: 'session' });
  });

  it('no OPENID and no token is UNAUTHENTICATED; an unknown token is SESSION_EXPIRED', async () => {
    expect((await callWithoutOpenid('employee', { action: 'me.get' })).error.code).toBe(
      'UNAUTHENTICATED',
    );
    const bad = await callWithoutOpenid('employee', { action: 'me.get', sessionToken: 'nope' });
    expect(bad.error.code).toBe('SESSION_EXPIRED');
  });

  it('an expired session is refused with SESSION_EXPIRED', async () => {
    const res = await callWithoutOpenid('auth', { action: 'login', code: code('hanmeimei') });
    const { token: short } = res.data.session;
    // Age the session in the database, as two hours passing would.
    const [row] = (await t.db.collection('sessions').where({ userId: 'hanmeimei' }).get()).data;
    await t.db.collection('sessions').doc(row._id).remove();
    await t.db.collection('sessions').add({
      data: {
        ...row,
        createdAt: new Date(Date.now() - 3 * 3600e3),
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    const me = await callWithoutOpenid('employee', { action: 'me.get', sessionToken: short });
    expect(me.error.code).toBe('SESSION_EXPIRED');
  });

  it('S1: a customer (an OPENID with no binding) presenting a token is still NOT_EMPLOYEE', async () => {
    const me = await callAs(t, 'employee', 'openid-customer', {
      action: 'me.get',
      sessionToken: token,
    });
    expect(me.error.code).toBe('NOT_EMPLOYEE');
    const who = await callAs(t, 'auth', 'openid-customer', {
      action: 'whoami',
      sessionToken: token,
    });
    expect(who.data).toEqual({ role: 'customer', hasUnionid: false });
  });

  it("a departed employee's session stops working at once", async () => {
    const res = await callWithoutOpenid('auth', { action: 'login', code: code('hanmeimei') });
    await t.db
      .collection('employees')
      .doc('hanmeimei')
      .update({ data: { status: 'departed' } });
    try {
      const me = await callWithoutOpenid('employee', {
        action: 'me.get',
        sessionToken: res.data.session.token,
      });
      expect(me.error.code).toBe('EMPLOYEE_INACTIVE');
    } finally {
      await t.db
        .collection('employees')
        .doc('hanmeimei')
        .update({ data: { status: 'active' } });
    }
  });

  it('logout ends the session', async () => {
    const res = await callWithoutOpenid('auth', { action: 'login', code: code('lilei') });
    const own = res.data.session.token;
    const out = await callWithoutOpenid('auth', { action: 'logout', sessionToken: own });
    expect(out).toEqual({ ok: true, data: { loggedOut: true } });
    const me = await callWithoutOpenid('employee', { action: 'me.get', sessionToken: own });
    expect(me.error.code).toBe('SESSION_EXPIRED');
  });
});

describe('S1: every auth action checks the role it needs', () => {
  it('whoami: a customer is a customer (OPENID and UNIONID from the context), nobody is anonymous', async () => {
    const outcome = await t.local.functions.invoke(
      'auth',
      { action: 'whoami' },
      { OPENID: 'openid-cust-2', UNIONID: 'union-2', SOURCE: 'wx_client' },
    );
    expect((outcome as { result: unknown }).result).toEqual({
      ok: true,
      data: { role: 'customer', hasUnionid: true },
    });
    expect((await callWithoutOpenid('auth', { action: 'whoami' })).data).toEqual({
      role: 'anonymous',
    });
  });

  it('logout: a customer gets NOT_EMPLOYEE, nobody gets UNAUTHENTICATED', async () => {
    expect((await callAs(t, 'auth', 'openid-customer', { action: 'logout' })).error.code).toBe(
      'NOT_EMPLOYEE',
    );
    expect((await callWithoutOpenid('auth', { action: 'logout' })).error.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('logout through a binding removes the binding', async () => {
    await callAs(t, 'auth', 'openid-out', { action: 'login', code: code('hanmeimei') });
    expect((await callAs(t, 'auth', 'openid-out', { action: 'logout' })).ok).toBe(true);
    expect(await bindingOf('openid-out')).toBeUndefined();
    expect((await callAs(t, 'employee', 'openid-out', { action: 'me.get' })).error.code).toBe(
      'NOT_EMPLOYEE',
    );
  });

  it('an unknown action is UNKNOWN_ACTION', async () => {
    expect((await callAs(t, 'auth', 'openid-han', { action: 'bind' })).error.code).toBe(
      'UNKNOWN_ACTION',
    );
  });
});
