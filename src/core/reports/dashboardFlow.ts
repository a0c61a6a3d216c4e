// The dashboard's Flow section (issue 25 item 4): deliveries per week per goal, each goal's lead-time distribution
// (median, 85th percentile), and its work in progress with ages, aging flagged. Shaped from the flow figures of
// src/core/figures/flow.ts (the same the JSON report, tooltip and digest give); the page computes nothing.
import type { Figures } from '../figures/figures';
import { formatDuration } from '../figures/flow';
import { weekAxis } from './weekAxis';

/** Series id of deliveries that serve no goal. */
export const NO_GOAL_SERIES = '(no goal)';

export interface FlowWeekSeries {
  id: string;
  label: string;
  /** True for deliveries serving no goal. */
  untagged: boolean;
  /** Deliveries per week; a delivery serving two goals counts in both. */
  counts: number[];
}

export interface FlowGoalRow {
  id: string;
  title: string;
  deliveries: number;
  /** Deliveries per week over the window (docs/flow.md). */
  perWeek: number;
  lastDeliveryAt: string | null;
  /** Seconds; null when no delivery's lead time was measured. */
  leadTime: { count: number; median: number | null; p85: number | null; unmeasured: number };
  /** The same, as a lead reads it ("2.5 days", "-"). */
  leadTimeText: { median: string; p85: string };
  batch: { commits: number | null; files: number | null };
  wip: { branch: string; commits: number; ageDays: number; idleDays: number; aging: boolean; lastCommitAt: string }[];
}

export interface DashboardFlow {
  /** False when the default branch's deliveries were not read (no default branch in the indexed history). */
  known: boolean;
  agingAfterDays: number;
  weeks: string[];
  truncated: boolean;
  series: FlowWeekSeries[];
  /** Goals with a delivery in the window or work in progress, in goals.yaml order. */
  goals: FlowGoalRow[];
  totals: { deliveries: number; openBranches: number; aging: number };
}

const iso = (t: number): string => new Date(t * 1000).toISOString();

/** The Flow section, or null when the figures carry no flow (the deliveries were not read). */
export function dashboardFlow(figures: Figures, options: { maxWeeks?: number } = {}): DashboardFlow | null {
  const flow = figures.flow;
  if (!flow) return null;
  const rows: FlowGoalRow[] = [];
  let openBranches = 0;
  let aging = 0;
  for (const f of figures.goals) {
    const g = flow.byGoal.get(f.id);
    if (!g || (g.deliveries.length === 0 && g.wip.length === 0)) continue;
    openBranches += g.wip.length;
    aging += g.wip.filter((w) => w.aging).length;
    rows.push({
      id: f.id,
      title: f.goal.title,
      deliveries: g.deliveries.length,
      perWeek: Math.round(g.perWeek * 100) / 100,
      lastDeliveryAt: g.lastDeliveryAt === null ? null : iso(g.lastDeliveryAt),
      leadTime: { count: g.leadTime.count, median: g.leadTime.median, p85: g.leadTime.p85, unmeasured: g.leadTime.unmeasured },
      leadTimeText: { median: g.leadTime.median === null ? '-' : formatDuration(g.leadTime.median), p85: g.leadTime.p85 === null ? '-' : formatDuration(g.leadTime.p85) },
      batch: { commits: g.batchCommits.median, files: g.batchFiles.median },
      wip: g.wip.map((w) => ({ branch: w.branch, commits: w.commits, ageDays: w.ageDays, idleDays: w.idleDays, aging: w.aging, lastCommitAt: iso(w.lastCommitAt) })),
    });
  }
  const { weeks, truncated, series } = perWeek(figures, options.maxWeeks ?? 104);
  return { known: flow.known, agingAfterDays: flow.options.agingAfterDays, weeks, truncated, series, goals: rows, totals: { deliveries: flow.deliveries.length, openBranches, aging } };
}

function perWeek(figures: Figures, maxWeeks: number): { weeks: string[]; truncated: boolean; series: FlowWeekSeries[] } {
  const flow = figures.flow;
  if (!flow || flow.deliveries.length === 0) return { weeks: [], truncated: false, series: [] };
  let first = Infinity;
  let last = -Infinity;
  for (const { delivery: d } of flow.deliveries) {
    first = Math.min(first, d.landedAt);
    last = Math.max(last, d.landedAt);
  }
  const { since, until, now } = flow.options;
  const from = since !== undefined ? Math.min(since, first) : first;
  const to = until !== undefined ? Math.max(until - 1, last) : Math.max(last, Math.floor(now.getTime() / 1000));
  const axis = weekAxis(from, to, Math.max(1, maxWeeks));
  const counts = new Map<string, number[]>();
  const row = (id: string): number[] => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = new Array<number>(axis.weeks.length).fill(0)));
    return c;
  };
  for (const { delivery: d, goals } of flow.deliveries) {
    const i = axis.slot(d.landedAt);
    if (i < 0) continue;
    const known = goals.filter((id) => figures.byId.has(id));
    if (known.length === 0) row(NO_GOAL_SERIES)[i]++;
    for (const id of known) row(id)[i]++;
  }
  const series: FlowWeekSeries[] = [];
  for (const f of figures.goals) {
    const c = counts.get(f.id);
    if (c) series.push({ id: f.id, label: f.goal.title, untagged: false, counts: c });
  }
  const none = counts.get(NO_GOAL_SERIES);
  if (none) series.push({ id: NO_GOAL_SERIES, label: 'No goal', untagged: true, counts: none });
  return { weeks: axis.weeks, truncated: axis.truncated, series };
}
