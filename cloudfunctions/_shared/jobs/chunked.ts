/**
 * A timer job whose work can outgrow one invocation: it runs in steps under a lease (one runner
 * at a time; a killed runner's lease expires), saves its checkpoint after every step, stops at
 * its time budget and is continued by the next call. Steps must be repeatable: a step that
 * died before its checkpoint is run again from the previous one.
 */
import { randomBytes } from 'node:crypto';
import { readJobRun, releaseJobLease, saveJobRun, takeJobLease } from '../db/job-runs';

const LEASE_MS = 70_000;

export interface ChunkedJob<Run, Last> {
  name: string;
  /** A new run, or null when there is nothing to start (the last run is still current). */
  start(now: Date, last: Last | null): Run | null;
  /** Does one bounded piece of `run` (mutating it); answers the finished result when done. */
  step(run: Run): Promise<Last | null>;
}

export type ChunkedResult<Run, Last> =
  | { status: 'busy' }
  | { status: 'current'; last: Last }
  | { status: 'paused'; run: Run }
  | { status: 'finished'; last: Last };

/** Runs (or continues) `job` for at most `budgetMs`; safe to call at any time, in parallel. */
export async function runChunkedJob<Run, Last>(
  job: ChunkedJob<Run, Last>,
  options: { now: Date; budgetMs: number },
): Promise<ChunkedResult<Run, Last>> {
  const started = Date.now();
  const state = await readJobRun<Run, Last>(job.name);
  const run = state.run ?? job.start(options.now, state.last);
  if (!run) return { status: 'current', last: state.last! };
  const owner = randomBytes(8).toString('hex');
  if (
    state.leaseUntil.getTime() > started ||
    !(await takeJobLease(job.name, state.version, owner, new Date(started + LEASE_MS)))
  ) {
    return { status: 'busy' };
  }
  try {
    const checkpoint = async () => {
      if (
        !(await saveJobRun(job.name, owner, { run, leaseUntil: new Date(Date.now() + LEASE_MS) }))
      )
        throw new Error(`${job.name}: lost the lease`);
    };
    await checkpoint();
    // At least one step per call, so even a call out of time moves the run forward.
    for (;;) {
      const last = await job.step(run);
      if (last) {
        await releaseJobLease(job.name, owner, { run: null, last });
        return { status: 'finished', last };
      }
      if (Date.now() - started > options.budgetMs) {
        await releaseJobLease(job.name, owner, { run });
        return { status: 'paused', run };
      }
      await checkpoint();
    }
  } catch (error) {
    await releaseJobLease(job.name, owner).catch(() => undefined);
    throw error;
  }
}
