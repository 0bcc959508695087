/** The kinds of notification an employee receives, each with its own switch (M5). Plain TS. */

/** Every kind, in the order the 通知设置 page lists them. */
export const NOTIFICATION_KINDS = [
  'newTask',
  'taskEnding',
  'pointsCredited',
  'benefitExpiring',
  'newLead',
  'newCustomer',
  'followUpDue',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One switch per kind; true means the employee receives it. */
export type NotificationSwitches = Record<NotificationKind, boolean>;

/** The Chinese label of each kind: the switch on the settings page and the notice's type line. */
export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  newTask: '新任务通知',
  taskEnding: '任务即将结束',
  pointsCredited: '目标达成与积分到账',
  benefitExpiring: '权益即将过期',
  newLead: '新线索',
  newCustomer: '新客户打开分享',
  followUpDue: '跟进提醒',
};

/** Every kind is on until the employee switches it off (M5). */
export function defaultSwitches(): NotificationSwitches {
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as NotificationSwitches;
}

/** Stored switches over the defaults: a kind added later is on for everyone. */
export function withDefaults(
  stored: Partial<Record<string, unknown>> | undefined,
): NotificationSwitches {
  const switches = defaultSwitches();
  for (const kind of NOTIFICATION_KINDS) {
    if (typeof stored?.[kind] === 'boolean') switches[kind] = stored[kind] as boolean;
  }
  return switches;
}
