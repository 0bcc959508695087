/**
 * `npm run preview` (scripts/preview/): the capture that turns a simulate-rendered page into
 * a document a browser draws like the phone, and the browser part when Chromium is there.
 * The pages' backend here is a stand-in answering from the tests' fixtures over HTTP, as
 * the demo cloud does for `npm run preview`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bridgeClient } from '../../scripts/preview/bridge';
import { captureDocument } from '../../scripts/preview/document';
import { emptyLists } from '../../scripts/preview/network';
import { openShot } from '../../scripts/preview/open-shot';
import { existingAppPages } from '../../scripts/preview/page-config';
import { CHROMIUM_PATH } from '../../scripts/preview/prerequisites';
import { installPreviewRuntime } from '../../scripts/preview/runtime';
import { allShots, PAGES, type Shot } from '../../scripts/preview/shots';
import { rpxToPx, webviewSelector } from '../../scripts/preview/stylesheet';
import { me, task } from './support/fixtures';

const ROOT = path.resolve(__dirname, '../..');

// Before the first render of this file: the preview patches simulate as it loads.
const runtime = installPreviewRuntime();

const shot = (id: string): Shot => {
  const found = allShots().find((s) => s.id === id);
  if (!found) throw new Error(`no shot ${id}`);
  return found;
};

/** What the stand-in cloud received: each function call with the identity it carried. */
const received: Array<{
  fn: string;
  event: { action: string };
  wxContext: Record<string, string>;
}> = [];

/**
 * A stand-in for the local cloud's function endpoint, answering from the tests' fixtures,
 * so the preview's network makes its real HTTP calls here.
 */
async function startFakeCloud(): Promise<{ url: string; close(): void }> {
  const answers: Record<string, unknown> = {
    'me.get': me({ name: '张伟', isAdmin: true }),
    'tasks.list': {
      items: [task(), task({ id: 'task-2', title: '新品试用招募', hasBenefits: false })],
      nextCursor: null,
    },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const fn = /^\/functions\/([^/]+)\/invoke$/.exec(req.url ?? '')?.[1] ?? '';
      const call = JSON.parse(body);
      received.push({ fn, event: call.event, wxContext: call.wxContext });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { ok: true, data: answers[call.event.action] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

let cloud: { url: string; close(): void };
beforeAll(async () => {
  cloud = await startFakeCloud();
});
afterAll(() => cloud.close());

const openids = {
  admin: 'demo-openid-zhangwei',
  employee: 'demo-openid-wuhao',
  customer: 'preview-openid-customer',
};
const shares = { employee: 'AbC123xyz987' };

test('rpx is converted at 375/750, tag selectors name the webview elements', () => {
  expect(rpxToPx('width: 200rpx; margin: -24rpx 1.5rpx')).toBe(
    'width: 100px; margin: -12px 0.75px',
  );
  expect(webviewSelector('view .a > text, page, .view, scroll-view image')).toBe(
    'wx-view .a > wx-text, wx-page, .view, wx-scroll-view wx-image',
  );
});

test('the empty state empties every list of a successful answer and leaves the rest', () => {
  const answer = { result: { ok: true, data: { items: [1, 2], nextCursor: 'c', total: 2 } } };
  expect(emptyLists(answer)).toEqual({
    result: { ok: true, data: { items: [], nextCursor: null, total: 2 } },
  });
  const failure = { result: { ok: false, error: { code: 'INTERNAL', message: 'x' } } };
  expect(emptyLists(failure)).toBe(failure);
});

test('every page the mini-program has is in the preview registry', () => {
  const registered = PAGES.map((page) => page.path);
  expect(existingAppPages().filter((page) => !registered.includes(page))).toEqual([]);
});

describe('a shot through a demo share', () => {
  test('opens the page with ?s=<share id>, signed in as the customer', async () => {
    received.length = 0;
    const opened = await openShot(shot('content--demo-share'), runtime, {
      cloudUrl: cloud.url,
      openids,
      shares,
    });
    opened.close();
    expect(received).toHaveLength(1);
    expect(received[0].fn).toBe('customer');
    expect(received[0].event).toMatchObject({ action: 'content.open', shareId: 'AbC123xyz987' });
    expect(received[0].wxContext).toEqual({ OPENID: openids.customer, SOURCE: 'wx_devtools' });
  });

  test('fails, naming the shot, when the demo has no such share', async () => {
    await expect(
      openShot(shot('content--demo-forward'), runtime, { cloudUrl: cloud.url, openids, shares }),
    ).rejects.toThrow('content--demo-forward: the demo has no forward share to open');
  });
});

describe('the captured document of the task center', () => {
  let html: string;
  /** The part of the document `pattern` matches (a failure prints it, not 300 kB of HTML). */
  const excerpt = (pattern: RegExp) => html.match(pattern)?.[0];

  beforeAll(async () => {
    received.length = 0;
    const opened = await openShot(shot('tasks--demo'), runtime, {
      cloudUrl: cloud.url,
      openids,
      shares,
    });
    try {
      html = captureDocument(opened.stage, 'photo').html;
    } finally {
      opened.close();
    }
  });

  test('was loaded over HTTP, as the services layer sends it, signed in as the persona', () => {
    expect(received.map((r) => `${r.fn}/${r.event.action}`).sort()).toEqual([
      'employee/me.get',
      'employee/tasks.list',
    ]);
    for (const r of received)
      expect(r.wxContext).toEqual({ OPENID: openids.admin, SOURCE: 'wx_devtools' });
  });

  test('has the page and frame texts in Chinese', () => {
    for (const text of ['任务中心', '进行中', '双十一爆款文章转发', '最高可得 120 积分', '管理']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('<html lang="zh-CN"');
  });

  test('has every rpx resolved to px (a task cover is 200rpx x 150rpx: 100px x 75px)', () => {
    expect(excerpt(/.{40}\d\s*rpx.{10}/)).toBeUndefined();
    expect(excerpt(/\.main--task-card__cover\{[^}]*width:100px/)).toBeDefined();
    expect(excerpt(/\.main--task-card__cover\{[^}]*height:75px/)).toBeDefined();
  });

  test('draws tdesign icons as inline SVGs from the icon set, not the CDN font', () => {
    for (const icon of ['gift', 'task', 'chart-bar', 'user', 'setting']) {
      expect(
        excerpt(new RegExp(`data-pv-icon="${icon}"><svg class="pv-icon"[^>]*viewBox="0 0 24 24"`)),
      ).toBeDefined();
    }
    expect(html).not.toContain('tdesign.gtimg.com');
  });

  test('applies app.wxss to the page, and draws the cover image without fetching it', () => {
    expect(excerpt(/wx-page\{--color-primary: #0052d9;[^}]*--radius-m: 10px/)).toBeDefined();
    expect(excerpt(/\.main--card\{[^}]*border-radius:var\(--radius-m\)/)).toBeDefined();
    expect(
      excerpt(/class="pv-image-fill" style="background-image: url\(&quot;data:image\/svg\+xml/),
    ).toBeDefined();
    expect(excerpt(/(src=|url\()["']?(&quot;)?https?:/)).toBeUndefined();
  });
});

const hasChromium = fs.existsSync(CHROMIUM_PATH);

(hasChromium ? describe : describe.skip)('in Chromium (skipped when it is not installed)', () => {
  let camera: ChildProcessWithoutNullStreams;
  let outDir: string;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-test-'));
    camera = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        path.join(ROOT, 'scripts/preview/camera-service.ts'),
        outDir,
      ],
      { cwd: ROOT },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      camera.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line).url);
      });
      camera.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      camera.on('exit', (code) => reject(new Error(`camera service exited ${code}: ${out}`)));
    });
    const bridge = bridgeClient(url);
    runtime.layout.measure = (documentHtml) =>
      bridge.layout(documentHtml, {
        width: runtime.device.screenWidth,
        height: runtime.device.windowHeight,
      });
    Object.assign(globalThis, { previewBridge: bridge });
  }, 60_000);

  afterAll(() => {
    runtime.layout.measure = undefined;
    camera?.kill('SIGTERM');
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  test('what tdesign positions by measuring comes out measured: the tab underline and the sticky tabs', async () => {
    const opened = await openShot(shot('tasks--demo'), runtime, {
      cloudUrl: cloud.url,
      openids,
      shares,
    });
    try {
      const track = opened.stage.page.querySelector('[class*="t-tabs__track"]') as HTMLElement;
      // Under 进行中 (the first of three tabs spread over 375px): moved, and as wide as set.
      expect(track.getAttribute('style')).toMatch(/width:\s*16px/);
      expect(track.getAttribute('style')).toMatch(/translateX\((2[0-9]|[3-9][0-9])(\.\d+)?px\)/);
      const sticky = opened.stage.page.querySelector('[class*="t-tabs__sticky"]') as HTMLElement;
      expect(sticky.getAttribute('style')).toContain('height:48px');
      expect(runtime.layout.failure).toBeUndefined();

      const bridge = (globalThis as unknown as { previewBridge: ReturnType<typeof bridgeClient> })
        .previewBridge;
      const { html } = captureDocument(opened.stage, 'photo');
      const screen = { width: runtime.device.screenWidth, height: runtime.device.screenHeight };
      const png = await bridge.shot('tasks--test', html, screen, {
        renderMs: 0,
        layoutPasses: runtime.layout.passes,
        settled: opened.settled,
        calls: opened.calls,
        warnings: [],
      });
      const bytes = fs.readFileSync(png);
      // A PNG 750 px wide (375 px at device scale 2), at least a screen tall.
      expect(bytes.readUInt32BE(0)).toBe(0x89504e47);
      expect(bytes.readUInt32BE(16)).toBe(750);
      expect(bytes.readUInt32BE(20)).toBeGreaterThanOrEqual(1624);
    } finally {
      opened.close();
    }
  }, 60_000);
});
