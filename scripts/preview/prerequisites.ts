/**
 * What `npm run preview` needs from the machine, checked before anything starts, with the
 * exact command that installs what is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { iconSetDir } from './icons';

/** Debian's Chromium (`PREVIEW_CHROMIUM` may point elsewhere); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.PREVIEW_CHROMIUM ?? '/usr/bin/chromium';

const APT_INSTALL = 'sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk';

/** Chinese text is drawn in Noto Sans CJK (Debian's fonts-noto-cjk). */
function hasNotoSansCjk(): boolean {
  try {
    const families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    return /Noto Sans CJK SC/i.test(families);
  } catch {
    return fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  }
}

/** Problems that stop the preview, each with its fix; empty when all is there. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM_PATH)) {
    missing.push(
      `Chromium is not installed (${CHROMIUM_PATH}). Install Debian's package:\n    ${APT_INSTALL}`,
    );
  }
  if (!hasNotoSansCjk()) {
    missing.push(
      `The Noto Sans CJK fonts are not installed. Install Debian's package:\n    ${APT_INSTALL}`,
    );
  }
  try {
    iconSetDir();
  } catch (error) {
    missing.push((error as Error).message);
  }
  return missing;
}
