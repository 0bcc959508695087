/**
 * Builds what the mini-program needs from node_modules, without DevTools' "构建 npm"
 * (project.config.json sets packNpmManually):
 *
 *   miniprogram/miniprogram_npm/tdesign-miniprogram/   tdesign's miniprogram_dist, as published
 *   miniprogram/miniprogram_npm/echarts-for-weixin/    the ec-canvas component
 *   miniprogram/packages/charts/lib/echarts.js         echarts tree-shaken to what our charts use
 *
 * All three are generated (gitignored). The build is skipped when a stamp says the inputs
 * (package versions + this script) have not changed, so it is cheap on every `npm install`;
 * `--force` rebuilds anyway. Concurrent runs (parallel test workers) take turns through a
 * lock, and each output is written beside its target and renamed in, so nobody ever reads
 * a half-copied folder. The stamp is written last: an interrupted build is redone.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const npmDir = path.join(root, 'miniprogram', 'miniprogram_npm');
const echartsOut = path.join(root, 'miniprogram', 'packages', 'charts', 'lib', 'echarts.js');
const stampFile = path.join(npmDir, '.build-stamp.json');

/**
 * Only what `packages/charts` draws. Adding a chart type means adding it here; the stamp
 * includes this file's hash, so the next install rebuilds.
 */
const ECHARTS_ENTRY = `
import * as echarts from 'echarts/core';
import { LineChart, BarChart, PieChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart, BarChart, PieChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent,
  CanvasRenderer,
]);

export * from 'echarts/core';
`;

/** Declaration files and source maps are never loaded by the mini-program runtime. */
const isRuntimeFile = (file) => !file.endsWith('.d.ts') && !file.endsWith('.map');

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')).version;
}

function inputsKey() {
  const script = fs.readFileSync(fileURLToPath(import.meta.url));
  return {
    tdesign: packageVersion('tdesign-miniprogram'),
    echartsForWeixin: packageVersion('echarts-for-weixin'),
    echarts: packageVersion('echarts'),
    esbuild: packageVersion('esbuild'),
    script: createHash('sha256').update(script).digest('hex').slice(0, 16),
  };
}

function isUpToDate(key) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return (
      JSON.stringify(stamp) === JSON.stringify(key) &&
      fs.existsSync(path.join(npmDir, 'tdesign-miniprogram')) &&
      fs.existsSync(path.join(npmDir, 'echarts-for-weixin')) &&
      fs.existsSync(echartsOut)
    );
  } catch {
    return false;
  }
}

const tempSuffix = `.tmp-${process.pid}`;
const lockDir = path.join(npmDir, '.build.lock');
const STALE_LOCK_MS = 120_000;

/**
 * One build at a time (parallel test workers may all find the output missing): mkdir is
 * atomic, so whoever creates the lock builds and the others wait, then find it up to date.
 * A lock left by a killed build is taken over once it is old.
 */
async function acquireLock() {
  fs.mkdirSync(npmDir, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age =
        Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Replaces `target` (a file or folder) with the fully written `staged` one. */
function swapIn(staged, target) {
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staged, target);
}

function copyPackageDist(from, to) {
  const staged = to + tempSuffix;
  fs.rmSync(staged, { recursive: true, force: true });
  fs.cpSync(from, staged, { recursive: true, filter: isRuntimeFile });
  swapIn(staged, to);
}

async function bundleEcharts() {
  const { build } = await import('esbuild');
  const staged = echartsOut + tempSuffix;
  fs.mkdirSync(path.dirname(echartsOut), { recursive: true });
  await build({
    stdin: { contents: ECHARTS_ENTRY, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2015',
    minify: true,
    legalComments: 'none',
    outfile: staged,
    logLevel: 'warning',
  });
  swapIn(staged, echartsOut);
}

function sizeOf(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return { bytes: stat.size, files: 1 };
  let bytes = 0;
  let files = 0;
  for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    files += 1;
  }
  return { bytes, files };
}

function report(upToDate) {
  const outputs = [
    path.join(npmDir, 'tdesign-miniprogram'),
    path.join(npmDir, 'echarts-for-weixin'),
    echartsOut,
  ];
  console.log(`build-miniprogram: ${upToDate ? 'up to date' : 'built'}`);
  for (const output of outputs) {
    const { bytes, files } = sizeOf(output);
    const kib = (bytes / 1024).toFixed(1).padStart(8);
    console.log(`  ${kib} KiB  ${String(files).padStart(4)} files  ${path.relative(root, output)}`);
  }
}

/**
 * Builds miniprogram_npm and the echarts bundle unless they are already up to date.
 * @param {{ force?: boolean }} [options] force: rebuild even when the stamp matches.
 */
export async function buildMiniprogram({ force = false } = {}) {
  const key = inputsKey();
  if (!force && isUpToDate(key)) {
    report(true);
    return;
  }
  const release = await acquireLock();
  try {
    // Another build may have finished while this one waited for the lock.
    if (!force && isUpToDate(key)) {
      report(true);
      return;
    }
    await buildAll(key);
  } finally {
    release();
  }
}

async function buildAll(key) {
  fs.rmSync(stampFile, { force: true });
  copyPackageDist(
    path.join(packageDir('tdesign-miniprogram'), 'miniprogram_dist'),
    path.join(npmDir, 'tdesign-miniprogram'),
  );
  copyPackageDist(
    path.join(packageDir('echarts-for-weixin'), 'miniprogram_dist'),
    path.join(npmDir, 'echarts-for-weixin'),
  );
  await bundleEcharts();
  fs.writeFileSync(stampFile, JSON.stringify(key, null, 2) + '\n');
  report(false);
}

const runDirectly =
  process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) await buildMiniprogram({ force: process.argv.includes('--force') });
