import { db, rows } from '../runtime/cloud';

/** An employee as stored (see docs/data-model.md). */
export interface EmployeeDoc {
  _id: string;
  corpId: string;
  name: string;
  avatar: string;
  position: string;
  departmentIds: string[];
  leadsDepartmentIds: string[];
  roles: string[];
  status: 'active' | 'departed';
}

const employees = () => db.collection('employees');

/** The employee with this WeCom userid, or null. */
export async function findEmployee(userId: string): Promise<EmployeeDoc | null> {
  const data = await rows<EmployeeDoc>(employees().where({ _id: userId }).limit(1).get());
  return data[0] ?? null;
}
