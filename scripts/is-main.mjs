/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was started
 * with. Both sides go through the file system's own spelling of the path, so a drive letter
 * typed in another case (`c:\` against `C:\`, common on Windows) or a symlinked checkout does
 * not make a script think it was imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function canonical(file) {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

export function isMain(moduleUrl) {
  const started = process.argv[1];
  if (!started) return false;
  const a = canonical(path.resolve(started));
  const b = canonical(fileURLToPath(moduleUrl));
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
