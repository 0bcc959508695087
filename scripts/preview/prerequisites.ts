/**
 * What `npm run preview` needs from the machine, checked before anything starts, with the
 * exact command that installs what is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { iconSetDir } from './icons';

/** Debian's Chromium (`PREVIEW_CHROMIUM` may point elsewhere); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.PREVIEW_CHROMIUM ?? '/usr/bin/chromium';

const LINUX = process.platform === 'linux';
const APT_INSTALL = 'sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk';
const CHROMIUM_FIX = LINUX
  ? `Install Debian's package:\n    ${APT_INSTALL}`
  : 'Set PREVIEW_CHROMIUM to the path of an installed Chrome or Chromium executable.';
const FONT_FIX = LINUX
  ? `Install Debian's package:\n    ${APT_INSTALL}`
  : 'Install the Noto Sans CJK SC font (https://github.com/notofonts/noto-cjk) for this user or system-wide.';

/** Where fonts live when fontconfig (fc-list) is not there to ask, as on macOS and Windows. */
function fontDirs(): string[] {
  if (process.platform === 'win32') {
    return [
      path.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'),
      path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'Microsoft', 'Windows', 'Fonts'),
    ];
  }
  if (process.platform === 'darwin') {
    return ['/Library/Fonts', path.join(os.homedir(), 'Library', 'Fonts')];
  }
  return ['/usr/share/fonts/opentype/noto'];
}

/** Chinese text is drawn in Noto Sans CJK (Debian's fonts-noto-cjk). */
function hasNotoSansCjk(): boolean {
  try {
    const families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    return /Noto Sans CJK SC/i.test(families);
  } catch {
    return fontDirs().some((dir) => {
      try {
        return fs.readdirSync(dir).some((file) => /^NotoSans(Mono)?CJK/i.test(file));
      } catch {
        return false;
      }
    });
  }
}

/** Problems that stop the preview, each with its fix; empty when all is there. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM_PATH)) {
    missing.push(`Chromium is not installed (${CHROMIUM_PATH}). ${CHROMIUM_FIX}`);
  }
  if (!hasNotoSansCjk()) {
    missing.push(`The Noto Sans CJK fonts are not installed. ${FONT_FIX}`);
  }
  try {
    iconSetDir();
  } catch (error) {
    missing.push((error as Error).message);
  }
  return missing;
}
