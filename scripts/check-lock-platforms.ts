/**
 * `npx tsx scripts/check-lock-platforms.ts [package-lock.json]`: checks that the lock lists the
 * native binding of every package that ships them for each platform people develop on
 * (docs/decisions.md, "The lock"): Linux x64 (glibc), macOS arm64 and x64, Windows x64. npm
 * installs an optional platform package only if the lock names it, so a lock written on Linux
 * without the others leaves jest and swc without their binary on a Mac or a PC.
 *
 * A package "ships bindings" when its optional dependencies include platform packages (with
 * `os`/`cpu`) for at least two operating systems, or platform packages and optional dependencies
 * the lock does not list at all (what an npm that dropped the other platforms leaves);
 * single-platform extras such as `fsevents` (macOS only) are not bindings every platform needs.
 * Exits 1 naming each missing one.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Platform {
  os: string;
  cpu: string;
  /** Linux only: the C library the developer's machine has. */
  libc?: string;
}

export const REQUIRED_PLATFORMS: Platform[] = [
  { os: 'linux', cpu: 'x64', libc: 'glibc' },
  { os: 'darwin', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'win32', cpu: 'x64' },
];

interface LockEntry {
  version?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

export interface Lock {
  packages: Record<string, LockEntry>;
}

export const platformName = (p: Platform): string => `${p.os}-${p.cpu}`;

/** Whether a platform field (`os`, `cpu`, `libc`) allows `value` (npm's `!value` negations too). */
function allows(field: string[] | undefined, value: string | undefined): boolean {
  if (!field || field.length === 0 || value === undefined) return true;
  if (field.includes(`!${value}`)) return false;
  const positive = field.filter((v) => !v.startsWith('!'));
  return positive.length === 0 || positive.includes(value);
}

function runsOn(entry: LockEntry, platform: Platform): boolean {
  return (
    allows(entry.os, platform.os) &&
    allows(entry.cpu, platform.cpu) &&
    allows(entry.libc, platform.libc)
  );
}

/** The lock entry npm would install for dependency `name` of the package at `parentPath`. */
function resolve(lock: Lock, parentPath: string, name: string): [string, LockEntry] | null {
  // Node's lookup: nested under the parent first, then each ancestor's node_modules, then the root.
  let dir = parentPath;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return [candidate, lock.packages[candidate]];
    if (!dir) return null;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut >= 0 ? dir.slice(0, cut) : '';
  }
}

/** What is missing: one line per package and platform (or optional dependency absent). */
export function missingBindings(lock: Lock, platforms: Platform[] = REQUIRED_PLATFORMS): string[] {
  const problems: string[] = [];
  for (const [pkgPath, entry] of Object.entries(lock.packages)) {
    const optional = Object.keys(entry.optionalDependencies ?? {});
    if (optional.length === 0) continue;
    const found = optional.map((name) => ({ name, resolved: resolve(lock, pkgPath, name) }));
    const bindings = found.filter((f) => f.resolved && (f.resolved[1].os || f.resolved[1].cpu));
    const absentOnes = found.filter((f) => !f.resolved);
    const systems = new Set(bindings.flatMap((b) => b.resolved![1].os ?? []));
    // A binding family: platform packages for several systems, or some of them gone from the lock.
    if (bindings.length === 0 || (systems.size < 2 && absentOnes.length === 0)) continue;
    const label = pkgPath ? pkgPath.replace(/^.*node_modules\//, '') : '(root)';
    for (const absent of absentOnes)
      problems.push(`${label}: optional dependency ${absent.name} is not in the lock`);
    for (const platform of platforms) {
      if (!bindings.some((b) => runsOn(b.resolved![1], platform)))
        problems.push(`${label}: no binding for ${platformName(platform)}`);
    }
  }
  return [...new Set(problems)].sort();
}

function main(): void {
  const file = path.resolve(process.argv[2] ?? 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as Lock;
  const problems = missingBindings(lock);
  if (problems.length > 0) {
    console.error(
      `${path.basename(file)} lacks native bindings that npm would need on ${REQUIRED_PLATFORMS.map(platformName).join(', ')}:`,
    );
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error(
      'Run `npm install` with npm 11.11 or later (without --omit=optional) and commit the lock npm writes.',
    );
    process.exit(1);
  }
  console.log(
    `${path.basename(file)}: native bindings present for ${REQUIRED_PLATFORMS.map(platformName).join(', ')}`,
  );
}

if (require.main === module) main();
