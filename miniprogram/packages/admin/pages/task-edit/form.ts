import type { AdminTaskDetail, AdminTaskInput, GoalKind } from '../../../../../typings/task-admin';
import { fromShanghaiParts, GOAL_OPTIONS, shanghaiParts } from '../tasks/view';

/**
 * The task form's state and its checks, without the page (the page script registers a
 * Component when imported). The rules mirror the server's (docs/admin-tasks.md) so the
 * admin sees each message at its field before saving; the server checks again (S4).
 */

export interface GoalRow {
  key: number;
  id?: string;
  /** Index into GOAL_OPTIONS, -1 before a kind is chosen. */
  kindIndex: number;
  kindLabel: string;
  target: string;
  points: string;
  error: string;
}

export interface BenefitRow {
  key: number;
  id?: string;
  name: string;
  cost: string;
  stock: string;
  perEmployeeLimit: string;
  error: string;
}

export interface FormState {
  title: string;
  contentId: string;
  shareTitle: string;
  shareCover: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  redeemDate: string;
  redeemTime: string;
  departmentIds: string[];
  userIds: string[];
  goals: GoalRow[];
  benefits: BenefitRow[];
}

export const TITLE_MAX = 60;
const DAY = 24 * 3600 * 1000;

/** Field-level messages; `goals`/`benefits` rows carry their own in `error`. */
export type FormErrors = Partial<
  Record<
    'title' | 'contentId' | 'startAt' | 'endAt' | 'redeemDeadline' | 'assignment' | 'goals',
    string
  >
>;

let nextKey = 1;
export const newKey = () => nextKey++;

export function goalRow(kind?: GoalKind, target = '', points = '', id?: string): GoalRow {
  const kindIndex = kind ? GOAL_OPTIONS.findIndex((o) => o.kind === kind) : -1;
  return {
    key: newKey(),
    id,
    kindIndex,
    kindLabel: kindIndex >= 0 ? GOAL_OPTIONS[kindIndex].label : '',
    target,
    points,
    error: '',
  };
}

export function benefitRow(
  b: {
    id?: string;
    name: string;
    cost: number | string;
    stock: number | string;
    perEmployeeLimit: number | string;
  } = {
    name: '',
    cost: '',
    stock: '',
    perEmployeeLimit: '1',
  },
): BenefitRow {
  return {
    key: newKey(),
    id: b.id,
    name: b.name,
    cost: String(b.cost),
    stock: String(b.stock),
    perEmployeeLimit: String(b.perEmployeeLimit),
    error: '',
  };
}

/** A new task: starts tomorrow 09:00, runs a week, redeemable for a week after (Shanghai). */
export function emptyForm(now: number): FormState {
  const tomorrow = shanghaiParts(new Date(now + DAY).toISOString()).date;
  const end = shanghaiParts(new Date(now + 7 * DAY).toISOString()).date;
  const redeem = shanghaiParts(new Date(now + 14 * DAY).toISOString()).date;
  return {
    title: '',
    contentId: '',
    shareTitle: '',
    shareCover: '',
    startDate: tomorrow,
    startTime: '09:00',
    endDate: end,
    endTime: '23:59',
    redeemDate: redeem,
    redeemTime: '23:59',
    departmentIds: [],
    userIds: [],
    goals: [goalRow('shares', '5', '10')],
    benefits: [],
  };
}

export function formOf(task: AdminTaskDetail): FormState {
  const start = shanghaiParts(task.startAt);
  const end = shanghaiParts(task.endAt);
  const redeem = shanghaiParts(task.redeemDeadline);
  return {
    title: task.title,
    contentId: task.contentId,
    shareTitle: task.shareTitle,
    shareCover: task.shareCover,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    redeemDate: redeem.date,
    redeemTime: redeem.time,
    departmentIds: [...task.assignment.departmentIds],
    userIds: [...task.assignment.userIds],
    goals: task.goals.map((g) => goalRow(g.kind, String(g.target), String(g.points), g.id)),
    benefits: task.benefits.map((b) => benefitRow(b)),
  };
}

const wholeAtLeast = (text: string, min: number) =>
  /^\d+$/.test(text.trim()) && Number(text.trim()) >= min;

/**
 * Checks the form. Answers the messages to show (empty when none) and, when there are none,
 * the payload of `tasks.save`.
 */
export function checkForm(form: FormState): {
  errors: FormErrors;
  goals: GoalRow[];
  benefits: BenefitRow[];
  input: AdminTaskInput | null;
} {
  const errors: FormErrors = {};
  const title = form.title.trim();
  if (!title) errors.title = '请填写任务标题';
  else if (title.length > TITLE_MAX) errors.title = `任务标题不能超过 ${TITLE_MAX} 个字`;
  if (!form.contentId) errors.contentId = '请选择推广内容';

  const startAt = fromShanghaiParts(form.startDate, form.startTime);
  const endAt = fromShanghaiParts(form.endDate, form.endTime);
  const redeemDeadline = fromShanghaiParts(form.redeemDate, form.redeemTime);
  if (!startAt) errors.startAt = '请选择开始时间';
  if (!endAt) errors.endAt = '请选择结束时间';
  else if (startAt && endAt <= startAt) errors.endAt = '结束时间必须晚于开始时间';
  if (!redeemDeadline) errors.redeemDeadline = '请选择兑换截止时间';
  else if (endAt && redeemDeadline <= endAt) errors.redeemDeadline = '兑换截止时间必须晚于结束时间';

  if (form.departmentIds.length === 0 && form.userIds.length === 0)
    errors.assignment = '请至少选择一个部门或员工';
  if (form.goals.length === 0) errors.goals = '请至少设置一个任务目标';

  const seen = new Set<number>();
  const goals = form.goals.map((g) => {
    let error = '';
    if (g.kindIndex < 0) error = '请选择目标类型';
    else if (seen.has(g.kindIndex)) error = `目标类型「${g.kindLabel}」重复了`;
    else if (!wholeAtLeast(g.target, 1)) error = '目标值须为不小于 1 的整数';
    else if (!wholeAtLeast(g.points, 0)) error = '积分须为不小于 0 的整数';
    if (g.kindIndex >= 0) seen.add(g.kindIndex);
    return { ...g, error };
  });
  const benefits = form.benefits.map((b) => {
    let error = '';
    if (!b.name.trim()) error = '请填写权益名称';
    else if (!wholeAtLeast(b.cost, 1)) error = '所需积分须为不小于 1 的整数';
    else if (!wholeAtLeast(b.stock, 0)) error = '库存须为不小于 0 的整数';
    else if (!wholeAtLeast(b.perEmployeeLimit, 1)) error = '每人限兑须为不小于 1 的整数';
    return { ...b, error };
  });

  const valid =
    Object.keys(errors).length === 0 &&
    goals.every((g) => !g.error) &&
    benefits.every((b) => !b.error);
  const input: AdminTaskInput | null = valid
    ? {
        title,
        contentId: form.contentId,
        shareTitle: form.shareTitle.trim(),
        shareCover: form.shareCover.trim(),
        startAt,
        endAt,
        redeemDeadline,
        assignment: { departmentIds: form.departmentIds, userIds: form.userIds },
        goals: goals.map((g) => ({
          ...(g.id ? { id: g.id } : {}),
          kind: GOAL_OPTIONS[g.kindIndex].kind,
          target: Number(g.target),
          points: Number(g.points),
        })),
        benefits: benefits.map((b) => ({
          ...(b.id ? { id: b.id } : {}),
          name: b.name.trim(),
          cost: Number(b.cost),
          stock: Number(b.stock),
          perEmployeeLimit: Number(b.perEmployeeLimit),
        })),
      }
    : null;
  return { errors, goals, benefits, input };
}
