/**
 * Deploys to a CloudBase environment: creates the collections declared in
 * `cloudfunctions/_shared/db/indexes.json` with their indexes, applies the security rules of
 * `security-rules.json` to each, uploads every function of `cloudbaserc.json` from the
 * build folder (wx-server-sdk is installed in the cloud), opens the relay function's HTTP
 * access path and uploads the relay page to static hosting (docs/moments-relay.md).
 *
 *   ENV_ID=<env> TENCENTCLOUD_SECRETID=... TENCENTCLOUD_SECRETKEY=... npx tsx scripts/deploy.ts
 *   npx tsx scripts/deploy.ts --dry-run     # prints the plan, touches nothing
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions, FUNCTIONS_OUT_DIR } from './build-functions';
import { loadDeclarations, loadFunctionSpecs } from '../local/cloud';

const ROOT = path.resolve(__dirname, '..');

interface Step {
  describe: string;
  run: (manager: Manager) => Promise<unknown>;
}

// The subset of @cloudbase/manager-node this script uses.
interface Manager {
  database: {
    createCollectionIfNotExists(name: string): Promise<unknown>;
    checkIndexExists(name: string, index: string): Promise<{ Exists: boolean }>;
    updateCollection(name: string, info: { CreateIndexes: unknown[] }): Promise<unknown>;
  };
  permission: {
    modifyResourcePermission(o: {
      resourceType: 'collection';
      resource: string;
      permission: 'CUSTOM';
      securityRule: string;
    }): Promise<unknown>;
  };
  access: {
    getAccessList(o: { name?: string }): Promise<{ APISet: { Path: string }[] }>;
    createAccess(o: { path: string; name: string; type: 1; auth: boolean }): Promise<unknown>;
  };
  hosting: {
    uploadFiles(o: { files: { localPath: string; cloudPath: string }[] }): Promise<unknown>;
  };
  functions: {
    createFunction(o: {
      func: Record<string, unknown>;
      functionRootPath: string;
      force: boolean;
    }): Promise<unknown>;
  };
}

/**
 * Fills `{{env.NAME}}` in a function's environment from the deploying shell, as the CloudBase
 * CLI does with cloudbaserc.json; a dry run shows the names instead of the secrets.
 */
function fillEnv(
  vars: Record<string, string> | undefined,
  dryRun: boolean,
): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const [key, template] of Object.entries(vars ?? {})) {
    filled[key] = template.replace(/\{\{env\.(\w+)\}\}/g, (_m, name: string) => {
      if (dryRun) return `<${name}>`;
      const value = process.env[name];
      if (value === undefined)
        throw new Error(`set ${name}: cloudbaserc.json passes it to the functions`);
      return value;
    });
  }
  return filled;
}

/** Every step of a deployment, in order; pure so that a dry run shows exactly what would happen. */
export function deploymentPlan(dryRun = true): Step[] {
  const rules = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'cloudfunctions/_shared/db/security-rules.json'), 'utf8'),
  );
  const securityRule = JSON.stringify(rules.default);
  const steps: Step[] = [];
  for (const [collection, indexes] of Object.entries(loadDeclarations())) {
    steps.push({
      describe: `collection ${collection}`,
      run: (m) => m.database.createCollectionIfNotExists(collection),
    });
    for (const index of indexes) {
      steps.push({
        describe: `  index ${collection}.${index.name} ${JSON.stringify(index.keys)}${index.unique ? ' unique' : ''}`,
        run: async (m) => {
          if ((await m.database.checkIndexExists(collection, index.name)).Exists) return;
          await m.database.updateCollection(collection, {
            CreateIndexes: [
              {
                IndexName: index.name,
                MgoKeySchema: {
                  MgoIsUnique: Boolean(index.unique),
                  MgoIndexKeys: Object.entries(index.keys).map(([Name, dir]) => ({
                    Name,
                    Direction: String(dir),
                  })),
                },
              },
            ],
          });
        },
      });
    }
    steps.push({
      describe: `  rules ${collection} ${securityRule}`,
      run: (m) =>
        m.permission.modifyResourcePermission({
          resourceType: 'collection',
          resource: collection,
          permission: 'CUSTOM',
          securityRule,
        }),
    });
  }
  for (const spec of loadFunctionSpecs()) {
    const envVariables = fillEnv(spec.envVariables, dryRun);
    steps.push({
      describe: `function ${spec.name} (timeout ${spec.timeout}s, ${spec.memorySize} MB, env ${Object.keys(envVariables).join(' ')}${spec.triggers?.length ? `, triggers ${spec.triggers.map((t) => t.config).join('; ')}` : ''})`,
      run: (m) =>
        m.functions.createFunction({
          func: { ...spec, envVariables, installDependency: true },
          functionRootPath: FUNCTIONS_OUT_DIR,
          force: true,
        }),
    });
  }
  steps.push({
    describe: 'http access /relay-api -> function relay (客户朋友圈 relay, no auth)',
    run: async (m) => {
      const { APISet } = await m.access.getAccessList({ name: 'relay' });
      if (APISet.some((api) => api.Path === '/relay-api')) return;
      await m.access.createAccess({ path: '/relay-api', name: 'relay', type: 1, auth: false });
    },
  });
  steps.push({
    describe: `hosting hosting/relay -> /relay/${process.env.RELAY_API_URL ? ` (api ${process.env.RELAY_API_URL})` : ''}`,
    run: (m) => m.hosting.uploadFiles({ files: hostingFiles() }),
  });
  return steps;
}

/**
 * The static hosting's files; `config.js` names `RELAY_API_URL` when the HTTP access path is on
 * another domain than the hosting (written to a temporary copy, never into the repository).
 */
function hostingFiles(): { localPath: string; cloudPath: string }[] {
  const dir = path.join(ROOT, 'hosting', 'relay');
  const files = fs.readdirSync(dir).map((name) => ({
    localPath: path.join(dir, name),
    cloudPath: `relay/${name}`,
  }));
  const api = process.env.RELAY_API_URL;
  if (!api) return files;
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'relay-config-')), 'config.js');
  fs.writeFileSync(config, `window.RELAY_API = ${JSON.stringify(api)};\n`);
  return files.map((f) => (f.cloudPath === 'relay/config.js' ? { ...f, localPath: config } : f));
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const steps = deploymentPlan(dryRun);
  if (dryRun) {
    steps.forEach((s) => console.log(s.describe));
    console.log(`dry run: ${steps.length} steps, nothing changed`);
    return;
  }
  const { ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY } = process.env;
  if (!ENV_ID || !TENCENTCLOUD_SECRETID || !TENCENTCLOUD_SECRETKEY) {
    throw new Error(
      'set ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (or use --dry-run)',
    );
  }
  await buildFunctions();
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const manager = new CloudBase({
    envId: ENV_ID,
    secretId: TENCENTCLOUD_SECRETID,
    secretKey: TENCENTCLOUD_SECRETKEY,
  }) as unknown as Manager;
  for (const step of steps) {
    console.log(step.describe);
    await step.run(manager);
  }
  console.log(`deployed to ${ENV_ID}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
