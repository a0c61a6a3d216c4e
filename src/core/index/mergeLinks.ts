// Merge links: what each merge brought in (reachable from its second parent, not its first) and the goals it
// gives those commits (its own links, then the goals of the branch its message names). What a merge brought in
// depends on ancestry alone, so it is computed once per merge and kept while the merge is alive.
import { PIECE, type Steps } from '../steps';
import type { CommitGraph } from './graph';
import { branchGoalsByRule, mergedBranchName } from '../links/linkRules';
import type { Link } from '../types';
import { isDefaultName } from './branchNames';
import { short, type GoalsContext, type Pair } from './indexTypes';

/** The part of the index state that merge links live in. */
export interface MergeLinksState {
  readonly graph: CommitGraph;
  readonly ctx: GoalsContext;
  readonly own: ReadonlyMap<number, readonly Link[]>;
  readonly noteLinks: ReadonlyMap<number, readonly Link[]>;
  /** Merge -> the commits it brought in. Depends on ancestry only: never changes while the merge is alive. */
  readonly brought: Map<number, Int32Array>;
  /** Commit -> the merges that brought it in (usually one). */
  readonly bringers: Bringers;
  readonly defaultBranch: string | null;
  readonly branchConfig: ReadonlyMap<string, string>;
}

/** A first-parent chain holding at least this many merges still to work out gets one pass of its own. */
const CHAIN_PASS_FROM = 32;

/**
 * What the merges of `pending` (indices in the graph) brought in, for those on first-parent chains that hold many
 * of them (integration branches such as git's next and seen): one pass up each such chain (CommitGraph.mainline),
 * where a walk per merge goes back to each branch's fork point. `done` marks chains already passed (the default
 * branch's). Merges left out of the answer are walked one by one. In pieces (src/core/steps.ts).
 */
export function* broughtByChainsSteps(graph: CommitGraph, pending: readonly number[], done: ReadonlySet<number>): Steps<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const left = new Set(pending);
  const seen = new Uint8Array(graph.size);
  let walked = 0;
  for (const m of pending) {
    if (!left.has(m) || seen[m]) continue;
    // Count the merges still to do down this chain, to where an earlier chain (or the default branch's) joins it.
    let n = 0;
    for (let i = m; !seen[i] && !done.has(i); ) {
      if (++walked % PIECE === 0) yield;
      seen[i] = 1;
      if (left.has(i)) n++;
      const ps = graph.parentsOf(i);
      if (ps.length === 0) break;
      i = ps[0];
    }
    if (n < CHAIN_PASS_FROM) continue;
    const chain = yield* graph.mainlineSteps(graph.commits[m].sha);
    for (const [x, got] of chain?.brought ?? []) {
      // Equal to a walk only where the first parent is in the graph (else the pass goes on through another).
      if (!left.has(x) || graph.index(graph.commits[x].parents[0]) === undefined) continue;
      out.set(x, got);
      left.delete(x);
    }
  }
  return out;
}

export function walkBrought(st: MergeLinksState, m: number): Int32Array {
  const c = st.graph.commits[m];
  return Int32Array.from(st.graph.exclusive(c.parents.slice(1), [c.parents[0]]));
}

export function setBrought(st: MergeLinksState, m: number, got: Int32Array | null): void {
  const old = st.brought.get(m);
  if (old) {
    for (const c of old) st.bringers.remove(c, m);
    st.brought.delete(m);
  }
  if (!got) return;
  st.brought.set(m, got);
  for (const c of got) st.bringers.add(c, m);
}

/** The goals a merge gives what it brought in: its own (trailer, key, note), then its named branch's. */
export function goalsOfMerge(st: MergeLinksState, m: number): readonly Pair[] {
  const c = st.graph.commits[m];
  const out = new Map<string, string>();
  const detail = `via merge ${short(c.sha)}`;
  for (const l of st.own.get(m) ?? []) if (l.source === 'trailer') out.set(l.goalId, detail);
  for (const l of st.own.get(m) ?? []) if (l.source === 'key' && !out.has(l.goalId)) out.set(l.goalId, detail);
  for (const l of st.noteLinks.get(m) ?? []) if (!out.has(l.goalId)) out.set(l.goalId, detail);
  const named = mergedBranchName(c.subject);
  if (named && !isDefaultName(named, st.defaultBranch)) {
    for (const bg of branchGoalsByRule(named, st.ctx.goalsFile.goals, st.branchConfig.get(named))) {
      if (st.ctx.goals.has(bg.goalId) && !out.has(bg.goalId)) out.set(bg.goalId, `via merge of ${named}`);
    }
  }
  return [...out];
}

/**
 * Commit -> the merges that brought it in. Most commits have none or one: one number per commit in a flat
 * array, and a map only for the few with more (a map of 200,000 small arrays cost more than the walks).
 */
export class Bringers {
  private first = new Int32Array(0);
  private readonly more = new Map<number, number[]>();

  add(c: number, m: number): void {
    if (c >= this.first.length) {
      const next = new Int32Array(Math.max(c + 1, this.first.length * 2, 1024)).fill(-1);
      next.set(this.first);
      this.first = next;
    }
    if (this.first[c] === -1) this.first[c] = m;
    else if (this.first[c] !== m) {
      const list = this.more.get(c);
      if (!list) this.more.set(c, [m]);
      else if (!list.includes(m)) list.push(m);
    }
  }

  remove(c: number, m: number): void {
    const list = this.more.get(c);
    if (this.first[c] === m) {
      this.first[c] = list ? (list.shift() as number) : -1;
      if (list && list.length === 0) this.more.delete(c);
    } else if (list) {
      const rest = list.filter((x) => x !== m);
      if (rest.length) this.more.set(c, rest);
      else this.more.delete(c);
    }
  }

  /** The merges that brought `c` in, or undefined. */
  get(c: number): number[] | undefined {
    if (c >= this.first.length || this.first[c] === -1) return undefined;
    const list = this.more.get(c);
    return list ? [this.first[c], ...list] : [this.first[c]];
  }
}

export function samePairs(a: readonly Pair[], b: readonly Pair[]): boolean {
  return a.length === b.length && a.every((p, k) => p[0] === b[k][0] && p[1] === b[k][1]);
}
