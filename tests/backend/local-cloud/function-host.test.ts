/**
 * Conformance: the function host runs functions like CloudBase: own processes, one request
 * per instance, getWXContext per call, timeouts, crashes, memory limit, timer triggers.
 */
import { FIXTURE_FUNCTIONS_DIR, FIXTURE_SPECS } from '../support/fixtures';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { TIMER_SOURCE, type InvokeOutcome } from '../../../local/functions/host';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({
    declarations: { probe: [] },
    functionsDir: FIXTURE_FUNCTIONS_DIR,
    functionSpecs: FIXTURE_SPECS,
    maxInstances: 3,
  });
});
afterAll(() => t.stop());

type Probe = {
  wxContext: Record<string, unknown>;
  pid: number;
  calls: number;
  concurrent: number;
  context: Record<string, unknown>;
  event: unknown;
};
const result = (outcome: InvokeOutcome) => {
  if ('errCode' in outcome) throw new Error(`unexpected failure: ${outcome.errMsg}`);
  return outcome.result as Probe;
};

it('getWXContext reports the caller of each call, and nothing of the previous caller', async () => {
  const first = result(
    await t.local.functions.invoke(
      'probe',
      {},
      { OPENID: 'o-customer', UNIONID: 'u-1', SOURCE: 'wx_client' },
    ),
  );
  expect(first.wxContext).toMatchObject({
    OPENID: 'o-customer',
    UNIONID: 'u-1',
    APPID: 'wx-local-miniprogram',
    SOURCE: 'wx_client',
    ENV: 'local-env',
  });
  const second = result(await t.local.functions.invoke('probe', {}, {}));
  expect(second.wxContext.OPENID).toBeUndefined();
  expect(second.wxContext.UNIONID).toBeUndefined();
  expect(second.context).toMatchObject({
    function_name: 'probe',
    time_limit_in_ms: 2000,
    memory_limit_in_mb: 64,
  });
});

it('serves each instance one request at a time, in separate processes', async () => {
  const outcomes = await Promise.all(
    Array.from({ length: 6 }, () => t.local.functions.invoke('probe', { do: 'sleep', ms: 200 })),
  );
  const probes = outcomes.map(result);
  expect(probes.every((p) => p.concurrent === 1)).toBe(true);
  const pids = new Set(probes.map((p) => p.pid));
  expect(pids.size).toBeGreaterThan(1);
  expect(pids.size).toBeLessThanOrEqual(3);
  expect(pids.has(process.pid)).toBe(false);
});

it('a call over its timeout fails like CloudBase and the next call gets a fresh instance', async () => {
  const slow = await t.local.functions.invoke('probe', { do: 'sleep', ms: 10_000 });
  expect(slow).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('timed out') });
  expect(result(await t.local.functions.invoke('probe', {})).wxContext).toBeDefined();
});

it('a crash or a thrown error fails only that call', async () => {
  expect(await t.local.functions.invoke('probe', { do: 'crash' })).toMatchObject({
    errCode: -504002,
  });
  expect(await t.local.functions.invoke('probe', { do: 'throw' })).toMatchObject({
    errCode: -504002,
    errMsg: expect.stringContaining('probe failed on purpose'),
  });
  expect(result(await t.local.functions.invoke('probe', {})).calls).toBeGreaterThanOrEqual(1);
});

it('a function that exceeds its memory is stopped', async () => {
  expect(await t.local.functions.invoke('probe', { do: 'hog' })).toMatchObject({
    errCode: -504002,
  });
});

it('functions reach the database through the injected service URL, with serverDate', async () => {
  const outcome = (await t.local.functions.invoke('probe', { do: 'db', data: '写入' })) as {
    result: { wrote: { value: string; at: string } };
  };
  expect(outcome.result.wrote.value).toBe('写入');
  expect((await t.db.collection('probe').where({ value: '写入' }).count()).total).toBe(1);
});

it('cloud.callFunction inside a function reaches another function', async () => {
  const outcome = (await t.local.functions.invoke('probe', { do: 'call' })) as {
    result: { nested: Probe };
  };
  expect(outcome.result.nested.wxContext).toMatchObject({ SOURCE: 'tcb_function' });
});

it('the HTTP invoke endpoint takes an event and a caller context', async () => {
  const res = await fetch(`${t.local.url}/functions/probe/invoke`, {
    method: 'POST',
    body: JSON.stringify({
      event: { action: 'x' },
      wxContext: { OPENID: 'o-dev', SOURCE: 'wx_devtools' },
    }),
  });
  const body = (await res.json()) as { result: Probe };
  expect(body.result.wxContext).toMatchObject({ OPENID: 'o-dev', SOURCE: 'wx_devtools' });
  const unknown = await fetch(`${t.local.url}/functions/nope/invoke`, {
    method: 'POST',
    body: '{}',
  });
  expect(await unknown.json()).toMatchObject({ errCode: -504001 });
});

it('a timer trigger calls the function with the timer source and event', async () => {
  const fired = result(await t.local.functions.fireTimer('probe', 'every-second'));
  expect(fired.wxContext.SOURCE).toBe(TIMER_SOURCE);
  expect(fired.event).toMatchObject({ Type: 'Timer', TriggerName: 'every-second' });
});

it('the scheduler fires triggers from the function config', async () => {
  const before = t.local.functions.invocations.get('probe') ?? 0;
  t.local.functions.startTimers();
  for (let i = 0; i < 40 && (t.local.functions.invocations.get('probe') ?? 0) <= before; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(t.local.functions.invocations.get('probe') ?? 0).toBeGreaterThan(before);
});
