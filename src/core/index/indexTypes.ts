// The shapes every part of the GoalIndex shares: the index itself, a change, how an update went, what of
// goals.yaml the links depend on, and the order links and commits are listed in.
import { KeyMatcher } from '../links/linkRules';
import { RouteRules } from '../links/routeRules';
import type { BranchLink, CommitRecord, Goal, GoalsFile, Link, LinkSource, Problem, RefInfo } from '../types';

export interface GoalIndex {
  readonly goalsFile: GoalsFile;
  readonly goals: ReadonlyMap<string, Goal>;
  /** Goal id -> ids of its direct children, in file order. Top-level goals are under ''. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly root: string;
  readonly head: string | null;
  readonly headRef: string | null;
  readonly defaultBranch: string | null;
  readonly shallow: boolean;
  readonly refs: readonly RefInfo[];
  /** All indexed commits (merges included), newest first. */
  readonly commits: readonly CommitRecord[];
  readonly bySha: ReadonlyMap<string, CommitRecord>;
  /** Links of each linked commit (merges included), strongest source first. Unlinked commits are absent. */
  readonly links: ReadonlyMap<string, readonly Link[]>;
  /** Non-merge commits that serve no goal, newest first. */
  readonly untagged: readonly CommitRecord[];
  /** Every branch (local, and remote when indexed) that serves a goal. */
  readonly branches: readonly BranchLink[];
  /** `git config branch.<name>.goal` values the index was built with. */
  readonly branchConfig: ReadonlyMap<string, string>;
  /** Problems of goals.yaml, then those found in the history (unknown goal ids). */
  readonly problems: readonly Problem[];
}

/** What moved since the index passed to {@link updateIndex} was built. */
export interface IndexChange {
  /** Commits now walked that the previous index did not have, newest first. */
  readonly added: readonly CommitRecord[];
  /** Shas of the previous index's commits that no walked tip reaches any more. */
  readonly dropped: Iterable<string>;
}

/** How the last {@link updateIndex} went (for logs and benchmarks). */
export interface UpdateInfo {
  /** 'cold' when everything was derived again (no previous state, a shallow history, or too much changed). */
  kind: 'cold' | 'incremental';
  /** Commits whose links were composed again. */
  recomposed: number;
}

export function isMerge(c: CommitRecord): boolean {
  return c.parents.length > 1;
}

/** Strongest first. The routing rules come last: a person's own word (trailer, note, branch) says more. */
export const SOURCE_ORDER: Record<LinkSource, number> = { trailer: 0, note: 1, key: 2, branch: 3, merge: 4, author: 5, subject: 6, changes: 7 };

/** A goal a merge gives the commits it brought in, with the words of the link. */
export type Pair = readonly [goalId: string, detail: string];

/** What of goals.yaml the links depend on: ids in order, keys, branch globs, the trailer key. Not titles. */
export interface GoalsContext {
  readonly goalsFile: GoalsFile;
  readonly goals: Map<string, Goal>;
  readonly keys: KeyMatcher;
  readonly rules: RouteRules;
  readonly trailerDetail: string;
  readonly linkKey: string;
}

export function goalsContext(goalsFile: GoalsFile): GoalsContext {
  const goals = new Map<string, Goal>();
  for (const g of goalsFile.goals) if (!goals.has(g.id)) goals.set(g.id, g);
  const linkKey = JSON.stringify([goalsFile.trailer, goalsFile.goals.map((g) => [g.id, g.keys, g.branches, g.authors ?? [], g.subjects ?? [], g.changes ?? []])]);
  return { goalsFile, goals, keys: new KeyMatcher(goalsFile.goals), rules: new RouteRules(goalsFile.goals), trailerDetail: `via ${goalsFile.trailer} trailer`, linkKey };
}

/** Newest first by author time, then by sha: an order that does not depend on how the history was read. */
export function newerFirst(a: CommitRecord, b: CommitRecord): number {
  return b.time - a.time || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0);
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}
