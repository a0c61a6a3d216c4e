// Flow per goal (docs/flow.md): deliveries in a window, their lead time and batch size, and the work in progress
// (goal branches not yet on the default branch) with its age. Computed from the index and the DeliveryLog; every
// view and report reads these figures and computes none of its own.
import { ago } from '../dates';
import type { GoalIndex } from '../index/goalIndex';
import type { CommitRecord } from '../types';
import type { Delivery, DeliveryLog, LeadTimeBasis, DeliveryKind } from './deliveries';
import { deliveriesIn, deliveryGoals, flowBook, type GoalBook } from './flowBook';

const DAY = 86_400;
const WEEK = 7 * DAY;

/** Days without a commit after which a goal branch is aging, unless the user says otherwise. */
export const DEFAULT_AGING_AFTER_DAYS = 14;

export interface FlowOptions {
  /** Deliveries landed at or after this time (unix seconds). */
  since?: number;
  /** Deliveries landed before this time (unix seconds). */
  until?: number;
  now: Date;
  /** A goal branch with no commit for this many days is aging. */
  agingAfterDays: number;
}

/** One goal branch not yet on the default branch. */
export interface WorkInProgress {
  branch: string;
  /** Non-merge commits on it that the default branch does not have. */
  commits: number;
  /** Author time of its earliest and latest such commit (unix seconds). */
  firstCommitAt: number;
  lastCommitAt: number;
  lastCommitSha: string;
  /** Whole days from its first commit to now, and from its last commit to now. */
  ageDays: number;
  idleDays: number;
  /** No commit for `agingAfterDays` or more. */
  aging: boolean;
}

export interface Distribution {
  /** How many values it is made of. */
  count: number;
  median: number | null;
  /** 85th percentile, nearest rank: the smallest value at least 85% of the values do not exceed. */
  p85: number | null;
}

export interface GoalFlow {
  /** Deliveries in the window that serve the goal, newest first. */
  deliveries: readonly Delivery[];
  /** deliveries.length per week of the window (see docs/flow.md for an open window). */
  perWeek: number;
  /** Landing time of the latest delivery in the window (unix seconds), or null. */
  lastDeliveryAt: number | null;
  /** Lead times in seconds; deliveries whose lead time cannot be told (skewed clocks) are left out and counted. */
  leadTime: Distribution & { unmeasured: number };
  /** Non-merge commits per delivery. */
  batchCommits: Distribution;
  /** Changed files per delivery (deliveries whose files were not read are left out). */
  batchFiles: Distribution;
  /** How the window's deliveries were measured. */
  byBasis: Record<LeadTimeBasis, number>;
  byKind: Record<DeliveryKind, number>;
  /** Goal branches not yet on the default branch, oldest first (not windowed: they are open now). */
  wip: readonly WorkInProgress[];
}

export interface FlowFigures {
  options: FlowOptions;
  /** Every delivery in the window, newest first, each with the goals it serves (worked out when first read). */
  readonly deliveries: readonly { delivery: Delivery; goals: readonly string[] }[];
  byGoal: ReadonlyMap<string, GoalFlow>;
  /** The default branch's deliveries are known (false: it is not in the indexed history). */
  known: boolean;
}

export { deliveryGoals };

/**
 * The flow of every goal for one window. Pure. Each goal's deliveries come from the flow book (flowBook.ts: kept
 * per goal and brought up to date with the change), so all history costs a lookup per goal and a window the goal's
 * deliveries; plus the goal branches.
 */
export function computeFlow(index: GoalIndex, log: DeliveryLog, options: FlowOptions): FlowFigures {
  const nowSec = Math.floor(options.now.getTime() / 1000);
  const book = flowBook(index, log);
  const everything = options.since === undefined && options.until === undefined;
  const inside = (d: Delivery): boolean => (options.until === undefined || d.landedAt < options.until) && (options.since === undefined || d.landedAt >= options.since);
  const wip = workInProgress(index, log, options, nowSec);
  const byGoal = new Map<string, GoalFlow>();
  for (const g of index.goals.values()) {
    const kept = book.byGoal.get(g.id);
    const mine = wip.get(g.id) ?? [];
    // Newest first along the chain; where commit times are skewed, a window looks at every delivery of the goal.
    byGoal.set(g.id, everything && kept ? keptFlow(kept, mine, options, nowSec) : goalFlow(kept ? [...deliveriesIn(kept, options.since, options.until)] : [], mine, options, nowSec));
  }
  let deliveries: { delivery: Delivery; goals: readonly string[] }[] | undefined;
  return {
    options,
    get deliveries() {
      return (deliveries ??= log.deliveries.filter(inside).map((d) => ({ delivery: d, goals: book.goalsOf.get(d.sha) ?? [] })));
    },
    byGoal,
    known: log.tip !== null,
  };
}

/** A goal's flow over all history, from its kept and sorted figures. */
function keptFlow(b: GoalBook, wip: WorkInProgress[], options: FlowOptions, nowSec: number): GoalFlow {
  return {
    deliveries: b.list,
    perWeek: b.list.length / windowWeeks(options, b.first, nowSec),
    lastDeliveryAt: b.last,
    leadTime: { ...sortedDistribution(b.leads), unmeasured: b.unmeasured },
    batchCommits: sortedDistribution(b.commits),
    batchFiles: sortedDistribution(b.files),
    byBasis: { ...b.byBasis },
    byKind: { ...b.byKind },
    wip,
  };
}

function goalFlow(list: Delivery[], wip: WorkInProgress[], options: FlowOptions, nowSec: number): GoalFlow {
  const leads: number[] = [];
  let unmeasured = 0;
  const byBasis: Record<LeadTimeBasis, number> = { 'first-commit-to-merge': 0, 'author-to-commit': 0 };
  const byKind: Record<DeliveryKind, number> = { merge: 0, squash: 0, direct: 0 };
  const files: number[] = [];
  let last: number | null = null;
  let first: number | null = null;
  for (const d of list) {
    if (d.leadTime === null) unmeasured++;
    else leads.push(d.leadTime);
    byBasis[d.basis]++;
    byKind[d.kind]++;
    if (d.files !== null) files.push(d.files);
    if (last === null || d.landedAt > last) last = d.landedAt;
    if (first === null || d.landedAt < first) first = d.landedAt;
  }
  const weeks = windowWeeks(options, first, nowSec);
  return {
    deliveries: list,
    perWeek: list.length / weeks,
    lastDeliveryAt: last,
    leadTime: { ...distribution(leads), unmeasured },
    batchCommits: distribution(list.map((d) => d.commits.length)),
    batchFiles: distribution(files),
    byBasis,
    byKind,
    wip,
  };
}

/**
 * The window's length in weeks, counted in whole days (a day begun counts), so the rate changes at midnight (UTC)
 * or when a delivery comes in, never from one second to the next. An open window ends with today and starts on the
 * day of the goal's first delivery; it is at least a week, so one recent delivery is not a rate of seven.
 */
function windowWeeks(options: FlowOptions, first: number | null, nowSec: number): number {
  const end = options.until ?? (Math.floor(nowSec / DAY) + 1) * DAY;
  if (options.since === undefined) {
    const start = first === null ? end - WEEK : Math.floor(first / DAY) * DAY;
    return Math.max(7, Math.ceil((end - start) / DAY)) / 7;
  }
  return Math.max(1, Math.ceil((end - options.since) / DAY)) / 7;
}

/** Calendar days (UTC) from one time to another: changes at midnight only. */
function daysBetween(from: number, to: number): number {
  return Math.max(0, Math.floor(to / DAY) - Math.floor(from / DAY));
}

/**
 * Until when (ms) flow figures computed at `now` stay the same, for a window whose ends move with now (`moving`):
 * the next UTC midnight (ages, aging, an open window's length), or the instant a delivery leaves or enters the window.
 */
export function flowValidUntil(flow: FlowFigures, log: DeliveryLog, moving: { since?: boolean; until?: boolean }): number {
  const d = flow.options.now;
  const nowSec = Math.floor(d.getTime() / 1000);
  let until = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  const { since, until: end } = flow.options;
  if ((moving.since && since !== undefined) || (moving.until && end !== undefined)) {
    for (const x of log.deliveries) {
      if (moving.since && since !== undefined && x.landedAt >= since && (end === undefined || x.landedAt < end)) until = Math.min(until, (x.landedAt + nowSec - since + 1) * 1000);
      if (moving.until && end !== undefined && x.landedAt >= end) until = Math.min(until, (x.landedAt + nowSec - end + 1) * 1000);
    }
  }
  return until;
}

/** Median (the mean of the two middle values for an even count) and nearest-rank 85th percentile. */
export function distribution(values: readonly number[]): Distribution {
  return sortedDistribution([...values].sort((a, b) => a - b));
}

/** {@link distribution} of values already sorted ascending. */
function sortedDistribution(v: readonly number[]): Distribution {
  const n = v.length;
  if (n === 0) return { count: 0, median: null, p85: null };
  const median = n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  const p85 = v[Math.ceil(0.85 * n) - 1];
  return { count: n, median, p85 };
}

/**
 * Goal branches with commits the default branch does not have, per goal, oldest first. A local branch and its
 * remote-tracking copy at the same commit are one piece of work (the local one is named).
 */
function workInProgress(index: GoalIndex, log: DeliveryLog, options: FlowOptions, nowSec: number): Map<string, WorkInProgress[]> {
  const out = new Map<string, WorkInProgress[]>();
  // The chain's tip in the graph: the default branch's, or where HEAD's branch forked from it (never a sha the
  // graph lacks, which would make every ancestor look unmerged).
  const defaultTip = log.tip;
  if (defaultTip === null) return out;
  const shaOf = new Map<string, string>();
  for (const r of index.refs) if (r.kind !== 'tag' && !shaOf.has(r.short)) shaOf.set(r.short, r.sha);
  const seen = new Set<string>();
  for (const b of index.branches) {
    // commitsAhead is null when the index did not walk the branch; the log may have read it (loadDeliveries).
    if (b.commitsAhead === 0) continue;
    const tip = shaOf.get(b.branch);
    if (tip === undefined || !log.has(tip) || seen.has(`${b.goalId}\0${tip}`)) continue;
    seen.add(`${b.goalId}\0${tip}`);
    const ahead = log.ahead(tip, defaultTip).filter((c) => c.parents.length <= 1);
    if (ahead.length === 0) continue;
    const { first, last } = span(ahead);
    const idleDays = daysBetween(last.time, nowSec);
    const w: WorkInProgress = {
      branch: b.branch,
      commits: ahead.length,
      firstCommitAt: first.time,
      lastCommitAt: last.time,
      lastCommitSha: last.sha,
      ageDays: daysBetween(first.time, nowSec),
      idleDays,
      aging: idleDays >= options.agingAfterDays,
    };
    const list = out.get(b.goalId);
    if (list) list.push(w);
    else out.set(b.goalId, [w]);
  }
  for (const list of out.values()) list.sort((a, b) => a.firstCommitAt - b.firstCommitAt || (a.branch < b.branch ? -1 : 1));
  return out;
}

function span(commits: readonly CommitRecord[]): { first: CommitRecord; last: CommitRecord } {
  let first = commits[0];
  let last = commits[0];
  for (const c of commits) {
    if (c.time < first.time) first = c;
    if (c.time > last.time) last = c;
  }
  return { first, last };
}

/** "2 days", "5 hours", "40 minutes": a duration as a lead reads it (the one wording of every view). */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [[DAY, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.round((seconds / size) * 10) / 10;
      const text = Number.isInteger(n) ? String(n) : n.toFixed(1);
      return `${text} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${Math.max(0, Math.round(seconds))} seconds`;
}

/**
 * One line of a goal's flow, the wording of every view: "Delivered 4 times, last 2 days ago · median lead time
 * 2 days (85th percentile 5 days) · 1 open branch: feat/x aging, no commit for 18 days".
 */
export function flowSummary(f: GoalFlow, now: Date): string {
  const parts: string[] = [];
  const n = f.deliveries.length;
  if (n === 0) parts.push('No delivery in this window');
  else parts.push(`Delivered ${n === 1 ? 'once' : `${n} times`}${f.lastDeliveryAt !== null ? `, last ${ago(f.lastDeliveryAt, now)}` : ''}`);
  if (f.leadTime.median !== null && f.leadTime.p85 !== null) parts.push(`median lead time ${formatDuration(f.leadTime.median)} (85th percentile ${formatDuration(f.leadTime.p85)})`);
  if (f.wip.length) {
    const aging = f.wip.filter((w) => w.aging);
    const named = aging.length ? `: ${aging.map((w) => `${w.branch} aging, no commit for ${w.idleDays} day${w.idleDays === 1 ? '' : 's'}`).join('; ')}` : '';
    parts.push(`${f.wip.length} open branch${f.wip.length === 1 ? '' : 'es'}${named}`);
  }
  return parts.join(' · ');
}
