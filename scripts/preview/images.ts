/**
 * Pictures for `<image>` and CSS backgrounds. A preview makes no request outside the machine,
 * so a remote picture (the demo's covers and avatars come from picsum.photos) is drawn as a
 * placeholder: a soft gradient whose colour is derived from the URL (the same picture gets
 * the same colour in every shot) with a small picture glyph, at the size the URL asks for
 * when it says (`/500/400`), so `widthFix` images keep their height. Pictures shipped with
 * the mini-program are inlined as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from './page-config';

export interface Picture {
  /** A `data:` URL, or '' for no picture. */
  url: string;
  width: number;
  height: number;
  /** A path inside the mini-program that does not exist: the runtime shows nothing. */
  missing?: boolean;
}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/** The picture `src` shows, for a page or component living in `fromDir` (under miniprogram/). */
export function pictureFor(src: string, fromDir = MINIPROGRAM_ROOT): Picture {
  if (!src) return { url: '', width: 0, height: 0 };
  if (src.startsWith('data:')) return { url: src, width: 4, height: 3 };
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return placeholder(src);
  const file = src.startsWith('/') ? path.join(MINIPROGRAM_ROOT, src) : path.resolve(fromDir, src);
  const mime = MIME[path.extname(file).toLowerCase()];
  if (!fs.existsSync(file)) return { url: '', width: 0, height: 0, missing: true };
  if (!mime) return placeholder(src);
  const bytes = fs.readFileSync(file);
  const size = pngSize(bytes) ?? { width: 4, height: 3 };
  return { url: `data:${mime};base64,${bytes.toString('base64')}`, ...size };
}

/** The width and height a PNG's header declares. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const isPng = bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47;
  return isPng ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : undefined;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stand-in for a remote picture (see the module comment). */
export function placeholder(src: string): Picture {
  const size = /\/(\d{2,4})\/(\d{2,4})(?:[/?#.]|$)/.exec(src);
  const width = size ? Number(size[1]) : 400;
  const height = size ? Number(size[2]) : 300;
  const hue = hash(src) % 360;
  const glyph = Math.min(width, height) * 0.22;
  const x = (width - glyph) / 2;
  const y = (height - glyph * 0.8) / 2;
  // A sun and two hills: reads as "a picture goes here" at any size.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid slice">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,86%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},50%,72%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
<g transform="translate(${x},${y}) scale(${glyph / 100})" fill="#fff" fill-opacity=".75">
<circle cx="72" cy="22" r="12"/><path d="M0 80 L34 36 L58 66 L72 52 L100 80 Z"/></g></svg>`;
  return { url: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, width, height };
}
