/**
 * The camera behind the bridge, as a process of its own: for the preview's test (jest's
 * jsdom cannot load playwright) and for poking at a captured document by hand.
 *
 *   tsx scripts/preview/camera-service.ts <out-dir>
 *
 * Prints one JSON line `{ "url": ... }` once listening; photos go to <out-dir>/<id>.png.
 * Stops on SIGTERM or when stdin closes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startBridge } from './bridge';
import { Camera } from './browser';

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? 'previews');
  fs.mkdirSync(outDir, { recursive: true });
  const camera = await Camera.start();
  const bridge = await startBridge({
    layout: (html, viewport) => camera.layout(html, viewport),
    async shot(id, html, screen) {
      const png = path.join(outDir, `${id}.png`);
      fs.writeFileSync(path.join(outDir, `${id}.html`), html);
      await camera.photograph(html, png, screen);
      if (camera.refused.size)
        throw new Error(`refused requests: ${[...camera.refused].join(', ')}`);
      return png;
    },
  });
  console.log(JSON.stringify({ url: bridge.url }));
  const stop = async () => {
    await bridge.close();
    await camera.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
