/**
 * Customer insight (issue 11): 客户档案 filters, 用户画像 (C1-C7), 跟进记录 (C5), 商机雷达 (R1-R6),
 * 部门数据 (D1-D4) and the 数据看板 summary. Times are ISO-8601 strings.
 */
import type { Page } from './api';

/** 跟进方式 (C5). */
export type FollowUpWay = '电话' | '微信' | '企业微信' | '面谈' | '其他';

/** TA的人脉 (C3): a customer and those who first came through their forwards. */
export interface NetworkNode {
  customerId: string;
  name: string;
  children: NetworkNode[];
}

/** 用户画像 of one customer (C1-C3, C6, C7). */
export interface CustomerProfile {
  customerId: string;
  nickname: string;
  avatar: string;
  firstSeenAt: string;
  lastActiveAt: string;
  /** 渠道来源 (A4, A8): the first touch, or 非客户/直接访问. */
  source:
    | {
        kind: 'share';
        label: string;
        taskId: string;
        taskTitle: string;
        channel: string;
        sharer: { kind: 'employee' | 'customer'; name: string };
        at: string;
      }
    | { kind: 'direct'; label: string };
  /** C1 活跃度 and what it is made of. */
  activity: { total: number; visits: number; forwards: number; forms: number; cardTaps: number };
  /** C2 近30天活跃: the total and one entry per Shanghai day, oldest first (`yyyymmdd`). */
  recent: { total: number; days: { day: string; interactions: number }[] };
  /** C3 TA的人脉: the count and the forwarding tree below the customer (3 levels at most). */
  network: { count: number; tree: NetworkNode };
  /** C6 表单: phones in full only for the customer's own employee and admins. */
  forms: {
    id: string;
    at: string;
    formTitle: string;
    fields: { label: string; value: string; phone: boolean }[];
  }[];
  /** C7: automatic tags (rules over actions) and manual ones (the tag library). */
  tags: { auto: string[]; manual: string[] };
  /** The manual tags one may add: the tag library's manual groups. */
  tagLibrary: { name: string; tags: string[] }[];
  /** The caller's own remark (客户档案 search finds it). */
  remark: string;
}

export interface FollowUp {
  id: string;
  text: string;
  way: FollowUpWay;
  nextDate: string | null;
  authorId: string;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  /** The caller wrote it: only they may edit it (C5). */
  mine: boolean;
}

/** One 商机雷达 entry (R1-R4). */
export interface RadarEntry {
  customerId: string;
  nickname: string;
  avatar: string;
  /** R1: 0-100. */
  score: number;
  /** R1: the two or three facts behind the score, in words (近3天浏览4次, 转发给2人). */
  reasons: string[];
  lastInteractionAt: string | null;
  network: number;
  forwards: number;
}

export type RadarList = 'recommended' | 'phone' | 'spread' | 'churn';

/** R5 最新动态: one event of one of the caller's customers. */
export interface ActivityEntry {
  id: string;
  customerId: string;
  nickname: string;
  avatar: string;
  label: string;
  contentTitle: string;
  at: string;
}

/** D2-D3 one department. */
export interface DepartmentRow {
  departmentId: string;
  name: string;
  /** Its employees and everything below it. */
  brought: number;
  newToday: number;
  new7: number;
  new30: number;
  leads: number;
  assigned: number;
  claimed: number;
  /** D3: claimed / assigned, 0-1; null with no assignment. */
  claimRate: number | null;
}

/** D4: one goal of one task, per department and per channel. */
export interface TaskGoalBreakdown {
  goalId: string;
  kind: string;
  label: string;
  target: number;
  byDepartment: { departmentId: string; name: string; completed: number; target: number }[];
  byChannel: { channel: string; label: string; value: number }[];
}

/** The radar model as admins inspect it (R1). */
export interface RadarModelView {
  fittedAt: string | null;
  /** 'fitted' on the enterprise's data, 'prior' when it had too few examples; null before any run. */
  source: 'fitted' | 'prior' | null;
  examples: number;
  features: { key: string; label: string; weight: number }[];
  intercept: number;
  /** AUC on held-out examples, and the recency-only baseline's. */
  auc: number | null;
  baselineAuc: number | null;
  heldOut: number;
}

export interface EmployeeInsightActions {
  'customers.profile': { request: { customerId: string }; response: CustomerProfile };
  'customers.tags.set': {
    request: { customerId: string; tags: string[] };
    response: { manual: string[] };
  };
  'customers.remark.set': {
    request: { customerId: string; remark: string };
    response: { remark: string };
  };
  'followups.list': {
    request: { customerId: string; cursor?: string; pageSize?: number };
    response: Page<FollowUp>;
  };
  'followups.add': {
    request: {
      customerId: string;
      requestId: string;
      text: string;
      way: FollowUpWay;
      nextDate?: string | null;
    };
    response: FollowUp;
  };
  'followups.update': {
    request: {
      followUpId: string;
      revision: number;
      text: string;
      way: FollowUpWay;
      nextDate?: string | null;
    };
    response: FollowUp;
  };
  'customers.filters': {
    request: Record<string, never>;
    response: { tags: string[]; tasks: { id: string; title: string }[] };
  };
}

/** 商机雷达 (R1-R6) and the 数据看板 summary. */
export interface EmployeeRadarActions {
  'radar.list': {
    request: { list: RadarList; cursor?: string; pageSize?: number };
    response: Page<RadarEntry> & { computedAt: string | null };
  };
  'radar.activity': {
    request: { cursor?: string; pageSize?: number };
    response: Page<ActivityEntry> & { computedAt: string };
  };
  'dashboard.summary': {
    request: Record<string, never>;
    response: { customers: number; newThisWeek: number; leads: number; points: number };
  };
}

/** 部门数据 (D1-D4): leaders and admins only. */
export interface EmployeeDepartmentActions {
  'departments.data': {
    request: { departmentId?: string };
    response: {
      computedAt: string | null;
      departments: DepartmentRow[];
      trend: { day: string; newCustomers: number }[];
    };
  };
  'departments.tasks': {
    request: { cursor?: string };
    response: {
      computedAt: string | null;
      tasks: { taskId: string; title: string; goals: TaskGoalBreakdown[] }[];
      nextCursor: string | null;
    };
  };
}

export interface AdminInsightActions {
  'radar.model': { request: Record<string, never>; response: RadarModelView };
}
