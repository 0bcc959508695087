import type { ActivityEntry, RadarEntry, RadarList } from '../../../../services/insight';
import { formatShanghaiDateTime } from '../../../../utils/time';

/** The radar's tabs: the four daily lists (R1-R4) and 最新动态 (R5). */
export type RadarTab = RadarList | 'activity';

export const RADAR_TABS: { key: RadarTab; label: string; empty: string }[] = [
  { key: 'recommended', label: '推荐跟进', empty: '暂无推荐跟进的客户' },
  { key: 'phone', label: '提交电话', empty: '暂无提交电话的客户' },
  { key: 'spread', label: '高传播', empty: '暂无高传播客户' },
  { key: 'churn', label: '流失挽回', empty: '暂无需要挽回的客户' },
  { key: 'activity', label: '最新动态', empty: '暂无动态' },
];

/** One row of any radar tab, formatted (WXML cannot call functions). */
export interface RadarItem {
  id: string;
  customerId: string;
  nickname: string;
  avatar: string;
  /** `86分` on 推荐跟进, '' elsewhere. */
  scoreText: string;
  /** The reasons (R1) or what the customer did (R5), joined. */
  detailText: string;
  /** `最近互动 11月20日 09:00`, or the event's time. */
  timeText: string;
}

export function radarItem(entry: RadarEntry, tab: RadarList): RadarItem {
  const spread = `人脉 ${entry.network} · 转发 ${entry.forwards}`;
  return {
    id: entry.customerId,
    customerId: entry.customerId,
    nickname: entry.nickname || '微信用户',
    avatar: entry.avatar,
    scoreText: tab === 'recommended' ? `${entry.score}分` : '',
    detailText: tab === 'spread' ? spread : entry.reasons.join(' · '),
    timeText: entry.lastInteractionAt
      ? `最近互动 ${formatShanghaiDateTime(entry.lastInteractionAt)}`
      : '',
  };
}

export function activityItem(entry: ActivityEntry): RadarItem {
  return {
    id: entry.id,
    customerId: entry.customerId,
    nickname: entry.nickname || '微信用户',
    avatar: entry.avatar,
    scoreText: '',
    detailText: `${entry.label}《${entry.contentTitle}》`,
    timeText: formatShanghaiDateTime(entry.at),
  };
}

/** R6: `更新于 12月8日 03:10`; before the first daily run, when it will be. */
export function computedText(tab: RadarTab, computedAt: string | null): string {
  if (tab === 'activity') return '实时更新';
  return computedAt ? `更新于 ${formatShanghaiDateTime(computedAt)}` : '尚未计算，每天凌晨更新';
}
