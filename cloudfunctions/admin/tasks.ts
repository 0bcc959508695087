/** Admin actions: tasks, redemptions and exports (AD2, AD3, AD6). */
import type { ActionMap } from '../_shared/runtime/handler';
import type { AdminCaller } from '../_shared/runtime/identity';

export const taskAdminActions: ActionMap<AdminCaller> = {};
