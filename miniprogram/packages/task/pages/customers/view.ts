import type { CustomerRow } from '../../../../services/attribution';
import { formatShanghaiDateTime } from '../../../../utils/time';

/** One row of 客户列表 / 客户档案, already formatted (WXML cannot call functions). */
export interface CustomerItem {
  customerId: string;
  nickname: string;
  avatar: string;
  /** `浏览 3 次` */
  visitsText: string;
  /** `首次 11月20日 09:00` */
  firstText: string;
  /** `最近 11月21日 10:30` */
  lastText: string;
  /** 新客: brought by me (A6). */
  isNew: boolean;
  /** 继承: handed to me by 离职继承 (AD4). */
  inherited: boolean;
  /** `继承自 周杰`, or '' */
  inheritedText: string;
  /** 客户档案: left a phone (R2). */
  hasPhone: boolean;
  /** 客户档案: `高意向 · 已加微信`, or '' (C7). */
  tagsText: string;
}

export function customerItem(row: CustomerRow): CustomerItem {
  return {
    customerId: row.customerId,
    nickname: row.nickname || '微信用户',
    avatar: row.avatar,
    visitsText: `浏览 ${row.visits} 次`,
    firstText: `首次 ${formatShanghaiDateTime(row.firstAt)}`,
    lastText: `最近 ${formatShanghaiDateTime(row.lastAt)}`,
    isNew: row.broughtByMe,
    inherited: Boolean(row.inheritedFrom),
    inheritedText: row.inheritedFrom ? `继承自 ${row.inheritedFrom.name}` : '',
    hasPhone: Boolean(row.hasPhone),
    tagsText: (row.tags ?? []).join(' · '),
  };
}
