/**
 * 客户朋友圈 relay (issue 12, docs/moments-relay.md): a Moments post carries one stable https
 * address; each reader who opens it gets a URL Link of their own (WeChat opens a URL Link only
 * for the first user who opened it). Whether a share may still be relayed, in plain rules.
 */
import { SHARE_ID_PATTERN } from '../attribution/rules';

export type RelayRefusal = 'INVALID_SHARE' | 'SHARE_NOT_FOUND' | 'SHARE_EXPIRED';

export const RELAY_MESSAGES: Record<RelayRefusal | 'RELAY_UNAVAILABLE', string> = {
  INVALID_SHARE: '链接无效，请向分享者重新获取',
  SHARE_NOT_FOUND: '分享不存在或已删除',
  SHARE_EXPIRED: '活动已结束，链接已失效',
  RELAY_UNAVAILABLE: '暂时无法打开，请稍后重试',
};

/**
 * Why a relay for `shareId` is refused, or null: the id must be a share id (nothing is read
 * otherwise), the share an employee's Moments share, its task neither cancelled nor ended.
 */
export function relayRefusal(
  shareId: unknown,
  share: { channel: string; sharerType: string; taskId: string } | null,
  task: { state: string; endAt: Date } | null,
  now: Date,
): RelayRefusal | null {
  if (typeof shareId !== 'string' || !SHARE_ID_PATTERN.test(shareId)) return 'INVALID_SHARE';
  if (!share || share.sharerType !== 'employee' || share.channel !== 'wecom_moments')
    return 'SHARE_NOT_FOUND';
  if (!task || task.state === 'cancelled' || task.endAt.getTime() <= now.getTime())
    return 'SHARE_EXPIRED';
  return null;
}

/** The relay address of a share, under the hosting's base URL (`RELAY_BASE_URL`). */
export function relayAddress(baseUrl: string, shareId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/relay/?s=${shareId}`;
}
