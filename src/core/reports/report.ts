// The Report: per-goal figures over a time window. `toJsonReport` is the stable contract of DESIGN.md.
import { descendantsOf, isMerge, type GoalIndex } from '../index/goalIndex';
import type { BranchLinkSource, Commitment, CommitRecord, Goal, GoalStatus, LinkSource, Problem, SayDo } from '../types';
import { LINK_SOURCES } from '../types';

export interface ReportOptions {
  /** Only commits at or after this time (unix seconds). */
  since?: number;
  /** Only commits before this time (unix seconds). */
  until?: number;
  /** "Today", for say/do and staleness. */
  now: Date;
  /** An active goal with no work for this many days is stale. */
  staleAfterDays: number;
}

export interface GoalReport {
  id: string;
  title: string;
  status: GoalStatus;
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
  pastDue: boolean;
  branches: { name: string; source: BranchLinkSource; commitsAhead: number | null }[];
}

export interface Report {
  repo: string;
  head: string | null;
  generatedAt: string;
  window: { since: string | null; until: string | null };
  totals: { commits: number; linked: number; untagged: number };
  goals: GoalReport[];
  problems: { file: string; line: number; column: number; message: string; severity: Problem['severity'] }[];
}

const DAY = 86_400;

/** Non-merge commits inside the window, newest first. */
export function commitsInWindow(index: GoalIndex, options: Pick<ReportOptions, 'since' | 'until'>): CommitRecord[] {
  const { since, until } = options;
  return index.commits.filter((c) => !isMerge(c) && (since === undefined || c.time >= since) && (until === undefined || c.time < until));
}

export function buildReport(index: GoalIndex, options: ReportOptions): Report {
  const commits = commitsInWindow(index, options);
  const perGoal = new Map<string, CommitRecord[]>();
  const sources = new Map<string, Record<LinkSource, number>>();
  let linked = 0;
  for (const c of commits) {
    const links = index.links.get(c.sha);
    if (!links || links.length === 0) continue;
    linked++;
    // The index keeps at most one link per (goal, source) of a commit, and lists are tiny: no sets needed.
    for (let k = 0; k < links.length; k++) {
      const l = links[k];
      let s = sources.get(l.goalId);
      if (!s) sources.set(l.goalId, (s = emptySources()));
      s[l.source]++;
      let first = true;
      for (let j = 0; j < k; j++) if (links[j].goalId === l.goalId) first = false;
      if (!first) continue;
      const list = perGoal.get(l.goalId);
      if (list) list.push(c);
      else perGoal.set(l.goalId, [c]);
    }
  }

  const total = commits.length;
  const nowSec = Math.floor(options.now.getTime() / 1000);
  const today = isoDate(options.now);
  const goals: GoalReport[] = index.goalsFile.goals
    .filter((g) => index.goals.get(g.id) === g)
    .map((g) => {
      const own = perGoal.get(g.id) ?? [];
      const family = descendantsOf(index, g.id);
      let totalCommits = own.length;
      if (family.length > 1) {
        const all = new Set<string>();
        for (const id of family) for (const c of perGoal.get(id) ?? []) all.add(c.sha);
        totalCommits = all.size;
      }
      const last = latest(own);
      let lastAll = last;
      for (const id of family) if (id !== g.id) lastAll = Math.max(lastAll, latest(perGoal.get(id) ?? []));
      const authors = new Set<string>();
      for (const c of own) authors.add(authorKey(c));
      return {
        id: g.id,
        title: g.title,
        status: g.status,
        parent: g.parent ?? null,
        owner: g.owner ?? null,
        advisor: g.advisor ?? null,
        due: g.due ?? null,
        commits: own.length,
        totalCommits,
        authors: authors.size,
        lastCommitAt: last >= 0 ? new Date(last * 1000).toISOString() : null,
        share: total ? own.length / total : 0,
        sources: sources.get(g.id) ?? emptySources(),
        sayDo: sayDo(g.commitments, today),
        stale: g.status === 'active' && (lastAll < 0 || nowSec - lastAll > options.staleAfterDays * DAY),
        pastDue: isPastDue(g, today),
        branches: index.branches
          .filter((b) => b.goalId === g.id)
          .map((b) => ({ name: b.branch, source: b.source, commitsAhead: b.commitsAhead })),
      };
    });

  return {
    repo: index.root,
    head: index.head,
    generatedAt: options.now.toISOString(),
    window: {
      since: options.since !== undefined ? new Date(options.since * 1000).toISOString() : null,
      until: options.until !== undefined ? new Date(options.until * 1000).toISOString() : null,
    },
    totals: { commits: total, linked, untagged: total - linked },
    goals,
    problems: index.problems.map((p) => ({ file: p.file, line: p.line, column: p.column, message: p.message, severity: p.severity })),
  };
}

/** Say/do of a goal's commitments as of `today` (YYYY-MM-DD). Commitments without a due date are not promises. */
export function sayDo(commitments: readonly Commitment[], today: string): SayDo {
  let due = 0;
  let keptOnTime = 0;
  let late = 0;
  let missed = 0;
  for (const c of commitments) {
    if (!c.due) continue;
    if (c.done) {
      due++;
      if (c.done <= c.due) keptOnTime++;
      else late++;
    } else if (c.due < today) {
      due++;
      missed++;
    }
  }
  return { due, keptOnTime, late, missed, ratio: due ? keptOnTime / due : null };
}

export function isPastDue(goal: Goal, today: string): boolean {
  return !!goal.due && goal.due < today && (goal.status === 'active' || goal.status === 'proposed' || goal.status === 'paused');
}

/** Latest commit time in a list, or -1. */
function latest(commits: readonly CommitRecord[]): number {
  let t = -1;
  for (const c of commits) if (c.time > t) t = c.time;
  return t;
}

const emailKeys = new Map<string, string>();
/** People are told apart by email, case-insensitively (few distinct emails: lower-cased once each). */
function authorKey(c: CommitRecord): string {
  if (!c.email) return c.author;
  let k = emailKeys.get(c.email);
  if (k === undefined) emailKeys.set(c.email, (k = c.email.toLowerCase()));
  return k;
}

function emptySources(): Record<LinkSource, number> {
  return Object.fromEntries(LINK_SOURCES.map((s) => [s, 0])) as Record<LinkSource, number>;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
