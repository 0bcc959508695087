/**
 * Notifications end to end: `enqueueNotifications` writes the outbox, the `timer` function's
 * `outbox` trigger sends it through the WeCom fake's `message/send`. Sent once (T2, P3),
 * switches honoured at send time (M5), retries with backoff through a WeCom outage, no
 * duplicate under overlapping runs, invalid recipients recorded, timer-only (S1).
 *
 * Backoff is tested without waiting: instead of advancing a clock, the tests move due times
 * (`nextAttemptAt`) of pending items into the past, which is what time passing does.
 */
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';
import type { WeComOrg } from '../../../local/fakes/wecom';
import type { NotificationRequest } from '../../../cloudfunctions/_shared/notifications/enqueue';
import { BACKOFF_BASE_MS, MAX_ATTEMPTS } from '../../../cloudfunctions/_shared/notifications/rules';

let t: TestCloud;
type Enqueue = typeof import('../../../cloudfunctions/_shared/notifications/enqueue');
let enqueueNotifications: Enqueue['enqueueNotifications'];
let outboxId: Enqueue['outboxId'];

/**
 * Loads the production enqueue module as a function would run it: with its own wx-server-sdk
 * (isolated module registry), initialised by the shared runtime from CloudBase's environment
 * variable that points at the database, here the local cloud.
 */
function loadEnqueue(adminUrl: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: adminUrl });
  jest.isolateModules(() => {
    ({
      enqueueNotifications,
      outboxId,
    } = require('../../../cloudfunctions/_shared/notifications/enqueue'));
  });
}

const ORG: WeComOrg = {
  departments: [{ id: 1, name: '栖木家居', parentid: 0 }],
  users: [
    { userid: 'lilei', name: '李雷', department: [1], status: 1 },
    { userid: 'hanmeimei', name: '韩梅梅', department: [1], status: 1 },
    { userid: 'wangwu', name: '王五', department: [1], status: 1 },
    { userid: 'gone', name: '离职员工', department: [1], status: 5 },
  ],
};

const employee = (id: string) => ({
  _id: id,
  corpId: 'ww-test',
  name: id,
  avatar: '',
  position: '销售',
  departmentIds: ['1'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
});

beforeAll(async () => {
  t = await startTestCloud({ wecomOrg: ORG });
  loadEnqueue(t.local.adminUrl);
  await t.db.collection('employees').add({
    data: ['lilei', 'hanmeimei', 'wangwu'].map(employee),
  });
  await t.db.collection('bindings').add({
    data: ['lilei', 'hanmeimei', 'wangwu'].map((u) => ({
      _id: `openid-${u}`,
      userId: u,
      corpId: 'ww-test',
      source: 'wecom',
      boundAt: new Date(),
    })),
  });
});
afterAll(() => t.stop());

beforeEach(async () => {
  const _ = t.db.command;
  await t.db
    .collection('outbox')
    .where({ state: _.exists(true) })
    .remove();
  await t.db
    .collection('notificationSettings')
    .where({ _id: _.exists(true) })
    .remove();
  t.local.wecom.control.reset();
});

function note(
  overrides: Partial<NotificationRequest> & { dedupeKey: string },
): NotificationRequest {
  return {
    kind: 'newTask',
    userId: 'lilei',
    title: '新任务：春季焕新季',
    description: '春季焕新季已发布，快去领取吧',
    page: 'pages/tasks/index?taskId=t1',
    ...overrides,
  };
}

/** Fires the outbox trigger exactly as the scheduler does; answers the run's report. */
async function fire(): Promise<any> {
  const outcome = await t.local.functions.fireTimer('timer', 'outbox');
  if ('errCode' in outcome) throw new Error(outcome.errMsg);
  const result = outcome.result as any;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

/**
 * Time passes: every pending item becomes due. Rewritten by remove + add because the SDK drops
 * a Date made in jest's sandbox from an update (not `instanceof` its Date), while add keeps it.
 */
async function makeDue(): Promise<void> {
  const past = new Date(Date.now() - 1000);
  for (const item of await allItems()) {
    if (item.state !== 'pending') continue;
    await t.db.collection('outbox').doc(item._id).remove();
    await t.db.collection('outbox').add({ data: { ...item, nextAttemptAt: past } });
  }
}

async function outboxItem(dedupeKey: string): Promise<any> {
  const { data } = await t.db.collection('outbox').doc(outboxId(dedupeKey)).get();
  return data;
}

async function allItems(): Promise<any[]> {
  const { data } = await t.db.collection('outbox').limit(1000).get();
  return data;
}

/** Messages the fake accepted, as `userId|title` strings. */
const sentMessages = () =>
  t.local.wecom.control
    .sent()
    .map((m) => `${m.recipients.join(',')}|${(m.body.miniprogram_notice as any).title}`);

describe('T2: a notification is written first, then sent once by the timer', () => {
  it('sends a mini-program notice that opens the page, once, and records the outcome', async () => {
    const item = note({ dedupeKey: 'newTask:t1:lilei' });
    await enqueueNotifications([item]);
    // Publishing again (a retried request) keeps the one item.
    await enqueueNotifications([item, { ...item, title: '重复' }]);
    expect(await allItems()).toHaveLength(1);
    expect(await outboxItem('newTask:t1:lilei')).toMatchObject({ state: 'pending', attempts: 0 });

    const report = await fire();
    expect(report).toMatchObject({ claimed: 1, sent: 1, failed: 0, backedOff: false });

    const sent = t.local.wecom.control.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ msgtype: 'miniprogram_notice', recipients: ['lilei'] });
    expect(sent[0].body).toMatchObject({
      touser: 'lilei',
      agentid: 1000002,
      miniprogram_notice: {
        appid: 'wx-local-miniprogram',
        page: 'pages/tasks/index?taskId=t1',
        title: '新任务：春季焕新季',
      },
    });
    const stored = await outboxItem('newTask:t1:lilei');
    expect(stored).toMatchObject({
      state: 'sent',
      attempts: 1,
      msgid: sent[0].msgid,
      lastErrcode: 0,
      leaseId: null,
    });
    expect(stored.history).toEqual([expect.objectContaining({ outcome: 'sent', errcode: 0 })]);

    // Later runs find nothing to do; a later enqueue of the same key is still a no-op.
    await enqueueNotifications([item]);
    await makeDue();
    expect(await fire()).toMatchObject({ claimed: 0, sent: 0 });
    expect(t.local.wecom.control.sent()).toHaveLength(1);
  });

  it('P3: one benefit reminder per (task, employee, reminder), however often it is enqueued', async () => {
    const reminder = (days: number) =>
      note({
        kind: 'benefitExpiring',
        dedupeKey: `benefitExpiring:t1:hanmeimei:${days}d`,
        userId: 'hanmeimei',
        title: `权益${days}天后过期`,
        page: 'packages/me/pages/benefits/index',
      });
    await enqueueNotifications([reminder(3), reminder(3)]);
    await enqueueNotifications([reminder(3), reminder(1)]);
    await fire();
    await enqueueNotifications([reminder(3), reminder(1)]);
    await makeDue();
    await fire();
    expect(sentMessages().sort()).toEqual(['hanmeimei|权益1天后过期', 'hanmeimei|权益3天后过期']);
  });
});

describe('M5: switches are honoured at send time; switched off means never sent', () => {
  it('a kind switched off after enqueueing is suppressed, and stays unsent when switched back on', async () => {
    await enqueueNotifications([
      note({ kind: 'newLead', dedupeKey: 'newLead:l1', userId: 'hanmeimei', title: '新线索' }),
      note({ kind: 'newTask', dedupeKey: 'newTask:t2:hanmeimei', userId: 'hanmeimei' }),
    ]);
    const off = await callAs(t, 'employee', 'openid-hanmeimei', {
      action: 'settings.notifications.set',
      newLead: false,
    });
    expect(off.ok).toBe(true);

    expect(await fire()).toMatchObject({ sent: 1, suppressed: 1 });
    expect(sentMessages()).toEqual(['hanmeimei|新任务：春季焕新季']);
    expect(await outboxItem('newLead:l1')).toMatchObject({
      state: 'suppressed',
      reason: 'switchedOff',
    });

    await callAs(t, 'employee', 'openid-hanmeimei', {
      action: 'settings.notifications.set',
      newLead: true,
    });
    await makeDue();
    await fire();
    expect(sentMessages()).toEqual(['hanmeimei|新任务：春季焕新季']);
  });

  it("one employee's switch does not silence another's notifications", async () => {
    await callAs(t, 'employee', 'openid-lilei', {
      action: 'settings.notifications.set',
      newCustomer: false,
    });
    await enqueueNotifications([
      note({ kind: 'newCustomer', dedupeKey: 'newCustomer:c1', userId: 'lilei', title: '新客户A' }),
      note({
        kind: 'newCustomer',
        dedupeKey: 'newCustomer:c2',
        userId: 'wangwu',
        title: '新客户B',
      }),
    ]);
    await fire();
    expect(sentMessages()).toEqual(['wangwu|新客户B']);
  });
});

describe('the outbox survives a WeCom outage', () => {
  const items = ['lilei', 'hanmeimei', 'wangwu'].flatMap((userId) =>
    [1, 2].map((n) => note({ dedupeKey: `newTask:o${n}:${userId}`, userId, title: `任务${n}` })),
  );

  it('retries with backoff while WeCom answers errors, then sends everything exactly once', async () => {
    await enqueueNotifications(items);
    const wecom = t.local.wecom.control;
    wecom.outage({ untilMs: Date.now() + 3600_000, errcode: -1 });

    // First run: WeCom is down; the run backs off after the first failure.
    const first = await fire();
    expect(first).toMatchObject({ sent: 0, backedOff: true });
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    const failed = (await allItems()).filter((i) => i.attempts === 1);
    expect(failed.length).toBe(first.retrying);
    for (const item of failed) {
      expect(item).toMatchObject({ state: 'pending', lastErrcode: -1, reason: 'busy' });
      const last = item.history[item.history.length - 1];
      expect(item.nextAttemptAt.getTime() - last.at.getTime()).toBe(BACKOFF_BASE_MS);
    }

    // Nothing is due before its backoff: an immediate run does not touch the failed items.
    await fire();
    for (const item of failed) expect((await outboxItem(item.dedupeKey)).attempts).toBe(1);

    // Time passes, WeCom is still down: the delay doubles.
    await makeDue();
    await fire();
    const again = (await allItems()).find((i) => i.attempts === 2)!;
    const last = again.history[again.history.length - 1];
    expect(again.nextAttemptAt.getTime() - last.at.getTime()).toBe(2 * BACKOFF_BASE_MS);

    // WeCom comes back but rate-limits for a few calls (45009, 45033).
    wecom.restore();
    wecom.failNext(2, 45009, { path: '/cgi-bin/message/send' });
    wecom.failNext(1, 45033, { path: '/cgi-bin/message/send' });
    for (let run = 0; run < 10; run += 1) {
      await makeDue();
      await fire();
    }
    const rateLimited = (await allItems()).flatMap((i) => i.history).map((h) => h.reason);
    expect(rateLimited).toContain('rateLimited');

    // Everything sent exactly once, and recorded as sent.
    expect(sentMessages().sort()).toEqual(items.map((i) => `${i.userId}|${i.title}`).sort());
    expect((await allItems()).every((i) => i.state === 'sent')).toBe(true);

    // More runs change nothing.
    await makeDue();
    await fire();
    expect(t.local.wecom.control.sent()).toHaveLength(items.length);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and records why`, async () => {
    await enqueueNotifications([note({ dedupeKey: 'newTask:doomed:lilei' })]);
    t.local.wecom.control.outage({ untilMs: Date.now() + 3600_000, errcode: 45009 });
    for (let run = 0; run < MAX_ATTEMPTS + 2; run += 1) {
      await makeDue();
      await fire();
    }
    const item = await outboxItem('newTask:doomed:lilei');
    expect(item).toMatchObject({
      state: 'failed',
      attempts: MAX_ATTEMPTS,
      lastErrcode: 45009,
      reason: 'gaveUp:rateLimited',
    });
    expect(item.history).toHaveLength(MAX_ATTEMPTS);
    t.local.wecom.control.restore();
    await makeDue();
    await fire();
    expect(t.local.wecom.control.sent()).toHaveLength(0);
  });
});

describe('overlapping timer runs never send an item twice', () => {
  it('three runs at once send 45 items exactly once between them', async () => {
    const many = Array.from({ length: 45 }, (_, i) => {
      const userId = ['lilei', 'hanmeimei', 'wangwu'][i % 3];
      return note({ dedupeKey: `newTask:p${i}:${userId}`, userId, title: `并发任务${i}` });
    });
    await enqueueNotifications(many);
    // Slow every database write a little, so the runs' claims interleave.
    t.local.faults.add({
      target: 'database',
      action: 'database.modifyDocument',
      effect: 'latency',
      ms: 15,
    });
    try {
      const reports = await Promise.all([fire(), fire(), fire()]);
      const claimed = reports.reduce((sum, r) => sum + r.claimed, 0);
      expect(claimed).toBe(45);
    } finally {
      t.local.faults.clear();
    }
    const sent = sentMessages();
    expect(sent).toHaveLength(45);
    expect(new Set(sent).size).toBe(45);
    expect((await allItems()).every((i) => i.state === 'sent' && i.attempts === 1)).toBe(true);
  });
});

describe('invalid recipients', () => {
  it('a departed or unknown member fails at once with the reason recorded, never retried', async () => {
    await enqueueNotifications([
      note({ dedupeKey: 'newTask:t1:gone', userId: 'gone' }),
      note({ dedupeKey: 'newTask:t1:nobody', userId: 'nobody' }),
    ]);
    expect(await fire()).toMatchObject({ failed: 2, sent: 0, backedOff: false });
    for (const key of ['newTask:t1:gone', 'newTask:t1:nobody']) {
      expect(await outboxItem(key)).toMatchObject({
        state: 'failed',
        attempts: 1,
        lastErrcode: 81013,
        reason: 'invaliduser',
      });
    }
    await makeDue();
    expect(await fire()).toMatchObject({ claimed: 0 });
    expect(t.local.wecom.control.sent()).toHaveLength(0);
  });
});

describe('S1: the timer function runs only for the timer trigger', () => {
  it.each([
    ['a mini-program client', { OPENID: 'openid-lilei', SOURCE: 'wx_client' }],
    ['another function', { SOURCE: 'tcb_function' }],
    ['a caller with no source', {}],
  ])('refuses %s, and sends nothing', async (_name, caller) => {
    await enqueueNotifications([note({ dedupeKey: 'newTask:s1:lilei' })]);
    const outcome = await t.local.functions.invoke(
      'timer',
      { Type: 'Timer', TriggerName: 'outbox' },
      caller,
    );
    expect(outcome).toEqual({
      result: { ok: false, error: { code: 'FORBIDDEN', message: '仅限定时触发器调用' } },
    });
    expect(t.local.wecom.control.sent()).toHaveLength(0);
    expect(await outboxItem('newTask:s1:lilei')).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('an unknown trigger name is refused', async () => {
    const outcome = await t.local.functions.invoke(
      'timer',
      { Type: 'Timer', TriggerName: 'drop-tables' },
      { SOURCE: 'wx_trigger' },
    );
    expect((outcome as any).result.error.code).toBe('UNKNOWN_ACTION');
  });
});
