/**
 * The services layer: the exact wire format of both transports, and how every kind of
 * failure becomes one ApiFailure with a Chinese message.
 */
import path from 'node:path';
import { crash, fail, ok, offline, world } from './support/world';
import { me, task } from './support/fixtures';
import { MINIPROGRAM_ROOT } from './support/render';

type Services = typeof import('../../miniprogram/services/index');
type ConfigModule = typeof import('../../miniprogram/config');

/** A freshly started app with its own services and config modules. */
function startApp(): Services & ConfigModule {
  jest.resetModules();
  require(path.join(MINIPROGRAM_ROOT, 'app'));
  return {
    ...(require(path.join(MINIPROGRAM_ROOT, 'services/index')) as Services),
    ...(require(path.join(MINIPROGRAM_ROOT, 'config')) as ConfigModule),
  };
}

/** Resolves with the ApiFailure `promise` rejected with (fails the test if it resolved). */
async function failureOf(promise: Promise<unknown>, services: Services) {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(services.ApiFailure);
  const { code, message } = error as InstanceType<Services['ApiFailure']>;
  return { code, message };
}

beforeEach(() => world().reset());

describe('local transport (the default)', () => {
  test('POSTs the event and the dev wxContext to the local cloud, and returns the data', async () => {
    const services = startApp();
    const page = { items: [task()], nextCursor: 'next' };
    world().answer('employee', 'tasks.list', () => ok(page));

    const data = await services.call('employee', 'tasks.list', {
      status: 'ended',
      cursor: 'c1',
      pageSize: 5,
    });

    expect(data).toEqual(page);
    expect(world().wx.request).toHaveBeenCalledTimes(1);
    expect(world().sent[0].request).toEqual({
      url: 'http://127.0.0.1:3030/functions/employee/invoke',
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: {
        event: { action: 'tasks.list', status: 'ended', cursor: 'c1', pageSize: 5 },
        wxContext: { OPENID: 'demo-openid-zhangwei', SOURCE: 'wx_devtools' },
      },
    });
    expect(world().wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  test('uses the configured URL and OPENID', async () => {
    const services = startApp();
    services.config.localCloudUrl = 'http://192.168.1.8:4000';
    services.config.devOpenid = 'demo-openid-lina';
    world().answer('employee', 'me.get', () => ok(me()));

    await services.call('employee', 'me.get', {});

    const { request } = world().sent[0];
    expect(request?.url).toBe('http://192.168.1.8:4000/functions/employee/invoke');
    expect(request?.data).toEqual({
      event: { action: 'me.get' },
      wxContext: { OPENID: 'demo-openid-lina', SOURCE: 'wx_devtools' },
    });
  });

  test('a function answering { ok: false, error } throws that code and message', async () => {
    const services = startApp();
    world().answer('employee', 'tasks.list', () => fail('FORBIDDEN', '无权查看该任务'));
    expect(
      await failureOf(services.call('employee', 'tasks.list', { status: 'active' }), services),
    ).toEqual({
      code: 'FORBIDDEN',
      message: '无权查看该任务',
    });
  });

  test('no answer at all is NETWORK: 网络异常，请稍后重试', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => offline());
    expect(await failureOf(services.call('employee', 'me.get', {}), services)).toEqual({
      code: 'NETWORK',
      message: '网络异常，请稍后重试',
    });
  });

  test('an HTTP error status is NETWORK too', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => ({ httpStatus: 502 }));
    expect((await failureOf(services.call('employee', 'me.get', {}), services)).code).toBe(
      'NETWORK',
    );
  });

  test('a crashed or timed-out function ({ errCode, errMsg }) is FUNCTION_ERROR', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => crash());
    expect(await failureOf(services.call('employee', 'me.get', {}), services)).toEqual({
      code: 'FUNCTION_ERROR',
      message: '服务暂时不可用，请稍后重试',
    });
  });

  test('an answer that is not an ApiResult is BAD_RESPONSE, not data', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => ({ result: { name: '张伟' } }));
    expect((await failureOf(services.call('employee', 'me.get', {}), services)).code).toBe(
      'BAD_RESPONSE',
    );
  });
});

describe('cloud transport', () => {
  // The cloud transport logs in first (services/session.ts, tested in session.test.ts): WeChat
  // gives a code, and an OPENID binding means no session token.
  beforeEach(() => {
    Object.assign(world().wx, {
      login: jest.fn(({ success }: { success: (r: { code: string }) => void }) =>
        success({ code: 'wx-code' }),
      ),
    });
    world().answer('auth', 'login', () => ok({ ...me(), session: null }));
  });

  test('calls wx.cloud.callFunction with { action, ...payload } and returns result.data', async () => {
    const services = startApp();
    services.config.transport = 'cloud';
    world().answer('employee', 'tasks.list', () => ok({ items: [], nextCursor: null }));

    const data = await services.call('employee', 'tasks.list', { status: 'upcoming' });

    expect(data).toEqual({ items: [], nextCursor: null });
    expect(world().wx.cloud.callFunction).toHaveBeenCalledWith({
      name: 'employee',
      data: { action: 'tasks.list', status: 'upcoming' },
    });
    expect(world().wx.request).not.toHaveBeenCalled();
  });

  test('maps { ok: false }, crashes and network failures like the local transport', async () => {
    const services = startApp();
    services.config.transport = 'cloud';

    world().answer('employee', 'me.get', () => fail('NOT_EMPLOYEE', '请先在企业微信中登录'));
    expect(await failureOf(services.call('employee', 'me.get', {}), services)).toEqual({
      code: 'NOT_EMPLOYEE',
      message: '请先在企业微信中登录',
    });
    world().answer('employee', 'me.get', () => crash());
    expect((await failureOf(services.call('employee', 'me.get', {}), services)).code).toBe(
      'FUNCTION_ERROR',
    );
    world().answer('employee', 'me.get', () => offline());
    expect(await failureOf(services.call('employee', 'me.get', {}), services)).toEqual({
      code: 'NETWORK',
      message: '网络异常，请稍后重试',
    });
  });

  test('the app initialises wx.cloud only for the cloud transport', () => {
    startApp();
    world().app.onLaunch?.();
    expect(world().wx.cloud.init).not.toHaveBeenCalled();

    const services = startApp();
    services.config.transport = 'cloud';
    world().app.onLaunch?.();
    expect(world().wx.cloud.init).toHaveBeenCalledWith({
      env: services.config.cloudEnv,
      traceUser: true,
    });
  });
});

describe('the signed-in employee (me.get) in the app global state', () => {
  test('is asked once, shared by concurrent callers, and kept in getApp().globalData', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));

    const [first, second] = await Promise.all([services.loadMe(), services.loadMe()]);
    const third = await services.loadMe();

    expect(first).toEqual(me({ isAdmin: true }));
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(world().app.globalData.me).toEqual(me({ isAdmin: true }));
    expect(services.cachedMe()).toEqual(me({ isAdmin: true }));
    expect(world().sentTo('employee', 'me.get')).toHaveLength(1);
  });

  test('refresh asks again and replaces the cached employee', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => ok(me({ isAdmin: true })));
    await services.loadMe();
    world().answer('employee', 'me.get', () => ok(me({ isAdmin: false })));

    const refreshed = await services.loadMe({ refresh: true });

    expect(refreshed.isAdmin).toBe(false);
    expect(services.cachedMe()?.isAdmin).toBe(false);
    expect(world().sentTo('employee', 'me.get')).toHaveLength(2);
  });

  test('a failure caches nothing, so the next call asks again', async () => {
    const services = startApp();
    world().answer('employee', 'me.get', () => offline());
    await expect(services.loadMe()).rejects.toBeInstanceOf(services.ApiFailure);
    expect(services.cachedMe()).toBeNull();

    world().answer('employee', 'me.get', () => ok(me()));
    await expect(services.loadMe()).resolves.toEqual(me());
  });
});
