import { db, rows, command as _ } from '../runtime/cloud';

export type EventType = 'visit' | 'dwell' | 'forward' | 'form' | 'card_call' | 'card_add_contact';

/** One append-only event; `_id` = the client event id (A9). See docs/data-model.md. */
export interface EventDoc {
  _id: string;
  type: EventType;
  customerId: string;
  contentId: string;
  taskId: string | null;
  shareId: string | null;
  rootEmployeeId: string | null;
  channel: 'wechat_chat' | 'wecom_chat' | 'wecom_moments' | 'poster' | 'forward' | null;
  parentCustomerId: string | null;
  at: Date;
  data: Record<string, unknown>;
}

/** A form submission: `data` as the form page writes it (C6). */
export type FormEventDoc = EventDoc & {
  type: 'form';
  data: { formId: string; fields: Record<string, string>; consent: boolean };
};

const events = () => db.collection('events');

/**
 * One page of every form submission, oldest first (at, then _id) after `cursor`
 * (the last row's time in ms and id). Reads `pageSize + 1` to know if more exist.
 */
export async function pageFormEvents(
  pageSize: number,
  cursor: { value: number; id: string } | null,
): Promise<{ rows: FormEventDoc[]; hasMore: boolean }> {
  const conditions: Record<string, unknown>[] = [{ type: 'form' }];
  if (cursor) {
    const value = new Date(cursor.value);
    conditions.push(
      _.or([{ at: _.gt(value) }, { at: value, _id: _.gt(cursor.id) }]) as unknown as Record<
        string,
        unknown
      >,
    );
  }
  const found = await rows<FormEventDoc>(
    events()
      .where(_.and(conditions) as unknown as Record<string, unknown>)
      .orderBy('at', 'asc')
      .orderBy('_id', 'asc')
      .limit(pageSize + 1)
      .get(),
  );
  return { rows: found.slice(0, pageSize), hasMore: found.length > pageSize };
}

/** Every form submission of these customers (a page of an export: at most 100 customers). */
export async function findFormEventsOfCustomers(customerIds: string[]): Promise<FormEventDoc[]> {
  if (customerIds.length === 0) return [];
  const found: FormEventDoc[] = [];
  // A customer submits each form at most once, so this stays small; page anyway to be safe.
  for (let skip = 0; ; skip += 1000) {
    const page = await rows<FormEventDoc>(
      events()
        .where({ type: 'form', customerId: _.in(customerIds) })
        .orderBy('at', 'asc')
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(1000)
        .get(),
    );
    found.push(...page);
    if (page.length < 1000) return found;
  }
}
