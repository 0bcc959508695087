/**
 * WeChat's <text> renders the line breaks inside it, so a formatter that moves text content
 * onto its own line shows up on the device as a broken layout (a × under its tag name).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../miniprogram');

function wxmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' ? [] : wxmlFiles(full);
    return entry.name.endsWith('.wxml') ? [full] : [];
  });
}

it('no <text> element of ours contains a line break', () => {
  const offenders: string[] = [];
  for (const file of wxmlFiles(ROOT)) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)) {
      if (match[1].includes('\n'))
        offenders.push(`${path.relative(ROOT, file)}: ${match[0].replace(/\s+/g, ' ')}`);
    }
  }
  expect(wxmlFiles(ROOT).length).toBeGreaterThan(10);
  expect(offenders).toEqual([]);
});
