// The dashboard's effort in people-time (issue 24 item 3): FTE per month per series (each outcome goal, upkeep,
// untagged), the window's allocation in FTE and commits, and beside each outcome the effort it took and the progress
// it bought. Shaped from the one formula of src/core/figures/effort.ts; the page draws these numbers, computes none.
import { dailyOf, UNTAGGED, windowDays } from '../figures/daily';
import { computeEffort, familyEffort, goalKind, round, type EffortFigures, type PeoplePolicy } from '../figures/effort';
import type { Figures } from '../figures/figures';
import { descendantsOf, type GoalIndex } from '../index/goalIndex';
import type { Goal } from '../types';

/** Series ids that are not goals. */
export const UPKEEP_SERIES = '(upkeep)';
export const UNTAGGED_SERIES = '(untagged)';

export type SeriesKind = 'outcome' | 'upkeep' | 'untagged';

export interface EffortMonthSeries {
  /** Goal id, UPKEEP_SERIES (every upkeep goal together) or UNTAGGED_SERIES. */
  id: string;
  label: string;
  kind: SeriesKind;
  /** The goals a series adds up (the upkeep goals for UPKEEP_SERIES). */
  goals: string[];
  /** Per month, aligned with `EffortMonths.months`. */
  fte: number[];
  personDays: number[];
  /** Commits, bots' included; a commit serving two goals counts in each. */
  commits: number[];
}

export interface EffortMonths {
  /** YYYY-MM, oldest first, no gaps. */
  months: string[];
  /** Working days of each month within the window, up to today (FTE's denominator). */
  workingDays: number[];
  series: EffortMonthSeries[];
  /** True when older months were left out (more than maxMonths). */
  truncated: boolean;
}

export interface FteAllocation {
  id: string;
  label: string;
  kind: SeriesKind;
  goals: string[];
  fte: number;
  personDays: number;
  commits: number;
  /** fte / all FTE of the window (0 when there is none). */
  fteShare: number;
}

export interface OutcomeEffort {
  /** Person-days and FTE of the goal and its sub-goals in the window. */
  personDays: number;
  fte: number;
  /** Whether sub-goals' work is included (the goal has sub-goals). */
  withSubGoals: boolean;
}

export interface DashboardEffort {
  byMonth: EffortMonths;
  allocation: FteAllocation[];
  /** Goal id -> effort of an outcome goal's family (goal and sub-goals). */
  outcomes: Map<string, OutcomeEffort>;
  total: { fte: number; personDays: number; people: number; workingDays: number };
}

/** Most months drawn by default: three years. */
export const MAX_MONTHS = 36;

/** The window's effort per month and its allocation, from the daily aggregates. */
export function dashboardEffort(index: GoalIndex, figures: Figures, options: { people?: PeoplePolicy; maxMonths?: number } = {}): DashboardEffort {
  const { from, to } = windowDays(figures.window.since, figures.window.until);
  const e = computeEffort(dailyOf(index), index.goals, { from, to, now: figures.now, people: options.people, by: 'month', person: figures.window.author?.toLowerCase() });
  const order = figures.goals.map((f) => f.goal);
  return {
    byMonth: byMonth(e, order, Math.max(1, options.maxMonths ?? MAX_MONTHS)),
    allocation: allocation(e, order),
    outcomes: outcomeEfforts(index, e),
    total: { fte: round(e.total.fte), personDays: round(e.total.personDays), people: e.total.people, workingDays: e.workingDays },
  };
}

/** The series of a chart: outcome goals with work (goals.yaml order), then upkeep, then untagged. */
function seriesOf(e: EffortFigures, goals: readonly Goal[]): { id: string; label: string; kind: SeriesKind; goals: string[] }[] {
  const out: { id: string; label: string; kind: SeriesKind; goals: string[] }[] = [];
  const upkeep: string[] = [];
  for (const g of goals) {
    if (!e.goals.has(g.id)) continue;
    if (goalKind(g) === 'upkeep') upkeep.push(g.id);
    else out.push({ id: g.id, label: g.title, kind: 'outcome', goals: [g.id] });
  }
  if (upkeep.length) out.push({ id: UPKEEP_SERIES, label: 'Upkeep', kind: 'upkeep', goals: upkeep });
  if (e.goals.has(UNTAGGED)) out.push({ id: UNTAGGED_SERIES, label: 'Untagged', kind: 'untagged', goals: [UNTAGGED] });
  return out;
}

function byMonth(e: EffortFigures, goals: readonly Goal[], maxMonths: number): EffortMonths {
  if (e.periods.length === 0) return { months: [], workingDays: [], series: [], truncated: false };
  // No gaps: a month without work is on the axis with zeros.
  const months: string[] = [];
  const first = e.periods[0].key;
  const last = e.periods[e.periods.length - 1].key;
  let [y, m] = first.split('-').map(Number);
  for (let key = first; key <= last; key = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  const truncated = months.length > maxMonths;
  const shown = truncated ? months.slice(months.length - maxMonths) : months;
  const byKey = new Map(e.periods.map((p) => [p.key, p]));
  const series = seriesOf(e, goals).map((s) => {
    const pick = (f: 'fte' | 'personDays' | 'commits'): number[] =>
      shown.map((k) => {
        const p = byKey.get(k);
        let v = 0;
        for (const id of s.goals) v += p?.goals.get(id)?.[f] ?? 0;
        return f === 'commits' ? v : round(v);
      });
    return { ...s, fte: pick('fte'), personDays: pick('personDays'), commits: pick('commits') };
  });
  return { months: shown, workingDays: shown.map((k) => byKey.get(k)?.workingDays ?? 0), series: series.filter((s) => s.commits.some((n) => n > 0) || s.fte.some((n) => n > 0)), truncated };
}

function allocation(e: EffortFigures, goals: readonly Goal[]): FteAllocation[] {
  const all = e.total.fte;
  return seriesOf(e, goals).map((s) => {
    let fte = 0;
    let personDays = 0;
    let commits = 0;
    for (const id of s.goals) {
      const c = e.goals.get(id);
      fte += c?.fte ?? 0;
      personDays += c?.personDays ?? 0;
      commits += c?.commits ?? 0;
    }
    return { ...s, fte: round(fte), personDays: round(personDays), commits, fteShare: all > 0 ? round(fte / all) : 0 };
  });
}

function outcomeEfforts(index: GoalIndex, e: EffortFigures): Map<string, OutcomeEffort> {
  const out = new Map<string, OutcomeEffort>();
  for (const g of index.goals.values()) {
    if (!g.outcome) continue;
    const family = descendantsOf(index, g.id);
    const c = familyEffort(e, family);
    out.set(g.id, { personDays: round(c.personDays), fte: round(c.fte), withSubGoals: family.length > 1 });
  }
  return out;
}
