import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { FunctionSpec } from '../../../local/functions/host';

const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURE_FUNCTIONS_DIR = path.join(ROOT, 'build', 'test-functions');
const SOURCE = path.join(__dirname, '..', 'fixtures', 'functions');

/** Fixture functions that probe the host itself (context, timeouts, crashes, timers). */
export const FIXTURE_SPECS: FunctionSpec[] = [
  {
    name: 'probe',
    timeout: 2,
    memorySize: 64,
    triggers: [{ name: 'every-second', type: 'timer', config: '* * * * * * *' }],
  },
];

export async function buildFixtureFunctions(): Promise<void> {
  await Promise.all(
    fs.readdirSync(SOURCE).map((name) =>
      build({
        entryPoints: [path.join(SOURCE, name, 'index.ts')],
        outfile: path.join(FIXTURE_FUNCTIONS_DIR, name, 'index.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        external: ['wx-server-sdk'],
        logLevel: 'warning',
      }),
    ),
  );
}
