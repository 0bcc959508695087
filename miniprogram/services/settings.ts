import type { NotificationKind, NotificationSettings } from '../../typings/notifications';
import { call } from './call';

export type { NotificationKind, NotificationSettings };

/** The signed-in employee's notification switches (通知设置, M5), every kind present. */
export function loadNotificationSettings(): Promise<NotificationSettings> {
  return call('employee', 'settings.notifications.get', {});
}

/** Turns one kind on or off; answers every switch as the server now holds them. */
export function setNotificationSwitch(
  kind: NotificationKind,
  on: boolean,
): Promise<NotificationSettings> {
  return call('employee', 'settings.notifications.set', { [kind]: on });
}
