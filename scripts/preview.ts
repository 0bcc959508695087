/**
 * `npm run preview`: every page of the mini-program in each of its states, rendered with
 * miniprogram-simulate exactly as the tests render it, photographed in headless Chromium at
 * 375 px wide and device scale 2, into previews/ (PNG + the HTML that was photographed) with
 * previews/index.html showing them side by side. The README's key pages are refreshed in
 * docs/previews/. How it works: docs/previews.md.
 *
 *   npm run preview                     every shot
 *   npm run preview -- --only tasks     one page's shots, or shots whose id starts so (repeatable)
 *   npm run preview -- --readme         only the README's shots
 *   npm run preview -- --list           list the shots and exit
 *
 * Nothing leaves the machine: the backend is a local cloud started in this process, and the
 * browser refuses every request that is not inline data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startBridge, summarizeCalls } from './preview/bridge';
import { Camera } from './preview/browser';
import { startDemoCloud } from './preview/demo-cloud';
import { readReports, writeIndexPage, writeReports } from './preview/index-page';
import { existingAppPages, pageExists } from './preview/page-config';
import { missingPrerequisites } from './preview/prerequisites';
import { renderShots } from './preview/run-renderer';
import { allShots, PAGES, readmeShots, type Shot } from './preview/shots';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'previews');
const README_DIR = path.join(ROOT, 'docs', 'previews');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Options {
  only: string[];
  readme: boolean;
  list: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = { only: [], readme: false, list: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--readme') options.readme = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--only' && args[i + 1]) options.only.push(args[(i += 1)]);
    else if (arg.startsWith('--only=')) options.only.push(arg.slice('--only='.length));
    else throw new Error(`unknown argument ${arg} (use --only <text>, --readme, --list)`);
  }
  return options;
}

function selectShots(options: Options): Shot[] {
  // The registry may list a page before its files exist; it is shot once they do.
  const shots = (options.readme ? readmeShots() : allShots()).filter((shot) =>
    pageExists(shot.page.path),
  );
  return options.only.length
    ? shots.filter((shot) =>
        options.only.some((text) => shot.page.name === text || shot.id.startsWith(text)),
      )
    : shots;
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const shots = selectShots(options);
  if (options.list) {
    for (const shot of shots) console.log(`${shot.id.padEnd(28)} ${shot.note}`);
    return 0;
  }
  if (!shots.length) {
    console.error('no shot matches; `npm run preview -- --list` lists them');
    return 1;
  }
  const unregistered = existingAppPages().filter((p) => !PAGES.some((page) => page.path === p));
  if (unregistered.length) {
    console.warn(
      `! pages with no preview yet (add them to scripts/preview/shots.ts): ${unregistered.join(', ')}`,
    );
  }
  const missing = missingPrerequisites();
  if (missing.length) {
    console.error(`npm run preview cannot run:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
    return 1;
  }

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const [cloud, camera] = await Promise.all([startDemoCloud(), Camera.start()]);
  if (cloud.staleFunctions) {
    console.warn(`! cloud functions did not build (${cloud.staleFunctions}): using the last build`);
  }
  const reports = readReports(OUT_DIR);
  const readmeFiles = new Map(readmeShots().map((shot) => [shot.id, shot.page.readme!.file]));
  const bridge = await startBridge({
    layout: (html, viewport) => camera.layout(html, viewport),
    async shot(id, html, screen, report) {
      const photoStarted = Date.now();
      const png = path.join(OUT_DIR, `${id}.png`);
      fs.writeFileSync(path.join(OUT_DIR, `${id}.html`), html);
      await camera.photograph(html, png, screen);
      const readmeFile = readmeFiles.get(id);
      if (readmeFile) {
        // The README shows the first screen, as a person opening the page sees it.
        fs.mkdirSync(README_DIR, { recursive: true });
        await camera.photograph(html, path.join(README_DIR, readmeFile), screen, {
          fullPage: false,
        });
      }
      const photoMs = Date.now() - photoStarted;
      reports[id] = { ...report, photoMs, takenAt: new Date().toISOString() };
      const notes = [
        `${report.layoutPasses} layout passes`,
        report.calls.length ? summarizeCalls(report.calls) : 'no backend call',
        ...(readmeFile ? [`README docs/previews/${readmeFile}`] : []),
      ];
      console.log(
        `${report.warnings.length ? '!' : '✓'} ${id.padEnd(26)} render ${seconds(report.renderMs)} · photo ${seconds(photoMs)} · ${notes.join(' · ')}`,
      );
      for (const warning of report.warnings) console.log(`    warning: ${warning}`);
      return path.relative(ROOT, png);
    },
  });

  let failures;
  try {
    failures = await renderShots({
      bridgeUrl: bridge.url,
      cloudUrl: cloud.url,
      openids: cloud.openids,
      shares: cloud.shares,
      shotIds: shots.map((shot) => shot.id),
    });
  } finally {
    await bridge.close();
    await camera.close();
    await cloud.stop();
  }

  writeReports(OUT_DIR, reports);
  const index = writeIndexPage(OUT_DIR, reports);
  for (const failure of failures) console.error(`✗ ${failure.id}\n${failure.message}`);
  if (camera.refused.size) {
    console.error(`refused requests leaving the machine: ${[...camera.refused].join(', ')}`);
  }
  console.log(
    `${shots.length - failures.length}/${shots.length} shots in ${seconds(Date.now() - started)} -> ${path.relative(ROOT, index)}`,
  );
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
