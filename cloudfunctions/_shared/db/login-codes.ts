import { db, command as _, isDuplicateKeyError } from '../runtime/cloud';

/**
 * Login codes already presented (`_id` = SHA-256 of the code). Inserting first makes a code
 * single-use on our side whatever WeCom does: of two parallel logins with the same code the
 * unique `_id` lets exactly one through.
 */
const codes = () => db.collection('loginCodes');

/** Claims the code; false when it was presented before. */
export async function claimLoginCode(codeHash: string, now: Date): Promise<boolean> {
  try {
    await codes().add({ data: { _id: codeHash, usedAt: now } });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Housekeeping: WeCom codes live 5 minutes, so a claim older than a day protects nothing. */
export async function removeLoginCodesBefore(before: Date): Promise<void> {
  await codes()
    .where({ usedAt: _.lt(before) })
    .remove();
}
