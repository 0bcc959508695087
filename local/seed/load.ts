import fs from 'node:fs';
import path from 'node:path';
import type { LocalCloud } from '../cloud';
import type { WeComOrg } from '../fakes/wecom';
import { buildDemoData } from './demo';

const ORG_FILE = 'wecom-org.json';

/** The address book WeCom's fake had when this data folder was seeded, if any. */
export function readSavedOrg(dataDir: string): WeComOrg | undefined {
  const file = path.join(dataDir, ORG_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as WeComOrg) : undefined;
}

/**
 * Writes the demo enterprise into a fresh local cloud, in chunks, through the store's normal
 * commit path (so unique indexes hold), and gives WeCom's fake the same address book.
 * Returns a one-line summary.
 */
export async function loadDemoIntoEmptyStore(
  cloud: LocalCloud,
  dataDir: string,
  now: Date,
): Promise<string> {
  const demo = buildDemoData({ now });
  const counts: string[] = [];
  for (const [collection, docs] of Object.entries(demo.collections)) {
    if (!cloud.store.hasCollection(collection)) await cloud.store.createCollection(collection);
    for (let i = 0; i < docs.length; i += 1000) {
      await cloud.store.commit(
        docs
          .slice(i, i + 1000)
          .map((doc) => ({ collection, id: String(doc._id), doc: doc as Record<string, unknown> })),
      );
    }
    counts.push(`${collection} ${docs.length}`);
  }
  cloud.wecom.control.setOrg(demo.wecomOrg);
  fs.writeFileSync(path.join(dataDir, ORG_FILE), JSON.stringify(demo.wecomOrg));
  const admin = demo.demoLogins.find((l) => l.role === 'admin');
  return `${counts.join(', ')}${admin ? `; sign in locally as ${admin.name} (${admin.openid})` : ''}`;
}

/**
 * The daily and hourly insight jobs (商机雷达, 部门数据) once, through the `timer` function, so a
 * freshly seeded demo shows what it would after its first night. Returns a one-line summary.
 */
export async function runDemoInsightJobs(cloud: LocalCloud): Promise<string> {
  const lines: string[] = [];
  for (const job of ['radar', 'departments']) {
    const outcome = await cloud.functions.fireTimer('timer', job);
    const result = 'errCode' in outcome ? null : (outcome.result as { ok: boolean });
    lines.push(`${job} ${result?.ok ? 'computed' : 'failed'}`);
  }
  return lines.join(', ');
}

/**
 * Ids of the employee shares of tasks in progress now (optionally one employee's): what the
 * bench and the load test open, as customers of a live campaign would.
 */
export function liveEmployeeShareIds(cloud: LocalCloud, rootEmployeeId?: string): string[] {
  const now = Date.now();
  const live = new Set(
    [...cloud.store.all('tasks')]
      .filter(
        (k) =>
          k.state === 'published' &&
          new Date(k.startAt as string).getTime() <= now &&
          new Date(k.endAt as string).getTime() > now,
      )
      .map((k) => k._id),
  );
  return [...cloud.store.all('shares')]
    .filter(
      (s) =>
        s.sharerType === 'employee' &&
        live.has(s.taskId as string) &&
        (!rootEmployeeId || s.rootEmployeeId === rootEmployeeId),
    )
    .map((s) => s._id);
}
