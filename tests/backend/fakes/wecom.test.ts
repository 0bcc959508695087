/**
 * The WeCom fake, called over real HTTP with fetch exactly as a production adapter would
 * (base URL + `/cgi-bin/...`), with an injected clock.
 */
import { serveFake } from '../../../local/fakes/http';
import { type WeComFake, type WeComOrg, createWeComFake } from '../../../local/fakes/wecom';

const CORP_ID = 'wwcorp0000000001';
const AGENT = { agentId: 1000002, secret: 'agent-secret' };
const OTHER_AGENT = { agentId: 1000003, secret: 'other-agent-secret' };
const CONTACT_SECRET = 'contact-secret';
const START = Date.UTC(2025, 0, 6, 1, 0, 0);

/** 总部 > 销售部 > (华东, 华南), 总部 > 市场部; zhangsan leads 销售部 and is also in 市场部. */
const ORG: WeComOrg = {
  departments: [
    { id: 1, name: '总部', parentid: 0, order: 100 },
    { id: 2, name: '销售部', name_en: 'Sales', parentid: 1, order: 90 },
    { id: 3, name: '华东销售', parentid: 2, department_leader: ['lisi'] },
    { id: 4, name: '华南销售', parentid: 2 },
    { id: 5, name: '市场部', parentid: 1 },
  ],
  users: [
    { userid: 'boss', name: '老板', department: [1] },
    {
      userid: 'zhangsan',
      name: '张三',
      department: [2, 5],
      is_leader_in_dept: [1, 0],
      position: '销售总监',
    },
    { userid: 'lisi', name: '李四', department: [3], mobile: '13800000001', gender: '1' },
    { userid: 'wangwu', name: '王五', department: [3] },
    { userid: 'zhaoliu', name: '赵六', department: [4] },
    { userid: 'sunqi', name: '孙七', department: [4], status: 2 },
    { userid: 'zhouba', name: '周八', department: [5] },
  ],
};

let nowMs = START;
let fake: WeComFake;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  fake = createWeComFake({
    corpId: CORP_ID,
    agents: [AGENT, OTHER_AGENT],
    contactSecret: CONTACT_SECRET,
    org: ORG,
    now: () => nowMs,
  });
  ({ baseUrl: base, close } = await serveFake(fake, '/wecom'));
});
afterAll(() => close());
beforeEach(() => {
  nowMs = START;
  fake.control.reset();
});

type Json = any;

async function get(path: string, params: Record<string, string> = {}): Promise<Json> {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function post(path: string, params: Record<string, string>, body: unknown): Promise<Json> {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function token(secret = AGENT.secret): Promise<string> {
  const reply = await get('/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: secret });
  expect(reply.errcode).toBe(0);
  return reply.access_token;
}

function notice(touser: string, agentid = AGENT.agentId) {
  return {
    touser,
    msgtype: 'miniprogram_notice',
    agentid,
    miniprogram_notice: {
      appid: 'wx0000000000000001',
      page: 'pages/task/detail?id=t1',
      title: '新任务',
      description: '1月6日 09:00',
      content_item: [{ key: '任务', value: '春节活动' }],
    },
  };
}

describe('gettoken and access_token', () => {
  it('issues a token with the real shape, and the same token while it is valid', async () => {
    const first = await get('/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: AGENT.secret });
    expect(first).toEqual({
      errcode: 0,
      errmsg: 'ok',
      access_token: expect.any(String),
      expires_in: 7200,
    });
    nowMs += 600_000;
    const again = await get('/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: AGENT.secret });
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBe(6600);
    expect(await token(OTHER_AGENT.secret)).not.toBe(first.access_token);
  });

  it('refuses a wrong corpid (40013), a wrong secret (40001) and missing parameters', async () => {
    expect(
      (await get('/cgi-bin/gettoken', { corpid: 'wwother', corpsecret: AGENT.secret })).errcode,
    ).toBe(40013);
    expect((await get('/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: 'nope' })).errcode).toBe(
      40001,
    );
    expect((await get('/cgi-bin/gettoken', { corpsecret: AGENT.secret })).errcode).toBe(41002);
    expect((await get('/cgi-bin/gettoken', { corpid: CORP_ID })).errcode).toBe(41004);
  });

  it('checks access_token on every API: missing 41001, unknown 40014, expired 42001 after 7200 s', async () => {
    expect((await get('/cgi-bin/department/list')).errcode).toBe(41001);
    expect((await get('/cgi-bin/department/list', { access_token: 'forged' })).errcode).toBe(40014);

    const accessToken = await token();
    nowMs += 7199_000;
    expect((await get('/cgi-bin/department/list', { access_token: accessToken })).errcode).toBe(0);
    nowMs += 1_000;
    const expired = await get('/cgi-bin/department/list', { access_token: accessToken });
    expect(expired.errcode).toBe(42001);
    expect(expired.errmsg).toMatch(/^access_token expired/);

    const renewed = await token();
    expect(renewed).not.toBe(accessToken);
    expect((await get('/cgi-bin/department/list', { access_token: renewed })).errcode).toBe(0);
  });

  it('expireTokens() makes every issued token answer 42001', async () => {
    const accessToken = await token();
    fake.control.expireTokens();
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(42001);
    expect(await token()).not.toBe(accessToken);
  });
});

describe('miniprogram/jscode2session', () => {
  const login = (accessToken: string, code: string) =>
    get('/cgi-bin/miniprogram/jscode2session', {
      access_token: accessToken,
      js_code: code,
      grant_type: 'authorization_code',
    });

  it('turns a wx.qy.login code into corpid + userid + session_key, once', async () => {
    const accessToken = await token();
    const code = fake.control.issueLoginCode('lisi');
    expect(await login(accessToken, code)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      corpid: CORP_ID,
      userid: 'lisi',
      session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
    });
    expect((await login(accessToken, code)).errcode).toBe(40029);
    expect((await login(accessToken, 'never-issued')).errcode).toBe(40029);
  });

  it('lets a code expire after 5 minutes', async () => {
    const accessToken = await token();
    const fresh = fake.control.issueLoginCode('wangwu');
    const stale = fake.control.issueLoginCode('wangwu');
    nowMs += 299_000;
    expect((await login(accessToken, fresh)).userid).toBe('wangwu');
    nowMs += 1_000;
    expect((await login(accessToken, stale)).errcode).toBe(40029);
  });

  it("needs the token of the mini-program's app, not the contacts secret (48002)", async () => {
    const code = fake.control.issueLoginCode('lisi');
    expect((await login(await token(CONTACT_SECRET), code)).errcode).toBe(48002);
  });

  it('only mints codes for members of the org', () => {
    expect(() => fake.control.issueLoginCode('stranger')).toThrow(/stranger/);
  });
});

describe('department/list', () => {
  it('lists every department with leaders from both department_leader and is_leader_in_dept', async () => {
    const reply = await get('/cgi-bin/department/list', { access_token: await token() });
    expect(reply.errcode).toBe(0);
    expect(reply.department.map((d: Json) => d.id)).toEqual([1, 2, 3, 4, 5]);
    expect(reply.department[1]).toEqual({
      id: 2,
      name: '销售部',
      name_en: 'Sales',
      parentid: 1,
      order: 90,
      department_leader: ['zhangsan'],
    });
    expect(reply.department[2].department_leader).toEqual(['lisi']);
  });

  it('with id, returns that department and everything below it (AD4 sync of a subtree)', async () => {
    const accessToken = await token(CONTACT_SECRET);
    const sales = await get('/cgi-bin/department/list', { access_token: accessToken, id: '2' });
    expect(sales.department.map((d: Json) => d.id).sort()).toEqual([2, 3, 4]);
    const leaf = await get('/cgi-bin/department/list', { access_token: accessToken, id: '4' });
    expect(leaf.department.map((d: Json) => d.id)).toEqual([4]);
    expect(
      (await get('/cgi-bin/department/list', { access_token: accessToken, id: '99' })).errcode,
    ).toBe(60003);
  });
});

describe('user/list_id, user/list, user/get', () => {
  it('pages through list_id with an opaque cursor until next_cursor is empty', async () => {
    const accessToken = await token(CONTACT_SECRET);
    const pages: Json[] = [];
    let cursor = '';
    do {
      const page = await post(
        '/cgi-bin/user/list_id',
        { access_token: accessToken },
        { cursor, limit: 3 },
      );
      expect(page.errcode).toBe(0);
      pages.push(page.dept_user);
      cursor = page.next_cursor;
    } while (cursor);

    // 7 members, zhangsan in two departments: 8 (userid, department) pairs in 3 pages.
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    const pairs = pages.flat();
    expect(pairs).toHaveLength(8);
    expect(pairs.filter((p: Json) => p.userid === 'zhangsan')).toEqual([
      { userid: 'zhangsan', department: 2 },
      { userid: 'zhangsan', department: 5 },
    ]);
    expect(new Set(pairs.map((p: Json) => p.userid)).size).toBe(7);
  });

  it('list_id is POST only (43002) and checks its limit and cursor (40058)', async () => {
    const accessToken = await token(CONTACT_SECRET);
    expect((await get('/cgi-bin/user/list_id', { access_token: accessToken })).errcode).toBe(43002);
    const bad = (body: unknown) =>
      post('/cgi-bin/user/list_id', { access_token: accessToken }, body);
    expect((await bad({ limit: 0 })).errcode).toBe(40058);
    expect((await bad({ limit: 10001 })).errcode).toBe(40058);
    expect((await bad({ cursor: 'not-a-cursor', limit: 10 })).errcode).toBe(40058);
  });

  it('user/list returns the direct members of a department with their details', async () => {
    const accessToken = await token();
    const reply = await get('/cgi-bin/user/list', {
      access_token: accessToken,
      department_id: '3',
    });
    expect(reply.errcode).toBe(0);
    expect(reply.userlist.map((u: Json) => u.userid)).toEqual(['lisi', 'wangwu']);
    expect(reply.userlist[0]).toMatchObject({
      userid: 'lisi',
      name: '李四',
      department: [3],
      order: [0],
      mobile: '13800000001',
      gender: '1',
      is_leader_in_dept: [1],
      status: 1,
    });
    const south = await get('/cgi-bin/user/list', {
      access_token: accessToken,
      department_id: '4',
    });
    expect(south.userlist.map((u: Json) => [u.userid, u.status])).toEqual([
      ['zhaoliu', 1],
      ['sunqi', 2],
    ]);
    expect(
      (await get('/cgi-bin/user/list', { access_token: accessToken, department_id: '42' })).errcode,
    ).toBe(60003);
  });

  it('user/get returns one member, 60111 for an unknown userid', async () => {
    const accessToken = await token();
    const zhangsan = await get('/cgi-bin/user/get', {
      access_token: accessToken,
      userid: 'zhangsan',
    });
    expect(zhangsan).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
      department: [2, 5],
      is_leader_in_dept: [1, 0],
      position: '销售总监',
      main_department: 2,
    });
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'ghost' })).errcode,
    ).toBe(60111);
  });

  it('AD4: setOrg() is what a later sync sees (member left, department added)', async () => {
    const accessToken = await token(CONTACT_SECRET);
    fake.control.setOrg({
      departments: [...ORG.departments, { id: 6, name: '华北销售', parentid: 2 }],
      users: [
        ...ORG.users.filter((u) => u.userid !== 'wangwu'),
        { userid: 'wu', name: '吴九', department: [6] },
      ],
    });
    const sales = await get('/cgi-bin/department/list', { access_token: accessToken, id: '2' });
    expect(sales.department.map((d: Json) => d.id).sort()).toEqual([2, 3, 4, 6]);
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'wangwu' })).errcode,
    ).toBe(60111);
    const ids = await post('/cgi-bin/user/list_id', { access_token: accessToken }, { limit: 100 });
    expect(ids.dept_user).toContainEqual({ userid: 'wu', department: 6 });
    expect(ids.dept_user.some((p: Json) => p.userid === 'wangwu')).toBe(false);
  });
});

describe('message/send', () => {
  it('T2: accepts a miniprogram_notice, answers the real shape and records it', async () => {
    const accessToken = await token();
    nowMs += 5_000;
    const reply = await post(
      '/cgi-bin/message/send',
      { access_token: accessToken },
      notice('lisi|wangwu'),
    );
    expect(reply).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: '',
      msgid: expect.any(String),
    });

    const [message] = fake.control.sent();
    expect(message).toMatchObject({
      at: START + 5_000,
      msgid: reply.msgid,
      agentid: AGENT.agentId,
      msgtype: 'miniprogram_notice',
      recipients: ['lisi', 'wangwu'],
      invaliduser: [],
    });
    expect(message.body).toEqual(notice('lisi|wangwu'));
    // Copies: changing them does not change the record.
    message.recipients.push('someone');
    expect(fake.control.sent()[0].recipients).toEqual(['lisi', 'wangwu']);
  });

  it('lists unknown and disabled members in invaliduser, and refuses when nobody is valid (81013)', async () => {
    const accessToken = await token();
    const partly = await post(
      '/cgi-bin/message/send',
      { access_token: accessToken },
      notice('lisi|ghost|sunqi'),
    );
    expect(partly.errcode).toBe(0);
    expect(partly.invaliduser).toBe('ghost|sunqi');
    expect(fake.control.sent()[0].recipients).toEqual(['lisi']);

    const nobody = await post(
      '/cgi-bin/message/send',
      { access_token: accessToken },
      notice('ghost|nobody'),
    );
    expect(nobody.errcode).toBe(81013);
    expect(nobody.invaliduser).toBe('ghost|nobody');
    expect(fake.control.sent()).toHaveLength(1);
  });

  it('resolves toparty with its sub-departments', async () => {
    const accessToken = await token();
    const reply = await post(
      '/cgi-bin/message/send',
      { access_token: accessToken },
      { toparty: '2', msgtype: 'text', agentid: AGENT.agentId, text: { content: '销售部请注意' } },
    );
    expect(reply.errcode).toBe(0);
    expect(fake.control.sent()[0].recipients.sort()).toEqual([
      'lisi',
      'wangwu',
      'zhangsan',
      'zhaoliu',
    ]);
  });

  it('refuses what WeCom refuses: another agent (301002), contacts token (48002), bad type or content', async () => {
    const accessToken = await token();
    const send = (body: unknown, t = accessToken) =>
      post('/cgi-bin/message/send', { access_token: t }, body);
    expect((await send(notice('lisi', OTHER_AGENT.agentId))).errcode).toBe(301002);
    expect((await send(notice('lisi', 42))).errcode).toBe(40056);
    expect((await send(notice('lisi'), await token(CONTACT_SECRET))).errcode).toBe(48002);
    expect((await send({ ...notice('lisi'), msgtype: 'telegram' })).errcode).toBe(40008);
    expect(
      (await send({ touser: 'lisi', msgtype: 'text', agentid: AGENT.agentId, text: {} })).errcode,
    ).toBe(44004);
    const noTitle = { ...notice('lisi'), miniprogram_notice: { appid: 'wx0000000000000001' } };
    expect((await send(noTitle)).errcode).toBe(40058);
    const getInstead = await get('/cgi-bin/message/send', { access_token: accessToken });
    expect(getInstead.errcode).toBe(43002);
    expect(fake.control.sent()).toHaveLength(0);
  });
});

describe('faults', () => {
  it('failNext(n) fails the next n calls with the errcode, then recovers', async () => {
    const accessToken = await token();
    fake.control.failNext(2, 45009);
    const calls = [];
    for (let i = 0; i < 3; i++) {
      calls.push(
        (await post('/cgi-bin/message/send', { access_token: accessToken }, notice('lisi')))
          .errcode,
      );
    }
    expect(calls).toEqual([45009, 45009, 0]);
    expect(fake.control.sent()).toHaveLength(1);
  });

  it('failNext can target one path, leaving gettoken alone', async () => {
    fake.control.failNext(1, -1, { path: '/cgi-bin/message/send' });
    const accessToken = await token();
    const busy = await post('/cgi-bin/message/send', { access_token: accessToken }, notice('lisi'));
    expect(busy).toEqual({ errcode: -1, errmsg: expect.stringMatching(/^system busy/) });
    expect(
      (await post('/cgi-bin/message/send', { access_token: accessToken }, notice('lisi'))).errcode,
    ).toBe(0);
  });

  it('an outage lasts until its end on the fake clock, and restore() ends it early', async () => {
    const accessToken = await token();
    fake.control.outage({ untilMs: START + 60_000, errcode: 45033 });
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(45033);
    expect(
      (await get('/cgi-bin/gettoken', { corpid: CORP_ID, corpsecret: AGENT.secret })).errcode,
    ).toBe(45033);
    nowMs += 60_000;
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(0);

    fake.control.outage({ untilMs: nowMs + 3_600_000, errcode: -1 });
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(-1);
    fake.control.restore();
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(0);
  });

  it('can fail at the HTTP level too (a gateway error, no JSON)', async () => {
    fake.control.failNext(1, -1, { httpStatus: 502 });
    const response = await fetch(
      `${base}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${AGENT.secret}`,
    );
    expect(response.status).toBe(502);
    expect(await token()).toEqual(expect.any(String));
  });
});

describe('/__control over HTTP (for other processes)', () => {
  const control = async (route: string, body?: unknown) => {
    const response = await fetch(`${base}/__control/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return { status: response.status, json: (await response.json()) as Json };
  };

  it('issues login codes, reads sent messages, injects and clears faults, expires tokens', async () => {
    const { json: issued } = await control('login-code', { userId: 'zhaoliu' });
    const accessToken = await token();
    const session = await get('/cgi-bin/miniprogram/jscode2session', {
      access_token: accessToken,
      js_code: issued.code,
      grant_type: 'authorization_code',
    });
    expect(session.userid).toBe('zhaoliu');

    await post('/cgi-bin/message/send', { access_token: accessToken }, notice('zhaoliu'));
    const { json: sent } = await control('sent');
    expect(sent.messages.map((m: Json) => m.recipients)).toEqual([['zhaoliu']]);

    await control('fail-next', { count: 1, errcode: 45009 });
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(45009);

    const { json: outage } = await control('outage', { forMs: 10_000, errcode: -1 });
    expect(outage.untilMs).toBe(START + 10_000);
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(-1);
    await control('restore');
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(0);

    await control('expire-tokens');
    expect(
      (await get('/cgi-bin/user/get', { access_token: accessToken, userid: 'lisi' })).errcode,
    ).toBe(42001);
  });

  it('sets the org, moves the clock and resets', async () => {
    const org: WeComOrg = { departments: [{ id: 1, name: '总部', parentid: 0 }], users: [] };
    expect((await control('org', org)).json).toEqual({ ok: true });
    const accessToken = await token();
    expect(
      (await get('/cgi-bin/department/list', { access_token: accessToken })).department,
    ).toHaveLength(1);

    const { json: moved } = await control('advance-clock', { ms: 7200_000 });
    expect(moved.now).toBe(START + 7200_000);
    expect((await get('/cgi-bin/department/list', { access_token: accessToken })).errcode).toBe(
      42001,
    );

    await control('reset');
    const fresh = await get('/cgi-bin/department/list', { access_token: await token() });
    expect(fresh.department).toHaveLength(5);
  });

  it('answers 400 for a bad control body and 404 for an unknown route', async () => {
    expect((await control('fail-next', { count: 0, errcode: 45009 })).status).toBe(400);
    expect((await control('login-code', { userId: 'stranger' })).json).toEqual({
      ok: false,
      error: expect.stringContaining('stranger'),
    });
    expect(
      (await control('org', { departments: [{ id: 2, name: 'x', parentid: 7 }], users: [] }))
        .status,
    ).toBe(400);
    expect((await control('nonsense')).status).toBe(404);
  });
});
