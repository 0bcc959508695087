import type { Leaderboard, LeaderboardRow } from '../../../../services/points';

/** One row of 排行榜, formatted for WXML (which cannot call functions). */
export interface BoardItem {
  key: string;
  rank: number;
  /** 1-3: a medal colour; 0 otherwise. */
  podium: number;
  name: string;
  avatar: string;
  departmentName: string;
  /** `120 积分` / `8 位客户` */
  valueText: string;
  isMe: boolean;
}

export function boardItem(row: LeaderboardRow, unit: 'points' | 'customers'): BoardItem {
  return {
    key: row.employeeId,
    rank: row.rank,
    podium: row.rank <= 3 && row.value > 0 ? row.rank : 0,
    name: row.name || row.employeeId,
    avatar: row.avatar,
    departmentName: row.departmentName,
    valueText: unit === 'points' ? `${row.value} 积分` : `${row.value} 位客户`,
    isMe: row.isMe,
  };
}

/** The rows and the caller's pinned row (`null`: not ranked on this board). */
export function boardView(board: Leaderboard): { rows: BoardItem[]; me: BoardItem | null } {
  const unit = board.board === 'brought' ? 'customers' : 'points';
  return {
    rows: board.rows.map((row) => boardItem(row, unit)),
    me: board.me ? boardItem(board.me, unit) : null,
  };
}
