import type { ApiError } from '../../typings/api';

/**
 * A backend call that did not produce data. `code` is stable (the function's own error
 * code, or one of {@link TransportErrorCode}); `message` is plain Chinese, safe to show.
 */
export class ApiFailure extends Error implements ApiError {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    // DevTools may down-compile classes to ES5, where subclassing Error loses the prototype.
    Object.setPrototypeOf(this, ApiFailure.prototype);
  }
}

/** Failures raised by the services layer itself rather than by a cloud function. */
export type TransportErrorCode =
  /** The request never got an answer: offline, timeout, local cloud not running, HTTP error. */
  | 'NETWORK'
  /** The function crashed or timed out before answering. */
  | 'FUNCTION_ERROR'
  /** The answer was not an ApiResult. */
  | 'BAD_RESPONSE';

export const networkFailure = () => new ApiFailure('NETWORK', '网络异常，请稍后重试');
export const functionFailure = () => new ApiFailure('FUNCTION_ERROR', '服务暂时不可用，请稍后重试');
export const badResponseFailure = () => new ApiFailure('BAD_RESPONSE', '服务返回异常，请稍后重试');

/** What a page shows for any error, so an unexpected exception still reads as Chinese. */
export function failureMessage(error: unknown): string {
  return error instanceof ApiFailure ? error.message : '出错了，请稍后重试';
}
