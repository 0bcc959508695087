/**
 * The document shapes the demo writes, one per collection of docs/data-model.md.
 *
 * These are `type` aliases on purpose: unlike interfaces they are assignable to
 * `Record<string, unknown>`, which is how DemoData hands the collections out.
 */
import type { StoredCard } from '../../cloudfunctions/_shared/db/employees';

export type DepartmentDoc = {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
  path: string[];
  leaderUserIds: string[];
};

export type EmployeeDoc = {
  _id: string;
  corpId: string;
  name: string;
  avatar: string;
  position: string;
  mobile: string;
  departmentIds: string[];
  leadsDepartmentIds: string[];
  roles: string[];
  status: 'active' | 'departed';
  createdAt: Date;
  updatedAt: Date;
  /** 名片设置 (M1), once the employee saved their card; the org sync never writes it. */
  card?: StoredCard;
};

export type BindingDoc = {
  _id: string;
  userId: string;
  corpId: string;
  source: 'wecom' | 'wechat';
  boundAt: Date;
};

export type ContentBlock = { type: 'text' | 'image' | 'heading'; text?: string; url?: string };

export type ContentDoc = {
  _id: string;
  kind: 'article';
  title: string;
  cover: string;
  summary: string;
  blocks: ContentBlock[];
  topicTags: string[];
  formId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type FormField = {
  key: string;
  label: string;
  type: 'text' | 'phone' | 'select';
  required: boolean;
  options?: string[];
};

export type FormDoc = {
  _id: string;
  title: string;
  fields: FormField[];
  consentText: string;
  createdAt: Date;
};

export type GoalKind = 'shares' | 'views' | 'visitors' | 'newCustomers' | 'leads' | 'forwards';

export type TaskGoal = { id: string; kind: GoalKind; target: number; points: number };

export type TaskBenefit = {
  id: string;
  name: string;
  cost: number;
  stock: number;
  perEmployeeLimit: number;
};

export type TaskState = 'draft' | 'published' | 'cancelled';

export type TaskDoc = {
  _id: string;
  title: string;
  shareTitle: string;
  shareCover: string;
  contentId: string;
  startAt: Date;
  endAt: Date;
  redeemDeadline: Date;
  assignment: { departmentIds: string[]; userIds: string[] };
  goals: TaskGoal[];
  benefits: TaskBenefit[];
  state: TaskState;
  createdAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
};

/**
 * `taskState`, `startAt` and `endAt` are a copy of the task's, as
 * cloudfunctions/_shared/db/task-assignees.ts declares them (the task center pages through
 * this collection by status); docs/data-model.md does not list them yet.
 */
export type TaskAssigneeDoc = {
  _id: string;
  taskId: string;
  userId: string;
  departmentIds: string[];
  taskState: TaskState;
  startAt: Date;
  endAt: Date;
  assignedAt: Date;
  claimedAt: Date | null;
};

export type ShareChannel = 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward';

export type ShareDoc = {
  _id: string;
  taskId: string;
  contentId: string;
  rootEmployeeId: string;
  sharerType: 'employee' | 'customer';
  sharerId: string;
  parentShareId: string | null;
  /** 0 for an employee share, the parent's + 1 for a forward. */
  depth: number;
  channel: ShareChannel;
  createdAt: Date;
  /** Derived (rebuildDerived): the forwarding customers along the chain, for forwards (C3). */
  ancestorCustomerIds?: string[];
  /** Derived (rebuildDerived): false for a forward that attributes nothing (A8). */
  attributable?: boolean;
  /** Derived (rebuildDerived): anonymous page views (A3). */
  anonymousViews?: number;
};

export type CustomerOrigin = {
  shareId: string;
  taskId: string;
  rootEmployeeId: string;
  channel: ShareChannel;
  parentCustomerId: string | null;
};

export type CustomerDoc = {
  _id: string;
  unionid: string | null;
  nickname: string;
  avatar: string;
  firstSeenAt: Date;
  lastActiveAt: Date;
  origin: CustomerOrigin | null;
  inArchive: boolean;
  /** Derived (rebuildDerived): C1/C3 counters, as the attribution engine keeps them. */
  stats?: {
    interactions: number;
    visits: number;
    forwards: number;
    forms: number;
    cardTaps: number;
    network: number;
    lastInteractionAt: Date | null;
  };
};

export type EventType = 'visit' | 'dwell' | 'forward' | 'form' | 'card_call' | 'card_add_contact';

export type EventDoc = {
  _id: string;
  type: EventType;
  customerId: string;
  contentId: string;
  taskId: string | null;
  shareId: string | null;
  rootEmployeeId: string | null;
  channel: ShareChannel | null;
  parentCustomerId: string | null;
  at: Date;
  data: Record<string, unknown>;
};
