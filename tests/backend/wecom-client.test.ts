/**
 * The WeCom client (cloudfunctions/_shared/wecom/client.ts) through the real function host:
 * the access-token cache is shared by every instance (one refresh for parallel cold calls),
 * refreshed on 42001/40014, and outages surface as clear errors.
 */
import { httpRequestJson } from '../../cloudfunctions/_shared/wecom/http';
import type { WeComOrg } from '../../local/fakes/wecom';
import { callAs, startTestCloud, type TestCloud } from './support/cloud';

let t: TestCloud;
const ORG: WeComOrg = {
  departments: [{ id: 1, name: '总部', parentid: 0 }],
  users: ['a', 'b', 'c', 'd', 'e', 'f'].map((u) => ({ userid: u, name: u, department: [1] })),
};
const gettokenCalls: string[] = [];

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: ORG, maxInstances: 4 });
  await t.db.collection('employees').add({
    data: ORG.users.map((u) => ({
      _id: u.userid,
      corpId: 'ww-demo-corp',
      name: u.name,
      avatar: '',
      position: '',
      departmentIds: ['1'],
      leadsDepartmentIds: [],
      roles: [],
      status: 'active',
    })),
  });
  const wecom = t.local.wecom;
  const original = wecom.handle;
  wecom.handle = (req, res, path, query, body) => {
    if (path === '/cgi-bin/gettoken') gettokenCalls.push(query.get('corpsecret') ?? '');
    return original(req, res, path, query, body);
  };
});
afterAll(() => t.stop());

const login = (userId: string, openid = `openid-${userId}`) =>
  callAs(t, 'auth', openid, {
    action: 'login',
    code: t.local.wecom.control.issueLoginCode(userId),
  });
const tokenDoc = async () =>
  (await t.db.collection('wecomTokens').where({ _id: 'ww-demo-corp.agent.1000002' }).get()).data[0];

it('parallel calls on cold instances fetch the token once and share it', async () => {
  const results = await Promise.all(['a', 'b', 'c', 'd'].map((u) => login(u)));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(gettokenCalls).toEqual(['local-agent-secret']);
  expect(await tokenDoc()).toMatchObject({ refreshes: 1, leaseOwner: null });
});

it('42001 (expired): refreshes once and retries, the call succeeds', async () => {
  t.local.wecom.control.expireTokens();
  gettokenCalls.length = 0;
  const res = await login('e');
  expect(res.ok).toBe(true);
  expect(gettokenCalls).toHaveLength(1);
  expect((await tokenDoc()).refreshes).toBe(2);
});

it('42001 seen by parallel instances: still one refresh', async () => {
  t.local.wecom.control.expireTokens();
  gettokenCalls.length = 0;
  const results = await Promise.all(['a', 'b', 'c', 'd'].map((u) => login(u, `openid-2-${u}`)));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(gettokenCalls).toHaveLength(1);
});

it('40014 (invalid token): refreshes once and retries', async () => {
  t.local.wecom.control.failNext(1, 40014, { path: '/cgi-bin/miniprogram' });
  gettokenCalls.length = 0;
  const res = await login('f');
  expect(res.ok).toBe(true);
  expect(gettokenCalls).toHaveLength(1);
});

it('40014 again and again is not retried forever: the call fails clearly', async () => {
  t.local.wecom.control.failNext(3, 40014, { path: '/cgi-bin/miniprogram' });
  const res = await login('a', 'openid-x');
  expect(res.error.code).toBe('WECOM_UNAVAILABLE');
});

it('an outage (HTTP 503) surfaces as WECOM_UNAVAILABLE, and the org sync records it', async () => {
  t.local.wecom.control.outage({ untilMs: Date.now() + 3600_000, errcode: -1, httpStatus: 503 });
  try {
    expect((await login('b', 'openid-y')).error.code).toBe('WECOM_UNAVAILABLE');
    await t.db
      .collection('employees')
      .doc('a')
      .update({ data: { roles: ['admin'] } });
    await t.db.collection('bindings').add({
      data: {
        _id: 'openid-admin',
        userId: 'a',
        corpId: 'ww-demo-corp',
        source: 'wecom',
        boundAt: new Date(),
      },
    });
    const sync = await callAs(t, 'admin', 'openid-admin', { action: 'org.sync' });
    expect(sync.error.code).toBe('WECOM_UNAVAILABLE');
    const info = await callAs(t, 'admin', 'openid-admin', { action: 'org.departments' });
    expect(info.data.sync.lastError).toMatch(/HTTP 503/);
  } finally {
    t.local.wecom.control.restore();
  }
  const after = await callAs(t, 'admin', 'openid-admin', { action: 'org.sync' });
  expect(after.data).toMatchObject({ done: true, employees: 6 });
});

it('the node:http fallback (CloudBase Node 16 has no global fetch) speaks the same JSON', async () => {
  const reply = await httpRequestJson(
    `${t.local.url}/wecom/cgi-bin/gettoken?corpid=ww-demo-corp&corpsecret=local-contact-secret`,
    'GET',
    undefined,
    false,
  );
  expect(reply.status).toBe(200);
  expect(JSON.parse(reply.text)).toMatchObject({ errcode: 0, access_token: expect.any(String) });
  const posted = await httpRequestJson(
    `${t.local.url}/wecom/cgi-bin/user/list_id?access_token=bad`,
    'POST',
    { limit: 1 },
    false,
  );
  expect(JSON.parse(posted.text).errcode).toBe(40014);
});
