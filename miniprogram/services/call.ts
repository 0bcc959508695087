import type { ActionName, ActionRequest, ActionResponse, FunctionName } from '../../typings/api';
import { isSessionRefusal, renewSession, sessionForCall } from './session';
import { invoke, type FunctionEvent } from './transports';

/**
 * Calls `fn` with `{ action, ...payload }` over the configured transport and returns the
 * action's data. Throws an {@link ApiFailure} for a function's `{ ok: false }` answer and
 * for any transport failure, so callers handle exactly one error type.
 *
 * The session (./session.ts): the call waits for the launch login, carries the session token
 * as `sessionToken` when there is one, and after a SESSION_EXPIRED (or UNAUTHENTICATED) answer
 * logs in again and is retried once; a second refusal is thrown. `auth.login` is sent as is.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  payload: ActionRequest<F, A>,
): Promise<ActionResponse<F, A>> {
  const event: FunctionEvent = { action, ...(payload as object) };
  if (fn === 'auth' && action === 'login') return (await invoke(fn, event)) as ActionResponse<F, A>;
  const token = await sessionForCall();
  try {
    return (await invoke(fn, withToken(event, token))) as ActionResponse<F, A>;
  } catch (error) {
    if (!isSessionRefusal(error)) throw error;
    const renewed = await renewSession(token);
    return (await invoke(fn, withToken(event, renewed))) as ActionResponse<F, A>;
  }
}

const withToken = (event: FunctionEvent, token: string | undefined): FunctionEvent =>
  token ? { ...event, sessionToken: token } : event;
