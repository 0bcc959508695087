/** Renders an outbox item as WeCom's `message/send` body (a mini-program notice). Plain TS. */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { NOTIFICATION_LABELS, type NotificationKind } from './kinds';

dayjs.extend(utc);
dayjs.extend(timezone);

/** What a notice says and where it opens. */
export interface NoticeContent {
  kind: NotificationKind;
  userId: string;
  title: string;
  description: string;
  page: string;
  createdAt: Date;
}

/** WeCom's limits for miniprogram_notice: title 4-12 characters, an item value at most 30. */
const TITLE_MAX = 12;
const ITEM_VALUE_MAX = 30;

/**
 * WeCom drops a message identical to one sent to the same member within this window (at most
 * 4 hours). It is the safety net for the one case the outbox cannot rule out alone: a run that
 * died after WeCom accepted a message but before the outcome was recorded (see docs).
 */
export const DUPLICATE_CHECK_SECONDS = 4 * 3600;

/** Cuts to `max` characters (by code point), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** The notice's description line: when it happened, Beijing time (e.g. 5月3日 14:20). */
export function noticeTime(at: Date): string {
  return dayjs(at).tz('Asia/Shanghai').format('M月D日 HH:mm');
}

/** The `message/send` body: one recipient, a mini-program notice that opens `page`. */
export function renderNotice(
  item: NoticeContent,
  app: { agentId: number; appId: string },
): Record<string, unknown> {
  return {
    touser: item.userId,
    msgtype: 'miniprogram_notice',
    agentid: app.agentId,
    miniprogram_notice: {
      appid: app.appId,
      page: item.page,
      title: truncate(item.title, TITLE_MAX),
      description: noticeTime(item.createdAt),
      emphasis_first_item: false,
      content_item: [
        { key: '类型', value: NOTIFICATION_LABELS[item.kind] },
        { key: '详情', value: truncate(item.description, ITEM_VALUE_MAX) },
      ],
    },
    enable_duplicate_check: 1,
    duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
  };
}
