// The state behind a GoalIndex: the commit graph, each kind of contribution (own, note, branch, merge links) by
// graph index, and the composition of a commit's links from them, for a cold build and an update alike. It is
// owned by the latest index of its line; the contributions themselves are derived in ownLinks.ts,
// branchLinks.ts and mergeLinks.ts, an update in indexUpdate.ts, the on-disk form in derivedState.ts.
import { CommitGraph } from './graph';
import type { BranchLink, CommitRecord, Goal, GoalsFile, Link, LinkSource, Problem, RepoSnapshot } from '../types';
import { defaultTipSha, defaultTipsOf, deriveBranches, type BranchState } from './branchLinks';
import { goalsContext, isMerge, newerFirst, short, SOURCE_ORDER, type GoalIndex, type GoalsContext, type Pair, type UpdateInfo } from './indexTypes';
import { Bringers, broughtByChainsSteps, goalsOfMerge, setBrought, walkBrought } from './mergeLinks';
import { deriveAllNotes, deriveOwn } from './ownLinks';
import { CommitTable, LinkTable } from './tables';
import { eachOf, PIECE, runSteps, type Steps } from '../steps';

/** The state of each index of its line, and the version it was made at (an older index gets a cold update). */
export const STATE = new WeakMap<GoalIndex, { state: IndexState; version: number; info: UpdateInfo }>();

/** Everything an index was derived from and its contributions; owned by the latest index of its line. */
export class IndexState {
  version = 0;
  graph = new CommitGraph();
  ctx!: GoalsContext;
  /** Trailer and issue-key links, by graph index. */
  own = new Map<number, Link[]>();
  /** Unknown goal ids named by a commit's trailer, by graph index. */
  ownUnknown = new Map<number, string[]>();
  notes: ReadonlyMap<string, string> = new Map();
  noteLinks = new Map<number, Link[]>();
  noteUnknown = new Map<number, string[]>();
  /** Merge -> the commits it brought in. Depends on ancestry only: never changes while the merge is alive. */
  brought = new Map<number, Int32Array>();
  /** Commit -> the merges that brought it in (usually one). */
  bringers = new Bringers();
  /** Merge -> (goal, detail) it gives the commits it brought in. */
  mergeGoals = new Map<number, readonly Pair[]>();
  branchStates = new Map<string, BranchState>();
  /** Commit -> names of the goal branches it is ahead on. */
  aheadOf = new Map<number, string[]>();
  refOrder = new Map<string, number>();
  defaultTips: string[] = [];
  defaultBranch: string | null = null;
  branchConfig: ReadonlyMap<string, string> = new Map();
  links!: LinkTable;
  commits: readonly CommitRecord[] = [];
  untagged: readonly CommitRecord[] = [];
  problems: Problem[] = [];
  index!: GoalIndex;

  static cold(goalsFile: GoalsFile, snapshot: RepoSnapshot, commits: readonly CommitRecord[]): IndexState {
    return runSteps(IndexState.coldSteps(goalsFile, snapshot, commits));
  }

  /** {@link cold} in pieces (src/core/steps.ts). */
  static *coldSteps(goalsFile: GoalsFile, snapshot: RepoSnapshot, commits: readonly CommitRecord[]): Steps<IndexState> {
    const st = IndexState.start(goalsFile);
    yield* eachOf(commits, (c) => st.addCold(c));
    return yield* st.finishColdSteps(snapshot);
  }

  static start(goalsFile: GoalsFile): IndexState {
    const st = new IndexState();
    st.ctx = goalsContext(goalsFile);
    st.commits = [];
    return st;
  }

  addCold(c: CommitRecord): void {
    const i = this.graph.register(c);
    if (i < 0) return;
    (this.commits as CommitRecord[]).push(c);
    deriveOwn(this, i);
  }

  finishCold(snapshot: RepoSnapshot): this {
    return runSteps(this.finishColdSteps(snapshot));
  }

  /** {@link finishCold} in pieces: a yield between its passes and every few thousand commits of a pass. */
  *finishColdSteps(snapshot: RepoSnapshot): Steps<this> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const st = this;
    st.defaultBranch = snapshot.defaultBranch;
    st.branchConfig = snapshot.branchConfig;
    yield* st.graph.resolveSteps();
    const added = st.commits.map((_, k) => k); // a fresh graph: index k is the k-th commit
    st.notes = snapshot.notes;
    deriveAllNotes(st);
    st.setRefs(snapshot);
    st.defaultTips = defaultTipsOf(snapshot, st.graph);
    yield;
    // One pass over the default branch's first-parent history gives "not yet on the default branch" for every
    // branch and "brought in by this merge" for every merge on it; other merges fall back to a walk each.
    const defaultInGraph = st.defaultTips.length === 1 && st.defaultTips[0] === defaultTipSha(snapshot);
    const mainTip = defaultInGraph ? st.defaultTips[0] : snapshot.head;
    const main = mainTip ? yield* st.graph.mainlineSteps(mainTip) : null;
    yield;
    const merges = added.filter((i) => st.graph.commits[i].parents.length > 1);
    const others = merges.filter((i) => !main?.brought.has(i));
    const byChain = yield* broughtByChainsSteps(st.graph, others, main?.onChain ?? new Set());
    yield;
    // A merge's share varies: what it brought is copied, or walked when no chain pass gave it.
    yield* eachOf(
      merges,
      (i) => {
        const got = main?.brought.get(i) ?? byChain.get(i);
        setBrought(st, i, got ? Int32Array.from(got) : walkBrought(st, i));
      },
      64,
    );
    const reach = defaultInGraph && main ? main.reach : st.graph.reach(st.defaultTips);
    yield;
    deriveBranches(st, snapshot, { reach });
    yield;
    yield* eachOf(merges, (i) => st.mergeGoals.set(i, goalsOfMerge(st, i)), 512);
    st.links = LinkTable.empty(st.graph);
    yield* st.composeAllSteps();
    const untagged: CommitRecord[] = [];
    yield* eachOf(st.commits, (c) => {
      if (!isMerge(c) && !st.links.has(c.sha)) untagged.push(c);
    });
    st.untagged = untagged;
    return st.finish(snapshot, { kind: 'cold', recomposed: st.links.size });
  }

  snapshotBases: string[] | undefined;

  finish(snapshot: RepoSnapshot, info: UpdateInfo): this {
    const ctx = this.ctx;
    this.snapshotBases = snapshot.defaultBases;
    const branches: BranchLink[] = [];
    for (const ref of snapshot.refs) {
      const b = this.branchStates.get(ref.name);
      if (!b) continue;
      for (const bg of b.goals) branches.push({ branch: ref.short, goalId: bg.goalId, source: bg.source, detail: bg.detail, commitsAhead: b.ahead ? b.ahead.length : null });
    }
    const index: GoalIndex = {
      goalsFile: ctx.goalsFile,
      goals: ctx.goals,
      children: goalChildren(ctx.goalsFile.goals, ctx.goals),
      root: snapshot.root,
      head: snapshot.head,
      headRef: snapshot.headRef,
      defaultBranch: snapshot.defaultBranch,
      shallow: snapshot.shallow,
      refs: snapshot.refs,
      commits: this.commits,
      bySha: new CommitTable(this.commits, this.graph),
      links: this.links,
      untagged: this.untagged,
      branches,
      branchConfig: snapshot.branchConfig,
      problems: [...ctx.goalsFile.problems, ...this.unknownProblems()],
    };
    this.index = index;
    STATE.set(index, { state: this, version: this.version, info });
    return this;
  }

  setRefs(snapshot: RepoSnapshot): void {
    this.refOrder = new Map(snapshot.refs.map((r, k) => [r.name, k]));
  }

  /** A commit's links from its contributions, strongest source first; one link per goal and source. */
  compose(i: number): Link[] | undefined {
    let out: Link[] | undefined;
    const add = (l: Link): void => {
      if (!out) out = [l];
      else if (!out.some((x) => x.goalId === l.goalId && x.source === l.source)) out.push(l);
    };
    const own = this.own.get(i);
    if (own) for (const l of own) add(l);
    const notes = this.noteLinks.get(i);
    if (notes) for (const l of notes) add(l);
    const branches = this.aheadOf.get(i);
    if (branches) {
      const ordered = branches.length > 1 ? [...branches].sort((a, b) => (this.refOrder.get(a) ?? 0) - (this.refOrder.get(b) ?? 0)) : branches;
      for (const name of ordered) {
        const b = this.branchStates.get(name);
        if (b) for (const bg of b.goals) add({ goalId: bg.goalId, source: 'branch', detail: `via branch ${b.ref.short}` });
      }
    }
    const merges = this.bringers.get(i);
    if (merges) {
      const ordered = merges.length > 1 ? [...merges].sort((a, b) => newerFirst(this.graph.commits[a], this.graph.commits[b])) : merges;
      for (const m of ordered) for (const [goalId, detail] of this.mergeGoals.get(m) ?? []) add({ goalId, source: 'merge', detail });
    }
    if (out && out.length > 1) out.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
    return out;
  }

  composeAll(): void {
    runSteps(this.composeAllSteps());
  }

  *composeAllSteps(): Steps<void> {
    const g = this.graph;
    const seen = new Uint8Array(g.size);
    const next = new Map<number, readonly Link[]>();
    const visit = (i: number): void => {
      if (seen[i] || !g.isAlive(i)) return;
      seen[i] = 1;
      const l = this.compose(i);
      if (l) next.set(i, l);
    };
    yield* eachOf(this.own.keys(), visit);
    yield* eachOf(this.noteLinks.keys(), visit);
    yield* eachOf(this.aheadOf.keys(), visit);
    let n = 0;
    for (const [m, got] of this.brought) {
      if (this.mergeGoals.get(m)?.length) for (const i of got) visit(i);
      if (++n % PIECE === 0) yield;
    }
    this.links = new LinkTable(g, next, null);
  }

  /** Unknown goal ids, one problem per id and source, examples newest first (the same for any build order). */
  unknownProblems(): Problem[] {
    const out: Problem[] = [];
    const bySource = (source: 'trailer' | 'note', map: Map<number, string[]>): void => {
      const perGoal = new Map<string, CommitRecord[]>();
      for (const [i, ids] of map) {
        if (!this.graph.isAlive(i)) continue;
        for (const id of new Set(ids)) {
          const list = perGoal.get(id);
          if (list) list.push(this.graph.commits[i]);
          else perGoal.set(id, [this.graph.commits[i]]);
        }
      }
      for (const [goalId, commits] of [...perGoal].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        commits.sort(newerFirst);
        const where = commits.slice(0, 3).map((c) => short(c.sha));
        const n = commits.length;
        out.push(unknownProblem(goalId, source, `${n} commit${n === 1 ? '' : 's'} (${where.join(', ')}${n > 3 ? ', ...' : ''})`, 'git history'));
      }
    };
    bySource('trailer', this.ownUnknown);
    bySource('note', this.noteUnknown);
    const branches = new Map<string, string[]>();
    for (const b of this.branchStates.values()) for (const id of b.unknown) branches.set(id, [...(branches.get(id) ?? []), b.ref.short]);
    for (const [goalId, names] of branches) out.push(unknownProblem(goalId, 'branch', `branch ${names.slice(0, 3).join(', ')}`, 'git config'));
    return out;
  }
}

function unknownProblem(goalId: string, source: LinkSource, what: string, file: string): Problem {
  return { file, line: 1, column: 1, severity: 'warning', code: 'unknown-goal', message: `unknown goal '${goalId}' named by ${source} in ${what}` };
}

function goalChildren(list: readonly Goal[], goals: ReadonlyMap<string, Goal>): Map<string, string[]> {
  const children = new Map<string, string[]>([['', []]]);
  for (const g of goals.values()) {
    if (list.indexOf(g) < 0) continue;
    const parent = g.parent && goals.has(g.parent) && g.parent !== g.id ? g.parent : '';
    children.set(parent, [...(children.get(parent) ?? []), g.id]);
  }
  // A goal in a parent cycle would be unreachable from the top: lift such goals to the top level.
  const reachable = new Set<string>();
  const stack = [...(children.get('') ?? [])];
  while (stack.length) {
    const id = stack.pop() as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  for (const id of goals.keys()) {
    if (!reachable.has(id)) {
      for (const [p, kids] of children) children.set(p, kids.filter((k) => k !== id));
      children.get('')?.push(id);
    }
  }
  return children;
}
