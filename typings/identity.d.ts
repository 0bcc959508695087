/** Login, sessions and the organisation. Types only; each action: { request, response }. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuthActions {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminOrgActions {}
