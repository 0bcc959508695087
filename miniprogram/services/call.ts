import type {
  ActionName,
  ActionRequest,
  ActionResponse,
  ApiResult,
  FunctionName,
} from '../../typings/api';
import { config } from '../config';
import { ApiFailure, badResponseFailure } from './api-failure';
import { cloudTransport, localTransport } from './transports';

/**
 * Calls `fn` with `{ action, ...payload }` over the configured transport and returns the
 * action's data. Throws an {@link ApiFailure} for a function's `{ ok: false }` answer and
 * for any transport failure, so callers handle exactly one error type.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  payload: ActionRequest<F, A>,
): Promise<ActionResponse<F, A>> {
  const transport = config.transport === 'cloud' ? cloudTransport : localTransport;
  const result = await transport(fn, { action, ...(payload as object) });
  if (!isApiResult(result)) throw badResponseFailure();
  if (!result.ok) {
    throw new ApiFailure(result.error.code, result.error.message || '操作失败，请稍后重试');
  }
  return result.data as ActionResponse<F, A>;
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  if (candidate.ok === true) return 'data' in candidate;
  return candidate.ok === false && !!candidate.error && typeof candidate.error === 'object';
}
