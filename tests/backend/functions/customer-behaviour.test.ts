/**
 * C4 行为记录 through the real functions: a customer's visits and actions, newest first, with
 * the content and through whom; S2: an employee reads only their own customers' records.
 */
import { randomUUID } from 'node:crypto';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';
import { addPublishedTask } from '../support/task-fixture';

let t: TestCloud;
const now = Date.now();

const employee = (id: string, name: string) => ({
  _id: id,
  corpId: 'ww-test',
  name,
  avatar: '',
  position: '销售',
  departmentIds: ['2'],
  leadsDepartmentIds: [],
  roles: [],
  status: 'active',
});

beforeAll(async () => {
  t = await startTestCloud();
  await t.db
    .collection('employees')
    .add({ data: [employee('lilei', '李雷'), employee('hanmeimei', '韩梅梅')] });
  await t.db.collection('bindings').add({
    data: [
      {
        _id: 'openid-lilei',
        userId: 'lilei',
        corpId: 'ww-test',
        source: 'wecom',
        boundAt: new Date(),
      },
      {
        _id: 'openid-han',
        userId: 'hanmeimei',
        corpId: 'ww-test',
        source: 'wecom',
        boundAt: new Date(),
      },
    ],
  });
  await addPublishedTask(t, 'lilei', now);
});
afterAll(() => t.stop());

async function asCustomer(openid: string, event: Record<string, unknown>) {
  const res = await callAs(t, 'customer', openid, event);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
}

it("C4: newest first, with the content and through whom; S2: only the customer's own employees", async () => {
  await callAs(t, 'employee', 'openid-lilei', { action: 'tasks.claim', taskId: 't1' });
  const minted = await callAs(t, 'employee', 'openid-lilei', {
    action: 'shares.create',
    taskId: 't1',
    channel: 'wechat_chat',
    requestId: randomUUID(),
  });
  const shareId = minted.data.shareId as string;

  await asCustomer('cust-a', { action: 'content.open', clientEventId: 'evt-a-open', shareId });
  await asCustomer('cust-a', {
    action: 'events.record',
    clientEventId: 'evt-a-dwell',
    type: 'dwell',
    contentId: 'c1',
    shareId,
    dwellMs: 42000,
  });
  const child = await asCustomer('cust-a', {
    action: 'shares.forward',
    clientEventId: 'evt-a-forward',
    parentShareId: shareId,
  });
  await asCustomer('cust-b', {
    action: 'content.open',
    clientEventId: 'evt-b-open',
    shareId: child.shareId,
  });

  const records = await callAs(t, 'employee', 'openid-lilei', {
    action: 'customers.events',
    customerId: 'cust-a',
  });
  expect(records.ok).toBe(true);
  const items = records.data.items as {
    type: string;
    label: string;
    contentTitle: string;
    via: { kind: string; name: string };
    at: string;
    dwellMs: number | null;
  }[];
  expect(items.map((i) => i.type)).toEqual(['forward', 'dwell', 'visit']);
  expect(items.map((i) => i.label)).toEqual(['转发了内容', '阅读停留', '浏览了内容']);
  expect(items.every((i) => i.contentTitle === '岩板餐桌实测')).toBe(true);
  expect(items[2].via).toEqual({ kind: 'employee', name: '李雷' });
  expect(items[1].dwellMs).toBe(42000);
  const times = items.map((i) => Date.parse(i.at));
  expect([...times].sort((a, b) => b - a)).toEqual(times);

  const friend = await callAs(t, 'employee', 'openid-lilei', {
    action: 'customers.events',
    customerId: 'cust-b',
  });
  expect(friend.data.items[0]).toMatchObject({ type: 'visit', via: { kind: 'customer' } });

  const stranger = await callAs(t, 'employee', 'openid-han', {
    action: 'customers.events',
    customerId: 'cust-a',
  });
  expect(stranger).toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: '客户不存在或不属于你' },
  });
});

it('C4: pages walk the record once, and a forged cursor is refused', async () => {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await callAs(t, 'employee', 'openid-lilei', {
      action: 'customers.events',
      customerId: 'cust-a',
      pageSize: 1,
      ...(cursor ? { cursor } : {}),
    });
    seen.push(...page.data.items.map((i: { id: string }) => i.id));
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor);
  expect(seen).toHaveLength(3);
  expect(new Set(seen).size).toBe(3);
  const forged = await callAs(t, 'employee', 'openid-lilei', {
    action: 'customers.events',
    customerId: 'cust-a',
    cursor: 'nope',
  });
  expect(forged.error.code).toBe('INVALID_INPUT');
});
