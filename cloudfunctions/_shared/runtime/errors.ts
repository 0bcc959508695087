import type { ApiError } from '../../../typings/api';

/** Stable error codes and the plain Chinese the UI shows for each. */
export const ERROR_MESSAGES = {
  INVALID_INPUT: '请求参数有误',
  UNKNOWN_ACTION: '不支持的操作',
  UNAUTHENTICATED: '请先登录',
  NOT_EMPLOYEE: '仅限企业员工使用',
  EMPLOYEE_INACTIVE: '该员工账号已停用',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '内容不存在或已删除',
  INTERNAL: '服务繁忙，请稍后重试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** An expected failure: it reaches the caller as `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message };
  }
}
