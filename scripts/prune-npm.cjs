/**
 * Keeps in miniprogram_npm only what the mini-program can load: starting from every
 * `tdesign-miniprogram/...` component the app's and pages' JSON files name, it follows each
 * file's references (usingComponents, JS/WXS import and require, WXML wxs/import/include, WXSS
 * @import) and deletes every file none reaches. The main package then holds what ships (what
 * DevTools' ignoreUploadUnusedFiles would upload), and its size says so. CommonJS, so that both
 * the ESM build script and the tests load it.
 */
const fs = require('node:fs');
const path = require('node:path');

const COMPONENT_FILES = ['.js', '.json', '.wxml', '.wxss'];

/** Every `usingComponents` value of the mini-program's own JSON files (not miniprogram_npm). */
function usedPackageComponents(miniprogramRoot) {
  const used = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'miniprogram_npm' && entry.name !== 'node_modules') walk(p);
      } else if (entry.name.endsWith('.json')) {
        const json = readJson(p);
        for (const value of Object.values(json?.usingComponents ?? {})) {
          if (typeof value === 'string' && !value.startsWith('.') && !value.startsWith('/'))
            used.add(value);
        }
      }
    }
  };
  walk(miniprogramRoot);
  return [...used].sort();
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The files a file refers to (relative specifiers, resolved; bare ones through miniprogram_npm). */
function referencesOf(file, npmDir) {
  const text = fs.readFileSync(file, 'utf8');
  const ext = path.extname(file);
  const dir = path.dirname(file);
  const found = [];
  const add = (specifier, kinds) => {
    for (const target of resolve(dir, specifier, kinds, npmDir)) found.push(target);
  };
  if (ext === '.json') {
    for (const value of Object.values(readJson(file)?.usingComponents ?? {}))
      if (typeof value === 'string') add(value, COMPONENT_FILES);
  } else if (ext === '.js' || ext === '.wxs') {
    const pattern = /(?:from\s*|import\s*|require\s*\(\s*|export\s*\*\s*from\s*)['"]([^'"]+)['"]/g;
    for (const [, specifier] of text.matchAll(pattern)) add(specifier, ['.js', '.wxs']);
  } else if (ext === '.wxml') {
    for (const [, specifier] of text.matchAll(
      /<(?:wxs|import|include)[^>]*\bsrc\s*=\s*["']([^"']+)["']/g,
    ))
      add(specifier, ['.wxs', '.wxml']);
  } else if (ext === '.wxss') {
    for (const [, specifier] of text.matchAll(/@import\s+(?:url\()?\s*['"]([^'"]+)['"]/g))
      add(specifier, ['.wxss']);
  }
  return found;
}

/** The existing files a specifier names: itself, with an extension, or a folder's index. */
function resolve(dir, specifier, extensions, npmDir) {
  let base;
  if (specifier.startsWith('.')) base = path.resolve(dir, specifier);
  else if (specifier.startsWith('/')) return [];
  else base = bareModule(dir, specifier, npmDir);
  if (!base) return [];
  const candidates = [
    base,
    ...extensions.map((e) => base + e),
    ...extensions.map((e) => path.join(base, `index${e}`)),
  ];
  const files = candidates.filter((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  // A component is its four files together.
  if (extensions === COMPONENT_FILES) return files;
  return files.slice(0, 1);
}

/** `tdesign-miniprogram/x/y` or a dependency's nested miniprogram_npm, nearest first. */
function bareModule(dir, specifier, npmDir) {
  for (let at = dir; at.startsWith(npmDir); at = path.dirname(at)) {
    const nested = path.join(at, 'miniprogram_npm', specifier);
    if (fs.existsSync(nested) || fs.existsSync(`${nested}.js`)) return nested;
    if (at === npmDir) break;
  }
  const top = path.join(npmDir, specifier);
  return fs.existsSync(top) || COMPONENT_FILES.some((e) => fs.existsSync(top + e)) ? top : null;
}

/**
 * Deletes what `components` (package component paths such as `tdesign-miniprogram/icon/icon`)
 * cannot reach inside `packageDir` (a folder of npmDir). Answers the bytes kept and removed.
 */
function prunePackage(npmDir, packageDir, components) {
  const reached = new Set();
  const queue = [];
  for (const component of components) {
    for (const file of resolve(npmDir, `./${component}`, COMPONENT_FILES, npmDir)) queue.push(file);
  }
  while (queue.length > 0) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const next of referencesOf(file, npmDir)) if (!reached.has(next)) queue.push(next);
  }
  let kept = 0;
  let removed = 0;
  const sweep = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        sweep(p);
        if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
      } else if (reached.has(p)) kept += fs.statSync(p).size;
      else {
        removed += fs.statSync(p).size;
        fs.rmSync(p);
      }
    }
  };
  sweep(packageDir);
  return { kept, removed };
}

module.exports = { prunePackage, usedPackageComponents };
