import { createHash, randomBytes } from 'node:crypto';
import { findBinding } from '../db/bindings';
import { findEmployee, type EmployeeDoc } from '../db/employees';
import { findSession, insertSession } from '../db/sessions';
import { currentSessionToken } from './call-scope';
import { callerContext } from './cloud';
import { AppError } from './errors';

/** The employee making the call, learned from the call context and the server-side binding. */
export interface EmployeeCaller {
  /** The caller's OPENID; empty when identified by a session token (WeCom gave no OPENID). */
  openid: string;
  employee: EmployeeDoc;
  isAdmin: boolean;
  /** How the caller was identified. */
  via: 'binding' | 'session';
}

/** How long a server-issued session lives (the services layer logs in again after it). */
export const SESSION_TTL_MS = 2 * 3600 * 1000;

/** SHA-256 hex: sessions and login codes are stored by hash, never in the clear. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Issues a session bound to the employee (stored by hash); answers the token and its expiry. */
export async function issueSession(
  userId: string,
  corpId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession({ _id: hashSecret(token), userId, corpId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/**
 * The employee this call speaks for, without refusing: by the OPENID's binding when the
 * context has an OPENID, by the session token only when it has none. A caller with an OPENID
 * is never identified by a token, so a customer (who always has an OPENID) cannot become an
 * employee by presenting one.
 */
async function identify(): Promise<
  | { kind: 'employee'; openid: string; employeeId: string; via: 'binding' | 'session' }
  | { kind: 'customer'; openid: string; unionid?: string }
  | { kind: 'anonymous' }
  | { kind: 'expired' }
> {
  const { openid, unionid } = callerContext();
  if (openid) {
    const binding = await findBinding(openid);
    return binding
      ? { kind: 'employee', openid, employeeId: binding.userId, via: 'binding' }
      : { kind: 'customer', openid, unionid };
  }
  const token = currentSessionToken();
  if (!token) return { kind: 'anonymous' };
  const session = await findSession(hashSecret(token));
  if (!session || session.expiresAt.getTime() <= Date.now()) return { kind: 'expired' };
  return { kind: 'employee', openid: '', employeeId: session.userId, via: 'session' };
}

/** S1: resolves the calling employee, or refuses with a clear code. */
export async function requireEmployee(): Promise<EmployeeCaller> {
  const who = await identify();
  if (who.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (who.kind === 'expired') throw new AppError('SESSION_EXPIRED');
  if (who.kind === 'customer') throw new AppError('NOT_EMPLOYEE');
  const employee = await findEmployee(who.employeeId);
  if (!employee) throw new AppError('NOT_EMPLOYEE');
  if (employee.status !== 'active') throw new AppError('EMPLOYEE_INACTIVE');
  return { openid: who.openid, employee, isAdmin: employee.roles.includes('admin'), via: who.via };
}

/** An admin making the call: an active employee with the admin role. */
export type AdminCaller = EmployeeCaller;

/** S1: the calling employee, refused with FORBIDDEN unless they hold the admin role. */
export async function requireAdmin(): Promise<AdminCaller> {
  const caller = await requireEmployee();
  if (!caller.isAdmin) throw new AppError('FORBIDDEN');
  return caller;
}

/** Anyone: an employee (as {@link requireEmployee} finds them), a customer, or nobody. */
export type AnyCaller =
  | { role: 'employee'; caller: EmployeeCaller }
  | { role: 'customer'; openid: string; unionid?: string }
  | { role: 'anonymous' };

/**
 * The caller whatever their role, for actions open to all (`auth.whoami`). An employee whose
 * account cannot be used (departed, unknown) or whose session expired is refused as
 * {@link requireEmployee} would, rather than silently treated as a customer.
 */
export async function resolveCaller(): Promise<AnyCaller> {
  const who = await identify();
  if (who.kind === 'customer')
    return { role: 'customer', openid: who.openid, unionid: who.unionid };
  if (who.kind === 'anonymous') return { role: 'anonymous' };
  return { role: 'employee', caller: await requireEmployee() };
}
