/** Admin actions: content library, forms, topic tags, tag library and rules (AD1, AD5). */
import type { ActionMap } from '../_shared/runtime/handler';
import type { AdminCaller } from '../_shared/runtime/identity';

export const contentActions: ActionMap<AdminCaller> = {};
