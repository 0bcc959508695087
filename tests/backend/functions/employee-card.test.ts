/**
 * 名片设置 (M1) through the real functions: the caller's card with its defaults, saving and
 * reading it back, validation (S4) that changes nothing, and the card customers see on the
 * content page opened through the employee's share (the mobile masked unless shown in full).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';
import { addPublishedTask } from '../support/task-fixture';
import { LOCAL_IDENTITY } from '../../../local/cloud';

let t: TestCloud;
const now = Date.now();

const employee = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  corpId: 'ww-test',
  name,
  avatar: `https://wework.qpic.cn/${id}.png`,
  position: '销售顾问',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
  ...extra,
});

const binding = (openid: string, userId: string) => ({
  _id: openid,
  userId,
  corpId: 'ww-test',
  source: 'wecom',
  boundAt: new Date(),
});

beforeAll(async () => {
  t = await startTestCloud();
  await t.db.collection('employees').add({
    data: [employee('lilei', '李雷', { mobile: '13800138000' }), employee('hanmeimei', '韩梅梅')],
  });
  await t.db.collection('bindings').add({
    data: [binding('openid-lilei', 'lilei'), binding('openid-han', 'hanmeimei')],
  });
  await addPublishedTask(t, 'lilei', now);
});
afterAll(() => t.stop());

const get = (openid: string | undefined) => callAs(t, 'employee', openid, { action: 'card.get' });
const save = (openid: string | undefined, card: Record<string, unknown>) =>
  callAs(t, 'employee', openid, { action: 'card.save', ...card });

const CARD = {
  name: '李雷',
  title: '高级家居顾问',
  company: '栖木家居',
  mobile: '13912345678',
  showFullMobile: false,
  wecomQrCode: 'https://wework.qpic.cn/qr/lilei.png',
  intro: '十年家居设计经验，帮你选到合适的家具。',
};

let opened = 0;
/** The card a customer sees on the content page opened through a fresh share of 李雷. */
async function customerSeesCard() {
  await callAs(t, 'employee', 'openid-lilei', { action: 'tasks.claim', taskId: 't1' });
  const minted = await callAs(t, 'employee', 'openid-lilei', {
    action: 'shares.create',
    taskId: 't1',
    channel: 'wechat_chat',
    requestId: randomUUID(),
  });
  expect(minted.ok).toBe(true);
  opened += 1;
  const res = await callAs(t, 'customer', `cust-${opened}`, {
    action: 'content.open',
    clientEventId: `evt-card-open-${opened}`,
    shareId: minted.data.shareId,
  });
  expect(res.ok).toBe(true);
  return res.data.card;
}

describe('M1: the business card', () => {
  it('never saved: name, avatar and position from the employee record, the configured company', async () => {
    expect(await get('openid-han')).toEqual({
      ok: true,
      data: {
        name: '韩梅梅',
        avatar: 'https://wework.qpic.cn/hanmeimei.png',
        title: '销售顾问',
        company: LOCAL_IDENTITY.companyName,
        mobile: '',
        showFullMobile: false,
        wecomQrCode: '',
        intro: '',
      },
    });
  });

  it('the content page shows the default card with the WeCom mobile masked', async () => {
    expect(await customerSeesCard()).toEqual({
      employeeId: 'lilei',
      name: '李雷',
      avatar: 'https://wework.qpic.cn/lilei.png',
      title: '销售顾问',
      company: LOCAL_IDENTITY.companyName,
      mobile: '138****8000',
      wecomQrCode: '',
      intro: '',
    });
  });

  it('saving trims, answers the card and reads back; only the caller’s card changes', async () => {
    const res = await save('openid-lilei', { ...CARD, name: ' 李雷 ', mobile: '139 1234 5678' });
    const expected = { ...CARD, avatar: 'https://wework.qpic.cn/lilei.png' };
    expect(res).toEqual({ ok: true, data: expected });
    expect(await get('openid-lilei')).toEqual({ ok: true, data: expected });
    expect((await get('openid-han')).data.title).toBe('销售顾问');
  });

  it('PRIVACY: customers see the saved card with the mobile masked until shown in full', async () => {
    expect(await customerSeesCard()).toEqual({
      employeeId: 'lilei',
      name: '李雷',
      avatar: 'https://wework.qpic.cn/lilei.png',
      title: '高级家居顾问',
      company: '栖木家居',
      mobile: '139****5678',
      wecomQrCode: 'https://wework.qpic.cn/qr/lilei.png',
      intro: '十年家居设计经验，帮你选到合适的家具。',
    });
    expect((await save('openid-lilei', { ...CARD, showFullMobile: true })).ok).toBe(true);
    expect((await customerSeesCard()).mobile).toBe('13912345678');
    expect((await save('openid-lilei', { ...CARD, mobile: '', showFullMobile: true })).ok).toBe(
      true,
    );
    expect((await customerSeesCard()).mobile).toBe('');
    expect((await save('openid-lilei', CARD)).ok).toBe(true);
  });

  it('empty optional fields stay empty (no fallback to the defaults)', async () => {
    const blank = { ...CARD, title: '', company: '', wecomQrCode: '', intro: '' };
    const res = await save('openid-han', { ...blank, name: '韩梅梅', mobile: '' });
    expect(res.ok).toBe(true);
    expect(res.data).toMatchObject({ title: '', company: '', wecomQrCode: '', intro: '' });
    await save('openid-han', { ...CARD, name: '韩梅梅', mobile: '' });
  });
});

describe('S4: a card that breaks a rule is refused in Chinese and changes nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['empty name', { name: '  ' }, '请填写姓名'],
    ['long name', { name: '李'.repeat(21) }, '姓名最多 20 个字'],
    ['long title', { title: '顾'.repeat(31) }, '职位最多 30 个字'],
    ['long company', { company: '栖'.repeat(41) }, '公司名称最多 40 个字'],
    ['landline', { mobile: '02112345678' }, '请填写正确的11位手机号码，或留空'],
    ['short mobile', { mobile: '1391234567' }, '请填写正确的11位手机号码，或留空'],
    [
      'http QR code',
      { wecomQrCode: 'http://x.cn/qr.png' },
      '企业微信二维码须为 https:// 开头的图片地址，或留空',
    ],
    ['long intro', { intro: '好'.repeat(201) }, '个人简介最多 200 个字'],
  ];
  it.each(cases)('%s', async (_name, change, message) => {
    const before = await get('openid-lilei');
    expect(await save('openid-lilei', { ...CARD, ...change })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message },
    });
    expect(await get('openid-lilei')).toEqual(before);
  });

  it('a wrong type, a missing or an unknown field is refused', async () => {
    const before = await get('openid-lilei');
    for (const payload of [
      { ...CARD, showFullMobile: 'yes' },
      { ...CARD, intro: undefined },
      { ...CARD, avatar: 'https://evil.example/a.png' },
      { ...CARD, employeeId: 'hanmeimei' },
    ]) {
      expect((await save('openid-lilei', payload)).error.code).toBe('INVALID_INPUT');
    }
    expect(await get('openid-lilei')).toEqual(before);
  });

  it('intro of exactly 200 characters (emoji count as one) is accepted', async () => {
    const res = await save('openid-han', { ...CARD, name: '韩梅梅', intro: '😀'.repeat(200) });
    expect(res.ok).toBe(true);
  });
});

describe('S1: the card is the caller’s own', () => {
  it('customers and anonymous callers are refused', async () => {
    expect((await get(undefined)).ok).toBe(false);
    expect((await save('cust-stranger', CARD)).ok).toBe(false);
    expect((await get('openid-lilei')).data.name).toBe('李雷');
  });
});

it('the page’s copy of the card rules is the server’s, byte for byte (generated at install)', () => {
  const read = (file: string) => readFileSync(path.resolve(__dirname, '../../..', file), 'utf8');
  const source = 'cloudfunctions/_shared/domain/card-rules.ts';
  expect(read('miniprogram/packages/me/pages/card/card-rules.ts')).toBe(
    `// Generated by scripts/build-miniprogram.mjs from ${source}: edit that file, not this one.\n` +
      read(source),
  );
});
