// Effort in people-time, from the person-days of the daily aggregates (docs/effort.md has the formula and a worked
// example). Pure: the same aggregates, goals, policy and "now" give the same figures.
//
//   person-day   a day (author's own time zone) on which a person, not a bot, authored a non-merge commit; split
//                equally across the distinct goals (and untagged work) that day's commits served
//   FTE          per person and period: weight x min(1, person-days / working days of the period), the working days
//                counted only up to today (the current period is prorated); spread over the goals in proportion to
//                the person's person-days on them
import { matchTextGlob } from '../links/textGlob';
import type { Goal } from '../types';
import { type DailyAggregates, dayIso, type PersonDay, type PersonTotals, shareOf, UNTAGGED, utcDay } from './daily';

/** Authors that are bots by default: their commits count as commits, never as person-days. */
export const DEFAULT_BOTS: readonly string[] = ['*[bot]', '*[bot]@*', 'dependabot*', 'renovate*', 'github-actions*', 'greenkeeper*', 'snyk-bot*'];

/** Who is a person and how much of one (settings goalLens.effort.*, CLI options). */
export interface PeoplePolicy {
  /** Extra text globs (name or email, case-insensitive) of bots, besides {@link DEFAULT_BOTS}. */
  bots?: readonly string[];
  /** Text glob (name or email, case-insensitive) -> weight (0.5 part-time, 0 not counted in FTE). First match wins. */
  weights?: Readonly<Record<string, number>>;
}

export type Period = 'month' | 'week';

export interface EffortOptions {
  /** First day counted (day number, see daily.ts), or undefined from the first work. */
  from?: number;
  /** First day no longer counted, or undefined up to today. */
  to?: number;
  now: Date;
  people?: PeoplePolicy;
  /** Also give the figures per month or per week. */
  by?: Period;
  /** Only this person's work (a person key: lower-cased email), as "only my work" does. */
  person?: string;
}

export interface EffortCell {
  personDays: number;
  fte: number;
  /** Commits (bots' included); a commit serving two goals counts in each. */
  commits: number;
}

export interface PersonEffort extends EffortCell {
  person: string;
  name: string;
  weight: number;
  /** Goal id (or UNTAGGED) -> this person's part. */
  goals: Map<string, EffortCell>;
}

export interface PeriodEffort {
  key: string;
  /** First day and the day after the last (day numbers), clipped to the window. */
  from: number;
  to: number;
  /** Monday to Friday days of the period within the window, up to today. */
  workingDays: number;
  goals: Map<string, EffortCell>;
  total: EffortCell;
}

export type Balance = Record<'outcome' | 'upkeep' | 'untagged', EffortCell>;

export interface EffortFigures {
  from: number | null;
  to: number;
  workingDays: number;
  /** Goal id (own links only; UNTAGGED for work serving no goal) -> effort. */
  goals: Map<string, EffortCell & { people: number }>;
  total: EffortCell & { people: number; bots: number };
  balance: Balance;
  persons: PersonEffort[];
  periods: PeriodEffort[];
}

/** Numbers as the reports print them: 4 decimals at most (a third of a day stays readable). */
export const round = (x: number): number => Math.round(x * 10_000) / 10_000;

const emptyCell = (): EffortCell => ({ personDays: 0, fte: 0, commits: 0 });

const policies = new Map<string, People>();

/** Tells bots and weights from a policy; keeps its answers per person (few distinct people). */
export class People {
  private readonly bots: readonly string[];
  private readonly weights: [string, number][];
  private readonly cache = new Map<string, { bot: boolean; weight: number }>();
  constructor(policy: PeoplePolicy = {}) {
    this.bots = [...DEFAULT_BOTS, ...(policy.bots ?? [])];
    this.weights = Object.entries(policy.weights ?? {}).filter(([, w]) => Number.isFinite(w) && w >= 0);
  }
  /**
   * The instance of a policy's content, kept across calls: a refresh's figures then match no bot or weight glob
   * again for people already seen (on git/git, some 2,000 people's globs were half of the figures' time).
   */
  static forPolicy(policy: PeoplePolicy = {}): People {
    const key = JSON.stringify([policy.bots ?? [], policy.weights ?? {}]);
    let p = policies.get(key);
    if (!p) {
      if (policies.size >= 8) policies.clear();
      policies.set(key, (p = new People(policy)));
    }
    return p;
  }
  private of(person: string, name: string): { bot: boolean; weight: number } {
    const key = person + '\0' + name;
    let hit = this.cache.get(key);
    if (!hit) {
      if (this.cache.size > 100_000) this.cache.clear();
      const matches = (g: string): boolean => matchTextGlob(g, name, true) || matchTextGlob(g, person, true);
      const w = this.weights.find(([g]) => matches(g));
      hit = { bot: this.bots.some(matches), weight: w ? w[1] : 1 };
      this.cache.set(key, hit);
    }
    return hit;
  }
  isBot(pd: Pick<PersonDay, 'person' | 'name'>): boolean {
    return this.of(pd.person, pd.name).bot;
  }
  weight(pd: Pick<PersonDay, 'person' | 'name'>): number {
    return this.of(pd.person, pd.name).weight;
  }
}

/** Monday to Friday days in [from, to). Day 0 (1970-01-01) was a Thursday. */
export function workingDaysBetween(from: number, to: number): number {
  if (to <= from) return 0;
  const weeks = Math.floor((to - from) / 7);
  let n = weeks * 5;
  for (let d = from + weeks * 7; d < to; d++) if (isWorkingDay(d)) n++;
  return n;
}

export function isWorkingDay(day: number): boolean {
  const w = (day + 4) % 7; // 0 Sunday
  return w !== 0 && w !== 6;
}

/** The period (month or ISO week) a day falls in: its key, first day and the first day after it. */
export function periodOf(day: number, by: Period): { key: string; from: number; to: number } {
  const d = new Date(day * 86_400_000);
  if (by === 'month') {
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    return { key: `${y}-${String(m + 1).padStart(2, '0')}`, from: Date.UTC(y, m, 1) / 86_400_000, to: Date.UTC(y, m + 1, 1) / 86_400_000 };
  }
  const monday = day - ((day + 3) % 7);
  const thursday = new Date((monday + 3) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday + 3 - Date.UTC(year, 0, 1) / 86_400_000) / 7) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, from: monday, to: monday + 7 };
}

/** Kind of a goal for the balance (`kind: upkeep` in goals.yaml; outcome by default). */
export function goalKind(goal: Pick<Goal, 'kind'> | undefined): 'outcome' | 'upkeep' {
  return goal?.kind === 'upkeep' ? 'upkeep' : 'outcome';
}

/**
 * Effort for a window of days: per goal, per person, the balance, and optionally per month or week. FTE is
 * computed per person over the window (and per period), as the header says.
 */
export function computeEffort(agg: DailyAggregates, goals: ReadonlyMap<string, Pick<Goal, 'kind'>>, options: EffortOptions): EffortFigures {
  const people = People.forPolicy(options.people);
  const today = utcDay(options.now.getTime() / 1000);
  const end = Math.min(options.to ?? today + 1, today + 1);
  const days = agg.days();
  const from = options.from ?? (days.length ? days[0] : null);
  const workingDays = Math.max(1, from === null ? 0 : workingDaysBetween(from, end));

  // A window holding all but a few person-days (all history, with commits dated after today left out): the
  // people's totals less those few.
  const left = options.by || agg.personDayCount < effortTuning.wholeHistoryFrom ? null : leftOut(agg, options.from, end);
  if (left) {
    const whole = wholeHistory(agg, goals, people, options, from, end, workingDays, left);
    if (whole) return whole;
  }
  const byPerson = new Map<string, { pds: PersonDay[]; name: string }>();
  const goalCells = new Map<string, EffortCell & { people: number }>();
  const total = { ...emptyCell(), people: 0, bots: 0 };
  for (const pd of agg.personDays(options.from, end)) {
    if (options.person !== undefined && pd.person !== options.person) continue;
    const bot = people.isBot(pd);
    for (const [t, n] of pd.targets) cellOf(goalCells, t).commits += n;
    total.commits += pd.commits;
    if (bot) {
      total.bots += pd.commits;
      continue;
    }
    let p = byPerson.get(pd.person);
    if (!p) byPerson.set(pd.person, (p = { pds: [], name: pd.name }));
    p.pds.push(pd);
    p.name = pd.name;
  }

  const persons: PersonEffort[] = [];
  const periods = new Map<string, PeriodEffort>();
  for (const [person, { pds, name }] of byPerson) {
    const weight = people.weight(pds[pds.length - 1]);
    const pe: PersonEffort = { person, name, weight, ...emptyCell(), goals: new Map() };
    const fte = weight * Math.min(1, pds.length / workingDays);
    const perDay = fte / pds.length;
    const perPeriod = new Map<string, PersonDay[]>();
    for (const pd of pds) {
      const share = shareOf(pd);
      pe.personDays += 1;
      pe.fte += perDay;
      pe.commits += pd.commits;
      for (const [t, n] of pd.targets) {
        const g = cellOf(pe.goals, t);
        g.personDays += share;
        g.fte += perDay * share;
        g.commits += n;
        const gc = cellOf(goalCells, t);
        gc.personDays += share;
        gc.fte += perDay * share;
      }
      if (options.by) {
        const key = periodOf(pd.day, options.by).key;
        const list = perPeriod.get(key);
        if (list) list.push(pd);
        else perPeriod.set(key, [pd]);
      }
    }
    for (const t of pe.goals.keys()) cellOf(goalCells, t).people++;
    total.personDays += pe.personDays;
    total.fte += pe.fte;
    total.people++;
    persons.push(pe);
    const by = options.by;
    if (by) for (const [key, list] of perPeriod) {
      const per = periodEffort(periods, key, list[0].day, by, options.from, end);
      const pf = weight * Math.min(1, list.length / per.workingDays) / list.length;
      for (const pd of list) {
        const share = shareOf(pd);
        per.total.personDays += 1;
        per.total.fte += pf;
        for (const t of pd.targets.keys()) {
          const c = cellOf(per.goals, t);
          c.personDays += share;
          c.fte += pf * share;
        }
      }
    }
  }
  // Commits per period count bots too: one more pass over the window's person-days, only when asked.
  if (options.by) {
    for (const pd of agg.personDays(options.from, end)) {
      if (options.person !== undefined && pd.person !== options.person) continue;
      const per = periodEffort(periods, periodOf(pd.day, options.by).key, pd.day, options.by, options.from, end);
      per.total.commits += pd.commits;
      for (const [t, n] of pd.targets) cellOf(per.goals, t).commits += n;
    }
  }
  return finish(goals, from, end, workingDays, goalCells, total, persons, [...periods.values()].sort((a, b) => a.from - b.from));
}

function finish(
  goals: ReadonlyMap<string, Pick<Goal, 'kind'>>,
  from: number | null,
  end: number,
  workingDays: number,
  goalCells: Map<string, EffortCell & { people: number }>,
  total: EffortCell & { people: number; bots: number },
  persons: PersonEffort[],
  periods: PeriodEffort[],
): EffortFigures {
  persons.sort((a, b) => b.personDays - a.personDays || (a.person < b.person ? -1 : 1));
  const balance: Balance = { outcome: emptyCell(), upkeep: emptyCell(), untagged: emptyCell() };
  for (const [t, c] of goalCells) {
    const b = balance[t === UNTAGGED ? 'untagged' : goalKind(goals.get(t))];
    b.personDays += c.personDays;
    b.fte += c.fte;
    b.commits += c.commits;
  }
  return { from, to: end, workingDays, goals: goalCells, total, balance, persons, periods };
}

/**
 * Effort over a window that holds every person-day: from each person's totals (daily.ts), a sum over people rather
 * than over person-days, so the all-history figures cost the same however long the history. Null when a person's
 * names disagree on being a bot (then only the day-by-day pass can tell which days count).
 */
function wholeHistory(
  agg: DailyAggregates,
  goals: ReadonlyMap<string, Pick<Goal, 'kind'>>,
  people: People,
  options: EffortOptions,
  from: number | null,
  end: number,
  workingDays: number,
  left: ReadonlyMap<string, PersonDay[]>,
): EffortFigures | null {
  const goalCells = new Map<string, EffortCell & { people: number }>();
  const total = { ...emptyCell(), people: 0, bots: 0 };
  const persons: PersonEffort[] = [];
  for (const whole of agg.personTotals()) {
    if (options.person !== undefined && whole.person !== options.person) continue;
    const out = left.get(whole.person);
    const p = out ? less(agg, whole, out, options.from, end) : whole;
    if (!p) continue;
    const latest = { person: p.person, name: p.lastName };
    const bot = people.isBot(latest);
    if (p.names.size > 1) for (const name of p.names.keys()) if (people.isBot({ person: p.person, name }) !== bot) return null;
    for (const [t, cell] of p.targets) cellOf(goalCells, t).commits += cell.commits;
    total.commits += p.commits;
    if (bot) {
      total.bots += p.commits;
      continue;
    }
    const weight = people.weight(latest);
    const fte = weight * Math.min(1, p.days / workingDays);
    const perDay = fte / p.days;
    const pe: PersonEffort = { person: p.person, name: p.lastName, weight, personDays: p.days, fte, commits: p.commits, goals: new Map() };
    for (const [t, cell] of p.targets) {
      let share = 0;
      for (let k = 1; k < cell.byShare.length; k++) if (cell.byShare[k]) share += cell.byShare[k] / k;
      const g = cellOf(pe.goals, t);
      g.personDays = share;
      g.fte = perDay * share;
      g.commits = cell.commits;
      const gc = cellOf(goalCells, t);
      gc.personDays += share;
      gc.fte += perDay * share;
      gc.people++;
    }
    total.personDays += p.days;
    total.fte += fte;
    total.people++;
    persons.push(pe);
  }
  return finish(goals, from, end, workingDays, goalCells, total, persons, []);
}

/**
 * From how many person-days all-history effort is summed over people's totals (below it the day-by-day pass is
 * cheap, and adds shares in the order of days). Both give the same figures up to the last bits of a float; tests
 * set it to 0 to check the totals' path against the day-by-day one.
 */
export const effortTuning = { wholeHistoryFrom: 4096 };

/** Most person-days left out of a window for the people's totals to be used (beyond it, the day-by-day pass). */
const MAX_LEFT_OUT = 2000;

/** The person-days outside [from, end), by person, when there are few of them; else null. */
function leftOut(agg: DailyAggregates, from: number | undefined, end: number): Map<string, PersonDay[]> | null {
  const out = new Map<string, PersonDay[]>();
  let n = 0;
  const ranges: [number | undefined, number | undefined][] = [[end, undefined]];
  if (from !== undefined) ranges.push([undefined, from]);
  for (const [lo, hi] of ranges) {
    for (const pd of agg.personDays(lo, hi)) {
      if (++n > MAX_LEFT_OUT) return null;
      const list = out.get(pd.person);
      if (list) list.push(pd);
      else out.set(pd.person, [pd]);
    }
  }
  return out;
}

/** A person's totals less some of their person-days (null when none is left). */
function less(agg: DailyAggregates, p: PersonTotals, out: readonly PersonDay[], from: number | undefined, end: number): PersonTotals | null {
  if (out.length >= p.days) return null;
  const names = new Map(p.names);
  const targets = new Map<string, { commits: number; byShare: number[] }>();
  for (const [t, c] of p.targets) targets.set(t, { commits: c.commits, byShare: [...c.byShare] });
  let { commits } = p;
  for (const pd of out) {
    commits -= pd.commits;
    const n = (names.get(pd.name) ?? 0) - 1;
    if (n > 0) names.set(pd.name, n);
    else names.delete(pd.name);
    const k = pd.targets.size;
    for (const [t, m] of pd.targets) {
      const c = targets.get(t);
      if (!c) continue;
      c.commits -= m;
      c.byShare[k] = (c.byShare[k] ?? 0) - 1;
      if (c.commits <= 0 && c.byShare.every((x) => !x)) targets.delete(t);
    }
  }
  const last = agg.latestOf(p.person, from, end);
  return { person: p.person, days: p.days - out.length, commits, names, lastDay: last?.day ?? -1, lastName: last?.name ?? p.lastName, targets };
}

function cellOf<C extends EffortCell>(m: Map<string, C>, key: string): C {
  let c = m.get(key);
  if (!c) m.set(key, (c = { ...emptyCell(), people: 0 } as unknown as C));
  return c;
}

function periodEffort(periods: Map<string, PeriodEffort>, key: string, day: number, by: Period, from: number | undefined, end: number): PeriodEffort {
  let p = periods.get(key);
  if (!p) {
    const span = periodOf(day, by);
    const lo = Math.max(span.from, from ?? span.from);
    const hi = Math.min(span.to, end);
    p = { key, from: lo, to: hi, workingDays: Math.max(1, workingDaysBetween(lo, hi)), goals: new Map(), total: emptyCell() };
    periods.set(key, p);
  }
  return p;
}

/** A goal's effort with its sub-goals' (own links of each, summed: the parts of a person-day never overlap). */
export function familyEffort(effort: EffortFigures, family: readonly string[]): EffortCell {
  const out = emptyCell();
  for (const id of family) {
    const c = effort.goals.get(id);
    if (!c) continue;
    out.personDays += c.personDays;
    out.fte += c.fte;
    out.commits += c.commits;
  }
  return out;
}

export { dayIso, UNTAGGED };
