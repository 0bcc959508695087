/**
 * The README's flow, end to end: `npm start` seeds the demo into an empty folder, a plain
 * script with the real wx-server-sdk reads the demo tasks, the mini-program's transport reaches
 * the employee function, and Ctrl-C stops cleanly.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, ROOT, startLocalCloudProcess, type LocalCloudProcess } from '../support/process';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
let started: LocalCloudProcess;
let port: number;

beforeAll(async () => {
  port = await freePort();
  started = await startLocalCloudProcess({
    LOCAL_CLOUD_DATA: dataDir,
    LOCAL_CLOUD_PORT: String(port),
  });
});
afterAll(() => {
  started?.child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('seeds the demo into an empty folder and prints where everything is', () => {
  const out = started.output();
  expect(out).toContain('seeded the demo enterprise');
  expect(out).toContain(`http://127.0.0.1:${port}/admin`);
  expect(out).toContain(`http://127.0.0.1:${port}/functions/<name>/invoke`);
});

it('a plain wx-server-sdk script reads the demo tasks in every status', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/read-demo-tasks.ts', `http://127.0.0.1:${port}/admin`],
    {
      cwd: ROOT,
      env: { ...process.env },
    },
  );
  for (const label of ['未开始', '进行中', '已结束', '已取消', '草稿'])
    expect(stdout).toContain(label);
  expect(stdout).toMatch(/\d+ tasks read from/);
});

it("the mini-program's local transport reaches the employee function as the demo admin", async () => {
  const res = await fetch(`http://127.0.0.1:${port}/functions/employee/invoke`, {
    method: 'POST',
    body: JSON.stringify({
      event: { action: 'tasks.list', status: 'active' },
      wxContext: { OPENID: 'demo-openid-zhangwei', SOURCE: 'wx_devtools' },
    }),
  });
  const { result } = (await res.json()) as {
    result: { ok: boolean; data: { items: { title: string; status: string }[] } };
  };
  expect(result.ok).toBe(true);
  expect(result.data.items.length).toBeGreaterThan(0);
  expect(result.data.items.every((i) => i.status === 'active')).toBe(true);
});

it('stops cleanly on Ctrl-C and keeps its data for the next start (no second seeding)', async () => {
  started.child.kill('SIGINT');
  expect(await started.exited).toBe(0);
  expect(started.output()).toContain('stopped');
  started = await startLocalCloudProcess({
    LOCAL_CLOUD_DATA: dataDir,
    LOCAL_CLOUD_PORT: String(port),
  });
  expect(started.output()).not.toContain('seeded the demo enterprise');
  const status = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as {
    collections: Record<string, number>;
  };
  expect(status.collections.tasks).toBeGreaterThan(5);
  expect(status.collections.events).toBeGreaterThan(1000);
});
