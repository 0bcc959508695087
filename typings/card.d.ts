/** The employee's business card (名片设置, M1). Types only; each action: { request, response }. */

/** The caller's card as they edit it: what they saved, else what their employee record says. */
export interface EmployeeCard {
  name: string;
  /** From WeCom (the employee record); not editable here. */
  avatar: string;
  title: string;
  company: string;
  /** In full: the employee's own view. Customers see it masked unless `showFullMobile`. */
  mobile: string;
  /** PRIVACY: off by default; customers then see the mobile masked (138****8000). */
  showFullMobile: boolean;
  /** An https address of the employee's WeCom contact QR code, or empty. */
  wecomQrCode: string;
  intro: string;
}

/** What 保存 sends: every editable field (the avatar comes from WeCom). */
export type CardInput = Omit<EmployeeCard, 'avatar'>;

export interface EmployeeCardActions {
  /** The caller's card; never saved yet: name, avatar, position as title, company of the deployment. */
  'card.get': { request: Record<string, never>; response: EmployeeCard };
  /**
   * Replaces the caller's card (name 1-20, title ≤ 30, company ≤ 40, mainland mobile or empty,
   * https QR code or empty, intro ≤ 200); INVALID_INPUT with a Chinese message otherwise.
   * Answers the card as now stored.
   */
  'card.save': { request: CardInput; response: EmployeeCard };
}
