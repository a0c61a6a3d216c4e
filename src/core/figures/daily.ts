// Per-person, per-day aggregates of the history: what each person's non-merge commits of one calendar day (in the
// author's own time zone) served. Kept beside the index and updated with it, so that every window's figures
// (effort, and the per-goal daily cells: person-days, commits, authors) are a sum over days, not a pass over every
// commit: a new commit touches one person-day.
import { eachOf, PIECE, runSteps, type Steps } from '../steps';
import { authorKey } from './people';
import { goalIdsOf } from '../links/linkRules';
import type { CommitRecord, Link } from '../types';

/** Target of work that serves no goal. Goal ids are never empty, so '' cannot collide with one. */
export const UNTAGGED = '';

const DAY = 86_400;

/** Days since 1970-01-01 of the commit's calendar day in the author's own time zone (23:30 at UTC-8 is that day). */
export function localDay(c: Pick<CommitRecord, 'time' | 'tz'>): number {
  return Math.floor((c.time + (c.tz ?? 0) * 60) / DAY);
}

/** The day number of a unix time, in UTC. */
export function utcDay(sec: number): number {
  return Math.floor(sec / DAY);
}

/** YYYY-MM-DD of a day number. */
export function dayIso(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/** One person's work on one day: every non-merge commit they authored that day, by what it served. */
export interface PersonDay {
  /** The person (author email after .mailmap, lower-cased; the name when there is no email). */
  readonly person: string;
  /** The author name last seen for that person (after .mailmap), for display and for telling bots apart. */
  name: string;
  readonly day: number;
  /** Non-merge commits of the person that day. */
  commits: number;
  /** Goal id (or {@link UNTAGGED}) -> commits of that day serving it. A commit serving two goals counts in each. */
  readonly targets: Map<string, number>;
}

/**
 * The split of a person-day (the documented rule, docs/effort.md): each distinct thing the day's commits served (a
 * goal, or untagged work) gets an equal part. It adds up to 1; splitting one commit into several with the same goals
 * changes nothing; a commit serving two goals gives each half, never the whole to both.
 */
export function shareOf(pd: PersonDay): number {
  return pd.targets.size ? 1 / pd.targets.size : 0;
}

/** Plain data of {@link DailyAggregates}, for the on-disk index cache. */
export interface DailyState {
  v: number;
  /** person key, then name, per person. */
  people: string[];
  targets: string[];
  /** Flat: day, person, commits, target count, then (target, commits) per target; for every person-day. */
  rows: number[];
}

export const DAILY_VERSION = 1;

/**
 * One person's person-days over all history, summed: what effort over a window that holds every day needs, so that
 * the all-history figures are a sum over people, not over person-days. Counts only (integers), so the same history
 * gives the same totals whatever order it was read in.
 */
export interface PersonTotals {
  readonly person: string;
  /** Person-days. */
  days: number;
  commits: number;
  /** Name -> person-days under that name (bots are told by name or email). */
  readonly names: Map<string, number>;
  /** The latest person-day and its name (-1 when it must be looked up again). */
  lastDay: number;
  lastName: string;
  /** Target -> its commits, and per k the person-days with k targets that had it (its share is the sum of count / k). */
  readonly targets: Map<string, { commits: number; byShare: number[] }>;
}

/**
 * Person-days of a history, updated commit by commit. Pure data plus add/remove: whoever keeps the index calls
 * `add` for each new commit and `remove` + `add` for a commit whose links changed (with its old and new links).
 */
export class DailyAggregates {
  private readonly byDay = new Map<number, Map<string, PersonDay>>();
  private sorted: number[] | null = [];
  private readonly totals = new Map<string, PersonTotals>();
  /** Person-days in all (the sum of the totals' days). */
  personDayCount = 0;
  /** Bumped by every change, so readers can keep what they computed from an unchanged state. */
  version = 0;

  /** Built from every commit and its links (merges are left out: a merge is not authored work). */
  static build(commits: readonly CommitRecord[], links: ReadonlyMap<string, readonly Link[]>): DailyAggregates {
    return runSteps(DailyAggregates.buildSteps(commits, links));
  }

  /** {@link build} in pieces (src/core/steps.ts). */
  static *buildSteps(commits: readonly CommitRecord[], links: ReadonlyMap<string, readonly Link[]>): Steps<DailyAggregates> {
    const agg = new DailyAggregates();
    yield* eachOf(commits, (c) => agg.add(c, links.get(c.sha)));
    return agg;
  }

  add(c: CommitRecord, links: readonly Link[] | undefined): void {
    if (c.parents.length > 1) return;
    const day = localDay(c);
    const person = authorKey(c);
    let people = this.byDay.get(day);
    if (!people) {
      this.byDay.set(day, (people = new Map<string, PersonDay>()));
      this.sorted = null;
    }
    let pd = people.get(person);
    if (!pd) people.set(person, (pd = { person, name: c.author, day, commits: 0, targets: new Map() }));
    else this.account(pd, -1);
    pd.name = c.author;
    pd.commits++;
    const goals = goalIdsOf(links);
    if (goals.length === 0) bump(pd.targets, UNTAGGED, 1);
    else for (const g of goals) bump(pd.targets, g, 1);
    this.account(pd, 1);
    this.version++;
  }

  /**
   * Adds what a person's day served elsewhere (another repository's report): the same person and day stay one
   * person-day, shared by the union of what it served. Counts no commits (the roll-up counts those by sha).
   */
  addServed(person: string, day: number, targets: Iterable<string>): void {
    let people = this.byDay.get(day);
    if (!people) {
      this.byDay.set(day, (people = new Map<string, PersonDay>()));
      this.sorted = null;
    }
    let pd = people.get(person);
    if (!pd) people.set(person, (pd = { person, name: person, day, commits: 0, targets: new Map() }));
    else this.account(pd, -1);
    for (const t of targets) if (!pd.targets.has(t)) pd.targets.set(t, 1);
    this.account(pd, 1);
    this.version++;
  }

  /** Takes back what `add(c, links)` added (the same links it was added with). */
  remove(c: CommitRecord, links: readonly Link[] | undefined): void {
    if (c.parents.length > 1) return;
    const day = localDay(c);
    const people = this.byDay.get(day);
    const pd = people?.get(authorKey(c));
    if (!people || !pd) return;
    this.account(pd, -1);
    pd.commits--;
    const goals = goalIdsOf(links);
    if (goals.length === 0) bump(pd.targets, UNTAGGED, -1);
    else for (const g of goals) bump(pd.targets, g, -1);
    if (pd.commits <= 0) {
      people.delete(pd.person);
      if (people.size === 0) {
        this.byDay.delete(day);
        this.sorted = null;
      }
    } else this.account(pd, 1);
    this.version++;
  }

  /** Each person's totals over all history (in no particular order). */
  personTotals(): IterableIterator<PersonTotals> {
    for (const p of this.totals.values()) if (p.lastDay < 0) this.findLast(p);
    return this.totals.values();
  }

  /** A person's latest person-day in [from, to) (either end open when undefined), if any. */
  latestOf(person: string, from?: number, to?: number): PersonDay | undefined {
    const days = this.days();
    const lo = from === undefined ? 0 : lowerBound(days, from);
    for (let i = (to === undefined ? days.length : lowerBound(days, to)) - 1; i >= lo; i--) {
      const pd = this.byDay.get(days[i])?.get(person);
      if (pd) return pd;
    }
    return undefined;
  }

  /** Adds (sign 1) or takes back (-1) one person-day's part of its person's totals. */
  private account(pd: PersonDay, sign: 1 | -1): void {
    let p = this.totals.get(pd.person);
    if (!p) this.totals.set(pd.person, (p = { person: pd.person, days: 0, commits: 0, names: new Map(), lastDay: pd.day, lastName: pd.name, targets: new Map() }));
    p.days += sign;
    this.personDayCount += sign;
    p.commits += sign * pd.commits;
    bump(p.names, pd.name, sign);
    const k = pd.targets.size;
    for (const [t, n] of pd.targets) {
      let cell = p.targets.get(t);
      if (!cell) p.targets.set(t, (cell = { commits: 0, byShare: [] }));
      cell.commits += sign * n;
      cell.byShare[k] = (cell.byShare[k] ?? 0) + sign;
      if (cell.commits <= 0 && cell.byShare.every((x) => !x)) p.targets.delete(t);
    }
    if (p.days <= 0) this.totals.delete(pd.person);
    else if (sign > 0 && pd.day >= p.lastDay && p.lastDay >= 0) {
      p.lastDay = pd.day;
      p.lastName = pd.name;
    } else if (sign < 0 && pd.day === p.lastDay) p.lastDay = -1;
  }

  private findLast(p: PersonTotals): void {
    const days = this.days();
    for (let i = days.length - 1; i >= 0; i--) {
      const pd = this.byDay.get(days[i])?.get(p.person);
      if (pd) {
        p.lastDay = pd.day;
        p.lastName = pd.name;
        return;
      }
    }
  }

  /** Days that have work, oldest first. */
  days(): readonly number[] {
    if (!this.sorted) this.sorted = [...this.byDay.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  /** The person-days of day numbers in [from, to) (either end open when undefined), oldest day first. */
  *personDays(from?: number, to?: number): IterableIterator<PersonDay> {
    const days = this.days();
    let i = from === undefined ? 0 : lowerBound(days, from);
    for (; i < days.length; i++) {
      const d = days[i];
      if (to !== undefined && d >= to) break;
      const people = this.byDay.get(d);
      if (people) yield* people.values();
    }
  }

  /** The person-day of one person and day, if any. */
  get(day: number, person: string): PersonDay | undefined {
    return this.byDay.get(day)?.get(person);
  }

  export(): DailyState {
    return runSteps(this.exportSteps());
  }

  /** {@link export} in pieces (src/core/steps.ts). */
  *exportSteps(): Steps<DailyState> {
    const people: string[] = [];
    const personIndex = new Map<string, number>();
    const targets: string[] = [];
    const targetIndex = new Map<string, number>();
    const rows: number[] = [];
    yield* eachOf(this.personDays(), (pd) => {
      const who = pd.person + '\0' + pd.name;
      let p = personIndex.get(who);
      if (p === undefined) personIndex.set(who, (p = people.push(who) - 1));
      rows.push(pd.day, p, pd.commits, pd.targets.size);
      for (const [t, n] of pd.targets) {
        let k = targetIndex.get(t);
        if (k === undefined) targetIndex.set(t, (k = targets.push(t) - 1));
        rows.push(k, n);
      }
    });
    return { v: DAILY_VERSION, people, targets, rows };
  }

  /** Reads what `export` wrote; null when it is not that (a cache from another version, or damaged). */
  static import(d: unknown): DailyAggregates | null {
    return runSteps(DailyAggregates.importSteps(d));
  }

  /** {@link import} in pieces (src/core/steps.ts). */
  static *importSteps(d: unknown): Steps<DailyAggregates | null> {
    if (typeof d !== 'object' || d === null) return null;
    const s = d as Partial<DailyState>;
    if (s.v !== DAILY_VERSION || !Array.isArray(s.people) || !Array.isArray(s.targets) || !Array.isArray(s.rows)) return null;
    const { people, targets, rows } = s as DailyState;
    const agg = new DailyAggregates();
    let i = 0;
    const next = (): number => {
      const x = rows[i++];
      if (!Number.isInteger(x) || x < 0) throw new RangeError('bad row');
      return x;
    };
    let n = 0;
    try {
      while (i < rows.length) {
        if (++n % PIECE === 0) yield;
        const day = rows[i++];
        if (!Number.isInteger(day)) return null;
        const who = people[next()];
        const commits = next();
        const count = next();
        if (typeof who !== 'string') return null;
        const z = who.indexOf('\0');
        const pd: PersonDay = { person: who.slice(0, z), name: who.slice(z + 1), day, commits, targets: new Map() };
        for (let k = 0; k < count; k++) {
          const t = targets[next()];
          if (typeof t !== 'string') return null;
          pd.targets.set(t, next());
        }
        let m = agg.byDay.get(day);
        if (!m) agg.byDay.set(day, (m = new Map<string, PersonDay>()));
        const was = m.get(pd.person);
        if (was) agg.account(was, -1);
        m.set(pd.person, pd);
        agg.account(pd, 1);
      }
    } catch {
      return null;
    }
    agg.sorted = null;
    return agg;
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per goal and day: what the day's person-days gave the goal (bots give commits, never person-days). */
export interface GoalDayCell {
  personDays: number;
  commits: number;
  /** People (not bots) whose work that day served the goal. */
  authors: number;
}

/**
 * The per-goal daily cells of the person-days in [from, to): goal id (or UNTAGGED) -> day -> cell. A goal's cells
 * count its own links only (its sub-goals have their own).
 */
export function goalDayCells(agg: DailyAggregates, isBot: (pd: PersonDay) => boolean, from?: number, to?: number): Map<string, Map<number, GoalDayCell>> {
  const out = new Map<string, Map<number, GoalDayCell>>();
  for (const pd of agg.personDays(from, to)) {
    const bot = isBot(pd);
    const share = bot ? 0 : shareOf(pd);
    for (const [t, n] of pd.targets) {
      let days = out.get(t);
      if (!days) out.set(t, (days = new Map<number, GoalDayCell>()));
      let cell = days.get(pd.day);
      if (!cell) days.set(pd.day, (cell = { personDays: 0, commits: 0, authors: 0 }));
      cell.commits += n;
      if (!bot) {
        cell.personDays += share;
        cell.authors++;
      }
    }
  }
  return out;
}

const KEPT = new WeakMap<object, DailyAggregates>();

/**
 * The daily aggregates of an index: those the index update handed over, or built once from its commits and links
 * (and kept for that index). Readers never change them.
 */
export function dailyOf(index: { readonly commits: readonly CommitRecord[]; readonly links: ReadonlyMap<string, readonly Link[]> }): DailyAggregates {
  return runSteps(dailyOfSteps(index));
}

/** {@link dailyOf} in pieces (src/core/steps.ts). */
export function* dailyOfSteps(index: { readonly commits: readonly CommitRecord[]; readonly links: ReadonlyMap<string, readonly Link[]> }): Steps<DailyAggregates> {
  let agg = KEPT.get(index);
  if (!agg) KEPT.set(index, (agg = yield* DailyAggregates.buildSteps(index.commits, index.links)));
  return agg;
}

/** Hands `agg` to `next` (an update that changed it in place takes it from `previous`, which then builds its own). */
export function keepDaily(next: object, agg: DailyAggregates, previous?: object): void {
  if (previous) KEPT.delete(previous);
  KEPT.set(next, agg);
}

/** The aggregates already kept for an index, if any (no build). */
export function keptDaily(index: object): DailyAggregates | undefined {
  return KEPT.get(index);
}

/**
 * The days of a time window: a person-day counts when its day (the author's calendar) falls on or after the UTC day
 * of `since` and before the UTC day that `until` starts or falls in (`--until 2026-11-01` leaves November out).
 */
export function windowDays(since?: number, until?: number): { from?: number; to?: number } {
  return { from: since === undefined ? undefined : utcDay(since), to: until === undefined ? undefined : Math.ceil(until / DAY) };
}
