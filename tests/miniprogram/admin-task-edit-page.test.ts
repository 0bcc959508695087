/**
 * 新建/编辑任务 (AD2): the form, its Chinese messages at the fields, 保存草稿 / 发布 / 取消任务
 * with confirm, read-only once started, 无权限.
 */
import type { AdminTaskDetail } from '../../typings/task-admin';
import { fail, ok, world } from './support/world';
import { findByText, openPage, settle, tap, textOf, waitFor, waitForText } from './support/render';

const PAGE = 'packages/admin/pages/task-edit/index';

// wx APIs this page uses beyond the shared fakes; added before simulate copies `wx`.
const showModal = jest.fn();
Object.assign(world().wx, { showModal });

const OPTIONS = {
  departments: [
    { id: '1', name: '总部', parentId: null, path: ['1'] },
    { id: '2', name: '销售部', parentId: '1', path: ['1', '2'] },
  ],
  employees: [
    { id: 'lixue', name: '李雪', departmentIds: ['2'] },
    { id: 'maqian', name: '马倩', departmentIds: ['2'] },
  ],
};

const CONTENTS = {
  items: [
    {
      id: 'c1',
      title: '奶油风客厅',
      cover: '',
      summary: '',
      topicTags: [],
      formId: null,
      updatedAt: '',
    },
  ],
  nextCursor: null,
};

function detail(overrides: Partial<AdminTaskDetail> = {}): AdminTaskDetail {
  return {
    id: 't1',
    title: '双十一爆款文章转发',
    contentId: 'c1',
    shareTitle: '',
    shareCover: '',
    startAt: '2030-11-20T01:00:00.000Z',
    endAt: '2030-11-30T15:59:00.000Z',
    redeemDeadline: '2030-12-07T15:59:00.000Z',
    assignment: { departmentIds: ['2'], userIds: ['maqian'] },
    goals: [{ id: 'g1', kind: 'shares', target: 5, points: 10 }],
    benefits: [{ id: 'b1', name: '星巴克咖啡券', cost: 100, stock: 50, perEmployeeLimit: 2 }],
    state: 'draft',
    status: 'draft',
    editable: true,
    assigneeCount: 0,
    createdAt: '2030-11-01T01:00:00.000Z',
    publishedAt: null,
    cancelledAt: null,
    ...overrides,
  };
}

/** Answers the modal with 确定 (true) or 取消. */
function modalAnswers(confirm: boolean) {
  showModal.mockImplementation((options: { success?: (r: { confirm: boolean }) => void }) =>
    options.success?.({ confirm }),
  );
}

const ev = (dataset: Record<string, unknown>, value: unknown) => ({
  currentTarget: { dataset },
  detail: { value },
});

beforeEach(() => {
  world().reset();
  showModal.mockReset();
  world().answer('admin', 'tasks.options', () => ok(OPTIONS));
  world().answer('admin', 'contents.list', () => ok(CONTENTS));
});

test('AD2: a new task shows the form; saving it empty shows each message at its field and sends nothing', async () => {
  const page = openPage(PAGE);
  await waitForText(page, '保存草稿');
  expect(textOf(page)).toContain('发布');
  expect(textOf(page)).not.toContain('取消任务');
  (page.instance as any).setData({ goals: [] });

  await tap(page, '保存草稿');
  const text = textOf(page);
  for (const message of [
    '请填写任务标题',
    '请选择推广内容',
    '请至少选择一个部门或员工',
    '请至少设置一个任务目标',
  ])
    expect(text).toContain(message);
  expect(world().sentTo('admin', 'tasks.save')).toHaveLength(0);
});

test('bad goals and benefits get their own messages; the window is checked', async () => {
  const page = openPage(PAGE);
  await waitForText(page, '保存草稿');
  const p = page.instance as any;
  p.onPickTime(ev({ field: 'endDate' }, '2020-01-01'));
  p.onAddGoal();
  p.onGoalKind(ev({ index: 1 }, 0)); // 分享次数 again
  p.onAddBenefit();
  p.onBenefitInput(ev({ index: 0, field: 'name' }, '电影票'));
  p.onBenefitInput(ev({ index: 0, field: 'cost' }, '0'));
  await tap(page, '保存草稿');
  const text = textOf(page);
  expect(text).toContain('结束时间必须晚于开始时间');
  expect(text).toContain('目标类型「分享次数」重复了');
  expect(text).toContain('所需积分须为不小于 1 的整数');
  expect(world().sentTo('admin', 'tasks.save')).toHaveLength(0);
});

test('a filled form saves a draft with Shanghai times as instants', async () => {
  world().answer('admin', 'tasks.save', () => ok(detail({ id: 'new-1' })));
  const page = openPage(PAGE);
  await waitForText(page, '保存草稿');
  const p = page.instance as any;
  p.onInput(ev({ field: 'title' }, '  双十一爆款文章转发 '));
  p.onPickContent(ev({}, 0));
  p.onPickTime(ev({ field: 'startDate' }, '2030-11-20'));
  p.onPickTime(ev({ field: 'startTime' }, '09:00'));
  p.onPickTime(ev({ field: 'endDate' }, '2030-11-30'));
  p.onPickTime(ev({ field: 'endTime' }, '23:59'));
  p.onPickTime(ev({ field: 'redeemDate' }, '2030-12-07'));
  p.onPickTime(ev({ field: 'redeemTime' }, '23:59'));
  p.onAddDepartment(ev({}, 1));
  p.onAddUser(ev({}, 1));
  p.onAddBenefit();
  p.onBenefitInput(ev({ index: 0, field: 'name' }, '星巴克咖啡券'));
  p.onBenefitInput(ev({ index: 0, field: 'cost' }, '100'));
  p.onBenefitInput(ev({ index: 0, field: 'stock' }, '50'));
  p.onBenefitInput(ev({ index: 0, field: 'perEmployeeLimit' }, '2'));
  await settle();
  expect(textOf(page)).toContain('奶油风客厅');
  expect(textOf(page)).toContain('销售部');
  expect(textOf(page)).toContain('马倩');

  await tap(page, '保存草稿');
  await waitFor(() => expect(world().sentTo('admin', 'tasks.save')).toHaveLength(1));
  expect(world().sentTo('admin', 'tasks.save')[0].event).toEqual({
    action: 'tasks.save',
    title: '双十一爆款文章转发',
    contentId: 'c1',
    shareTitle: '',
    shareCover: '',
    startAt: '2030-11-20T01:00:00.000Z',
    endAt: '2030-11-30T15:59:00.000Z',
    redeemDeadline: '2030-12-07T15:59:00.000Z',
    assignment: { departmentIds: ['2'], userIds: ['maqian'] },
    goals: [{ kind: 'shares', target: 5, points: 10 }],
    benefits: [{ name: '星巴克咖啡券', cost: 100, stock: 50, perEmployeeLimit: 2 }],
  });
  expect(world().wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
  expect(p.data.id).toBe('new-1');
});

test('发布 asks first: 取消 sends nothing, 确定 saves then publishes', async () => {
  world().answer('admin', 'tasks.get', () => ok(detail()));
  world().answer('admin', 'tasks.save', (event) => ok(detail({ title: String(event.title) })));
  world().answer('admin', 'tasks.publish', () =>
    ok(detail({ state: 'published', status: 'upcoming', assigneeCount: 12 })),
  );
  const page = openPage(PAGE, { id: 't1' });
  await waitForText(page, '马倩');
  expect((page.instance as any).data.benefits[0]).toMatchObject({
    name: '星巴克咖啡券',
    cost: '100',
  });
  expect(world().sentTo('admin', 'tasks.get')[0].event).toEqual({ action: 'tasks.get', id: 't1' });

  modalAnswers(false);
  await tap(page, '发布');
  expect(showModal).toHaveBeenCalledTimes(1);
  expect(world().sentTo('admin', 'tasks.publish')).toHaveLength(0);

  modalAnswers(true);
  await tap(page, '发布');
  await waitFor(() => expect(world().sentTo('admin', 'tasks.publish')).toHaveLength(1));
  expect(world().sentTo('admin', 'tasks.save')[0].event).toMatchObject({ id: 't1' });
  await waitForText(page, '已分配 12 人');
  expect(textOf(page)).toContain('未开始');
  expect(textOf(page)).toContain('保存修改');
  expect(textOf(page)).not.toContain('保存草稿');
  expect(textOf(page)).toContain('取消任务');
});

test('a server refusal shows its message above the buttons', async () => {
  world().answer('admin', 'tasks.get', () =>
    ok(detail({ state: 'published', status: 'upcoming' })),
  );
  world().answer('admin', 'tasks.save', () =>
    fail('TASK_NOT_EDITABLE', '已发布的任务只能增加分配的部门或员工，不能移除'),
  );
  const page = openPage(PAGE, { id: 't1' });
  await waitForText(page, '保存修改');
  await tap(page, '保存修改');
  await waitForText(page, '已发布的任务只能增加分配的部门或员工，不能移除');
});

test('a started task is read-only and can only be cancelled, after a confirm', async () => {
  world().answer('admin', 'tasks.get', () =>
    ok(detail({ state: 'published', status: 'active', editable: false, assigneeCount: 3 })),
  );
  world().answer('admin', 'tasks.cancel', () =>
    ok(detail({ state: 'cancelled', status: 'cancelled', editable: false })),
  );
  const page = openPage(PAGE, { id: 't1' });
  await waitForText(page, '任务已开始，不能再修改目标、时间和分配');
  expect(textOf(page)).not.toContain('保存');
  expect(textOf(page)).not.toContain('+ 添加目标');
  expect(textOf(page)).toContain('进行中');

  modalAnswers(true);
  await tap(page, '取消任务');
  await waitFor(() => expect(world().sentTo('admin', 'tasks.cancel')).toHaveLength(1));
  await waitForText(page, '任务已取消，不能再修改');
  expect(findByText(page, '取消任务')).toBeUndefined();
});

test('S1: FORBIDDEN shows 无权限; an error offers 重试; pull-to-refresh reloads', async () => {
  world().answer('admin', 'tasks.options', () => fail('FORBIDDEN', '没有权限执行此操作'));
  const page = openPage(PAGE);
  await waitForText(page, '无权限');

  world().answer('admin', 'tasks.options', () => fail('INTERNAL', '服务繁忙，请稍后重试'));
  await page.instance.onPullDownRefresh();
  await waitForText(page, '服务繁忙，请稍后重试');
  expect(world().wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);

  world().answer('admin', 'tasks.options', () => ok(OPTIONS));
  await tap(page, '重试');
  await waitForText(page, '保存草稿');
});
