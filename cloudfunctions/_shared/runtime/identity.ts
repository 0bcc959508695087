import { findBinding } from '../db/bindings';
import { findEmployee, type EmployeeDoc } from '../db/employees';
import { callerContext } from './cloud';
import { AppError } from './errors';

/** The employee making the call, learned from the call context and the server-side binding. */
export interface EmployeeCaller {
  openid: string;
  employee: EmployeeDoc;
  isAdmin: boolean;
}

/** S1: resolves the calling employee, or refuses with a clear code. */
export async function requireEmployee(): Promise<EmployeeCaller> {
  const { openid } = callerContext();
  if (!openid) throw new AppError('UNAUTHENTICATED');
  const binding = await findBinding(openid);
  if (!binding) throw new AppError('NOT_EMPLOYEE');
  const employee = await findEmployee(binding.userId);
  if (!employee) throw new AppError('NOT_EMPLOYEE');
  if (employee.status !== 'active') throw new AppError('EMPLOYEE_INACTIVE');
  return { openid, employee, isAdmin: employee.roles.includes('admin') };
}

/** An admin making the call: an active employee with the admin role. */
export type AdminCaller = EmployeeCaller;

/** S1: the calling employee, refused with FORBIDDEN unless they hold the admin role. */
export async function requireAdmin(): Promise<AdminCaller> {
  const caller = await requireEmployee();
  if (!caller.isAdmin) throw new AppError('FORBIDDEN');
  return caller;
}
