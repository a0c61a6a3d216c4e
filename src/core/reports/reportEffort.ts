// The report's effort fields: per goal `effort: { personDays, fte }`, the window's totals and balance, and (for
// the roll-up) each person-day with what it served, so that one person's day in two repositories counts once.
import { dailyOf, UNTAGGED, utcDay, windowDays } from '../figures/daily';
import { computeEffort, People, round, type PeoplePolicy } from '../figures/effort';
import type { Figures } from '../figures/figures';
import type { GoalIndex } from '../index/goalIndex';

export interface EffortTotals {
  personDays: number;
  fte: number;
  commits: number;
}

export interface EffortSummary extends EffortTotals {
  people: number;
  /** Working days of the window up to today: FTE's denominator (docs/effort.md). */
  workingDays: number;
  balance: Record<'outcome' | 'upkeep' | 'untagged', EffortTotals>;
}

/**
 * Person-days compactly: `people` are person keys (lower-cased emails, bots left out), `rows` is flat: person,
 * day number (days since 1970-01-01 in the author's time zone), target count, then indexes into `targets`
 * ('' is untagged work).
 */
export interface EffortDays {
  version: 1;
  people: string[];
  targets: string[];
  rows: number[];
}

const cell = (c: EffortTotals): EffortTotals => ({ personDays: round(c.personDays), fte: round(c.fte), commits: c.commits });

export function effortSummary(index: GoalIndex, figures: Figures, people?: PeoplePolicy): { summary: EffortSummary; goals: Map<string, { personDays: number; fte: number }> } {
  const { from, to } = windowDays(figures.window.since, figures.window.until);
  return summaryOf(computeEffort(dailyOf(index), index.goals, { from, to, now: figures.now, people, person: figures.window.author?.toLowerCase() }));
}

/** The rounded summary and per-goal effort of a `computeEffort` result: one shape for the report and the roll-up. */
export function summaryOf(e: ReturnType<typeof computeEffort>): { summary: EffortSummary; goals: Map<string, { personDays: number; fte: number }> } {
  const goals = new Map<string, { personDays: number; fte: number }>();
  for (const [id, c] of e.goals) if (id !== UNTAGGED) goals.set(id, { personDays: round(c.personDays), fte: round(c.fte) });
  return {
    summary: {
      ...cell(e.total),
      people: e.total.people,
      workingDays: e.workingDays,
      balance: { outcome: cell(e.balance.outcome), upkeep: cell(e.balance.upkeep), untagged: cell(e.balance.untagged) },
    },
    goals,
  };
}

export function effortDaysOf(index: GoalIndex, figures: Figures, policy?: PeoplePolicy): EffortDays {
  const { from, to } = windowDays(figures.window.since, figures.window.until);
  const today = utcDay(figures.now.getTime() / 1000);
  const end = Math.min(to ?? today + 1, today + 1);
  const people = People.forPolicy(policy);
  const author = figures.window.author?.toLowerCase();
  const out: EffortDays = { version: 1, people: [], targets: [], rows: [] };
  const personIds = new Map<string, number>();
  const targetIds = new Map<string, number>();
  // Canonical order (day, person, target): a report from the cache must equal a cold run's byte for byte,
  // and the aggregates' maps keep the order in which commits arrived.
  const kept = [...dailyOf(index).personDays(from, end)].filter((pd) => !people.isBot(pd) && (author === undefined || pd.person === author));
  kept.sort((a, b) => a.day - b.day || (a.person < b.person ? -1 : a.person > b.person ? 1 : 0));
  for (const pd of kept) {
    let p = personIds.get(pd.person);
    if (p === undefined) personIds.set(pd.person, (p = out.people.push(pd.person) - 1));
    out.rows.push(p, pd.day, pd.targets.size);
    for (const t of [...pd.targets.keys()].sort()) {
      let k = targetIds.get(t);
      if (k === undefined) targetIds.set(t, (k = out.targets.push(t) - 1));
      out.rows.push(k);
    }
  }
  return out;
}
