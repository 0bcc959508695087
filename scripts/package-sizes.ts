/**
 * The mini-program's package sizes as WeChat counts them at upload (TypeScript counted as its
 * source, declaration files and tsconfig left out): the main package with miniprogram_npm, and
 * each subpackage. `npm run bench` prints them; `npx tsx scripts/package-sizes.ts --check [root]`
 * (a CI step) fails when a package passes WeChat's 2 MB limit.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** WeChat refuses an upload whose main package or any subpackage passes this. */
export const PACKAGE_LIMIT_BYTES = 2048 * 1024;

function folderBytes(dir: string, skip: (p: string) => boolean): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    total += entry.isDirectory() ? folderBytes(p, skip) : fs.statSync(p).size;
  }
  return total;
}

/** `main` first, then each subpackage by folder name, in bytes. */
export function packageSizes(root = ROOT): { name: string; bytes: number }[] {
  const mp = path.join(root, 'miniprogram');
  const packages = path.join(mp, 'packages');
  const isSource = (p: string) => p.endsWith('.d.ts') || p.endsWith('tsconfig.json');
  const sizes = [
    { name: 'main', bytes: folderBytes(mp, (p) => p.startsWith(packages) || isSource(p)) },
  ];
  for (const name of fs.existsSync(packages) ? fs.readdirSync(packages).sort() : [])
    sizes.push({ name, bytes: folderBytes(path.join(packages, name), isSource) });
  return sizes;
}

/** `--check [root]`: prints the sizes; exits 1 naming each package over the limit. */
function check(root: string): void {
  const sizes = packageSizes(root);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const over = sizes.filter((s) => s.bytes > PACKAGE_LIMIT_BYTES);
  for (const s of sizes) console.log(`  ${s.name.padEnd(10)} ${kb(s.bytes).padStart(8)}`);
  if (over.length > 0) {
    console.error(
      `over WeChat's ${kb(PACKAGE_LIMIT_BYTES)} per package: ${over.map((s) => `${s.name} ${kb(s.bytes)}`).join(', ')}`,
    );
    process.exit(1);
  }
}

if (require.main === module && process.argv[2] === '--check')
  check(path.resolve(process.argv[3] ?? ROOT));
