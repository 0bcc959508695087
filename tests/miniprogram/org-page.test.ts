/**
 * 组织架构 (AD4, D1): what an admin sees and does on the org page, against a fake backend —
 * the sync, the department tree, the employee list (tabs, search, department, pages), admin
 * roles and 离职继承 (docs/identity.md).
 */
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

const ORG = 'packages/admin/pages/org/index';

const showModal = jest.fn();
Object.assign(world().wx, { showModal });

/** The next confirmations answer `confirm` (OK) or cancel. */
function confirmWith(confirm: boolean) {
  showModal.mockImplementation((options: { success?: (r: { confirm: boolean }) => void }) =>
    options.success?.({ confirm }),
  );
}

const department = (
  id: string,
  name: string,
  path: string[],
  order: number,
  leaders: { userId: string; name: string }[] = [],
) => ({ id, name, parentId: path.length > 1 ? path[path.length - 2] : null, path, order, leaders });

/** Listed children-before-parents and out of order on purpose: the page builds the tree. */
const DEPARTMENTS = [
  department('d3', '上海一组', ['d1', 'd2', 'd3'], 1),
  department('d2', '华东销售部', ['d1', 'd2'], 2, [{ userId: 'lina', name: '李娜' }]),
  department('d4', '市场部', ['d1', 'd4'], 1),
  department('d1', '总部', ['d1'], 1, [
    { userId: 'wangjun', name: '王军' },
    { userId: 'zhangwei', name: '张伟' },
  ]),
];

const SYNC = {
  lastSyncedAt: '2024-11-20T01:00:00.000Z', // 11月20日 09:00 in Shanghai
  last: { departments: 4, employees: 5, deactivated: 1 },
  running: false,
  resumable: false,
  lastError: null,
};

const employee = (userId: string, name: string, overrides: Record<string, unknown> = {}) => ({
  userId,
  name,
  avatar: '',
  position: '销售顾问',
  departmentIds: ['d3'],
  departmentNames: ['上海一组'],
  leadsDepartmentIds: [],
  isAdmin: false,
  status: 'active',
  departedAt: null,
  ...overrides,
});

const ACTIVE = [
  employee('zhangwei', '张伟', {
    isAdmin: true,
    position: '总经理',
    departmentIds: ['d1'],
    departmentNames: ['总部'],
    leadsDepartmentIds: ['d1'],
  }),
  employee('lina', '李娜', { position: '销售经理', leadsDepartmentIds: ['d2'] }),
  employee('chenjing', '陈静'),
];

const departed = (userId: string, name: string, overrides: Record<string, unknown> = {}) =>
  employee(userId, name, {
    status: 'departed',
    departedAt: '2024-11-18T02:30:00.000Z', // 11月18日 10:30
    customerCount: 0,
    handover: null,
    ...overrides,
  });

const DEPARTED = [
  departed('wangfang', '王芳', { customerCount: 12 }),
  departed('zhaolei', '赵磊', {
    customerCount: 0,
    handover: { toUserId: 'lina', toName: '李娜', moved: 3, at: '2024-11-19T00:00:00.000Z' },
  }),
  departed('sunli', '孙丽'),
];

const page = (items: unknown[], nextCursor: string | null = null) => ok({ items, nextCursor });
const sent = (action: string) =>
  world()
    .sentTo('admin', action)
    .map((c) => c.event);
const lastSent = (action: string) => sent(action)[sent(action).length - 1];

/** The usual backend: the tree, and employees by status (a keyword filters by name). */
function usualBackend() {
  world().answer('admin', 'org.departments', () => ok({ departments: DEPARTMENTS, sync: SYNC }));
  world().answer('admin', 'org.employees', (event: FunctionEvent) => {
    const all = event.status === 'departed' ? DEPARTED : ACTIVE;
    const keyword = typeof event.keyword === 'string' ? event.keyword : '';
    return page(all.filter((e) => e.name.includes(keyword)));
  });
}

const names = (p: Rendered) => textsOf(p, 'employee__name');
const toasts = () => world().wx.showToast.mock.calls.map(([options]) => options.title);

/** The elements whose own class is `className` (simulate prefixes classes). */
function elements(p: Rendered | Element, className: string): HTMLElement[] {
  const root = p instanceof Element ? p : p.dom;
  return Array.from(root.querySelectorAll<HTMLElement>(`[class*="${className}"]`)).filter((el) =>
    el.className.split(/\s+/).some((c) => c === className || c.endsWith(`--${className}`)),
  );
}

/** The employee card showing `name`. */
function card(p: Rendered, name: string): HTMLElement {
  const found = elements(p, 'employee').find(
    (el) => textOf(elements(el, 'employee__name')[0]) === name,
  );
  if (!found) throw new Error(`no employee ${name} in: ${textOf(p)}`);
  return found;
}

/** The innermost element inside `root` showing exactly `text`. */
function inside(root: Element, text: string): HTMLElement {
  const matches = Array.from(root.querySelectorAll<HTMLElement>('*')).filter(
    (el) => textOf(el) === text,
  );
  const match = matches[matches.length - 1];
  if (!match) throw new Error(`nothing shows "${text}" in: ${textOf(root)}`);
  return match;
}

/** Types into a native input, as the keyboard would (the `input` event). */
function type(p: Rendered, className: string, value: string) {
  const input = (p as any).querySelector(`.${className}`);
  if (!input) throw new Error(`no .${className}`);
  input.dispatchEvent('input', { detail: { value } });
}

async function openOrg(): Promise<Rendered<PageInstance>> {
  const p = openPage(ORG);
  await waitFor(() => expect(names(p)).toEqual(['张伟', '李娜', '陈静']));
  return p;
}

beforeEach(() => {
  world().reset();
  showModal.mockReset();
  confirmWith(true);
});

describe('what an admin sees', () => {
  test('AD4: 加载中, then the last sync, the department tree with leaders, and the active employees', async () => {
    usualBackend();
    const held = deferred<Reply>();
    world().answer('admin', 'org.departments', () => held.promise);
    const p = openPage(ORG);
    await settle();
    expect(textOf(p)).toContain('加载中');

    held.resolve(ok({ departments: DEPARTMENTS, sync: SYNC }));
    await waitFor(() => expect(names(p)).toEqual(['张伟', '李娜', '陈静']));

    expect(textOf(p)).toContain('上次同步：11月20日 09:00');
    expect(textOf(p)).toContain('部门 4 · 员工 5 · 离职 1');
    expect(textOf(p)).toContain('立即同步');
    // Tree order: each department followed by those below it, siblings by WeCom order.
    expect(textsOf(p, 'department__name')).toEqual(['总部', '市场部', '华东销售部', '上海一组']);
    // Indented by depth (simulate renders rpx as px): 0, 1, 1 and 2 steps of 32.
    const indents = elements(p, 'department').map((el) =>
      Number(/padding-left:\s*(\d+)/.exec(el.getAttribute('style') ?? '')?.[1]),
    );
    expect(indents).toEqual([0, 32, 32, 64]);
    expect(textsOf(p, 'department__leaders')).toEqual(['负责人：王军、张伟', '负责人：李娜']);

    const zhang = textOf(card(p, '张伟'));
    expect(zhang).toContain('管理员');
    expect(zhang).toContain('负责人');
    expect(zhang).toContain('总经理 · 总部');
    expect(zhang).toContain('取消管理员');
    expect(textOf(card(p, '陈静'))).toContain('设为管理员');
    expect(textOf(card(p, '陈静'))).not.toContain('管理员 ');
    expect(sent('org.employees')).toEqual([
      { action: 'org.employees', status: 'active', pageSize: 20 },
    ]);
    expect(textOf(p)).toContain('没有更多了');
  });

  test('AD4/D1: the 已离职 tab shows departure, customers, 离职继承 or to whom they went', async () => {
    usualBackend();
    const p = await openOrg();

    await tap(p, '已离职');

    await waitFor(() => expect(names(p)).toEqual(['王芳', '赵磊', '孙丽']));
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'departed',
      pageSize: 20,
    });
    const wang = textOf(card(p, '王芳'));
    expect(wang).toContain('11月18日 10:30 离职');
    expect(wang).toContain('名下客户 12 位');
    expect(wang).toContain('离职继承');
    expect(wang).not.toContain('设为管理员');
    expect(textOf(card(p, '赵磊'))).toContain('已交接给 李娜（3 位客户）');
    expect(textOf(card(p, '赵磊'))).not.toContain('离职继承');
    // Nothing to hand over: no button.
    expect(textOf(card(p, '孙丽'))).toContain('名下客户 0 位');
    expect(textOf(card(p, '孙丽'))).not.toContain('离职继承');
  });

  test('search sends the keyword; 清除 sends none again', async () => {
    usualBackend();
    const p = await openOrg();

    type(p, 'search__input', ' 李 ');
    await tap(p, '搜索');

    await waitFor(() => expect(names(p)).toEqual(['李娜']));
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'active',
      pageSize: 20,
      keyword: '李',
    });

    await tap(p, '清除');
    await waitFor(() => expect(names(p)).toEqual(['张伟', '李娜', '陈静']));
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'active',
      pageSize: 20,
    });
  });

  test('D1: tapping a department filters the list by it (and below); 全部部门 clears it', async () => {
    usualBackend();
    const p = await openOrg();
    world().answer('admin', 'org.employees', () => page([ACTIVE[1], ACTIVE[2]]));

    await tap(p, '华东销售部');

    await waitFor(() => expect(names(p)).toEqual(['李娜', '陈静']));
    expect(textOf(p)).toContain('部门：华东销售部（含下级部门）');
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'active',
      pageSize: 20,
      departmentId: 'd2',
    });

    // The filter holds across tabs.
    world().answer('admin', 'org.employees', () => page([]));
    await tap(p, '已离职');
    await waitForText(p, '没有符合条件的离职员工');
    expect(lastSent('org.employees')).toMatchObject({ status: 'departed', departmentId: 'd2' });

    await tap(p, '全部部门');
    await settle();
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'departed',
      pageSize: 20,
    });
    expect(textOf(p)).not.toContain('部门：华东销售部');
  });

  test('reaching the bottom loads the next page with its cursor', async () => {
    usualBackend();
    world().answer('admin', 'org.employees', (event) =>
      event.cursor === 'p2' ? page([ACTIVE[2]]) : page([ACTIVE[0], ACTIVE[1]], 'p2'),
    );
    const p = openPage(ORG);
    await waitFor(() => expect(names(p)).toEqual(['张伟', '李娜']));
    expect(textOf(p)).not.toContain('没有更多了');

    await p.instance.onReachBottom();

    expect(names(p)).toEqual(['张伟', '李娜', '陈静']);
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'active',
      pageSize: 20,
      cursor: 'p2',
    });
    expect(textOf(p)).toContain('没有更多了');
  });
});

describe('admin roles', () => {
  test('AD4: 设为管理员 asks first, then the row shows 管理员 and 取消管理员', async () => {
    usualBackend();
    world().answer('admin', 'org.setAdmin', (event) =>
      ok({ userId: event.userId, isAdmin: event.admin }),
    );
    const p = await openOrg();

    confirmWith(false);
    await tap(p, inside(card(p, '陈静'), '设为管理员'));
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(showModal.mock.calls[0][0].content).toContain('陈静');
    expect(sent('org.setAdmin')).toHaveLength(0);

    confirmWith(true);
    await tap(p, inside(card(p, '陈静'), '设为管理员'));

    await waitFor(() => expect(textOf(card(p, '陈静'))).toContain('取消管理员'));
    expect(sent('org.setAdmin')).toEqual([
      { action: 'org.setAdmin', userId: 'chenjing', admin: true },
    ]);
    expect(textsOf(p, 't-tag').filter((t) => t === '管理员')).toHaveLength(2);
    expect(toasts()).toContain('已设为管理员');
  });

  test('取消管理员: the last admin and oneself are refused with the server message, the row stays', async () => {
    usualBackend();
    const p = await openOrg();

    world().answer('admin', 'org.setAdmin', () => fail('LAST_ADMIN', '至少需要保留一位管理员'));
    await tap(p, inside(card(p, '张伟'), '取消管理员'));
    await waitFor(() => expect(toasts()).toContain('至少需要保留一位管理员'));
    expect(sent('org.setAdmin')).toEqual([
      { action: 'org.setAdmin', userId: 'zhangwei', admin: false },
    ]);
    expect(textOf(card(p, '张伟'))).toContain('取消管理员');

    world().answer('admin', 'org.setAdmin', () =>
      fail('CANNOT_REVOKE_SELF', '不能取消自己的管理员身份'),
    );
    await tap(p, inside(card(p, '张伟'), '取消管理员'));
    await waitFor(() => expect(toasts()).toContain('不能取消自己的管理员身份'));
    expect(textOf(card(p, '张伟'))).toContain('取消管理员');
  });

  test('取消管理员 that succeeds removes the tag', async () => {
    usualBackend();
    world().answer('admin', 'org.employees', () =>
      page([employee('lina', '李娜', { isAdmin: true })]),
    );
    world().answer('admin', 'org.setAdmin', (event) =>
      ok({ userId: event.userId, isAdmin: event.admin }),
    );
    const p = openPage(ORG);
    await waitFor(() => expect(names(p)).toEqual(['李娜']));

    await tap(p, inside(card(p, '李娜'), '取消管理员'));

    await waitFor(() => expect(textOf(card(p, '李娜'))).toContain('设为管理员'));
    expect(textsOf(p, 't-tag')).not.toContain('管理员');
    expect(toasts()).toContain('已取消管理员');
  });
});

describe('立即同步', () => {
  test('AD4: syncs, shows the new sync time and result, and reloads the tree and list', async () => {
    usualBackend();
    const p = await openOrg();
    const held = deferred<Reply>();
    world().answer('admin', 'org.sync', () => held.promise);

    await tap(p, '立即同步');
    expect(textOf(p)).toContain('同步中');
    await tap(p, '同步中'); // a second tap while syncing sends nothing
    expect(sent('org.sync')).toEqual([{ action: 'org.sync' }]);

    const newSync = {
      ...SYNC,
      lastSyncedAt: '2024-11-21T06:05:00.000Z', // 11月21日 14:05
      last: { departments: 5, employees: 6, deactivated: 0 },
    };
    world().answer('admin', 'org.departments', () =>
      ok({
        departments: [...DEPARTMENTS, department('d5', '华南销售部', ['d1', 'd5'], 3)],
        sync: newSync,
      }),
    );
    held.resolve(ok({ departments: 5, employees: 6, deactivated: 0, done: true, sync: newSync }));

    await waitForText(p, '上次同步：11月21日 14:05');
    expect(textOf(p)).toContain('部门 5 · 员工 6 · 离职 0');
    expect(toasts()).toContain('同步完成');
    await waitFor(() => expect(textsOf(p, 'department__name')).toContain('华南销售部'));
    expect(sent('org.departments')).toHaveLength(2);
    expect(textOf(p)).toContain('立即同步');
  });

  test('a sync already running and WeCom being down are shown as toasts', async () => {
    usualBackend();
    const p = await openOrg();

    world().answer('admin', 'org.sync', () =>
      fail('SYNC_IN_PROGRESS', '组织架构正在同步，请稍后再试'),
    );
    await tap(p, '立即同步');
    await waitFor(() => expect(toasts()).toContain('组织架构正在同步，请稍后再试'));

    world().answer('admin', 'org.sync', () =>
      fail('WECOM_UNAVAILABLE', '企业微信服务暂不可用，请稍后重试'),
    );
    await tap(p, '立即同步');
    await waitFor(() => expect(toasts()).toContain('企业微信服务暂不可用，请稍后重试'));
    expect(textOf(p)).toContain('上次同步：11月20日 09:00');
    expect(names(p)).toEqual(['张伟', '李娜', '陈静']);
  });

  test('an unfinished or failed last sync says so', async () => {
    usualBackend();
    world().answer('admin', 'org.departments', () =>
      ok({ departments: DEPARTMENTS, sync: { ...SYNC, resumable: true } }),
    );
    const p = await openOrg();
    expect(textOf(p)).toContain('上次同步未完成，再次同步将继续');
  });
});

describe('离职继承', () => {
  async function openDeparted(): Promise<Rendered<PageInstance>> {
    usualBackend();
    const p = await openOrg();
    await tap(p, '已离职');
    await waitFor(() => expect(names(p)).toEqual(['王芳', '赵磊', '孙丽']));
    return p;
  }

  const candidates = (p: Rendered) => textsOf(p, 'candidate__name');

  test('AD4: pick an active colleague, confirm, and the row shows 已交接给 X', async () => {
    const p = await openDeparted();
    world().answer('admin', 'org.handover', (event) =>
      ok({ fromUserId: event.fromUserId, toUserId: event.toUserId, moved: 12 }),
    );

    await tap(p, inside(card(p, '王芳'), '离职继承'));

    await waitFor(() => expect(candidates(p)).toEqual(['张伟', '李娜', '陈静']));
    expect(textOf(p)).toContain('离职继承：王芳');
    expect(textOf(p)).toContain('12 位客户将交接给 TA');
    expect(lastSent('org.employees')).toEqual({
      action: 'org.employees',
      status: 'active',
      pageSize: 20,
    });

    type(p, 'picker__input', '李');
    await tap(p, inside(elements(p, 'picker__sheet')[0], '搜索'));
    await waitFor(() => expect(candidates(p)).toEqual(['李娜']));
    expect(lastSent('org.employees')).toMatchObject({ status: 'active', keyword: '李' });

    await tap(p, '李娜');

    expect(showModal.mock.calls[0][0].content).toContain('将 王芳 名下的 12 位客户交接给 李娜');
    await waitFor(() => expect(textOf(card(p, '王芳'))).toContain('已交接给 李娜（12 位客户）'));
    expect(sent('org.handover')).toEqual([
      { action: 'org.handover', fromUserId: 'wangfang', toUserId: 'lina' },
    ]);
    expect(textOf(card(p, '王芳'))).not.toContain('离职继承');
    expect(textOf(p)).not.toContain('离职继承：王芳'); // the picker closed
    expect(toasts()).toContain('交接完成');
  });

  test('cancelling the confirmation hands over nothing; 关闭 closes the picker', async () => {
    const p = await openDeparted();
    await tap(p, inside(card(p, '王芳'), '离职继承'));
    await waitFor(() => expect(candidates(p)).toEqual(['张伟', '李娜', '陈静']));

    confirmWith(false);
    await tap(p, '陈静');
    expect(sent('org.handover')).toHaveLength(0);

    await tap(p, '关闭');
    expect(textOf(p)).not.toContain('离职继承：王芳');
    expect(textOf(card(p, '王芳'))).toContain('离职继承');
  });

  test('already handed over by someone else: the message, then the row shows to whom', async () => {
    const p = await openDeparted();
    world().answer('admin', 'org.handover', () =>
      fail('ALREADY_HANDED_OVER', '该员工的客户已交接给其他同事'),
    );
    await tap(p, inside(card(p, '王芳'), '离职继承'));
    await waitFor(() => expect(candidates(p)).toEqual(['张伟', '李娜', '陈静']));
    world().answer('admin', 'org.employees', () =>
      page([
        departed('wangfang', '王芳', {
          customerCount: 0,
          handover: { toUserId: 'zhangwei', toName: '张伟', moved: 12, at: '' },
        }),
      ]),
    );

    await tap(p, '陈静');

    await waitFor(() => expect(toasts()).toContain('该员工的客户已交接给其他同事'));
    await waitFor(() => expect(textOf(card(p, '王芳'))).toContain('已交接给 张伟（12 位客户）'));
    expect(textOf(p)).not.toContain('离职继承：王芳');
  });

  test('the picker says when no colleague matches, and shows a failure with 重试', async () => {
    const p = await openDeparted();
    world().answer('admin', 'org.employees', () => offline());
    await tap(p, inside(card(p, '王芳'), '离职继承'));
    await waitForText(p, '网络异常，请稍后重试');

    world().answer('admin', 'org.employees', () => page([]));
    await tap(p, inside(elements(p, 'picker__sheet')[0], '重试'));
    await waitForText(p, '没有符合条件的在职同事');
  });
});

describe('page states', () => {
  test('nothing synced yet: says so and offers 立即同步', async () => {
    world().answer('admin', 'org.departments', () =>
      ok({
        departments: [],
        sync: { lastSyncedAt: null, last: null, running: false, resumable: false, lastError: null },
      }),
    );
    world().answer('admin', 'org.employees', () => page([]));
    const p = openPage(ORG);

    await waitForText(p, '还没有组织架构');
    expect(textOf(p)).toContain('尚未同步');
    expect(textOf(p)).toContain('立即同步');
    expect(textOf(p)).not.toContain('在职');
  });

  test('a search that matches nobody says so, the rest of the page stays', async () => {
    usualBackend();
    const p = await openOrg();
    type(p, 'search__input', '不存在');
    await tap(p, '搜索');
    await waitForText(p, '没有符合条件的在职员工');
    expect(textsOf(p, 'department__name')).toHaveLength(4);
  });

  test('a failed load shows the error with 重试, and 重试 recovers', async () => {
    usualBackend();
    world().answer('admin', 'org.departments', () => offline());
    const p = openPage(ORG);
    await waitForText(p, '网络异常，请稍后重试');
    expect(textOf(p)).not.toContain('立即同步');

    usualBackend();
    await tap(p, '重试');
    await waitFor(() => expect(names(p)).toEqual(['张伟', '李娜', '陈静']));
  });

  test('a failed list reload shows its error with 重试 under the tree', async () => {
    usualBackend();
    const p = await openOrg();
    world().answer('admin', 'org.employees', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
    await tap(p, '已离职');
    await waitForText(p, '服务繁忙，请稍后重试');
    expect(textsOf(p, 'department__name')).toHaveLength(4);

    usualBackend();
    await tap(p, '重试');
    await waitFor(() => expect(names(p)).toEqual(['王芳', '赵磊', '孙丽']));
  });

  test.each([
    ['FORBIDDEN', '没有权限执行此操作'],
    ['NOT_EMPLOYEE', '仅限企业员工使用'],
  ])('S1: a %s answer shows 无权限 and nothing else', async (code, message) => {
    usualBackend();
    world().answer('admin', 'org.departments', () => fail(code, message));
    const p = openPage(ORG);
    await waitForText(p, '无权限');
    expect(textOf(p)).toContain('组织架构仅对管理员开放');
    expect(textOf(p)).not.toContain('重试');
    expect(textOf(p)).not.toContain('立即同步');
    expect(textOf(p)).not.toContain('张伟');
  });

  test('S1: an admin whose role was revoked meanwhile gets 无权限 on the next action', async () => {
    usualBackend();
    const p = await openOrg();
    world().answer('admin', 'org.setAdmin', () => fail('FORBIDDEN', '没有权限执行此操作'));
    await tap(p, inside(card(p, '陈静'), '设为管理员'));
    await waitForText(p, '无权限');
    expect(textOf(p)).not.toContain('陈静');
  });

  test('pull-to-refresh reloads in place and stops the spinner; a failure keeps the page', async () => {
    usualBackend();
    const p = await openOrg();

    world().answer('admin', 'org.employees', () => page([...ACTIVE, employee('zhouqi', '周琪')]));
    await p.instance.onPullDownRefresh();
    expect(names(p)).toEqual(['张伟', '李娜', '陈静', '周琪']);

    world().answer('admin', 'org.departments', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
    await p.instance.onPullDownRefresh();
    expect(names(p)).toEqual(['张伟', '李娜', '陈静', '周琪']);
    expect(textsOf(p, 'department__name')).toHaveLength(4);
    expect(toasts()).toContain('服务繁忙，请稍后重试');
    expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
  });
});
