/**
 * A realistic, deterministic demo enterprise: 栖木家居 (a home-furnishing brand) with its
 * WeCom organisation, content, tasks in every status, and 30 days of attribution data.
 *
 * `buildDemoData` is pure: no I/O, no SDK, no Math.random, no process time zone. The same
 * `now` and seed always give deep-equal data; whoever loads it (the local cloud, a preview,
 * a test) writes `collections` as they are. What the demo holds is described in
 * docs/data-model.md, section "Demo data".
 */
import { buildDemoFollowUps } from './follow-ups';
import {
  DERIVED_COLLECTIONS,
  rebuildDerived,
} from '../../cloudfunctions/_shared/attribution/rebuild';
import type { EventDoc as EngineEventDoc } from '../../cloudfunctions/_shared/db/events';
import type { ShareDoc as EngineShareDoc } from '../../cloudfunctions/_shared/db/shares';
import { DAY, CUSTOMER_RHYTHM, EMPLOYEE_RHYTHM, RhythmSampler } from './clock';
import { buildContents, buildForms, buildTagGroups } from './content';
import { simulateActivity } from './activity';
import {
  buildOrg,
  DEMO_CORP_ID,
  type DemoLogin,
  type WeComDepartment,
  type WeComUser,
} from './org';
import { Random } from './random';
import { buildRedemptions } from './redemptions';
import { buildTaskAssignees, buildTasks } from './tasks';

export { DEMO_CORP_ID, demoOpenidOf } from './org';
export { CONSENT_TEXT } from './content';
export type { DemoLogin, WeComDepartment, WeComUser } from './org';
export type * from './documents';

export const DEFAULT_DEMO_SEED = 20240601;

export interface BuildDemoOptions {
  now: Date;
  seed?: number;
}

export interface DemoData {
  corpId: string;
  /** Collection name -> documents, each with `_id`; dates are `Date`s. */
  collections: Record<string, Record<string, unknown>[]>;
  /** The same organisation as WeCom's department/user list APIs return it. */
  wecomOrg: { departments: WeComDepartment[]; users: WeComUser[] };
  /** Every active employee with the OPENID their binding uses. */
  demoLogins: DemoLogin[];
}

/** Activity is sampled in a window a little wider than the 30 days of events, for claims. */
const SAMPLING_WINDOW_DAYS = 35;

export function buildDemoData({ now, seed = DEFAULT_DEMO_SEED }: BuildDemoOptions): DemoData {
  const random = new Random(seed);
  const windowStart = now.getTime() - SAMPLING_WINDOW_DAYS * DAY;
  const officeHours = new RhythmSampler(EMPLOYEE_RHYTHM, windowStart, now.getTime());
  const customerRhythm = new RhythmSampler(CUSTOMER_RHYTHM, windowStart, now.getTime());

  const org = buildOrg(now, random.stream('org'));
  const forms = buildForms(now);
  const contents = buildContents(now);
  const tasks = buildTasks(now);
  const taskAssignees = buildTaskAssignees(
    now,
    tasks,
    org.employees,
    org.departments,
    random.stream('claims'),
    officeHours,
  );
  const cityOfEmployee = new Map(
    org.employees.map((e) => [e._id, org.cityOfDepartment.get(e.departmentIds[0]) ?? '']),
  );
  const activity = simulateActivity({
    now,
    random: random.stream('activity'),
    tasks,
    assignees: taskAssignees,
    contents,
    forms,
    cityOfEmployee,
    sharingHabitOf: org.sharingHabitOf,
    customerRhythm,
    officeHours,
  });

  // The simulation writes the base data and the event log; every derived collection (and the
  // derived fields of shares and customers) is what the attribution engine would have written
  // for these events (docs/attribution.md, "Rebuilding derived data").
  const base = {
    tasks,
    shares: activity.shares as EngineShareDoc[],
    customers: activity.customers,
    events: activity.events as EngineEventDoc[],
  };
  // Points are credited by the events; employees then redeem what the ended tasks paid them
  // (base data, like the events), and the rebuild debits it.
  const redemptions = buildRedemptions(
    now,
    tasks,
    rebuildDerived(base).pointsBalances,
    random.stream('redemptions'),
  );
  const derived = rebuildDerived({ ...base, redemptions });
  const derivedCollections = Object.fromEntries(
    DERIVED_COLLECTIONS.map((name) => [
      name,
      derived[name] as unknown as Record<string, unknown>[],
    ]),
  );

  return {
    corpId: DEMO_CORP_ID,
    collections: {
      departments: org.departments,
      employees: org.employees,
      bindings: org.bindings,
      contents,
      forms,
      tags: buildTagGroups(now),
      tasks,
      taskAssignees,
      events: activity.events,
      redemptions: redemptions as unknown as Record<string, unknown>[],
      followUps: buildDemoFollowUps(
        activity.events,
        now,
        random.stream('follow-ups'),
      ) as unknown as Record<string, unknown>[],
      // shares and customers: the minted/base documents with their derived fields rebuilt.
      ...derivedCollections,
    },
    wecomOrg: org.wecom,
    demoLogins: org.logins,
  };
}
