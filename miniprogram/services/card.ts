import type { CardInput, EmployeeCard } from '../../typings/card';
import { call } from './call';

export type { CardInput, EmployeeCard };

/** The signed-in employee's business card (名片设置, M1), defaults filled in. */
export function loadCard(): Promise<EmployeeCard> {
  return call('employee', 'card.get', {});
}

/** Replaces the card; answers it as the server now holds it. */
export function saveCard(card: CardInput): Promise<EmployeeCard> {
  return call('employee', 'card.save', card);
}
