/**
 * The page registry: every page of the mini-program and the states it is photographed in.
 * Adding a page (or a state) is adding an entry here; see docs/previews.md.
 *
 * Pure data, shared by the command (which lists, filters and indexes the shots) and the
 * renderer that runs inside jest (which opens each page as a person would).
 */

/** How the backend answers while a shot is taken. */
export type Backend =
  /** Real answers of the in-process local cloud seeded with the demo enterprise. */
  | 'demo'
  /** The demo cloud's real answers with every list emptied (`items: []`, no next page). */
  | 'empty'
  /** Every function answers `{ ok: false, error: { code: 'INTERNAL', ... } }`. */
  | 'error'
  /** No answer at all: `wx.request` fails as it does offline. */
  | 'offline'
  /** Requests are never answered: the page as it looks while waiting. */
  | 'loading';

/**
 * Who is signed in: the demo's admin (张伟, also a department leader), a plain employee, or a
 * customer: a WeChat user who is no employee (no binding), as on the content page.
 */
export type Persona = 'admin' | 'employee' | 'customer';

/**
 * A share of the demo data a page is opened through: its onLoad query gets `s=<share id>`, as
 * from a shared card. Share ids are random, so they are looked up in the demo when its cloud
 * starts (demo-cloud.ts `pickDemoShares`):
 * - `employee`: 张伟's first share of his in-progress task 岩板餐桌实测 (A2: it attributes);
 * - `forward`: a customer's forward of an employee's share (depth 1, passing attribution on, A7):
 *   the earliest of 张伟's (the demo does not always have one, then anyone's), of content with
 *   a form first.
 */
export type DemoShare = 'employee' | 'forward';

/** Something a person does after the page has loaded, before the photo. */
export type Step =
  /** Taps the innermost element showing exactly this text (support/render's `tap`). */
  { tap: string };

/** One photographed state of a page. */
export interface ShotSpec {
  /** File name part: `previews/<page>--<state>.png`. */
  state: string;
  backend: Backend;
  /** Default `admin` (the identity the mini-program's config signs in with). */
  persona?: Persona;
  /** The page's onLoad query. */
  query?: Record<string, string>;
  /** Opened through this share of the demo: adds `s=<its id>` to the query. */
  share?: DemoShare;
  steps?: Step[];
  /** One line for the index page: what this state shows. */
  note: string;
}

/** A page of the mini-program and its states. */
export interface PreviewPage {
  /** Short name used in file names (`tasks`, `trend`, ...). */
  name: string;
  /** Path under miniprogram/, as in app.json (`pages/tasks/index`). */
  path: string;
  /** The tab it belongs to, for tab pages: the custom tab bar is drawn under it. */
  tab?: 'tasks' | 'dashboard' | 'me' | 'admin';
  shots: ShotSpec[];
  /**
   * For the README's key pages: `docs/previews/<file>` is refreshed from the shot whose
   * state is `shot`.
   */
  readme?: { file: string; shot: string };
}

/** A single photograph to take: a page in one state. */
export interface Shot extends ShotSpec {
  /** `<page>--<state>`, the file name without extension. */
  id: string;
  page: PreviewPage;
  persona: Persona;
}

/** The states every page that loads data from the backend has (ARCHITECTURE §5). */
const failureShots: ShotSpec[] = [
  { state: 'error', backend: 'error', note: '后端返回 INTERNAL 错误：错误提示与重试' },
  { state: 'offline', backend: 'offline', note: '网络不通：错误提示与重试' },
  { state: 'loading', backend: 'loading', note: '等待后端应答' },
];

/** The failure states of a page that needs an onLoad query to ask the backend anything. */
const failureShotsWith = (query: Record<string, string>): ShotSpec[] =>
  failureShots.map((shot) => ({ ...shot, query }));

const SLAB_TASK = { id: 'demo-task-slab-table' };
const SLAB_CONTENT = { contentId: 'demo-content-slab-table' };

export const PAGES: PreviewPage[] = [
  {
    name: 'tasks',
    path: 'pages/tasks/index',
    tab: 'tasks',
    readme: { file: 'tasks.png', shot: 'demo' },
    shots: [
      { state: 'demo', backend: 'demo', note: '任务中心 · 进行中（演示企业，管理员张伟）' },
      {
        state: 'demo-upcoming',
        backend: 'demo',
        steps: [{ tap: '未开始' }],
        note: '任务中心 · 未开始',
      },
      {
        state: 'demo-ended',
        backend: 'demo',
        steps: [{ tap: '已结束' }],
        note: '任务中心 · 已结束',
      },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        note: '普通员工：标签栏没有「管理」',
      },
      { state: 'empty', backend: 'empty', note: '没有任务' },
      ...failureShots,
    ],
  },
  {
    name: 'dashboard',
    path: 'pages/dashboard/index',
    tab: 'dashboard',
    shots: [
      { state: 'demo', backend: 'demo', note: '管理员兼部门负责人：含「部门数据」' },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        note: '普通员工：没有「部门数据」',
      },
      ...failureShots,
    ],
  },
  {
    name: 'me',
    path: 'pages/me/index',
    tab: 'me',
    readme: { file: 'me.png', shot: 'demo' },
    shots: [
      { state: 'demo', backend: 'demo', note: '我的：管理员、部门负责人' },
      { state: 'demo-employee', backend: 'demo', persona: 'employee', note: '我的：普通员工' },
      ...failureShots,
    ],
  },
  {
    name: 'admin',
    path: 'pages/admin/index',
    tab: 'admin',
    shots: [
      { state: 'demo', backend: 'demo', note: '管理：管理员看到各管理入口' },
      {
        state: 'forbidden',
        backend: 'demo',
        persona: 'employee',
        note: '非管理员打开管理页：无权限',
      },
      ...failureShots,
    ],
  },
  {
    name: 'contents',
    path: 'packages/admin/pages/contents/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '内容库 · 文章（管理员）' },
      { state: 'demo-forms', backend: 'demo', steps: [{ tap: '表单' }], note: '内容库 · 表单' },
      { state: 'forbidden', backend: 'demo', persona: 'employee', note: '非管理员：无权限' },
      { state: 'empty', backend: 'empty', note: '还没有文章' },
      ...failureShots,
    ],
  },
  {
    name: 'content-edit',
    path: 'packages/admin/pages/content-edit/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        query: { id: 'demo-content-storage' },
        note: '编辑演示文章「小户型收纳」',
      },
      { state: 'new', backend: 'demo', note: '新建文章（空白表单）' },
      {
        state: 'error',
        backend: 'error',
        query: { id: 'demo-content-storage' },
        note: '读取文章失败',
      },
    ],
  },
  {
    name: 'form-edit',
    path: 'packages/admin/pages/form-edit/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        query: { id: 'demo-form-measure' },
        note: '编辑演示表单「免费上门量房预约」',
      },
      { state: 'new', backend: 'demo', note: '新建表单' },
      {
        state: 'error',
        backend: 'error',
        query: { id: 'demo-form-measure' },
        note: '读取表单失败',
      },
    ],
  },
  {
    name: 'admin-tasks',
    path: 'packages/admin/pages/tasks/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '任务管理：全部任务（管理员）' },
      { state: 'forbidden', backend: 'demo', persona: 'employee', note: '非管理员：无权限' },
      { state: 'empty', backend: 'empty', note: '还没有任务' },
      ...failureShots,
    ],
  },
  {
    name: 'task-edit',
    path: 'packages/admin/pages/task-edit/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        query: { id: 'demo-task-slab-table' },
        note: '编辑进行中的演示任务「岩板餐桌实测」',
      },
      { state: 'new', backend: 'demo', note: '新建任务' },
      {
        state: 'error',
        backend: 'error',
        query: { id: 'demo-task-slab-table' },
        note: '读取任务失败',
      },
    ],
  },
  {
    name: 'redemptions',
    path: 'packages/admin/pages/redemptions/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '兑换管理 · 待发放（管理员）' },
      { state: 'demo-all', backend: 'demo', steps: [{ tap: '全部' }], note: '兑换管理 · 全部' },
      { state: 'forbidden', backend: 'demo', persona: 'employee', note: '非管理员：无权限' },
      { state: 'empty', backend: 'empty', note: '没有兑换记录' },
      ...failureShots,
    ],
  },
  {
    name: 'export',
    path: 'packages/admin/pages/export/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '数据导出：客户与线索（管理员）' },
      { state: 'forbidden', backend: 'demo', persona: 'employee', note: '非管理员：无权限' },
      ...failureShots,
    ],
  },
  {
    name: 'org',
    path: 'packages/admin/pages/org/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '组织架构：同步、部门树、在职员工（管理员）' },
      {
        state: 'demo-departed',
        backend: 'demo',
        steps: [{ tap: '已离职' }],
        note: '已离职员工与离职继承',
      },
      { state: 'forbidden', backend: 'demo', persona: 'employee', note: '非管理员：无权限' },
      { state: 'empty', backend: 'empty', note: '从未同步：没有部门与员工' },
      ...failureShots,
    ],
  },
  {
    name: 'tags',
    path: 'packages/admin/pages/tags/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '标签库：标签组与打标规则（管理员）' },
      { state: 'forbidden', backend: 'demo', persona: 'employee', note: '非管理员：无权限' },
      { state: 'empty', backend: 'empty', note: '还没有标签与规则' },
      ...failureShots,
    ],
  },
  {
    name: 'notifications',
    path: 'packages/me/pages/notifications/index',
    shots: [{ state: 'demo', backend: 'demo', note: '通知设置：演示员工的开关' }, ...failureShots],
  },
  {
    name: 'card',
    path: 'packages/me/pages/card/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        note: '名片设置：客户看到的名片（手机号打码）与编辑表单（张伟）',
      },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        note: '名片设置：从未保存过的名片，取自通讯录（吴昊）',
      },
      ...failureShots,
    ],
  },
  {
    name: 'task-detail',
    path: 'pages/task-detail/index',
    readme: { file: 'task-detail.png', shot: 'demo' },
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        query: SLAB_TASK,
        note: '任务详情：任务积分、已完成/任务目标、各目标进度（张伟，已领取）',
      },
      {
        state: 'demo-share',
        backend: 'demo',
        query: SLAB_TASK,
        steps: [{ tap: '分享推广' }],
        note: '领取任务后选择分享方式：微信好友、企业微信客户、客户朋友圈、海报',
      },
      {
        state: 'demo-bind',
        backend: 'demo',
        query: SLAB_TASK,
        steps: [{ tap: '在微信中打开' }],
        note: '在微信中打开：10 分钟有效的一次性二维码（A12）',
      },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        query: SLAB_TASK,
        note: '普通员工打开同一任务（可能未领取：领取任务）',
      },
      {
        state: 'missing',
        backend: 'demo',
        query: { id: 'no-such-task' },
        note: '任务不存在：空状态',
      },
      ...failureShotsWith(SLAB_TASK),
    ],
  },
  {
    name: 'task-customers',
    path: 'packages/task/pages/customers/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        query: { taskId: 'demo-task-slab-table' },
        note: '客户列表：通过张伟的分享查看任务作品的客户',
      },
      { state: 'demo-archive', backend: 'demo', note: '客户档案：张伟的全部客户' },
      {
        state: 'empty',
        backend: 'empty',
        query: { taskId: 'demo-task-slab-table' },
        note: '暂无客户',
      },
      ...failureShotsWith({ taskId: 'demo-task-slab-table' }),
    ],
  },
  {
    name: 'leaderboard',
    path: 'packages/points/pages/leaderboard/index',
    readme: { file: 'leaderboard.png', shot: 'demo' },
    shots: [
      { state: 'demo', backend: 'demo', note: '排行榜 · 积分榜 · 本月（张伟的排名固定在底部）' },
      {
        state: 'demo-all',
        backend: 'demo',
        steps: [{ tap: '总榜' }],
        note: '排行榜 · 积分榜 · 总榜',
      },
      {
        state: 'demo-brought',
        backend: 'demo',
        steps: [{ tap: '拉新榜' }],
        note: '排行榜 · 拉新榜（带来的客户数）',
      },
      {
        state: 'demo-task',
        backend: 'demo',
        query: { taskId: 'demo-task-slab-table' },
        note: '任务排行榜：岩板餐桌实测的全部参与员工（T7）',
      },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        note: '普通员工看积分榜：自己的排名固定在底部',
      },
      ...failureShots,
    ],
  },
  {
    // A demo shot needs a demo customer of 张伟 with events and forms (next session).
    name: 'profile',
    path: 'packages/insight/pages/profile/index',
    shots: failureShotsWith({ customerId: 'demo-customer' }),
  },
  {
    name: 'ledger',
    path: 'packages/points/pages/ledger/index',
    shots: [
      { state: 'demo', backend: 'demo', note: '积分记录：可用积分、累计获得、已兑换与每一条记录' },
      { state: 'empty', backend: 'empty', note: '还没有积分记录' },
      ...failureShots,
    ],
  },
  {
    name: 'benefits',
    path: 'packages/points/pages/benefits/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        note: '我的权益 · 可兑换：各任务的可用积分、权益与兑换截止',
      },
      {
        state: 'demo-redeemed',
        backend: 'demo',
        steps: [{ tap: '已兑换' }],
        note: '我的权益 · 已兑换：已兑换 / 已发放与核销码',
      },
      {
        state: 'empty-redeemed',
        backend: 'empty',
        steps: [{ tap: '已兑换' }],
        note: '还没有兑换记录',
      },
      ...failureShots,
    ],
  },
  {
    name: 'bind',
    path: 'packages/task/pages/bind/index',
    shots: [
      {
        state: 'invalid',
        backend: 'demo',
        query: { scene: 'b_not-a-real-token' },
        note: '二维码无效（A12）',
      },
      {
        state: 'not-a-bind-code',
        backend: 'demo',
        query: { scene: 'AbC123' },
        note: '不是绑定二维码：无效，不请求后端',
      },
      ...failureShotsWith({ scene: 'b_not-a-real-token' }),
    ],
  },
  {
    name: 'radar',
    path: 'packages/insight/pages/radar/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        note: '商机雷达 · 推荐跟进：评分与理由，更新时间（R1, R6）',
      },
      {
        state: 'demo-phone',
        backend: 'demo',
        steps: [{ tap: '提交电话' }],
        note: '提交电话的客户（R2）',
      },
      {
        state: 'demo-spread',
        backend: 'demo',
        steps: [{ tap: '高传播' }],
        note: '高传播客户：人脉与转发（R3）',
      },
      {
        state: 'demo-churn',
        backend: 'demo',
        steps: [{ tap: '流失挽回' }],
        note: '流失挽回客户（R4）',
      },
      {
        state: 'demo-activity',
        backend: 'demo',
        steps: [{ tap: '最新动态' }],
        note: '最新动态：实时（R5）',
      },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        note: '普通员工只看到自己的客户',
      },
      { state: 'empty', backend: 'empty', note: '暂无推荐跟进的客户' },
      ...failureShots,
    ],
  },
  {
    name: 'departments',
    path: 'packages/charts/pages/departments/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        note: '部门数据（管理员）：各部门客户、新增、留资、领取率，柱状图与趋势，任务数据（D1-D4）',
      },
      {
        state: 'demo-drill',
        backend: 'demo',
        steps: [{ tap: '栖木家居' }],
        note: '查看下级部门',
      },
      {
        state: 'demo-employee',
        backend: 'demo',
        persona: 'employee',
        note: '普通员工：仅部门负责人和管理员可查看（D1）',
      },
      { state: 'empty', backend: 'empty', note: '没有可查看的部门' },
      ...failureShots,
    ],
  },
  // Last: its customer shots write to the demo cloud (a new customer of 张伟's, a card tap),
  // which must not show in the other pages' photos.
  {
    name: 'content',
    path: 'pages/content/index',
    shots: [
      {
        state: 'demo',
        backend: 'demo',
        query: SLAB_CONTENT,
        note: '直接打开的作品页（无分享：没有名片）与转发',
      },
      {
        state: 'demo-share',
        backend: 'demo',
        persona: 'customer',
        share: 'employee',
        note: '客户经张伟的分享打开「岩板餐桌实测」（进行中）：作品与张伟的名片（栖木家居，手机号打码，添加企业微信）',
      },
      {
        state: 'demo-share-contact',
        backend: 'demo',
        persona: 'customer',
        share: 'employee',
        steps: [{ tap: '添加企业微信' }],
        note: '点名片的「添加企业微信」：长按识别的企业微信二维码',
      },
      {
        state: 'demo-forward',
        backend: 'demo',
        persona: 'customer',
        share: 'forward',
        note: '客户打开朋友转发的卡片（A7）：名片是转发链源头员工的（演示数据有张伟的转发时是张伟），表单与同意勾选',
      },
      {
        state: 'demo-privacy',
        backend: 'demo',
        query: SLAB_CONTENT,
        steps: [{ tap: '隐私说明' }],
        note: '隐私说明与删除我的数据（CU2）',
      },
      {
        state: 'removed',
        backend: 'demo',
        query: { contentId: 'no-such-content' },
        note: '内容已下架',
      },
      ...failureShotsWith(SLAB_CONTENT),
    ],
  },
];

/** Every shot of every page, in registry order. */
export function allShots(pages: PreviewPage[] = PAGES): Shot[] {
  return pages.flatMap((page) =>
    page.shots.map((spec) => ({
      ...spec,
      id: `${page.name}--${spec.state}`,
      page,
      persona: spec.persona ?? 'admin',
    })),
  );
}

/** The shots behind the README's pictures. */
export function readmeShots(pages: PreviewPage[] = PAGES): Shot[] {
  return allShots(pages).filter((shot) => shot.page.readme?.shot === shot.state);
}
