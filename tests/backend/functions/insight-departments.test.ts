/**
 * 部门数据 (D1-D4) on the demo enterprise: the hourly job through the `timer` function, the
 * figures checked against recounts from the raw collections, who may see what (D1) through
 * the real `employee` function, and the job's increments, repeats and resumption through the
 * production job module (jobs/departments.ts).
 */
import { callAs, fireTimerJob, startTestCloud, type TestCloud } from '../support/cloud';
import { readAll as readAllOf } from '../support/derived';
import { liveEmployeeShareIds, loadDemoIntoEmptyStore } from '../../../local/seed/load';
import { demoOpenidOf } from '../../../local/seed/demo';
import { shanghaiDay } from '../../../cloudfunctions/_shared/attribution/rules';

type Departments = typeof import('../../../cloudfunctions/_shared/jobs/departments');
let t: TestCloud;
let runDepartments: Departments['runDepartments'];
const DAY = 24 * 3600 * 1000;

/** Every document of a collection (support/derived.ts). */
const readAll = (collection: string): Promise<any[]> => readAllOf(t, collection);

const employee = (userId: string, action: string, payload: Record<string, unknown> = {}) =>
  callAs(t, 'employee', demoOpenidOf(userId), { action, ...payload });

const fireDepartments = () => fireTimerJob(t, 'departments');

/** The roll-ups without their timestamps, by department, for comparing runs. */
async function departmentFigures(): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  for (const { computedAt: _c, ...row } of await readAll('departmentStats')) figures[row._id] = row;
  return figures;
}

let departments: any[];
let members: any[];
/** The ids of the department and everything below it. */
const subtree = (id: string) => departments.filter((d) => d.path.includes(id)).map((d) => d._id);
/** Active employees counted for a department: members of it or of any department below. */
const membersOf = (id: string) => {
  const ids = new Set(subtree(id));
  return members.filter((m) => m.departmentIds.some((d: string) => ids.has(d)));
};

beforeAll(async () => {
  t = await startTestCloud();
  await loadDemoIntoEmptyStore(t.local, t.dataDir, new Date());
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: t.local.adminUrl });
  jest.isolateModules(() => {
    ({ runDepartments } = require('../../../cloudfunctions/_shared/jobs/departments'));
  });
  departments = await readAll('departments');
  members = (await readAll('employees')).filter((e) => e.status === 'active');
}, 120_000);
afterAll(() => t.stop());

describe('D1: who sees which departments', () => {
  it('refuses an employee who leads no department, on every department action', async () => {
    const plain = members.find(
      (m) => m.leadsDepartmentIds.length === 0 && !m.roles.includes('admin'),
    );
    for (const action of ['departments.data', 'departments.tasks']) {
      const result = await employee(plain._id, action);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(result.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('shows a leader the departments they lead and those below, and nothing else', async () => {
    const result = await employee('huangmin', 'departments.data');
    expect(result.ok).toBe(true);
    expect(result.data.departments.map((d: any) => d.departmentId)).toEqual(['3']);
    const below = await employee('huangmin', 'departments.data', { departmentId: '3' });
    const shown = below.data.departments.map((d: any) => d.departmentId);
    expect(shown[0]).toBe('3');
    expect(shown.length).toBeGreaterThan(1);
    for (const id of shown) expect(subtree('3')).toContain(id);
    for (const outside of ['1', '2', '4']) {
      const refused = await employee('huangmin', 'departments.data', { departmentId: outside });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('shows an admin the whole enterprise from the top', async () => {
    const result = await employee('zhangwei', 'departments.data');
    expect(result.data.departments.map((d: any) => d.departmentId)).toEqual(['1']);
    const top = await employee('zhangwei', 'departments.data', { departmentId: '1' });
    expect(top.data.departments.length).toBe(
      1 + departments.filter((d) => d.parentId === '1').length,
    );
  });

  it('refuses malformed input without reading anything', async () => {
    for (const payload of [{ departmentId: '' }, { departmentId: 3 }, { extra: true }]) {
      const result = await employee('zhangwei', 'departments.data', payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const badCursor = await employee('zhangwei', 'departments.tasks', { cursor: 'x' });
    expect(badCursor).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('the hourly run, through the timer', () => {
  beforeAll(async () => {
    const before = await employee('zhangwei', 'departments.data');
    expect(before.data.computedAt).toBeNull();
    expect(await fireDepartments()).toMatchObject({ done: true });
  }, 120_000);

  it('D2: customers brought, new today / 7 / 30 days and leads, per department and below, equal a recount', async () => {
    const now = Date.now();
    const brought = await readAll('broughtBy');
    const stats = await readAll('taskStats');
    const today = shanghaiDay(new Date(now));
    const last7 = new Set(
      Array.from({ length: 7 }, (_, i) => shanghaiDay(new Date(now - i * DAY))),
    );
    const last30 = new Set(
      Array.from({ length: 30 }, (_, i) => shanghaiDay(new Date(now - i * DAY))),
    );
    for (const id of ['1', '3']) {
      const ids = new Set(membersOf(id).map((m) => m._id));
      const mine = brought.filter((b) => ids.has(b.employeeId));
      const result = await employee('zhangwei', 'departments.data', { departmentId: id });
      const row = result.data.departments[0];
      expect(row).toMatchObject({
        departmentId: id,
        brought: mine.length,
        newToday: mine.filter((b) => shanghaiDay(new Date(b.at)) === today).length,
        new7: mine.filter((b) => last7.has(shanghaiDay(new Date(b.at)))).length,
        new30: mine.filter((b) => last30.has(shanghaiDay(new Date(b.at)))).length,
        leads: stats.filter((s) => ids.has(s.employeeId)).reduce((n, s) => n + s.total.leads, 0),
      });
      expect(row.brought).toBeGreaterThan(0);
      // The trend: 30 Shanghai days, oldest first, adding up to the 30-day figure.
      expect(result.data.trend).toHaveLength(30);
      expect(result.data.trend[29].day).toBe(today);
      expect(result.data.trend.reduce((n: number, d: any) => n + d.newCustomers, 0)).toBe(
        row.new30,
      );
    }
    expect(typeof (await employee('zhangwei', 'departments.data')).data.computedAt).toBe('string');
  });

  it('D3: the claim rate is claimed / assigned over published tasks, per department', async () => {
    const tasks = new Map((await readAll('tasks')).map((k) => [k._id, k]));
    const assignments = (await readAll('taskAssignees')).filter(
      (a) => tasks.get(a.taskId)?.state === 'published',
    );
    for (const id of ['1', '3']) {
      const ids = new Set(membersOf(id).map((m) => m._id));
      const mine = assignments.filter((a) => ids.has(a.userId));
      const claimed = mine.filter((a) => a.claimedAt).length;
      const row = (await employee('zhangwei', 'departments.data', { departmentId: id })).data
        .departments[0];
      expect(row).toMatchObject({
        assigned: mine.length,
        claimed,
        claimRate: claimed / mine.length,
      });
    }
  });

  it('D4: each goal of each task, per department (completed / target) and, for admins, per channel', async () => {
    const result = await employee('zhangwei', 'departments.tasks');
    expect(result.ok).toBe(true);
    expect(result.data.tasks.length).toBeGreaterThan(0);
    const [task] = result.data.tasks;
    const assignees = (await readAll('taskAssignees')).filter((a) => a.taskId === task.taskId);
    const stats = (await readAll('taskStats')).filter((s) => s.taskId === task.taskId);
    const shares = (await readAll('shares')).filter(
      (s) => s.taskId === task.taskId && s.sharerType === 'employee',
    );
    for (const goal of task.goals) {
      const root = goal.byDepartment.find((d: any) => d.departmentId === '1');
      const ids = new Set(assignees.filter((a) => a.departmentIds.length > 0).map((a) => a.userId));
      expect(root).toMatchObject({
        name: '栖木家居',
        target: goal.target * ids.size,
        completed: stats
          .filter((s) => ids.has(s.employeeId))
          .reduce((n, s) => n + (s.inWindow[goal.kind] ?? 0), 0),
      });
      expect(goal.label).toMatch(/[\u4e00-\u9fa5]/);
      expect(goal.byChannel.map((c: any) => c.channel)).toEqual([
        'wechat_chat',
        'wecom_chat',
        'wecom_moments',
        'poster',
        'forward',
      ]);
      if (goal.kind === 'shares') {
        for (const c of goal.byChannel) {
          expect(c.value).toBe(shares.filter((s) => s.channel === c.channel).length);
        }
      }
    }
    // A leader sees only their own departments' rows, and no enterprise-wide channel split.
    const led = await employee('huangmin', 'departments.tasks');
    const visible = new Set(subtree('3'));
    for (const k of led.data.tasks) {
      for (const goal of k.goals) {
        expect(goal.byChannel).toEqual([]);
        for (const row of goal.byDepartment) expect(visible.has(row.departmentId)).toBe(true);
      }
    }
  });
});

describe('the hourly job is incremental, repeatable and resumable', () => {
  /** A run now, whenever the last one was (the trigger's hourly gate set aside). */
  const runNow = () => runDepartments({ budgetMs: 1e9, everyMs: 0 });

  it("a new customer moves exactly their sharer's departments, by one", async () => {
    await runNow();
    const before = (await departmentFigures()) as Record<string, any>;
    const shareId =
      liveEmployeeShareIds(t.local, 'huangmin')[0] ?? liveEmployeeShareIds(t.local)[0];
    const share = (await readAll('shares')).find((s) => s._id === shareId);
    const sharer = members.find((m) => m._id === share.rootEmployeeId);
    const opened = await callAs(t, 'customer', 'dept-new-reader', {
      action: 'content.open',
      clientEventId: 'dept-open-1',
      shareId: share._id,
    });
    expect(opened.ok).toBe(true);
    const run = await runNow();
    expect(run.done).toBe(true);
    expect(run.employees).toBeLessThan(members.length);
    const after = (await departmentFigures()) as Record<string, any>;
    const counted = new Set(
      sharer.departmentIds.flatMap((d: string) => departments.find((x) => x._id === d)?.path ?? []),
    );
    for (const d of departments) {
      expect(after[d._id].brought).toBe(before[d._id].brought + (counted.has(d._id) ? 1 : 0));
    }
  }, 120_000);

  it('fired again within the hour it does nothing; run again with nothing new, it writes the same figures', async () => {
    const before = await departmentFigures();
    expect(await runDepartments({ budgetMs: 1e9 })).toMatchObject({
      done: true,
      current: true,
    });
    expect(await departmentFigures()).toEqual(before);
    expect(await runNow()).toMatchObject({ done: true });
    expect(await departmentFigures()).toEqual(before);
  });

  it('a run cut into many small invocations, from scratch, ends where one uninterrupted run does', async () => {
    const _ = t.db.command;
    const at = new Date();
    const reset = async () => {
      for (const c of ['employeeStats', 'departmentStats', 'taskDepartmentStats'])
        await t.db
          .collection(c)
          .where({ _id: _.exists(true) })
          .remove();
      await t.db.collection('jobRuns').where({ _id: 'departments' }).remove();
    };
    await reset();
    expect(await runDepartments({ now: at, budgetMs: 1e9 })).toMatchObject({ done: true });
    const whole = await departmentFigures();
    const tasksWhole = (await readAll('taskDepartmentStats')).map(({ computedAt: _c, ...k }) => k);
    await reset();
    let calls = 0;
    while (!(await runDepartments({ now: at, budgetMs: 0 })).done) {
      calls += 1;
      expect(calls).toBeLessThan(500);
    }
    expect(calls).toBeGreaterThan(3);
    expect(await departmentFigures()).toEqual(whole);
    expect((await readAll('taskDepartmentStats')).map(({ computedAt: _c, ...k }) => k)).toEqual(
      tasksWhole,
    );
  }, 120_000);
});
