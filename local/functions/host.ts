import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { CronExpression } from './cron';

/** A function as declared in `cloudbaserc.json`. */
export interface FunctionSpec {
  name: string;
  /** Seconds, as CloudBase counts them. */
  timeout: number;
  memorySize: number;
  /** Deploy-time environment (`{{env.NAME}}` templates); the local host sets its own values. */
  envVariables?: Record<string, string>;
  triggers?: { name: string; type: 'timer'; config: string }[];
}

/** What the caller is, as `cloud.getWXContext()` will report it. */
export interface CallerContext {
  OPENID?: string;
  UNIONID?: string;
  APPID?: string;
  SOURCE?: string;
}

/** `{ result }` like `wx.cloud.callFunction`, or CloudBase's error when the function failed. */
export type InvokeOutcome = { result: unknown } | { errCode: number; errMsg: string };

/** SOURCE the host reports for timer-triggered calls; timer functions accept nothing else. */
export const TIMER_SOURCE = 'wx_trigger';
export const FUNCTION_EXECUTE_FAIL = -504002;

interface Pending {
  resolve: (outcome: InvokeOutcome) => void;
  timer: NodeJS.Timeout;
}

/** One warm (or warming) process of a function, serving one call at a time. */
class Instance {
  busy = false;
  /** Set when the host kills it: the exit event may come later, but it must not serve again. */
  dead = false;
  private pending?: Pending;
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(
    readonly child: ChildProcess,
    private readonly onExit: (instance: Instance) => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) =>
        reject(new Error(`function process exited during start (code ${code})`)),
      );
    });
    child.on('message', (m: { type: string; id?: number; result?: unknown; message?: string }) => {
      if (!this.pending || m.type === 'ready') return;
      const { resolve, timer } = this.pending;
      this.pending = undefined;
      clearTimeout(timer);
      resolve(
        m.type === 'result'
          ? { result: m.result }
          : { errCode: FUNCTION_EXECUTE_FAIL, errMsg: `functions execute fail | ${m.message}` },
      );
    });
    child.on('exit', (code, signal) => {
      this.dead = true;
      const pending = this.pending;
      this.pending = undefined;
      if (pending) {
        clearTimeout(pending.timer);
        pending.resolve({
          errCode: FUNCTION_EXECUTE_FAIL,
          errMsg: `functions execute fail | process exited (${signal ?? code}), e.g. out of memory`,
        });
      }
      this.onExit(this);
    });
  }

  call(
    event: unknown,
    env: Record<string, string>,
    context: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.dead = true;
        this.child.kill('SIGKILL');
        resolve({
          errCode: FUNCTION_EXECUTE_FAIL,
          errMsg: `functions execute fail | Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
        });
      }, timeoutMs);
      this.pending = { resolve, timer };
      this.child.send({ type: 'invoke', id: this.nextId++, event, env, context }, (error) => {
        if (!error || !this.pending) return;
        clearTimeout(timer);
        this.pending = undefined;
        this.dead = true;
        resolve({
          errCode: FUNCTION_EXECUTE_FAIL,
          errMsg: `functions execute fail | ${error.message}`,
        });
      });
    });
  }
}

export interface FunctionHostOptions {
  specs: FunctionSpec[];
  /** Folder holding `<name>/index.js` bundles (the build output). */
  functionsDir: string;
  /** The local cloud's `/admin` URL, injected the way CloudBase injects its own. */
  adminUrl: string;
  envId: string;
  appId: string;
  /** Extra environment for every function (outside API base URLs, secrets). */
  env?: Record<string, string>;
  /** Most instances per function at once; calls beyond wait for a free one. */
  maxInstances?: number;
}

/**
 * Runs cloud functions the way CloudBase does: each in its own worker processes, one request
 * per instance at a time, with the call's identity in the environment, a timeout that kills
 * the instance, a memory limit, and timer triggers from each function's config.
 */
export class FunctionHost {
  private readonly idle = new Map<string, Instance[]>();
  private readonly all = new Set<Instance>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly counts = new Map<string, number>();
  private timerHandle?: NodeJS.Timeout;
  private readonly workerPath: string;
  private stopped = false;
  /** Invocations so far, per function (benchmarks read it). */
  readonly invocations = new Map<string, number>();

  constructor(private readonly options: FunctionHostOptions) {
    this.workerPath = buildWorker();
  }

  has(name: string): boolean {
    return this.options.specs.some((s) => s.name === name);
  }

  /** Invokes a function as `caller`; resolves with its result or CloudBase's failure. */
  async invoke(
    name: string,
    event: unknown,
    caller: CallerContext = {},
    extraEnv: Record<string, string> = {},
  ): Promise<InvokeOutcome> {
    const spec = this.options.specs.find((s) => s.name === name);
    if (!spec)
      return { errCode: -504001, errMsg: `FunctionName parameter could not be found: ${name}` };
    const instance = await this.acquire(spec);
    this.invocations.set(name, (this.invocations.get(name) ?? 0) + 1);
    try {
      const requestId = randomUUID();
      const env = callEnv(caller, this.options.appId, extraEnv);
      const context = {
        request_id: requestId,
        function_name: name,
        namespace: this.options.envId,
        memory_limit_in_mb: spec.memorySize,
        time_limit_in_ms: spec.timeout * 1000,
      };
      return await instance.call(event, env, context, spec.timeout * 1000);
    } finally {
      this.release(spec.name, instance);
    }
  }

  /** Fires a timer trigger now, exactly as the scheduler would. */
  fireTimer(name: string, triggerName: string): Promise<InvokeOutcome> {
    const event = {
      Type: 'Timer',
      TriggerName: triggerName,
      Time: new Date().toISOString(),
      Message: '',
    };
    return this.invoke(name, event, { SOURCE: TIMER_SOURCE }, { TRIGGER_SRC: 'timer' });
  }

  /** Starts the scheduler that fires timer triggers on their CloudBase cron expressions. */
  startTimers(onFired?: (fn: string, trigger: string, outcome: InvokeOutcome) => void): void {
    const schedule = this.options.specs.flatMap((spec) =>
      (spec.triggers ?? []).map((t) => ({
        fn: spec.name,
        trigger: t.name,
        cron: new CronExpression(t.config),
      })),
    );
    if (schedule.length === 0) return;
    let lastSecond = Math.floor(Date.now() / 1000);
    this.timerHandle = setInterval(() => {
      const second = Math.floor(Date.now() / 1000);
      for (let s = lastSecond + 1; s <= second; s++) {
        for (const { fn, trigger, cron } of schedule) {
          if (cron.matches(new Date(s * 1000))) {
            void this.fireTimer(fn, trigger).then((outcome) => onFired?.(fn, trigger, outcome));
          }
        }
      }
      lastSecond = second;
    }, 250);
    this.timerHandle.unref();
  }

  /** Stops the scheduler and every instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timerHandle) clearInterval(this.timerHandle);
    const exits = [...this.all].map(
      (i) =>
        new Promise<void>((resolve) =>
          i.child.exitCode !== null ? resolve() : i.child.once('exit', () => resolve()),
        ),
    );
    for (const i of this.all) i.child.kill('SIGKILL');
    await Promise.all(exits);
  }

  private async acquire(spec: FunctionSpec): Promise<Instance> {
    for (;;) {
      if (this.stopped) throw new Error('function host stopped');
      const idle = this.idle.get(spec.name)?.pop();
      if (idle) {
        idle.busy = true;
        return idle;
      }
      const count = this.counts.get(spec.name) ?? 0;
      if (count < (this.options.maxInstances ?? 4)) {
        this.counts.set(spec.name, count + 1);
        const instance = this.spawn(spec);
        instance.busy = true;
        await instance.ready;
        return instance;
      }
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(spec.name) ?? [];
        queue.push(resolve);
        this.waiting.set(spec.name, queue);
      });
    }
  }

  private release(name: string, instance: Instance): void {
    instance.busy = false;
    if (!instance.dead && this.all.has(instance)) {
      const list = this.idle.get(name) ?? [];
      list.push(instance);
      this.idle.set(name, list);
    }
    this.waiting.get(name)?.shift()?.();
  }

  private spawn(spec: FunctionSpec): Instance {
    const entry = path.join(this.options.functionsDir, spec.name, 'index.js');
    if (!fs.existsSync(entry))
      throw new Error(`function ${spec.name} is not built: ${entry} (run npm run build:functions)`);
    const child = fork(this.workerPath, [entry], {
      execArgv: [`--max-old-space-size=${spec.memorySize}`],
      env: this.baseEnv(spec),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const instance = new Instance(child, (dead) => {
      this.all.delete(dead);
      this.counts.set(spec.name, (this.counts.get(spec.name) ?? 1) - 1);
      const list = this.idle.get(spec.name);
      if (list)
        this.idle.set(
          spec.name,
          list.filter((i) => i !== dead),
        );
      this.waiting.get(spec.name)?.shift()?.();
    });
    this.all.add(instance);
    return instance;
  }

  private baseEnv(spec: FunctionSpec): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      // Windows: without SystemRoot a Node child cannot open sockets or seed its crypto, and
      // os.tmpdir() reads TEMP/TMP. Undefined (everywhere else) is left out of the env.
      ...(process.platform === 'win32'
        ? { SystemRoot: process.env.SystemRoot, TEMP: process.env.TEMP, TMP: process.env.TMP }
        : {}),
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      TZ: process.env.TZ,
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'local-secret-id',
      TENCENTCLOUD_SECRETKEY: 'local-secret-key',
      SCF_NAMESPACE: this.options.envId,
      TCB_ENV: this.options.envId,
      SCF_FUNCTIONNAME: spec.name,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl }),
      SILENCE: 'true',
      ...this.options.env,
    };
  }
}

function callEnv(
  caller: CallerContext,
  appId: string,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = { ...extra };
  const keys: string[] = [];
  const put = (key: string, value: string | undefined) => {
    if (value === undefined) return;
    env[key] = value;
    keys.push(key);
  };
  put('WX_OPENID', caller.OPENID);
  put('WX_UNIONID', caller.UNIONID);
  // getWXContext() answers nothing at all without context keys, so APPID is always there.
  put('WX_APPID', caller.APPID ?? appId);
  env.WX_CONTEXT_KEYS = keys.join(',');
  if (caller.SOURCE) env.TCB_SOURCE = caller.SOURCE;
  return env;
}

let builtWorker: string | undefined;

/** Compiles the worker entry once per process (it is TypeScript like everything else). */
function buildWorker(): string {
  if (builtWorker && fs.existsSync(builtWorker)) return builtWorker;
  const outfile = path.join(__dirname, '..', '..', 'build', 'local-cloud', 'worker.js');
  const { outputFiles } = buildSync({
    entryPoints: [path.join(__dirname, 'worker.ts')],
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  // Several test processes may build at once: write aside, then rename atomically.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, outputFiles[0].contents);
  fs.renameSync(tmp, outfile);
  builtWorker = outfile;
  return outfile;
}
