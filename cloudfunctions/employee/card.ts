/**
 * Employee actions: the business card (名片设置, M1). The caller reads and edits only their own
 * card; it is stored on their employee document (`employees.card`) and shown to customers on
 * every content page opened through their shares, the mobile masked unless they chose otherwise.
 * The card's rules are domain/card-rules.ts, which the page shares.
 */
import { z } from 'zod';
import type { EmployeeCard, EmployeeCardActions } from '../../typings/card';
import { checkCard } from '../_shared/domain/card-rules';
import { findCard, saveCard, type CardOf } from '../_shared/db/employees';
import { AppError } from '../_shared/runtime/errors';
import { action } from '../_shared/runtime/handler';
import type { EmployeeCaller } from '../_shared/runtime/identity';

type Response<K extends keyof EmployeeCardActions> = EmployeeCardActions[K]['response'];

function toCard(card: CardOf): EmployeeCard {
  const { employeeId: _employeeId, ...fields } = card;
  return fields;
}

async function cardOfCaller(caller: EmployeeCaller): Promise<EmployeeCard> {
  const card = await findCard(caller.employee._id);
  if (!card) throw new AppError('NOT_FOUND', '员工不存在');
  return toCard(card);
}

const getCard = action(
  z.object({}).strict(),
  async (_input, caller: EmployeeCaller): Promise<Response<'card.get'>> => cardOfCaller(caller),
);

const saveCardAction = action(
  z
    .object({
      name: z.string(),
      title: z.string(),
      company: z.string(),
      mobile: z.string(),
      showFullMobile: z.boolean(),
      wecomQrCode: z.string(),
      intro: z.string(),
    })
    .strict(),
  async (input, caller: EmployeeCaller): Promise<Response<'card.save'>> => {
    const checked = checkCard(input);
    if (!checked.ok) throw new AppError('INVALID_INPUT', checked.message);
    await saveCard(caller.employee._id, checked.value, new Date());
    return cardOfCaller(caller);
  },
);

export const cardActions = {
  'card.get': getCard,
  'card.save': saveCardAction,
};
