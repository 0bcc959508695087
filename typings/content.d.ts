/** The content library and the tag library (AD1, AD5). Types only; each action: { request, response }. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminContentActions {}
