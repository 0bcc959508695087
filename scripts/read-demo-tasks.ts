/**
 * A plain script, no project code in the data path: the real wx-server-sdk, pointed at a
 * running local cloud with `serviceUrl`, reads the demo tasks.
 *
 *   npm start                        # in another terminal
 *   npx tsx scripts/read-demo-tasks.ts [http://127.0.0.1:3030/admin]
 */
import { taskStatus, type TaskTiming } from '../cloudfunctions/_shared/domain/task-status';

// Outside the cloud: skip the SDK's metadata probe; the local cloud accepts any credentials.
process.env.TENCENTCLOUD ??= 'true';
process.env.TENCENTCLOUD_SECRETID ??= 'local';
process.env.TENCENTCLOUD_SECRETKEY ??= 'local';

const STATUS_LABEL = {
  upcoming: '未开始',
  active: '进行中',
  ended: '已结束',
  cancelled: '已取消',
} as const;

async function main(): Promise<void> {
  const serviceUrl =
    process.argv[2] ?? process.env.LOCAL_CLOUD_ADMIN_URL ?? 'http://127.0.0.1:3030/admin';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local-env', serviceUrl });
  const { data } = await cloud
    .database()
    .collection('tasks')
    .orderBy('startAt', 'asc')
    .limit(100)
    .get();
  const now = new Date();
  for (const task of data as Array<TaskTiming & { title: string }>) {
    const status = taskStatus(task, now);
    console.log(`${status ? STATUS_LABEL[status] : '草稿'}\t${task.title}`);
  }
  console.log(`${data.length} tasks read from ${serviceUrl}`);
}

main().catch((error) => {
  console.error(error?.errMsg ?? error);
  process.exit(1);
});
