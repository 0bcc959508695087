/**
 * Login rules in plain TypeScript: whether what WeCom's `jscode2session` answered lets this
 * member in (S1). The function applies the answer; nothing here talks to WeCom or the database.
 */

export type LoginRefusal = 'WRONG_CORP' | 'UNKNOWN_EMPLOYEE' | 'EMPLOYEE_INACTIVE';

/**
 * Refuses a WeCom session from another corp (one environment serves one enterprise), a member
 * the org sync has not brought in, and a departed member; null lets them in.
 */
export function loginRefusal(
  session: { corpid: string; userid: string },
  configuredCorpId: string,
  employee: { status: 'active' | 'departed' } | null,
): LoginRefusal | null {
  if (!configuredCorpId || session.corpid !== configuredCorpId) return 'WRONG_CORP';
  if (!employee) return 'UNKNOWN_EMPLOYEE';
  if (employee.status !== 'active') return 'EMPLOYEE_INACTIVE';
  return null;
}

/** WeCom errcodes of `jscode2session` that mean "this code is no good" (not an outage). */
export const INVALID_CODE_ERRCODES = new Set([40029, 41008, 40163]);
