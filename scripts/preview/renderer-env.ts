/**
 * What the command tells the renderer it starts inside jest. jest runs the renderer in its
 * own sandbox (its own module registry and globals), so these travel as environment
 * variables, set before jest starts.
 */
import type { DemoShare, Persona } from './shots';

export interface RendererEnv {
  /** The bridge to the browser (./bridge.ts). */
  bridgeUrl: string;
  /** The in-process local cloud with the demo enterprise. */
  cloudUrl: string;
  openids: Record<Persona, string>;
  /** The demo shares shots open pages through (demo-cloud.ts). */
  shares: Partial<Record<DemoShare, string>>;
  /** Ids of the shots to take (`tasks--demo`, ...), in order. */
  shotIds: string[];
}

const NAME = 'PREVIEW_RENDERER';

/** The environment variables carrying `env`. */
export function rendererEnvVars(env: RendererEnv): Record<string, string> {
  return { [NAME]: JSON.stringify(env) };
}

/** The renderer's instructions, or undefined when jest was not started by `npm run preview`. */
export function readRendererEnv(): RendererEnv | undefined {
  const raw = process.env[NAME];
  return raw ? (JSON.parse(raw) as RendererEnv) : undefined;
}
