/**
 * `npm start`: the local cloud on 127.0.0.1 with the functions built from source, timer
 * triggers running, and the demo enterprise seeded into an empty data folder.
 *
 *   LOCAL_CLOUD_PORT  port to listen on (default 3030)
 *   LOCAL_CLOUD_DATA  data folder (default .local-cloud/data)
 *   LOCAL_CLOUD_SEED  `demo` (default) or `none`: what to put in an empty data folder
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../scripts/build-functions';
import { startLocalCloud } from './cloud';
import { loadDemoIntoEmptyStore, readSavedOrg, runDemoInsightJobs } from './seed/load';

async function main(): Promise<void> {
  const port = Number(process.env.LOCAL_CLOUD_PORT ?? 3030);
  const dataDir = path.resolve(process.env.LOCAL_CLOUD_DATA ?? '.local-cloud/data');
  const seed = process.env.LOCAL_CLOUD_SEED ?? 'demo';
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`LOCAL_CLOUD_PORT is not a port: ${port}`);
  if (seed !== 'demo' && seed !== 'none')
    throw new Error(`LOCAL_CLOUD_SEED must be demo or none, got ${seed}`);

  const isEmpty = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
  await buildFunctions();
  const cloud = await startLocalCloud({
    port,
    dataDir,
    timers: true,
    wecomOrg: readSavedOrg(dataDir),
    log: (line) => console.log(line),
  });
  if (isEmpty && seed === 'demo') {
    const summary = await loadDemoIntoEmptyStore(cloud, dataDir, new Date());
    console.log(`seeded the demo enterprise: ${summary}`);
    console.log(`first insight run: ${await runDemoInsightJobs(cloud)}`);
  }

  console.log(`  database (serviceUrl)  ${cloud.adminUrl}`);
  console.log(`  functions              ${cloud.url}/functions/<name>/invoke`);
  console.log(`  WeCom API fake         ${cloud.url}/wecom/cgi-bin/...`);
  console.log(`  WeChat API fake        ${cloud.url}/wechat/...`);
  console.log(`  fault injection        ${cloud.url}/__faults`);
  // Printed last: scripts and tests wait for this line.
  console.log(
    `local cloud ready (data: ${path.relative(process.cwd(), dataDir) || dataDir}). Ctrl-C to stop.`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    await cloud.stop();
    console.log('stopped; every acknowledged write is on disk.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
