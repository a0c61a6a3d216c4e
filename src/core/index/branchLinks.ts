// Branch links: each branch with a goal (by rule or by `git config branch.<name>.goal`) gives its goal to the
// commits it has ahead of the default branch. Kept per branch with the tip and default-branch reach it was
// computed for, so an update walks again only the branches that moved.
import type { CommitGraph } from './graph';
import { branchGoalsByRule, type BranchGoal } from '../links/linkRules';
import type { RefInfo, RepoSnapshot } from '../types';
import { isDefaultName, withoutRemote } from './branchNames';
import type { GoalsContext } from './indexTypes';

export interface BranchState {
  ref: RefInfo;
  /** Goals of the branch that goals.yaml knows. */
  goals: BranchGoal[];
  unknown: string[];
  /** Graph indices of the commits ahead of the default branch; null when the tip is outside the history. */
  ahead: number[] | null;
  /** Tip and default-branch reach the ahead list was computed for. */
  key: string;
}

/** The part of the index state that branch links live in. */
export interface BranchLinksState {
  readonly graph: CommitGraph;
  readonly ctx: GoalsContext;
  readonly defaultTips: readonly string[];
  branchStates: Map<string, BranchState>;
  /** Commit -> names of the goal branches it is ahead on. */
  readonly aheadOf: Map<number, string[]>;
}

/**
 * Branch goals and commits ahead, for every branch that is not the default one. A branch whose tip and
 * default-branch reach are unchanged keeps its list; after a fast-forward of the default branch a list only
 * loses what became reachable; anything else is walked again.
 */
export function deriveBranches(st: BranchLinksState, snapshot: RepoSnapshot, how: { reach?: Uint8Array; newlyReached?: Set<number> | null; touched?: Set<number> }): void {
  const g = st.graph;
  let walks = 0;
  const defaultKey = st.defaultTips.join();
  const next = new Map<string, BranchState>();
  let reach = how.reach;
  for (const ref of snapshot.refs) {
    if (ref.kind === 'tag' || ref.name === snapshot.defaultBranch) continue;
    const name = ref.kind === 'remote' ? withoutRemote(ref.short) : ref.short;
    if (isDefaultName(name, snapshot.defaultBranch)) continue;
    const all = branchGoalsByRule(name, st.ctx.goalsFile.goals, snapshot.branchConfig.get(name));
    if (all.length === 0) continue;
    const goals = all.filter((bg) => st.ctx.goals.has(bg.goalId));
    const unknown = all.filter((bg) => !st.ctx.goals.has(bg.goalId)).map((bg) => bg.goalId);
    const key = `${ref.sha}\0${defaultKey}`;
    const old = st.branchStates.get(ref.name);
    const tip = g.index(ref.sha);
    let ahead: number[] | null;
    if (goals.length === 0 || tip === undefined || !g.isAlive(tip)) ahead = null;
    else if (old && old.key === key && old.ahead) ahead = old.ahead;
    else if (old && old.ref.sha === ref.sha && old.ahead && how.newlyReached && old.key !== '') ahead = old.ahead.filter((i) => !how.newlyReached?.has(i));
    else {
      // A few walks are cheaper than marking all the default branch reaches; many are not.
      if (!reach && ++walks > 8) reach = g.reach(st.defaultTips);
      ahead = reach ? g.outside(ref.sha, reach) : g.exclusive([ref.sha], st.defaultTips);
    }
    next.set(ref.name, { ref, goals, unknown, ahead, key });
  }
  // Move the ahead index over: a branch whose list or goals changed touches the commits on either side.
  const touched = how.touched;
  for (const [name, old] of st.branchStates) {
    const now = next.get(name);
    if (now && now.ahead === old.ahead && sameGoals(now.goals, old.goals) && now.ref.short === old.ref.short) continue;
    for (const i of old.ahead ?? []) {
      const list = st.aheadOf.get(i);
      if (list) {
        const rest = list.filter((n) => n !== name);
        if (rest.length) st.aheadOf.set(i, rest);
        else st.aheadOf.delete(i);
      }
      touched?.add(i);
    }
    if (now) st.branchStates.delete(name); // re-added below
  }
  for (const [name, now] of next) {
    if (st.branchStates.has(name)) continue; // unchanged
    if (now.goals.length) {
      for (const i of now.ahead ?? []) {
        const list = st.aheadOf.get(i);
        if (list) list.push(name);
        else st.aheadOf.set(i, [name]);
        touched?.add(i);
      }
    }
  }
  st.branchStates = next;
}

export function defaultTipSha(snapshot: RepoSnapshot): string | undefined {
  return snapshot.refs.find((r) => r.name === snapshot.defaultBranch)?.sha;
}

/**
 * Tips whose ancestors are the indexed commits the default branch reaches: its tip when indexed; else (HEAD
 * behind or beside it) the merge bases of HEAD and the tip; none when there is no default branch.
 */
export function defaultTipsOf(snapshot: RepoSnapshot, graph: CommitGraph): string[] {
  const tip = defaultTipSha(snapshot);
  if (tip === undefined) return [];
  const alive = (sha: string): boolean => {
    const i = graph.index(sha);
    return i !== undefined && graph.isAlive(i);
  };
  if (alive(tip)) return [tip];
  return (snapshot.defaultBases ?? []).filter(alive).sort();
}

function sameGoals(a: readonly BranchGoal[], b: readonly BranchGoal[]): boolean {
  return a.length === b.length && a.every((x, k) => x.goalId === b[k].goalId && x.source === b[k].source && x.detail === b[k].detail);
}
