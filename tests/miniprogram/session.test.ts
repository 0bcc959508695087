/**
 * S1 / ARCHITECTURE §2 on the mini-program side: the launch login, the server-issued session
 * token the services layer keeps and attaches as `sessionToken`, and what happens when the
 * server no longer accepts it (services/session.ts, services/call.ts).
 */
import path from 'node:path';
import {
  deferred,
  fail,
  ok,
  offline,
  world,
  type FunctionEvent,
  type Reply,
} from './support/world';
import { me, task } from './support/fixtures';
import { MINIPROGRAM_ROOT, openPage, settle, tap, textOf, waitForText } from './support/render';

type Services = typeof import('../../miniprogram/services/index');
type ConfigModule = typeof import('../../miniprogram/config');
type LoginCallbacks = { success: (r: { code?: string }) => void; fail: (e: unknown) => void };

const HOUR = 60 * 60 * 1000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const session = (token: string, expiresAt = inHours(2)) => ({ token, expiresAt });
const loginAnswer = (s: { token: string; expiresAt: string } | null) => ok({ ...me(), session: s });

/** wx storage (the world has none): what the app kept across a relaunch. */
const storage = new Map<string, unknown>();
/** `wx.login`, WeChat's code, used outside WeCom. */
const wxLogin = jest.fn((options: LoginCallbacks) => options.success({ code: 'wx-code' }));
/** `wx.qy.login`, WeCom's code; present only while a test says the app runs inside WeCom. */
const qyLogin = jest.fn((options: LoginCallbacks) => options.success({ code: 'qy-code-1' }));
Object.assign(world().wx, {
  login: wxLogin,
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, value)),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
});
const wxWithQy = world().wx as unknown as Record<string, unknown>;

/** Inside WeCom: `wx.qy` exists. */
function insideWeCom(): void {
  wxWithQy.qy = { login: qyLogin };
}

/**
 * Starts the app afresh (new services and config modules) on `transport`, and launches it
 * (onLaunch, where the login starts) unless told not to.
 */
function startApp(
  transport: 'cloud' | 'local' = 'cloud',
  { launch = true } = {},
): Services & ConfigModule {
  jest.resetModules();
  require(path.join(MINIPROGRAM_ROOT, 'app'));
  const app = {
    ...(require(path.join(MINIPROGRAM_ROOT, 'services/index')) as Services),
    ...(require(path.join(MINIPROGRAM_ROOT, 'config')) as ConfigModule),
  };
  app.config.transport = transport;
  if (launch) world().app.onLaunch?.();
  return app;
}

const logins = () => world().sentTo('auth', 'login');
const meCalls = () => world().sentTo('employee', 'me.get');
const tokenOf = (event: FunctionEvent) => event.sessionToken;

/** Answers me.get with 张伟 for the tokens in `accepted`, SESSION_EXPIRED for any other. */
function acceptTokens(...accepted: string[]) {
  world().answer('employee', 'me.get', (event) =>
    accepted.includes(String(event.sessionToken))
      ? ok(me())
      : fail('SESSION_EXPIRED', '登录已过期，请重新登录'),
  );
}

/** Answers each login with the next token: t1, t2, ... */
function issueTokens() {
  let n = 0;
  world().answer('auth', 'login', () => {
    n += 1;
    return loginAnswer(session(`t${n}`));
  });
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (rejection: unknown) => rejection as { code: string; message: string },
  );
  return { code: error.code, message: error.message };
}

beforeEach(() => {
  world().reset();
  storage.clear();
  delete wxWithQy.qy;
  qyLogin.mockImplementation((options) => options.success({ code: 'qy-code-1' }));
  wxLogin.mockImplementation((options) => options.success({ code: 'wx-code' }));
});

describe('login at launch', () => {
  test('S1: inside WeCom the app logs in with the wx.qy.login code, and auth.login carries no token', async () => {
    insideWeCom();
    storage.set('session', session('old-but-expired', inHours(-1)));
    issueTokens();

    startApp();
    await settle();

    expect(qyLogin).toHaveBeenCalledTimes(1);
    expect(wxLogin).not.toHaveBeenCalled();
    expect(logins().map((c) => c.event)).toEqual([{ action: 'login', code: 'qy-code-1' }]);
    expect(world().wx.cloud.callFunction).toHaveBeenCalledWith({
      name: 'auth',
      data: { action: 'login', code: 'qy-code-1' },
    });
  });

  test('outside WeCom (no wx.qy) it falls back to wx.login', async () => {
    issueTokens();
    startApp();
    await settle();
    expect(wxLogin).toHaveBeenCalledTimes(1);
    expect(logins().map((c) => c.event)).toEqual([{ action: 'login', code: 'wx-code' }]);
  });

  test('§2: the session token is kept (storage too) and every later call carries it as sessionToken', async () => {
    insideWeCom();
    const issued = session('tok-abc');
    world().answer('auth', 'login', () => loginAnswer(issued));
    acceptTokens('tok-abc');
    world().answer('employee', 'tasks.list', () => ok({ items: [task()], nextCursor: null }));
    const services = startApp();

    await services.call('employee', 'me.get', {});
    const page = await services.call('employee', 'tasks.list', { status: 'active' });

    expect(page.items).toHaveLength(1);
    expect(storage.get('session')).toEqual(issued);
    expect(world().sentTo('employee', 'tasks.list')[0].event).toEqual({
      action: 'tasks.list',
      status: 'active',
      sessionToken: 'tok-abc',
    });
    expect(tokenOf(meCalls()[0].event)).toBe('tok-abc');
    // The token travels in the event, never as part of the login.
    expect(logins().every((c) => !('sessionToken' in c.event))).toBe(true);
  });

  test('an explicit auth.login through call() never carries the token either', async () => {
    insideWeCom();
    issueTokens();
    const services = startApp();
    await settle();
    expect(logins()).toHaveLength(1);

    await services.call('auth', 'login', { code: 'manual' });

    expect(logins()[1].event).toEqual({ action: 'login', code: 'manual' });
  });

  test('with an OPENID the server binds it (session: null): no token is kept or sent', async () => {
    insideWeCom();
    world().answer('auth', 'login', () => loginAnswer(null));
    world().answer('employee', 'me.get', () => ok(me()));
    const services = startApp();

    await services.call('employee', 'me.get', {});

    expect(meCalls()[0].event).toEqual({ action: 'me.get' });
    expect(storage.has('session')).toBe(false);
  });

  test('calls made before the login has answered wait for it, then carry its token', async () => {
    insideWeCom();
    const held = deferred<Reply>();
    world().answer('auth', 'login', () => held.promise);
    acceptTokens('late-token');
    const services = startApp();

    const pending = services.call('employee', 'me.get', {});
    await settle();
    expect(logins()).toHaveLength(1);
    expect(meCalls()).toHaveLength(0);

    held.resolve(loginAnswer(session('late-token')));
    await expect(pending).resolves.toEqual(me());
    expect(meCalls().map((c) => tokenOf(c.event))).toEqual(['late-token']);
    expect(logins()).toHaveLength(1);
  });

  test('a stored token still valid at launch is used without logging in', async () => {
    insideWeCom();
    storage.set('session', session('stored-token', inHours(1)));
    acceptTokens('stored-token');
    const services = startApp();

    await services.call('employee', 'me.get', {});

    expect(logins()).toHaveLength(0);
    expect(qyLogin).not.toHaveBeenCalled();
    expect(tokenOf(meCalls()[0].event)).toBe('stored-token');
  });
});

describe('a session the server no longer accepts', () => {
  test('§2: SESSION_EXPIRED -> logs in again once and retries the call once with the new token', async () => {
    insideWeCom();
    issueTokens();
    acceptTokens('t2');
    const services = startApp();

    await expect(services.call('employee', 'me.get', {})).resolves.toEqual(me());

    expect(logins()).toHaveLength(2);
    expect(meCalls().map((c) => tokenOf(c.event))).toEqual(['t1', 't2']);
    expect(storage.get('session')).toMatchObject({ token: 't2' });
  });

  test('no loop: when the retry is refused too, the call fails with the server message after one re-login', async () => {
    insideWeCom();
    issueTokens();
    acceptTokens(/* none */);
    const services = startApp();

    expect(await failureOf(services.call('employee', 'me.get', {}))).toEqual({
      code: 'SESSION_EXPIRED',
      message: '登录已过期，请重新登录',
    });
    expect(logins()).toHaveLength(2);
    expect(meCalls()).toHaveLength(2);
  });

  test('parallel calls refused together share one re-login', async () => {
    insideWeCom();
    issueTokens();
    acceptTokens('t2');
    const services = startApp();
    await settle();

    const answers = await Promise.all([
      services.call('employee', 'me.get', {}),
      services.call('employee', 'me.get', {}),
      services.call('employee', 'me.get', {}),
    ]);

    expect(answers).toEqual([me(), me(), me()]);
    expect(logins()).toHaveLength(2);
    expect(meCalls().map((c) => tokenOf(c.event))).toEqual(['t1', 't1', 't1', 't2', 't2', 't2']);
  });

  test('a refusal arriving after another call already logged in again retries without a new login', async () => {
    insideWeCom();
    issueTokens();
    const slowRefusal = deferred<Reply>();
    let sentWithT1 = 0;
    world().answer('employee', 'me.get', (event) => {
      if (event.sessionToken === 't2') return ok(me());
      sentWithT1 += 1;
      return sentWithT1 === 2
        ? slowRefusal.promise
        : fail('SESSION_EXPIRED', '登录已过期，请重新登录');
    });
    const services = startApp();
    await settle();

    const first = services.call('employee', 'me.get', {});
    const second = services.call('employee', 'me.get', {});
    await expect(first).resolves.toEqual(me());
    expect(logins()).toHaveLength(2);

    slowRefusal.resolve(fail('SESSION_EXPIRED', '登录已过期，请重新登录'));
    await expect(second).resolves.toEqual(me());
    expect(logins()).toHaveLength(2);
    expect(meCalls().map((c) => tokenOf(c.event))).toEqual(['t1', 't1', 't2', 't2']);
  });

  test('a token past its expiry is renewed before the call, not after a refusal', async () => {
    insideWeCom();
    issueTokens();
    acceptTokens('t1', 't2');
    const services = startApp();
    await services.call('employee', 'me.get', {});
    expect(logins()).toHaveLength(1);

    const later = Date.now() + 2 * HOUR + 1000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      await services.call('employee', 'me.get', {});
    } finally {
      clock.mockRestore();
    }

    expect(logins()).toHaveLength(2);
    expect(meCalls().map((c) => tokenOf(c.event))).toEqual(['t1', 't2']);
  });

  test('other failures are not login problems: no re-login, no retry', async () => {
    insideWeCom();
    issueTokens();
    world().answer('employee', 'me.get', () => fail('FORBIDDEN', '没有权限执行此操作'));
    const services = startApp();

    expect((await failureOf(services.call('employee', 'me.get', {}))).code).toBe('FORBIDDEN');
    expect(logins()).toHaveLength(1);
    expect(meCalls()).toHaveLength(1);
  });
});

describe('a login that fails', () => {
  test('S1: a member the org sync does not know sees the server message; a later call logs in again', async () => {
    insideWeCom();
    world().answer('auth', 'login', () =>
      fail('UNKNOWN_EMPLOYEE', '通讯录中没有你的账号，请联系管理员同步组织架构'),
    );
    world().answer('employee', 'me.get', () => ok(me()));
    const services = startApp();

    expect(await failureOf(services.call('employee', 'me.get', {}))).toEqual({
      code: 'UNKNOWN_EMPLOYEE',
      message: '通讯录中没有你的账号，请联系管理员同步组织架构',
    });
    // The call waited for the launch login and got its failure: no second login, no me.get.
    expect(logins()).toHaveLength(1);
    expect(meCalls()).toHaveLength(0);

    // The admin synced the address book; 重试 logs in again with a new code.
    qyLogin.mockImplementation((options) => options.success({ code: 'qy-code-2' }));
    world().answer('auth', 'login', () => loginAnswer(session('t-new')));
    await expect(services.call('employee', 'me.get', {})).resolves.toEqual(me());
    expect(logins().map((c) => c.event.code)).toEqual(['qy-code-1', 'qy-code-2']);
    expect(tokenOf(meCalls()[0].event)).toBe('t-new');
  });

  test('an invalid code and an unreachable backend fail with their Chinese messages', async () => {
    insideWeCom();
    world().answer('auth', 'login', () =>
      fail('LOGIN_CODE_INVALID', '登录凭证无效或已过期，请重新打开小程序'),
    );
    const services = startApp();
    expect(await failureOf(services.call('employee', 'me.get', {}))).toEqual({
      code: 'LOGIN_CODE_INVALID',
      message: '登录凭证无效或已过期，请重新打开小程序',
    });

    world().answer('auth', 'login', () => offline());
    expect(await failureOf(services.call('employee', 'me.get', {}))).toEqual({
      code: 'NETWORK',
      message: '网络异常，请稍后重试',
    });
    expect(meCalls()).toHaveLength(0);
  });

  test('WeCom refusing to give a code is LOGIN_FAILED, and nothing is sent', async () => {
    insideWeCom();
    qyLogin.mockImplementation((options) => options.fail({ errMsg: 'qy.login:fail' }));
    const services = startApp();

    expect(await failureOf(services.call('employee', 'me.get', {}))).toEqual({
      code: 'LOGIN_FAILED',
      message: '登录失败，请重新打开小程序',
    });
    expect(world().sent).toHaveLength(0);
  });
});

describe('local transport (development)', () => {
  test('the local cloud gives the demo OPENID, so there is no login and no token', async () => {
    insideWeCom();
    storage.set('session', session('stored-token', inHours(1)));
    world().answer('employee', 'me.get', () => ok(me()));
    const services = startApp('local');

    await services.call('employee', 'me.get', {});

    expect(qyLogin).not.toHaveBeenCalled();
    expect(wxLogin).not.toHaveBeenCalled();
    expect(logins()).toHaveLength(0);
    expect(meCalls()[0].request?.data).toEqual({
      event: { action: 'me.get' },
      wxContext: { OPENID: 'demo-openid-zhangwei', SOURCE: 'wx_devtools' },
    });
  });

  test('a SESSION_EXPIRED answer there is passed on as is (no login to retry with)', async () => {
    world().answer('employee', 'me.get', () => fail('SESSION_EXPIRED', '登录已过期，请重新登录'));
    const services = startApp('local');
    expect((await failureOf(services.call('employee', 'me.get', {}))).code).toBe('SESSION_EXPIRED');
    expect(logins()).toHaveLength(0);
    expect(meCalls()).toHaveLength(1);
  });

  test('with devOpenid emptied (no OPENID, like WeCom without one) it logs in and sends the token', async () => {
    insideWeCom();
    issueTokens();
    acceptTokens('t1');
    const services = startApp('local', { launch: false });
    services.config.devOpenid = '';
    world().app.onLaunch?.();

    await services.call('employee', 'me.get', {});

    expect(logins()[0].request?.data).toEqual({
      event: { action: 'login', code: 'qy-code-1' },
      wxContext: { OPENID: '', SOURCE: 'wx_devtools' },
    });
    expect(meCalls()[0].request?.data).toMatchObject({
      event: { action: 'me.get', sessionToken: 't1' },
    });
  });
});

// Last in this file: rendering loads miniprogram-simulate, which then owns the global `wx`.
describe('on a page', () => {
  afterAll(() => jest.dontMock(path.join(MINIPROGRAM_ROOT, 'config')));

  test('S1: a member the org sync does not know opens the app and reads why, with 重试', async () => {
    insideWeCom();
    jest.doMock(path.join(MINIPROGRAM_ROOT, 'config'), () => ({
      config: {
        transport: 'cloud',
        cloudEnv: 'test-env',
        localCloudUrl: 'http://127.0.0.1:3030',
        devOpenid: 'demo-openid-zhangwei',
      },
    }));
    world().answer('auth', 'login', () =>
      fail('UNKNOWN_EMPLOYEE', '通讯录中没有你的账号，请联系管理员同步组织架构'),
    );
    const page = openPage('pages/tasks/index');

    await waitForText(page, '通讯录中没有你的账号，请联系管理员同步组织架构');
    expect(textOf(page)).toContain('重试');
    expect(world().sent.every((c) => c.name === 'auth')).toBe(true);

    // The admin syncs the address book; 重试 logs in again and the tasks appear.
    world().answer('auth', 'login', () => loginAnswer(session('t-page')));
    world().answer('employee', 'tasks.list', () => ok({ items: [task()], nextCursor: null }));
    await tap(page, '重试');
    await waitForText(page, '双十一爆款文章转发');
    expect(world().sentTo('employee', 'tasks.list').at(-1)?.event.sessionToken).toBe('t-page');
  });
});
