/**
 * 名片设置 (M1): the employee edits the card customers see on content pages, with a live
 * preview (mobile masked unless shown in full), field errors in Chinese, and the usual
 * loading / error / pull-to-refresh states.
 */
import { deferred, fail, ok, offline, world, type Reply } from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const PAGE = 'packages/me/pages/card/index';
const GET = 'card.get';
const SAVE = 'card.save';

type Page = ReturnType<typeof openPage>;

const CARD = {
  name: '李雷',
  avatar: '',
  title: '家居顾问',
  company: '栖木家居',
  mobile: '13800138000',
  showFullMobile: false,
  wecomQrCode: '',
  intro: '十年家居设计经验',
};

beforeEach(() => world().reset());

/** Types into a native input or textarea, as the keyboard would (the `input` event). */
async function type(page: Page, selector: string, value: string) {
  const input = (page as any).querySelector(selector);
  if (!input) throw new Error(`no ${selector}`);
  input.dispatchEvent('input', { detail: { value } });
  await settle();
}

const preview = (page: Page) => textOf(page.dom.querySelector('[class*="biz-card"]') as Element);
const errors = (page: Page) => textsOf(page, 'field__error');

/** The full-mobile switch's body (tdesign marks a checked one `t-switch__body--checked`). */
function fullMobileSwitch(page: Page): HTMLElement {
  const bodies = Array.from(
    page.dom.querySelectorAll<HTMLElement>('[class*="t-switch__body"]'),
  ).filter((el) => el.className.split(/\s+/).some((c) => /(^|--)t-switch__body$/.test(c)));
  if (bodies.length !== 1) throw new Error(`${bodies.length} switches`);
  return bodies[0];
}

async function opened(card = CARD): Promise<Page> {
  world().answer('employee', GET, () => ok(card));
  const page = openPage(PAGE);
  await waitForText(page, '客户看到的名片');
  return page;
}

test('M1: shows 加载中, then the card as customers see it, with the mobile masked', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', GET, () => answer.promise);
  const page = openPage(PAGE);
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(ok(CARD));
  await waitForText(page, '客户看到的名片');
  const shown = preview(page);
  for (const text of ['李雷', '家居顾问', '栖木家居', '138****8000', '十年家居设计经验']) {
    expect(shown).toContain(text);
  }
  expect(shown).not.toContain('13800138000');
  // As on the content page: a masked mobile cannot be dialled.
  expect(shown).not.toContain('拨打电话');
  expect(textOf(page)).toContain('手机号打码显示时，客户看不到“拨打电话”按钮');
  expect(textOf(page)).toContain('向客户显示完整手机号');
  expect(/t-switch__body--checked/.test(fullMobileSwitch(page).className)).toBe(false);
});

test('M1: the preview follows the form; the switch shows the mobile in full', async () => {
  const page = await opened();
  await type(page, '#name', '李雷雷');
  await type(page, '#company', '栖木家居·上海');
  await type(page, '#mobile', '13912345678');
  await settle();
  expect(preview(page)).toContain('李雷雷');
  expect(preview(page)).toContain('栖木家居·上海');
  expect(preview(page)).toContain('139****5678');

  await tap(page, fullMobileSwitch(page));
  expect(preview(page)).toContain('13912345678');
  expect(preview(page)).toContain('拨打电话');
  await type(page, '#wecomQrCode', 'https://wework.qpic.cn/qr/lilei.png');
  expect(preview(page)).toContain('添加企业微信');
  await tap(page, fullMobileSwitch(page));
  expect(preview(page)).toContain('139****5678');
});

test('M1: 保存 sends every field trimmed, shows the saved card and says 已保存', async () => {
  const page = await opened();
  const saved = { ...CARD, title: '高级家居顾问', showFullMobile: true };
  world().answer('employee', SAVE, () => ok(saved));
  await type(page, '#title', ' 高级家居顾问 ');
  await tap(page, fullMobileSwitch(page));
  await tap(page, '保存');

  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' }),
  );
  expect(
    world()
      .sentTo('employee', SAVE)
      .map((c) => c.event),
  ).toEqual([
    {
      action: SAVE,
      name: '李雷',
      title: '高级家居顾问',
      company: '栖木家居',
      mobile: '13800138000',
      showFullMobile: true,
      wecomQrCode: '',
      intro: '十年家居设计经验',
    },
  ]);
  expect(preview(page)).toContain('13800138000');
});

test('S4: a broken rule shows its Chinese message under the field and sends nothing', async () => {
  const page = await opened();
  await type(page, '#name', '  ');
  await tap(page, '保存');
  expect(errors(page)).toEqual(['请填写姓名']);
  expect(world().wx.showToast).toHaveBeenCalledWith({ title: '请检查标红的内容', icon: 'none' });

  await type(page, '#name', '李雷');
  expect(errors(page)).toEqual([]);
  await type(page, '#mobile', '12345');
  await tap(page, '保存');
  expect(errors(page)).toEqual(['请填写正确的11位手机号码，或留空']);

  await type(page, '#mobile', '');
  await type(page, '#wecomQrCode', 'http://x.cn/qr.png');
  await tap(page, '保存');
  expect(errors(page)).toEqual(['企业微信二维码须为 https:// 开头的图片地址，或留空']);

  await type(page, '#wecomQrCode', '');
  await type(page, '#intro', '好'.repeat(201));
  await tap(page, '保存');
  expect(errors(page)).toEqual(['个人简介最多 200 个字']);
  expect(world().sentTo('employee', SAVE)).toHaveLength(0);
});

test('a failed save keeps the edits and says why above 保存', async () => {
  const page = await opened();
  world().answer('employee', SAVE, () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  await type(page, '#intro', '新的简介');
  await tap(page, '保存');
  await waitForText(page, '服务繁忙，请稍后重试');
  expect(textsOf(page, 'save-error')).toEqual(['服务繁忙，请稍后重试']);
  expect(preview(page)).toContain('新的简介');
});

test('a loading error offers 重试, which recovers', async () => {
  world().answer('employee', GET, () => offline());
  const page = openPage(PAGE);
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('employee', GET, () => ok(CARD));
  await tap(page, '重试');
  await waitForText(page, '客户看到的名片');
});

test('pull-to-refresh reloads the card, but never throws away unsaved edits', async () => {
  const page = await opened();
  world().answer('employee', GET, () => ok({ ...CARD, title: '店长' }));
  await page.instance.onPullDownRefresh();
  expect(preview(page)).toContain('店长');
  expect(world().sentTo('employee', GET)).toHaveLength(2);

  await type(page, '#title', '区域经理');
  await page.instance.onPullDownRefresh();
  expect(world().sentTo('employee', GET)).toHaveLength(2);
  expect(preview(page)).toContain('区域经理');
  expect(world().wx.showToast).toHaveBeenCalledWith({
    title: '有未保存的修改，请先保存',
    icon: 'none',
  });
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
});

test('the 我的 tab links 名片设置 to this page', async () => {
  world().answer('employee', 'me.get', () =>
    ok({ userId: 'lilei', name: '李雷', avatar: '', isAdmin: false, isLeader: false }),
  );
  const me = openPage('pages/me/index');
  await waitForText(me, '名片设置');
  await tap(me, '名片设置');
  expect(world().wx.navigateTo).toHaveBeenCalledWith(
    expect.objectContaining({ url: '/packages/me/pages/card/index' }),
  );
});
