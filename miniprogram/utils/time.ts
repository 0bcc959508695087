/**
 * Dates shown in Asia/Shanghai whatever the device or test machine's time zone.
 *
 * China has observed no daylight saving time since 1991, so Shanghai time is exactly
 * UTC+8 for every date a task can have; shifting by that offset and reading the UTC fields
 * is exact and needs no Intl time zone data (which some mini-program JS engines lack).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `11月20日 09:00` for an ISO-8601 instant, in Asia/Shanghai; '' for an invalid date. */
export function formatShanghaiDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const shanghai = new Date(time + SHANGHAI_OFFSET_MS);
  const month = shanghai.getUTCMonth() + 1;
  const day = shanghai.getUTCDate();
  return `${month}月${day}日 ${pad2(shanghai.getUTCHours())}:${pad2(shanghai.getUTCMinutes())}`;
}

/** `11月20日 09:00 - 11月30日 18:00`, the task card's time range. */
export function formatTimeRange(startIso: string, endIso: string): string {
  return `${formatShanghaiDateTime(startIso)} - ${formatShanghaiDateTime(endIso)}`;
}
