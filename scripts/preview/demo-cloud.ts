/**
 * The backend of the `demo` and `empty` states: the local cloud, started in this process on
 * a free port with the cloud functions built from source, the demo enterprise seeded into a
 * fresh temporary data folder (removed afterwards), exactly what `npm start` serves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../local/cloud';
import {
  buildDemoData,
  type ContentDoc,
  type DemoData,
  type ShareDoc,
} from '../../local/seed/demo';
import { loadDemoIntoEmptyStore, runDemoInsightJobs } from '../../local/seed/load';
import { config } from '../../miniprogram/config';
import { buildFunctions, FUNCTIONS_OUT_DIR } from '../build-functions';
import type { DemoShare, Persona } from './shots';

/** The customer persona: a WeChat user the demo has never seen, and no employee (no binding). */
export const PREVIEW_CUSTOMER_OPENID = 'preview-openid-customer';

export interface DemoCloud {
  url: string;
  /** Why the cloud functions were not rebuilt, when the last build is used instead. */
  staleFunctions?: string;
  /** Who each persona signs in as. */
  openids: Record<Persona, string>;
  /** The id of each demo share shots open pages through (absent when the demo has none). */
  shares: Partial<Record<DemoShare, string>>;
  stop(): Promise<void>;
}

const byCreation = (a: ShareDoc, b: ShareDoc) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id);

/** The demo shares of shots.ts `DemoShare`, picked the same way for the same demo. */
export function pickDemoShares(demo: DemoData): Partial<Record<DemoShare, string>> {
  const shares = (demo.collections.shares as ShareDoc[]).slice().sort(byCreation);
  const contentsWithForm = new Set(
    (demo.collections.contents as ContentDoc[])
      .filter((content) => content.formId)
      .map((content) => content._id),
  );
  const employee = shares.find(
    (share) =>
      share.sharerType === 'employee' &&
      share.sharerId === 'zhangwei' &&
      share.taskId === 'demo-task-slab-table',
  );
  // 张伟's forwards first, then those of content with a form (the card and the form together).
  const rank = (share: ShareDoc) =>
    (share.rootEmployeeId === 'zhangwei' ? 0 : 2) + (contentsWithForm.has(share.contentId) ? 0 : 1);
  const forward = shares
    .filter((share) => share.sharerType === 'customer' && share.depth === 1 && share.attributable)
    .sort((a, b) => rank(a) - rank(b))[0];
  return {
    ...(employee ? { employee: employee._id } : {}),
    ...(forward ? { forward: forward._id } : {}),
  };
}

/**
 * Builds the functions from source; when the source does not build (a function half-way
 * through being written), falls back to the last build if there is one, and says so.
 */
async function buildOrReuseFunctions(): Promise<string | undefined> {
  try {
    await buildFunctions();
    return undefined;
  } catch (error) {
    if (!fs.existsSync(path.join(FUNCTIONS_OUT_DIR, 'employee', 'index.js'))) throw error;
    return (error as Error).message.split('\n')[0];
  }
}

export async function startDemoCloud(): Promise<DemoCloud> {
  const staleFunctions = await buildOrReuseFunctions();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-cloud-'));
  const cloud = await startLocalCloud({ dataDir });
  const stop = async () => {
    await cloud.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const now = new Date();
    await loadDemoIntoEmptyStore(cloud, dataDir, now);
    await runDemoInsightJobs(cloud);
    // The demo is deterministic for a given `now`: the same logins and shares as the store holds.
    const demo = buildDemoData({ now });
    const employee = demo.demoLogins.find((login) => login.role === 'employee');
    if (!employee) throw new Error('the demo enterprise has no plain employee to preview as');
    if (demo.collections.bindings.some((binding) => binding._id === PREVIEW_CUSTOMER_OPENID)) {
      throw new Error(`${PREVIEW_CUSTOMER_OPENID} is an employee of the demo, not a customer`);
    }
    return {
      url: cloud.url,
      staleFunctions,
      // The admin is whoever the mini-program's config signs in with (the demo's 张伟).
      openids: {
        admin: config.devOpenid,
        employee: employee.openid,
        customer: PREVIEW_CUSTOMER_OPENID,
      },
      shares: pickDemoShares(demo),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
