import type { LedgerEntryView } from '../../../../services/points';
import { formatShanghaiDateTime } from '../../../../utils/time';

/** One line of 积分记录, formatted for WXML. */
export interface LedgerItem {
  id: string;
  label: string;
  taskTitle: string;
  /** `+20` / `-100` */
  pointsText: string;
  credit: boolean;
  timeText: string;
}

export function ledgerItem(entry: LedgerEntryView): LedgerItem {
  return {
    id: entry.id,
    label: entry.label,
    taskTitle: entry.taskTitle,
    pointsText: entry.points > 0 ? `+${entry.points}` : String(entry.points),
    credit: entry.points > 0,
    timeText: formatShanghaiDateTime(entry.at),
  };
}
