/**
 * The WeChat openapi fake, called over real HTTP with fetch exactly as a production adapter
 * would (base URL + `/cgi-bin/...` or `/wxa/...`), with an injected clock.
 */
import { crc32, inflateSync } from 'node:zlib';
import { serveFake } from '../../../local/fakes/http';
import { type WeChatFake, createWeChatFake } from '../../../local/fakes/wechat';

const APP_ID = 'wx0000000000000001';
const APP_SECRET = 'app-secret';
const PAGES = ['pages/index/index', 'pages/share/landing'];
const TEMPLATE = 'tmpl-points-expiring';
const START = Date.UTC(2025, 0, 6, 1, 0, 0);

let nowMs = START;
let fake: WeChatFake;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  fake = createWeChatFake({
    appId: APP_ID,
    appSecret: APP_SECRET,
    publishedPages: PAGES,
    now: () => nowMs,
  });
  ({ baseUrl: base, close } = await serveFake(fake, '/wechat'));
});
afterAll(() => close());
beforeEach(() => {
  nowMs = START;
  fake.control.reset();
});

type Json = any;

async function get(path: string, params: Record<string, string>): Promise<Json> {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  expect(response.status).toBe(200);
  return response.json();
}

function postRaw(path: string, params: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(`${base}${path}?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function post(path: string, params: Record<string, string>, body: unknown): Promise<Json> {
  const response = await postRaw(path, params, body);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

async function token(): Promise<string> {
  const reply = await get('/cgi-bin/token', {
    grant_type: 'client_credential',
    appid: APP_ID,
    secret: APP_SECRET,
  });
  return reply.access_token;
}

const subscribeMessage = (touser: string, thing = '春节活动积分即将过期') => ({
  touser,
  template_id: TEMPLATE,
  page: 'pages/index/index',
  miniprogram_state: 'formal',
  lang: 'zh_CN',
  data: {
    thing1: { value: thing },
    number2: { value: '120' },
    time3: { value: '2025年01月09日 23:59' },
  },
});

describe('access token', () => {
  it('issues { access_token, expires_in } and refuses a wrong appid (40013) or secret (40125)', async () => {
    const ok = await get('/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: APP_ID,
      secret: APP_SECRET,
    });
    expect(ok).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    const wrongApp = await get('/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: 'wxother',
      secret: APP_SECRET,
    });
    expect(wrongApp.errcode).toBe(40013);
    const wrongSecret = await get('/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: APP_ID,
      secret: 'x',
    });
    expect(wrongSecret).toEqual({
      errcode: 40125,
      errmsg: expect.stringMatching(/^invalid appsecret rid: /),
    });
    expect(
      (await get('/cgi-bin/token', { grant_type: 'password', appid: APP_ID, secret: APP_SECRET }))
        .errcode,
    ).toBe(40002);
  });

  it('expires after 7200 s on the injected clock (42001); unknown 40001, missing 41001', async () => {
    const accessToken = await token();
    const call = (t?: string) =>
      post('/wxa/getwxacodeunlimit', t === undefined ? {} : { access_token: t }, { scene: 's1' });
    nowMs += 7200_000;
    expect((await call(accessToken)).errcode).toBe(42001);
    expect((await call('forged')).errcode).toBe(40001);
    expect((await call()).errcode).toBe(41001);
  });

  it('a new /cgi-bin/token keeps the previous one working for 5 more minutes', async () => {
    const old = await token();
    const renewed = await token();
    expect(renewed).not.toBe(old);
    const call = (t: string) =>
      postRaw('/wxa/getwxacodeunlimit', { access_token: t }, { scene: 's1' });
    nowMs += 299_000;
    expect((await call(old)).headers.get('content-type')).toBe('image/png');
    nowMs += 1_000;
    expect(((await (await call(old)).json()) as Json).errcode).toBe(42001);
    expect((await call(renewed)).headers.get('content-type')).toBe('image/png');
  });

  it('stable_token returns the same token while valid, a new one with force_refresh', async () => {
    const body = { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET };
    const first = await post('/cgi-bin/stable_token', {}, body);
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    nowMs += 1_000_000;
    const again = await post('/cgi-bin/stable_token', {}, body);
    expect(again).toEqual({ access_token: first.access_token, expires_in: 6200 });
    const forced = await post('/cgi-bin/stable_token', {}, { ...body, force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    expect((await post('/cgi-bin/stable_token', {}, { ...body, secret: 'x' })).errcode).toBe(40125);
  });

  it('expireTokens() makes issued tokens answer 42001', async () => {
    const accessToken = await token();
    fake.control.expireTokens();
    const reply = await post(
      '/cgi-bin/message/subscribe/send',
      { access_token: accessToken },
      subscribeMessage('o1'),
    );
    expect(reply.errcode).toBe(42001);
  });
});

/** Splits a PNG into chunks, checking the signature, lengths and every CRC. */
function readPng(png: Buffer) {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('ascii'),
      data: typeAndData.subarray(4),
    });
    offset += 12 + length;
  }
  return chunks;
}

describe('wxa/getwxacodeunlimit', () => {
  const code = async (body: unknown, accessToken?: string) =>
    postRaw('/wxa/getwxacodeunlimit', { access_token: accessToken ?? (await token()) }, body);

  it('A12: answers a valid PNG (signature, IHDR, IDAT, IEND, CRCs) of the requested width', async () => {
    const response = await code({ scene: 'k7Qm2xZp', page: 'pages/share/landing', width: 280 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const chunks = readPng(Buffer.from(await response.arrayBuffer()));

    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0].data;
    expect(ihdr).toHaveLength(13);
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)]).toEqual([280, 280]);
    expect([...ihdr.subarray(8)]).toEqual([8, 0, 0, 0, 0]); // 8-bit grayscale, no interlace
    const scanlines = inflateSync(chunks[1].data);
    expect(scanlines).toHaveLength(281 * 280);
    const pixels = new Set(scanlines.filter((_, i) => i % 281 !== 0));
    expect([...pixels].sort((a, b) => a - b)).toEqual([0, 255]);

    expect(fake.control.codes()).toEqual([
      {
        at: START,
        scene: 'k7Qm2xZp',
        page: 'pages/share/landing',
        envVersion: 'release',
        checkPath: true,
        width: 280,
      },
    ]);
  });

  it('gives different scenes different images, and the same scene the same image', async () => {
    const accessToken = await token();
    const image = async (scene: string) =>
      Buffer.from(await (await code({ scene }, accessToken)).arrayBuffer());
    const a = await image('share-a');
    expect((await image('share-a')).equals(a)).toBe(true);
    expect((await image('share-b')).equals(a)).toBe(false);
  });

  it('A1: accepts 1..32 characters of the documented alphabet; 40169 for length, 40129 for characters', async () => {
    const accessToken = await token();
    const errcode = async (body: unknown) => {
      const response = await code(body, accessToken);
      if (response.headers.get('content-type') === 'image/png') return 0;
      return ((await response.json()) as Json).errcode;
    };
    expect(await errcode({ scene: 'a'.repeat(32) })).toBe(0);
    expect(await errcode({ scene: "id=1&c=2!#$'()*+,/:;?@-._~" })).toBe(0);
    expect(await errcode({ scene: 'a'.repeat(33) })).toBe(40169);
    expect(await errcode({ scene: '' })).toBe(40169);
    expect(await errcode({ page: 'pages/index/index' })).toBe(40169);
    expect(await errcode({ scene: '中文' })).toBe(40129);
    expect(await errcode({ scene: 'a%20b' })).toBe(40129);
    expect(await errcode({ scene: 'a b' })).toBe(40129);
  });

  it('accepts only published pages unless check_path is false (41030), and known env versions', async () => {
    const accessToken = await token();
    const errcode = async (body: unknown) => {
      const response = await code(body, accessToken);
      return response.headers.get('content-type') === 'image/png'
        ? 0
        : ((await response.json()) as Json).errcode;
    };
    expect(await errcode({ scene: 's', page: 'pages/draft/new' })).toBe(41030);
    expect(await errcode({ scene: 's', page: '/pages/index/index' })).toBe(41030);
    expect(await errcode({ scene: 's', page: 'pages/index/index?x=1' })).toBe(41030);
    expect(
      await errcode({
        scene: 's',
        page: 'pages/draft/new',
        check_path: false,
        env_version: 'develop',
      }),
    ).toBe(0);
    expect(await errcode({ scene: 's', env_version: 'beta' })).toBe(40097);

    fake.control.setPublishedPages([...PAGES, 'pages/draft/new']);
    expect(await errcode({ scene: 's', page: 'pages/draft/new' })).toBe(0);
  });

  it('is POST only (43002), wants a JSON body (47001), and clamps the width', async () => {
    const accessToken = await token();
    expect((await get('/wxa/getwxacodeunlimit', { access_token: accessToken })).errcode).toBe(
      43002,
    );
    const notJson = await fetch(`${base}/wxa/getwxacodeunlimit?access_token=${accessToken}`, {
      method: 'POST',
      body: 'scene=abc',
    });
    expect(((await notJson.json()) as Json).errcode).toBe(47001);
    await code({ scene: 'w', width: 5000 }, accessToken);
    expect(fake.control.codes()[0].width).toBe(1280);
  });
});

describe('wxa/generate_urllink', () => {
  const link = async (body: unknown, accessToken?: string) =>
    post('/wxa/generate_urllink', { access_token: accessToken ?? (await token()) }, body);
  const DAY_MS = 24 * 3600 * 1000;

  it('answers { errcode: 0, errmsg: ok, url_link } and records the link', async () => {
    const reply = await link({
      path: 'pages/share/landing',
      query: 's=k7Qm2xZpA1b3',
      expire_type: 1,
      expire_interval: 30,
      env_version: 'release',
    });
    expect(reply).toEqual({
      errcode: 0,
      errmsg: 'ok',
      url_link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]{11}$/),
    });
    expect(fake.control.urlLinks()).toEqual([
      {
        at: START,
        urlLink: reply.url_link,
        path: 'pages/share/landing',
        query: 's=k7Qm2xZpA1b3',
        envVersion: 'release',
        expireType: 1,
        expiresAt: START + 30 * DAY_MS,
      },
    ]);
  });

  it('every call is a new link; an empty path opens the home page', async () => {
    const accessToken = await token();
    const a = await link({ query: 's=a', expire_type: 1, expire_interval: 1 }, accessToken);
    const b = await link({ query: 's=a', expire_type: 1, expire_interval: 1 }, accessToken);
    expect(a.url_link).not.toBe(b.url_link);
    expect(fake.control.urlLinks().map((l) => l.path)).toEqual(['', '']);
  });

  it('accepts only published pages, without a leading / or a query (40165)', async () => {
    const accessToken = await token();
    const errcode = async (body: object) =>
      (await link({ expire_type: 1, expire_interval: 7, ...body }, accessToken)).errcode;
    expect(await errcode({ path: 'pages/draft/new' })).toBe(40165);
    expect(await errcode({ path: '/pages/index/index' })).toBe(40165);
    expect(await errcode({ path: 'pages/index/index?s=1' })).toBe(40165);
    expect(await errcode({ path: 42 })).toBe(40165);
    // No check_path here: trial and develop links must point at published pages too.
    expect(await errcode({ path: 'pages/draft/new', env_version: 'develop' })).toBe(40165);
    fake.control.setPublishedPages([...PAGES, 'pages/draft/new']);
    expect(await errcode({ path: 'pages/draft/new' })).toBe(0);
    expect(fake.control.urlLinks()).toHaveLength(1);
  });

  it('checks the query (40212), env_version (85402), the expiry (85401) and expire_type (40097)', async () => {
    const accessToken = await token();
    const errcode = async (body: object) =>
      (
        await link(
          { path: 'pages/index/index', expire_type: 1, expire_interval: 30, ...body },
          accessToken,
        )
      ).errcode;
    expect(await errcode({ query: "a=1&b=%E4%B8%AD!#$'()*+,/:;=?@-._~" })).toBe(0);
    expect(await errcode({ query: 'a'.repeat(1024) })).toBe(0);
    expect(await errcode({ query: 'a'.repeat(1025) })).toBe(40212);
    expect(await errcode({ query: 's=中文' })).toBe(40212);
    expect(await errcode({ query: 's=a b' })).toBe(40212);
    expect(await errcode({ env_version: 'trial' })).toBe(0);
    expect(await errcode({ env_version: 'beta' })).toBe(85402);
    expect(await errcode({ expire_interval: 31 })).toBe(85401);
    expect(await errcode({ expire_interval: 0 })).toBe(85401);
    expect(await errcode({ expire_interval: undefined })).toBe(85401);
    const inSeconds = (ms: number) => Math.floor((START + ms) / 1000);
    expect(await errcode({ expire_type: 0, expire_time: inSeconds(DAY_MS) })).toBe(0);
    expect(await errcode({ expire_type: 0, expire_time: inSeconds(30_000) })).toBe(85401);
    expect(await errcode({ expire_type: 0, expire_time: inSeconds(31 * DAY_MS) })).toBe(85401);
    expect(await errcode({ expire_type: 2 })).toBe(40097);
    expect(fake.control.urlLinks().map((l) => l.envVersion)).toEqual([
      'release',
      'release',
      'trial',
      'release',
    ]);
  });

  it('wants a token (41001/40001), POST (43002) and a JSON body (47001)', async () => {
    const body = { path: 'pages/index/index', expire_type: 1, expire_interval: 1 };
    expect((await post('/wxa/generate_urllink', {}, body)).errcode).toBe(41001);
    expect((await post('/wxa/generate_urllink', { access_token: 'nope' }, body)).errcode).toBe(
      40001,
    );
    const accessToken = await token();
    expect((await get('/wxa/generate_urllink', { access_token: accessToken })).errcode).toBe(43002);
    const notJson = await fetch(`${base}/wxa/generate_urllink?access_token=${accessToken}`, {
      method: 'POST',
      body: 'path=pages/index/index',
    });
    expect(((await notJson.json()) as Json).errcode).toBe(47001);
    expect(fake.control.urlLinks()).toEqual([]);
  });
});

describe('message/subscribe/send', () => {
  const send = async (body: unknown) =>
    post('/cgi-bin/message/subscribe/send', { access_token: await token() }, body);

  it('P3: refuses a user who has not subscribed (43101)', async () => {
    const reply = await send(subscribeMessage('o-not-subscribed'));
    expect(reply).toEqual({
      errcode: 43101,
      errmsg: expect.stringMatching(/^user refuse to accept the msg/),
    });
    expect(fake.control.sent()).toEqual([]);
  });

  it('P3: each send consumes one one-time subscription, and is recorded', async () => {
    fake.control.subscribe('o-emp-customer', TEMPLATE, 2);
    const first = await send(subscribeMessage('o-emp-customer'));
    expect(first).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(fake.control.remainingSubscriptions('o-emp-customer', TEMPLATE)).toBe(1);
    nowMs += 1_000;
    expect((await send(subscribeMessage('o-emp-customer'))).errcode).toBe(0);
    expect((await send(subscribeMessage('o-emp-customer'))).errcode).toBe(43101);

    const sent = fake.control.sent();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      at: START,
      msgid: first.msgid,
      ...subscribeMessage('o-emp-customer'),
    });
    expect(sent[1].at).toBe(START + 1_000);
    // A subscription is per template.
    fake.control.subscribe('o-emp-customer', 'another-template');
    expect((await send(subscribeMessage('o-emp-customer'))).errcode).toBe(43101);
  });

  it('refuses data that breaks the field rules (47003) without using the subscription', async () => {
    fake.control.subscribe('o1', TEMPLATE, 1);
    const tooLong = await send(
      subscribeMessage('o1', '这是一个超过二十个字的事物字段所以会被微信拒绝的内容'),
    );
    expect(tooLong.errcode).toBe(47003);
    expect(tooLong.errmsg).toMatch(/data\.thing1\.value/);
    const notNumber = { ...subscribeMessage('o1'), data: { number2: { value: '十二' } } };
    expect((await send(notNumber)).errcode).toBe(47003);
    expect((await send({ ...subscribeMessage('o1'), template_id: '' })).errcode).toBe(40037);
    expect(fake.control.remainingSubscriptions('o1', TEMPLATE)).toBe(1);
    expect((await send(subscribeMessage('o1'))).errcode).toBe(0);
  });
});

describe('faults and /__control over HTTP', () => {
  const control = async (route: string, body?: unknown) => {
    const response = await postRaw(`/__control/${route}`, {}, body ?? {});
    return { status: response.status, json: (await response.json()) as Json };
  };

  it('failNext(n) then recovery', async () => {
    const accessToken = await token();
    fake.control.failNext(1, 45009, { path: '/wxa/' });
    const limited = await post(
      '/wxa/getwxacodeunlimit',
      { access_token: accessToken },
      { scene: 's' },
    );
    expect(limited.errcode).toBe(45009);
    expect(
      (
        await postRaw('/wxa/getwxacodeunlimit', { access_token: accessToken }, { scene: 's' })
      ).headers.get('content-type'),
    ).toBe('image/png');
  });

  it('an outage until a time on the fake clock, then recovery', async () => {
    fake.control.outage({ untilMs: START + 30_000, errcode: -1 });
    const down = await get('/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: APP_ID,
      secret: APP_SECRET,
    });
    expect(down).toEqual({ errcode: -1, errmsg: expect.stringMatching(/^system error/) });
    nowMs += 30_000;
    expect(await token()).toEqual(expect.any(String));
  });

  it('drives subscriptions, faults, the clock and reads records over HTTP', async () => {
    expect(
      (await control('subscribe', { openid: 'o2', templateId: TEMPLATE, times: 3 })).json,
    ).toEqual({
      ok: true,
      remaining: 3,
    });
    const accessToken = await token();
    await post(
      '/cgi-bin/message/subscribe/send',
      { access_token: accessToken },
      subscribeMessage('o2'),
    );
    expect((await control('sent')).json.messages).toHaveLength(1);

    await postRaw('/wxa/getwxacodeunlimit', { access_token: accessToken }, { scene: 'abc' });
    expect((await control('codes')).json.codes.map((c: Json) => c.scene)).toEqual(['abc']);

    const made = await post(
      '/wxa/generate_urllink',
      { access_token: accessToken },
      { path: 'pages/index/index', query: 's=abc', expire_type: 1, expire_interval: 30 },
    );
    expect((await control('url-links')).json.urlLinks).toEqual([
      expect.objectContaining({ urlLink: made.url_link, query: 's=abc' }),
    ]);

    await control('fail-next', { count: 1, errcode: 45011 });
    expect(
      (
        await post(
          '/cgi-bin/message/subscribe/send',
          { access_token: accessToken },
          subscribeMessage('o2'),
        )
      ).errcode,
    ).toBe(45011);

    await control('outage', { forMs: 60_000, errcode: -1, path: '/cgi-bin/message/' });
    expect(
      (
        await post(
          '/cgi-bin/message/subscribe/send',
          { access_token: accessToken },
          subscribeMessage('o2'),
        )
      ).errcode,
    ).toBe(-1);
    await control('restore');
    expect(
      (
        await post(
          '/cgi-bin/message/subscribe/send',
          { access_token: accessToken },
          subscribeMessage('o2'),
        )
      ).errcode,
    ).toBe(0);

    await control('pages', { pages: ['pages/only/one'] });
    expect(
      (
        await post(
          '/wxa/getwxacodeunlimit',
          { access_token: accessToken },
          { scene: 's', page: 'pages/index/index' },
        )
      ).errcode,
    ).toBe(41030);

    await control('advance-clock', { ms: 7200_000 });
    expect(
      (
        await post(
          '/cgi-bin/message/subscribe/send',
          { access_token: accessToken },
          subscribeMessage('o2'),
        )
      ).errcode,
    ).toBe(42001);

    await control('reset');
    expect(fake.control.sent()).toEqual([]);
    expect(fake.control.urlLinks()).toEqual([]);
    expect(fake.control.remainingSubscriptions('o2', TEMPLATE)).toBe(0);
    expect((await control('subscribe', { openid: '', templateId: TEMPLATE })).status).toBe(400);
  });
});
