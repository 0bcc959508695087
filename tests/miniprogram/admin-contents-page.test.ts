/**
 * 内容库 (AD1): the list of articles and forms an admin sees, against a fake backend.
 */
import { deferred, fail, ok, offline, world, type Reply } from './support/world';
import { openPage, settle, tap, textOf, textsOf, waitFor, waitForText } from './support/render';

const CONTENTS = 'packages/admin/pages/contents/index';

const article = (id: string, title: string, overrides: Record<string, unknown> = {}) => ({
  id,
  title,
  cover: `https://example.com/${id}.png`,
  summary: '',
  topicTags: ['装修灵感'],
  formId: null,
  updatedAt: '2024-11-20T01:00:00.000Z',
  ...overrides,
});

const titles = (page: ReturnType<typeof openPage>) => textsOf(page, 'content-row__title');
const calls = (action: string) => world().sentTo('admin', action);

beforeEach(() => world().reset());

test('AD1: shows 加载中, then each article with its cover, title and topic tags', async () => {
  const answer = deferred<Reply>();
  world().answer('admin', 'contents.list', () => answer.promise);
  const page = openPage(CONTENTS);
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(
    ok({
      items: [
        article('c1', '小户型收纳灵感', { formId: 'f1', topicTags: ['装修灵感', '软装搭配'] }),
        article('c2', '岩板餐桌实测', { topicTags: [] }),
      ],
      nextCursor: null,
    }),
  );
  await waitFor(() => expect(titles(page)).toEqual(['小户型收纳灵感', '岩板餐桌实测']));
  const [first, second] = textsOf(page, 'content-row');
  expect(first).toContain('装修灵感');
  expect(first).toContain('软装搭配');
  expect(first).toContain('含表单');
  expect(second).not.toContain('装修灵感');
  // simulate does not reflect `src`; the page's data says which picture each cover shows.
  expect(page.dom.querySelectorAll('[class*="content-row__cover"]')).toHaveLength(2);
  expect((page.instance.data.rows as { cover: string }[]).map((row) => row.cover)).toEqual([
    'https://example.com/c1.png',
    'https://example.com/c2.png',
  ]);
  expect(calls('contents.list')[0].event).toEqual({ action: 'contents.list', pageSize: 20 });
  expect(textOf(page)).toContain('没有更多了');
});

test('AD1: the 表单 tab lists forms with their field count', async () => {
  world().answer('admin', 'contents.list', () => ok({ items: [], nextCursor: null }));
  world().answer('admin', 'forms.list', () =>
    ok({
      items: [
        { id: 'f1', title: '免费量房预约', fieldCount: 4, hasPhone: true, updatedAt: '' },
        { id: 'f2', title: '满意度调查', fieldCount: 2, hasPhone: false, updatedAt: '' },
      ],
      nextCursor: null,
    }),
  );
  const page = openPage(CONTENTS);
  await waitForText(page, '还没有文章');

  await tap(page, '表单');

  await waitFor(() => expect(titles(page)).toEqual(['免费量房预约', '满意度调查']));
  expect(textsOf(page, 'content-row__note')).toEqual(['4 个字段 · 收集手机号', '2 个字段']);
  expect(textOf(page)).toContain('新建表单');
  expect(calls('forms.list')[0].event).toEqual({ action: 'forms.list', pageSize: 50 });
});

test('AD1: 新建文章 opens the article editor, a row opens it with the id', async () => {
  world().answer('admin', 'contents.list', () =>
    ok({ items: [article('c 1', '老房翻新避坑指南')], nextCursor: null }),
  );
  const page = openPage(CONTENTS);
  await waitFor(() => expect(titles(page)).toEqual(['老房翻新避坑指南']));

  await tap(page, '新建文章');
  await tap(page, '老房翻新避坑指南');

  expect(world().wx.navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
    '/packages/admin/pages/content-edit/index',
    '/packages/admin/pages/content-edit/index?id=c%201',
  ]);
});

test('an empty library says 还没有文章', async () => {
  world().answer('admin', 'contents.list', () => ok({ items: [], nextCursor: null }));
  const page = openPage(CONTENTS);
  await waitForText(page, '还没有文章');
  expect(textOf(page)).toContain('新建文章');
});

test('S1: a FORBIDDEN answer shows 无权限 and no list', async () => {
  world().answer('admin', 'contents.list', () => fail('FORBIDDEN', '没有权限执行此操作'));
  const page = openPage(CONTENTS);
  await waitForText(page, '无权限');
  expect(textOf(page)).not.toContain('新建文章');
  expect(textOf(page)).not.toContain('重试');
});

test('a failed load shows the error with 重试, and 重试 recovers', async () => {
  world().answer('admin', 'contents.list', () => offline());
  const page = openPage(CONTENTS);
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('admin', 'contents.list', () =>
    ok({ items: [article('c1', '恢复后的文章')], nextCursor: null }),
  );
  await tap(page, '重试');
  await waitFor(() => expect(titles(page)).toEqual(['恢复后的文章']));
});

test('pull-to-refresh reloads in place and stops the spinner; a failure keeps the list', async () => {
  world().answer('admin', 'contents.list', () =>
    ok({ items: [article('c1', '旧文章')], nextCursor: null }),
  );
  const page = openPage(CONTENTS);
  await waitFor(() => expect(titles(page)).toEqual(['旧文章']));

  world().answer('admin', 'contents.list', () =>
    ok({ items: [article('c2', '新文章'), article('c1', '旧文章')], nextCursor: null }),
  );
  await page.instance.onPullDownRefresh();
  expect(titles(page)).toEqual(['新文章', '旧文章']);

  world().answer('admin', 'contents.list', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  await page.instance.onPullDownRefresh();
  expect(titles(page)).toEqual(['新文章', '旧文章']);
  expect(world().wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '服务繁忙，请稍后重试' }),
  );
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
});

test('reaching the bottom loads the next page with its cursor', async () => {
  world().answer('admin', 'contents.list', (event) =>
    event.cursor === 'next'
      ? ok({ items: [article('c2', '第二页')], nextCursor: null })
      : ok({ items: [article('c1', '第一页')], nextCursor: 'next' }),
  );
  const page = openPage(CONTENTS);
  await waitFor(() => expect(titles(page)).toEqual(['第一页']));
  expect(textOf(page)).not.toContain('没有更多了');

  await page.instance.onReachBottom();

  expect(titles(page)).toEqual(['第一页', '第二页']);
  expect(calls('contents.list')[1].event).toEqual({
    action: 'contents.list',
    pageSize: 20,
    cursor: 'next',
  });
});

test('coming back from an editor refreshes the list', async () => {
  world().answer('admin', 'contents.list', () =>
    ok({ items: [article('c1', '编辑前')], nextCursor: null }),
  );
  const page = openPage(CONTENTS);
  await waitFor(() => expect(titles(page)).toEqual(['编辑前']));
  expect(calls('contents.list')).toHaveLength(1);

  world().answer('admin', 'contents.list', () =>
    ok({ items: [article('c1', '编辑后')], nextCursor: null }),
  );
  page.instance.onShow?.();
  await waitFor(() => expect(titles(page)).toEqual(['编辑后']));
});
