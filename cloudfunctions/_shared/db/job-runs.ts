import { db, rows, command as _, isDuplicateKeyError } from '../runtime/cloud';

/**
 * The state of a chunked timer job (`_id` = the job's name: `radar`, `departments`): who runs it
 * (a lease, compare-and-set on `version`, expiring so a killed run cannot block it), where an
 * unfinished run stopped (`run`, its checkpoint) and what the last finished run produced
 * (`last`, read by the pages: R6 "computed at").
 */
export interface JobRunDoc<Run, Last> {
  _id: string;
  version: number;
  leaseOwner: string | null;
  leaseUntil: Date;
  run: Run | null;
  last: Last | null;
}

const jobRuns = () => db.collection('jobRuns');

/** The job's state, created empty on first use. */
export async function readJobRun<Run, Last>(job: string): Promise<JobRunDoc<Run, Last>> {
  const found = await rows<JobRunDoc<Run, Last>>(jobRuns().where({ _id: job }).limit(1).get());
  if (found[0]) return found[0];
  try {
    await jobRuns().add({
      data: {
        _id: job,
        version: 0,
        leaseOwner: null,
        leaseUntil: new Date(0),
        run: null,
        last: null,
      },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return (await rows<JobRunDoc<Run, Last>>(jobRuns().where({ _id: job }).limit(1).get()))[0];
}

/** The last finished run only (one read; null before the first). */
export async function readLastJobRun<Last>(job: string): Promise<Last | null> {
  const found = await rows<{ last: Last | null }>(
    jobRuns().where({ _id: job }).field({ last: true }).limit(1).get(),
  );
  return found[0]?.last ?? null;
}

/** Compare-and-set on `version`: true when `owner` now holds the job's lease. */
export async function takeJobLease(
  job: string,
  version: number,
  owner: string,
  until: Date,
): Promise<boolean> {
  const result = (await jobRuns()
    .where({ _id: job, version })
    .update({ data: { version: version + 1, leaseOwner: owner, leaseUntil: until } })) as {
    stats: { updated: number };
  };
  return result.stats.updated === 1;
}

/** Saves the checkpoint (and whatever else is given) if `owner` still holds the lease. */
export async function saveJobRun<Run, Last>(
  job: string,
  owner: string,
  fields: { run?: Run | null; last?: Last | null; leaseUntil?: Date },
): Promise<boolean> {
  const result = (await jobRuns()
    .where({ _id: job, leaseOwner: owner })
    .update({ data: replacing(fields) })) as { stats: { updated: number } };
  return result.stats.updated === 1;
}

/** Releases the lease (and records whatever else is given). */
export async function releaseJobLease<Run, Last>(
  job: string,
  owner: string,
  fields: { run?: Run | null; last?: Last | null } = {},
): Promise<void> {
  await jobRuns()
    .where({ _id: job, leaseOwner: owner })
    .update({ data: { ...replacing(fields), leaseOwner: null, leaseUntil: new Date(0) } });
}

/** `run` and `last` are replaced whole (a plain object would be merged into the old one). */
function replacing(fields: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    data[key] = value !== null && (key === 'run' || key === 'last') ? _.set(value) : value;
  }
  return data;
}
