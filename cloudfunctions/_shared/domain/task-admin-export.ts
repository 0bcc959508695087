/**
 * The columns of the exports (AD6), one row per customer or per form submission. Admins see
 * phone numbers in full (C6 allows admins), so nothing here masks.
 */
import { shanghaiTime } from './csv';

type Channel = 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward';

export const CHANNEL_LABELS: Record<Channel, string> = {
  wechat_chat: '微信聊天',
  wecom_chat: '企业微信聊天',
  wecom_moments: '客户朋友圈',
  poster: '海报',
  forward: '客户转发',
};

/** A8: what the profile shows when the first touch had no source. */
export const DIRECT_ORIGIN = '非客户/直接访问';

export const CUSTOMER_HEADER = [
  '客户ID',
  '昵称',
  'UnionID',
  '是否在客户档案',
  '渠道来源',
  '来源员工',
  '来源员工ID',
  '来源任务',
  '转发客户ID',
  '手机号',
  '首次访问时间',
  '最近活跃时间',
] as const;

export const LEAD_HEADER = [
  '提交时间',
  '客户ID',
  '客户昵称',
  '称呼',
  '手机号',
  '其他填写内容',
  '表单ID',
  '来源员工',
  '来源员工ID',
  '来源任务',
  '渠道',
] as const;

/** Names the exports look up by id; a missing id shows as the id itself. */
export interface ExportLookups {
  employeeNames: Map<string, string>;
  taskTitles: Map<string, string>;
}

interface CustomerLike {
  _id: string;
  unionid: string | null;
  nickname: string;
  firstSeenAt: Date;
  lastActiveAt: Date;
  origin: {
    taskId: string;
    rootEmployeeId: string;
    channel: Channel;
    parentCustomerId: string | null;
  } | null;
  inArchive: boolean;
}

interface FormEventLike {
  customerId: string;
  taskId: string | null;
  rootEmployeeId: string | null;
  channel: Channel | null;
  at: Date;
  data: { formId?: string; fields?: Record<string, string> };
}

const MOBILE = /^1[3-9]\d{9}$/;

/** The phone of a submission: the `phone` field, else any field holding a mainland mobile. */
export function phoneOf(fields: Record<string, string> | undefined): string {
  if (!fields) return '';
  if (fields.phone) return fields.phone;
  return Object.values(fields).find((v) => MOBILE.test(v)) ?? '';
}

/** A customer's latest phone across their submissions (they are given oldest first). */
export function latestPhones(events: readonly FormEventLike[]): Map<string, string> {
  const phones = new Map<string, string>();
  for (const event of events) {
    const phone = phoneOf(event.data.fields);
    if (phone) phones.set(event.customerId, phone);
  }
  return phones;
}

const nameOf = (names: Map<string, string>, id: string | null | undefined) =>
  id ? (names.get(id) ?? id) : '';

export function customerRow(
  customer: CustomerLike,
  phone: string,
  lookups: ExportLookups,
): string[] {
  const origin = customer.origin;
  return [
    customer._id,
    customer.nickname,
    customer.unionid ?? '',
    customer.inArchive ? '是' : '否',
    origin ? CHANNEL_LABELS[origin.channel] : DIRECT_ORIGIN,
    nameOf(lookups.employeeNames, origin?.rootEmployeeId),
    origin?.rootEmployeeId ?? '',
    nameOf(lookups.taskTitles, origin?.taskId),
    origin?.parentCustomerId ?? '',
    phone,
    shanghaiTime(customer.firstSeenAt),
    shanghaiTime(customer.lastActiveAt),
  ];
}

export function leadRow(event: FormEventLike, nickname: string, lookups: ExportLookups): string[] {
  const fields = event.data.fields ?? {};
  const phone = phoneOf(fields);
  const others = Object.entries(fields)
    .filter(([key, value]) => key !== 'name' && key !== 'phone' && value !== phone)
    .map(([key, value]) => `${key}：${value}`)
    .join('；');
  return [
    shanghaiTime(event.at),
    event.customerId,
    nickname,
    fields.name ?? '',
    phone,
    others,
    event.data.formId ?? '',
    nameOf(lookups.employeeNames, event.rootEmployeeId),
    event.rootEmployeeId ?? '',
    nameOf(lookups.taskTitles, event.taskId),
    // A submission on a direct open has no channel; the customer may still be in the archive.
    event.channel ? CHANNEL_LABELS[event.channel] : '直接访问',
  ];
}
