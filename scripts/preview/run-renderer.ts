/**
 * Starts the renderer (./render-shots.jest.ts) in jest, in this process, with the
 * mini-program test project's own configuration (jsdom, transforms, module directories,
 * tests/miniprogram/setup.ts): pages load exactly as in the tests. In-band, so the renderer
 * shares this process's event loop with the bridge and the browser; silent, because every
 * shot reports through the bridge and failures come back as results.
 */
import path from 'node:path';
import { runCLI } from 'jest';
import { rendererEnvVars, type RendererEnv } from './renderer-env';

const ROOT = path.resolve(__dirname, '../..');

/** A shot whose test failed, with jest's message. */
export interface RenderFailure {
  id: string;
  message: string;
}

function miniprogramProject(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, 'jest.config.js')) as {
    projects: Array<Record<string, unknown>>;
  };
  const project = config.projects.find((p) => p.displayName === 'miniprogram');
  if (!project) throw new Error('jest.config.js has no `miniprogram` project to render pages with');
  return project;
}

/** Renders the shots `env.shotIds` names; resolves with the ones that failed. */
export async function renderShots(env: RendererEnv): Promise<RenderFailure[]> {
  Object.assign(process.env, rendererEnvVars(env));
  const config = {
    ...miniprogramProject(),
    displayName: 'preview',
    rootDir: ROOT,
    roots: ['<rootDir>/scripts/preview'],
    testMatch: ['**/render-shots.jest.ts'],
    testTimeout: 120_000,
  };
  const { results } = await runCLI(
    {
      _: [],
      $0: 'preview',
      config: JSON.stringify(config),
      runInBand: true,
      silent: true,
      reporters: [],
      watchman: false,
    },
    [ROOT],
  );
  const failures: RenderFailure[] = [];
  for (const file of results.testResults) {
    if (file.testExecError)
      failures.push({ id: '(renderer)', message: file.testExecError.message });
    if (file.failureMessage && !file.testResults.length) {
      failures.push({ id: '(renderer)', message: file.failureMessage });
    }
    for (const test of file.testResults) {
      if (test.status === 'failed') {
        failures.push({ id: test.title, message: test.failureMessages.join('\n') });
      }
    }
  }
  return failures;
}
