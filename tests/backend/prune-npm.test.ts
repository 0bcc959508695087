/**
 * scripts/prune-npm.cjs: miniprogram_npm keeps what the pages can load and nothing else, so the
 * main package's size is what ships (issue 12: main <= 1.2 MB). A made-up package shows each
 * kind of reference being followed; the real build shows every page's component is there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageSizes } from '../../scripts/package-sizes';

const { prunePackage, usedPackageComponents } = require('../../scripts/prune-npm.cjs');

const ROOT = path.resolve(__dirname, '../..');

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
}

it('follows usingComponents, imports, requires, wxs, wxml imports and wxss @import; drops the rest', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prune-'));
  const npm = path.join(root, 'miniprogram_npm');
  const lib = path.join(npm, 'lib');
  write(lib, {
    'button/button.js': "import { a } from '../common/a';\nconst b = require('../common/b.js');",
    'button/button.json': JSON.stringify({
      component: true,
      usingComponents: { 't-icon': '../icon/icon' },
    }),
    'button/button.wxml':
      '<wxs src="../common/utils.wxs" module="_" /><import src="../common/tpl.wxml" />',
    'button/button.wxss': "@import '../common/style.wxss';",
    'icon/icon.js': "export * from '../common/c';",
    'icon/icon.json': '{"component": true}',
    'icon/icon.wxml': '<view />',
    'icon/icon.wxss': '',
    'common/a.js': "import dayjs from 'dayjs';",
    'common/b.js': '',
    'common/c.js': '',
    'common/utils.wxs': "var d = require('./d.wxs');",
    'common/d.wxs': '',
    'common/tpl.wxml': '',
    'common/style.wxss': '',
    'miniprogram_npm/dayjs/index.js': '',
    'calendar/calendar.js': 'x'.repeat(100),
    'calendar/calendar.wxml': 'x'.repeat(20),
    'common/unused.js': 'x'.repeat(30),
  });
  const { removed } = prunePackage(npm, lib, ['lib/button/button']);
  const left = (fs.readdirSync(lib, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(lib, f)).isFile())
    .sort();
  expect(left).toEqual([
    'button/button.js',
    'button/button.json',
    'button/button.wxml',
    'button/button.wxss',
    'common/a.js',
    'common/b.js',
    'common/c.js',
    'common/d.wxs',
    'common/style.wxss',
    'common/tpl.wxml',
    'common/utils.wxs',
    'icon/icon.js',
    'icon/icon.json',
    'icon/icon.wxml',
    'icon/icon.wxss',
    'miniprogram_npm/dayjs/index.js',
  ]);
  expect(removed).toBe(150);
  expect(fs.existsSync(path.join(lib, 'calendar'))).toBe(false);
});

it('the built miniprogram_npm has every component a page names, and the main package is within 1.2 MB', () => {
  const npm = path.join(ROOT, 'miniprogram', 'miniprogram_npm');
  const used: string[] = usedPackageComponents(path.join(ROOT, 'miniprogram')).filter((c: string) =>
    c.startsWith('tdesign-miniprogram/'),
  );
  expect(used.length).toBeGreaterThan(5);
  for (const component of used) {
    for (const ext of ['.js', '.json', '.wxml']) {
      expect([component + ext, fs.existsSync(path.join(npm, component + ext))]).toEqual([
        component + ext,
        true,
      ]);
    }
  }
  const main = packageSizes(ROOT).find((p) => p.name === 'main')!;
  expect(main.bytes).toBeLessThanOrEqual(1.2 * 1024 * 1024);
});
