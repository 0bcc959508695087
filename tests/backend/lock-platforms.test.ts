/**
 * The lock installs on every platform people develop on (docs/decisions.md, "The lock"):
 * scripts/check-lock-platforms.ts passes on the committed package-lock.json and, when a binding
 * entry is removed by hand, fails naming the package and the platform.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingBindings, type Lock } from '../../scripts/check-lock-platforms';

const ROOT = path.resolve(__dirname, '../..');
const lock = (): Lock => JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

function without(entry: string): Lock {
  const copy = lock();
  expect(copy.packages[entry]).toBeDefined();
  delete copy.packages[entry];
  return copy;
}

it('the committed lock lists the bindings of linux-x64, darwin-arm64, darwin-x64 and win32-x64', () => {
  expect(missingBindings(lock())).toEqual([]);
  // The families that matter: jest's resolver, swc, esbuild.
  const names = Object.keys(lock().packages);
  for (const binding of [
    'node_modules/@swc/core-darwin-arm64',
    'node_modules/@swc/core-win32-x64-msvc',
    'node_modules/@unrs/resolver-binding-darwin-x64',
    'node_modules/@unrs/resolver-binding-win32-x64-msvc',
    'node_modules/@esbuild/darwin-arm64',
  ])
    expect(names).toContain(binding);
});

it('a binding removed by hand is named with its package and platform', () => {
  expect(missingBindings(without('node_modules/@swc/core-darwin-arm64'))).toEqual([
    '@swc/core: no binding for darwin-arm64',
    '@swc/core: optional dependency @swc/core-darwin-arm64 is not in the lock',
  ]);
  expect(missingBindings(without('node_modules/@unrs/resolver-binding-win32-x64-msvc'))).toContain(
    'unrs-resolver: no binding for win32-x64',
  );
});

it('a single-platform optional package (like fsevents) is not required everywhere', () => {
  const onlyMac: Lock = {
    packages: {
      '': { optionalDependencies: { fsevents: '^2.3.3' } },
      'node_modules/fsevents': { version: '2.3.3', os: ['darwin'] },
    },
  };
  expect(missingBindings(onlyMac)).toEqual([]);
});

it('the command exits 1 with a clear message for a lock missing a binding', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-check-'));
  const file = path.join(dir, 'package-lock.json');
  fs.writeFileSync(file, JSON.stringify(without('node_modules/@esbuild/win32-x64')));
  let output = '';
  let status = 0;
  try {
    execFileSync(
      process.execPath,
      [require.resolve('tsx/cli'), 'scripts/check-lock-platforms.ts', file],
      {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      },
    );
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    status = failed.status;
    output = failed.stderr;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(status).toBe(1);
  expect(output).toContain('lacks native bindings');
  expect(output).toContain('esbuild: no binding for win32-x64');
});
