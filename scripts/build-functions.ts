/**
 * Bundles each cloud function (its own code plus `_shared`) into
 * `build/cloudfunctions/<name>/index.js`, the folder DevTools and the CloudBase CLI deploy.
 * `wx-server-sdk` stays external: CloudBase installs it from the generated package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..');
const sourceDir = path.join(root, 'cloudfunctions');
export const FUNCTIONS_OUT_DIR = path.join(root, 'build', 'cloudfunctions');

/** Names of the deployable functions: every folder of cloudfunctions/ except `_shared`. */
export function functionNames(): string[] {
  return fs
    .readdirSync(sourceDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .map((d) => d.name);
}

/** Builds every function; returns the output folder. */
export async function buildFunctions(outDir = FUNCTIONS_OUT_DIR): Promise<string> {
  const sdkVersion = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    .dependencies['wx-server-sdk'];
  await Promise.all(
    functionNames().map(async (name) => {
      const out = path.join(outDir, name);
      await build({
        entryPoints: [path.join(sourceDir, name, 'index.ts')],
        outfile: path.join(out, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        legalComments: 'none',
        logLevel: 'warning',
      });
      const manifest = {
        name,
        version: '1.0.0',
        private: true,
        main: 'index.js',
        dependencies: { 'wx-server-sdk': sdkVersion },
      };
      fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
      const config = path.join(sourceDir, name, 'config.json');
      if (fs.existsSync(config)) fs.copyFileSync(config, path.join(out, 'config.json'));
    }),
  );
  return outDir;
}

if (require.main === module) {
  buildFunctions().then(
    (dir) => console.log(`built ${functionNames().join(', ')} -> ${path.relative(root, dir)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
