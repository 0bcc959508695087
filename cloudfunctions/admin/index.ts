/**
 * The `admin` function: the management tab (管理). Every action requires an active employee
 * with the admin role (S1); each bounded context keeps its actions in its own module.
 */
import { createHandler } from '../_shared/runtime/handler';
import { requireAdmin, type AdminCaller } from '../_shared/runtime/identity';
import { contentActions } from './content';
import { insightAdminActions } from './insight';
import { orgActions } from './org';
import { taskAdminActions } from './tasks';

export const main = createHandler<AdminCaller>(
  { ...orgActions, ...contentActions, ...taskAdminActions, ...insightAdminActions },
  () => requireAdmin(),
);
