// The GoalIndex: every commit's links to goals, every branch's goals, built from a RepoSnapshot and the parsed
// goals.yaml, and then kept current: `updateIndex` takes a change (new commits, dropped commits, new notes, refs,
// branch config or goals.yaml) and re-derives only what that change can touch. Views and reports only read it.
//
// Every link of a commit comes from one of its contributions, each kept apart so that a change can replace it:
//   own      trailer and issue-key links: the commit's message and the goals' ids and keys
//   note     refs/notes/goals: the note and the goals' ids
//   branch   each branch (with a goal) whose commits ahead of the default branch include it
//   merge    each merge that brought it in (reachable from the merge's second parent, not its first), with
//            the merge's own goals and those of the branch its message names
// A commit's links are composed from its contributions by one function, for a cold build and for an update
// alike; what a merge brought in depends on ancestry alone, so it is computed once per merge.
//
// The parts: indexTypes.ts (shapes), indexState.ts (the state and the composition of links), ownLinks.ts,
// branchLinks.ts and mergeLinks.ts (each contribution), indexUpdate.ts (the incremental update), derivedState.ts
// (the on-disk form), tables.ts (the read-only maps the index hands out).
import { branchGoalsByRule } from '../links/linkRules';
import type { BranchLink, CommitRecord, GoalsFile, RepoSnapshot } from '../types';
import { exportSteps, restoreSteps, type DerivedState } from './derivedState';
import { runSteps, type Steps } from '../steps';
import { IndexState, STATE } from './indexState';
import { updateState } from './indexUpdate';
import type { GoalIndex, IndexChange, UpdateInfo } from './indexTypes';

export type { GoalIndex, IndexChange, UpdateInfo } from './indexTypes';
export { isMerge } from './indexTypes';

/** Builds the index. Pure and deterministic: the same inputs give the same index. */
export function buildIndex(goalsFile: GoalsFile, snapshot: RepoSnapshot): GoalIndex {
  return runSteps(buildIndexSteps(goalsFile, snapshot));
}

/** {@link buildIndex} in pieces (src/core/steps.ts), for the editor's thread. */
export function* buildIndexSteps(goalsFile: GoalsFile, snapshot: RepoSnapshot): Steps<GoalIndex> {
  return (yield* IndexState.coldSteps(goalsFile, snapshot, snapshot.commits)).index;
}

/**
 * The index after `change`, equal to `buildIndex(goalsFile, snapshot)` (`snapshot.commits` is the whole new
 * history). Only what the change can touch is derived again; a goals.yaml edit that changes no id, key, glob
 * or the trailer key re-links nothing. `previous` must be the latest index of its line: an older one (or one
 * not built here) gives a cold build, never a wrong one.
 */
export function updateIndex(previous: GoalIndex, goalsFile: GoalsFile, snapshot: RepoSnapshot, change: IndexChange): GoalIndex {
  const owned = STATE.get(previous);
  if (!owned || owned.state.version !== owned.version) return IndexState.cold(goalsFile, snapshot, snapshot.commits).index;
  return updateState(owned.state, previous, goalsFile, snapshot, change).index;
}

/** How the index was last made (cold or incremental, and how many commits were composed). */
export function updateInfo(index: GoalIndex): UpdateInfo | undefined {
  return STATE.get(index)?.info;
}

/** Whether `index` is the latest of its line: its commit table then holds exactly the commits it was built from. */
export function isLatestIndex(index: GoalIndex): boolean {
  const owned = STATE.get(index);
  return !!owned && owned.version === owned.state.version;
}

/** The derived state of the latest index of its line (null for an older one). */
export function exportIndex(index: GoalIndex): DerivedState | null {
  return runSteps(exportIndexSteps(index));
}

/** {@link exportIndex} in pieces (src/core/steps.ts). */
export function* exportIndexSteps(index: GoalIndex): Steps<DerivedState | null> {
  const owned = STATE.get(index);
  return owned && owned.version === owned.state.version ? yield* exportSteps(owned.state) : null;
}

/**
 * The index that {@link exportIndex} described, from the commits and notes it was derived from, without walking
 * the graph or composing links again. Throws on anything that does not fit (the caller then builds cold).
 * Pass the result to {@link updateIndex} with what changed since. `derived` is as read from a cache file: any JSON.
 */
export function importIndex(goalsFile: GoalsFile, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, derived: unknown): GoalIndex {
  return runSteps(importIndexSteps(goalsFile, commits, notes, derived));
}

/** {@link importIndex} in pieces (src/core/steps.ts). */
export function* importIndexSteps(goalsFile: GoalsFile, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, derived: unknown): Steps<GoalIndex> {
  return (yield* restoreSteps(goalsFile, commits, notes, derived)).index;
}

/**
 * Builds a GoalIndex in two steps so that the caller can hand over commits while `git log` is still streaming:
 * `add` each commit as it arrives, then `finish` with the rest of the snapshot.
 */
export class IndexBuilder {
  private readonly state: IndexState;
  constructor(goalsFile: GoalsFile) {
    this.state = IndexState.start(goalsFile);
  }

  /** What a commit says of itself (trailers, issue keys) and its place in the sha table, while git streams. */
  add(c: CommitRecord): void {
    this.state.addCold(c);
  }

  finish(snapshot: Omit<RepoSnapshot, 'commits'>): GoalIndex {
    return this.state.finishCold({ ...snapshot, commits: this.state.commits as CommitRecord[] }).index;
  }
}

/** Goal ids that a goal and all its descendants cover (the goal itself first). Safe against cycles. */
export function descendantsOf(index: GoalIndex, goalId: string): string[] {
  const out: string[] = [];
  const stack = [goalId];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    for (const child of index.children.get(id) ?? []) stack.push(child);
  }
  return out;
}

/**
 * Goals a branch (short name) serves as this index recorded them, with commits ahead; a branch with no
 * commits ahead (or not indexed) gets its goals by rule, its `git config` value first, as the index would.
 */
export function indexedBranchGoals(index: GoalIndex, branch: string): BranchLink[] {
  const found = index.branches.filter((b) => b.branch === branch);
  if (found.length) return found;
  return branchGoalsByRule(branch, index.goalsFile.goals, index.branchConfig.get(branch))
    .filter((g) => index.goals.has(g.goalId))
    .map((g) => ({ branch, goalId: g.goalId, source: g.source, detail: g.detail, commitsAhead: null }));
}

/**
 * Shas of the indexed commits reachable from `include` and from none of `exclude` (git's `A ^B`), in the index's
 * order. Undefined when the index cannot answer for certain (a tip it does not hold, a shallow history, or an
 * index that is not the latest of its line): the caller then asks git.
 */
export function indexedRange(index: GoalIndex, include: readonly string[], exclude: readonly string[]): string[] | undefined {
  const owned = STATE.get(index);
  if (!owned || owned.version !== owned.state.version || index.shallow) return undefined;
  const g = owned.state.graph;
  for (const sha of [...include, ...exclude]) {
    const i = g.index(sha);
    if (i === undefined || !g.isAlive(i)) return undefined;
  }
  const got = new Set(g.exclusive(include, exclude).map((i) => g.commits[i].sha));
  return index.commits.filter((c) => got.has(c.sha)).map((c) => c.sha);
}
