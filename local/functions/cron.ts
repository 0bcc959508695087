import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** CloudBase timer triggers fire on Beijing time. */
export const TRIGGER_TIME_ZONE = 'Asia/Shanghai';

const FIELDS: Array<[min: number, max: number]> = [
  [0, 59], // second
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 6], // day of week (0 = Sunday)
  [1970, 2199], // year
];

/**
 * A CloudBase timer expression: seven fields, `second minute hour day month weekday year`,
 * each `*`, a number, a range `a-b`, a list `a,b` or a step `x/n`.
 */
export class CronExpression {
  private readonly allowed: Array<Set<number>>;

  constructor(readonly source: string) {
    const parts = source.trim().split(/\s+/);
    if (parts.length !== 7) throw new Error(`timer config needs 7 fields, got "${source}"`);
    this.allowed = parts.map((part, i) => parseField(part, FIELDS[i][0], FIELDS[i][1]));
  }

  /** Whether the trigger fires in the given second. */
  matches(at: Date): boolean {
    const t = dayjs(at).tz(TRIGGER_TIME_ZONE);
    const values = [t.second(), t.minute(), t.hour(), t.date(), t.month() + 1, t.day(), t.year()];
    return values.every((v, i) => this.allowed[i].has(v));
  }
}

function parseField(part: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number);
      from = a;
      to = b === undefined ? (stepText === undefined ? a : max) : b;
    }
    if (
      ![from, to, step].every(Number.isInteger) ||
      from < min ||
      to > max ||
      step < 1 ||
      from > to
    ) {
      throw new Error(`invalid timer field "${part}"`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}
