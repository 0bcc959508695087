/**
 * S1, for every action of every function, enumerated from the functions' own action maps so
 * that a new action cannot ship without this check: customers are refused employee actions,
 * ordinary employees are refused admin actions, anonymous callers are refused both, and only
 * the timer trigger may call the timer function.
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;

/** Action names, read from the modules the functions are built from. */
function actionNames(modulePath: string, exportName: string): string[] {
  let names: string[] = [];
  // Isolated: importing function code initialises its own SDK instance.
  jest.isolateModules(() => {
    names = Object.keys(require(modulePath)[exportName]);
  });
  return names;
}

const EMPLOYEE_ACTIONS = [
  ...actionNames('../../../cloudfunctions/employee/task-center', 'taskCenterActions'),
  ...actionNames('../../../cloudfunctions/employee/settings', 'settingsActions'),
  ...actionNames('../../../cloudfunctions/employee/attribution', 'attributionActions'),
  ...actionNames('../../../cloudfunctions/employee/customer-profile', 'customerProfileActions'),
  ...actionNames('../../../cloudfunctions/employee/card', 'cardActions'),
];
const ADMIN_ACTIONS = [
  ...actionNames('../../../cloudfunctions/admin/org', 'orgActions'),
  ...actionNames('../../../cloudfunctions/admin/content', 'contentActions'),
  ...actionNames('../../../cloudfunctions/admin/tasks', 'taskAdminActions'),
];

beforeAll(async () => {
  t = await startTestCloud();
  await t.db.collection('employees').add({
    data: [
      {
        _id: 'worker',
        corpId: 'ww',
        name: '普通员工',
        avatar: '',
        position: '',
        departmentIds: ['1'],
        leadsDepartmentIds: [],
        roles: [],
        status: 'active',
      },
      {
        _id: 'boss',
        corpId: 'ww',
        name: '管理员',
        avatar: '',
        position: '',
        departmentIds: ['1'],
        leadsDepartmentIds: [],
        roles: ['admin'],
        status: 'active',
      },
    ],
  });
  await t.db.collection('bindings').add({
    data: [
      {
        _id: 'openid-worker',
        userId: 'worker',
        corpId: 'ww',
        source: 'wecom',
        boundAt: new Date(),
      },
      { _id: 'openid-boss', userId: 'boss', corpId: 'ww', source: 'wecom', boundAt: new Date() },
    ],
  });
});
afterAll(() => t.stop());

it('the action maps are found (this test would pass vacuously otherwise)', () => {
  expect(EMPLOYEE_ACTIONS).toEqual(
    expect.arrayContaining(['tasks.list', 'me.get', 'settings.notifications.get']),
  );
  expect(ADMIN_ACTIONS).toEqual(
    expect.arrayContaining(['org.sync', 'contents.save', 'tasks.publish', 'export.leads']),
  );
});

describe.each(EMPLOYEE_ACTIONS)('S1: employee.%s', (action) => {
  it('refuses a customer', async () => {
    expect((await callAs(t, 'employee', 'openid-customer', { action })).error?.code).toBe(
      'NOT_EMPLOYEE',
    );
  });
  it('refuses an anonymous call', async () => {
    expect((await callAs(t, 'employee', undefined, { action })).error?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe.each(ADMIN_ACTIONS)('S1: admin.%s', (action) => {
  it('refuses an ordinary employee', async () => {
    expect((await callAs(t, 'admin', 'openid-worker', { action })).error?.code).toBe('FORBIDDEN');
  });
  it('refuses a customer', async () => {
    expect((await callAs(t, 'admin', 'openid-customer', { action })).error?.code).toBe(
      'NOT_EMPLOYEE',
    );
  });
  it('lets an admin past the role check', async () => {
    const res = await callAs(t, 'admin', 'openid-boss', { action });
    expect(['FORBIDDEN', 'NOT_EMPLOYEE', 'UNAUTHENTICATED']).not.toContain(res.error?.code);
  });
});

it('S1: the timer function refuses a client, even an admin', async () => {
  const outcome = await t.local.functions.invoke(
    'timer',
    { Type: 'Timer', TriggerName: 'outbox' },
    { OPENID: 'openid-boss', SOURCE: 'wx_client' },
  );
  expect('result' in outcome && (outcome.result as { error?: { code: string } }).error?.code).toBe(
    'FORBIDDEN',
  );
});
