// The Report: per-goal figures over a time window, as `computeFigures` gives them. Its JSON is the stable contract of
// DESIGN.md.
import type { GoalIndex } from '../index/goalIndex';
import { isoDate } from '../dates';
import { commitsInWindow, computeFigures, type FigureOptions, type Figures, type FigureWindow, type GoalFigures, type Staleness } from '../figures/figures';
import type { BranchLinkSource, GoalKind, GoalStatus, LinkSource, Problem, SayDo } from '../types';
import { buildCommitIndex, type CommitIndex } from './commitIndex';
import type { PeoplePolicy } from '../figures/effort';
import { effortDaysOf, effortSummary, type EffortDays, type EffortSummary } from './reportEffort';
import { goalFlowReport, type GoalFlowReport } from './flowReport';
import { computeOnBoard, type OnBoard, type TeamSource } from '../figures/onBoard';

/**
 * The window (since, until, author), "now" and the staleness setting: the options of `computeFigures`; and whether to
 * add `commitIndex` (what `goal-lens rollup` needs to count each commit once: for `report --format json`).
 */
export type ReportOptions = FigureOptions & {
  commitIndex?: boolean;
  people?: PeoplePolicy;
  /** Where teams come from: with it, the report carries `onBoard`, the linked share per team by month. */
  teams?: TeamSource;
};

export interface GoalReport {
  id: string;
  title: string;
  status: GoalStatus;
  /** 'outcome' or 'upkeep' (goals.yaml `kind`). */
  kind: GoalKind;
  parent: string | null;
  owner: string | null;
  advisor: string | null;
  due: string | null;
  commits: number;
  totalCommits: number;
  authors: number;
  lastCommitAt: string | null;
  share: number;
  sources: Record<LinkSource, number>;
  sayDo: SayDo;
  stale: boolean;
  /** Why `stale`: 'no-work-yet' for an active goal that never had a commit (stale is true for it too). */
  staleness: Staleness;
  pastDue: boolean;
  branches: { name: string; source: BranchLinkSource; commitsAhead: number | null }[];
  /** People-time on the goal's own links in the window (docs/effort.md). */
  effort: { personDays: number; fte: number };
  /** Deliveries, lead time, batch size and work in progress (docs/flow.md); only when the deliveries were read. */
  flow?: GoalFlowReport;
}

export interface Report {
  repo: string;
  head: string | null;
  generatedAt: string;
  window: { since: string | null; until: string | null };
  totals: { commits: number; linked: number; untagged: number };
  goals: GoalReport[];
  problems: { file: string; line: number; column: number; message: string; severity: Problem['severity'] }[];
  /** People-time in the window: totals and the balance of outcome goals, upkeep and untagged work. */
  effort: EffortSummary;
  /** The window's commits and their goals, compactly (src/core/reports/rollup.ts); only when asked for. */
  commitIndex?: CommitIndex;
  /** The window's person-days and what each served, for the roll-up to count each person-day once; with commitIndex. */
  effortDays?: EffortDays;
  /** Who is on board: per team and month, the share of commits that serve a goal (upkeep included); with `teams`. */
  onBoard?: OnBoard;
}

export { commitsInWindow } from '../figures/figures';

export function buildReport(index: GoalIndex, options: ReportOptions): Report {
  return reportAndFigures(index, options).report;
}

/** The report and the figures it was made of. */
export function reportAndFigures(index: GoalIndex, options: ReportOptions): { report: Report; figures: Figures } {
  const figures = computeFigures(index, options);
  const report = reportFromFigures(index, figures, options.people);
  if (options.commitIndex) {
    report.commitIndex = buildCommitIndex(index, commitsInWindow(index, figures.window));
    report.effortDays = effortDaysOf(index, figures, options.people);
  }
  if (options.teams) report.onBoard = computeOnBoard(index, options.teams, figures.window);
  return { report, figures };
}

/** The report of figures already computed (the figures of every view come from the same `computeFigures`). */
export function reportFromFigures(index: GoalIndex, figures: Figures, people?: PeoplePolicy): Report {
  const effort = effortSummary(index, figures, people);
  return {
    repo: index.root,
    head: index.head,
    generatedAt: figures.now.toISOString(),
    window: reportWindow(figures.window),
    totals: { ...figures.totals },
    goals: figures.goals.map((f) => withFlow(goalReport(f, effort.goals.get(f.id)), figures)),
    problems: index.problems.map((p) => ({ file: p.file, line: p.line, column: p.column, message: p.message, severity: p.severity })),
    effort: effort.summary,
  };
}

/** The window of a report, as its JSON gives it. */
export function reportWindow(w: FigureWindow): Report['window'] {
  return {
    since: w.since !== undefined ? new Date(w.since * 1000).toISOString() : null,
    until: w.until !== undefined ? new Date(w.until * 1000).toISOString() : null,
  };
}

/**
 * A report built earlier, as `buildReport` would give it now with `options`: only the time it was generated and the
 * window's ends differ (the caller knows the figures are still the same: figuresValidUntil).
 */
export function reportAt(report: Report, options: ReportOptions): Report {
  return { ...report, generatedAt: options.now.toISOString(), window: reportWindow(options) };
}

function withFlow(r: GoalReport, figures: Figures): GoalReport {
  const flow = figures.flow?.byGoal.get(r.id);
  if (flow) r.flow = goalFlowReport(flow);
  return r;
}

function goalReport(f: GoalFigures, effort: { personDays: number; fte: number } | undefined): GoalReport {
  const g = f.goal;
  return {
    id: g.id,
    title: g.title,
    status: g.status,
    kind: g.kind ?? 'outcome',
    parent: g.parent ?? null,
    owner: g.owner ?? null,
    advisor: g.advisor ?? null,
    due: g.due ?? null,
    commits: f.commits,
    totalCommits: f.totalCommits,
    authors: f.authors,
    lastCommitAt: f.lastOwnAt !== null ? new Date(f.lastOwnAt * 1000).toISOString() : null,
    share: f.share,
    sources: { ...f.sources },
    sayDo: f.sayDo,
    stale: f.stale,
    staleness: f.staleness,
    pastDue: f.pastDue,
    branches: f.branches.map((b) => ({ ...b })),
    effort: effort ?? { personDays: 0, fte: 0 },
  };
}

export { isoDate };
