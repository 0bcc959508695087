/**
 * Runs before each mini-program test file:
 * - brings the generated npm folder and echarts bundle up to date (a no-op taking ~0.1 s
 *   when nothing changed): pages load tdesign from miniprogram/miniprogram_npm, as the
 *   runtime does, because simulate's template compiler skips node_modules;
 * - installs the fake world around the mini-program (./support/world.ts).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { world } from './support/world';

const root = path.resolve(__dirname, '../..');
execFileSync(process.execPath, [path.join(root, 'scripts/build-miniprogram.mjs')], {
  stdio: 'pipe',
});

world();
