/// <reference lib="dom" />
/**
 * The renderer: runs inside jest (started by scripts/preview/run-renderer.ts, with the
 * mini-program tests' environment: jsdom, tests/miniprogram/setup.ts, the same transforms),
 * takes each shot the command asked for and sends the captured document to the browser.
 * One test per shot, so one page failing does not stop the others.
 */
import { format } from 'node:util';
import { bridgeClient } from './bridge';
import { captureDocument } from './document';
import { openShot } from './open-shot';
import { readRendererEnv } from './renderer-env';
import { installPreviewRuntime } from './runtime';
import { allShots } from './shots';

const env = readRendererEnv();
if (!env) throw new Error('render-shots runs under `npm run preview`, which says what to shoot.');
const bridge = bridgeClient(env.bridgeUrl);
const shots = allShots().filter((shot) => env.shotIds.includes(shot.id));

const runtime = installPreviewRuntime((html) =>
  bridge.layout(html, { width: runtime.device.screenWidth, height: runtime.device.windowHeight }),
);

/**
 * What the page logged as an error while its shot was taken. jest runs silent, and
 * j-component swallows exceptions thrown in callbacks into console.error: a page that
 * broke would otherwise just look empty.
 */
const pageErrors: string[] = [];
beforeEach(() => {
  pageErrors.length = 0;
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    pageErrors.push(
      format(...args)
        .split('\n')[0]
        .slice(0, 300),
    );
  });
});
afterEach(() => jest.restoreAllMocks());

test.each(shots.map((shot) => [shot.id, shot] as const))('%s', async (_id, shot) => {
  const started = Date.now();
  const opened = await openShot(shot, runtime, env);
  try {
    const captured = captureDocument(opened.stage, 'photo');
    const warnings: string[] = [...new Set(pageErrors)].map((e) => `console.error: ${e}`);
    if (!opened.settled) warnings.push('the page was still changing after 10 s');
    if (captured.missingIcons.length)
      warnings.push(`icons not in the set: ${captured.missingIcons.join(', ')}`);
    if (runtime.layout.failure) warnings.push(`layout not measured: ${runtime.layout.failure}`);
    const screen = { width: runtime.device.screenWidth, height: runtime.device.screenHeight };
    await bridge.shot(shot.id, captured.html, screen, {
      renderMs: Date.now() - started,
      layoutPasses: runtime.layout.passes,
      settled: opened.settled,
      calls: opened.calls,
      warnings,
    });
  } finally {
    opened.close();
  }
});
