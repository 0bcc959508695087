/**
 * 客户朋友圈 relay (issue 12 §1, docs/moments-relay.md): one stable address per post; each reader
 * gets a URL Link of their own, because WeChat opens a URL Link only for the first user who
 * opened it. The `relay` function through the local cloud's HTTP access path, and the relay
 * page itself in headless Chromium (Debian's, driven by playwright-core): two visitors of one
 * post, an expired share, a tampered and an unknown share id, and a failed mint.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addClaimedShares } from '../support/attribution-fixture';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const DAY = 24 * 3600 * 1000;
const MOMENTS = 'MomentsLi001';
const ENDED = 'MomentsEnd01';
const CHAT = 'ChatShare001';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
  await addClaimedShares(t, { lilei: MOMENTS, hanmeimei: CHAT });
  await t.db
    .collection('shares')
    .doc(MOMENTS)
    .update({ data: { channel: 'wecom_moments' } });
  // A share of a task that has ended.
  const { data: task } = await t.db.collection('tasks').doc('t1').get();
  const { _id: _ignored, ...rest } = task;
  await t.db.collection('tasks').add({
    data: { ...rest, _id: 't-ended', endAt: new Date(Date.now() - DAY) },
  });
  const { data: share } = await t.db.collection('shares').doc(MOMENTS).get();
  const { _id: _shareId, ...shareRest } = share;
  await t.db.collection('shares').add({
    data: { ...shareRest, _id: ENDED, taskId: 't-ended' },
  });
});
afterAll(() => t.stop());
afterEach(() => t.local.wechat.control.restore());

const api = async (query: string) => {
  const response = await fetch(`${t.local.url}/relay-api${query}`);
  return { status: response.status, body: (await response.json()) as any };
};

describe('the relay function (HTTP access)', () => {
  it('mints a fresh URL Link into the content page with the share, for each request', async () => {
    const before = t.local.wechat.control.urlLinks().length;
    const first = await api(`?s=${MOMENTS}`);
    const second = await api(`?s=${MOMENTS}`);
    expect(first).toMatchObject({ status: 200, body: { ok: true, kind: 'link' } });
    expect(second.body.url).not.toBe(first.body.url);
    const made = t.local.wechat.control.urlLinks().slice(before);
    expect(made.map((l) => [l.path, l.query])).toEqual([
      ['pages/content/index', `s=${MOMENTS}`],
      ['pages/content/index', `s=${MOMENTS}`],
    ]);
    // A reader's link need not outlive the visit: a day, not WeChat's 30.
    expect(made[0].expiresAt - made[0].at).toBe(DAY);
  });

  it('refuses tampered, unknown, non-Moments and expired shares with a clear message, minting nothing', async () => {
    const before = t.local.wechat.control.urlLinks().length;
    expect(await api('?s=../../etc')).toMatchObject({
      status: 400,
      body: { ok: false, code: 'INVALID_SHARE', message: '链接无效，请向分享者重新获取' },
    });
    expect(await api('')).toMatchObject({ status: 400, body: { code: 'INVALID_SHARE' } });
    expect(await api(`?s=${'x'.repeat(5000)}`)).toMatchObject({ status: 400 });
    expect(await api('?s=Unknown00001')).toMatchObject({
      status: 404,
      body: { code: 'SHARE_NOT_FOUND', message: '分享不存在或已删除' },
    });
    expect(await api(`?s=${CHAT}`)).toMatchObject({
      status: 404,
      body: { code: 'SHARE_NOT_FOUND' },
    });
    expect(await api(`?s=${ENDED}`)).toMatchObject({
      status: 410,
      body: { code: 'SHARE_EXPIRED', message: '活动已结束，链接已失效' },
    });
    expect(t.local.wechat.control.urlLinks()).toHaveLength(before);
  });

  it('falls back to the mini-program code when WeChat refuses the link (quota spent)', async () => {
    t.local.wechat.control.failNext(1, 85401, { path: '/wxa/generate_urllink' });
    const before = t.local.wechat.control.codes().length;
    const reply = await api(`?s=${MOMENTS}`);
    expect(reply).toMatchObject({ status: 200, body: { ok: true, kind: 'code' } });
    expect(reply.body.image).toMatch(/^data:image\/png;base64,/);
    expect(t.local.wechat.control.codes().slice(before)).toMatchObject([
      { scene: MOMENTS, page: 'pages/content/index' },
    ]);
  });

  it('says so plainly when neither a link nor a code can be made', async () => {
    t.local.wechat.control.outage({ untilMs: Date.now() + 3_600_000, errcode: -1 });
    expect(await api(`?s=${MOMENTS}`)).toMatchObject({
      status: 503,
      body: { ok: false, code: 'RELAY_UNAVAILABLE', message: '暂时无法打开，请稍后重试' },
    });
  });

  it('answers only GET', async () => {
    const response = await fetch(`${t.local.url}/relay-api?s=${MOMENTS}`, { method: 'POST' });
    expect(response.status).toBe(405);
  });
});

(HAS_CHROMIUM ? describe : describe.skip)('the relay page in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(() => browser?.close());

  /**
   * A reader opens the post's address in a fresh browser; a URL Link it is sent to opens as
   * WeChat would open it for this WeChat user (the fake's rule), shown as the page it leads to.
   */
  async function visit(address: string, openid: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('https://wxaurl.cn/**', (route) => {
      const opened = t.local.wechat.control.openUrlLink(route.request().url(), openid);
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<pre id="opened">${JSON.stringify(opened)}</pre>`,
      });
    });
    await page.goto(address);
    return page;
  }

  const address = (shareId: string) => `${t.local.url}/relay/?s=${shareId}`;

  it('two visitors of one post both reach the content page, each attributed to the sharer', async () => {
    const readers = ['moments-reader-a', 'moments-reader-b'];
    const links: string[] = [];
    for (const openid of readers) {
      const page = await visit(address(MOMENTS), openid);
      const opened = JSON.parse((await page.locator('#opened').textContent({ timeout: 10_000 }))!);
      expect(opened).toEqual({ path: 'pages/content/index', query: `s=${MOMENTS}` });
      links.push(page.url());
      await page.context().close();
      // The mini-program opens the content page with the share: the visit is the sharer's.
      const shareId = new URLSearchParams(opened.query).get('s');
      const visitResult = await callAs(t, 'customer', openid, {
        action: 'content.open',
        clientEventId: `relay-${openid}`,
        shareId,
      });
      expect(visitResult.ok).toBe(true);
    }
    expect(links[0]).not.toBe(links[1]);
    const { data: relations } = await t.db
      .collection('relations')
      .where({ employeeId: 'lilei' })
      .limit(100)
      .get();
    expect(relations.map((r: any) => r.customerId)).toEqual(expect.arrayContaining(readers));
    // Why one link per post cannot work: the first reader's link refuses the second reader.
    expect(t.local.wechat.control.openUrlLink(links[0], readers[1])).toEqual({ refused: 'taken' });
  });

  it('an expired share says the campaign has ended', async () => {
    const page = await visit(address(ENDED), 'moments-reader-c');
    await page.getByText('活动已结束，链接已失效').waitFor({ timeout: 10_000 });
    expect(await page.locator('#title').textContent()).toBe('无法打开');
    await page.context().close();
  });

  it('a tampered share id says the link is invalid, and asks WeChat for nothing', async () => {
    const before = t.local.wechat.control.urlLinks().length;
    const page = await visit(
      `${t.local.url}/relay/?s=${encodeURIComponent('<script>1</script>')}`,
      'r-d',
    );
    await page.getByText('链接无效，请向分享者重新获取').waitFor({ timeout: 10_000 });
    expect(t.local.wechat.control.urlLinks()).toHaveLength(before);
    await page.context().close();
  });

  it('a failed mint shows the mini-program code to long-press', async () => {
    t.local.wechat.control.failNext(1, 45009, { path: '/wxa/generate_urllink' });
    const page = await visit(address(MOMENTS), 'moments-reader-e');
    await page.getByText('请长按识别小程序码').waitFor({ timeout: 10_000 });
    const src = await page.locator('#code').getAttribute('src');
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect(await page.locator('#code').isVisible()).toBe(true);
    await page.context().close();
  });
});
