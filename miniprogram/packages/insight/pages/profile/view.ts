import type {
  BehaviourEntry,
  CustomerProfile,
  FollowUp,
  NetworkNode,
} from '../../../../services/insight';
import { formatShanghaiDateTime } from '../../../../utils/time';

/** 用户画像, already formatted (WXML cannot call functions). */
export interface ProfileView {
  nickname: string;
  avatar: string;
  /** `首次访问 11月20日 09:00 · 最近活跃 11月21日 10:30` */
  timesText: string;
  sourceText: string;
  activityTotal: number;
  /** `浏览 3 · 转发 1 · 表单 1 · 名片 0` */
  activityParts: string;
  recentTotal: number;
  /** One bar per day, oldest first; `height` in % of the busiest day. */
  recentBars: { day: string; height: number; interactions: number }[];
  networkCount: number;
  /** TA的人脉 flattened depth-first; `depth` 1 = came through the customer's own forward. */
  networkRows: { customerId: string; name: string; depth: number }[];
  forms: { id: string; title: string; at: string; fields: { label: string; value: string }[] }[];
  autoTags: string[];
  manualTags: string[];
  remark: string;
}

/** C2 bars scaled to the busiest day (a day without interactions keeps a hairline). */
export function recentBars(days: CustomerProfile['recent']['days']): ProfileView['recentBars'] {
  const peak = Math.max(1, ...days.map((d) => d.interactions));
  return days.map((d) => ({
    day: d.day,
    interactions: d.interactions,
    height: d.interactions ? Math.max(8, Math.round((d.interactions / peak) * 100)) : 2,
  }));
}

/** C3: the tree below the customer, depth-first, the customer themself left out. */
export function networkRows(tree: NetworkNode): ProfileView['networkRows'] {
  const rows: ProfileView['networkRows'] = [];
  const walk = (node: NetworkNode, depth: number) => {
    for (const child of node.children) {
      rows.push({ customerId: child.customerId, name: child.name || '微信用户', depth });
      walk(child, depth + 1);
    }
  };
  walk(tree, 1);
  return rows;
}

function sourceText(source: CustomerProfile['source']): string {
  if (source.kind === 'direct') return source.label;
  const sharer =
    source.sharer.kind === 'employee' ? `员工 ${source.sharer.name}` : source.sharer.name;
  return `${source.label} · ${source.taskTitle} · ${sharer} 分享`;
}

export function profileView(profile: CustomerProfile): ProfileView {
  const { activity } = profile;
  return {
    nickname: profile.nickname || '微信用户',
    avatar: profile.avatar,
    timesText: `首次访问 ${formatShanghaiDateTime(profile.firstSeenAt)} · 最近活跃 ${formatShanghaiDateTime(profile.lastActiveAt)}`,
    sourceText: sourceText(profile.source),
    activityTotal: activity.total,
    activityParts: `浏览 ${activity.visits} · 转发 ${activity.forwards} · 表单 ${activity.forms} · 名片 ${activity.cardTaps}`,
    recentTotal: profile.recent.total,
    recentBars: recentBars(profile.recent.days),
    networkCount: profile.network.count,
    networkRows: networkRows(profile.network.tree),
    forms: profile.forms.map((f) => ({
      id: f.id,
      title: f.formTitle,
      at: formatShanghaiDateTime(f.at),
      fields: f.fields.map(({ label, value }) => ({ label, value })),
    })),
    autoTags: profile.tags.auto,
    manualTags: profile.tags.manual,
    remark: profile.remark,
  };
}

/** One 行为记录 row. */
export interface EventItem {
  id: string;
  /** `浏览了内容《双11攻略》` */
  title: string;
  /** `11月20日 09:00 · 来自 员工 李雷 · 停留 45 秒 · 阅读至 80%` */
  detail: string;
}

export function eventItem(entry: BehaviourEntry): EventItem {
  const parts = [formatShanghaiDateTime(entry.at)];
  if (entry.via.kind !== 'direct') {
    parts.push(`来自 ${entry.via.kind === 'employee' ? '员工 ' : ''}${entry.via.name}`);
  } else parts.push(entry.via.name || '直接访问');
  if (entry.dwellMs !== null) parts.push(`停留 ${Math.round(entry.dwellMs / 1000)} 秒`);
  if (entry.scrollDepth !== null) parts.push(`阅读至 ${entry.scrollDepth}%`);
  return {
    id: entry.id,
    title: entry.contentTitle ? `${entry.label}《${entry.contentTitle}》` : entry.label,
    detail: parts.join(' · '),
  };
}

/** One 跟进记录 row. */
export interface FollowUpItem {
  id: string;
  text: string;
  /** `电话 · 李雷 · 11月20日 09:00` */
  meta: string;
  /** `下次跟进 2026-12-10`, or '' */
  nextText: string;
  mine: boolean;
}

export function followUpItem(followUp: FollowUp): FollowUpItem {
  return {
    id: followUp.id,
    text: followUp.text,
    meta: `${followUp.way} · ${followUp.authorName} · ${formatShanghaiDateTime(followUp.createdAt)}`,
    nextText: followUp.nextDate ? `下次跟进 ${followUp.nextDate}` : '',
    mine: followUp.mine,
  };
}
