/**
 * One function instance, in its own process, as CloudBase runs it: it loads the bundled
 * function once (cold start) and then serves one invocation at a time. Before each call the
 * host's per-call environment (the `WX_*` context keys, `TCB_SOURCE`, `TRIGGER_SRC`) replaces
 * the previous one, which is how `cloud.getWXContext()` reads the caller.
 */
interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: unknown;
  env: Record<string, string>;
  context: Record<string, unknown>;
}

const entry = process.argv[2];
let perCallKeys: string[] = [];

function loadHandler(): (event: unknown, context: unknown) => unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(entry);
  const main = mod.main ?? mod.default?.main;
  if (typeof main !== 'function') throw new Error(`${entry} does not export main(event, context)`);
  return main;
}

let handler: ReturnType<typeof loadHandler> | undefined;

process.on('message', async (message: InvokeMessage) => {
  if (message?.type !== 'invoke') return;
  for (const key of perCallKeys) delete process.env[key];
  Object.assign(process.env, message.env);
  perCallKeys = Object.keys(message.env);
  try {
    handler ??= loadHandler();
    const result = await handler(message.event, message.context);
    process.send!({ type: 'result', id: message.id, result: result === undefined ? null : result });
  } catch (error) {
    const e = error as Error;
    process.send!({
      type: 'error',
      id: message.id,
      message: e?.message ?? String(error),
      stack: e?.stack,
    });
  }
});

process.send!({ type: 'ready' });
