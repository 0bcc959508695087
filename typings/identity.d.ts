/** Login, sessions and the organisation. Types only; each action: { request, response }. */

/** What `login` answers: the employee, and a session token when WeCom gave no OPENID. */
export interface LoginResult {
  userId: string;
  name: string;
  avatar: string;
  isAdmin: boolean;
  isLeader: boolean;
  /**
   * Present only when the call had no OPENID (ARCHITECTURE §2 fallback): the services layer
   * stores it and sends it with every later call as `sessionToken`. ISO-8601 expiry.
   */
  session: { token: string; expiresAt: string } | null;
}

/** Actions of the `auth` function (callable before any binding exists). */
export interface AuthActions {
  /** `wx.qy.login` code -> WeCom `jscode2session` -> binding (or session). */
  login: { request: { code: string }; response: LoginResult };
  /** Who the server thinks the caller is. */
  whoami: {
    request: Record<string, never>;
    response:
      | {
          role: 'employee';
          userId: string;
          name: string;
          isAdmin: boolean;
          via: 'binding' | 'session';
        }
      | { role: 'customer'; hasUnionid: boolean }
      | { role: 'anonymous' };
  };
  /** Ends this session (or removes this OPENID's binding); employees only. */
  logout: { request: Record<string, never>; response: { loggedOut: true } };
}

/** A department on 组织架构, with its leaders' names. */
export interface OrgDepartment {
  id: string;
  name: string;
  parentId: string | null;
  /** Root first, the department itself last. */
  path: string[];
  order: number;
  leaders: { userId: string; name: string }[];
}

/** An employee row on 组织架构. */
export interface OrgEmployee {
  userId: string;
  name: string;
  avatar: string;
  position: string;
  departmentIds: string[];
  /** Department names, in `departmentIds` order. */
  departmentNames: string[];
  leadsDepartmentIds: string[];
  isAdmin: boolean;
  status: 'active' | 'departed';
  /** ISO-8601; departed employees only. */
  departedAt: string | null;
  /** Departed employees only: customers they still own (离职继承 pending when > 0). */
  customerCount?: number;
  /** Departed employees only: the colleague their customers went to, if handed over. */
  handover?: { toUserId: string; toName: string; moved: number; at: string } | null;
}

/** The org sync's last result and state. */
export interface OrgSyncInfo {
  /** ISO-8601 of the last finished sync, null when never synced. */
  lastSyncedAt: string | null;
  last: { departments: number; employees: number; deactivated: number } | null;
  running: boolean;
  /** An unfinished run will be continued by the next sync. */
  resumable: boolean;
  lastError: string | null;
}

/** Actions of the `admin` function for the organisation (AD4). */
export interface AdminOrgActions {
  /** Every department with its leaders, and the sync state. */
  'org.departments': {
    request: Record<string, never>;
    response: { departments: OrgDepartment[]; sync: OrgSyncInfo };
  };
  /** One page of employees; `departmentId` includes the departments below it. */
  'org.employees': {
    request: {
      status?: 'active' | 'departed';
      departmentId?: string;
      keyword?: string;
      cursor?: string;
      pageSize?: number;
    };
    response: { items: OrgEmployee[]; nextCursor: string | null };
  };
  /** Runs (or continues) the org sync now. */
  'org.sync': {
    request: Record<string, never>;
    response: {
      departments: number;
      employees: number;
      deactivated: number;
      done: boolean;
      sync: OrgSyncInfo;
    };
  };
  /** Grants (`admin: true`) or revokes the admin role. */
  'org.setAdmin': {
    request: { userId: string; admin: boolean };
    response: { userId: string; isAdmin: boolean };
  };
  /** 离职继承: hands a departed employee's customers to an active colleague. */
  'org.handover': {
    request: { fromUserId: string; toUserId: string };
    response: { fromUserId: string; toUserId: string; moved: number };
  };
}
