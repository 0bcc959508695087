/**
 * 编辑文章 (AD1): the article editor against a fake backend: what it loads, the messages it
 * shows at each field, and what 保存 sends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fail, ok, world } from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const EDIT = 'packages/admin/pages/content-edit/index';
type Page = ReturnType<typeof openPage>;

const LIBRARY = {
  topic: {
    id: 'topic',
    kind: 'topic',
    name: '内容主题',
    tags: ['装修灵感', '促销活动'],
    revision: 2,
  },
  groups: [],
};
const FORMS = {
  items: [{ id: 'f1', title: '免费量房预约', fieldCount: 3, hasPhone: true, updatedAt: '' }],
  nextCursor: null,
};
const CONTENT = {
  id: 'c1',
  title: '老房翻新避坑指南',
  cover: 'https://example.com/cover.png',
  summary: '六个坑',
  blocks: [
    { type: 'heading', text: '先做检测' },
    { type: 'text', text: '老房线路普遍老化。' },
  ],
  topicTags: ['装修灵感'],
  formId: 'f1',
  revision: 3,
  createdAt: '2024-11-01T00:00:00.000Z',
  updatedAt: '2024-11-02T00:00:00.000Z',
};

/** Types into a native input or textarea, as the keyboard would (the `input` event). */
function type(page: Page, selector: string, value: string, nth = 0) {
  const inputs = (page as any).querySelectorAll(selector);
  if (!inputs[nth]) throw new Error(`no ${selector} #${nth}`);
  inputs[nth].dispatchEvent('input', { detail: { value } });
}

const blockAction = (page: Page, className: string, index: number) =>
  page.dom.querySelectorAll<HTMLElement>(`[class*="${className}"]`)[index];

const errors = (page: Page) => textsOf(page, 'field__error');
const saves = () => world().sentTo('admin', 'contents.save');

beforeEach(() => {
  world().reset();
  world().answer('admin', 'tags.list', () => ok(LIBRARY));
  world().answer('admin', 'forms.list', () => ok(FORMS));
  world().answer('admin', 'contents.get', () => ok(CONTENT));
});

test('AD1: an existing article opens with its fields, blocks, tags and form', async () => {
  const page = openPage(EDIT, { id: 'c1' });
  await waitForText(page, '保存');
  expect(world().sentTo('admin', 'contents.get')[0].event).toEqual({
    action: 'contents.get',
    id: 'c1',
  });
  expect(page.instance.data).toMatchObject({
    title: '老房翻新避坑指南',
    cover: 'https://example.com/cover.png',
    summary: '六个坑',
  });
  expect(textsOf(page, 'block__type')).toEqual(['小标题', '文字']);
  expect(textsOf(page, 'chip--on')).toEqual(['装修灵感', '免费量房预约']);
  expect(textOf(page)).toContain('删除文章');
});

test('AD1: a new article: blocks are added, moved and removed, and 保存 sends them in order', async () => {
  world().answer('admin', 'contents.save', () => ok({ id: 'new-1', revision: 1 }));
  const page = openPage(EDIT);
  await waitForText(page, '保存');
  expect(world().sentTo('admin', 'contents.get')).toHaveLength(0);
  expect(textOf(page)).not.toContain('删除文章');

  type(page, '#title', ' 小户型收纳 ');
  type(page, '#cover', 'https://example.com/a.png');
  await tap(page, '+ 文字');
  await tap(page, '+ 图片');
  await tap(page, '+ 小标题');
  await settle();
  type(page, '.block__input', '正文一段', 0);
  type(page, '.block__input', 'https://example.com/b.png', 1);
  type(page, '.block__input', '玄关', 2);
  // The heading goes up twice to the top, then the image (now last) is removed.
  await tap(page, blockAction(page, 'block__up', 2));
  await tap(page, blockAction(page, 'block__up', 1));
  expect(textsOf(page, 'block__type')).toEqual(['小标题', '文字', '图片']);
  await tap(page, blockAction(page, 'block__remove', 2));
  expect(textsOf(page, 'block__type')).toEqual(['小标题', '文字']);
  await tap(page, '促销活动');
  await tap(page, '免费量房预约');
  await tap(page, '保存');

  await waitFor(() => expect(saves()).toHaveLength(1));
  expect(saves()[0].event).toEqual({
    action: 'contents.save',
    title: '小户型收纳',
    cover: 'https://example.com/a.png',
    summary: '',
    blocks: [
      { type: 'heading', text: '玄关' },
      { type: 'text', text: '正文一段' },
    ],
    topicTags: ['促销活动'],
    formId: 'f1',
  });
  expect(world().wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
  expect(page.instance.data).toMatchObject({ id: 'new-1', revision: 1 });
});

test('S4: 保存 shows each rule broken under its field and sends nothing', async () => {
  const page = openPage(EDIT);
  await waitForText(page, '保存');

  await tap(page, '保存');
  expect(errors(page)).toEqual(['请填写标题']);

  type(page, '#title', '长'.repeat(61));
  await tap(page, '保存');
  expect(errors(page)).toEqual(['标题不能超过 60 个字']);

  type(page, '#title', '标题');
  type(page, '#cover', 'http://example.com/a.png');
  await tap(page, '保存');
  expect(errors(page)).toEqual(['封面须为 https:// 开头的图片地址']);

  type(page, '#cover', 'https://example.com/a.png');
  await tap(page, '保存');
  expect(errors(page)).toEqual(['请至少添加一段正文']);

  await tap(page, '+ 文字');
  await tap(page, '+ 图片');
  type(page, '.block__input', '一段话', 0);
  type(page, '.block__input', 'ftp://x', 1);
  await tap(page, '保存');
  expect(errors(page)).toEqual(['第 2 段：图片须为 https:// 开头的地址']);

  expect(saves()).toHaveLength(0);
  expect(world().wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '请检查标红的内容' }),
  );
});

test('AD1: saving an existing article sends its id and revision; a conflict is shown above 保存', async () => {
  world().answer('admin', 'contents.save', () =>
    fail('EDIT_CONFLICT', '内容已被他人修改，请刷新后重试'),
  );
  const page = openPage(EDIT, { id: 'c1' });
  await waitForText(page, '保存');
  type(page, '#title', '老房翻新避坑指南（新版）');
  await tap(page, '保存');

  await waitForText(page, '内容已被他人修改，请刷新后重试');
  expect(saves()[0].event).toMatchObject({
    id: 'c1',
    revision: 3,
    title: '老房翻新避坑指南（新版）',
  });
});

test('AD1: 删除文章 asks once more, then removes; a task using it is explained', async () => {
  world().answer('admin', 'contents.remove', () =>
    fail('CONTENT_IN_USE', '该内容正被任务「焕新节转发」使用，不能删除'),
  );
  const page = openPage(EDIT, { id: 'c1' });
  await waitForText(page, '删除文章');

  await tap(page, '删除文章');
  expect(world().sentTo('admin', 'contents.remove')).toHaveLength(0);
  await tap(page, '确认删除？');
  await waitForText(page, '该内容正被任务「焕新节转发」使用，不能删除');

  world().answer('admin', 'contents.remove', () => ok({ removed: true }));
  await tap(page, '删除文章');
  await tap(page, '确认删除？');
  await waitForText(page, '文章已删除');
  expect(
    world()
      .sentTo('admin', 'contents.remove')
      .map((call) => call.event),
  ).toEqual([
    { action: 'contents.remove', id: 'c1' },
    { action: 'contents.remove', id: 'c1' },
  ]);
});

test('S1: FORBIDDEN shows 无权限; another failure shows 重试, which recovers', async () => {
  world().answer('admin', 'tags.list', () => fail('FORBIDDEN', '没有权限执行此操作'));
  const forbidden = openPage(EDIT, { id: 'c1' });
  await waitForText(forbidden, '无权限');
  expect(textOf(forbidden)).not.toContain('保存');

  world().answer('admin', 'tags.list', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = openPage(EDIT, { id: 'c1' });
  await waitForText(page, '服务繁忙，请稍后重试');
  world().answer('admin', 'tags.list', () => ok(LIBRARY));
  await tap(page, '重试');
  await waitForText(page, '保存');

  await page.instance.onPullDownRefresh();
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});

test("the editor's rules are the server's rules, byte for byte (generated at install)", () => {
  const read = (file: string) => fs.readFileSync(path.join(__dirname, '../..', file), 'utf8');
  const source = 'cloudfunctions/_shared/domain/content-rules.ts';
  expect(read('miniprogram/packages/admin/pages/content-edit/content-rules.ts')).toBe(
    `// Generated by scripts/build-miniprogram.mjs from ${source}: edit that file, not this one.\n` +
      read(source),
  );
});

describe('编辑表单 (AD1, C6)', () => {
  const FORM_EDIT = 'packages/admin/pages/form-edit/index';

  test('S4: no consent text, no form; a select needs options; 保存 sends the fields', async () => {
    world().answer('admin', 'forms.save', () => ok({ id: 'f9', revision: 1 }));
    const page = openPage(FORM_EDIT);
    await waitForText(page, '保存');
    type(page, '#title', '到店预约');
    type(page, '#consent', '');
    await tap(page, '保存');
    expect(errors(page)).toEqual([
      '请填写个人信息授权说明：客户未同意时不能提交（个人信息保护法）',
    ]);

    type(page, '#consent', '同意工作人员联系我');
    await tap(page, '+ 添加字段');
    type(page, '.form-field__label', '所在城市', 1);
    await tap(page, '单选'); // the last one shown: the new field's
    await tap(page, '保存');
    expect(errors(page)).toEqual(['第 2 个字段：单选至少需要 2 个选项']);

    type(page, '.form-field__options', '上海\n杭州\n');
    await tap(page, '保存');
    await waitFor(() => expect(world().sentTo('admin', 'forms.save')).toHaveLength(1));
    expect(world().sentTo('admin', 'forms.save')[0].event).toEqual({
      action: 'forms.save',
      title: '到店预约',
      fields: [
        { key: 'phone', label: '手机号码', type: 'phone', required: true },
        {
          key: 'f2',
          label: '所在城市',
          type: 'select',
          required: false,
          options: ['上海', '杭州'],
        },
      ],
      consentText: '同意工作人员联系我',
    });
  });
});
