/**
 * The `auth` function: login and identity. Unlike the other functions it is callable before
 * any binding exists; each action resolves (or refuses) the caller itself.
 *
 * Login (S1): the `wx.qy.login` code is claimed once on our side (a reused code is refused
 * even if WeCom would answer), exchanged with WeCom (`miniprogram/jscode2session`), checked
 * (right corp, a synced and active member), and then the caller's OPENID is bound to the
 * member. When the call has no OPENID (WeCom on a device may not provide one) a short-lived
 * session token is issued instead; every later call then identifies the employee from the
 * binding or from that token only (runtime/identity.ts).
 */
import { z } from 'zod';
import type { LoginResult } from '../../typings/identity';
import { bindOpenid } from '../_shared/db/bindings';
import { findEmployee } from '../_shared/db/employees';
import { claimLoginCode } from '../_shared/db/login-codes';
import { removeSession } from '../_shared/db/sessions';
import { removeBinding } from '../_shared/db/bindings';
import { INVALID_CODE_ERRCODES, loginRefusal } from '../_shared/domain/identity';
import { currentSessionToken } from '../_shared/runtime/call-scope';
import { callerContext } from '../_shared/runtime/cloud';
import { AppError } from '../_shared/runtime/errors';
import { action, createHandler } from '../_shared/runtime/handler';
import {
  hashSecret,
  issueSession,
  requireEmployee,
  resolveCaller,
  type AnyCaller,
} from '../_shared/runtime/identity';
import { configuredCorpId, wecomGet, WeComApiError } from '../_shared/wecom/client';
import type { WeComSession } from '../_shared/wecom/types';

/** `login` needs nobody; `whoami` takes anyone; `logout` takes employees only. */
type AuthContext = { caller: AnyCaller | null };

const login = action(
  z.object({ code: z.string().trim().min(1).max(256) }),
  async ({ code }): Promise<LoginResult> => {
    const now = new Date();
    if (!(await claimLoginCode(hashSecret(code), now))) throw new AppError('LOGIN_CODE_USED');
    let session: WeComSession;
    try {
      session = await wecomGet<WeComSession>(
        '/cgi-bin/miniprogram/jscode2session',
        { js_code: code, grant_type: 'authorization_code' },
        'agent',
      );
    } catch (error) {
      if (error instanceof WeComApiError && INVALID_CODE_ERRCODES.has(error.errcode)) {
        throw new AppError(error.errcode === 40163 ? 'LOGIN_CODE_USED' : 'LOGIN_CODE_INVALID');
      }
      console.error('[auth.login] jscode2session failed', error);
      throw new AppError('WECOM_UNAVAILABLE');
    }
    const employee = await findEmployee(session.userid);
    const refusal = loginRefusal(session, configuredCorpId(), employee);
    if (refusal || !employee) throw new AppError(refusal ?? 'UNKNOWN_EMPLOYEE');

    const { openid } = callerContext();
    let issued: { token: string; expiresAt: string } | null = null;
    if (openid) {
      await bindOpenid(openid, employee._id, session.corpid, now);
    } else {
      const s = await issueSession(employee._id, session.corpid, now);
      issued = { token: s.token, expiresAt: s.expiresAt.toISOString() };
    }
    return {
      userId: employee._id,
      name: employee.name,
      avatar: employee.avatar,
      isAdmin: employee.roles.includes('admin'),
      isLeader: employee.leadsDepartmentIds.length > 0,
      session: issued,
    };
  },
);

const whoami = action(z.object({}), async (_input, { caller }: AuthContext) => {
  if (!caller || caller.role === 'anonymous') return { role: 'anonymous' as const };
  if (caller.role === 'customer') {
    return { role: 'customer' as const, hasUnionid: Boolean(caller.unionid) };
  }
  const { employee, isAdmin, via } = caller.caller;
  return { role: 'employee' as const, userId: employee._id, name: employee.name, isAdmin, via };
});

const logout = action(z.object({}), async (_input, { caller }: AuthContext) => {
  if (caller?.role !== 'employee') throw new AppError('NOT_EMPLOYEE');
  const token = currentSessionToken();
  if (caller.caller.via === 'session' && token) await removeSession(hashSecret(token));
  else if (caller.caller.openid) await removeBinding(caller.caller.openid);
  return { loggedOut: true as const };
});

export const main = createHandler<AuthContext>({ login, whoami, logout }, async (name) => {
  if (name === 'login') return { caller: null };
  if (name === 'logout') return { caller: { role: 'employee', caller: await requireEmployee() } };
  return { caller: await resolveCaller() };
});
