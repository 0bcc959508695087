/**
 * A fake of WeCom's (企业微信) server API, https://qyapi.weixin.qq.com, for a self-built app
 * (自建应用) with an associated mini-program. It answers with the real JSON shapes and errcodes,
 * records every accepted message, and can be told to fail. Mounted by the local cloud at `/wecom`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type ErrorReply,
  type FakeApi,
  type FaultControl,
  FakeClock,
  FaultInjector,
  TokenStore,
  controlRoute,
  faultControls,
  handleSharedControl,
  parseJsonObject,
  sendFault,
  sendJson,
  unknownControlRoute,
} from './http';

// ---- Payload types (as WeCom names them) ------------------------------------------------------

/** A department as `department/list` returns it (input: `department_leader` and `order` optional). */
export interface WeComDepartment {
  id: number;
  name: string;
  name_en?: string;
  /** 0 for the root department (id 1). */
  parentid: number;
  /** Larger comes first among siblings. */
  order?: number;
  department_leader?: string[];
}

/** 1 active, 2 disabled, 4 not activated, 5 departed (退出企业). */
export type WeComUserStatus = 1 | 2 | 4 | 5;

/**
 * A member as `user/get` returns it. As input, only userid, name and department are required;
 * `order` and `is_leader_in_dept` are aligned with `department`. A user leads a department when
 * `is_leader_in_dept` says so or the department lists them in `department_leader`.
 */
export interface WeComUser {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  position?: string;
  mobile?: string;
  /** '0' unknown, '1' male, '2' female (a string, as WeCom sends it). */
  gender?: '0' | '1' | '2';
  email?: string;
  is_leader_in_dept?: number[];
  avatar?: string;
  thumb_avatar?: string;
  telephone?: string;
  alias?: string;
  main_department?: number;
  /** 员工个人二维码 (add as an external contact), used on the business card. */
  qr_code?: string;
  status?: WeComUserStatus;
}

/** The enterprise's address book. */
export interface WeComOrg {
  departments: WeComDepartment[];
  users: WeComUser[];
}

/** A `message/send` the fake accepted. */
export interface WeComSentMessage {
  /** When it was accepted, on the fake's clock (ms). */
  at: number;
  msgid: string;
  agentid: number;
  msgtype: string;
  /** Members it was delivered to (touser and toparty resolved, invalid ones left out). */
  recipients: string[];
  invaliduser: string[];
  invalidparty: number[];
  /** The request body as sent. */
  body: Record<string, unknown>;
}

export interface WeComFakeOptions {
  corpId: string;
  /** Self-built apps; the mini-program is associated with them (jscode2session, message/send). */
  agents: { agentId: number; secret: string }[];
  /** The 通讯录同步 secret: reads the address book, cannot log in users or send messages. */
  contactSecret?: string;
  org: WeComOrg;
  now?: () => number;
}

/** Test control of the WeCom fake (also over HTTP under `/__control/`). */
export interface WeComControl extends FaultControl {
  /** Mints the code `wx.qy.login` would return on this member's device (one-time, 5 minutes). */
  issueLoginCode(userId: string): string;
  /** Copies of the accepted messages, oldest first. */
  sent(): WeComSentMessage[];
  /** Replaces the address book; later reads see the change. */
  setOrg(org: WeComOrg): void;
}

export type WeComFake = FakeApi & { control: WeComControl };

// ---- Constants --------------------------------------------------------------------------------

const TOKEN_TTL_MS = 7200 * 1000;
const LOGIN_CODE_TTL_MS = 5 * 60 * 1000;
const LIST_ID_DEFAULT_LIMIT = 1000;
const LIST_ID_MAX_LIMIT = 10000;
const MESSAGE_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
]);

/** errmsg as WeCom words it (programs must branch on errcode; WeCom says errmsg may change). */
const ERRMSG: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  43002: 'require POST method',
  44004: 'empty content',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  60003: 'department not found',
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
  301002: 'not allow operate another agent with this accesstoken.',
};

function errmsgFor(code: number, detail?: string): string {
  const base = detail ? `${ERRMSG[code] ?? 'error'}, ${detail}` : (ERRMSG[code] ?? 'error');
  // Real errors carry a hint and a link; keeping them stops adapters from matching errmsg text.
  const hint = randomBytes(6).toString('hex');
  return `${base}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`;
}

function weComError(errcode: number, detail?: string): ErrorReply {
  return { errcode, errmsg: errmsgFor(errcode, detail) };
}

const OK = { errcode: 0, errmsg: 'ok' } as const;

// ---- Address book -----------------------------------------------------------------------------

interface DepartmentPayload {
  id: number;
  name: string;
  name_en?: string;
  parentid: number;
  order: number;
  department_leader: string[];
}

type UserPayload = Required<Omit<WeComUser, 'qr_code'>> & {
  direct_leader: string[];
  qr_code?: string;
};

/** The address book as the API returns it, derived once per `setOrg`. */
class Directory {
  readonly departments: DepartmentPayload[];
  readonly users: UserPayload[];
  private readonly userById: Map<string, UserPayload>;
  private readonly childrenOf = new Map<number, number[]>();

  constructor(org: WeComOrg) {
    const ids = new Set<number>();
    for (const dept of org.departments) {
      if (ids.has(dept.id)) throw new Error(`duplicate department id ${dept.id}`);
      ids.add(dept.id);
    }
    for (const dept of org.departments) {
      if (dept.parentid !== 0 && !ids.has(dept.parentid)) {
        throw new Error(`department ${dept.id} has unknown parent ${dept.parentid}`);
      }
      this.childrenOf.set(dept.parentid, [...(this.childrenOf.get(dept.parentid) ?? []), dept.id]);
    }
    const userIds = new Set<string>();
    for (const user of org.users) {
      if (userIds.has(user.userid)) throw new Error(`duplicate userid ${user.userid}`);
      userIds.add(user.userid);
      const unknown = user.department.find((id) => !ids.has(id));
      if (unknown !== undefined)
        throw new Error(`user ${user.userid} in unknown department ${unknown}`);
    }

    // One leadership relation feeds both `department_leader` and `is_leader_in_dept`.
    const leadersOf = new Map<number, Set<string>>(
      org.departments.map((dept) => [dept.id, new Set(dept.department_leader ?? [])]),
    );
    for (const user of org.users) {
      user.department.forEach((deptId, i) => {
        if (user.is_leader_in_dept?.[i] === 1) leadersOf.get(deptId)?.add(user.userid);
      });
    }
    const leads = (userId: string, deptId: number) => leadersOf.get(deptId)?.has(userId) ?? false;

    this.departments = org.departments.map((dept) => ({
      id: dept.id,
      name: dept.name,
      ...(dept.name_en === undefined ? {} : { name_en: dept.name_en }),
      parentid: dept.parentid,
      order: dept.order ?? 0,
      department_leader: [...(leadersOf.get(dept.id) ?? [])],
    }));
    this.users = org.users.map((user) => ({
      userid: user.userid,
      name: user.name,
      department: [...user.department],
      order: user.department.map((_, i) => user.order?.[i] ?? 0),
      position: user.position ?? '',
      mobile: user.mobile ?? '',
      gender: user.gender ?? '0',
      email: user.email ?? '',
      is_leader_in_dept: user.department.map((id) => (leads(user.userid, id) ? 1 : 0)),
      direct_leader: [],
      avatar: user.avatar ?? '',
      thumb_avatar: user.thumb_avatar ?? user.avatar ?? '',
      telephone: user.telephone ?? '',
      alias: user.alias ?? '',
      main_department: user.main_department ?? user.department[0] ?? 1,
      status: user.status ?? 1,
      ...(user.qr_code === undefined ? {} : { qr_code: user.qr_code }),
    }));
    this.userById = new Map(this.users.map((u) => [u.userid, u]));
  }

  user(userId: string): UserPayload | undefined {
    return this.userById.get(userId);
  }

  hasDepartment(id: number): boolean {
    return this.departments.some((d) => d.id === id);
  }

  /** The department and every department below it. */
  subtree(rootId: number): Set<number> {
    const ids = new Set<number>();
    const visit = (id: number) => {
      ids.add(id);
      for (const child of this.childrenOf.get(id) ?? []) visit(child);
    };
    visit(rootId);
    return ids;
  }
}

/** What zod accepts for `setOrg` over HTTP (mirrors WeComOrg). */
const orgSchema: z.ZodType<WeComOrg> = z.object({
  departments: z.array(
    z.object({
      id: z.number().int().min(1),
      name: z.string(),
      name_en: z.string().optional(),
      parentid: z.number().int().min(0),
      order: z.number().int().optional(),
      department_leader: z.array(z.string()).optional(),
    }),
  ),
  users: z.array(
    z.object({
      userid: z.string().min(1),
      name: z.string(),
      department: z.array(z.number().int()),
      order: z.array(z.number().int()).optional(),
      position: z.string().optional(),
      mobile: z.string().optional(),
      gender: z.enum(['0', '1', '2']).optional(),
      email: z.string().optional(),
      is_leader_in_dept: z.array(z.number().int()).optional(),
      avatar: z.string().optional(),
      thumb_avatar: z.string().optional(),
      telephone: z.string().optional(),
      alias: z.string().optional(),
      main_department: z.number().int().optional(),
      qr_code: z.string().optional(),
      status: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(5)]).optional(),
    }),
  ),
});

// ---- The fake ---------------------------------------------------------------------------------

type TokenOwner = { kind: 'agent'; agentId: number } | { kind: 'contacts' };

interface Call {
  query: URLSearchParams;
  body: Buffer;
}

/** Creates the WeCom fake; mount it and point the adapter's base URL at the mount. */
export function createWeComFake(options: WeComFakeOptions): WeComFake {
  const clock = new FakeClock(options.now);
  const tokens = new TokenStore<TokenOwner>();
  const faults = new FaultInjector();
  const loginCodes = new Map<string, { userId: string; expiresAt: number }>();
  let directory = new Directory(options.org);
  let sent: WeComSentMessage[] = [];

  /** Checks `access_token`; answers the owner, or the error reply. */
  function authorize(query: URLSearchParams): TokenOwner | ErrorReply {
    const checked = tokens.check(query.get('access_token'), clock.now());
    if ('owner' in checked) return checked.owner;
    return weComError({ missing: 41001, invalid: 40014, expired: 42001 }[checked.problem]);
  }

  function getToken({ query }: Call): object {
    const corpId = query.get('corpid');
    const secret = query.get('corpsecret');
    if (!corpId) return weComError(41002);
    if (!secret) return weComError(41004);
    if (corpId !== options.corpId) return weComError(40013);
    const agent = options.agents.find((a) => a.secret === secret);
    const owner: TokenOwner | undefined = agent
      ? { kind: 'agent', agentId: agent.agentId }
      : secret === options.contactSecret
        ? { kind: 'contacts' }
        : undefined;
    if (!owner) return weComError(40001);
    // WeCom returns the same token while it is valid, so a second process sharing the
    // secret does not invalidate the first one's cache.
    const now = clock.now();
    const sameOwner = (o: TokenOwner) => ownerKey(o) === ownerKey(owner);
    const live = tokens.findLive(now, sameOwner);
    const expiresAt = live?.expiresAt ?? now + TOKEN_TTL_MS;
    const token = live?.token ?? tokens.mint(owner, expiresAt);
    return { ...OK, access_token: token, expires_in: Math.ceil((expiresAt - now) / 1000) };
  }

  function jscode2session({ query }: Call): object {
    const owner = authorize(query);
    if ('errcode' in owner) return owner;
    // Only the secret of the app the mini-program is associated with may log users in.
    if (owner.kind !== 'agent') return weComError(48002);
    const code = query.get('js_code');
    if (!code) return weComError(41008);
    if (query.get('grant_type') !== 'authorization_code') return weComError(40058, 'grant_type');
    const issued = loginCodes.get(code);
    loginCodes.delete(code); // one-time, even when it turns out to be expired
    if (!issued || issued.expiresAt <= clock.now()) return weComError(40029);
    const sessionKey = randomBytes(16).toString('base64');
    return { ...OK, corpid: options.corpId, userid: issued.userId, session_key: sessionKey };
  }

  function departmentList({ query }: Call): object {
    const owner = authorize(query);
    if ('errcode' in owner) return owner;
    const idParam = query.get('id');
    if (!idParam) return { ...OK, department: directory.departments };
    const id = Number(idParam);
    if (!directory.hasDepartment(id)) return weComError(60003);
    const ids = directory.subtree(id);
    return { ...OK, department: directory.departments.filter((d) => ids.has(d.id)) };
  }

  function userListId({ query, body }: Call): object {
    const owner = authorize(query);
    if ('errcode' in owner) return owner;
    const input = parseJsonObject(body) ?? {};
    const limit = input.limit === undefined ? LIST_ID_DEFAULT_LIMIT : Number(input.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_ID_MAX_LIMIT) {
      return weComError(40058, 'limit');
    }
    // One entry per (member, department) pair, in a stable order; the cursor is opaque to callers.
    const pairs = directory.users.flatMap((u) =>
      u.department.map((department) => ({ userid: u.userid, department })),
    );
    const offset = input.cursor ? decodeCursor(String(input.cursor)) : 0;
    if (offset === undefined || offset > pairs.length) return weComError(40058, 'cursor');
    const end = Math.min(offset + limit, pairs.length);
    return {
      ...OK,
      next_cursor: end < pairs.length ? encodeCursor(end) : '',
      dept_user: pairs.slice(offset, end),
    };
  }

  function userList({ query }: Call): object {
    const owner = authorize(query);
    if ('errcode' in owner) return owner;
    const deptParam = query.get('department_id');
    if (!deptParam) return weComError(40058, 'department_id');
    const deptId = Number(deptParam);
    if (!directory.hasDepartment(deptId)) return weComError(60003);
    // fetch_child is deprecated but still honoured by WeCom.
    const ids = query.get('fetch_child') === '1' ? directory.subtree(deptId) : new Set([deptId]);
    const userlist = directory.users.filter((u) => u.department.some((d) => ids.has(d)));
    return { ...OK, userlist };
  }

  function userGet({ query }: Call): object {
    const owner = authorize(query);
    if ('errcode' in owner) return owner;
    const user = directory.user(query.get('userid') ?? '');
    return user ? { ...OK, ...user } : weComError(60111);
  }

  function messageSend({ query, body }: Call): object {
    const owner = authorize(query);
    if ('errcode' in owner) return owner;
    if (owner.kind !== 'agent') return weComError(48002);
    const message = parseJsonObject(body);
    if (!message) return weComError(47001);
    const agentid = Number(message.agentid);
    if (!options.agents.some((a) => a.agentId === agentid)) return weComError(40056);
    if (agentid !== owner.agentId) return weComError(301002);
    const msgtype = String(message.msgtype ?? '');
    if (!MESSAGE_TYPES.has(msgtype)) return weComError(40008);
    const contentError = checkContent(msgtype, message[msgtype]);
    if (contentError) return contentError;

    const { recipients, invaliduser, invalidparty } = resolveRecipients(message);
    const invalid = {
      invaliduser: invaliduser.join('|'),
      invalidparty: invalidparty.join('|'),
      invalidtag: typeof message.totag === 'string' ? message.totag : '',
      unlicenseduser: '',
    };
    if (recipients.length === 0) return { ...weComError(81013), ...invalid };

    const msgid = randomBytes(24).toString('base64url');
    sent.push({
      at: clock.now(),
      msgid,
      agentid,
      msgtype,
      recipients,
      invaliduser,
      invalidparty,
      body: structuredClone(message),
    });
    const responseCode =
      msgtype === 'template_card' ? { response_code: randomBytes(24).toString('base64url') } : {};
    return { ...OK, ...invalid, msgid, ...responseCode };
  }

  /** touser ('a|b' or '@all') and toparty ('1|2', sub-departments included) to members. */
  function resolveRecipients(message: Record<string, unknown>) {
    const touser = typeof message.touser === 'string' ? message.touser : '';
    const toparty = typeof message.toparty === 'string' ? message.toparty : '';
    const recipients = new Set<string>();
    const invaliduser: string[] = [];
    const invalidparty: number[] = [];
    // Disabled and departed members cannot receive; not-yet-activated ones get it when they join.
    const canReceive = (u: UserPayload) => u.status === 1 || u.status === 4;
    if (touser === '@all') {
      for (const u of directory.users) if (canReceive(u)) recipients.add(u.userid);
    } else {
      for (const userId of touser.split('|').filter(Boolean)) {
        const user = directory.user(userId);
        if (user && canReceive(user)) recipients.add(userId);
        else invaliduser.push(userId);
      }
    }
    for (const part of toparty.split('|').filter(Boolean)) {
      const deptId = Number(part);
      if (!directory.hasDepartment(deptId)) {
        invalidparty.push(deptId);
        continue;
      }
      const ids = directory.subtree(deptId);
      for (const u of directory.users) {
        if (canReceive(u) && u.department.some((d) => ids.has(d))) recipients.add(u.userid);
      }
    }
    return { recipients: [...recipients], invaliduser, invalidparty };
  }

  const routes: Record<string, { post?: true; run: (call: Call) => object }> = {
    '/cgi-bin/gettoken': { run: getToken },
    '/cgi-bin/miniprogram/jscode2session': { run: jscode2session },
    '/cgi-bin/department/list': { run: departmentList },
    '/cgi-bin/user/list_id': { post: true, run: userListId },
    '/cgi-bin/user/list': { run: userList },
    '/cgi-bin/user/get': { run: userGet },
    '/cgi-bin/message/send': { post: true, run: messageSend },
  };

  const control: WeComControl = {
    issueLoginCode(userId) {
      if (!directory.user(userId)) throw new Error(`no member ${userId} in the fake's org`);
      const code = randomBytes(16).toString('hex');
      loginCodes.set(code, { userId, expiresAt: clock.now() + LOGIN_CODE_TTL_MS });
      return code;
    },
    sent: () => structuredClone(sent),
    setOrg(org) {
      directory = new Directory(org);
    },
    ...faultControls(faults),
    expireTokens: () => tokens.expireAll(clock.now()),
    advanceClock: (ms) => clock.advance(ms),
    reset() {
      tokens.clear();
      faults.restore();
      loginCodes.clear();
      sent = [];
      clock.reset();
      directory = new Directory(options.org);
    },
  };

  function handleControl(route: string, res: ServerResponse, body: Buffer): boolean {
    switch (route) {
      case 'login-code':
        return controlRoute(res, body, z.object({ userId: z.string().min(1) }), ({ userId }) => ({
          code: control.issueLoginCode(userId),
        }));
      case 'sent':
        return controlRoute(res, body, z.object({}), () => ({ messages: control.sent() }));
      case 'org':
        return controlRoute(res, body, orgSchema, (org) => control.setOrg(org));
      default:
        return (
          handleSharedControl(route, res, body, control, () => clock.now()) ||
          unknownControlRoute(res, route)
        );
    }
  }

  return {
    control,
    handle(
      req: IncomingMessage,
      res: ServerResponse,
      path: string,
      query: URLSearchParams,
      body: Buffer,
    ) {
      if (path.startsWith('/__control/')) {
        return handleControl(path.slice('/__control/'.length), res, body);
      }
      const route = routes[path];
      if (!route) return false;
      const fault = faults.take(path, clock.now());
      if (fault) return sendFault(res, fault, (code) => errmsgFor(code));
      if (route.post && req.method !== 'POST') return sendJson(res, weComError(43002));
      return sendJson(res, route.run({ query, body }));
    },
  };
}

/** Rejects what the real API rejects most often: an empty body for the message type. */
function checkContent(msgtype: string, content: unknown): ErrorReply | undefined {
  if (content === null || typeof content !== 'object') return weComError(40058, msgtype);
  const fields = content as Record<string, unknown>;
  const filled = (key: string) => typeof fields[key] === 'string' && fields[key] !== '';
  if (msgtype === 'text' && !filled('content')) return weComError(44004);
  if (msgtype === 'miniprogram_notice' && !(filled('appid') && filled('title'))) {
    return weComError(40058, 'miniprogram_notice.appid/title');
  }
  if (msgtype === 'template_card' && !filled('card_type')) {
    return weComError(40058, 'template_card.card_type');
  }
  return undefined;
}

function ownerKey(owner: TokenOwner): string {
  return owner.kind === 'agent' ? `agent:${owner.agentId}` : 'contacts';
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const match = /^o(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
