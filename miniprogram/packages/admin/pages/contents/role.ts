import { ApiFailure } from '../../../../services/index';

/**
 * The server refused the caller's role (S1): the admin pages say 无权限 instead of an error.
 * Kept apart from the pages' scripts, which register a Component when imported.
 */
export const isRoleRefusal = (error: unknown): boolean =>
  error instanceof ApiFailure && (error.code === 'FORBIDDEN' || error.code === 'NOT_EMPLOYEE');
