/** AD2 rules in plain TypeScript: validation (T1, T4, P2), editability, assignment expansion. */
import {
  adminTaskStatus,
  assignedEmployees,
  departmentsUnder,
  newTaskNotification,
  taskProblems,
  whyEditRefused,
  whyNotCancellable,
  whyNotEditable,
  whyNotPublishable,
  withIds,
  type TaskDraft,
} from '../../../cloudfunctions/_shared/domain/task-admin';

const DAY = 24 * 3600 * 1000;
const now = new Date('2024-11-20T02:00:00.000Z'); // 10:00 in Shanghai

function draft(overrides: Partial<TaskDraft> = {}): TaskDraft {
  return {
    title: '双十一爆款文章转发',
    contentId: 'c1',
    shareTitle: '',
    shareCover: '',
    startAt: new Date(now.getTime() + DAY),
    endAt: new Date(now.getTime() + 8 * DAY),
    redeemDeadline: new Date(now.getTime() + 15 * DAY),
    assignment: { departmentIds: ['2'], userIds: [] },
    goals: [{ kind: 'shares', target: 5, points: 10 }],
    benefits: [],
    ...overrides,
  };
}

const messages = (d: TaskDraft) => taskProblems(d).map((p) => `${p.field}: ${p.message}`);

describe('taskProblems: what a task must hold to be saved', () => {
  it('a complete task has none', () => {
    expect(taskProblems(draft())).toEqual([]);
  });

  it('T4: each of the six goal kinds is accepted once, with target >= 1 and points >= 0', () => {
    const goals = ['shares', 'views', 'visitors', 'newCustomers', 'leads', 'forwards'].map(
      (kind) => ({ kind, target: 1, points: 0 }),
    );
    expect(taskProblems(draft({ goals }))).toEqual([]);
  });

  it('says where each problem is, in form order, in Chinese', () => {
    expect(
      messages(
        draft({
          title: '',
          contentId: ' ',
          endAt: new Date(now.getTime() + DAY),
          redeemDeadline: new Date(now.getTime() + DAY),
          assignment: { departmentIds: [], userIds: [] },
          goals: [
            { kind: 'views', target: 0.5, points: 1 },
            { kind: 'views', target: 1, points: -1 },
            { kind: 'likes', target: 1, points: 1 },
          ],
          benefits: [{ name: '', cost: 0, stock: -1, perEmployeeLimit: 0 }],
        }),
      ),
    ).toEqual([
      'title: 请填写任务标题',
      'contentId: 请选择推广内容',
      'endAt: 结束时间必须晚于开始时间',
      'redeemDeadline: 兑换截止时间必须晚于结束时间',
      'assignment: 请至少选择一个部门或员工',
      'goals.0.target: 「浏览次数」的目标值须为不小于 1 的整数',
      'goals.1.kind: 目标类型「浏览次数」重复了',
      'goals.1.points: 「浏览次数」的积分须为不小于 0 的整数',
      'goals.2.kind: 请选择目标类型',
      'benefits.0.name: 请填写第 1 个权益的名称',
      'benefits.0.cost: 「第 1 个权益」的所需积分须为不小于 1 的整数',
      'benefits.0.stock: 「第 1 个权益」的库存须为不小于 0 的整数',
      'benefits.0.perEmployeeLimit: 「第 1 个权益」的每人限兑须为不小于 1 的整数',
    ]);
  });

  it('no goals, a long title, an invalid date', () => {
    expect(messages(draft({ goals: [] }))).toEqual(['goals: 请至少设置一个任务目标']);
    expect(messages(draft({ title: '长'.repeat(61) }))).toEqual([
      'title: 任务标题不能超过 60 个字',
    ]);
    expect(messages(draft({ startAt: new Date('nope') }))).toEqual(['startAt: 请选择有效的时间']);
  });

  it('a deadline equal to the end is refused (it must be after)', () => {
    const d = draft();
    expect(messages({ ...d, redeemDeadline: d.endAt })).toEqual([
      'redeemDeadline: 兑换截止时间必须晚于结束时间',
    ]);
  });

  it('stock 0 is allowed (a benefit that ran out), a user-only assignment too', () => {
    expect(
      taskProblems(
        draft({
          assignment: { departmentIds: [], userIds: ['u1'] },
          benefits: [{ name: '咖啡券', cost: 1, stock: 0, perEmployeeLimit: 1 }],
        }),
      ),
    ).toEqual([]);
  });
});

describe('status and editability (T1, AD2)', () => {
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  it('drafts and cancelled tasks have their own status; published ones follow the clock', () => {
    expect(adminTaskStatus({ state: 'draft', startAt: at(-1), endAt: at(1) }, now)).toBe('draft');
    expect(adminTaskStatus({ state: 'cancelled', startAt: at(1), endAt: at(2) }, now)).toBe(
      'cancelled',
    );
    expect(adminTaskStatus({ state: 'published', startAt: at(1), endAt: at(2) }, now)).toBe(
      'upcoming',
    );
    expect(adminTaskStatus({ state: 'published', startAt: now, endAt: at(2) }, now)).toBe('active');
    expect(adminTaskStatus({ state: 'published', startAt: at(-2), endAt: now }, now)).toBe('ended');
  });

  it('a draft is editable whatever its dates; a published task only before its start', () => {
    expect(whyNotEditable({ state: 'draft', startAt: at(-1) }, now)).toBeNull();
    expect(whyNotEditable({ state: 'published', startAt: at(1) }, now)).toBeNull();
    expect(whyNotEditable({ state: 'published', startAt: now }, now)).toBe(
      '任务已开始，不能再修改目标、时间和分配',
    );
    expect(whyNotEditable({ state: 'cancelled', startAt: at(1) }, now)).toBe(
      '任务已取消，不能再修改',
    );
  });

  it('an edit of a published task may add to the assignment, not remove, nor start in the past', () => {
    const before = {
      state: 'published' as const,
      assignment: { departmentIds: ['2'], userIds: ['a'] },
    };
    const grow = { startAt: at(1), assignment: { departmentIds: ['2', '3'], userIds: ['a', 'b'] } };
    expect(whyEditRefused(before, grow, now)).toBeNull();
    expect(
      whyEditRefused(
        before,
        { startAt: at(1), assignment: { departmentIds: [], userIds: ['a'] } },
        now,
      ),
    ).toBe('已发布的任务只能增加分配的部门或员工，不能移除');
    expect(whyEditRefused(before, { ...grow, startAt: at(-1) }, now)).toBe(
      '已发布任务的开始时间不能早于当前时间',
    );
    // A draft was never announced: anything goes.
    expect(
      whyEditRefused(
        { ...before, state: 'draft' },
        { startAt: at(-1), assignment: { departmentIds: [], userIds: [] } },
        now,
      ),
    ).toBeNull();
  });

  it('publish: not when cancelled or over; again when published (a retry)', () => {
    expect(whyNotPublishable({ state: 'draft', endAt: at(1) }, now)).toBeNull();
    expect(whyNotPublishable({ state: 'published', endAt: at(1) }, now)).toBeNull();
    expect(whyNotPublishable({ state: 'cancelled', endAt: at(1) }, now)).toBe(
      '任务已取消，不能发布',
    );
    expect(whyNotPublishable({ state: 'draft', endAt: now }, now)).toBe(
      '任务结束时间已过，不能发布',
    );
  });

  it('cancel: not once a published task has ended; a cancelled one cancels again as a no-op', () => {
    expect(whyNotCancellable({ state: 'published', endAt: at(1) }, now)).toBeNull();
    expect(whyNotCancellable({ state: 'draft', endAt: at(-1) }, now)).toBeNull();
    expect(whyNotCancellable({ state: 'cancelled', endAt: at(-1) }, now)).toBeNull();
    expect(whyNotCancellable({ state: 'published', endAt: now }, now)).toBe('任务已结束，不能取消');
  });
});

describe('assignment expansion', () => {
  const departments = [
    { _id: '1', path: ['1'] },
    { _id: '2', path: ['1', '2'] },
    { _id: '3', path: ['1', '2', '3'] },
    { _id: '14', path: ['1', '2', '3', '14'] },
    { _id: '4', path: ['1', '4'] },
  ];

  it('a department reaches every department below it, at any depth', () => {
    expect(departmentsUnder(['2'], departments)).toEqual(['2', '3', '14']);
    expect(departmentsUnder(['1'], departments)).toEqual(['1', '2', '3', '14', '4']);
    expect(departmentsUnder(['3', '4'], departments)).toEqual(['3', '14', '4']);
    expect(departmentsUnder([], departments)).toEqual([]);
  });

  it('active members of those departments plus named active users, each once, sorted', () => {
    const people = [
      { _id: 'z', status: 'active', departmentIds: ['14'] },
      { _id: 'a', status: 'active', departmentIds: ['4', '3'] },
      { _id: 'gone', status: 'departed', departmentIds: ['3'] },
      { _id: 'named', status: 'active', departmentIds: ['4'] },
      { _id: 'other', status: 'active', departmentIds: ['4'] },
      { _id: 'a', status: 'active', departmentIds: ['4', '3'] },
      { _id: 'namedGone', status: 'departed', departmentIds: ['4'] },
    ];
    expect(
      assignedEmployees(['3', '14'], ['named', 'namedGone'], people).map((e) => e._id),
    ).toEqual(['a', 'named', 'z']);
  });
});

describe('ids and the T2 message', () => {
  it('withIds keeps existing ids and gives new items the first free one', () => {
    expect(withIds([{ id: 'g2' }, {}, { id: 'g1' }, {}], 'g').map((i) => i.id)).toEqual([
      'g2',
      'g3',
      'g1',
      'g4',
    ]);
  });

  it('the message is keyed per task and employee and shows Shanghai times', () => {
    const task = {
      _id: 't1',
      title: '双十一',
      startAt: new Date('2024-11-20T01:00:00.000Z'),
      endAt: new Date('2024-11-30T15:59:59.000Z'),
    };
    expect(newTaskNotification(task, 'lilei')).toEqual({
      kind: 'newTask',
      userId: 'lilei',
      dedupeKey: 'newTask:t1:lilei',
      title: '新任务：双十一',
      description: '任务时间 11月20日 09:00 至 11月30日 23:59，点击领取任务',
      page: 'pages/tasks/index',
    });
  });
});
