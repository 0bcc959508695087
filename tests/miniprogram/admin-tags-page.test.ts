/**
 * 标签库 (AD5): groups and tags added and removed, and the automatic tag rules (C7) with
 * their parameters, against a fake backend.
 */
import { fail, ok, world } from './support/world';
import { openPage, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const TAGS = 'packages/admin/pages/tags/index';
type Page = ReturnType<typeof openPage>;

const LIBRARY = {
  topic: { id: 'topic', kind: 'topic', name: '内容主题', tags: ['装修灵感'], revision: 2 },
  groups: [{ id: 'g1', kind: 'manual', name: '客户阶段', tags: ['已到店'], revision: 1 }],
};
const RULES = {
  rules: [
    {
      kind: 'highIntent',
      tag: '高意向',
      enabled: true,
      params: { visits: 3, days: 7 },
      revision: 0,
    },
    { kind: 'leadCaptured', tag: '已留资', enabled: true, params: {}, revision: 0 },
    { kind: 'highSpread', tag: '高传播', enabled: true, params: { network: 5 }, revision: 0 },
    { kind: 'dormant', tag: '沉睡', enabled: true, params: { quietDays: 7 }, revision: 4 },
    { kind: 'topic', tag: '内容主题标签', enabled: true, params: { visits: 1 }, revision: 0 },
  ],
};

function type(page: Page, selector: string, value: string, nth = 0) {
  const inputs = (page as any).querySelectorAll(selector);
  if (!inputs[nth]) throw new Error(`no ${selector} #${nth}`);
  inputs[nth].dispatchEvent('input', { detail: { value } });
}

const nth = (page: Page, className: string, index: number) =>
  page.dom.querySelectorAll<HTMLElement>(`[class*="${className}"]`)[index];
const errors = (page: Page) => textsOf(page, 'field__error');
const saves = () =>
  world()
    .sentTo('admin', 'tags.save')
    .map((call) => call.event);

beforeEach(() => {
  world().reset();
  world().answer('admin', 'tags.list', () => ok(LIBRARY));
  world().answer('admin', 'tagRules.list', () => ok(RULES));
});

test('AD5: shows the topic group, the manual groups and every automatic rule with its parameters', async () => {
  const page = openPage(TAGS);
  await waitForText(page, '自动标签规则');
  expect(textsOf(page, 'group__name')).toEqual(['内容主题', '客户阶段']);
  expect(textsOf(page, 'tag__name')).toEqual(['装修灵感', '已到店']);
  expect(textsOf(page, 'rule__label')).toEqual([
    '高意向：近 D 天访问至少 N 次',
    '已留资：在表单中留下手机号',
    '高传播：TA的人脉至少 N 人',
    '沉睡：连续 N 天没有互动',
    '内容主题：访问带该主题的内容至少 N 次',
  ]);
  expect(textsOf(page, 'rule__param-label')).toEqual([
    '次数 N',
    '天数 D',
    '人数 N',
    '天数 N',
    '次数 N',
  ]);
});

test('AD5: adding a tag saves the whole group with its revision', async () => {
  world().answer('admin', 'tags.save', () => ok({ id: 'g1', revision: 2 }));
  const page = openPage(TAGS);
  await waitForText(page, '客户阶段');

  type(page, '.group__input', ' 已签约 ', 1);
  await tap(page, nth(page, 'group__add-button', 1));

  await waitFor(() => expect(textsOf(page, 'tag__name')).toEqual(['装修灵感', '已到店', '已签约']));
  expect(saves()).toEqual([
    { action: 'tags.save', id: 'g1', revision: 1, name: '客户阶段', tags: ['已到店', '已签约'] },
  ]);
});

test('S4: a duplicate or reserved tag name is refused at the group, nothing sent', async () => {
  const page = openPage(TAGS);
  await waitForText(page, '客户阶段');

  type(page, '.group__input', '装修灵感', 1);
  await tap(page, nth(page, 'group__add-button', 1));
  expect(errors(page)).toEqual(['标签「装修灵感」已在分组「内容主题」中']);

  type(page, '.group__input', '高意向', 1);
  await tap(page, nth(page, 'group__add-button', 1));
  expect(errors(page)).toEqual(['「高意向」是自动标签，不能手动添加']);

  await tap(page, '添加分组');
  // Each message stays with its own group until that group is edited again.
  expect(errors(page)).toEqual(['「高意向」是自动标签，不能手动添加', '请填写分组名称']);
  expect(saves()).toEqual([]);
});

test('AD5: removing a topic tag in use shows the server’s reason and keeps the tag', async () => {
  world().answer('admin', 'tags.save', () =>
    fail('TAG_IN_USE', '主题标签「装修灵感」正被内容「小户型收纳」使用，不能删除'),
  );
  const page = openPage(TAGS);
  await waitForText(page, '装修灵感');

  await tap(page, nth(page, 'tag__remove', 0));

  await waitForText(page, '主题标签「装修灵感」正被内容「小户型收纳」使用，不能删除');
  expect(textsOf(page, 'tag__name')).toEqual(['装修灵感', '已到店']);
  expect(saves()).toEqual([
    { action: 'tags.save', id: 'topic', revision: 2, name: '内容主题', tags: [] },
  ]);
});

test('AD5: a new group is created, and a group is removed after 确认删除？', async () => {
  world().answer('admin', 'tags.save', () => ok({ id: 'g2', revision: 1 }));
  world().answer('admin', 'tags.remove', () => ok({ removed: true }));
  const page = openPage(TAGS);
  await waitForText(page, '客户阶段');

  type(page, '#new-group', '来源渠道');
  await tap(page, '添加分组');
  await waitFor(() =>
    expect(textsOf(page, 'group__name')).toEqual(['内容主题', '客户阶段', '来源渠道']),
  );
  expect(saves()).toEqual([{ action: 'tags.save', name: '来源渠道', tags: [] }]);

  await tap(page, nth(page, 'group__remove', 0));
  expect(world().sentTo('admin', 'tags.remove')).toHaveLength(0);
  await tap(page, '确认删除？');
  await waitFor(() => expect(textsOf(page, 'group__name')).toEqual(['内容主题', '来源渠道']));
  expect(world().sentTo('admin', 'tags.remove')[0].event).toEqual({
    action: 'tags.remove',
    id: 'g1',
  });
});

test('AD5 / C7: a rule is switched off and its parameters changed; bad numbers are explained', async () => {
  world().answer('admin', 'tagRules.save', () => ok({ revision: 1 }));
  const page = openPage(TAGS);
  await waitForText(page, '自动标签规则');

  type(page, '.rule__input', '1', 0);
  await tap(page, nth(page, 'rule__save', 0));
  expect(errors(page)).toEqual(['访问次数须为 2-100 的整数']);
  type(page, '.rule__input', '', 1);
  type(page, '.rule__input', '5', 0);
  await tap(page, nth(page, 'rule__save', 0));
  expect(errors(page)).toEqual(['天数须为 1-90 的整数']);
  expect(world().sentTo('admin', 'tagRules.save')).toHaveLength(0);

  type(page, '.rule__input', '14', 1);
  await tap(page, nth(page, 'rule__switch', 0));
  expect(textsOf(page, 'rule__switch')[0]).toBe('已停用');
  await tap(page, nth(page, 'rule__save', 0));

  await waitFor(() => expect(world().sentTo('admin', 'tagRules.save')).toHaveLength(1));
  expect(world().sentTo('admin', 'tagRules.save')[0].event).toEqual({
    action: 'tagRules.save',
    kind: 'highIntent',
    enabled: false,
    params: { visits: 5, days: 14 },
    revision: 0,
  });
  expect(world().wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '规则已保存' }),
  );
});

test('S1: FORBIDDEN shows 无权限; a failure offers 重试; pull-to-refresh stops the spinner', async () => {
  world().answer('admin', 'tags.list', () => fail('FORBIDDEN', '没有权限执行此操作'));
  const forbidden = openPage(TAGS);
  await waitForText(forbidden, '无权限');
  expect(textOf(forbidden)).not.toContain('自动标签规则');

  world().answer('admin', 'tags.list', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = openPage(TAGS);
  await waitForText(page, '服务繁忙，请稍后重试');
  world().answer('admin', 'tags.list', () => ok(LIBRARY));
  await tap(page, '重试');
  await waitForText(page, '自动标签规则');

  await page.instance.onPullDownRefresh();
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  expect(world().sentTo('admin', 'tags.list')).toHaveLength(4);
});
