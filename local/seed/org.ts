/**
 * The demo enterprise's organisation: 栖木家居, a home-furnishing brand with three regional
 * business units (sales teams in seven cities, two showrooms in Shanghai) and a brand
 * marketing department. Built once as a plan, then rendered twice: as our collections
 * (departments, employees, bindings) and as WeCom's API would return it, so an org-sync
 * test can start from the WeCom side and land on the same documents.
 */
import type { StoredCard } from '../../cloudfunctions/_shared/db/employees';
import { atShanghai, DAY } from './clock';
import type { BindingDoc, DepartmentDoc, EmployeeDoc } from './documents';
import type { Random } from './random';

/** A department as WeCom's `department/list` returns it. */
export type WeComDepartment = {
  id: number;
  name: string;
  parentid: number;
  order: number;
  department_leader: string[];
};

/** A member as WeCom's `user/list` returns it (status 1 active, 2 disabled, 4 not activated, 5 left). */
export type WeComUser = {
  userid: string;
  name: string;
  department: number[];
  order: number[];
  position: string;
  mobile: string;
  gender: '1' | '2';
  email: string;
  is_leader_in_dept: number[];
  avatar: string;
  thumb_avatar: string;
  status: 1 | 2 | 4 | 5;
};

export type DemoLogin = {
  userId: string;
  openid: string;
  name: string;
  role: 'admin' | 'leader' | 'employee';
};

export const DEMO_CORP_ID = 'ww-demo-corp';
const EMAIL_DOMAIN = 'qimu-home.com';

/** Employees log in through WeCom; the demo gives each a stable, readable OPENID. */
export function demoOpenidOf(userId: string): string {
  return `demo-openid-${userId}`;
}

interface DepartmentPlan {
  id: number;
  name: string;
  parentId: number | null;
  /** The city a sales team serves; forms filled through its shares default to it. */
  city?: string;
}

const DEPARTMENT_PLANS: readonly DepartmentPlan[] = [
  { id: 1, name: '栖木家居', parentId: null },
  { id: 2, name: '华东事业部', parentId: 1 },
  { id: 3, name: '华南事业部', parentId: 1 },
  { id: 4, name: '华北事业部', parentId: 1 },
  { id: 5, name: '品牌市场部', parentId: 1 },
  { id: 6, name: '上海销售部', parentId: 2, city: '上海' },
  { id: 7, name: '杭州销售部', parentId: 2, city: '杭州' },
  { id: 8, name: '南京销售部', parentId: 2, city: '南京' },
  { id: 9, name: '广州销售部', parentId: 3, city: '广州' },
  { id: 10, name: '深圳销售部', parentId: 3, city: '深圳' },
  { id: 11, name: '北京销售部', parentId: 4, city: '北京' },
  { id: 12, name: '天津销售部', parentId: 4, city: '天津' },
  { id: 13, name: '新媒体运营组', parentId: 5 },
  { id: 14, name: '浦东体验店', parentId: 6, city: '上海' },
  { id: 15, name: '徐汇体验店', parentId: 6, city: '上海' },
];

interface PersonPlan {
  userid: string;
  name: string;
  gender: 'male' | 'female';
  position: string;
  departments: number[];
  leads?: number[];
  admin?: boolean;
  departed?: boolean;
  /** How keen a sharer they are (default steady): fixed, so the leaderboard tells the same
   * story for every seed (李雪 and 郑爽 near the top, the regional heads near the bottom). */
  sharing?: 'star' | 'lazy';
}

// prettier-ignore
const PEOPLE: readonly PersonPlan[] = [
  { userid: 'wangjianguo', name: '王建国', gender: 'male', position: '总经理', departments: [1], leads: [1] },
  // The demo's main login: an admin who also leads a business unit.
  { userid: 'zhangwei', name: '张伟', gender: 'male', position: '华东事业部总经理', departments: [2], leads: [2], admin: true, sharing: 'star' },
  { userid: 'huangmin', name: '黄敏', gender: 'female', position: '华南事业部总经理', departments: [3], leads: [3], sharing: 'lazy' },
  { userid: 'zhaolei', name: '赵磊', gender: 'male', position: '华北事业部总经理', departments: [4], leads: [4], sharing: 'lazy' },
  { userid: 'liuyang', name: '刘洋', gender: 'male', position: '品牌市场部经理', departments: [5], leads: [5] },
  // An admin who leads nothing: the person who runs the programme day to day.
  { userid: 'sunli', name: '孙丽', gender: 'female', position: '营销运营专员', departments: [5], admin: true },
  { userid: 'zhouting', name: '周婷', gender: 'female', position: '新媒体运营主管', departments: [13], leads: [13] },
  { userid: 'wuhao', name: '吴昊', gender: 'male', position: '内容编辑', departments: [13] },
  { userid: 'chenjing', name: '陈静', gender: 'female', position: '上海销售经理', departments: [6], leads: [6] },
  { userid: 'yangfan', name: '杨帆', gender: 'male', position: '店长', departments: [14], leads: [14] },
  { userid: 'lixue', name: '李雪', gender: 'female', position: '家居顾问', departments: [14], sharing: 'star' },
  { userid: 'xuming', name: '徐明', gender: 'male', position: '室内设计师', departments: [14], sharing: 'lazy' },
  { userid: 'guoqiang', name: '郭强', gender: 'male', position: '店长', departments: [15], leads: [15] },
  { userid: 'hejia', name: '何佳', gender: 'female', position: '家居顾问', departments: [15] },
  // Two departments: a showroom adviser who also writes for the new-media team.
  { userid: 'maqian', name: '马倩', gender: 'female', position: '家居顾问', departments: [15, 13], sharing: 'star' },
  { userid: 'linfeng', name: '林峰', gender: 'male', position: '杭州销售经理', departments: [7], leads: [7] },
  { userid: 'zhengshuang', name: '郑爽', gender: 'female', position: '家居顾问', departments: [7], sharing: 'star' },
  { userid: 'fengyu', name: '冯雨', gender: 'female', position: '软装设计师', departments: [7] },
  { userid: 'caihong', name: '蔡红', gender: 'female', position: '南京销售经理', departments: [8], leads: [8] },
  { userid: 'tangjun', name: '唐俊', gender: 'male', position: '家居顾问', departments: [8], sharing: 'lazy' },
  { userid: 'liangwei', name: '梁伟', gender: 'male', position: '广州销售经理', departments: [9], leads: [9] },
  { userid: 'xieyu', name: '谢雨', gender: 'female', position: '家居顾问', departments: [9], sharing: 'star' },
  { userid: 'luoxin', name: '罗欣', gender: 'female', position: '家居顾问', departments: [9], sharing: 'lazy' },
  { userid: 'songjie', name: '宋杰', gender: 'male', position: '深圳销售经理', departments: [10], leads: [10] },
  { userid: 'dengli', name: '邓丽', gender: 'female', position: '家居顾问', departments: [10], sharing: 'star' },
  { userid: 'hanmei', name: '韩梅', gender: 'female', position: '室内设计师', departments: [10] },
  { userid: 'caojing', name: '曹静', gender: 'female', position: '北京销售经理', departments: [11], leads: [11] },
  { userid: 'pengbo', name: '彭博', gender: 'male', position: '家居顾问', departments: [11], sharing: 'star' },
  { userid: 'lvxiao', name: '吕晓', gender: 'female', position: '家居顾问', departments: [11] },
  { userid: 'dingwen', name: '丁文', gender: 'male', position: '天津销售经理', departments: [12], leads: [12], sharing: 'lazy' },
  { userid: 'shenyue', name: '沈月', gender: 'female', position: '家居顾问', departments: [12], sharing: 'lazy' },
  // Left 40 days ago: kept for 离职继承 (AD4), no binding, no login, no task rows.
  { userid: 'zhoujie', name: '周杰', gender: 'male', position: '家居顾问', departments: [7], departed: true },
];

/**
 * 名片设置 (M1): the card 张伟, the demo's main login, saved a month ago (his WeCom mobile, shown
 * masked; his WeCom QR code, in the URL shape WeCom's `qr_code` has), so customers opening his
 * shares see a full card. Everyone else never saved one: their card is their WeCom record.
 */
const SAVED_CARDS: Readonly<Record<string, Omit<StoredCard, 'mobile' | 'updatedAt'>>> = {
  zhangwei: {
    name: '张伟',
    title: '华东事业部总经理',
    company: '栖木家居',
    showFullMobile: false,
    wecomQrCode: 'https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc6f1d0a2b9e4c7358',
    intro:
      '在栖木家居做了 12 年全屋定制，负责上海、杭州、南京的门店。量房、选材、预算都可以直接问我。',
  },
};
/** After every binding (32 to 60 days ago), before the last org sync. */
const CARD_SAVED_AT = { day: -30, time: '21:40' };

const DEPARTED_DAYS_AGO = 40;
const MOBILE_PREFIXES = '138 139 137 136 135 150 151 158 159 186 188 189 177 133'.split(' ');

export type SharingHabit = 'star' | 'steady' | 'lazy';

export interface DemoOrg {
  departments: DepartmentDoc[];
  employees: EmployeeDoc[];
  bindings: BindingDoc[];
  wecom: { departments: WeComDepartment[]; users: WeComUser[] };
  logins: DemoLogin[];
  /** The city each department serves (its own or its nearest ancestor's), if any. */
  cityOfDepartment: Map<string, string>;
  sharingHabitOf: Map<string, SharingHabit>;
}

export function buildOrg(now: Date, random: Random): DemoOrg {
  const mobiles = assignMobiles(random);
  const departments = DEPARTMENT_PLANS.map(toDepartmentDoc);
  const employees = PEOPLE.map((person) =>
    toEmployeeDoc(person, mobiles.get(person.userid)!, now, random),
  );
  const active = employees.filter((employee) => employee.status === 'active');
  return {
    departments,
    employees,
    bindings: active.map((employee) => toBindingDoc(employee, now, random)),
    wecom: {
      departments: DEPARTMENT_PLANS.map(toWeComDepartment),
      users: PEOPLE.map((person) => toWeComUser(person, mobiles.get(person.userid)!)),
    },
    logins: active.map(toDemoLogin),
    cityOfDepartment: new Map(departments.map((d) => [d._id, cityOf(d)])),
    sharingHabitOf: new Map(PEOPLE.map((p) => [p.userid, p.sharing ?? 'steady'])),
  };
}

function assignMobiles(random: Random): Map<string, string> {
  const taken = new Set<string>();
  const mobiles = new Map<string, string>();
  for (const person of PEOPLE) {
    let mobile: string;
    do mobile = random.pick(MOBILE_PREFIXES) + random.digits(8);
    while (taken.has(mobile));
    taken.add(mobile);
    mobiles.set(person.userid, mobile);
  }
  return mobiles;
}

function planOf(id: number): DepartmentPlan {
  const plan = DEPARTMENT_PLANS.find((d) => d.id === id);
  if (!plan) throw new Error(`unknown department ${id}`);
  return plan;
}

/** Root first, the department itself last (data-model: `path`). */
function pathOf(id: number): string[] {
  const path: string[] = [];
  for (
    let plan: DepartmentPlan | null = planOf(id);
    plan;
    plan = plan.parentId === null ? null : planOf(plan.parentId)
  ) {
    path.unshift(String(plan.id));
  }
  return path;
}

function cityOf(department: DepartmentDoc): string {
  for (const id of [...department.path].reverse()) {
    const city = planOf(Number(id)).city;
    if (city) return city;
  }
  return '';
}

/** WeCom's leaders of a department: active members flagged in `is_leader_in_dept`. */
function leadersOf(departmentId: number): string[] {
  return PEOPLE.filter((p) => !p.departed && p.leads?.includes(departmentId)).map((p) => p.userid);
}

/** WeCom sorts by a descending `order`; its default spacing is 1000 below 100000000. */
function departmentOrder(id: number): number {
  const siblings = DEPARTMENT_PLANS.filter((d) => d.parentId === planOf(id).parentId);
  return 100000000 - siblings.findIndex((d) => d.id === id) * 1000;
}

function toDepartmentDoc(plan: DepartmentPlan): DepartmentDoc {
  return {
    _id: String(plan.id),
    name: plan.name,
    parentId: plan.parentId === null ? null : String(plan.parentId),
    order: departmentOrder(plan.id),
    path: pathOf(plan.id),
    leaderUserIds: leadersOf(plan.id),
  };
}

function toWeComDepartment(plan: DepartmentPlan): WeComDepartment {
  return {
    id: plan.id,
    name: plan.name,
    parentid: plan.parentId ?? 0,
    order: departmentOrder(plan.id),
    department_leader: leadersOf(plan.id),
  };
}

function avatarOf(userid: string, size: number): string {
  return `https://picsum.photos/seed/emp-${userid}/${size}/${size}`;
}

function toEmployeeDoc(person: PersonPlan, mobile: string, now: Date, random: Random): EmployeeDoc {
  const joinedDaysAgo = random.int(60, 1500);
  const departedAt = atShanghai(now, { day: -DEPARTED_DAYS_AGO, time: '18:00' });
  // The nightly org sync last touched everyone; a departed member was last touched when they left.
  const lastSync = atShanghai(now, { day: -1, time: '02:00' });
  return {
    _id: person.userid,
    corpId: DEMO_CORP_ID,
    name: person.name,
    avatar: avatarOf(person.userid, 200),
    position: person.position,
    mobile,
    departmentIds: person.departments.map(String),
    leadsDepartmentIds: (person.departed ? [] : (person.leads ?? [])).map(String),
    roles: person.admin ? ['admin'] : [],
    status: person.departed ? 'departed' : 'active',
    createdAt: new Date(now.getTime() - (joinedDaysAgo + DEPARTED_DAYS_AGO) * DAY),
    updatedAt: person.departed ? departedAt : lastSync,
    ...savedCardOf(person.userid, mobile, now),
  };
}

function savedCardOf(userid: string, mobile: string, now: Date): { card?: StoredCard } {
  const saved = SAVED_CARDS[userid];
  return saved ? { card: { ...saved, mobile, updatedAt: atShanghai(now, CARD_SAVED_AT) } } : {};
}

function toWeComUser(person: PersonPlan, mobile: string): WeComUser {
  return {
    userid: person.userid,
    name: person.name,
    department: [...person.departments],
    // Leaders first inside each department (WeCom: larger order first).
    order: person.departments.map((id) => (person.leads?.includes(id) ? 1 : 0)),
    position: person.position,
    mobile,
    gender: person.gender === 'male' ? '1' : '2',
    email: `${person.userid}@${EMAIL_DOMAIN}`,
    is_leader_in_dept: person.departments.map((id) =>
      !person.departed && person.leads?.includes(id) ? 1 : 0,
    ),
    avatar: avatarOf(person.userid, 200),
    thumb_avatar: avatarOf(person.userid, 100),
    status: person.departed ? 5 : 1,
  };
}

function toBindingDoc(employee: EmployeeDoc, now: Date, random: Random): BindingDoc {
  // First opened the mini-program in WeCom some weeks ago, when the programme was rolled out.
  const boundAt = atShanghai(now, {
    day: -random.int(32, 60),
    time: `${pad2(random.int(9, 17))}:${pad2(random.int(0, 59))}`,
  });
  return {
    _id: demoOpenidOf(employee._id),
    userId: employee._id,
    corpId: DEMO_CORP_ID,
    source: 'wecom',
    boundAt,
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function toDemoLogin(employee: EmployeeDoc): DemoLogin {
  const role = employee.roles.includes('admin')
    ? 'admin'
    : employee.leadsDepartmentIds.length > 0
      ? 'leader'
      : 'employee';
  return { userId: employee._id, openid: demoOpenidOf(employee._id), name: employee.name, role };
}
