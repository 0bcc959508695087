/** Employee actions of a customer's profile: 行为记录 (C4). */
import { z } from 'zod';
import type { BehaviourEntry, EmployeeAttributionActions } from '../../typings/attribution';
import { findContentTitles } from '../_shared/db/contents';
import { findCustomersByIds } from '../_shared/db/customers';
import { findEmployeesByIds } from '../_shared/db/employees';
import { pageCustomerEvents } from '../_shared/db/events';
import { BEHAVIOUR_LABELS, behaviourVia, type BehaviourType } from '../_shared/domain/behaviour';
import { decodeCursor, encodeCursor } from '../_shared/domain/cursor';
import { AppError } from '../_shared/runtime/errors';
import { action } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';
import { isCallersCustomer } from './customer-archive';

type Response = EmployeeAttributionActions['customers.events']['response'];

const listBehaviour = action(
  z
    .object({
      customerId: z.string().min(1).max(128),
      cursor: z.string().max(200).optional(),
      pageSize: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<Response> => {
    // S2: an employee reads only their own customers' details (related to them and not handed
    // away, or handed to them by 离职继承, AD4); admins read all. A stranger's customer answers
    // NOT_FOUND, so the action does not reveal who is whose customer.
    if (!caller.isAdmin && !(await isCallersCustomer(caller.employee._id, input.customerId))) {
      throw new AppError('NOT_FOUND', '客户不存在或不属于你');
    }
    const cursor = input.cursor ? decodeCursor(input.cursor) : null;
    if (input.cursor && (!cursor || typeof cursor.value !== 'number')) {
      throw new AppError('INVALID_INPUT', '分页参数无效，请刷新后重试');
    }
    const page = await pageCustomerEvents(
      input.customerId,
      cursor as { value: number; id: string } | null,
      input.pageSize,
    );
    const shown = page.rows.filter((e) => e.type in BEHAVIOUR_LABELS);
    const unique = (values: (string | null)[]) => [
      ...new Set(values.filter((v): v is string => Boolean(v))),
    ];
    const [titles, employees, customers] = await Promise.all([
      findContentTitles(unique(shown.map((e) => e.contentId))),
      findEmployeesByIds(unique(shown.map((e) => e.rootEmployeeId))),
      findCustomersByIds(unique(shown.map((e) => e.parentCustomerId))),
    ]);
    const employeeNames = new Map(employees.map((e) => [e._id, e.name]));
    const customerNames = new Map(customers.map((c) => [c._id, c.nickname]));
    const items: BehaviourEntry[] = shown.map((event) => ({
      id: event._id,
      type: event.type as BehaviourType,
      label: BEHAVIOUR_LABELS[event.type as BehaviourType],
      at: event.at.toISOString(),
      contentId: event.contentId,
      contentTitle: titles.get(event.contentId) ?? '内容已下架',
      via: behaviourVia(event, employeeNames, customerNames),
      dwellMs: typeof event.data?.dwellMs === 'number' ? event.data.dwellMs : null,
    }));
    const last = page.rows[page.rows.length - 1];
    return {
      items,
      nextCursor:
        page.hasMore && last ? encodeCursor({ value: last.at.getTime(), id: last._id }) : null,
    };
  },
);

export const customerProfileActions = { 'customers.events': listBehaviour };
