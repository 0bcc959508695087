/**
 * The `employee` function: everything an employee does inside WeCom. Every action first
 * resolves the calling employee (S1); customers are refused.
 */
import type { CloudApi } from '../../typings/api';
import { createHandler } from '../_shared/runtime/handler';
import { requireEmployee, type EmployeeCaller } from '../_shared/runtime/identity';
import { attributionActions } from './attribution';
import { cardActions } from './card';
import { customerProfileActions } from './customer-profile';
import { departmentActions } from './departments';
import { pointsActions } from './points';
import { radarActions } from './radar';
import { settingsActions } from './settings';
import { taskCenterActions } from './task-center';

const actions = {
  ...taskCenterActions,
  ...settingsActions,
  ...attributionActions,
  ...customerProfileActions,
  ...cardActions,
  ...pointsActions,
  ...radarActions,
  ...departmentActions,
};

// Every action the contract declares for this function is implemented (a compile error otherwise).
const complete: Record<keyof CloudApi['employee'], unknown> = actions;
void complete;

export const main = createHandler<EmployeeCaller>(actions, () => requireEmployee());
