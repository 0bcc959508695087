/**
 * 任务详情 (seed: 领取任务 -> 选择分享方式 -> 发送分享链接; T3-T6, A1, A2, A12): what an employee
 * sees and the exact calls made, against a fake backend answering the contract's shapes.
 */
import type { TaskDetail } from '../../typings/attribution';
import {
  deferred,
  fail,
  ok,
  offline,
  world,
  type FunctionEvent,
  type Reply,
} from './support/world';
import { task } from './support/fixtures';
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

const DETAIL = 'pages/task-detail/index';

const shareToExternalContact = jest.fn();
const shareToExternalMoments = jest.fn();
const saveImageToPhotosAlbum = jest.fn();
const writeFile = jest.fn();
const hideShareMenu = jest.fn();
Object.assign(world().wx, {
  saveImageToPhotosAlbum,
  hideShareMenu,
  getFileSystemManager: () => ({ writeFile }),
  getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-demo-appid' } }),
  env: { USER_DATA_PATH: 'wxfile://usr' },
});
/**
 * `wx.qy` exists inside WeCom only. Set on the live global: simulate copies the world's `wx`
 * into its own object when it loads, so a later change to the world's would not be seen.
 */
const setQy = (qy: unknown) => {
  const live = (globalThis as any).wx as Record<string, unknown>;
  if (qy) live.qy = qy;
  else delete live.qy;
};

/** An attribute of a built-in component (simulate keeps them on the exparser node). */
function attrOf(page: Rendered, className: string, name: string): unknown {
  const element = Array.from(page.dom.querySelectorAll(`[class*="${className}"]`)).find((el) =>
    el.className.split(/\s+/).some((c) => c === className || c.endsWith(`--${className}`)),
  ) as any;
  if (!element) throw new Error(`no .${className}`);
  const attrs: { name: string; value: unknown }[] = element.__wxElement?._vt?.attrs ?? [];
  return attrs.find((a) => a.name === name)?.value;
}

function detail(overrides: Partial<TaskDetail> = {}): TaskDetail {
  return {
    ...task({ id: 'task-1', claimed: true, status: 'active', totalPoints: 60 }),
    shareTitle: '这张岩板餐桌，真的扛造',
    content: { id: 'content-1', title: '岩板餐桌实测', summary: '烫、划、泼全测了', cover: '' },
    goals: [
      {
        id: 'g1',
        kind: 'shares',
        target: 5,
        points: 10,
        value: 6,
        inWindowValue: 5,
        reached: true,
        credited: true,
      },
      {
        id: 'g2',
        kind: 'newCustomers',
        target: 3,
        points: 50,
        value: 3,
        inWindowValue: 1,
        reached: true,
        credited: false,
      },
      {
        id: 'g3',
        kind: 'leads',
        target: 2,
        points: 0,
        value: 0,
        inWindowValue: 0,
        reached: false,
        credited: false,
      },
    ],
    completedGoals: 2,
    points: { credited: 10, possible: 60 },
    claimedAt: '2024-11-20T02:00:00.000Z', // 11月20日 10:00 in Shanghai
    canShare: true,
    ...overrides,
  };
}

const minted = (channel: string, extra: Record<string, unknown> = {}) => ({
  shareId: `sh-${channel}`,
  path: `/pages/content/index?s=sh-${channel}`,
  title: '这张岩板餐桌，真的扛造',
  cover: 'https://example.com/cover-1.png',
  posterCode: null,
  link: null,
  ...extra,
});

const sent = (action: string) =>
  world()
    .sentTo('employee', action)
    .map((c) => c.event);
const channels = () => sent('shares.create').map((e) => e.channel);

const MOMENTS_LINK = 'https://wxaurl.cn/k7Qm2xZpA1b';

/** Answers shares.create with a share per channel (a poster carries its code, Moments a link). */
function serveShares() {
  world().answer('employee', 'shares.create', (event: FunctionEvent) =>
    ok(
      minted(
        String(event.channel),
        event.channel === 'poster'
          ? { posterCode: 'iVBORw0KGgo=' }
          : event.channel === 'wecom_moments'
            ? { link: MOMENTS_LINK }
            : {},
      ),
    ),
  );
}

async function openDetail(
  answer: TaskDetail = detail(),
  query: Record<string, string> = { id: 'task-1' },
): Promise<Rendered<PageInstance>> {
  world().answer('employee', 'tasks.get', () => ok(answer));
  const page = openPage(DETAIL, query);
  await waitForText(page, answer.title);
  return page;
}

async function openSheet(page: Rendered<PageInstance>) {
  await tap(page, '分享推广');
  await waitForText(page, '选择分享方式');
}

beforeEach(() => {
  world().reset();
  for (const fake of [
    shareToExternalContact,
    shareToExternalMoments,
    saveImageToPhotosAlbum,
    writeFile,
    hideShareMenu,
  ]) {
    fake.mockReset();
  }
  setQy({ shareToExternalContact, shareToExternalMoments });
  serveShares();
});

afterEach(() => setQy(null));

test('T5/T6: shows the task, 任务积分 (in-window goals only) and 已完成/任务目标 with each goal', async () => {
  const page = await openDetail();

  expect(sent('tasks.get')).toEqual([{ action: 'tasks.get', taskId: 'task-1' }]);
  const text = textOf(page);
  expect(text).toContain('双十一爆款文章转发');
  expect(text).toContain('11月20日 09:00 - 11月30日 18:00');
  expect(text).toContain('进行中');
  expect(text).toContain('已领取');
  expect(text).toContain('11月20日 10:00 领取');
  // 任务积分: the server's credit (T6: only g1 reached its target inside the window), of 60.
  expect(textsOf(page, 'stat')).toEqual([
    '10任务积分最高 60 积分',
    '2/3已完成/任务目标自任务创建起统计',
  ]);
  expect(textsOf(page, 'goal__label')).toEqual(['分享次数', '新增客户', '留资数']);
  expect(textsOf(page, 'goal__progress')).toEqual(['6/5', '3/3', '0/2']);
  expect(textsOf(page, 'goal__window')).toEqual(['任务期内 5', '任务期内 1', '任务期内 0']);
  expect(textsOf(page, 'goal__points')).toEqual(['已获得 10 积分', '50 积分', '0 积分']);
  expect(text).toContain('岩板餐桌实测');
  expect(text).toContain('客户列表');
  expect(text).toContain('在微信中打开');
  expect(hideShareMenu).toHaveBeenCalled();
});

test('T7: 任务排行榜 opens the task’s board', async () => {
  const page = await openDetail();
  await tap(page, '任务排行榜');
  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/packages/points/pages/leaderboard/index?taskId=task-1',
  });
});

test('opened from a WeCom notification, the id is decoded', async () => {
  await openDetail(detail(), { id: encodeURIComponent('task/1') });
  expect(sent('tasks.get')).toEqual([{ action: 'tasks.get', taskId: 'task/1' }]);
});

test('T3: 领取任务 claims, then shows the task as claimed with 分享推广', async () => {
  let claimed = false;
  world().answer('employee', 'tasks.claim', () => {
    claimed = true;
    return ok({ claimedAt: '2024-11-21T01:00:00.000Z' });
  });
  const unclaimed = detail({ claimed: false, claimedAt: null, canShare: false });
  const page = await openDetail(unclaimed);
  world().answer('employee', 'tasks.get', () =>
    ok(claimed ? detail({ claimedAt: '2024-11-21T01:00:00.000Z' }) : unclaimed),
  );
  expect(textOf(page)).toContain('未领取');
  expect(textOf(page)).not.toContain('分享推广');

  await tap(page, '领取任务');

  await waitForText(page, '分享推广');
  expect(sent('tasks.claim')).toEqual([{ action: 'tasks.claim', taskId: 'task-1' }]);
  expect(world().wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '领取成功' }));
  expect(textOf(page)).toContain('11月21日 09:00 领取');
  expect(textOf(page)).not.toContain('领取任务');
});

test('T3: a refused claim says why and changes nothing', async () => {
  world().answer('employee', 'tasks.claim', () => fail('NOT_ASSIGNED', '该任务未分配给你'));
  const page = await openDetail(detail({ claimed: false, claimedAt: null, canShare: false }));

  await tap(page, '领取任务');

  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '该任务未分配给你' }),
    ),
  );
  expect(textOf(page)).toContain('领取任务');
  expect(sent('shares.create')).toEqual([]);
});

test.each<[string, Partial<TaskDetail>, string]>([
  ['ended', { status: 'ended', claimed: false, claimedAt: null }, '任务已结束，无法领取'],
  ['upcoming', { status: 'upcoming', canShare: false }, '任务未开始，开始后即可分享'],
  ['ended and claimed', { status: 'ended', canShare: false }, '任务已结束，无法分享'],
])(
  'A2: %s: the action is disabled with its reason and mints nothing',
  async (_, overrides, reason) => {
    const page = await openDetail(detail(overrides));
    expect(textOf(page)).toContain(reason);

    await tap(page, overrides.claimed === false ? '领取任务' : '分享推广');

    expect(textOf(page)).not.toContain('选择分享方式');
    expect(sent('tasks.claim')).toEqual([]);
    expect(sent('shares.create')).toEqual([]);
  },
);

test('A1: 发送给微信好友 shares the share minted when 选择分享方式 opened', async () => {
  const page = await openDetail();
  await openSheet(page);
  for (const option of ['发送给微信好友', '发送给企业微信客户', '发到客户朋友圈', '生成海报']) {
    expect(textOf(page)).toContain(option);
  }
  await waitFor(() => expect(channels()).toEqual(['wechat_chat']));
  expect(sent('shares.create')[0]).toEqual({
    action: 'shares.create',
    taskId: 'task-1',
    channel: 'wechat_chat',
    requestId: expect.stringMatching(/^[\w-]{8,64}$/),
  });
  await waitFor(() => expect(textOf(page)).not.toContain('正在准备微信分享'));

  const card = (page.instance as any).onShareAppMessage({ from: 'button' });

  expect(card).toEqual({
    title: '这张岩板餐桌，真的扛造',
    path: '/pages/content/index?s=sh-wechat_chat',
    imageUrl: 'https://example.com/cover-1.png',
  });
  await settle();
  expect(textOf(page)).not.toContain('选择分享方式');

  // The next send gets a share of its own (a new tap: a new requestId).
  await openSheet(page);
  await waitFor(() => expect(channels()).toEqual(['wechat_chat', 'wechat_chat']));
  const [first, next] = sent('shares.create').map((e) => e.requestId);
  expect(next).not.toBe(first);
});

test('A1: a share tapped before its share is minted waits for it (WeChat takes a promise)', async () => {
  const slow = deferred<Reply>();
  world().answer('employee', 'shares.create', () => slow.promise);
  const page = await openDetail();
  await openSheet(page);
  expect(textOf(page)).toContain('正在准备微信分享');

  const card = (page.instance as any).onShareAppMessage({ from: 'button' });
  slow.resolve(ok(minted('wechat_chat')));

  await expect(card.promise).resolves.toEqual(
    expect.objectContaining({ path: '/pages/content/index?s=sh-wechat_chat' }),
  );
  expect(channels()).toEqual(['wechat_chat']);
});

test('A1: 发送给企业微信客户 mints a wecom_chat share and sends it as a mini-program card', async () => {
  shareToExternalContact.mockImplementation((o: { success: () => void }) => o.success());
  const page = await openDetail();
  await openSheet(page);

  await tap(page, '发送给企业微信客户');

  await waitFor(() => expect(shareToExternalContact).toHaveBeenCalledTimes(1));
  expect(channels()).toEqual(['wechat_chat', 'wecom_chat']);
  expect(shareToExternalContact.mock.calls[0][0]).toEqual(
    expect.objectContaining({
      text: { content: '这张岩板餐桌，真的扛造' },
      attachments: [
        {
          msgtype: 'miniprogram',
          miniprogram: {
            appid: 'wx-demo-appid',
            title: '这张岩板餐桌，真的扛造',
            imgUrl: 'https://example.com/cover-1.png',
            page: 'pages/content/index.html?s=sh-wecom_chat',
          },
        },
      ],
    }),
  );
  expect(world().wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发送' }));
  expect(shareToExternalMoments).not.toHaveBeenCalled();
});

test('A1: 发到客户朋友圈 mints a wecom_moments share and posts its URL Link to customer Moments', async () => {
  shareToExternalMoments.mockImplementation((o: { success: () => void }) => o.success());
  const page = await openDetail();
  await openSheet(page);

  await tap(page, '发到客户朋友圈');

  await waitFor(() => expect(shareToExternalMoments).toHaveBeenCalledTimes(1));
  expect(channels()).toEqual(['wechat_chat', 'wecom_moments']);
  expect(shareToExternalMoments.mock.calls[0][0]).toEqual(
    expect.objectContaining({
      text: { content: '这张岩板餐桌，真的扛造' },
      attachments: [
        {
          msgtype: 'link',
          link: {
            title: '这张岩板餐桌，真的扛造',
            imgUrl: 'https://example.com/cover-1.png',
            url: MOMENTS_LINK,
          },
        },
      ],
    }),
  );
  expect(world().wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发布' }));
  expect(shareToExternalContact).not.toHaveBeenCalled();
});

test('发到客户朋友圈: WeChat could not make the link: the server says so and nothing is posted', async () => {
  const page = await openDetail();
  await openSheet(page);
  await waitFor(() => expect(channels()).toEqual(['wechat_chat']));
  world().answer('employee', 'shares.create', () =>
    fail('WECHAT_UNAVAILABLE', '微信服务暂不可用，请稍后重试'),
  );

  await tap(page, '发到客户朋友圈');

  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '微信服务暂不可用，请稍后重试' }),
    ),
  );
  expect(channels()).toEqual(['wechat_chat', 'wecom_moments']);
  expect(shareToExternalMoments).not.toHaveBeenCalled();
});

test('发到客户朋友圈: a share answered without a link is not posted (a mini-program path is no URL)', async () => {
  const page = await openDetail();
  await openSheet(page);
  await waitFor(() => expect(channels()).toEqual(['wechat_chat']));
  world().answer('employee', 'shares.create', (event: FunctionEvent) =>
    ok(minted(String(event.channel))),
  );

  await tap(page, '发到客户朋友圈');

  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '朋友圈链接生成失败，请稍后重试' }),
    ),
  );
  expect(shareToExternalMoments).not.toHaveBeenCalled();
});

test('outside WeCom the WeCom options say so and mint nothing', async () => {
  setQy(null);
  const page = await openDetail();
  await openSheet(page);
  await waitFor(() => expect(channels()).toEqual(['wechat_chat']));

  await tap(page, '发送给企业微信客户');
  await tap(page, '发到客户朋友圈');

  expect(channels()).toEqual(['wechat_chat']);
  expect(world().wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '请在企业微信中使用' }),
  );
});

test('A1: 生成海报 mints a poster share, shows its code, and 保存到相册 saves it from a file', async () => {
  writeFile.mockImplementation((o: { success: () => void }) => o.success());
  saveImageToPhotosAlbum.mockImplementation((o: { success: () => void }) => o.success());
  const page = await openDetail();
  await openSheet(page);

  await tap(page, '生成海报');

  await waitForText(page, '分享海报');
  expect(channels()).toEqual(['wechat_chat', 'poster']);
  expect(textOf(page)).toContain('长按识别小程序码');
  expect(attrOf(page, 'poster__code', 'src')).toBe('data:image/png;base64,iVBORw0KGgo=');

  await tap(page, '保存到相册');

  await waitFor(() => expect(saveImageToPhotosAlbum).toHaveBeenCalledTimes(1));
  expect(writeFile.mock.calls[0][0]).toEqual(
    expect.objectContaining({
      filePath: 'wxfile://usr/poster-sh-poster.png',
      data: 'iVBORw0KGgo=',
      encoding: 'base64',
    }),
  );
  expect(saveImageToPhotosAlbum.mock.calls[0][0]).toEqual(
    expect.objectContaining({ filePath: 'wxfile://usr/poster-sh-poster.png' }),
  );
  expect(world().wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '已保存到相册' }),
  );
});

test('a refused album permission says how to allow it', async () => {
  writeFile.mockImplementation((o: { success: () => void }) => o.success());
  saveImageToPhotosAlbum.mockImplementation((o: { fail: (e: unknown) => void }) =>
    o.fail({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }),
  );
  const page = await openDetail();
  await openSheet(page);
  await tap(page, '生成海报');
  await waitForText(page, '分享海报');

  await tap(page, '保存到相册');

  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '请在设置中允许保存到相册' }),
    ),
  );
});

test('A2: a refused share says why and sends nothing', async () => {
  const page = await openDetail();
  world().answer('employee', 'shares.create', () => fail('TASK_ENDED', '任务已结束，无法分享'));
  await openSheet(page);

  await tap(page, '发送给企业微信客户');

  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '任务已结束，无法分享' }),
    ),
  );
  expect(shareToExternalContact).not.toHaveBeenCalled();
  expect(textOf(page)).toContain('微信分享准备失败，点击重试');
});

test('A1/T4: a mint that failed is retried with its requestId (the server answers the share it may have minted); the next tap gets a new one', async () => {
  const page = await openDetail();
  await openSheet(page);
  await waitFor(() => expect(channels()).toEqual(['wechat_chat']));
  world().answer('employee', 'shares.create', () => offline());

  await tap(page, '生成海报');
  await waitFor(() =>
    expect(world().wx.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '网络异常，请稍后重试' }),
    ),
  );
  serveShares();
  await tap(page, '生成海报');
  await waitForText(page, '分享海报');
  (page.instance as any).onClosePoster();
  await openSheet(page);
  await tap(page, '生成海报');
  await waitFor(() => expect(channels()).toHaveLength(4));

  const [failed, retried, next] = sent('shares.create')
    .filter((e) => e.channel === 'poster')
    .map((e) => e.requestId);
  expect(retried).toBe(failed);
  expect(next).not.toBe(failed);
  // Another share method is another tap: its own requestId.
  expect(sent('shares.create')[0].requestId).not.toBe(failed);
});

test('A1/T4: 发送给微信好友: 点击重试 after a failed mint sends the same requestId', async () => {
  world().answer('employee', 'shares.create', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  const page = await openDetail();
  await openSheet(page);
  await waitForText(page, '微信分享准备失败，点击重试');
  serveShares();

  await tap(page, '微信分享准备失败，点击重试');

  await waitFor(() => expect(textOf(page)).not.toContain('正在准备微信分享'));
  const [failed, retried] = sent('shares.create');
  expect(retried).toEqual(failed);
  expect(failed.requestId).toMatch(/^[\w-]{8,64}$/);
});

test('A12: 在微信中打开 shows a one-time QR code with its 10-minute expiry', async () => {
  const expiresAt = new Date(Date.now() + 10 * 60 * 1000);
  const shanghai = new Date(expiresAt.getTime() + 8 * 3600 * 1000);
  const hhmm = [shanghai.getUTCHours(), shanghai.getUTCMinutes()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  world().answer('employee', 'bind.create', () =>
    ok({ qrCode: 'data:image/png;base64,QRQR', expiresAt: expiresAt.toISOString() }),
  );
  const page = await openDetail();

  await tap(page, '在微信中打开');

  await waitForText(page, '长按识别二维码');
  expect(sent('bind.create')).toEqual([{ action: 'bind.create' }]);
  expect(textOf(page)).toContain(`${hhmm} 前有效（10 分钟内），仅可使用一次`);
  expect(textOf(page)).not.toContain('二维码已过期');
  expect(attrOf(page, 'bind__code', 'src')).toBe('data:image/png;base64,QRQR');
  (page.instance as any).onUnload();
});

test('A12: an expired QR code says so and can be made again', async () => {
  world().answer('employee', 'bind.create', () =>
    ok({ qrCode: 'QRQR', expiresAt: new Date(Date.now() - 1000).toISOString() }),
  );
  const page = await openDetail();
  await tap(page, '在微信中打开');

  await waitForText(page, '二维码已过期');
  expect(attrOf(page, 'bind__code', 'src')).toBe('data:image/png;base64,QRQR');

  await tap(page, '重新生成');
  await waitFor(() => expect(sent('bind.create')).toHaveLength(2));
});

test('客户列表 opens the customers of this task', async () => {
  const page = await openDetail();
  await tap(page, '客户列表');
  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/packages/task/pages/customers/index?taskId=task-1',
  });
});

test('shows 加载中 first; a failed load shows the error, and 重试 recovers', async () => {
  const answer = deferred<Reply>();
  world().answer('employee', 'tasks.get', () => answer.promise);
  const page = openPage(DETAIL, { id: 'task-1' });
  await settle();
  expect(textOf(page)).toContain('加载中');

  answer.resolve(offline());
  await waitForText(page, '网络异常，请稍后重试');

  world().answer('employee', 'tasks.get', () => ok(detail()));
  await tap(page, '重试');
  await waitForText(page, '双十一爆款文章转发');
});

test('a task that is not there reads as empty, without 重试', async () => {
  world().answer('employee', 'tasks.get', () => fail('NOT_FOUND', '任务不存在'));
  const page = openPage(DETAIL, { id: 'nope' });
  await waitForText(page, '任务不存在或已不再分配给你');
  expect(textOf(page)).not.toContain('重试');
});

test('pull-to-refresh reloads the task and stops the spinner', async () => {
  const page = await openDetail();
  world().answer('employee', 'tasks.get', () => ok(detail({ title: '刷新后的任务' })));

  await page.instance.onPullDownRefresh();

  expect(textOf(page)).toContain('刷新后的任务');
  expect(sent('tasks.get')).toHaveLength(2);
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
});

test('a task center card opens its task detail', async () => {
  world().answer('employee', 'me.get', () =>
    ok({ userId: 'zhangwei', name: '张伟', avatar: '', isAdmin: false, isLeader: false }),
  );
  world().answer('employee', 'tasks.list', () =>
    ok({ items: [task({ id: 'task A&B', title: '任务甲' })], nextCursor: null }),
  );
  const center = openPage('pages/tasks/index');
  await waitForText(center, '任务甲');

  await tap(center, '任务甲');

  expect(world().wx.navigateTo).toHaveBeenCalledTimes(1);
  expect(world().wx.navigateTo).toHaveBeenCalledWith({
    url: '/pages/task-detail/index?id=task%20A%26B',
  });
});
