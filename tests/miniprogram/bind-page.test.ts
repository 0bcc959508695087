/**
 * A12 landing: the QR code long-pressed in the employee's personal WeChat binds it, or says
 * why not (已使用 / 已过期 / 无效), against a fake backend answering the contract's shapes.
 */
import { fail, ok, offline, world } from './support/world';
import { openPage, tap, textOf, waitForText } from './support/render';

const BIND = 'packages/task/pages/bind/index';

const redeems = () =>
  world()
    .sentTo('customer', 'bind.redeem')
    .map((c) => c.event);

beforeEach(() => world().reset());

test('A12: a fresh code binds and says whose WeChat identity this is', async () => {
  world().answer('customer', 'bind.redeem', () => ok({ employeeName: '张伟' }));
  const page = openPage(BIND, { scene: encodeURIComponent('b_tok3n-abc') });

  await waitForText(page, '已绑定为 张伟 的微信身份');
  expect(redeems()).toEqual([{ action: 'bind.redeem', token: 'tok3n-abc' }]);
});

test.each([
  ['BIND_TOKEN_USED', '二维码已使用', '只能使用一次'],
  ['BIND_TOKEN_EXPIRED', '二维码已过期', '10 分钟内有效'],
  ['BIND_TOKEN_INVALID', '二维码无效', '重新生成'],
])('A12: %s binds nothing and says %s', async (code, title, hint) => {
  world().answer('customer', 'bind.redeem', () => fail(code, '绑定失败'));
  const page = openPage(BIND, { scene: 'b_tok3n' });

  await waitForText(page, title);
  expect(textOf(page)).toContain(hint);
  expect(textOf(page)).not.toContain('已绑定');
  expect(textOf(page)).not.toContain('重试');
});

test('A12: a scene that is not a bind token is 无效 without asking the server', async () => {
  const page = openPage(BIND, { scene: 'AbC123' });
  await waitForText(page, '二维码无效');
  expect(redeems()).toEqual([]);
});

test('a network failure offers 重试, which redeems the same token', async () => {
  world().answer('customer', 'bind.redeem', () => offline());
  const page = openPage(BIND, { scene: 'b_tok3n' });
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('customer', 'bind.redeem', () => ok({ employeeName: '李娜' }));
  await tap(page, '重试');

  await waitForText(page, '已绑定为 李娜 的微信身份');
  expect(redeems().map((e) => e.token)).toEqual(['tok3n', 'tok3n']);
});
