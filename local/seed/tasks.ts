/**
 * The demo's tasks, one or more in every status relative to `now` (T1), and who they are
 * assigned to and who claimed them (T3).
 *
 *   已结束 (deadline passed)  老房翻新指南        days -28 .. -18, redeem until -11
 *   已结束 (can redeem)       全屋定制焕新节      days -20 .. -4,  redeem until +3
 *   进行中                    小户型收纳灵感      days -14 .. +7
 *   进行中                    岩板餐桌实测        days -6 .. +8
 *   进行中                    奶油风客厅新品      days -2 .. +12
 *   未开始 (published)        床垫以旧换新        days +2 .. +16
 *   已取消                    周末到店有礼        cancelled yesterday, before its start
 *   草稿 (draft)              云朵沙发体验官      days +5 .. +19
 *
 * Times are Shanghai wall-clock anchors (start 09:00/10:00, end 23:59:59), as an admin
 * would pick them in the management tab.
 */
import { atShanghai, DAY, HOUR, type RhythmSampler, type ShanghaiAnchor } from './clock';
import { CONTENT_IDS, picture } from './content';
import type {
  DepartmentDoc,
  EmployeeDoc,
  GoalKind,
  TaskAssigneeDoc,
  TaskBenefit,
  TaskDoc,
  TaskState,
} from './documents';
import type { Random } from './random';

const BENEFITS = {
  coffee: { name: '星巴克咖啡券', cost: 100, stock: 50, perEmployeeLimit: 2 },
  jdCard: { name: '京东卡50元', cost: 300, stock: 20, perEmployeeLimit: 1 },
  movie: { name: '电影票两张', cost: 200, stock: 30, perEmployeeLimit: 1 },
  halfDayOff: { name: '带薪休假半天', cost: 600, stock: 5, perEmployeeLimit: 1 },
} as const satisfies Record<string, Omit<TaskBenefit, 'id'>>;

type BenefitKey = keyof typeof BENEFITS;

interface TaskPlan {
  id: string;
  title: string;
  shareTitle: string;
  coverWord: string;
  contentId: string;
  state: TaskState;
  created: ShanghaiAnchor;
  published: ShanghaiAnchor | null;
  cancelled: ShanghaiAnchor | null;
  start: ShanghaiAnchor;
  end: ShanghaiAnchor;
  redeemDeadline: ShanghaiAnchor;
  departmentIds: string[];
  userIds: string[];
  goals: [GoalKind, number, number][]; // kind, target, points
  benefits: BenefitKey[];
  /** The share of assignees who claim it; lower for tasks published a moment ago. */
  claimRate: number;
  /** Assignees who always claim it (the demo's own logins, so their pages show progress). */
  claimedBy?: string[];
}

const END_OF_DAY = '23:59:59';

const TASK_PLANS: readonly TaskPlan[] = [
  {
    id: 'demo-task-old-house',
    title: '老房翻新避坑指南 · 转发任务',
    shareTitle: '老房翻新前一定要看：水电改造 6 个坑',
    coverWord: 'share-oldhouse',
    contentId: CONTENT_IDS.oldHouse,
    state: 'published',
    created: { day: -30, time: '11:00' },
    published: { day: -29, time: '10:00' },
    cancelled: null,
    start: { day: -28, time: '10:00' },
    end: { day: -18, time: END_OF_DAY },
    redeemDeadline: { day: -11, time: END_OF_DAY },
    departmentIds: ['2', '3'],
    userIds: [],
    goals: [
      ['shares', 3, 20],
      ['visitors', 8, 50],
    ],
    benefits: ['coffee'],
    claimRate: 0.85,
  },
  {
    id: 'demo-task-renewal-festival',
    title: '全屋定制焕新节 · 预热推广',
    shareTitle: '下定立减 3000 元，焕新节限时 16 天',
    coverWord: 'share-renewalsale',
    contentId: CONTENT_IDS.renewalSale,
    state: 'published',
    created: { day: -23, time: '14:00' },
    published: { day: -21, time: '17:00' },
    cancelled: null,
    start: { day: -20, time: '09:00' },
    end: { day: -4, time: END_OF_DAY },
    redeemDeadline: { day: 3, time: END_OF_DAY },
    departmentIds: ['2', '3', '4'],
    userIds: ['sunli'],
    goals: [
      ['shares', 4, 30],
      ['views', 30, 50],
      ['newCustomers', 5, 80],
      ['leads', 2, 100],
    ],
    benefits: ['coffee', 'jdCard', 'halfDayOff'],
    claimRate: 0.9,
  },
  {
    id: 'demo-task-storage-ideas',
    title: '小户型收纳灵感 · 朋友圈种草',
    shareTitle: '60 平住出大空间，这 5 个收纳思路太实用了',
    coverWord: 'share-storage',
    contentId: CONTENT_IDS.storage,
    state: 'published',
    created: { day: -16, time: '15:30' },
    published: { day: -15, time: '16:00' },
    cancelled: null,
    start: { day: -14, time: '10:00' },
    end: { day: 7, time: END_OF_DAY },
    redeemDeadline: { day: 14, time: END_OF_DAY },
    departmentIds: ['6', '7'],
    userIds: [],
    goals: [
      ['shares', 4, 20],
      ['visitors', 10, 40],
      ['forwards', 2, 30],
    ],
    benefits: ['coffee', 'jdCard'],
    claimRate: 0.85,
  },
  {
    id: 'demo-task-slab-table',
    title: '岩板餐桌实测 · 客户转发挑战',
    shareTitle: '三款岩板餐桌实测，结果有点意外',
    coverWord: 'share-slabtable',
    contentId: CONTENT_IDS.slabTable,
    state: 'published',
    created: { day: -8, time: '11:00' },
    published: { day: -7, time: '10:00' },
    cancelled: null,
    start: { day: -6, time: '09:00' },
    end: { day: 8, time: END_OF_DAY },
    redeemDeadline: { day: 15, time: END_OF_DAY },
    departmentIds: ['3', '4'],
    // The default local login (张伟, admin) takes part too, so the demo's 进行中 tab is never empty for him.
    userIds: ['zhangwei'],
    goals: [
      ['views', 20, 30],
      ['forwards', 2, 40],
      ['newCustomers', 4, 60],
    ],
    benefits: [],
    claimRate: 0.8,
    // 张伟 claimed it and shares it: his task detail shows progress, his lists have customers.
    claimedBy: ['zhangwei'],
  },
  {
    id: 'demo-task-cream-living',
    title: '奶油风客厅 · 新品软装推荐',
    shareTitle: '奶油风客厅这样搭，温柔又高级',
    coverWord: 'share-creamliving',
    contentId: CONTENT_IDS.creamLiving,
    state: 'published',
    created: { day: -4, time: '10:30' },
    published: { day: -3, time: '18:00' },
    cancelled: null,
    start: { day: -2, time: '10:00' },
    end: { day: 12, time: END_OF_DAY },
    redeemDeadline: { day: 19, time: END_OF_DAY },
    departmentIds: ['13'],
    userIds: ['lixue', 'hejia', 'zhengshuang', 'xieyu', 'dengli', 'pengbo'],
    goals: [
      ['shares', 2, 10],
      ['visitors', 5, 30],
      ['leads', 1, 60],
    ],
    benefits: ['movie'],
    claimRate: 0.75,
  },
  {
    id: 'demo-task-mattress-tradein',
    title: '床垫以旧换新 · 秋季焕新季',
    shareTitle: '旧床垫换新补贴最高 1000 元，免费上门收旧',
    coverWord: 'share-mattress',
    contentId: CONTENT_IDS.mattress,
    state: 'published',
    created: { day: -2, time: '15:00' },
    published: { day: -1, time: '15:00' },
    cancelled: null,
    start: { day: 2, time: '10:00' },
    end: { day: 16, time: END_OF_DAY },
    redeemDeadline: { day: 23, time: END_OF_DAY },
    departmentIds: ['1'],
    userIds: [],
    goals: [
      ['shares', 6, 20],
      ['newCustomers', 5, 50],
      ['leads', 3, 80],
    ],
    benefits: ['coffee', 'halfDayOff'],
    claimRate: 0.4,
  },
  {
    id: 'demo-task-weekend-visit',
    title: '周末到店有礼 · 预约量房',
    shareTitle: '周末到店预约量房，送收纳三件套',
    coverWord: 'share-weekend',
    contentId: CONTENT_IDS.storage,
    state: 'cancelled',
    created: { day: -6, time: '10:00' },
    published: { day: -5, time: '10:00' },
    // Called off before it started (the showroom's weekend event moved); claims stay as history.
    cancelled: { day: -1, time: '17:30' },
    start: { day: 1, time: '10:00' },
    end: { day: 10, time: END_OF_DAY },
    redeemDeadline: { day: 17, time: END_OF_DAY },
    departmentIds: ['3'],
    userIds: [],
    goals: [
      ['shares', 5, 20],
      ['leads', 2, 60],
    ],
    benefits: ['coffee'],
    claimRate: 0.6,
  },
  {
    id: 'demo-task-sofa-trial',
    title: '云朵沙发体验官招募',
    shareTitle: '免费试坐 30 天，招募 20 位沙发体验官',
    coverWord: 'share-sofa',
    contentId: CONTENT_IDS.creamLiving,
    state: 'draft',
    created: { day: -1, time: '16:00' },
    published: null,
    cancelled: null,
    start: { day: 5, time: '10:00' },
    end: { day: 19, time: END_OF_DAY },
    redeemDeadline: { day: 26, time: END_OF_DAY },
    departmentIds: ['2'],
    userIds: [],
    goals: [
      ['shares', 5, 20],
      ['leads', 3, 80],
    ],
    benefits: ['jdCard'],
    claimRate: 0,
  },
];

export function buildTasks(now: Date): TaskDoc[] {
  const at = (anchor: ShanghaiAnchor | null) => (anchor ? atShanghai(now, anchor) : null);
  return TASK_PLANS.map((plan) => ({
    _id: plan.id,
    title: plan.title,
    shareTitle: plan.shareTitle,
    shareCover: picture(plan.coverWord, 500, 400),
    contentId: plan.contentId,
    startAt: atShanghai(now, plan.start),
    endAt: atShanghai(now, plan.end),
    redeemDeadline: atShanghai(now, plan.redeemDeadline),
    assignment: { departmentIds: [...plan.departmentIds], userIds: [...plan.userIds] },
    goals: plan.goals.map(([kind, target, points], i) => ({
      id: `g${i + 1}`,
      kind,
      target,
      points,
    })),
    benefits: plan.benefits.map((key) => ({ id: `b-${key}`, ...BENEFITS[key] })),
    state: plan.state,
    createdAt: atShanghai(now, plan.created),
    publishedAt: at(plan.published),
    cancelledAt: at(plan.cancelled),
  }));
}

/**
 * Active employees a task reaches: members of an assigned department or of any department
 * below it (a task for 华东事业部 reaches its city teams), plus the named users.
 */
export function resolveAssignees(
  task: TaskDoc,
  employees: EmployeeDoc[],
  departments: DepartmentDoc[],
): EmployeeDoc[] {
  const assigned = new Set(task.assignment.departmentIds);
  const reached = new Set(
    departments.filter((d) => d.path.some((id) => assigned.has(id))).map((d) => d._id),
  );
  return employees.filter(
    (employee) =>
      employee.status === 'active' &&
      (task.assignment.userIds.includes(employee._id) ||
        employee.departmentIds.some((id) => reached.has(id))),
  );
}

/**
 * One row per assignee of every task that was published (cancelled ones included: publishing
 * created the rows and cancelling keeps them). Most claim within a day of the notification;
 * claims never come after the end, the cancellation, or `now`.
 */
export function buildTaskAssignees(
  now: Date,
  tasks: TaskDoc[],
  employees: EmployeeDoc[],
  departments: DepartmentDoc[],
  random: Random,
  officeHours: RhythmSampler,
): TaskAssigneeDoc[] {
  const rows: TaskAssigneeDoc[] = [];
  for (const task of tasks) {
    if (!task.publishedAt) continue;
    const plan = TASK_PLANS.find((p) => p.id === task._id)!;
    const claimableUntil = Math.min(
      task.endAt.getTime(),
      task.cancelledAt?.getTime() ?? Infinity,
      now.getTime(),
    );
    for (const employee of resolveAssignees(task, employees, departments)) {
      const claimed =
        random.chance(plan.claimRate) || (plan.claimedBy ?? []).includes(employee._id);
      rows.push({
        _id: `${task._id}:${employee._id}`,
        taskId: task._id,
        userId: employee._id,
        departmentIds: [...employee.departmentIds],
        taskState: task.state,
        // Own Date instances: no document shares a mutable Date with another.
        startAt: new Date(task.startAt),
        endAt: new Date(task.endAt),
        assignedAt: new Date(task.publishedAt),
        claimedAt: claimed
          ? claimTime(task.publishedAt.getTime(), claimableUntil, random, officeHours)
          : null,
      });
    }
  }
  return rows;
}

function claimTime(
  publishedAt: number,
  until: number,
  random: Random,
  officeHours: RhythmSampler,
): Date {
  // Most open the notification the same or next working day; stragglers claim later.
  const horizon = random.weighted([
    [4 * HOUR, 0.45],
    [DAY, 0.35],
    [4 * DAY, 0.2],
  ] as const);
  const from = publishedAt + 2 * 60_000;
  return new Date(officeHours.sample(random, from, Math.min(until, publishedAt + horizon)));
}
