/**
 * Bad input, for every action of every client-facing function (the contract in typings/, read
 * with the TypeScript compiler, so a new action is covered the day it is declared):
 * - an oversized payload (1 MB of junk) is a schema error, and nothing is written;
 * - forged money and ownership fields (points, amount, balance, employeeId) are refused, and
 *   nothing is written (identity fields, userId and openid, are ignored instead: S1, proved in
 *   tests/backend/functions/auth.test.ts and employee.test.ts);
 * - a payload that is not an object at all is refused, and nothing is written.
 * Called as the demo's admin (an employee, and an admin) or as a customer, through the real
 * function host and SDK.
 */
import path from 'node:path';
import ts from 'typescript';
import { loadDemoIntoEmptyStore } from '../../local/seed/load';
import { startTestCloud, type TestCloud } from '../backend/support/cloud';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN_OPENID = 'demo-openid-zhangwei';
const CUSTOMER_OPENID = 'reliability-customer';

/** The actions of each function, as `CloudApi` in typings/api.d.ts declares them. */
function declaredActions(): Record<string, string[]> {
  const file = path.join(ROOT, 'typings/api.d.ts');
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  let api: ts.InterfaceDeclaration | undefined;
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'CloudApi') api = node;
  });
  const type = checker.getTypeAtLocation(api!);
  const result: Record<string, string[]> = {};
  for (const fn of type.getProperties()) {
    const fnType = checker.getTypeOfSymbolAtLocation(fn, api!);
    result[fn.name] = fnType.getProperties().map((p) => p.name);
  }
  return result;
}

const WRITES = /add|update|set|remove|delete|modify|insert|commit|transaction/i;

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  await loadDemoIntoEmptyStore(t.local, t.dataDir, new Date());
}, 120_000);
afterAll(() => t.stop());

function writesSoFar(): number {
  let n = 0;
  for (const [action, count] of t.local.adminRequests) if (WRITES.test(action)) n += count;
  return n;
}

async function call(fn: string, event: unknown): Promise<any> {
  const openid = fn === 'customer' ? CUSTOMER_OPENID : ADMIN_OPENID;
  const outcome = await t.local.functions.invoke(fn, event, {
    OPENID: openid,
    SOURCE: 'wx_client',
  });
  if ('errCode' in outcome) throw new Error(`${fn}: ${outcome.errMsg}`);
  return outcome.result;
}

const actions = declaredActions();
const cases = Object.entries(actions).flatMap(([fn, names]) =>
  names.map((name) => [fn, name] as const),
);

it('the contract declares the functions and their actions', () => {
  expect(Object.keys(actions).sort()).toEqual(['admin', 'auth', 'customer', 'employee']);
  expect(cases.length).toBeGreaterThan(50);
});

describe.each(cases)('%s.%s', (fn, name) => {
  it('refuses a 1 MB payload with a schema error and writes nothing', async () => {
    const before = writesSoFar();
    const answer = await call(fn, { action: name, junk: 'x'.repeat(1024 * 1024) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(answer.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(writesSoFar()).toBe(before);
  });

  it('refuses forged points, amounts and owners, and writes nothing', async () => {
    const before = writesSoFar();
    const answer = await call(fn, {
      action: name,
      employeeId: 'someone-else',
      points: 999_999,
      amount: 1e9,
      balance: 1e9,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(writesSoFar()).toBe(before);
  });
});

it('refuses events that are not objects, for every function, and writes nothing', async () => {
  const before = writesSoFar();
  for (const fn of ['employee', 'admin', 'customer', 'auth']) {
    for (const event of [null, 'tasks.list', 42, ['action'], { action: 42 }]) {
      const answer = await call(fn, event);
      expect([fn, answer.ok]).toEqual([fn, false]);
      expect(['INVALID_INPUT', 'UNKNOWN_ACTION']).toContain(answer.error.code);
    }
  }
  expect(writesSoFar()).toBe(before);
});
