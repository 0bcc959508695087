/**
 * The customer's content page (CU1, CU2, A3, A7, A9, M1, C6, S5): what a customer sees and
 * the exact calls made, against a fake backend answering the contract's shapes.
 */
import type { ContentView } from '../../typings/attribution';
import {
  deferred,
  fail,
  ok,
  offline,
  world,
  type FunctionEvent,
  type Reply,
} from './support/world';
import {
  openPage,
  settle,
  tap,
  textOf,
  textsOf,
  waitFor,
  waitForText,
  type PageInstance,
  type Rendered,
} from './support/render';

const CONTENT = 'pages/content/index';

const showModal = jest.fn();
const makePhoneCall = jest.fn();
const setNavigationBarTitle = jest.fn();
Object.assign(world().wx, { showModal, makePhoneCall, setNavigationBarTitle });

function confirmWith(confirm: boolean) {
  showModal.mockImplementation((options: { success?: (r: { confirm: boolean }) => void }) =>
    options.success?.({ confirm }),
  );
}

function view(overrides: Partial<ContentView> = {}): ContentView {
  return {
    content: {
      id: 'content-1',
      title: '岩板餐桌实测',
      cover: 'https://example.com/cover.png',
      blocks: [
        { type: 'heading', text: '烫：200°C 砂锅直接放' },
        { type: 'text', text: '表面没有任何痕迹。' },
        { type: 'image', url: 'https://example.com/b.png' },
      ],
    },
    card: {
      employeeId: 'zhangwei',
      name: '张伟',
      avatar: 'https://example.com/a.png',
      title: '家居顾问',
      company: '栖木家居',
      mobile: '13800138000',
      wecomQrCode: 'https://example.com/qr.png',
      intro: '十年家装经验',
    },
    form: {
      id: 'form-1',
      title: '免费上门量房',
      fields: [
        { key: 'name', label: '称呼', type: 'text', required: true },
        { key: 'phone', label: '手机号', type: 'phone', required: true },
        { key: 'area', label: '户型', type: 'select', required: false, options: ['两居', '三居'] },
      ],
      consentText: '我同意栖木家居通过电话与我联系',
    },
    shareId: 'share-1',
    ...overrides,
  };
}

const sent = (action: string) =>
  world()
    .sentTo('customer', action)
    .map((c) => c.event);

/** Types into a native input, as the keyboard would. */
function type(page: Rendered, nth: number, value: string) {
  const inputs = (page as any).querySelectorAll('.field__input');
  inputs[nth].dispatchEvent('input', { detail: { value } });
}

async function openContent(
  query: Record<string, string> = { s: 'share-1' },
  answer: ContentView = view(),
): Promise<Rendered<PageInstance>> {
  world().answer('customer', 'content.open', () => ok(answer));
  const page = openPage(CONTENT, query);
  await waitForText(page, answer.content.title);
  return page;
}

beforeEach(() => {
  world().reset();
  showModal.mockReset();
  makePhoneCall.mockReset();
  world().answer('customer', 'events.record', () => ok({ recorded: true }));
});

afterEach(() => jest.restoreAllMocks());

test('CU1/A3: a card (?s=) opens the content once, with one client event id, and shows it all', async () => {
  const page = await openContent();

  expect(sent('content.open')).toHaveLength(1);
  const open = sent('content.open')[0];
  expect(open).toEqual({
    action: 'content.open',
    shareId: 'share-1',
    clientEventId: expect.stringMatching(/^[0-9a-z-]{8,}$/),
  });
  const text = textOf(page);
  expect(text).toContain('烫：200°C 砂锅直接放');
  expect(text).toContain('表面没有任何痕迹。');
  expect(textsOf(page, 'biz-card__name')).toEqual(['张伟']);
  expect(text).toContain('家居顾问');
  expect(text).toContain('栖木家居');
  expect(text).toContain('十年家装经验');
  expect(text).toContain('拨打电话');
  expect(text).toContain('添加企业微信');
  expect(text).toContain('免费上门量房');
  expect(text).toContain('我同意栖木家居通过电话与我联系');
  expect(text).toContain('转发给朋友');
  expect(text).toContain('隐私说明');
  expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '岩板餐桌实测' });
});

const REWARD_WORDS = /积分|奖励|红包|领取|有礼|排行|排名|兑换|权益|榜/;

test('S5: nothing on the page mentions points, rewards or ranking, in any state', async () => {
  const page = await openContent();
  expect(textOf(page)).not.toMatch(REWARD_WORDS);
  // The form filled in and consented: still nothing.
  await tap(page, '我同意栖木家居通过电话与我联系');
  expect(textOf(page)).not.toMatch(REWARD_WORDS);

  // A direct open (no card, no form).
  world().answer('customer', 'content.open', () =>
    ok(view({ card: null, form: null, shareId: null })),
  );
  const direct = openPage(CONTENT, { contentId: 'content-1' });
  await waitForText(direct, '表面没有任何痕迹。');
  expect(textOf(direct)).not.toMatch(REWARD_WORDS);
});

test('A1: a mini-program code (?scene=) is decoded into the share id', async () => {
  await openContent({ scene: encodeURIComponent('AbC123xyz987') });
  expect(sent('content.open')[0]).toEqual(expect.objectContaining({ shareId: 'AbC123xyz987' }));
});

test('a direct open (?contentId=) sends the content id and no share', async () => {
  const page = await openContent({ contentId: 'content-1' }, view({ shareId: null, card: null }));
  expect(sent('content.open')[0]).toEqual({
    action: 'content.open',
    contentId: 'content-1',
    clientEventId: expect.any(String),
  });
  expect(textOf(page)).not.toContain('拨打电话');
});

test('A9: 重试 after a failed open sends the same client event id (one open, stored once)', async () => {
  world().answer('customer', 'content.open', () => offline());
  const page = openPage(CONTENT, { s: 'share-1' });
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('customer', 'content.open', () => ok(view()));
  await tap(page, '重试');
  await waitForText(page, '岩板餐桌实测');

  const ids = sent('content.open').map((e) => e.clientEventId);
  expect(ids).toHaveLength(2);
  expect(ids[1]).toBe(ids[0]);
});

test('each open of the page has its own client event id', async () => {
  await openContent();
  await openContent();
  const ids = sent('content.open').map((e) => e.clientEventId);
  expect(ids).toHaveLength(2);
  expect(ids[1]).not.toBe(ids[0]);
});

test('content that was taken down reads 内容已下架, without 重试', async () => {
  world().answer('customer', 'content.open', () => fail('CONTENT_REMOVED', '内容不存在'));
  const page = openPage(CONTENT, { s: 'share-1' });
  await waitForText(page, '内容已下架');
  expect(textOf(page)).not.toContain('重试');
});

test('shows 加载中 until the content arrives', async () => {
  const answer = deferred<Reply>();
  world().answer('customer', 'content.open', () => answer.promise);
  const page = openPage(CONTENT, { s: 'share-1' });
  await settle();
  expect(textOf(page)).toContain('加载中');
  answer.resolve(ok(view()));
  await waitForText(page, '岩板餐桌实测');
});

test('M1: 拨打电话 records a card_call and dials the card mobile', async () => {
  const page = await openContent();

  await tap(page, '拨打电话');

  expect(makePhoneCall).toHaveBeenCalledWith(
    expect.objectContaining({ phoneNumber: '13800138000' }),
  );
  await waitFor(() => expect(sent('events.record')).toHaveLength(1));
  expect(sent('events.record')[0]).toEqual({
    action: 'events.record',
    type: 'card_call',
    contentId: 'content-1',
    shareId: 'share-1',
    clientEventId: expect.any(String),
  });
});

test('M1: a masked mobile shows on the card as sent, and offers no 拨打电话', async () => {
  const masked = view();
  masked.card = { ...masked.card!, mobile: '138****8000' };
  const page = await openContent({ s: 'share-1' }, masked);
  expect(textsOf(page, 'biz-card__mobile')).toEqual(['138****8000']);
  expect(textOf(page)).not.toContain('拨打电话');
  expect(textOf(page)).toContain('添加企业微信');
});

test('M1: a card without title or mobile leaves no empty lines', async () => {
  const bare = view();
  bare.card = { ...bare.card!, title: '', mobile: '', company: '' };
  const page = await openContent({ s: 'share-1' }, bare);
  expect(textsOf(page, 'biz-card__name')).toEqual(['张伟']);
  for (const line of ['biz-card__title', 'biz-card__company', 'biz-card__mobile'])
    expect(textsOf(page, line)).toEqual([]);
});

test('M1: 添加企业微信 shows the WeCom QR code and records a card_add_contact', async () => {
  const page = await openContent();

  await tap(page, '添加企业微信');

  await waitForText(page, '长按识别二维码，添加企业微信');
  await waitFor(() => expect(sent('events.record')).toHaveLength(1));
  expect(sent('events.record')[0]).toEqual(
    expect.objectContaining({ type: 'card_add_contact', contentId: 'content-1' }),
  );
});

test('dwell time is recorded when the page is hidden and when it closes, each as its own event', async () => {
  let now = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const page = await openContent();
  page.instance.onShow?.();

  now += 42_000;
  (page.instance as any).onHide();
  now += 60_000; // in the background: not reading
  page.instance.onShow?.();
  now += 5_000;
  (page.instance as any).onUnload();

  await waitFor(() => expect(sent('events.record')).toHaveLength(2));
  const dwell = sent('events.record');
  expect(dwell.map((e) => [e.type, e.dwellMs])).toEqual([
    ['dwell', 42_000],
    ['dwell', 5_000],
  ]);
  expect(dwell[0]).toEqual(expect.objectContaining({ contentId: 'content-1', shareId: 'share-1' }));
  expect(dwell[0].clientEventId).not.toBe(dwell[1].clientEventId);
});

test('C4: a dwell reports how far the page was read (scroll depth of the page height)', async () => {
  let now = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const query = {
    in: () => query,
    select: () => query,
    boundingClientRect: (callback: (rect: { height: number }) => void) => {
      callback({ height: 2896 });
      return query;
    },
    exec: () => undefined,
  };
  // The simulator installs its own selector query (jsdom lays nothing out): measure a page.
  const spy = jest.spyOn(wx, 'createSelectorQuery').mockReturnValue(query as never);
  try {
    const page = await openContent();
    page.instance.onShow?.();
    (page.instance as any).onPageScroll({ scrollTop: 600 });
    (page.instance as any).onPageScroll({ scrollTop: 1448 });
    (page.instance as any).onPageScroll({ scrollTop: 200 }); // scrolling back up reads nothing new
    now += 20_000;
    (page.instance as any).onHide();

    await waitFor(() => expect(sent('events.record')).toHaveLength(1));
    // (1448 + 724 window) / 2896 = 75 %
    expect(sent('events.record')[0]).toEqual(
      expect.objectContaining({ type: 'dwell', dwellMs: 20_000, scrollDepth: 75 }),
    );
  } finally {
    spy.mockRestore();
  }
});

test('a page closed while hidden records its reading time once', async () => {
  let now = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const page = await openContent();
  page.instance.onShow?.();
  now += 30_000;
  (page.instance as any).onHide();
  now += 600_000;
  (page.instance as any).onUnload();

  await settle();
  expect(sent('events.record').map((e) => e.dwellMs)).toEqual([30_000]);
});

test('a glance shorter than a second is not recorded as reading', async () => {
  let now = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const page = await openContent();
  page.instance.onShow?.();
  now += 400;
  (page.instance as any).onUnload();
  await settle();
  expect(sent('events.record')).toEqual([]);
});

test('C6: 提交 is disabled until consent, and nothing is sent without it', async () => {
  const page = await openContent();
  type(page, 0, '王女士');
  type(page, 1, '13912345678');

  expect(page.dom.querySelector('[class*="t-button--disabled"]')).not.toBeNull();

  await tap(page, '提交');

  expect(sent('forms.submit')).toEqual([]);
  expect(textOf(page)).not.toContain('提交成功');

  await tap(page, '我同意栖木家居通过电话与我联系');
  expect(page.dom.querySelector('[class*="t-button--disabled"]')).toBeNull();
});

test('C6: required fields and a bad phone are refused with 请输入正确的手机号', async () => {
  const page = await openContent();
  await tap(page, '我同意栖木家居通过电话与我联系');

  await tap(page, '提交');
  expect(textsOf(page, 'field__error')).toEqual(['请填写称呼', '请填写手机号']);

  type(page, 0, '王女士');
  type(page, 1, '1391234');
  await tap(page, '提交');

  expect(textsOf(page, 'field__error')).toEqual(['请输入正确的手机号']);
  expect(sent('forms.submit')).toEqual([]);
});

test('C6: a valid form with consent is submitted once with its fields', async () => {
  world().answer('customer', 'forms.submit', () => ok({ submitted: true }));
  const page = await openContent();
  type(page, 0, ' 王女士 ');
  type(page, 1, '13912345678');
  (page as any).querySelector('.field__picker').dispatchEvent('change', { detail: { value: '1' } });
  await tap(page, '我同意栖木家居通过电话与我联系');

  await tap(page, '提交');

  await waitForText(page, '提交成功，我们会尽快与你联系');
  expect(sent('forms.submit')).toEqual([
    {
      action: 'forms.submit',
      clientEventId: expect.any(String),
      formId: 'form-1',
      contentId: 'content-1',
      shareId: 'share-1',
      fields: { name: '王女士', phone: '13912345678', area: '三居' },
      consent: true,
    },
  ]);
});

test('A9: a submission retried after a failure keeps its client event id', async () => {
  world().answer('customer', 'forms.submit', () => offline());
  const page = await openContent();
  type(page, 0, '王女士');
  type(page, 1, '13912345678');
  await tap(page, '我同意栖木家居通过电话与我联系');
  await tap(page, '提交');
  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '网络异常，请稍后重试' }),
    ),
  );

  world().answer('customer', 'forms.submit', () => ok({ submitted: true }));
  await tap(page, '提交');
  await waitForText(page, '提交成功');

  const ids = sent('forms.submit').map((e) => e.clientEventId);
  expect(ids).toHaveLength(2);
  expect(ids[1]).toBe(ids[0]);
});

test('A7: 转发 mints a child share of the opened share and the card carries its path', async () => {
  world().answer('customer', 'shares.forward', (event: FunctionEvent) =>
    ok({ shareId: 'child-1', path: `/pages/content/index?s=child-1&p=${event.parentShareId}` }),
  );
  const page = await openContent();

  const card = (page.instance as any).onShareAppMessage({ from: 'button' });

  expect(card.path).toBe('/pages/content/index?s=share-1'); // if WeChat stops waiting
  await expect(card.promise).resolves.toEqual({
    title: '岩板餐桌实测',
    imageUrl: 'https://example.com/cover.png',
    path: '/pages/content/index?s=child-1&p=share-1',
  });
  expect(sent('shares.forward')).toEqual([
    { action: 'shares.forward', parentShareId: 'share-1', clientEventId: expect.any(String) },
  ]);
});

test('A7: a failed forward still shares the opened share', async () => {
  world().answer('customer', 'shares.forward', () => offline());
  const page = await openContent();
  const card = (page.instance as any).onShareAppMessage({ from: 'button' });
  await expect(card.promise).resolves.toEqual(
    expect.objectContaining({ path: '/pages/content/index?s=share-1' }),
  );
});

test('a direct open forwards the content itself, minting nothing', async () => {
  const page = await openContent({ contentId: 'content-1' }, view({ shareId: null }));
  const card = (page.instance as any).onShareAppMessage({ from: 'menu' });
  expect(card).toEqual({
    title: '岩板餐桌实测',
    imageUrl: 'https://example.com/cover.png',
    path: '/pages/content/index?contentId=content-1',
  });
  expect(sent('shares.forward')).toEqual([]);
});

test('CU2: 删除我的数据 asks first; cancelled, nothing is deleted', async () => {
  confirmWith(false);
  const page = await openContent();
  await tap(page, '隐私说明');
  await waitForText(page, '删除我的数据');

  await tap(page, '删除我的数据');

  expect(showModal).toHaveBeenCalledTimes(1);
  expect(sent('privacy.deleteMe')).toEqual([]);
});

test('CU2: confirmed, the data is deleted and the page records nothing more', async () => {
  confirmWith(true);
  world().answer('customer', 'privacy.deleteMe', () => ok({ deleted: true }));
  const page = await openContent();
  await tap(page, '隐私说明');
  expect(textOf(page)).toContain('浏览时长');

  await tap(page, '删除我的数据');

  await waitForText(page, '你的数据已删除');
  expect(showModal.mock.calls[0][0].content).toContain('无法恢复');
  expect(sent('privacy.deleteMe')).toEqual([{ action: 'privacy.deleteMe', confirm: true }]);
  (page.instance as any).onUnload();
  await settle();
  expect(sent('events.record')).toEqual([]);
});
