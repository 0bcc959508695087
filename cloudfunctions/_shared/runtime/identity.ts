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
