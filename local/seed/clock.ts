/**
 * Time for the demo: Shanghai wall-clock anchors and a sampler that spreads activity the
 * way a Chinese enterprise's audience behaves (busy on weekday daytime, quiet at night).
 *
 * Every calendar computation goes through dayjs with the utc + timezone plugins, never
 * through the process time zone, so the demo is the same under TZ=UTC and TZ=Asia/Shanghai.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Random } from './random';

dayjs.extend(utc);
dayjs.extend(timezone);

export const SHANGHAI = 'Asia/Shanghai';
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A wall-clock time in Shanghai, given as days from `now`'s Shanghai date and 'HH:mm[:ss]'. */
export interface ShanghaiAnchor {
  day: number;
  time: string;
}

/**
 * The instant of `anchor` for a given `now`. Day arithmetic is done on the calendar date
 * (a 'YYYY-MM-DD' string in UTC mode), then the wall time is resolved in Shanghai.
 */
export function atShanghai(now: Date, anchor: ShanghaiAnchor): Date {
  const today = shanghaiDateOf(now);
  const day = dayjs.utc(today).add(anchor.day, 'day').format('YYYY-MM-DD');
  return dayjs.tz(`${day} ${anchor.time}`, SHANGHAI).toDate();
}

/** One-entry memo: the demo asks for the same `now` a hundred times and .tz() is slow. */
let lastDate: { at: number; date: string } | null = null;

function shanghaiDateOf(now: Date): string {
  if (lastDate?.at !== now.getTime()) {
    lastDate = { at: now.getTime(), date: dayjs(now).tz(SHANGHAI).format('YYYY-MM-DD') };
  }
  return lastDate.date;
}

/** How busy each Shanghai hour is, and how much quieter weekends are. */
export interface Rhythm {
  hourWeights: readonly number[];
  weekendFactor: number;
}

/** Customers read on their phones: from breakfast to late evening, peaks at lunch and night. */
export const CUSTOMER_RHYTHM: Rhythm = {
  hourWeights: [
    0.15, 0.08, 0.04, 0.03, 0.03, 0.05, 0.12, 0.35, 0.7, 1.0, 1.1, 1.1, 1.0, 0.9, 1.0, 1.05, 1.0,
    0.95, 0.85, 0.8, 0.9, 0.95, 0.7, 0.35,
  ],
  weekendFactor: 0.55,
};

/** Employees share during office hours, plus a little evening posting to Moments. */
export const EMPLOYEE_RHYTHM: Rhythm = {
  hourWeights: [
    0, 0, 0, 0, 0, 0, 0.02, 0.2, 0.8, 1.2, 1.2, 1.0, 0.6, 0.8, 1.0, 1.0, 0.9, 0.8, 0.5, 0.3, 0.4,
    0.4, 0.2, 0.05,
  ],
  weekendFactor: 0.3,
};

/**
 * Draws instants in a range with the density of a {@link Rhythm}.
 *
 * The window is cut into Shanghai hours; each hour gets a weight; a draw picks an hour by
 * weight (binary search over prefix sums) and a uniform instant inside it. Shanghai has had
 * no daylight saving since 1991, so every hour slot is exactly one hour long.
 */
export class RhythmSampler {
  private readonly firstSlotStart: number;
  private readonly slotCount: number;
  /** cumulative[i] = total weight of slots before slot i. */
  private readonly cumulative: Float64Array;

  constructor(rhythm: Rhythm, windowStart: number, windowEnd: number) {
    this.firstSlotStart = dayjs(windowStart).tz(SHANGHAI).startOf('hour').valueOf();
    this.slotCount = Math.max(1, Math.ceil((windowEnd - this.firstSlotStart) / HOUR));
    this.cumulative = new Float64Array(this.slotCount + 1);
    // Asking the timezone plugin for every slot costs most of the demo's build time; the
    // offset is constant here (no DST), so it is read once and each slot's Shanghai hour
    // and weekday come from UTC fields of the shifted instant.
    const offsetMs = dayjs(windowStart).tz(SHANGHAI).utcOffset() * MINUTE;
    for (let i = 0; i < this.slotCount; i++) {
      const wall = new Date(this.firstSlotStart + i * HOUR + offsetMs);
      const hour = wall.getUTCHours();
      const weekday = wall.getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const weight = rhythm.hourWeights[hour] * (weekend ? rhythm.weekendFactor : 1);
      this.cumulative[i + 1] = this.cumulative[i] + weight;
    }
  }

  /** An instant (ms) in [from, to]; `from` itself when the range is empty. */
  sample(random: Random, from: number, to: number): number {
    if (to <= from) return from;
    const windowEnd = this.firstSlotStart + this.slotCount * HOUR;
    const lo = Math.max(from, this.firstSlotStart);
    const hi = Math.min(to, windowEnd - 1);
    if (hi <= lo) return uniform(random, from, to); // outside the weighted window
    const first = this.slotOf(lo);
    const last = this.slotOf(hi);
    const base = this.cumulative[first];
    const total = this.cumulative[last + 1] - base;
    if (first === last || total <= 0) return uniform(random, lo, hi);
    // The two edge slots are only partly inside [lo, hi]; redrawing the rare miss keeps
    // their density right without special cases.
    for (let attempt = 0; attempt < 8; attempt++) {
      const slot = this.findSlot(base + random.next() * total, first, last);
      const at = Math.floor(this.firstSlotStart + (slot + random.next()) * HOUR);
      if (at >= lo && at <= hi) return at;
    }
    return uniform(random, lo, hi);
  }

  private slotOf(at: number): number {
    return Math.min(this.slotCount - 1, Math.floor((at - this.firstSlotStart) / HOUR));
  }

  /** The slot in [first, last] whose weight interval holds `target`. */
  private findSlot(target: number, first: number, last: number): number {
    let lo = first;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cumulative[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function uniform(random: Random, from: number, to: number): number {
  return Math.floor(random.between(from, to));
}
