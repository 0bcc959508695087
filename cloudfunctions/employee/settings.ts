/** Employee actions: notification settings (通知设置, M5). The caller edits only their own. */
import { z } from 'zod';
import type { NotificationKind as ContractKind } from '../../typings/notifications';
import { getSwitches, updateSwitches } from '../_shared/db/notification-settings';
import { NOTIFICATION_KINDS, type NotificationKind } from '../_shared/notifications/kinds';
import { action } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

// The contract's kinds and the server's list must be the same set (fails to compile otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsAgree: Same<ContractKind, NotificationKind> = true;
void kindsAgree;

const getSettings = action(z.object({}).strict(), async (_input, caller: EmployeeCaller) =>
  getSwitches(caller.employee._id),
);

const setSettings = action(
  z
    .object(
      Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.boolean().optional()])) as Record<
        NotificationKind,
        z.ZodOptional<z.ZodBoolean>
      >,
    )
    .strict()
    .refine((changes) => Object.values(changes).some((v) => typeof v === 'boolean'), {
      message: 'at least one switch',
    }),
  async (changes, caller: EmployeeCaller) => {
    await updateSwitches(caller.employee._id, changes, new Date());
    return getSwitches(caller.employee._id);
  },
);

export const settingsActions = {
  'settings.notifications.get': getSettings,
  'settings.notifications.set': setSettings,
};
