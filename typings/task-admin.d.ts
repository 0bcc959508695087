/** Task management, redemptions and exports (AD2, AD3, AD6). Types only; each action: { request, response }. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminTaskActions {}
