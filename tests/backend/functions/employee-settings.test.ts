/**
 * The `employee` function's notification settings (通知设置, M5) through the real function host
 * and SDK: defaults, partial changes, input validation (S4) and identity (S1).
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;

const ALL_ON = {
  newTask: true,
  taskEnding: true,
  pointsCredited: true,
  benefitExpiring: true,
  newLead: true,
  newCustomer: true,
  followUpDue: true,
};

const employee = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  corpId: 'ww-test',
  name: id,
  avatar: '',
  position: '销售',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
  ...extra,
});

beforeAll(async () => {
  t = await startTestCloud();
  await t.db.collection('employees').add({
    data: [employee('lilei'), employee('hanmeimei'), employee('gone', { status: 'departed' })],
  });
  await t.db.collection('bindings').add({
    data: ['lilei', 'hanmeimei', 'gone'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-test',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
});
afterAll(() => t.stop());

const get = (openid: string | undefined) =>
  callAs(t, 'employee', openid, { action: 'settings.notifications.get' });
const set = (openid: string | undefined, payload: Record<string, unknown>) =>
  callAs(t, 'employee', openid, { action: 'settings.notifications.set', ...payload });

describe('M5: one switch per kind, every kind on until switched off', () => {
  it('an employee who never changed anything gets every kind on', async () => {
    expect(await get('openid-lilei')).toEqual({ ok: true, data: ALL_ON });
  });

  it('changing one switch leaves the others, answers all of them, and sticks', async () => {
    const res = await set('openid-lilei', { newLead: false });
    expect(res).toEqual({ ok: true, data: { ...ALL_ON, newLead: false } });
    await set('openid-lilei', { taskEnding: false, newCustomer: false });
    await set('openid-lilei', { newLead: true });
    expect((await get('openid-lilei')).data).toEqual({
      ...ALL_ON,
      taskEnding: false,
      newCustomer: false,
    });
  });

  it('an employee sees and changes only their own switches', async () => {
    await set('openid-lilei', { pointsCredited: false });
    expect((await get('openid-hanmeimei')).data).toEqual(ALL_ON);
  });

  it('changes of different switches at the same moment all stick (first write included)', async () => {
    const kinds = Object.keys(ALL_ON);
    const results = await Promise.all(kinds.map((k) => set('openid-hanmeimei', { [k]: false })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await get('openid-hanmeimei')).data).toEqual(
      Object.fromEntries(kinds.map((k) => [k, false])),
    );
  });
});

describe('S4: a bad input gets a clear error and changes nothing', () => {
  it.each([
    ['no switch at all', {}],
    ['a switch that is not a boolean', { newTask: 'off' }],
    ['an unknown kind', { marketing: false }],
    ['a known kind next to an unknown one', { newTask: false, marketing: false }],
  ])('%s', async (_name, payload) => {
    const before = (await get('openid-lilei')).data;
    const res = await set('openid-lilei', payload);
    expect(res.ok).toBe(false);
    expect(res.error.code).toBe('INVALID_INPUT');
    expect(res.error.message).toMatch(/^请求参数有误/);
    expect((await get('openid-lilei')).data).toEqual(before);
  });

  it('get takes no payload: another field is refused, a userId names no one (S1)', async () => {
    const refused = await callAs(t, 'employee', 'openid-lilei', {
      action: 'settings.notifications.get',
      forUser: 'hanmeimei',
    });
    expect(refused.error.code).toBe('INVALID_INPUT');
    const own = await callAs(t, 'employee', 'openid-lilei', {
      action: 'settings.notifications.get',
      userId: 'hanmeimei',
    });
    expect(own.data).toEqual((await get('openid-lilei')).data);
  });
});

describe('S1: identity comes from the call context only', () => {
  it('a customer (an OPENID bound to no employee) is refused', async () => {
    expect((await get('openid-customer')).error.code).toBe('NOT_EMPLOYEE');
    expect((await set('openid-customer', { newTask: false })).error.code).toBe('NOT_EMPLOYEE');
  });

  it('an anonymous call and a departed employee are refused', async () => {
    expect((await get(undefined)).error.code).toBe('UNAUTHENTICATED');
    expect((await set('openid-gone', { newTask: false })).error.code).toBe('EMPLOYEE_INACTIVE');
  });
});
