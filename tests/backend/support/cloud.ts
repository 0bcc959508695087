import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../../local/cloud';

const cloud = require('wx-server-sdk');

export interface TestCloud {
  local: LocalCloud;
  /** The real wx-server-sdk database, pointed at this local cloud. */
  db: any;
  cloud: any;
  dataDir: string;
  /** Stops and starts again on the same data folder and port (a clean restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let initialisedUrl: string | undefined;

/**
 * Starts a local cloud on a free port with an empty data folder of its own, and points the real
 * wx-server-sdk at it (one per test file: jest gives each file its own module registry).
 */
export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-test-'));
  let local = await startLocalCloud({ ...options, dataDir });
  if (initialisedUrl && initialisedUrl !== local.adminUrl) {
    throw new Error('one test cloud per test file: wx-server-sdk is initialised once');
  }
  initialisedUrl = local.adminUrl;
  // Outside SCF the SDK keeps sockets alive; a restarted server would find them stale.
  cloud.init({ env: 'local-env', serviceUrl: local.adminUrl, keepalive: false });
  const handle: TestCloud = {
    local,
    db: cloud.database(),
    cloud,
    dataDir,
    async restart() {
      const port = Number(new URL(local.url).port);
      await local.stop();
      // Let this process's keep-alive sockets see the server's FIN before they are reused.
      await new Promise((resolve) => setTimeout(resolve, 50));
      local = await startLocalCloud({ ...options, dataDir, port });
      handle.local = local;
    },
    async stop() {
      await local.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Posts a raw body to `/admin`, as a client that is not the SDK would. */
export async function postAdmin(
  local: LocalCloud,
  body: string | object,
): Promise<Record<string, unknown>> {
  const res = await fetch(local.adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Calls a deployed function as a caller with this OPENID (none: an anonymous call). */
export async function callAs(
  t: TestCloud,
  fn: string,
  openid: string | undefined,
  event: Record<string, unknown>,
): Promise<any> {
  const outcome = await t.local.functions.invoke(
    fn,
    event,
    openid ? { OPENID: openid, SOURCE: 'wx_client' } : { SOURCE: 'wx_client' },
  );
  if ('errCode' in outcome) throw new Error(`function failed: ${outcome.errMsg}`);
  return outcome.result;
}

/** Fires a `timer` trigger as the scheduler does; answers the job's report (throws on failure). */
export async function fireTimerJob(t: TestCloud, job: string): Promise<any> {
  const outcome = await t.local.functions.fireTimer('timer', job);
  if ('errCode' in outcome) throw new Error(outcome.errMsg);
  const result = outcome.result as { ok: boolean; data?: unknown; error?: unknown };
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}
