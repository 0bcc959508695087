/** Notification settings (M5). Types only; each action: { request, response }. */

/** The kinds of notification, each with its own switch (see docs/notifications.md). */
export type NotificationKind =
  | 'newTask'
  | 'taskEnding'
  | 'pointsCredited'
  | 'benefitExpiring'
  | 'newLead'
  | 'newCustomer'
  | 'followUpDue';

/** One switch per kind; true means the employee receives that kind. */
export type NotificationSettings = Record<NotificationKind, boolean>;

export interface EmployeeSettingsActions {
  /** The caller's switches, every kind present (defaults: all on). */
  'settings.notifications.get': {
    request: Record<string, never>;
    response: NotificationSettings;
  };
  /** Changes the switches given (at least one), leaves the others; answers all of them. */
  'settings.notifications.set': {
    request: Partial<NotificationSettings>;
    response: NotificationSettings;
  };
}
