/** Admin actions: organisation sync, admin roles, hand-over of departed employees' customers (AD4). */
import type { ActionMap } from '../_shared/runtime/handler';
import type { AdminCaller } from '../_shared/runtime/identity';

export const orgActions: ActionMap<AdminCaller> = {};
