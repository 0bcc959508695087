/**
 * 数据导出 (AD6): customers and leads page by page into one CSV file in the user data folder,
 * with progress and count, offered to a chat or opened; 无权限 for non-admins.
 */
import { deferred, fail, ok, world, type Reply } from './support/world';
import { me } from './support/fixtures';
import { openPage, settle, tap, textOf, waitFor, waitForText } from './support/render';

const PAGE = 'packages/admin/pages/export/index';

const writeFileSync = jest.fn();
const shareFileMessage = jest.fn();
const openDocument = jest.fn();
Object.assign(world().wx, {
  env: { USER_DATA_PATH: 'wxfile://usr' },
  getFileSystemManager: jest.fn(() => ({ writeFileSync })),
  shareFileMessage,
  openDocument,
});

const BOM = '\uFEFF';

beforeEach(() => {
  world().reset();
  writeFileSync.mockClear();
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
});

test('AD6: 导出客户 joins every page into one file, shows progress and the count, then offers it', async () => {
  const second = deferred<Reply>();
  world().answer('admin', 'export.customers', (event) =>
    event.cursor
      ? second.promise
      : ok({ csv: `${BOM}客户ID,昵称\r\ncust-1,"王女士, 上海"\r\n`, count: 1, nextCursor: 'c2' }),
  );
  const page = openPage(PAGE);
  await waitForText(page, '导出客户');
  await tap(page, '导出客户');
  await waitForText(page, '已导出 1 条客户…');

  second.resolve(ok({ csv: 'cust-2,刘先生\r\n', count: 1, nextCursor: null }));
  await waitForText(page, '已导出 2 条客户');
  expect(
    world()
      .sentTo('admin', 'export.customers')
      .map((c) => c.event),
  ).toEqual([
    { action: 'export.customers', pageSize: 200 },
    { action: 'export.customers', pageSize: 200, cursor: 'c2' },
  ]);
  expect(writeFileSync).toHaveBeenCalledTimes(1);
  const [path, content, encoding] = writeFileSync.mock.calls[0];
  expect(path).toMatch(/^wxfile:\/\/usr\/客户-\d{8}-\d{4}\.csv$/);
  expect(content).toBe(`${BOM}客户ID,昵称\r\ncust-1,"王女士, 上海"\r\ncust-2,刘先生\r\n`);
  expect(encoding).toBe('utf8');

  await tap(page, '发送到聊天');
  expect(shareFileMessage).toHaveBeenCalledWith(
    expect.objectContaining({ filePath: path, fileName: path.split('/').pop() }),
  );
  await tap(page, '打开文件');
  expect(openDocument).toHaveBeenCalledWith(
    expect.objectContaining({ filePath: path, showMenu: true }),
  );
});

test('导出线索 with nothing to export says so and writes no file', async () => {
  world().answer('admin', 'export.leads', () =>
    ok({ csv: `${BOM}提交时间\r\n`, count: 0, nextCursor: null }),
  );
  const page = openPage(PAGE);
  await waitForText(page, '导出线索');
  await tap(page, '导出线索');
  await waitForText(page, '暂无可导出的线索数据');
  expect(writeFileSync).not.toHaveBeenCalled();
});

test('a failed page stops the export with the reason and 重试', async () => {
  world().answer('admin', 'export.leads', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = openPage(PAGE);
  await waitForText(page, '导出线索');
  await tap(page, '导出线索');
  await waitForText(page, '导出失败：服务繁忙，请稍后重试');
  expect(writeFileSync).not.toHaveBeenCalled();

  world().answer('admin', 'export.leads', () =>
    ok({ csv: `${BOM}a\r\nb\r\n`, count: 1, nextCursor: null }),
  );
  await tap(page, '重试');
  await waitForText(page, '已导出 1 条线索');
});

test('S1: a non-admin gets 无权限; a refused export too', async () => {
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: false })));
  const page = openPage(PAGE);
  await waitForText(page, '无权限');
  expect(textOf(page)).not.toContain('导出客户');

  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  world().answer('admin', 'export.customers', () => fail('FORBIDDEN', '没有权限执行此操作'));
  await page.instance.onPullDownRefresh();
  await waitForText(page, '导出客户');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  await tap(page, '导出客户');
  await waitForText(page, '无权限');
});

test('a failure to learn the role shows the error, and 重试 recovers', async () => {
  world().answer('employee', 'me.get', () => fail('INTERNAL', '身份校验失败'));
  const page = openPage(PAGE);
  await waitForText(page, '身份校验失败');
  world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
  await tap(page, '重试');
  await waitForText(page, '导出客户');
  await settle();
  await waitFor(() => expect(textOf(page)).not.toContain('身份校验失败'));
});
