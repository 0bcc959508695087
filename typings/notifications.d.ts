/** Notification settings (M5). Types only; each action: { request, response }. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EmployeeSettingsActions {}
