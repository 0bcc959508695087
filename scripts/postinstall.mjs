/**
 * Runs after every `npm install`: (re)builds the mini-program's npm folder and echarts bundle
 * (see build-miniprogram.mjs; it is a no-op when nothing changed).
 *
 * An install without dev dependencies (`--omit=dev`, e.g. on a deploy machine) has no
 * esbuild and no use for the mini-program build, so it is skipped there instead of failing
 * the install.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function hasEsbuild() {
  try {
    require.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

if (hasEsbuild()) {
  const { buildMiniprogram } = await import('./build-miniprogram.mjs');
  await buildMiniprogram();
} else {
  console.log(
    'postinstall: esbuild is not installed (dev dependencies omitted); mini-program build skipped',
  );
}
