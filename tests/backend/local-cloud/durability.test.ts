/**
 * Conformance: storage survives a clean restart and a `kill -9` in the middle of writes,
 * losing no acknowledged write.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startLocalCloudProcess } from '../support/process';

const cloud = require('wx-server-sdk');

async function startProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const started = await startLocalCloudProcess({
    LOCAL_CLOUD_DATA: dataDir,
    LOCAL_CLOUD_PORT: String(port),
    LOCAL_CLOUD_SEED: 'none',
  });
  return started.child;
}

describe('a local cloud process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-kill-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed with SIGKILL mid-write loses no acknowledged write', async () => {
    const port = await freePort();
    child = await startProcess(dataDir, port);
    cloud.init({
      env: 'local-env',
      serviceUrl: `http://127.0.0.1:${port}/admin`,
      keepalive: false,
    });
    const events = cloud.database().collection('events');

    const acknowledged: string[] = [];
    let killed = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !killed; i++) {
        const id = `evt-${w}-${i}`;
        try {
          await events.add({
            data: { _id: id, type: 'visit', payload: 'x'.repeat(200), at: new Date() },
          });
          acknowledged.push(id);
          if (acknowledged.length === 300) {
            killed = true;
            child!.kill('SIGKILL');
          }
        } catch {
          return; // the connection died with the process: this write was never acknowledged
        }
      }
    });
    await Promise.all(writers);
    await new Promise((resolve) =>
      child!.exitCode !== null || child!.signalCode !== null
        ? resolve(null)
        : child!.once('exit', resolve),
    );

    child = await startProcess(dataDir, port);
    const found = new Set<string>();
    for (let skip = 0; ; skip += 1000) {
      const { data } = await events
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(1000)
        .field({ _id: true })
        .get();
      data.forEach((d: { _id: string }) => found.add(d._id));
      if (data.length < 1000) break;
    }
    const lost = acknowledged.filter((id) => !found.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(lost).toEqual([]);

    // The recovered store still takes writes and enforces _id uniqueness.
    await expect(events.add({ data: { _id: acknowledged[0] } })).rejects.toMatchObject({
      errCode: -502001,
    });
    await events.add({ data: { _id: 'after-restart' } });
    expect((await events.doc('after-restart').get()).data._id).toBe('after-restart');
    child.kill('SIGINT');
    await new Promise((resolve) => child!.once('exit', resolve));
  });
});
