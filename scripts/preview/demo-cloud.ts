/**
 * The backend of the `demo` and `empty` states: the local cloud, started in this process on
 * a free port with the cloud functions built from source, the demo enterprise seeded into a
 * fresh temporary data folder (removed afterwards), exactly what `npm start` serves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../local/cloud';
import { buildDemoData } from '../../local/seed/demo';
import { loadDemoIntoEmptyStore } from '../../local/seed/load';
import { config } from '../../miniprogram/config';
import { buildFunctions, FUNCTIONS_OUT_DIR } from '../build-functions';
import type { Persona } from './shots';

export interface DemoCloud {
  url: string;
  /** Why the cloud functions were not rebuilt, when the last build is used instead. */
  staleFunctions?: string;
  /** Who each persona signs in as. */
  openids: Record<Persona, string>;
  stop(): Promise<void>;
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
    // The demo is deterministic for a given `now`: the same logins as the store holds.
    const employee = buildDemoData({ now }).demoLogins.find((login) => login.role === 'employee');
    if (!employee) throw new Error('the demo enterprise has no plain employee to preview as');
    return {
      url: cloud.url,
      staleFunctions,
      // The admin is whoever the mini-program's config signs in with (the demo's 张伟).
      openids: { admin: config.devOpenid, employee: employee.openid },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
