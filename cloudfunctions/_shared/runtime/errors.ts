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
  CONSENT_REQUIRED: '请先阅读并同意个人信息授权说明，才能提交',
  PHONE_INVALID: '请填写正确的11位手机号码',
  FORM_FIELD_REQUIRED: '请填写必填项',
  FORM_OPTION_INVALID: '请选择有效的选项',
  BIND_TOKEN_USED: '该二维码已被使用，请在企业微信中重新生成',
  BIND_TOKEN_EXPIRED: '该二维码已过期（10分钟内有效），请在企业微信中重新生成',
  BIND_TOKEN_INVALID: '二维码无效，请在企业微信中重新生成',
  TASK_NOT_ASSIGNED: '该任务未分配给你',
  TASK_NOT_CLAIMABLE: '任务当前不能领取',
  TASK_NOT_CLAIMED: '请先领取任务再分享',
  TASK_NOT_SHAREABLE: '任务当前不能分享',
  WECHAT_UNAVAILABLE: '微信服务暂不可用，请稍后重试',
  TASK_NOT_EDITABLE: '任务已开始或已取消，不能再修改',
  TASK_NOT_PUBLISHABLE: '任务当前不能发布',
  TASK_NOT_CANCELLABLE: '任务当前不能取消',
  LOGIN_CODE_INVALID: '登录凭证无效或已过期，请重新打开小程序',
  LOGIN_CODE_USED: '登录凭证已被使用，请重新打开小程序',
  WRONG_CORP: '当前企业未开通本应用',
  UNKNOWN_EMPLOYEE: '通讯录中没有你的账号，请联系管理员同步组织架构',
  SESSION_EXPIRED: '登录已过期，请重新登录',
  WECOM_UNAVAILABLE: '企业微信服务暂不可用，请稍后重试',
  SYNC_IN_PROGRESS: '组织架构正在同步，请稍后再试',
  LAST_ADMIN: '至少需要保留一位管理员',
  CANNOT_REVOKE_SELF: '不能取消自己的管理员身份',
  EMPLOYEE_NOT_DEPARTED: '该员工仍在职，无需离职继承',
  HANDOVER_TARGET_INVALID: '接替的同事须为在职员工',
  ALREADY_HANDED_OVER: '该员工的客户已交接给其他同事',
  EDIT_CONFLICT: '内容已被他人修改，请刷新后重试',
  CONTENT_IN_USE: '该内容正被任务使用，不能删除',
  TAG_IN_USE: '该标签正被内容使用，不能删除',
  REDEEM_NOT_OPEN: '任务结束后才能兑换权益',
  REDEEM_CLOSED: '兑换已截止，不能再兑换',
  REDEEM_CANCELLED: '任务已取消，不能兑换',
  INSUFFICIENT_POINTS: '积分不足，不能兑换',
  OUT_OF_STOCK: '该权益已兑完',
  REDEEM_LIMIT_REACHED: '已达到每人兑换上限',
  REDEEM_BUSY: '兑换的人太多了，请稍后重试',
  TAG_NOT_IN_LIBRARY: '标签库中没有这个标签',
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
