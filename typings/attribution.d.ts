/**
 * Claim, share, visit, forward and forms (issue 5; docs/attribution.md). Types only; each
 * action: { request, response }. Times are ISO-8601 strings.
 */
import type { Page, TaskSummary } from './api';

export type ShareChannel = 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward';
export type GoalKind = 'shares' | 'views' | 'visitors' | 'newCustomers' | 'leads' | 'forwards';

/** One goal with the employee's progress: since creation (T5) and inside the window (T6). */
export interface GoalProgress {
  id: string;
  kind: GoalKind;
  target: number;
  points: number;
  /** Counted since the task's creation (已完成/任务目标). */
  value: number;
  /** Counted inside the task window only: what earns points. */
  inWindowValue: number;
  reached: boolean;
  /** Its points are in the caller's ledger (T6: reached inside the window). */
  credited: boolean;
}

/** The task detail page: the task, its content, and the caller's progress. */
export interface TaskDetail extends TaskSummary {
  shareTitle: string;
  content: { id: string; title: string; summary: string; cover: string };
  goals: GoalProgress[];
  /** Goals reached / goals (T5). */
  completedGoals: number;
  claimedAt: string | null;
  /** Whether shares can be minted now (claimed, published, in progress). */
  canShare: boolean;
  /** 任务积分 (T6): credited to the caller so far, and the most the task can earn. */
  points: { credited: number; possible: number };
}

/** A customer row of 客户列表 / 客户档案. */
export interface CustomerRow {
  customerId: string;
  nickname: string;
  avatar: string;
  firstAt: string;
  lastAt: string;
  visits: number;
  /** Brought by the calling employee (A6); never for an inherited customer (the credit stays). */
  broughtByMe: boolean;
  /**
   * 客户档案 only: the customer was handed to the caller by 离职继承 (AD4), from this colleague.
   * Absent for every other row.
   */
  inheritedFrom?: { employeeId: string; name: string };
  /** 客户档案 only: the customer's tags (C7) and whether they left a phone (R2). */
  tags?: string[];
  hasPhone?: boolean;
}

/** The employee's business card shown on content pages (M1). */
export interface BusinessCard {
  employeeId: string;
  name: string;
  avatar: string;
  title: string;
  company: string;
  /** Masked unless the employee chose to show it in full on their card. */
  mobile: string;
  wecomQrCode: string;
  intro: string;
}

export interface ContentBlockView {
  type: 'text' | 'heading' | 'image';
  text?: string;
  url?: string;
}

export interface FormView {
  id: string;
  title: string;
  fields: {
    key: string;
    label: string;
    type: 'text' | 'phone' | 'select';
    required: boolean;
    options?: string[];
  }[];
  consentText: string;
}

/** What the customer's content page shows. */
export interface ContentView {
  content: { id: string; title: string; cover: string; blocks: ContentBlockView[] };
  card: BusinessCard | null;
  form: FormView | null;
  /** The share to forward from (the opened one), or null when the open was direct. */
  shareId: string | null;
}

/** One line of a customer's 行为记录 (C4). */
export interface BehaviourEntry {
  id: string;
  type: 'visit' | 'dwell' | 'forward' | 'form' | 'card_call' | 'card_add_contact';
  /** What the customer did, in Chinese (浏览了内容, 转发了内容, ...). */
  label: string;
  at: string;
  contentId: string;
  contentTitle: string;
  /** Through whom: the forwarding customer, the sharing employee, or 直接访问. */
  via: { kind: 'customer' | 'employee' | 'direct'; name: string };
  dwellMs: number | null;
  /** C4: how far the page was read on this dwell, 0-100 %, when the page reported it. */
  scrollDepth: number | null;
}

/** Employee-side actions (the `employee` function). */
export interface EmployeeAttributionActions {
  'tasks.get': { request: { taskId: string }; response: TaskDetail };
  /** T3: idempotent; assigned employees only; from publish until end. */
  'tasks.claim': { request: { taskId: string }; response: { claimedAt: string } };
  /**
   * A1/A2: mints a share of a claimed task in progress. `poster` also answers a mini-program
   * code; `wecom_moments` a URL Link (`https://wxaurl.cn/…`, 30 days) to the same page and share.
   * A retried request (same `requestId`) answers the share it minted, counted once (T4).
   */
  'shares.create': {
    request: {
      taskId: string;
      channel: Exclude<ShareChannel, 'forward'>;
      /**
       * The client's id of one tap on a share method (8-64 of `[A-Za-z0-9_-]`), reused when that
       * tap is retried; reusing it for another task or channel is INVALID_INPUT.
       */
      requestId: string;
    };
    response: {
      shareId: string;
      path: string;
      title: string;
      cover: string;
      posterCode: string | null;
      /** `wecom_moments` only (else null): a web address opening `path`, for 客户朋友圈. */
      link: string | null;
    };
  };
  /** 客户列表: who viewed this task's content through the caller (paginated). */
  'tasks.customers': {
    request: { taskId: string; cursor?: string; pageSize?: number };
    response: Page<CustomerRow>;
  };
  /**
   * 客户档案: the caller's customers (A5, A8) and the ones handed to them (AD4), most recent
   * activity first.
   */
  'customers.archive': {
    request: {
      cursor?: string;
      pageSize?: number;
      /** C8: part of the nickname or of the caller's remark. */
      query?: string;
      tag?: string;
      /** The task through which the customer first came. */
      taskId?: string;
      hasPhone?: boolean;
    };
    response: Page<CustomerRow>;
  };
  /** C4 行为记录: one of the caller's customers' events, newest first (S2: own customers only). */
  'customers.events': {
    request: { customerId: string; cursor?: string; pageSize?: number };
    response: Page<BehaviourEntry>;
  };
  /** A12: a one-time QR code (10 minutes) that binds the employee's personal WeChat. */
  'bind.create': {
    request: Record<string, never>;
    response: { qrCode: string; expiresAt: string };
  };
}

/** Customer-side actions (the `customer` function); identity is the caller's OPENID. */
export interface CustomerActions {
  /** A3-A8, A10, A11: records the visit and answers the page. */
  'content.open': {
    request: { clientEventId: string; shareId?: string; contentId?: string };
    response: ContentView;
  };
  /** Dwell time and business-card taps (C1). */
  'events.record': {
    request: {
      clientEventId: string;
      type: 'dwell' | 'card_call' | 'card_add_contact';
      contentId: string;
      shareId?: string;
      dwellMs?: number;
      /** C4: the furthest the reader scrolled, 0-100 % of the page (dwell only). */
      scrollDepth?: number;
    };
    response: { recorded: boolean };
  };
  /** A7: a child share of the opened share, with the caller as sharer. */
  'shares.forward': {
    request: { clientEventId: string; parentShareId: string };
    response: { shareId: string; path: string };
  };
  /** C6: phone validated (mainland mobile); consent required. */
  'forms.submit': {
    request: {
      clientEventId: string;
      formId: string;
      contentId: string;
      shareId?: string;
      fields: Record<string, string>;
      consent: boolean;
    };
    response: { submitted: true };
  };
  /** A12: long-pressed QR code in the employee's personal WeChat. */
  'bind.redeem': { request: { token: string }; response: { employeeName: string } };
  /** CU2: the customer asks for their data to be deleted. */
  'privacy.deleteMe': { request: { confirm: true }; response: { deleted: true } };
}
