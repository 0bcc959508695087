/**
 * The contract between the mini-program and the cloud functions (types only).
 *
 * Every function takes `{ action, ...payload }` and answers an {@link ApiResult}.
 * Identity never travels in the payload: the function learns it from the call context.
 */

import type { CustomerActions, EmployeeAttributionActions } from './attribution';
import type { EmployeeCardActions } from './card';
import type { AdminContentActions } from './content';
import type {
  AdminInsightActions,
  EmployeeDepartmentActions,
  EmployeeInsightActions,
  EmployeeRadarActions,
} from './insight';
import type { AdminOrgActions, AuthActions } from './identity';
import type { EmployeeSettingsActions } from './notifications';
import type { EmployeePointsActions } from './points';
import type { AdminTaskActions } from './task-admin';

/** A failure the UI can show: `code` is stable, `message` is plain Chinese. */
export interface ApiError {
  code: string;
  message: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** 未开始 / 进行中 / 已结束 / 已取消, derived from time (T1). */
export type TaskStatus = 'upcoming' | 'active' | 'ended' | 'cancelled';

/** One card of the task center (任务中心). Times are ISO-8601 strings. */
export interface TaskSummary {
  id: string;
  title: string;
  cover: string;
  startAt: string;
  endAt: string;
  status: TaskStatus;
  /** Whether the calling employee has claimed (领取) the task. */
  claimed: boolean;
  goalCount: number;
  /** Sum of the points of all goals: what the task can earn at most. */
  totalPoints: number;
  hasBenefits: boolean;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, null when this is the last one. */
  nextCursor: string | null;
}

/** Actions of the `employee` function (callers: employees inside WeCom). */
export interface EmployeeActions {
  'tasks.list': {
    request: { status: TaskStatus; cursor?: string; pageSize?: number };
    response: Page<TaskSummary>;
  };
  'me.get': {
    request: Record<string, never>;
    response: { userId: string; name: string; avatar: string; isAdmin: boolean; isLeader: boolean };
  };
}

/** Every function and its actions, keyed by function name. */
export interface CloudApi {
  auth: AuthActions;
  employee: EmployeeActions &
    EmployeeSettingsActions &
    EmployeeAttributionActions &
    EmployeeCardActions &
    EmployeePointsActions &
    EmployeeInsightActions &
    EmployeeRadarActions &
    EmployeeDepartmentActions;
  customer: CustomerActions;
  admin: AdminOrgActions & AdminContentActions & AdminTaskActions & AdminInsightActions;
}

export type FunctionName = keyof CloudApi;
export type ActionName<F extends FunctionName> = keyof CloudApi[F] & string;
export type ActionRequest<
  F extends FunctionName,
  A extends ActionName<F>,
> = CloudApi[F][A] extends { request: infer R } ? R : never;
export type ActionResponse<
  F extends FunctionName,
  A extends ActionName<F>,
> = CloudApi[F][A] extends { response: infer R } ? R : never;
