import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { AdminProtocol } from './db/protocol';
import { Store, type Declarations } from './db/store';
import { createWeChatFake, type WeChatFake } from './fakes/wechat';
import { createWeComFake, type WeComFake } from './fakes/wecom';
import type { WeComOrg } from './fakes/wecom';
import { Faults, faultRuleSchema, sleep } from './faults';
import { FunctionHost, type FunctionSpec, type InvokeOutcome } from './functions/host';

const ROOT = path.resolve(__dirname, '..');

/** Fixed identities of the local enterprise and mini-program (any value works locally). */
export const LOCAL_IDENTITY = {
  envId: 'local-env',
  appId: 'wx-local-miniprogram',
  appSecret: 'local-app-secret',
  corpId: 'ww-demo-corp',
  agentId: 1000002,
  agentSecret: 'local-agent-secret',
  contactSecret: 'local-contact-secret',
  companyName: '栖木家居',
};

export interface LocalCloudOptions {
  /** 0 picks a free port. */
  port?: number;
  dataDir: string;
  /** Serve the cloud functions from this build folder (default build/cloudfunctions). */
  functionsDir?: string;
  /** The functions to serve (default: those of cloudbaserc.json). */
  functionSpecs?: FunctionSpec[];
  /** Run timer triggers on their schedule (off in tests: they fire them by hand). */
  timers?: boolean;
  /** Extra collections/indexes on top of the repository's declarations (tests use it). */
  declarations?: Declarations;
  /** The address book WeCom's fake starts with. */
  wecomOrg?: WeComOrg;
  maxInstances?: number;
  log?: (line: string) => void;
}

/** A running local cloud. */
export interface LocalCloud {
  url: string;
  adminUrl: string;
  store: Store;
  faults: Faults;
  functions: FunctionHost;
  wecom: WeComFake;
  wechat: WeChatFake;
  /** Requests served on `/admin`, per action (benchmarks read it). */
  adminRequests: Map<string, number>;
  stop(): Promise<void>;
}

/** The repository's index declarations: the same file the deploy step applies to CloudBase. */
export function loadDeclarations(): Declarations {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, 'cloudfunctions/_shared/db/indexes.json'), 'utf8'),
  );
}

/** Every page of the mini-program (main package and subpackages), as WeChat knows them. */
export function miniProgramPages(): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'miniprogram/app.json'), 'utf8'));
  const subPages = (app.subPackages ?? []).flatMap((sp: { root: string; pages: string[] }) =>
    sp.pages.map((page) => `${sp.root}/${page}`),
  );
  return [...app.pages, ...subPages];
}

/** The functions declared in cloudbaserc.json, with their timer triggers. */
/**
 * HTTP access paths of functions (CloudBase: `tcb service create -p <path> -f <function>`),
 * served beside the static hosting under one origin (docs/moments-relay.md).
 */
const HTTP_SERVICES: Record<string, string> = { '/relay-api': 'relay' };

/** What the local cloud serves from `hosting/`, as CloudBase's static hosting would. */
const HOSTING_DIR = path.join(ROOT, 'hosting');
const HOSTED_PREFIXES = ['/relay/'];
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A file of `hosting/` (a folder answers its index.html); nothing outside it. */
function serveHosted(res: http.ServerResponse, pathname: string): void {
  const relative = decodeURIComponent(pathname).replace(/\/$/, '/index.html');
  const file = path.resolve(HOSTING_DIR, `.${relative}`);
  if (
    !file.startsWith(HOSTING_DIR + path.sep) ||
    !fs.existsSync(file) ||
    !fs.statSync(file).isFile()
  ) {
    return void sendJson(res, 404, { code: 'NOT_FOUND', message: `no file ${pathname}` });
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  });
  res.end(fs.readFileSync(file));
}

export function loadFunctionSpecs(): FunctionSpec[] {
  const rc = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8'));
  return rc.functions as FunctionSpec[];
}

const invokeBody = z.object({
  event: z.record(z.string(), z.unknown()).default({}),
  wxContext: z
    .object({
      OPENID: z.string().optional(),
      UNIONID: z.string().optional(),
      APPID: z.string().optional(),
      SOURCE: z.string().optional(),
    })
    .default({}),
});

/**
 * Starts the local cloud on 127.0.0.1: CloudBase's database protocol at `/admin`, the function
 * host at `/functions/<name>/invoke`, WeCom's API at `/wecom`, WeChat's at `/wechat`, fault
 * control at `/__faults`.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? (() => {});
  const store = Store.open(options.dataDir, { ...loadDeclarations(), ...options.declarations });
  const faults = new Faults();
  const adminRequests = new Map<string, number>();
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminUrl = `${url}/admin`;

  const wecom = createWeComFake({
    corpId: LOCAL_IDENTITY.corpId,
    agents: [{ agentId: LOCAL_IDENTITY.agentId, secret: LOCAL_IDENTITY.agentSecret }],
    contactSecret: LOCAL_IDENTITY.contactSecret,
    org: options.wecomOrg ?? { departments: [], users: [] },
  });
  const wechat = createWeChatFake({
    appId: LOCAL_IDENTITY.appId,
    appSecret: LOCAL_IDENTITY.appSecret,
    // Mini-program codes are refused for pages the released version does not have.
    publishedPages: miniProgramPages(),
  });
  const functions = new FunctionHost({
    specs: options.functionSpecs ?? loadFunctionSpecs(),
    functionsDir: options.functionsDir ?? path.join(ROOT, 'build', 'cloudfunctions'),
    adminUrl,
    envId: LOCAL_IDENTITY.envId,
    appId: LOCAL_IDENTITY.appId,
    maxInstances: options.maxInstances,
    env: {
      WECOM_API_BASE: `${url}/wecom`,
      WECHAT_API_BASE: `${url}/wechat`,
      WECOM_CORP_ID: LOCAL_IDENTITY.corpId,
      WECOM_AGENT_ID: String(LOCAL_IDENTITY.agentId),
      WECOM_AGENT_SECRET: LOCAL_IDENTITY.agentSecret,
      WECOM_CONTACT_SECRET: LOCAL_IDENTITY.contactSecret,
      WX_APP_ID: LOCAL_IDENTITY.appId,
      WX_APP_SECRET: LOCAL_IDENTITY.appSecret,
      COMPANY_NAME: LOCAL_IDENTITY.companyName,
      // 客户朋友圈 posts point at the relay page this server hosts (docs/moments-relay.md).
      RELAY_BASE_URL: url,
    },
  });
  const protocol = new AdminProtocol(store, async (name, event) => {
    const outcome = await functions.invoke(name, event, { SOURCE: 'tcb_function' });
    if ('errCode' in outcome) throw new Error(outcome.errMsg);
    return outcome.result;
  });

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = new URL(req.url ?? '/', url);
      route(req, res, target, body).catch((error: unknown) => {
        log(
          `[local-cloud] ${req.method} ${target.pathname} failed: ${(error as Error).stack ?? error}`,
        );
        if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: String(error) });
      });
    });
  });

  async function route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: URL,
    body: Buffer,
  ): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
    if (req.method === 'OPTIONS') return void sendJson(res, 204, null);
    const p = target.pathname;
    if (p === '/admin' && req.method === 'POST') return handleAdmin(res, body);
    const invoke = /^\/functions\/([\w-]+)\/invoke$/.exec(p);
    if (invoke && req.method === 'POST') return handleInvoke(res, invoke[1], body);
    const timer = /^\/__timers\/([\w-]+)\/([\w-]+)$/.exec(p);
    if (timer && req.method === 'POST')
      return void sendJson(res, 200, await functions.fireTimer(timer[1], timer[2]));
    if (p === '/__faults') return handleFaults(req, res, body);
    const service = HTTP_SERVICES[p];
    if (service) return handleHttpService(req, res, service, target);
    if (req.method === 'GET' && HOSTED_PREFIXES.some((prefix) => p.startsWith(prefix)))
      return serveHosted(res, p);
    if (
      p.startsWith('/wecom/') &&
      (await wecom.handle(req, res, p.slice('/wecom'.length), target.searchParams, body))
    )
      return;
    if (
      p.startsWith('/wechat/') &&
      (await wechat.handle(req, res, p.slice('/wechat'.length), target.searchParams, body))
    )
      return;
    if (p === '/' && req.method === 'GET') {
      const collections = Object.fromEntries(
        store.collectionNames().map((n) => [n, store.count(n)]),
      );
      return void sendJson(res, 200, {
        service: 'local-cloud',
        envId: LOCAL_IDENTITY.envId,
        collections,
      });
    }
    sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${p}` });
  }

  /** An HTTP-triggered function: CloudBase's integration event in, its `{statusCode, ...}` out. */
  async function handleHttpService(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
    target: URL,
  ): Promise<void> {
    const outcome = await functions.invoke(
      name,
      {
        path: target.pathname,
        httpMethod: req.method,
        headers: req.headers,
        queryStringParameters: Object.fromEntries(target.searchParams),
        isBase64Encoded: false,
      },
      { SOURCE: 'http' },
    );
    if ('errCode' in outcome)
      return void sendJson(res, 502, { code: 'FUNCTION_FAILED', message: outcome.errMsg });
    const reply = outcome.result as {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: string;
    };
    res.writeHead(reply.statusCode ?? 200, reply.headers ?? {});
    res.end(reply.body ?? '');
  }

  async function handleAdmin(res: http.ServerResponse, body: Buffer): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return void sendJson(res, 200, {
        code: 'INVALID_PARAM',
        message: 'request body is not valid JSON',
        requestId: '',
      });
    }
    const action =
      typeof (parsed as { action?: unknown })?.action === 'string'
        ? (parsed as { action: string }).action
        : '';
    const collection = (parsed as { collectionName?: string })?.collectionName;
    adminRequests.set(action, (adminRequests.get(action) ?? 0) + 1);
    const fault = faults.take('database', action, collection);
    if (fault?.effect === 'latency') await sleep(fault.ms ?? 1000);
    if (fault?.effect === 'error') {
      return void sendJson(res, 200, {
        code: fault.code ?? 'SYS_ERR',
        message: 'injected fault',
        requestId: '',
      });
    }
    const answer = await protocol.handle(parsed);
    if (fault?.effect === 'drop') return void res.socket?.destroy();
    if (fault?.effect === 'errorAfterCommit') {
      return void sendJson(res, 200, {
        code: fault.code ?? 'SYS_ERR',
        message: 'injected fault after commit',
        requestId: answer.requestId,
      });
    }
    sendJson(res, 200, answer);
  }

  async function handleInvoke(res: http.ServerResponse, name: string, body: Buffer): Promise<void> {
    let input: z.infer<typeof invokeBody>;
    try {
      input = invokeBody.parse(JSON.parse(body.toString('utf8') || '{}'));
    } catch {
      return void sendJson(res, 200, {
        errCode: -501007,
        errMsg: 'invalid invoke body: expected { event, wxContext }',
      });
    }
    const fault = faults.take('function', name);
    if (fault?.effect === 'latency') await sleep(fault.ms ?? 1000);
    if (fault?.effect === 'error')
      return void sendJson(res, 200, { errCode: -504002, errMsg: 'injected fault' });
    const outcome: InvokeOutcome = await functions.invoke(name, input.event, input.wxContext);
    if (fault?.effect === 'drop') return void res.socket?.destroy();
    if (fault?.effect === 'errorAfterCommit')
      return void sendJson(res, 200, { errCode: -504002, errMsg: 'injected fault after commit' });
    sendJson(res, 200, outcome);
  }

  function handleFaults(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    if (req.method === 'GET') return void sendJson(res, 200, { faults: faults.list() });
    if (req.method === 'DELETE') {
      faults.clear();
      return void sendJson(res, 200, { ok: true });
    }
    const parsed = faultRuleSchema.safeParse(safeJson(body));
    if (!parsed.success)
      return void sendJson(res, 400, {
        code: 'INVALID_PARAM',
        message: parsed.error.issues[0].message,
      });
    sendJson(res, 200, { id: faults.add(parsed.data) });
  }

  if (options.timers) {
    functions.startTimers((fn, trigger, outcome) => {
      if ('errCode' in outcome) log(`[timer] ${fn}/${trigger} failed: ${outcome.errMsg}`);
    });
  }

  let stopped = false;
  return {
    url,
    adminUrl,
    store,
    faults,
    functions,
    wecom,
    wechat,
    adminRequests,
    async stop() {
      if (stopped) return;
      stopped = true;
      await functions.stop();
      protocol.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
