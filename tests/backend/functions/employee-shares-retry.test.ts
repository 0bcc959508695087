/**
 * 选择分享方式 retried (A1, T4; docs/attribution.md, "Employee side", `shares.create`): the
 * request's `requestId` is a retry key, and the key, the share and its count are written in one
 * transaction. Through the real function host, SDK and WeChat fake, with faults injected on the
 * transaction's commit: a retried request never mints or counts a second share, and a failed
 * one never leaves a share that is not counted.
 */
import { randomUUID } from 'node:crypto';
import { miniProgramPages } from '../../../local/cloud';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';
import { addPublishedTask } from '../support/task-fixture';

let t: TestCloud;
const DAY = 24 * 3600 * 1000;
const now = Date.now();
const WINDOW = { startAt: new Date(now - DAY), endAt: new Date(now + DAY) };

beforeAll(async () => {
  t = await startTestCloud();
  // What WeChat knows of the published version: every page of app.json.
  t.local.wechat.control.setPublishedPages(miniProgramPages());
  await addPublishedTask(t, 'lilei', now);
  // Two more tasks of the same content and window: `t2` (a request reused across tasks) and
  // `t3` (ended after its share was minted).
  const t1 = (await t.db.collection('tasks').doc('t1').get()).data;
  const { _id: _ignored, ...fields } = t1;
  await t.db.collection('tasks').add({
    data: [
      { ...fields, _id: 't2', title: '第二个任务' },
      { ...fields, _id: 't3', title: '第三个任务' },
    ],
  });
});
afterAll(() => t.stop());
afterEach(() => t.local.faults.clear());

let employees = 0;
/**
 * A new employee with t1, t2 and t3 assigned and claimed: counters of their own, so every test
 * starts from nothing.
 */
async function newEmployee(): Promise<string> {
  const id = `emp${++employees}`;
  await t.db.collection('employees').add({
    data: {
      _id: id,
      corpId: 'ww-test',
      name: `员工${employees}`,
      avatar: '',
      position: '销售',
      departmentIds: ['2'],
      leadsDepartmentIds: [],
      roles: [],
      status: 'active',
    },
  });
  await t.db.collection('bindings').add({
    data: {
      _id: `openid-${id}`,
      userId: id,
      corpId: 'ww-test',
      source: 'wecom',
      boundAt: new Date(),
    },
  });
  await t.db.collection('taskAssignees').add({
    data: ['t1', 't2', 't3'].map((taskId) => ({
      _id: `${taskId}:${id}`,
      taskId,
      userId: id,
      departmentIds: [],
      taskState: 'published',
      ...WINDOW,
      assignedAt: new Date(now - DAY),
      claimedAt: new Date(now - 3600_000),
    })),
  });
  return id;
}

const share = (employee: string, payload: Record<string, unknown>) =>
  callAs(t, 'employee', `openid-${employee}`, { action: 'shares.create', ...payload });

async function doc(collection: string, id: string) {
  return (await t.db.collection(collection).where({ _id: id }).get()).data[0];
}
async function sharesOf(employee: string) {
  return (await t.db.collection('shares').where({ rootEmployeeId: employee }).limit(100).get())
    .data;
}
/** The employee's `share` events: one per share request, `_id` = its retry key. */
async function requestsOf(employee: string) {
  return (
    await t.db
      .collection('events')
      .where({ type: 'share', rootEmployeeId: employee })
      .limit(100)
      .get()
  ).data;
}
/** T4 `shares` of the employee for t1: since creation and in the window (0 before any count). */
async function sharesCounted(employee: string, taskId = 't1') {
  const stats = await doc('taskStats', `${taskId}:${employee}`);
  return { total: stats?.total.shares ?? 0, inWindow: stats?.inWindow.shares ?? 0 };
}

const failCommit = (effect: 'error' | 'errorAfterCommit' | 'drop') =>
  t.local.faults.add({
    target: 'database',
    action: 'database.commitTransaction',
    effect,
    times: 1,
  });

describe('A1/T4: a requestId is one tap: its retries answer one share, counted once', () => {
  it('A1/T4: the same requestId twice: one share, the same answer, taskStats total.shares 1', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    const first = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });
    const again = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });

    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    const minted = await sharesOf(emp);
    expect(minted.map((s: { _id: string }) => s._id)).toEqual([first.data.shareId]);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
    // The request's event (its retry key), settled, and the counters it moved.
    expect(await doc('events', `share:${emp}:${requestId}`)).toEqual({
      _id: `share:${emp}:${requestId}`,
      type: 'share',
      customerId: '',
      contentId: 'c1',
      taskId: 't1',
      shareId: first.data.shareId,
      rootEmployeeId: emp,
      channel: 'wechat_chat',
      parentCustomerId: null,
      at: minted[0].createdAt,
      data: { requestId },
    });
    const stats = await doc('taskStats', `t1:${emp}`);
    expect(Object.keys(stats).sort()).toEqual(
      ['_id', 'employeeId', 'inFlightEvents', 'inWindow', 'taskId', 'total', 'updatedAt'].sort(),
    );
    expect(stats.inFlightEvents).toEqual([]);
    expect(stats).toMatchObject({
      taskId: 't1',
      employeeId: emp,
      total: { shares: 1, views: 0, visitors: 0, newCustomers: 0, leads: 0, forwards: 0 },
      inWindow: { shares: 1, views: 0, visitors: 0, newCustomers: 0, leads: 0, forwards: 0 },
      updatedAt: minted[0].createdAt,
    });
  });

  it('A1/T4: five parallel calls with one requestId: one share, one count, every answer the same share', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        share(emp, { taskId: 't1', channel: 'wecom_chat', requestId }),
      ),
    );

    expect(answers.every((a) => a.ok)).toBe(true);
    expect(new Set(answers.map((a) => a.data.shareId)).size).toBe(1);
    expect((await sharesOf(emp)).map((s: { _id: string }) => s._id)).toEqual([
      answers[0].data.shareId,
    ]);
    expect(await requestsOf(emp)).toHaveLength(1);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });

  it('A1/T4: two requestIds are two taps: two shares, counted twice', async () => {
    const emp = await newEmployee();
    const first = await share(emp, {
      taskId: 't1',
      channel: 'wechat_chat',
      requestId: randomUUID(),
    });
    const second = await share(emp, {
      taskId: 't1',
      channel: 'wechat_chat',
      requestId: randomUUID(),
    });

    expect(first.ok && second.ok).toBe(true);
    expect(second.data.shareId).not.toBe(first.data.shareId);
    expect(await sharesOf(emp)).toHaveLength(2);
    expect(await sharesCounted(emp)).toEqual({ total: 2, inWindow: 2 });
  });

  it('A1/T4: parallel taps (different requestIds) are each minted and counted', async () => {
    const emp = await newEmployee();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        share(emp, { taskId: 't1', channel: 'wechat_chat', requestId: randomUUID() }),
      ),
    );

    expect(answers.every((a) => a.ok)).toBe(true);
    expect(new Set(answers.map((a) => a.data.shareId)).size).toBe(4);
    expect(await sharesOf(emp)).toHaveLength(4);
    expect(await sharesCounted(emp)).toEqual({ total: 4, inWindow: 4 });
  });

  it('A1/T4: a retry answers its share even after the task ended (nothing new is counted)', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    const first = await share(emp, { taskId: 't3', channel: 'wechat_chat', requestId });
    expect(first.ok).toBe(true);
    await t.db
      .collection('tasks')
      .doc('t3')
      .update({ data: { endAt: new Date(Date.now() - 1000) } });
    try {
      expect(await share(emp, { taskId: 't3', channel: 'wechat_chat', requestId })).toEqual(first);
      // A new tap is refused: the task has ended.
      expect(
        (await share(emp, { taskId: 't3', channel: 'wechat_chat', requestId: randomUUID() })).error
          .code,
      ).toBe('TASK_NOT_SHAREABLE');
    } finally {
      await t.db
        .collection('tasks')
        .doc('t3')
        .update({ data: { endAt: WINDOW.endAt } });
    }
    expect(await sharesOf(emp)).toHaveLength(1);
    expect(await sharesCounted(emp, 't3')).toEqual({ total: 1, inWindow: 1 });
  });
});

describe('A1/T4: the share and its count commit together or not at all', () => {
  it('A1/T4: the commit fails (error): no share, no key, no count; the retry mints and counts once', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    failCommit('error');

    const failed = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });

    expect(failed).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '服务繁忙，请稍后重试' },
    });
    expect(t.local.faults.list()).toEqual([]);
    expect(await sharesOf(emp)).toEqual([]);
    expect(await requestsOf(emp)).toEqual([]);
    expect(await doc('taskStats', `t1:${emp}`)).toBeUndefined();

    const retried = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });

    expect(retried.ok).toBe(true);
    expect((await sharesOf(emp)).map((s: { _id: string }) => s._id)).toEqual([
      retried.data.shareId,
    ]);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });

  it('A1/T4: the commit lands but its answer is lost (errorAfterCommit): the request finds its own commit and answers the share, counted once; a retry answers it again', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    failCommit('errorAfterCommit');

    const first = await share(emp, { taskId: 't1', channel: 'wecom_chat', requestId });

    const durable = await sharesOf(emp);
    expect(durable).toHaveLength(1);
    expect(first).toMatchObject({ ok: true, data: { shareId: durable[0]._id } });
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });

    const retried = await share(emp, { taskId: 't1', channel: 'wecom_chat', requestId });

    expect(retried.ok).toBe(true);
    expect(retried.data.shareId).toBe(durable[0]._id);
    expect(retried.data.path).toBe(`pages/content/index?s=${durable[0]._id}`);
    expect(await sharesOf(emp)).toHaveLength(1);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });

  it('A1/T4: the commit lands but the connection drops: the request answers its share, and so does the retry, counted once', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    failCommit('drop');

    const first = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });

    const durable = await sharesOf(emp);
    expect(durable).toHaveLength(1);
    expect(first).toMatchObject({ ok: true, data: { shareId: durable[0]._id } });

    const retried = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });

    expect(retried.data.shareId).toBe(durable[0]._id);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });
});

describe('A1: codes and links are fetched again for a retry, before anything is written for a new tap', () => {
  it('A1/T4: a poster retry answers a code for the same share again and mints nothing new', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    const codesBefore = t.local.wechat.control.codes().length;
    const first = await share(emp, { taskId: 't1', channel: 'poster', requestId });
    const again = await share(emp, { taskId: 't1', channel: 'poster', requestId });

    expect(first.ok && again.ok).toBe(true);
    expect(again.data.shareId).toBe(first.data.shareId);
    expect(again.data.posterCode).toMatch(/^data:image\/png;base64,/);
    const codes = t.local.wechat.control.codes().slice(codesBefore);
    expect(codes.map((c) => c.scene)).toEqual([first.data.shareId, first.data.shareId]);
    expect(await sharesOf(emp)).toHaveLength(1);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });

  it('A1/T4: a 客户朋友圈 retry answers the same share and relay address again', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    const first = await share(emp, { taskId: 't1', channel: 'wecom_moments', requestId });
    const again = await share(emp, { taskId: 't1', channel: 'wecom_moments', requestId });

    expect(again.data.shareId).toBe(first.data.shareId);
    expect(again.data.link).toBe(first.data.link);
    expect(again.data.link).toMatch(new RegExp(`/relay/\\?s=${first.data.shareId}$`));
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });

  it('A1/T4: WeChat fails: nothing is written (no share, no key, no count); the retry then mints once', async () => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    t.local.wechat.control.failNext(1, -1, { path: '/wxa/getwxacodeunlimit' });

    expect(await share(emp, { taskId: 't1', channel: 'poster', requestId })).toEqual({
      ok: false,
      error: { code: 'WECHAT_UNAVAILABLE', message: '微信服务暂不可用，请稍后重试' },
    });
    expect(await sharesOf(emp)).toEqual([]);
    expect(await requestsOf(emp)).toEqual([]);
    expect(await doc('taskStats', `t1:${emp}`)).toBeUndefined();

    const retried = await share(emp, { taskId: 't1', channel: 'poster', requestId });
    expect(retried.ok).toBe(true);
    expect(await sharesOf(emp)).toHaveLength(1);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
  });
});

describe('A1: a requestId names one tap on one share method of one task', () => {
  it.each([
    ['another channel', { taskId: 't1', channel: 'poster' }],
    ['another task', { taskId: 't2', channel: 'wechat_chat' }],
  ])('A1: the same requestId for %s is refused and writes nothing', async (_, other) => {
    const emp = await newEmployee();
    const requestId = randomUUID();
    const first = await share(emp, { taskId: 't1', channel: 'wechat_chat', requestId });
    expect(first.ok).toBe(true);
    const codesBefore = t.local.wechat.control.codes().length;

    expect(await share(emp, { ...other, requestId })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: '该分享请求已用于其他任务或分享方式，请重新选择分享方式',
      },
    });
    expect(t.local.wechat.control.codes()).toHaveLength(codesBefore);
    expect(await sharesOf(emp)).toHaveLength(1);
    expect(await requestsOf(emp)).toHaveLength(1);
    expect(await sharesCounted(emp)).toEqual({ total: 1, inWindow: 1 });
    expect(await doc('taskStats', `t2:${emp}`)).toBeUndefined();
  });

  it("A1: requestIds are per employee: another employee's same requestId mints their own share", async () => {
    const [a, b] = [await newEmployee(), await newEmployee()];
    const requestId = randomUUID();
    const mine = await share(a, { taskId: 't1', channel: 'wechat_chat', requestId });
    const theirs = await share(b, { taskId: 't1', channel: 'wechat_chat', requestId });

    expect(theirs.data.shareId).not.toBe(mine.data.shareId);
    expect(await sharesCounted(a)).toEqual({ total: 1, inWindow: 1 });
    expect(await sharesCounted(b)).toEqual({ total: 1, inWindow: 1 });
  });
});
