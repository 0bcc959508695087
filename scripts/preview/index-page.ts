/**
 * previews/index.html: every page's states side by side, one row per page, with what each
 * state shows, who was signed in, which backend calls the page made, and any warning.
 * Built from the registry and the PNGs on disk, so a partial run (`--only`) keeps the
 * other pages' last photos.
 */
import fs from 'node:fs';
import path from 'node:path';
import { summarizeCalls, type ShotReport } from './bridge';
import { escapeHtml } from './chrome';
import { pageFrame } from './page-config';
import { PAGES, allShots, type DemoShare, type Persona } from './shots';

/** What the last run that took a shot said about it (kept in previews/report.json). */
export interface StoredReport extends ShotReport {
  photoMs: number;
  takenAt: string;
}

const REPORT_FILE = 'report.json';

export function readReports(outDir: string): Record<string, StoredReport> {
  const file = path.join(outDir, REPORT_FILE);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

export function writeReports(outDir: string, reports: Record<string, StoredReport>): void {
  fs.writeFileSync(path.join(outDir, REPORT_FILE), JSON.stringify(reports, null, 2) + '\n');
}

const PERSONA_LABEL: Record<Persona, string> = {
  admin: '管理员',
  employee: '普通员工',
  customer: '客户（微信用户）',
};

const SHARE_LABEL: Record<DemoShare, string> = {
  employee: '经员工的分享打开',
  forward: '经客户的转发打开',
};

const BACKEND_LABEL: Record<string, string> = {
  demo: '演示数据',
  empty: '空数据',
  error: '后端报错',
  offline: '断网',
  loading: '加载中',
};

/** Writes previews/index.html; returns its path. */
export function writeIndexPage(outDir: string, reports: Record<string, StoredReport>): string {
  const sections = PAGES.map((page) => {
    const cards = allShots([page])
      .filter((shot) => fs.existsSync(path.join(outDir, `${shot.id}.png`)))
      .map((shot) => {
        const report = reports[shot.id];
        const meta = [
          BACKEND_LABEL[shot.backend] ?? shot.backend,
          PERSONA_LABEL[shot.persona],
          ...(shot.share ? [SHARE_LABEL[shot.share]] : []),
          ...(shot.steps ?? []).map((step) => `点「${step.tap}」`),
        ].join(' · ');
        const warnings = (report?.warnings ?? [])
          .map((w) => `<li class="warn">${escapeHtml(w)}</li>`)
          .join('');
        const calls = report?.calls.length
          ? `<li>${escapeHtml(summarizeCalls(report.calls))}</li>`
          : '';
        return `<figure>
<a href="${shot.id}.png"><img src="${shot.id}.png" alt="${escapeHtml(shot.id)}" loading="lazy"></a>
<figcaption><b>${escapeHtml(shot.state)}</b> <span>${escapeHtml(meta)}</span>
<p>${escapeHtml(shot.note)}</p><ul>${calls}${warnings}</ul>
<a class="html" href="${shot.id}.html">HTML</a></figcaption>
</figure>`;
      });
    if (!cards.length) return '';
    const title = pageFrame(page.path).title;
    return `<section><h2>${escapeHtml(title)} <code>${escapeHtml(page.path)}</code></h2>
<div class="row">${cards.join('\n')}</div></section>`;
  }).join('\n');

  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>全员营销 · 页面预览</title>
<style>
body { margin: 24px; font: 14px/1.5 -apple-system, 'Noto Sans CJK SC', sans-serif; color: #1f2329; background: #eef0f3; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 12px; } h2 code { font-weight: 400; color: #6b7280; font-size: 13px; }
.row { display: flex; gap: 20px; overflow-x: auto; padding-bottom: 8px; align-items: flex-start; }
figure { margin: 0; flex: none; width: 300px; }
figure img { width: 300px; display: block; border-radius: 14px; box-shadow: 0 2px 12px rgba(0,0,0,.12); background: #fff; }
figcaption { padding: 8px 2px; } figcaption span { color: #6b7280; font-size: 12px; }
figcaption p { margin: 4px 0; } figcaption ul { margin: 0; padding-left: 16px; font-size: 12px; color: #6b7280; }
.warn { color: #d54941; } a.html { font-size: 12px; color: #0052d9; }
</style></head><body>
<h1>全员营销 · 页面预览</h1>
<div>由 <code>npm run preview</code> 生成：每个页面在各状态下的样子（375 px 宽，2 倍图）。</div>
${sections}
</body></html>
`;
  const file = path.join(outDir, 'index.html');
  fs.writeFileSync(file, html);
  return file;
}
