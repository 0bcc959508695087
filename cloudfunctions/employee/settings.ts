/** Employee actions: notification settings (通知设置, M5). */
import type { ActionMap } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

export const settingsActions: ActionMap<EmployeeCaller> = {};
