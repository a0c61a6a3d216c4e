// The leads' dashboard as data: effort over time, allocation, say/do, outcome progress and "what's not working".
// Pure: built from a GoalIndex and options; rendered by the webview and by the self-contained HTML report.
// Every per-goal figure comes from `computeFigures` (through the report), so the dashboard agrees with `goal-lens report`
// and the Goals tree.
import { isoDate } from '../dates';
import { weekAxis } from './weekAxis';
import type { GoalIndex } from '../index/goalIndex';
import { commitsInWindow, computeFigures, isOpenGoal, TIME_WINDOWS, stalenessText, type CommitmentFigure, type Figures, type Staleness } from '../figures/figures';
import { reportFromFigures, type GoalReport, type Report, type ReportOptions } from './report';
import { goalIdsOf } from '../links/linkRules';
import type { Goal, SayDo } from '../types';
import type { OneStep } from '../suggest/suggest';
import { flowFlags } from './flowFlags';
import { dashboardEffort, type EffortMonths, type FteAllocation, type OutcomeEffort } from './dashboardEffort';
import { dashboardFlow, type DashboardFlow } from './dashboardFlow';
import { groupFlags, type Flag, type FlagGroup } from './flagGroups';

export type { Flag, FlagKind } from './flagGroups';
import { measureOf, outcomePrecision } from './measure';
import { onBoardFor, type DashboardOnBoard } from './dashboardOnBoard';

export interface DashboardOptions extends ReportOptions {
  /** Untagged share of the window's commits (0..1) above which a flag is raised. */
  untaggedThreshold: number;
  /** Most weeks shown in the effort chart (the latest ones). Default 104. */
  maxWeeks?: number;
  /** How many of the window's latest commits to list. Default 20. */
  recentCommits?: number;
  /** Label of the chosen time window, shown in the page (e.g. "last 13 weeks"). */
  windowLabel?: string;
  /** Whether an untagged commit's first suggestion is sure enough to accept as is (src/core/suggest). */
  oneStep?: OneStep;
  /** Without `teams`: why (the editor reads them in the background and sends them when ready, or failed to). */
  teamsState?: OnBoardState;
}

/** Why `onBoard` is null: teams still being read, or the read failed. */
export type OnBoardState = { reading: true } | { error: string };

export const UNTAGGED_ID = '(untagged)';

export interface EffortSeries {
  /** Goal id, or UNTAGGED_ID for untagged work. */
  id: string;
  label: string;
  untagged: boolean;
  /** Commits per week, aligned with `EffortData.weeks`. */
  counts: number[];
}

export interface EffortData {
  /** ISO weeks (YYYY-Www), oldest first, no gaps. */
  weeks: string[];
  /** One series per goal with work in the window (file order), then untagged. A commit serving two goals counts in both. */
  series: EffortSeries[];
  /** True when older weeks were left out (more than maxWeeks). */
  truncated: boolean;
}

export interface AllocationEntry {
  id: string;
  label: string;
  untagged: boolean;
  commits: number;
  /** commits / totals.commits of the window (equal to the report's `share`). */
  share: number;
}

export interface SayDoEntry extends SayDo {
  id: string;
  title: string;
  commitments: Omit<CommitmentFigure, 'line'>[];
}

export interface OutcomeEntry {
  id: string;
  title: string;
  metric: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  /** Sorted by date, oldest first. */
  measurements: { date: string; value: number }[];
  latest: { date: string; value: number } | null;
  /** (latest - baseline) / (target - baseline): 0 at the baseline, 1 at the target; null when it cannot be known. Not clamped. */
  progress: number | null;
  /** Decimals the outcome's values are written with (the most any of them has). */
  precision: number;
  /** Baseline, latest and target as a lead reads them ("2.40 EUR", "3.6%"), '-' when missing. */
  text: { baseline: string; latest: string; target: string };
  /** The effort the goal (with its sub-goals) took in the window; on the dashboard only. */
  effort?: OutcomeEffort;
  /**
   * The progress the window's work bought: from the last measurement before the window (the baseline when there is
   * none) to the latest, in the same 0..1 scale as `progress`; null when it cannot be known. On the dashboard only.
   */
  bought?: { from: { date: string; value: number } | null; progress: number | null };
}

/** People-time of the window (issue 24): FTE per month per series, the allocation in FTE, and totals. */
export interface DashboardFte {
  byMonth: EffortMonths;
  allocation: FteAllocation[];
  total: { fte: number; personDays: number; people: number; workingDays: number };
  /** Outcome goals, upkeep and untagged work: the report's balance (`effort.balance`). */
  balance: Report['effort']['balance'];
}

/** A goal's figures as the report gives them, without the per-source counts and branches the dashboard does not draw. */
export type DashboardGoal = Omit<GoalReport, 'sources' | 'branches'> & { staleness: Staleness };

export interface RecentCommit {
  sha: string;
  subject: string;
  author: string;
  /** ISO time. */
  time: string;
  goals: string[];
}

export interface DashboardData {
  version: 1;
  repo: string;
  head: string | null;
  generatedAt: string;
  window: { since: string | null; until: string | null; label: string };
  /** The windows a page may offer (the Goals view offers the same). */
  windows: { key: string; label: string }[];
  settings: { staleAfterDays: number; untaggedThreshold: number };
  /** oneStep: untagged commits of the window that can be tagged in one step (only when worked out). */
  totals: { commits: number; linked: number; untagged: number; untaggedShare: number; oneStep?: number };
  goals: DashboardGoal[];
  effort: EffortData;
  allocation: AllocationEntry[];
  /** Effort in people-time: what the effort and allocation charts draw by default (commits are the toggle). */
  fte: DashboardFte;
  /** Deliveries, lead time and work in progress; null when the default branch's deliveries were not read. */
  flow: DashboardFlow | null;
  /** Who is on board: each team's linked share by month; null when no team source was given (options.teams). */
  onBoard: DashboardOnBoard | null;
  /** Only when onBoard is null because the teams are still being read or could not be read. */
  onBoardState?: OnBoardState;
  sayDo: SayDoEntry[];
  outcomes: OutcomeEntry[];
  flags: Flag[];
  /** The same flags grouped by goal, the most urgent group first ("What's not working"). */
  flagGroups: FlagGroup[];
  recent: RecentCommit[];
  problems: Report['problems'];
}

const DAY = 86_400;
const DAY_MS = DAY * 1000;

export function buildDashboardData(index: GoalIndex, options: DashboardOptions): DashboardData {
  const figures = computeFigures(index, options);
  const report = reportFromFigures(index, figures, options.people);
  const commits = commitsInWindow(index, options);
  const totals: DashboardData['totals'] = { ...report.totals, untaggedShare: report.totals.commits ? report.totals.untagged / report.totals.commits : 0 };
  if (options.oneStep) totals.oneStep = figures.untagged.filter((c) => options.oneStep?.(c.sha)).length;
  const people = dashboardEffort(index, figures, { people: options.people });
  const allFlags = [...flags(figures, report, options, totals.untaggedShare), ...flowFlags(index, figures)];

  return {
    version: 1,
    repo: report.repo,
    head: report.head,
    generatedAt: report.generatedAt,
    window: { ...report.window, label: options.windowLabel ?? windowLabel(report.window) },
    windows: TIME_WINDOWS.map((w) => ({ key: w.key, label: w.label })),
    settings: { staleAfterDays: options.staleAfterDays, untaggedThreshold: options.untaggedThreshold },
    totals,
    goals: report.goals.map((g) => dashboardGoal(g, figures.byId.get(g.id)?.staleness ?? 'fresh')),
    effort: effortOverTime(figures, commits, options),
    allocation: allocation(report),
    fte: { byMonth: people.byMonth, allocation: people.allocation, total: people.total, balance: report.effort.balance },
    flow: dashboardFlow(figures, { maxWeeks: options.maxWeeks }),
    onBoard: onBoardFor(index, options.teams, figures.window),
    ...(!options.teams && options.teamsState ? { onBoardState: options.teamsState } : {}),
    sayDo: sayDoEntries(figures),
    outcomes: outcomes(index).map((o) => ({ ...o, effort: people.outcomes.get(o.id), bought: bought(o, options.since) })),
    flags: allFlags,
    flagGroups: groupFlags(allFlags),
    recent: commits.slice(0, options.recentCommits ?? 20).map((c) => ({
      sha: c.sha,
      subject: c.subject,
      author: c.author,
      time: new Date(c.time * 1000).toISOString(),
      goals: goalIdsOf(index.links.get(c.sha)),
    })),
    problems: report.problems,
  };
}

function dashboardGoal(g: GoalReport, staleness: Staleness): DashboardGoal {
  return {
    id: g.id, title: g.title, status: g.status, kind: g.kind, effort: g.effort, parent: g.parent, owner: g.owner, advisor: g.advisor, due: g.due,
    commits: g.commits, totalCommits: g.totalCommits, authors: g.authors, lastCommitAt: g.lastCommitAt, share: g.share,
    sayDo: g.sayDo, stale: g.stale, pastDue: g.pastDue, staleness,
  };
}

function windowLabel(w: Report['window']): string {
  if (!w.since && !w.until) return 'all history';
  return `${w.since?.slice(0, 10) ?? 'start'} to ${w.until?.slice(0, 10) ?? 'now'}`;
}

function effortOverTime(figures: Figures, commits: ReturnType<typeof commitsInWindow>, options: DashboardOptions): EffortData {
  if (commits.length === 0) return { weeks: [], series: [], truncated: false };
  let first = Infinity;
  let last = -Infinity;
  for (const c of commits) {
    first = Math.min(first, c.time);
    last = Math.max(last, c.time);
  }
  // The axis spans the window when it is bounded, else the commits.
  const from = options.since !== undefined ? Math.min(options.since, first) : first;
  const to = options.until !== undefined ? Math.max(options.until - 1, last) : Math.max(last, Math.floor(options.now.getTime() / 1000));
  const { weeks, truncated, slot } = weekAxis(from, to, Math.max(1, options.maxWeeks ?? 104));
  const perWeek = (list: readonly { time: number }[]): number[] => {
    const counts = new Array<number>(weeks.length).fill(0);
    for (const c of list) {
      const i = slot(c.time);
      if (i >= 0) counts[i]++;
    }
    return counts;
  };
  const series: EffortSeries[] = figures.goals
    .filter((g) => g.own.length > 0)
    .map((g) => ({ id: g.id, label: g.goal.title, untagged: false, counts: perWeek(g.own) }));
  const untagged = perWeek(figures.untagged);
  if (untagged.some((n) => n > 0)) series.push({ id: UNTAGGED_ID, label: 'Untagged', untagged: true, counts: untagged });
  return { weeks, series, truncated };
}

function allocation(report: Report): AllocationEntry[] {
  const out: AllocationEntry[] = report.goals
    .filter((g) => g.commits > 0)
    .map((g) => ({ id: g.id, label: g.title, untagged: false, commits: g.commits, share: g.share }));
  const { commits, untagged } = report.totals;
  if (untagged > 0) out.push({ id: UNTAGGED_ID, label: 'Untagged', untagged: true, commits: untagged, share: commits ? untagged / commits : 0 });
  return out;
}

function sayDoEntries(figures: Figures): SayDoEntry[] {
  return figures.goals
    .filter((g) => g.commitments.length > 0)
    .map((g) => ({
      id: g.id,
      title: g.goal.title,
      ...g.sayDo,
      commitments: g.commitments.map((c) => ({ what: c.what, due: c.due, done: c.done, state: c.state })),
    }));
}

function outcomes(index: GoalIndex): OutcomeEntry[] {
  const out: OutcomeEntry[] = [];
  for (const g of index.goalsFile.goals) {
    if (index.goals.get(g.id) !== g) continue;
    const entry = outcomeOf(g);
    if (entry) out.push(entry);
  }
  return out;
}

/** A goal's outcome and its progress (the one place progress is computed), or null when it has no outcome. */
export function outcomeOf(g: Goal): OutcomeEntry | null {
  if (!g.outcome) return null;
  const o = g.outcome;
  const measurements = [...o.measurements].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((m) => ({ date: m.date, value: m.value }));
  const latest = measurements.length ? measurements[measurements.length - 1] : null;
  const baseline = o.baseline ?? null;
  const target = o.target ?? null;
  const progress = latest && baseline !== null && target !== null && target !== baseline ? (latest.value - baseline) / (target - baseline) : null;
  const text = { baseline: measureOf(o, baseline), latest: measureOf(o, latest?.value), target: measureOf(o, target) };
  return { id: g.id, title: g.title, metric: o.metric, unit: o.unit ?? '', baseline, target, measurements, latest, progress, precision: outcomePrecision(o), text };
}

/**
 * What a window's work moved an outcome: from the last measurement before the window starts (the baseline when
 * there is none, or for all history) to the latest measurement in it. Same scale as `progress`.
 */
export function bought(o: OutcomeEntry, since: number | undefined): NonNullable<OutcomeEntry['bought']> {
  const start = since === undefined ? null : isoDate(new Date(since * 1000));
  const before = start === null ? null : (o.measurements.filter((m) => m.date < start).at(-1) ?? null);
  const latest = o.latest && (start === null || o.latest.date >= start) ? o.latest : null;
  const fromValue = before ? before.value : o.baseline;
  if (!latest || fromValue === null || o.baseline === null || o.target === null || o.target === o.baseline) return { from: before, progress: null };
  return { from: before, progress: (latest.value - fromValue) / (o.target - o.baseline) };
}

function flags(figures: Figures, report: Report, options: DashboardOptions, untaggedShare: number): Flag[] {
  const out: Flag[] = [];
  const today = report.generatedAt.slice(0, 10);
  for (const f of figures.goals) {
    const g = f.goal;
    if (f.stale) {
      const last = f.lastEverAt !== null ? ` (last on ${isoDate(new Date(f.lastEverAt * 1000))}; stale after ${options.staleAfterDays} days)` : '';
      out.push({ kind: 'stale', goalId: g.id, title: g.title, reason: `active, but ${stalenessText(f, figures.now)}${last}` });
    }
    if (f.pastDue) {
      out.push({ kind: 'past-due', goalId: g.id, title: g.title, reason: `due ${g.due}, ${daysBetween(g.due as string, today)} days ago, and still ${g.status}` });
    }
    for (const c of f.commitments) {
      if (c.state !== 'missed') continue;
      out.push({
        kind: 'commitment-overdue',
        goalId: g.id,
        title: g.title,
        reason: `promised "${c.what}" by ${c.due}; ${daysBetween(c.due as string, today)} days overdue and not done`,
      });
    }
    if (isOpenGoal(g)) {
      if (!g.owner) out.push({ kind: 'no-owner', goalId: g.id, title: g.title, reason: `${g.status} goal with no business owner` });
      if (!g.advisor) out.push({ kind: 'no-advisor', goalId: g.id, title: g.title, reason: `${g.status} goal with no IT advisor` });
    }
  }
  const { commits, untagged } = report.totals;
  if (commits > 0 && untaggedShare > options.untaggedThreshold) {
    out.push({
      kind: 'untagged',
      goalId: null,
      title: 'Untagged work',
      reason: `${pct(untaggedShare)} of commits (${untagged} of ${commits}) serve no goal, above the ${pct(options.untaggedThreshold)} threshold`,
    });
  }
  return out;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
