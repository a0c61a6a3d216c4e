// Per-goal figures, computed once from a GoalIndex for a window (and an optional author: "only my work").
// Every view and report reads these: the report, dashboard, digest, HTML report, Goals tree, status bar and hovers
// compute no figure of their own, so they cannot disagree.
import { isMerge, type GoalIndex } from '../index/goalIndex';
import type { BranchLinkSource, Commitment, CommitRecord, Goal, GoalStatus, Link, LinkSource, SayDo } from '../types';
import { LINK_SOURCES } from '../types';
import { isoDate } from '../dates';
import { authorKey } from './people';
import { goalIdsOf } from '../links/linkRules';
import { lowerBoundBy, timelineFor, type FigureTimeline } from './timeline';

export { authorKey };
import type { DeliveryLog } from './deliveries';
import { computeFlow, DEFAULT_AGING_AFTER_DAYS, flowValidUntil, type FlowFigures } from './flow';

/** Which commits count: a time window and, optionally, one author. */
export interface FigureWindow {
  /** Only commits at or after this time (unix seconds). */
  since?: number;
  /** Only commits before this time (unix seconds). */
  until?: number;
  /** "Only my work": only commits by this author email (compared case-insensitively). */
  author?: string;
}

export interface FigureOptions extends FigureWindow {
  /** "Today", for say/do, past due and staleness. */
  now: Date;
  /** An active goal with no work for more than this many days is stale. */
  staleAfterDays: number;
  /** The default branch's deliveries (src/git/mainline.ts): with them, the figures carry `flow` (docs/flow.md). */
  deliveries?: DeliveryLog;
  /** A goal branch with no commit for this many days is aging (default DEFAULT_AGING_AFTER_DAYS). */
  agingAfterDays?: number;
}

/**
 * The state of one commitment, the one vocabulary of every view and report:
 * - `kept`: done on or before its due date;
 * - `late`: done after its due date;
 * - `missed`: not done, and its due date has passed;
 * - `open`: not done, due today or later;
 * - `undated`: no due date, so it is not a promise and never counts in say/do (whether done or not).
 */
export type CommitmentState = 'kept' | 'late' | 'missed' | 'open' | 'undated';
export const COMMITMENT_STATES: readonly CommitmentState[] = ['kept', 'late', 'missed', 'open', 'undated'];

export interface CommitmentFigure {
  what: string;
  due: string | null;
  done: string | null;
  /** Line of the commitment in goals.yaml. */
  line: number;
  state: CommitmentState;
}

/**
 * How recent a goal's work is, over all history (not the window, not the author filter: a goal is stale for
 * everyone or for no one). Only active goals are judged; others are `fresh`.
 * - `fresh`: work within `staleAfterDays`, or the goal is not active;
 * - `stale`: active, and its last work (its own or a sub-goal's) is older than `staleAfterDays`;
 * - `no-work-yet`: active, and no commit has ever served it or a sub-goal.
 */
export type Staleness = 'fresh' | 'stale' | 'no-work-yet';

/** Days without work after which an active goal is stale, unless the user says otherwise (setting, --stale-after). */
export const DEFAULT_STALE_AFTER_DAYS = 30;

export interface GoalFigures {
  id: string;
  goal: Goal;
  /** The goal's own linked non-merge commits in the window, newest first (worked out when first read). */
  readonly own: readonly CommitRecord[];
  /** How many: own.length, without working the list out. */
  commits: number;
  /** Commits of the goal and its descendants in the window, each once. */
  totalCommits: number;
  /** Distinct authors (by email, case-insensitively) of the own commits. */
  authors: number;
  /** Latest own commit in the window (unix seconds), or null. */
  lastOwnAt: number | null;
  /** Latest commit of the goal or a descendant in the window (unix seconds), or null. */
  lastAt: number | null;
  /** own.length / the window's commits (0 when the window has none). */
  share: number;
  /** Links of the own commits by source (a commit linked twice by different sources counts in each). */
  sources: Record<LinkSource, number>;
  commitments: readonly CommitmentFigure[];
  sayDo: SayDo;
  staleness: Staleness;
  /** Latest commit of the goal or a descendant over all history (unix seconds), or null: what staleness judged. */
  lastEverAt: number | null;
  /** staleness !== 'fresh'. */
  stale: boolean;
  /** Due date passed and the goal is still active, proposed or paused. */
  pastDue: boolean;
  branches: readonly { name: string; source: BranchLinkSource; commitsAhead: number | null }[];
}

export interface Figures {
  window: FigureWindow;
  now: Date;
  staleAfterDays: number;
  /** Every goal of goals.yaml (the first of a duplicated id), in file order. */
  goals: readonly GoalFigures[];
  byId: ReadonlyMap<string, GoalFigures>;
  totals: { commits: number; linked: number; untagged: number };
  /** Distinct authors (by email, case-insensitively) of the window's commits. */
  people: number;
  /** Untagged non-merge commits in the window, newest first (worked out when first read; totals.untagged counts them). */
  readonly untagged: readonly CommitRecord[];
  /** Flow per goal for the window's deliveries, when the deliveries were given; otherwise null. */
  flow: FlowFigures | null;
  /** The deliveries the flow was computed from (for other windows: the flow flags). */
  deliveries?: DeliveryLog;
}

const DAY = 86_400;

/** Whether a commit counts in the window (merges never count). */
export function inWindow(c: CommitRecord, w: FigureWindow): boolean {
  if (isMerge(c)) return false;
  if (w.since !== undefined && c.time < w.since) return false;
  if (w.until !== undefined && c.time >= w.until) return false;
  if (w.author !== undefined && authorKey(c) !== w.author.toLowerCase()) return false;
  return true;
}

/** Non-merge commits inside the window, newest first. */
export function commitsInWindow(index: GoalIndex, w: FigureWindow): CommitRecord[] {
  return index.commits.filter((c) => inWindow(c, w));
}

export function commitmentState(c: Commitment, today: string): CommitmentState {
  if (!c.due) return 'undated';
  if (c.done) return c.done <= c.due ? 'kept' : 'late';
  return c.due < today ? 'missed' : 'open';
}

/** Say/do from commitment states: kept, late and missed are due; open and undated are not (yet). */
export function sayDoOf(states: readonly CommitmentState[]): SayDo {
  let keptOnTime = 0;
  let late = 0;
  let missed = 0;
  for (const s of states) {
    if (s === 'kept') keptOnTime++;
    else if (s === 'late') late++;
    else if (s === 'missed') missed++;
  }
  const due = keptOnTime + late + missed;
  return { due, keptOnTime, late, missed, ratio: due ? keptOnTime / due : null };
}

export function commitmentFigures(goal: Goal, today: string): CommitmentFigure[] {
  return goal.commitments.map((c) => ({ what: c.what, due: c.due ?? null, done: c.done ?? null, line: c.line, state: commitmentState(c, today) }));
}

export function isPastDue(goal: Goal, today: string): boolean {
  return !!goal.due && goal.due < today && isOpenGoal(goal);
}

const OPEN_STATUSES: readonly GoalStatus[] = ['active', 'proposed', 'paused'];
/** Goals still being worked towards (not achieved, not dropped). */
export function isOpenGoal(goal: Goal): boolean {
  return OPEN_STATUSES.includes(goal.status);
}

/** Words for a stale goal, shared by the tree, hovers and the dashboard: "no work for 45 days", "no work yet"; '' when fresh. */
export function stalenessText(f: Pick<GoalFigures, 'staleness' | 'lastEverAt'>, now: Date): string {
  if (f.staleness === 'no-work-yet') return 'no work yet';
  if (f.staleness === 'stale' && f.lastEverAt !== null) {
    const days = Math.floor((now.getTime() / 1000 - f.lastEverAt) / DAY);
    return `no work for ${days} day${days === 1 ? '' : 's'}`;
  }
  return '';
}

/**
 * The figures of every goal for one window. Pure and deterministic. The counts come from the index's timeline
 * (timeline.ts: per goal, source and author, the times of its commits), so a window costs a few binary searches per
 * goal, not a pass over the history; the commit lists (`own`, `untagged`) are worked out only when read.
 */
export function computeFigures(index: GoalIndex, options: FigureOptions): Figures {
  const window: FigureWindow = { since: options.since, until: options.until, author: options.author };
  const tl = timelineFor(index);
  const counts = window.author !== undefined ? authorCounts(index, tl, window) : timelineCounts(tl, window);
  let lists: CommitLists | undefined;
  const listsOf = (): CommitLists => (lists ??= commitLists(index, window));

  const nowSec = Math.floor(options.now.getTime() / 1000);
  const today = isoDate(options.now);
  const goals: GoalFigures[] = [];
  const byId = new Map<string, GoalFigures>();
  for (const g of index.goalsFile.goals) {
    if (index.goals.get(g.id) !== g) continue;
    const id = g.id;
    const mine = counts.goal(id);
    const family = tl.familyRoots.get(id)?.includes(id) ? counts.family(id) : null;
    const lastOwnAt = mine.last;
    const lastAt = family ? family.last : lastOwnAt;
    const lastEverAt = family ? (tl.families.get(id)?.last() ?? null) : (tl.goals.get(id)?.times.last() ?? null);
    const commitments = commitmentFigures(g, today);
    const staleness: Staleness =
      g.status !== 'active' ? 'fresh' : lastEverAt === null ? 'no-work-yet' : nowSec >= staleFrom(lastEverAt, options.staleAfterDays) ? 'stale' : 'fresh';
    const f: GoalFigures = {
      id,
      goal: g,
      get own(): readonly CommitRecord[] {
        return listsOf().own.get(id) ?? NONE;
      },
      commits: mine.count,
      totalCommits: family ? family.count : mine.count,
      authors: mine.authors,
      lastOwnAt,
      lastAt,
      share: counts.total ? mine.count / counts.total : 0,
      sources: mine.sources,
      commitments,
      sayDo: sayDoOf(commitments.map((c) => c.state)),
      staleness,
      lastEverAt,
      stale: staleness !== 'fresh',
      pastDue: isPastDue(g, today),
      branches: index.branches.filter((b) => b.goalId === id).map((b) => ({ name: b.branch, source: b.source, commitsAhead: b.commitsAhead })),
    };
    goals.push(f);
    byId.set(id, f);
  }
  return {
    window,
    now: options.now,
    staleAfterDays: options.staleAfterDays,
    goals,
    byId,
    totals: { commits: counts.total, linked: counts.linked, untagged: counts.total - counts.linked },
    people: counts.people,
    get untagged(): readonly CommitRecord[] {
      return listsOf().untagged;
    },
    deliveries: options.deliveries,
    flow: options.deliveries
      ? computeFlow(index, options.deliveries, { since: window.since, until: window.until, now: options.now, agingAfterDays: options.agingAfterDays ?? DEFAULT_AGING_AFTER_DAYS })
      : null,
  };
}

const NONE: readonly CommitRecord[] = [];

/** What a window counts, per goal and per family (a goal with its descendants). */
interface WindowCounts {
  total: number;
  linked: number;
  people: number;
  goal(id: string): { count: number; last: number | null; authors: number; sources: Record<LinkSource, number> };
  family(root: string): { count: number; last: number | null };
}

/** Everybody's work in a window: binary searches in the timeline. */
function timelineCounts(tl: FigureTimeline, w: FigureWindow): WindowCounts {
  const { since, until } = w;
  const total = tl.all.count(since, until);
  let people = 0;
  for (const list of tl.byAuthor.values()) {
    const i = lowerBoundBy(list, since ?? -Infinity);
    if (i < list.length && (until === undefined || list[i].time < until)) people++;
  }
  return {
    total,
    linked: total - tl.untagged.count(since, until),
    people,
    goal(id) {
      const g = tl.goals.get(id);
      const sources = emptySources();
      if (!g) return { count: 0, last: null, authors: 0, sources };
      let authors = 0;
      for (const a of g.authors.values()) if (a.any(since, until)) authors++;
      for (const [s, times] of g.sources) sources[s] = times.count(since, until);
      return { count: g.times.count(since, until), last: g.times.last(since, until), authors, sources };
    },
    family(root) {
      const f = tl.families.get(root);
      return f ? { count: f.count(since, until), last: f.last(since, until) } : { count: 0, last: null };
    },
  };
}

/** One author's work in a window ("only my work"): a pass over that author's commits in it. */
function authorCounts(index: GoalIndex, tl: FigureTimeline, w: FigureWindow): WindowCounts {
  const mine = tl.byAuthor.get((w.author as string).toLowerCase()) ?? [];
  const goals = new Map<string, { count: number; last: number | null; authors: number; sources: Record<LinkSource, number> }>();
  const families = new Map<string, { count: number; last: number | null }>();
  let total = 0;
  let linked = 0;
  for (let i = lowerBoundBy(mine, w.since ?? -Infinity); i < mine.length; i++) {
    const c = mine[i];
    if (w.until !== undefined && c.time >= w.until) break;
    total++;
    const links = index.links.get(c.sha);
    if (!links || links.length === 0) continue;
    linked++;
    const ids = goalIdsOf(links);
    for (const id of ids) {
      let g = goals.get(id);
      if (!g) goals.set(id, (g = { count: 0, last: null, authors: 1, sources: emptySources() }));
      g.count++;
      if (g.last === null || c.time > g.last) g.last = c.time;
    }
    for (const l of links) (goals.get(l.goalId) as { sources: Record<LinkSource, number> }).sources[l.source]++;
    const roots: string[] = [];
    for (const id of ids) for (const r of tl.familyRoots.get(id) ?? []) if (!roots.includes(r)) roots.push(r);
    for (const r of roots) {
      let f = families.get(r);
      if (!f) families.set(r, (f = { count: 0, last: null }));
      f.count++;
      if (f.last === null || c.time > f.last) f.last = c.time;
    }
  }
  return {
    total,
    linked,
    people: total > 0 ? 1 : 0,
    goal: (id) => goals.get(id) ?? { count: 0, last: null, authors: 0, sources: emptySources() },
    family: (root) => families.get(root) ?? { count: 0, last: null },
  };
}

interface CommitLists {
  own: Map<string, CommitRecord[]>;
  untagged: readonly CommitRecord[];
}

/** The window's commits of each goal and its untagged ones, newest first (the index's order): one pass, when read. */
function commitLists(index: GoalIndex, window: FigureWindow): CommitLists {
  const own = new Map<string, CommitRecord[]>();
  const everything = window.since === undefined && window.until === undefined && window.author === undefined;
  const untagged: CommitRecord[] = [];
  for (const c of index.commits) {
    if (!inWindow(c, window)) continue;
    const links = index.links.get(c.sha);
    if (!links || links.length === 0) {
      if (!everything) untagged.push(c);
      continue;
    }
    for (const id of goalIdsOf(links)) {
      const list = own.get(id);
      if (list) list.push(c);
      else own.set(id, [c]);
    }
  }
  return { own, untagged: everything ? index.untagged : untagged };
}

/** The first second (unix) at which an active goal whose last work was at `lastEverAt` is stale. */
export function staleFrom(lastEverAt: number, staleAfterDays: number): number {
  return lastEverAt + staleAfterDays * DAY + 1;
}

/** Which ends of a window move with "now" (`--since 30d`: the start does; `--since 2026-10-01`: nothing does). */
export interface MovingWindow {
  since?: boolean;
  until?: boolean;
}

/**
 * Until when (a time in ms, after `figures.now`) figures computed at `figures.now` stay exactly what computeFigures
 * would give: the earliest instant at which anything that depends on "now" could change. That is the next UTC
 * midnight (commitment states and past due are judged by the day), the instant a fresh active goal turns stale,
 * and, for a window whose ends move with now (`moving`), the instant its oldest counted commit falls out of it or
 * the first commit after its end comes in. A relative window keeps its length within a UTC day (months and years
 * are counted by the calendar, but the day bounds that already). Conservative: it may end early, never late.
 */
export function figuresValidUntil(index: GoalIndex, figures: Figures, moving: MovingWindow = {}, deliveries?: DeliveryLog): number {
  const nowSec = Math.floor(figures.now.getTime() / 1000);
  const d = figures.now;
  let until = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  const earlier = (sec: number): void => {
    until = Math.min(until, sec * 1000);
  };
  for (const f of figures.goals) {
    if (f.goal.status === 'active' && f.staleness === 'fresh' && f.lastEverAt !== null) earlier(staleFrom(f.lastEverAt, figures.staleAfterDays));
  }
  const w = figures.window;
  const since = moving.since ? w.since : undefined;
  const end = moving.until ? w.until : undefined;
  if (since !== undefined || end !== undefined) {
    // The window's ends keep their distance to now: `since` passes a commit at c.time when now reaches c.time + lag.
    const sinceLag = since !== undefined ? nowSec - since : 0;
    const endLag = end !== undefined ? nowSec - end : 0;
    // The window's oldest commit leaves it, or the first commit after its end comes in: the timeline has both.
    const tl = timelineFor(index);
    const author = w.author?.toLowerCase();
    const mine = author !== undefined ? (tl.byAuthor.get(author) ?? []) : null;
    const firstFrom = (from: number | undefined, to: number | undefined): number | null => {
      if (!mine) return tl.all.first(from, to);
      const i = lowerBoundBy(mine, from ?? -Infinity);
      return i < mine.length && (to === undefined || mine[i].time < to) ? mine[i].time : null;
    };
    if (since !== undefined) {
      const t = firstFrom(w.since, w.until);
      if (t !== null) earlier(t + sinceLag + 1);
    }
    if (end !== undefined) {
      const t = firstFrom(end, undefined);
      if (t !== null) earlier(t + endLag + 1);
    }
  }
  if (figures.flow && deliveries) until = Math.min(until, flowValidUntil(figures.flow, deliveries, moving));
  return until;
}

function emptySources(): Record<LinkSource, number> {
  return Object.fromEntries(LINK_SOURCES.map((s) => [s, 0])) as Record<LinkSource, number>;
}

/** The time windows offered by the Goals view and the dashboard alike (one set, so their figures can be compared). */
export const TIME_WINDOWS = [
  { key: '7', days: 7, label: 'last 7 days' },
  { key: '30', days: 30, label: 'last 30 days' },
  { key: '90', days: 90, label: 'last 90 days' },
  { key: 'all', days: null, label: 'all history' },
] as const;
export type TimeWindowKey = (typeof TIME_WINDOWS)[number]['key'];

export function isTimeWindowKey(key: unknown): key is TimeWindowKey {
  return TIME_WINDOWS.some((w) => w.key === key);
}

/** Start of a window (unix seconds), or undefined for all history. */
export function timeWindowSince(key: TimeWindowKey, now: Date): number | undefined {
  const days = TIME_WINDOWS.find((w) => w.key === key)?.days ?? null;
  return days === null ? undefined : Math.floor(now.getTime() / 1000) - days * DAY;
}

export function timeWindowLabel(key: TimeWindowKey): string {
  return TIME_WINDOWS.find((w) => w.key === key)?.label ?? 'all history';
}

/** "via Goal trailer", "via branch feat/x and 1 more": the reasons of a commit's link to one goal. */
export function reasonFor(links: readonly Link[] | undefined, goalId: string): string {
  const mine = (links ?? []).filter((l) => l.goalId === goalId);
  if (mine.length === 0) return '';
  return mine.length === 1 ? mine[0].detail : `${mine[0].detail} and ${mine.length - 1} more`;
}
