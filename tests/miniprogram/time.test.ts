/**
 * Task times are shown in Asia/Shanghai whatever the machine's time zone (PRODUCT: every
 * time is Asia/Shanghai; ARCHITECTURE §4: tests pass under TZ=UTC too).
 *
 * Jest's sandbox cannot change the time zone of its own process, so the formatting runs in
 * a child Node process per zone, compiled from the same source the app ships.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from './support/render';

const timeSource = path.join(MINIPROGRAM_ROOT, 'utils/time.ts');

/** Runs `expression` (with `time` = the utils/time module) in a process whose TZ is `zone`. */
function evaluateInZone(zone: string, expression: string): unknown {
  const script = `
    const { transformSync } = require('esbuild');
    const Module = require('node:module');
    const file = ${JSON.stringify(timeSource)};
    const { code } = transformSync(require('node:fs').readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs' });
    const time = new Module(file);
    time._compile(code, file);
    process.stdout.write(JSON.stringify((${expression})(time.exports)));
  `;
  const output = execFileSync(process.execPath, ['-e', script], {
    cwd: path.resolve(MINIPROGRAM_ROOT, '..'),
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

const ZONES = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'];

test('the zones really differ for the process (so the next test proves something)', () => {
  const localHours = ZONES.map((zone) =>
    evaluateInZone(zone, `() => new Date('2024-11-20T01:00:00.000Z').getHours()`),
  );
  expect(new Set(localHours).size).toBe(ZONES.length);
});

test.each(ZONES)('the task range reads in Shanghai time when the process runs in %s', (zone) => {
  expect(
    evaluateInZone(
      zone,
      `(time) => time.formatTimeRange('2024-11-20T01:00:00.000Z', '2024-11-30T10:00:00.000Z')`,
    ),
  ).toBe('11月20日 09:00 - 11月30日 18:00');
});

test('the day changes at Shanghai midnight, not at UTC midnight', () => {
  expect(
    evaluateInZone(
      'UTC',
      `(time) => ['2024-12-31T15:59:00.000Z', '2024-12-31T16:00:00.000Z', '2024-12-31T16:00:00+08:00'].map(time.formatShanghaiDateTime)`,
    ),
  ).toEqual(['12月31日 23:59', '1月1日 00:00', '12月31日 16:00']);
});

test('an unreadable date shows nothing rather than NaN', () => {
  expect(evaluateInZone('UTC', `(time) => time.formatShanghaiDateTime('not a date')`)).toBe('');
});
