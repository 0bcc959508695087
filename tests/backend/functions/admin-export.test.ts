/**
 * 数据导出 on the `admin` function (AD6): customers and leads as CSV pages that join into one
 * file Excel opens (UTF-8 BOM, CRLF, RFC 4180 quoting), full phone numbers for admins (C6),
 * Chinese columns; S1 and S4.
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const ADMIN = 'openid-boss';
const EMPLOYEE = 'openid-plain';
const CUSTOMER = 'openid-customer';
const BASE = Date.parse('2026-01-10T02:00:00.000Z'); // 10:00 in Shanghai
const MIN = 60_000;

/** A small RFC 4180 reader: what a spreadsheet reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const TRICKY = ['王女士', '刘先生, 装修中', '"小鱼"爱家', '第一行\n第二行', '=HYPERLINK("x")'];

const customers = Array.from({ length: 7 }, (_, i) => ({
  _id: `cust-${i + 1}`,
  unionid: i % 2 ? `union-${i + 1}` : null,
  nickname: TRICKY[i % TRICKY.length],
  avatar: '',
  firstSeenAt: new Date(BASE + i * MIN),
  lastActiveAt: new Date(BASE + (i + 60) * MIN),
  origin:
    i === 6
      ? null
      : {
          shareId: `s${i}`,
          taskId: 'task-a',
          rootEmployeeId: 'lixue',
          channel: i === 2 ? 'forward' : 'wechat_chat',
          parentCustomerId: i === 2 ? 'cust-1' : null,
        },
  inArchive: i !== 6,
}));

function formEvent(n: number, customerId: string, fields: Record<string, string>, atMin: number) {
  return {
    _id: `evt-${n}`,
    type: 'form',
    customerId,
    contentId: 'c1',
    taskId: 'task-a',
    shareId: 's0',
    rootEmployeeId: 'lixue',
    channel: 'wechat_chat',
    parentCustomerId: null,
    at: new Date(BASE + atMin * MIN),
    data: { formId: 'form-measure', fields, consent: true },
  };
}

const EVENTS = [
  formEvent(1, 'cust-1', { name: '王女士', phone: '13812345678', city: '上海' }, 5),
  formEvent(
    2,
    'cust-2',
    { name: '刘先生', phone: '13900001111', note: '周末, 上午"十点"\n来电' },
    5,
  ),
  formEvent(3, 'cust-4', { name: '陈', phone: '13700002222' }, 7),
  { ...formEvent(4, 'cust-1', {}, 8), type: 'visit', data: {} },
];

const admin = (event: Record<string, unknown>) => callAs(t, 'admin', ADMIN, event);

async function exportAll(action: string, pageSize: number) {
  let csv = '';
  let count = 0;
  let pages = 0;
  let cursor: string | undefined;
  do {
    const res = await admin({ action, pageSize, ...(cursor ? { cursor } : {}) });
    expect(res.ok).toBe(true);
    if (pages > 0) expect(res.data.csv.startsWith('\uFEFF')).toBe(false);
    csv += res.data.csv;
    count += res.data.count;
    pages += 1;
    cursor = res.data.nextCursor ?? undefined;
  } while (cursor);
  return { csv, count, pages };
}

beforeAll(async () => {
  t = await startTestCloud();
  const person = (id: string, name: string, roles: string[] = []) => ({
    _id: id,
    corpId: 'ww-demo-corp',
    name,
    avatar: '',
    position: '',
    mobile: '',
    departmentIds: ['1'],
    leadsDepartmentIds: [],
    roles,
    status: 'active',
  });
  await t.db.collection('employees').add({
    data: [person('boss', '张伟', ['admin']), person('plain', '王芳'), person('lixue', '李雪')],
  });
  await t.db.collection('bindings').add({
    data: ['boss', 'plain'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-demo-corp',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
  await t.db.collection('tasks').add({
    data: {
      _id: 'task-a',
      title: '奶油风客厅, "新品"推荐',
      shareTitle: '',
      shareCover: '',
      contentId: 'c1',
      startAt: new Date(BASE),
      endAt: new Date(BASE + 86_400_000),
      redeemDeadline: new Date(BASE + 2 * 86_400_000),
      assignment: { departmentIds: ['1'], userIds: [] },
      goals: [],
      benefits: [],
      state: 'published',
      createdAt: new Date(BASE),
    },
  });
  await t.db.collection('customers').add({ data: customers });
  await t.db.collection('events').add({ data: EVENTS });
});
afterAll(() => t.stop());

describe('AD6: customers', () => {
  it('pages join into one CSV with BOM, Chinese header, every customer once, tricky text intact', async () => {
    const { csv, count, pages } = await exportAll('export.customers', 3);
    expect(pages).toBe(3);
    expect(count).toBe(7);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows).toHaveLength(8);
    expect(rows.slice(1).map((r) => r[0])).toEqual(customers.map((c) => c._id));
    expect(rows.slice(1).map((r) => r[1])).toEqual(
      customers.map((c) => (c.nickname.startsWith('=') ? `'${c.nickname}` : c.nickname)),
    );
    expect(rows[1]).toEqual([
      'cust-1',
      '王女士',
      '',
      '是',
      '微信聊天',
      '李雪',
      'lixue',
      '奶油风客厅, "新品"推荐',
      '',
      '13812345678',
      '2026-01-10 10:00:00',
      '2026-01-10 11:00:00',
    ]);
    expect(rows[3].slice(4, 10)).toEqual([
      '客户转发',
      '李雪',
      'lixue',
      '奶油风客厅, "新品"推荐',
      'cust-1',
      '',
    ]);
    // C6: admins get the full number; A8: no origin reads 非客户/直接访问.
    expect(rows[4][9]).toBe('13700002222');
    expect(rows[7].slice(3, 6)).toEqual(['否', '非客户/直接访问', '']);
  });

  it('the first page always starts with the BOM and the header', async () => {
    const res = await admin({ action: 'export.customers', pageSize: 1 });
    expect(res.data.count).toBe(1);
    expect(res.data.csv.split('\r\n')[0]).toBe(
      '\uFEFF客户ID,昵称,UnionID,是否在客户档案,渠道来源,来源员工,来源员工ID,来源任务,转发客户ID,手机号,首次访问时间,最近活跃时间',
    );
  });
});

describe('AD6: leads', () => {
  it('one row per form submission, oldest first, with the full phone and the other answers', async () => {
    const { csv, count } = await exportAll('export.leads', 2);
    expect(count).toBe(3);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows.slice(1)).toEqual([
      [
        '2026-01-10 10:05:00',
        'cust-1',
        '王女士',
        '王女士',
        '13812345678',
        'city：上海',
        'form-measure',
        '李雪',
        'lixue',
        '奶油风客厅, "新品"推荐',
        '微信聊天',
      ],
      [
        '2026-01-10 10:05:00',
        'cust-2',
        '刘先生, 装修中',
        '刘先生',
        '13900001111',
        'note：周末, 上午"十点"\n来电',
        'form-measure',
        '李雪',
        'lixue',
        '奶油风客厅, "新品"推荐',
        '微信聊天',
      ],
      [
        '2026-01-10 10:07:00',
        'cust-4',
        '第一行\n第二行',
        '陈',
        '13700002222',
        '',
        'form-measure',
        '李雪',
        'lixue',
        '奶油风客厅, "新品"推荐',
        '微信聊天',
      ],
    ]);
  });
});

describe('S4: bad input gets a clear message', () => {
  it.each([
    ['export.customers', { cursor: 'forged!' }, '分页参数无效，请重新导出'],
    ['export.leads', { cursor: 'forged!' }, '分页参数无效，请重新导出'],
    ['export.customers', { pageSize: 1000 }, '请求参数有误（pageSize）'],
    ['export.leads', { pageSize: 'all' }, '请求参数有误（pageSize）'],
  ])('%s %j', async (action, payload, message) => {
    expect(await admin({ action, ...payload })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message },
    });
  });
});

describe('S1: every export refuses the wrong role', () => {
  const ACTIONS = ['export.customers', 'export.leads'];

  it.each(ACTIONS)('%s: a customer gets NOT_EMPLOYEE', async (action) => {
    expect((await callAs(t, 'admin', CUSTOMER, { action })).error.code).toBe('NOT_EMPLOYEE');
  });

  it.each(ACTIONS)('%s: an ordinary employee gets FORBIDDEN and no data', async (action) => {
    const res = await callAs(t, 'admin', EMPLOYEE, { action });
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '没有权限执行此操作' } });
  });
});
