import { db, rows, command as _ } from '../runtime/cloud';
import {
  forgetMove,
  IN_FLIGHT,
  incrementOrCreate,
  notMovedBy,
  recordMove,
  updatedCount,
} from './counters';
import { readDocInTransaction, type Transaction } from './transaction';

/**
 * The enterprise leaderboards (P6), kept as events arrive so a board is one indexed read:
 * `_id` = `${board}:${period}:${employeeId}`, board `points` (points credited, written in the
 * credit transaction) or `brought` (customers brought, A6, moved once by settlement), period
 * `all` or a Shanghai month `yyyy-mm`. Ordered by value desc, then `reachedAt` asc (who got
 * there first), then employee id.
 */
export type BoardName = 'points' | 'brought';

export interface LeaderboardRowDoc {
  _id: string;
  board: BoardName;
  period: string;
  employeeId: string;
  value: number;
  /** When `value` last grew. */
  reachedAt: Date;
  inFlightEvents?: string[];
}

export const LEADERBOARD = 'leaderboard';
const leaderboard = () => db.collection(LEADERBOARD);

export function leaderboardRowId(board: BoardName, period: string, employeeId: string): string {
  return `${board}:${period}:${employeeId}`;
}

export function readRowInTx(tx: Transaction, id: string): Promise<LeaderboardRowDoc | null> {
  return readDocInTransaction<LeaderboardRowDoc>(tx, LEADERBOARD, id);
}

/** Adds `points` to a points row inside the credit transaction. */
export async function addPointsInTx(
  tx: Transaction,
  before: LeaderboardRowDoc | null,
  id: string,
  period: string,
  employeeId: string,
  points: number,
  at: Date,
): Promise<void> {
  if (!before) {
    await tx
      .collection(LEADERBOARD)
      .doc(id)
      .set({
        data: {
          board: 'points',
          period,
          employeeId,
          value: points,
          reachedAt: at,
          [IN_FLIGHT]: [],
        },
      });
    return;
  }
  const reachedAt = new Date(before.reachedAt).getTime() >= at.getTime() ? before.reachedAt : at;
  await tx
    .collection(LEADERBOARD)
    .doc(id)
    .update({ data: { value: before.value + points, reachedAt } });
}

/**
 * Settlement (docs/attribution.md): one brought customer for the employee in each period, once
 * for `mark`; a row is created with the mark.
 */
export async function incrementBroughtOnce(
  mark: string,
  employeeId: string,
  periods: string[],
  at: Date,
): Promise<void> {
  await Promise.all(
    periods.map(async (period) => {
      const id = leaderboardRowId('brought', period, employeeId);
      await incrementOrCreate(
        async () =>
          updatedCount(
            await leaderboard()
              .where({ _id: id, ...notMovedBy(mark) })
              .update({
                data: {
                  value: _.inc(1),
                  // A late settlement of an earlier customer never moves the time back.
                  reachedAt: _.max(at as unknown as number),
                  ...recordMove(mark),
                },
              }),
          ),
        async () => {
          await leaderboard().add({
            data: {
              _id: id,
              board: 'brought',
              period,
              employeeId,
              value: 1,
              reachedAt: at,
              [IN_FLIGHT]: [mark],
            },
          });
        },
      );
    }),
  );
}

/** Settlement: forgets `mark` on the employee's brought rows. */
export async function forgetBroughtMove(
  mark: string,
  employeeId: string,
  periods: string[],
): Promise<void> {
  await Promise.all(
    periods.map((period) =>
      leaderboard()
        .where({ _id: leaderboardRowId('brought', period, employeeId) })
        .update({ data: forgetMove(mark) }),
    ),
  );
}

/** The top `limit` rows of a board and period. */
export async function topRows(
  board: BoardName,
  period: string,
  limit: number,
): Promise<LeaderboardRowDoc[]> {
  return rows<LeaderboardRowDoc>(
    leaderboard()
      .where({ board, period })
      .orderBy('value', 'desc')
      .orderBy('reachedAt', 'asc')
      .orderBy('employeeId', 'asc')
      .limit(limit)
      .get(),
  );
}

export async function findRow(
  board: BoardName,
  period: string,
  employeeId: string,
): Promise<LeaderboardRowDoc | null> {
  const found = await rows<LeaderboardRowDoc>(
    leaderboard()
      .where({ _id: leaderboardRowId(board, period, employeeId) })
      .limit(1)
      .get(),
  );
  return found[0] ?? null;
}

/** How many rows of the board rank above this one. */
export async function countRowsAbove(row: LeaderboardRowDoc): Promise<number> {
  const { board, period } = row;
  const result = (await leaderboard()
    .where(
      _.or([
        { board, period, value: _.gt(row.value) },
        { board, period, value: row.value, reachedAt: _.lt(row.reachedAt) },
        {
          board,
          period,
          value: row.value,
          reachedAt: row.reachedAt,
          employeeId: _.lt(row.employeeId),
        },
      ]) as unknown as Record<string, unknown>,
    )
    .count()) as { total: number };
  return result.total;
}

/** How many employees a board ranks (value > 0). */
export async function countRows(board: BoardName, period: string): Promise<number> {
  const result = (await leaderboard()
    .where({ board, period, value: _.gt(0) })
    .count()) as { total: number };
  return result.total;
}
