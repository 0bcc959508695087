/**
 * The notices attribution produces (docs/notifications.md, M5): 新客户打开分享 when a customer is
 * brought (A6) and 新线索 when a customer leaves a phone number through a share (C6, T4). They are
 * settled with the event's shared counters (docs/attribution.md), enqueued once by their key,
 * and sent by the timer's `outbox` trigger through the WeCom fake.
 */
import { randomUUID } from 'node:crypto';
import { addClaimedShares } from '../support/attribution-fixture';
import { callAs, startTestCloud, type TestCloud } from '../support/cloud';

const SHARE = { li: 'LiLeiNotice1', han: 'HanMeiNotic1' };
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({
    wecomOrg: {
      departments: [{ id: 1, name: '栖木家居', parentid: 0 }],
      users: ['lilei', 'hanmeimei'].map((userid) => ({
        userid,
        name: userid,
        department: [1],
        status: 1,
      })),
    },
  });
  await addClaimedShares(t, { lilei: SHARE.li, hanmeimei: SHARE.han });
});
afterAll(() => t.stop());

async function customer(openid: string, action: string, payload: Record<string, unknown>) {
  const res = await callAs(t, 'customer', openid, { action, ...payload });
  expect(res).toMatchObject({ ok: true });
  return res.data;
}

const open = (openid: string, shareId?: string, clientEventId = randomUUID()) =>
  customer(openid, 'content.open', { clientEventId, shareId, contentId: 'c1' });

const submit = (openid: string, shareId: string) =>
  customer(openid, 'forms.submit', {
    clientEventId: randomUUID(),
    formId: 'f1',
    contentId: 'c1',
    shareId,
    fields: { phone: '13600001111' },
    consent: true,
  });

/** Outbox items of a kind, as `userId|description`. */
async function notices(kind: string): Promise<string[]> {
  const { data } = await t.db.collection('outbox').where({ kind }).limit(1000).get();
  return data.map((item: any) => `${item.userId}|${item.description}`).sort();
}

it('A6: a brought customer notifies the employee who brought them, once, whatever else they open', async () => {
  const openid = `notice-${randomUUID()}`;
  const clientEventId = randomUUID();
  await open(openid, SHARE.li, clientEventId);
  await open(openid, SHARE.li, clientEventId); // a retried delivery
  await open(openid, SHARE.li); // a reload
  await open(openid, SHARE.han); // another employee's share: a relation, not brought (A6)
  expect(await notices('newCustomer')).toEqual(['lilei|微信用户 通过「转发挑战」成为你的新客户']);

  const run = await t.local.functions.fireTimer('timer', 'outbox');
  expect(run).toMatchObject({ result: { ok: true, data: { sent: 1 } } });
  const [sent] = t.local.wecom.control.sent();
  expect(sent).toMatchObject({ recipients: ['lilei'] });
  expect(sent.body.miniprogram_notice).toMatchObject({
    title: '新客户打开了你的分享',
    page: 'packages/task/pages/customers/index?taskId=t1',
    content_item: [
      { key: '类型', value: '新客户打开分享' },
      { key: '详情', value: '微信用户 通过「转发挑战」成为你的新客户' },
    ],
  });
});

it('A8: a direct open, or an open of a share that attributes nothing, notifies nobody', async () => {
  const before = await notices('newCustomer');
  await open(`direct-${randomUUID()}`);
  await open(`forged-${randomUUID()}`, 'NoSuchShare1');
  expect(await notices('newCustomer')).toEqual(before);
});

it('C6/T4: a phone number left through a share is one 新线索 per customer, task and employee', async () => {
  const openid = `lead-${randomUUID()}`;
  await open(openid, SHARE.han);
  await submit(openid, SHARE.han);
  await submit(openid, SHARE.han); // a second submission is not a second lead
  expect(await notices('newLead')).toEqual(['hanmeimei|微信用户 在「转发挑战」留下了联系方式']);
  // A customer who is not the employee's (never opened their share) is no lead of theirs (A8).
  const stranger = `stranger-${randomUUID()}`;
  await open(stranger);
  await submit(stranger, SHARE.li);
  expect(await notices('newLead')).toHaveLength(1);
});
