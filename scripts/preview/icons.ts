/// <reference lib="dom" />
/**
 * tdesign icons drawn from the icon set's SVGs. tdesign-miniprogram draws an icon as an
 * element with the class `t-icon-<name>` whose `:before` is a glyph of the `t` icon font,
 * loaded from a CDN this machine cannot (and a preview must not) reach. The same icons ship
 * as SVG files in the `tdesign-icons-svg` package; each icon element gets its SVG inlined,
 * sized 1em like the glyph and coloured by `currentColor`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let iconsDir: string | undefined;

/** Where `tdesign-icons-svg` keeps its SVG files (throws with the fix when not installed). */
export function iconSetDir(): string {
  if (!iconsDir) {
    try {
      // Node's own resolution (under jest, `require` is jest's, typed as the mini-program's).
      const resolve = createRequire(__filename).resolve;
      iconsDir = path.join(path.dirname(resolve('tdesign-icons-svg/package.json')), 'src');
    } catch {
      throw new Error('tdesign-icons-svg is missing: run `npm install` (it is a devDependency).');
    }
  }
  return iconsDir;
}

const svgCache = new Map<string, string | null>();

/**
 * The icon's SVG markup ready to inline, or null when the set has no such icon. The
 * package writes `view-box` where SVG needs `viewBox`; ids (repeated in every file) go.
 */
export function iconSvg(name: string): string | null {
  if (!/^[a-z0-9-]+$/i.test(name)) return null;
  if (!svgCache.has(name)) {
    const file = path.join(iconSetDir(), `${name}.svg`);
    const svg = fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .replace(/\sview-box=/g, ' viewBox=')
          .replace(/\s(?:id|class|width|height)="[^"]*"/g, '')
          .replace('<svg', '<svg class="pv-icon" width="1em" height="1em" aria-hidden="true"')
      : null;
    svgCache.set(name, svg);
  }
  return svgCache.get(name) ?? null;
}

/** simulate writes `<prefix>--<class>`; the class as the component wrote it. */
const unprefixed = (cls: string) => (cls.includes('--') ? cls.slice(cls.indexOf('--') + 2) : cls);

/** The icon an element draws: tdesign puts `t-icon-<name>` and `t-icon-base` on it. */
export function iconNameOf(element: Element): string | undefined {
  const classes = Array.from(element.classList, unprefixed);
  if (!classes.includes('t-icon-base')) return undefined;
  const name = classes.find((c) => c.startsWith('t-icon-') && c !== 't-icon-base');
  return name?.slice('t-icon-'.length);
}

/**
 * Inlines the SVG of every tdesign icon under `root` (a detached copy of the page). Returns
 * the names of icons the set does not have; those keep their (invisible) glyph.
 */
export function drawIcons(root: Element): string[] {
  const missing: string[] = [];
  for (const element of Array.from(root.querySelectorAll('[class*="t-icon-base"]'))) {
    const name = iconNameOf(element);
    if (!name) continue;
    const svg = iconSvg(name);
    if (!svg) {
      missing.push(name);
      continue;
    }
    element.setAttribute('data-pv-icon', name);
    element.innerHTML = svg;
  }
  return missing;
}
