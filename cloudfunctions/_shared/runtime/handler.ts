import { z } from 'zod';
import type { ApiResult } from '../../../typings/api';
import { runInCallScope, SESSION_TOKEN_FIELD } from './call-scope';
import { decodeCursor } from '../domain/cursor';
import { AppError, ERROR_MESSAGES } from './errors';

/** One action: its input schema and what it does with the parsed input. */
export interface ActionDefinition<Ctx, S extends z.ZodType, R> {
  input: S;
  run: (input: z.infer<S>, ctx: Ctx) => Promise<R>;
}

/** The actions of one module, by name. */
export type ActionMap<Ctx> = Record<string, ActionDefinition<Ctx, z.ZodType, unknown>>;

/**
 * A client's id of one action it may send again (A9's client event id, shares.create's request
 * id): retries carry the same one, so the server does the action once.
 */
export const retryKey = z
  .string()
  .trim()
  .min(8)
  .max(64)
  .regex(/^[\w-]+$/);

/**
 * A keyset cursor whose sort value is a number (a time in ms, a score) as this server encoded
 * it (domain/cursor.ts), or null for none; anything else is INVALID_INPUT.
 */
export function numberCursorOf(raw: string | undefined): { value: number; id: string } | null {
  if (!raw) return null;
  const cursor = decodeCursor(raw);
  if (!cursor || typeof cursor.value !== 'number' || !Number.isFinite(cursor.value))
    throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
  return { value: cursor.value, id: cursor.id };
}

/**
 * Declares an action with its input type inferred from the schema. An object schema is made
 * strict here, for every action: a field the action does not declare (forged points, an amount,
 * a megabyte of junk) is INVALID_INPUT, never silently dropped while the action runs. Identity
 * fields alone are ignored instead (S1, `withoutIdentity`).
 */
export function action<Ctx, S extends z.ZodType, R>(
  input: S,
  run: (input: z.infer<S>, ctx: Ctx) => Promise<R>,
): ActionDefinition<Ctx, S, R> {
  const strict = input instanceof z.ZodObject ? (input.strict() as unknown as S) : input;
  return { input: strict, run };
}

/**
 * Builds a function's `main`: picks the action named in the event, resolves the caller (which
 * may refuse), validates the input with the action's schema, runs it, and turns every outcome into an
 * {@link ApiResult}. Unexpected errors are logged and reported as INTERNAL, never leaked.
 */
export function createHandler<Ctx>(
  actions: ActionMap<Ctx>,
  resolveContext: (actionName: string) => Promise<Ctx>,
): (event: unknown) => Promise<ApiResult<unknown>> {
  return (event) => runInCallScope(event, () => handle(event));
  async function handle(event: unknown): Promise<ApiResult<unknown>> {
    try {
      const name = (event as { action?: unknown } | null)?.action;
      const definition =
        typeof name === 'string' && Object.prototype.hasOwnProperty.call(actions, name)
          ? actions[name]
          : undefined;
      if (!definition)
        throw new AppError('UNKNOWN_ACTION', `${ERROR_MESSAGES.UNKNOWN_ACTION}：${String(name)}`);
      // The session token is transport, not input: identity reads it from the call scope.
      const {
        action: _action,
        [SESSION_TOKEN_FIELD]: _session,
        ...payload
      } = event as Record<string, unknown>;
      // Who is calling comes first: a caller without the role learns nothing about the input.
      const ctx = await resolveContext(name as string);
      const parsed = definition.input.safeParse(withoutIdentity(definition.input, payload));
      if (!parsed.success) throw new AppError('INVALID_INPUT', describeIssue(parsed.error));
      return { ok: true, data: await definition.run(parsed.data, ctx) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      console.error('[unexpected]', error);
      return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
    }
  }
}

/**
 * S1: who calls comes from the call context only. Identity fields a payload carries where the
 * action declares none (a client naming itself or someone else) are ignored; any other
 * undeclared field is INVALID_INPUT (strict schemas, {@link action}).
 */
const IDENTITY_FIELDS = ['userId', 'openid', 'OPENID', 'unionid', 'UNIONID', 'appid', 'APPID'];

function withoutIdentity(schema: z.ZodType, payload: Record<string, unknown>) {
  const declared = schema instanceof z.ZodObject ? schema.shape : {};
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload))
    if (!IDENTITY_FIELDS.includes(key) || key in declared) kept[key] = value;
  return kept;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? `（${issue.path.join('.')}）` : '';
  return `${ERROR_MESSAGES.INVALID_INPUT}${where}`;
}
