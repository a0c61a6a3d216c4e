// Time windows given by users: "2026-10-01", an ISO time, "30d", "6w", "3m"; ISO weeks for the digest.

const DAY_MS = 86_400_000;

const RELATIVE_TIME = /^(\d+)\s*(d|day|days|w|week|weeks|m|month|months|y|year|years)(?:\s+ago)?$/i;

/** Whether a --since/--until value is counted back from now ("30d"), so that the time it names moves with now. */
export function isRelativeTimeArg(value: string): boolean {
  return RELATIVE_TIME.test(value.trim());
}

/**
 * Parses a --since/--until value to unix seconds, relative to `now`. Returns null when it cannot be read,
 * so the caller can say where and what.
 */
export function parseTimeArg(value: string, now: Date): number | null {
  const v = value.trim();
  const rel = RELATIVE_TIME.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2][0].toLowerCase();
    const d = new Date(now.getTime());
    if (unit === 'd') d.setTime(d.getTime() - n * DAY_MS);
    else if (unit === 'w') d.setTime(d.getTime() - n * 7 * DAY_MS);
    else if (unit === 'm') d.setUTCMonth(d.getUTCMonth() - n);
    else d.setUTCFullYear(d.getUTCFullYear() - n);
    return Math.floor(d.getTime() / 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(t) || isoDate(new Date(t)) !== v ? null : t / 1000;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : Math.floor(t / 1000);
  }
  return null;
}

/** The ISO week (YYYY-Www) that contains `d` (UTC). */
export function isoWeekOf(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day); // Thursday of this week decides the year
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Start (Monday 00:00 UTC, inclusive) and end (next Monday, exclusive) of an ISO week, in unix seconds; null if malformed. */
export function isoWeekRange(week: string): { start: number; end: number } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const w = Number(m[2]);
  if (w < 1 || w > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayWeek1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS;
  const start = mondayWeek1 + (w - 1) * 7 * DAY_MS;
  if (isoWeekOf(new Date(start)) !== `${m[1]}-W${m[2]}`) return null; // week 53 of a 52-week year
  return { start: start / 1000, end: (start + 7 * DAY_MS) / 1000 };
}

/** "3 days ago", "2 months ago": short ages for trees and hovers. */
export function ago(unixSeconds: number, now: Date): string {
  const s = Math.max(0, Math.floor(now.getTime() / 1000) - unixSeconds);
  const units: [number, string][] = [[365 * 86400, 'year'], [30 * 86400, 'month'], [7 * 86400, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** The UTC calendar day of a time, as goals.yaml writes dates: YYYY-MM-DD. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
