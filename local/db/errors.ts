/**
 * Errors in CloudBase's own shape: HTTP 200 with `{ code, message }`. The codes are the ones
 * the SDKs know (wx-server-sdk maps them to its numeric errCodes, e.g. -502001).
 */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const dbErrors = {
  invalidParam: (message: string) => new DbError('INVALID_PARAM', message),
  collectionNotExist: (name: string) =>
    new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`),
  collectionExists: (name: string) =>
    new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`),
  /** MongoDB's E11000 text is what callers (and CloudBase users) match on. */
  duplicateKey: (collection: string, index: string, key: unknown) =>
    new DbError(
      'DATABASE_REQUEST_FAILED',
      `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${JSON.stringify(key)}`,
    ),
  conflict: () =>
    new DbError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict, please retry'),
  transactionNotExist: (id: string) =>
    new DbError('DATABASE_TRANSACTION_FAIL', `transaction not exist or already finished: ${id}`),
  requestFailed: (message: string) => new DbError('DATABASE_REQUEST_FAILED', message),
};
