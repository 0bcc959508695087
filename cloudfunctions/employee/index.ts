/**
 * The `employee` function: everything an employee does inside WeCom. Every action first
 * resolves the calling employee (S1); customers are refused.
 */
import { createHandler } from '../_shared/runtime/handler';
import { requireEmployee, type EmployeeCaller } from '../_shared/runtime/identity';
import { attributionActions } from './attribution';
import { settingsActions } from './settings';
import { taskCenterActions } from './task-center';

export const main = createHandler<EmployeeCaller>(
  { ...taskCenterActions, ...settingsActions, ...attributionActions },
  () => requireEmployee(),
);
