/**
 * The package size guard (scripts/package-sizes.ts, a CI step): WeChat refuses an upload whose
 * main package or a subpackage passes 2 MB, so CI fails first and names the package.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_LIMIT_BYTES, packageSizes } from '../../scripts/package-sizes';

const ROOT = path.resolve(__dirname, '../..');

function tree(files: Record<string, number>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'package-sizes-'));
  for (const [file, bytes] of Object.entries(files)) {
    const full = path.join(root, 'miniprogram', file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, Buffer.alloc(bytes, 97));
  }
  return root;
}

function run(root: string): { status: number; output: string } {
  try {
    const stdout = execFileSync(
      process.execPath,
      [require.resolve('tsx/cli'), 'scripts/package-sizes.ts', '--check', root],
      { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' },
    );
    return { status: 0, output: stdout };
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    return { status: failed.status, output: failed.stderr };
  }
}

it('counts the main package apart from the subpackages, and leaves declarations out', () => {
  const root = tree({
    'app.js': 1000,
    'typings.d.ts': 5000,
    'packages/points/pages/a.js': 300,
    'packages/points/tsconfig.json': 400,
  });
  expect(packageSizes(root)).toEqual([
    { name: 'main', bytes: 1000 },
    { name: 'points', bytes: 300 },
  ]);
  fs.rmSync(root, { recursive: true, force: true });
});

it('the check passes under 2 MB and fails naming the package over it', () => {
  const small = tree({ 'app.js': 1000, 'packages/charts/echarts.js': 1000 });
  expect(run(small).status).toBe(0);
  const big = tree({ 'app.js': 1000, 'packages/charts/echarts.js': PACKAGE_LIMIT_BYTES + 1 });
  const outcome = run(big);
  expect(outcome.status).toBe(1);
  expect(outcome.output).toContain('charts 2048 KB');
  for (const root of [small, big]) fs.rmSync(root, { recursive: true, force: true });
});

it('the mini-program as built is inside the limit', () => {
  for (const { name, bytes } of packageSizes(ROOT))
    expect({ name, fits: bytes <= PACKAGE_LIMIT_BYTES }).toEqual({ name, fits: true });
});
