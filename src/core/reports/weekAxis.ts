// The weeks of a chart's axis: ISO weeks (Monday 00:00 UTC), oldest first, no gaps, at most `maxWeeks` (the latest).
// One rule for every weekly chart of the dashboard (effort in commits, deliveries).
import { isoWeekOf } from '../dates';

const WEEK_MS = 7 * 86_400_000;

/** Monday 00:00 UTC of the ISO week containing `t` (unix seconds), in ms. */
export function weekStartMs(t: number): number {
  const d = new Date(t * 1000);
  const day = d.getUTCDay() || 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - (day - 1) * 86_400_000;
}

export interface WeekAxis {
  weeks: string[];
  truncated: boolean;
  /** Position of the week containing `t` (unix seconds), or -1 when it is off the axis. */
  slot: (t: number) => number;
}

/** The axis from the week of `from` to the week of `to` (unix seconds). */
export function weekAxis(from: number, to: number, maxWeeks: number): WeekAxis {
  let startMs = weekStartMs(from);
  const endMs = weekStartMs(Math.max(from, to));
  let truncated = false;
  if ((endMs - startMs) / WEEK_MS + 1 > maxWeeks) {
    startMs = endMs - (Math.max(1, maxWeeks) - 1) * WEEK_MS;
    truncated = true;
  }
  const weeks: string[] = [];
  for (let ms = startMs; ms <= endMs; ms += WEEK_MS) weeks.push(isoWeekOf(new Date(ms)));
  return {
    weeks,
    truncated,
    slot: (t) => {
      const i = Math.round((weekStartMs(t) - startMs) / WEEK_MS);
      return i >= 0 && i < weeks.length ? i : -1;
    },
  };
}
