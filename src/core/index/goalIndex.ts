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
import { CommitGraph } from './graph';
import { branchGoalsByRule, KeyMatcher, mergedBranchName, parseNoteGoals, splitGoalIds, type BranchGoal } from '../links/linkRules';
import type { BranchLink, CommitRecord, Goal, GoalsFile, Link, LinkSource, Problem, RefInfo, RepoSnapshot } from '../types';

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

const SOURCE_ORDER: Record<LinkSource, number> = { trailer: 0, note: 1, key: 2, branch: 3, merge: 4 };
const NOTE_DETAIL = 'via note (refs/notes/goals)';

/** Builds the index. Pure and deterministic: the same inputs give the same index. */
export function buildIndex(goalsFile: GoalsFile, snapshot: RepoSnapshot): GoalIndex {
  return IndexState.cold(goalsFile, snapshot, snapshot.commits).index;
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
  return owned.state.update(previous, goalsFile, snapshot, change).index;
}

/** How the index was last made (cold or incremental, and how many commits were composed). */
export function updateInfo(index: GoalIndex): UpdateInfo | undefined {
  return STATE.get(index)?.info;
}

/**
 * What an index derived, as plain data for the on-disk cache: commits are named by their position in
 * `index.commits`, and `inputs` is the snapshot it was derived from (less its commits and notes).
 */
export interface DerivedState {
  v: number;
  linkKey: string;
  inputs: Omit<RepoSnapshot, 'commits' | 'notes' | 'branchConfig'> & { branchConfig: [string, string][] };
  defaultTips: string[];
  /** Flat: merge position, count, then the positions it brought in; for every merge. */
  brought: number[];
  /** Per branch with goals by rule: [ref name, key, count or -1 (tip outside), ...positions ahead]. */
  branches: (string | number)[][];
  goalTable: string[];
  detailTable: string[];
  /** Flat: position, count, then (goal, source, detail) per link, for every linked commit. */
  links: number[];
  /** Flat: position, count, then the unknown goal ids its trailer names, for every such commit. */
  unknownIds: (number | string)[];
}

export const DERIVED_VERSION = 2;

/** The derived state of the latest index of its line (null for an older one). */
export function exportIndex(index: GoalIndex): DerivedState | null {
  const owned = STATE.get(index);
  return owned && owned.version === owned.state.version ? owned.state.export() : null;
}

/** The top-level shape of a derived index read from a cache file (the rest is checked as it is read). */
function looksDerived(d: unknown): d is DerivedState {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Partial<Record<keyof DerivedState, unknown>>;
  return x.v === DERIVED_VERSION && Boolean(x.inputs) && Array.isArray(x.brought) && Array.isArray(x.links) && Array.isArray(x.unknownIds);
}

/**
 * The index that {@link exportIndex} described, from the commits and notes it was derived from, without walking
 * the graph or composing links again. Throws on anything that does not fit (the caller then builds cold).
 * Pass the result to {@link updateIndex} with what changed since. `derived` is as read from a cache file: any JSON.
 */
export function importIndex(goalsFile: GoalsFile, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, derived: unknown): GoalIndex {
  return IndexState.restore(goalsFile, commits, notes, derived).index;
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

const STATE = new WeakMap<GoalIndex, { state: IndexState; version: number; info: UpdateInfo }>();

/** What of goals.yaml the links depend on: ids in order, keys, branch globs, the trailer key. Not titles. */
interface GoalsContext {
  readonly goalsFile: GoalsFile;
  readonly goals: Map<string, Goal>;
  readonly keys: KeyMatcher;
  readonly trailerDetail: string;
  readonly linkKey: string;
}

function goalsContext(goalsFile: GoalsFile): GoalsContext {
  const goals = new Map<string, Goal>();
  for (const g of goalsFile.goals) if (!goals.has(g.id)) goals.set(g.id, g);
  const linkKey = JSON.stringify([goalsFile.trailer, goalsFile.goals.map((g) => [g.id, g.keys, g.branches])]);
  return { goalsFile, goals, keys: new KeyMatcher(goalsFile.goals), trailerDetail: `via ${goalsFile.trailer} trailer`, linkKey };
}

interface BranchState {
  ref: RefInfo;
  /** Goals of the branch that goals.yaml knows. */
  goals: BranchGoal[];
  unknown: string[];
  /** Graph indices of the commits ahead of the default branch; null when the tip is outside the history. */
  ahead: number[] | null;
  /** Tip and default-branch reach the ahead list was computed for. */
  key: string;
}

type Pair = readonly [goalId: string, detail: string];

/** Everything an index was derived from and its contributions; owned by the latest index of its line. */
class IndexState {
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
    const st = IndexState.start(goalsFile);
    for (const c of commits) st.addCold(c);
    return st.finishCold(snapshot);
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
    this.deriveOwn(i);
  }

  finishCold(snapshot: RepoSnapshot): this {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const st = this;
    st.defaultBranch = snapshot.defaultBranch;
    st.branchConfig = snapshot.branchConfig;
    st.graph.resolve();
    const added = st.commits.map((_, k) => k); // a fresh graph: index k is the k-th commit
    st.notes = snapshot.notes;
    st.deriveAllNotes();
    st.setRefs(snapshot);
    st.defaultTips = defaultTipsOf(snapshot, st.graph);
    // One pass over the default branch's first-parent history gives "not yet on the default branch" for every
    // branch and "brought in by this merge" for every merge on it; other merges fall back to a walk each.
    const defaultInGraph = st.defaultTips.length === 1 && st.defaultTips[0] === defaultTipSha(snapshot);
    const mainTip = defaultInGraph ? st.defaultTips[0] : snapshot.head;
    const main = mainTip ? st.graph.mainline(mainTip) : null;
    for (const i of added) {
      if (st.graph.commits[i].parents.length < 2) continue;
      const got = main?.brought.get(i);
      st.setBrought(i, got ? Int32Array.from(got) : st.walkBrought(i));
    }
    const reach = defaultInGraph && main ? main.reach : st.graph.reach(st.defaultTips);
    st.deriveBranches(snapshot, { reach });
    for (const i of added) if (st.graph.commits[i].parents.length > 1) st.mergeGoals.set(i, st.goalsOfMerge(i));
    st.links = LinkTable.empty(st.graph);
    st.composeAll();
    st.untagged = st.commits.filter((c) => !isMerge(c) && !st.links.has(c.sha));
    return st.finish(snapshot, { kind: 'cold', recomposed: st.links.size });
  }

  static restore(goalsFile: GoalsFile, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, d: unknown): IndexState {
    const bad = (what: string): never => {
      throw new Error(`derived index: ${what}`);
    };
    if (!looksDerived(d)) return bad('unknown format');
    // Tables are indexed by numbers from the file: a read out of range is undefined, and checked.
    const entry = <T>(list: readonly T[], k: number): T | undefined => (Number.isInteger(k) && k >= 0 && k < list.length ? list[k] : undefined);
    const snapshot: RepoSnapshot = { ...d.inputs, branchConfig: new Map(d.inputs.branchConfig), commits: commits as CommitRecord[], notes: notes as Map<string, string> };
    const st = new IndexState();
    // The links were composed with the goals of that time; only their link key is known. A different one
    // makes the next update derive every link again.
    st.ctx = { ...goalsContext(goalsFile), linkKey: d.linkKey };
    st.defaultBranch = snapshot.defaultBranch;
    st.branchConfig = snapshot.branchConfig;
    const g = st.graph;
    const n = commits.length;
    if (g.append(commits).length !== n) bad('duplicate commits');
    st.commits = commits;
    const pos = (k: number): number => (Number.isInteger(k) && k >= 0 && k < n ? k : bad('position out of range'));
    // Links first: a commit's own links (trailer, key) are the ones of its composed links with those sources.
    const sources = Object.keys(SOURCE_ORDER) as LinkSource[];
    const links = new Map<number, readonly Link[]>();
    const shared = new Map<number, Link>(); // one object per distinct link: most are repeated many times
    const details = d.detailTable.length;
    for (let k = 0; k < d.links.length; ) {
      const i = pos(d.links[k++]);
      const count = d.links[k++];
      const list: Link[] = [];
      let own: Link[] | undefined;
      for (let j = 0; j < count; j++) {
        const gi = d.links[k++];
        const si = d.links[k++];
        const di = d.links[k++];
        const id = (gi * sources.length + si) * details + di;
        let link = shared.get(id);
        if (!link) {
          const goalId = entry(d.goalTable, gi);
          const source = entry(sources, si);
          const detail = entry(d.detailTable, di);
          if (goalId === undefined || source === undefined || detail === undefined) return bad('link table');
          shared.set(id, (link = { goalId, source, detail }));
        }
        list.push(link);
        if (link.source === 'trailer' || link.source === 'key') (own ??= []).push(link);
      }
      links.set(i, list);
      if (own) st.own.set(i, own);
    }
    for (let k = 0; k < d.unknownIds.length; ) {
      const i = pos(d.unknownIds[k++] as number);
      const count = d.unknownIds[k++] as number;
      const ids = d.unknownIds.slice(k, k + count);
      k += count;
      if (ids.length !== count || ids.some((x) => typeof x !== 'string')) bad('unknown ids');
      st.ownUnknown.set(i, ids as string[]);
    }
    st.notes = notes;
    st.deriveAllNotes();
    st.setRefs(snapshot);
    st.defaultTips = d.defaultTips.map((t) => (g.index(t) !== undefined ? t : bad('default tip outside the history')));
    for (let k = 0; k < d.brought.length; ) {
      const m = pos(d.brought[k++]);
      const count = d.brought[k++];
      if (!(count >= 0 && k + count <= d.brought.length)) bad('brought list');
      const got = new Int32Array(count);
      for (let j = 0; j < count; j++) got[j] = pos(d.brought[k++]);
      st.setBrought(m, got);
    }
    for (let i = 0; i < n; i++) if (commits[i].parents.length > 1 && !st.brought.has(i)) bad('a merge without its brought list');
    for (const m of st.brought.keys()) st.mergeGoals.set(m, st.goalsOfMerge(m));
    for (const row of d.branches) {
      const [name, key, count] = row as [string, string, number];
      const ref = snapshot.refs.find((r) => r.name === name) ?? bad(`unknown ref ${name}`);
      const short = ref.kind === 'remote' ? withoutRemote(ref.short) : ref.short;
      const all = branchGoalsByRule(short, st.ctx.goalsFile.goals, snapshot.branchConfig.get(short));
      const goals = all.filter((bg) => st.ctx.goals.has(bg.goalId));
      const ahead = count < 0 ? null : (row.slice(3) as number[]).map(pos);
      if (ahead && ahead.length !== count) bad('ahead list');
      st.branchStates.set(name, { ref, goals, unknown: all.filter((bg) => !st.ctx.goals.has(bg.goalId)).map((bg) => bg.goalId), ahead, key });
      if (goals.length) for (const i of ahead ?? []) st.aheadOf.set(i, [...(st.aheadOf.get(i) ?? []), name]);
    }
    st.links = new LinkTable(g, links, null);
    st.untagged = commits.filter((c) => !isMerge(c) && !st.links.has(c.sha));
    return st.finish(snapshot, { kind: 'incremental', recomposed: 0 });
  }

  export(): DerivedState {
    const g = this.graph;
    const at = new Int32Array(g.size).fill(-1);
    this.commits.forEach((c, k) => (at[g.index(c.sha) as number] = k));
    const brought: number[] = [];
    for (const [m, got] of this.brought) {
      if (at[m] < 0) continue;
      brought.push(at[m], got.length);
      for (const c of got) brought.push(at[c]);
    }
    const branches: (string | number)[][] = [];
    for (const [name, b] of this.branchStates) branches.push([name, b.key, b.ahead ? b.ahead.length : -1, ...(b.ahead ?? []).map((i) => at[i])]);
    const goalTable: string[] = [];
    const detailTable: string[] = [];
    const goalAt = new Map<string, number>();
    const detailAt = new Map<string, number>();
    const intern = (table: string[], index: Map<string, number>, v: string): number => {
      let k = index.get(v);
      if (k === undefined) {
        k = table.length;
        table.push(v);
        index.set(v, k);
      }
      return k;
    };
    const sourceAt = new Map((Object.keys(SOURCE_ORDER) as LinkSource[]).map((src, k) => [src, k]));
    const links: number[] = [];
    for (const [sha, list] of this.links) {
      links.push(at[g.index(sha) as number], list.length);
      for (const l of list) links.push(intern(goalTable, goalAt, l.goalId), sourceAt.get(l.source) as number, intern(detailTable, detailAt, l.detail));
    }
    const idx = this.index;
    const inputs = {
      root: idx.root,
      head: idx.head,
      headRef: idx.headRef,
      defaultBranch: idx.defaultBranch,
      ...(this.snapshotBases ? { defaultBases: this.snapshotBases } : {}),
      refs: [...idx.refs],
      branchConfig: [...idx.branchConfig],
      shallow: idx.shallow,
    };
    const unknownIds: (number | string)[] = [];
    for (const [i, ids] of this.ownUnknown) if (at[i] >= 0) unknownIds.push(at[i], ids.length, ...ids);
    return { v: DERIVED_VERSION, linkKey: this.ctx.linkKey, inputs, defaultTips: this.defaultTips, brought, branches, goalTable, detailTable, links, unknownIds };
  }

  update(previous: GoalIndex, goalsFile: GoalsFile, snapshot: RepoSnapshot, change: IndexChange): IndexState {
    const g = this.graph;
    const cold = (): IndexState => IndexState.cold(goalsFile, snapshot, snapshot.commits);
    // A new trailer key changes what git parsed out of every message: the commits themselves are new.
    if (snapshot.shallow || previous.shallow || snapshot.root !== previous.root || goalsFile.trailer !== this.ctx.goalsFile.trailer) return cold();
    const dropped: number[] = [];
    for (const sha of change.dropped) {
      const i = g.index(sha);
      if (i !== undefined && g.isAlive(i)) dropped.push(i);
    }
    const fresh = change.added.filter((c) => {
      const i = g.index(c.sha);
      return i === undefined || !g.isAlive(i);
    });
    // The change must account for the whole new history; anything else is a cold build, never a guess.
    if (this.commits.length - dropped.length + fresh.length !== snapshot.commits.length) return cold();
    if ((g.deadCount + dropped.length) * 2 > g.size) return cold(); // mostly dropped: start afresh
    this.version++;
    const touched = new Set<number>();
    const touchBrought = (m: number): void => {
      for (const c of this.brought.get(m) ?? []) touched.add(c);
    };

    // Dropped commits: their own contributions go; a dropped merge no longer brings anything in.
    for (const d of dropped) {
      touched.add(d);
      this.own.delete(d);
      this.ownUnknown.delete(d);
      this.noteLinks.delete(d);
      this.noteUnknown.delete(d);
      if (this.brought.has(d)) {
        touchBrought(d);
        this.setBrought(d, null);
        this.mergeGoals.delete(d);
      }
    }
    g.drop(dropped);
    const added = g.append(fresh);
    const goalsChanged = goalsFile.trailer !== this.ctx.goalsFile.trailer || goalsContext(goalsFile).linkKey !== this.ctx.linkKey;
    this.ctx = goalsContext(goalsFile);
    const mergeNamesChanged = goalsChanged || snapshot.defaultBranch !== this.defaultBranch || !sameMap(snapshot.branchConfig, this.branchConfig);
    this.defaultBranch = snapshot.defaultBranch;
    this.branchConfig = snapshot.branchConfig;
    const isAdded = new Set(added);

    if (goalsChanged) {
      this.own.clear();
      this.ownUnknown.clear();
      for (let i = 0; i < g.size; i++) if (g.isAlive(i)) this.deriveOwn(i);
    } else for (const i of added) this.deriveOwn(i);
    for (const i of added) {
      touched.add(i);
      if (g.commits[i].parents.length > 1) {
        this.setBrought(i, this.walkBrought(i));
        touchBrought(i);
      }
    }

    // Notes: only those that differ (or every one after a goals.yaml change of ids or the trailer key).
    const notesChanged: number[] = [];
    if (goalsChanged) {
      this.notes = snapshot.notes;
      this.deriveAllNotes();
    } else {
      const old = this.notes;
      this.notes = snapshot.notes;
      if (old !== snapshot.notes) {
        for (const [sha, text] of snapshot.notes) if (old.get(sha) !== text) notesChanged.push(...this.deriveNote(sha));
        for (const sha of old.keys()) if (!snapshot.notes.has(sha)) notesChanged.push(...this.deriveNote(sha));
      }
      for (const i of added) if (snapshot.notes.has(g.commits[i].sha)) notesChanged.push(...this.deriveNote(g.commits[i].sha));
    }
    for (const i of notesChanged) touched.add(i);

    // Merge goals: a merge's own links or the branch its message names may have changed.
    const remerge = new Set<number>();
    if (mergeNamesChanged) for (const m of this.brought.keys()) remerge.add(m);
    else {
      for (const i of added) if (this.brought.has(i)) remerge.add(i);
      for (const i of notesChanged) if (this.brought.has(i)) remerge.add(i);
    }
    this.setRefs(snapshot);
    for (const m of remerge) {
      const next = this.goalsOfMerge(m);
      const prev = this.mergeGoals.get(m);
      if (!prev || !samePairs(prev, next)) {
        this.mergeGoals.set(m, next);
        touchBrought(m);
        touched.add(m);
      }
    }

    // Branches: those whose tip or goals moved, and all of them when the default branch's reach moved.
    const oldTips = this.defaultTips;
    this.defaultTips = defaultTipsOf(snapshot, g);
    let newlyReached: Set<number> | null = null;
    if (oldTips.join() !== this.defaultTips.join()) {
      const ff = oldTips.length === 1 && this.defaultTips.length === 1 && g.exclusive(oldTips, this.defaultTips).length === 0;
      newlyReached = ff ? new Set(g.exclusive(this.defaultTips, oldTips)) : null;
      if (!ff) this.branchStates.forEach((b) => (b.key = '')); // recompute every ahead list
    }
    this.deriveBranches(snapshot, { newlyReached, touched });

    // Compose what was touched; everything after a change of ids, keys, globs or the trailer key.
    if (goalsChanged) {
      this.links = LinkTable.empty(g);
      this.composeAll();
    } else {
      const next = new Map<number, readonly Link[] | null>();
      for (const i of touched) next.set(i, g.isAlive(i) ? (this.compose(i) ?? null) : null);
      this.links = this.links.with(next);
    }

    const droppedShas = new Set(dropped.map((i) => g.commits[i].sha));
    const kept = dropped.length ? this.commits.filter((c) => !droppedShas.has(c.sha)) : this.commits;
    this.commits = fresh.length ? fresh.concat(kept) : kept;
    // Untagged: the old list minus what is now linked or dropped, plus what is new; a full pass only when a
    // commit that was linked lost its links (a note removed, a branch deleted...).
    let becameUntagged = false;
    const noLongerUntagged = new Set<string>();
    for (const i of touched) {
      if (isAdded.has(i)) continue;
      const c = g.commits[i];
      if (isMerge(c)) continue;
      if (!g.isAlive(i) || this.links.has(c.sha)) noLongerUntagged.add(c.sha);
      else if (previous.links.has(c.sha)) becameUntagged = true;
    }
    if (becameUntagged || goalsChanged) this.untagged = this.commits.filter((c) => !isMerge(c) && !this.links.has(c.sha));
    else {
      const newUntagged = fresh.filter((c) => !isMerge(c) && !this.links.has(c.sha));
      const keptUntagged = noLongerUntagged.size ? this.untagged.filter((c) => !noLongerUntagged.has(c.sha)) : this.untagged;
      this.untagged = newUntagged.length ? newUntagged.concat(keptUntagged) : keptUntagged;
    }
    return this.finish(snapshot, { kind: 'incremental', recomposed: goalsChanged ? this.links.size : touched.size });
  }

  private snapshotBases: string[] | undefined;

  private finish(snapshot: RepoSnapshot, info: UpdateInfo): this {
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

  private deriveOwn(i: number): void {
    const c = this.graph.commits[i];
    const { goals, keys, trailerDetail } = this.ctx;
    let links: Link[] | undefined;
    const add = (l: Link): void => {
      if (!links) links = [l];
      else if (!links.some((x) => x.goalId === l.goalId && x.source === l.source)) links.push(l);
    };
    if (c.trailers.length) {
      for (const id of splitGoalIds(c.trailers)) {
        if (goals.has(id)) add({ goalId: id, source: 'trailer', detail: trailerDetail });
        else this.ownUnknown.set(i, [...(this.ownUnknown.get(i) ?? []), id]);
      }
    }
    if (c.issueKeys.length && !keys.empty) for (const m of keys.match(c.issueKeys)) add({ goalId: m.goalId, source: 'key', detail: `via issue key ${m.key}` });
    if (links) this.own.set(i, links);
  }

  private deriveAllNotes(): void {
    this.noteLinks.clear();
    this.noteUnknown.clear();
    for (const sha of this.notes.keys()) this.deriveNote(sha);
  }

  /** Note links of one commit from the current notes; returns its graph index when it is indexed. */
  private deriveNote(sha: string): number[] {
    const i = this.graph.index(sha);
    if (i === undefined || !this.graph.isAlive(i)) return [];
    this.noteLinks.delete(i);
    this.noteUnknown.delete(i);
    const note = this.notes.get(sha);
    if (note === undefined) return [i];
    const links: Link[] = [];
    const unknown: string[] = [];
    for (const id of parseNoteGoals(note, this.ctx.goalsFile.trailer)) {
      if (this.ctx.goals.has(id)) links.push({ goalId: id, source: 'note', detail: NOTE_DETAIL });
      else unknown.push(id);
    }
    if (links.length) this.noteLinks.set(i, links);
    if (unknown.length) this.noteUnknown.set(i, unknown);
    return [i];
  }

  private setRefs(snapshot: RepoSnapshot): void {
    this.refOrder = new Map(snapshot.refs.map((r, k) => [r.name, k]));
  }

  private walkBrought(m: number): Int32Array {
    const c = this.graph.commits[m];
    return Int32Array.from(this.graph.exclusive(c.parents.slice(1), [c.parents[0]]));
  }

  private setBrought(m: number, got: Int32Array | null): void {
    const old = this.brought.get(m);
    if (old) {
      for (const c of old) this.bringers.remove(c, m);
      this.brought.delete(m);
    }
    if (!got) return;
    this.brought.set(m, got);
    for (const c of got) this.bringers.add(c, m);
  }

  /** The goals a merge gives what it brought in: its own (trailer, key, note), then its named branch's. */
  private goalsOfMerge(m: number): readonly Pair[] {
    const c = this.graph.commits[m];
    const out = new Map<string, string>();
    const detail = `via merge ${short(c.sha)}`;
    for (const l of this.own.get(m) ?? []) if (l.source === 'trailer') out.set(l.goalId, detail);
    for (const l of this.own.get(m) ?? []) if (l.source === 'key' && !out.has(l.goalId)) out.set(l.goalId, detail);
    for (const l of this.noteLinks.get(m) ?? []) if (!out.has(l.goalId)) out.set(l.goalId, detail);
    const named = mergedBranchName(c.subject);
    if (named && !isDefaultName(named, this.defaultBranch)) {
      for (const bg of branchGoalsByRule(named, this.ctx.goalsFile.goals, this.branchConfig.get(named))) {
        if (this.ctx.goals.has(bg.goalId) && !out.has(bg.goalId)) out.set(bg.goalId, `via merge of ${named}`);
      }
    }
    return [...out];
  }

  /**
   * Branch goals and commits ahead, for every branch that is not the default one. A branch whose tip and
   * default-branch reach are unchanged keeps its list; after a fast-forward of the default branch a list only
   * loses what became reachable; anything else is walked again.
   */
  private deriveBranches(snapshot: RepoSnapshot, how: { reach?: Uint8Array; newlyReached?: Set<number> | null; touched?: Set<number> }): void {
    const g = this.graph;
    let walks = 0;
    const defaultKey = this.defaultTips.join();
    const next = new Map<string, BranchState>();
    let reach = how.reach;
    for (const ref of snapshot.refs) {
      if (ref.kind === 'tag' || ref.name === snapshot.defaultBranch) continue;
      const name = ref.kind === 'remote' ? withoutRemote(ref.short) : ref.short;
      if (isDefaultName(name, snapshot.defaultBranch)) continue;
      const all = branchGoalsByRule(name, this.ctx.goalsFile.goals, snapshot.branchConfig.get(name));
      if (all.length === 0) continue;
      const goals = all.filter((bg) => this.ctx.goals.has(bg.goalId));
      const unknown = all.filter((bg) => !this.ctx.goals.has(bg.goalId)).map((bg) => bg.goalId);
      const key = `${ref.sha}\0${defaultKey}`;
      const old = this.branchStates.get(ref.name);
      const tip = g.index(ref.sha);
      let ahead: number[] | null;
      if (goals.length === 0 || tip === undefined || !g.isAlive(tip)) ahead = null;
      else if (old && old.key === key && old.ahead) ahead = old.ahead;
      else if (old && old.ref.sha === ref.sha && old.ahead && how.newlyReached && old.key !== '') ahead = old.ahead.filter((i) => !how.newlyReached?.has(i));
      else {
        // A few walks are cheaper than marking all the default branch reaches; many are not.
        if (!reach && ++walks > 8) reach = g.reach(this.defaultTips);
        ahead = reach ? g.outside(ref.sha, reach) : g.exclusive([ref.sha], this.defaultTips);
      }
      next.set(ref.name, { ref, goals, unknown, ahead, key });
    }
    // Move the ahead index over: a branch whose list or goals changed touches the commits on either side.
    const touched = how.touched;
    for (const [name, old] of this.branchStates) {
      const now = next.get(name);
      if (now && now.ahead === old.ahead && sameGoals(now.goals, old.goals) && now.ref.short === old.ref.short) continue;
      for (const i of old.ahead ?? []) {
        const list = this.aheadOf.get(i);
        if (list) {
          const rest = list.filter((n) => n !== name);
          if (rest.length) this.aheadOf.set(i, rest);
          else this.aheadOf.delete(i);
        }
        touched?.add(i);
      }
      if (now) this.branchStates.delete(name); // re-added below
    }
    for (const [name, now] of next) {
      if (this.branchStates.has(name)) continue; // unchanged
      if (now.goals.length) {
        for (const i of now.ahead ?? []) {
          const list = this.aheadOf.get(i);
          if (list) list.push(name);
          else this.aheadOf.set(i, [name]);
          touched?.add(i);
        }
      }
    }
    this.branchStates = next;
  }

  /** A commit's links from its contributions, strongest source first; one link per goal and source. */
  private compose(i: number): Link[] | undefined {
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

  private composeAll(): void {
    const g = this.graph;
    const seen = new Uint8Array(g.size);
    const next = new Map<number, readonly Link[]>();
    const visit = (i: number): void => {
      if (seen[i] || !g.isAlive(i)) return;
      seen[i] = 1;
      const l = this.compose(i);
      if (l) next.set(i, l);
    };
    for (const i of this.own.keys()) visit(i);
    for (const i of this.noteLinks.keys()) visit(i);
    for (const i of this.aheadOf.keys()) visit(i);
    for (const [m, got] of this.brought) if (this.mergeGoals.get(m)?.length) for (const i of got) visit(i);
    this.links = new LinkTable(g, next, null);
  }

  /** Unknown goal ids, one problem per id and source, examples newest first (the same for any build order). */
  private unknownProblems(): Problem[] {
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

/**
 * Commit -> the merges that brought it in. Most commits have none or one: one number per commit in a flat
 * array, and a map only for the few with more (a map of 200,000 small arrays cost more than the walks).
 */
class Bringers {
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

function unknownProblem(goalId: string, source: LinkSource, what: string, file: string): Problem {
  return { file, line: 1, column: 1, severity: 'warning', code: 'unknown-goal', message: `unknown goal '${goalId}' named by ${source} in ${what}` };
}

/** Newest first by author time, then by sha: an order that does not depend on how the history was read. */
function newerFirst(a: CommitRecord, b: CommitRecord): number {
  return b.time - a.time || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0);
}

function defaultTipSha(snapshot: RepoSnapshot): string | undefined {
  return snapshot.refs.find((r) => r.name === snapshot.defaultBranch)?.sha;
}

/**
 * Tips whose ancestors are the indexed commits the default branch reaches: its tip when indexed; else (HEAD
 * behind or beside it) the merge bases of HEAD and the tip; none when there is no default branch.
 */
function defaultTipsOf(snapshot: RepoSnapshot, graph: CommitGraph): string[] {
  const tip = defaultTipSha(snapshot);
  if (tip === undefined) return [];
  const alive = (sha: string): boolean => {
    const i = graph.index(sha);
    return i !== undefined && graph.isAlive(i);
  };
  if (alive(tip)) return [tip];
  return (snapshot.defaultBases ?? []).filter(alive).sort();
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function samePairs(a: readonly Pair[], b: readonly Pair[]): boolean {
  return a.length === b.length && a.every((p, k) => p[0] === b[k][0] && p[1] === b[k][1]);
}

function sameGoals(a: readonly BranchGoal[], b: readonly BranchGoal[]): boolean {
  return a.length === b.length && a.every((x, k) => x.goalId === b[k].goalId && x.source === b[k].source && x.detail === b[k].detail);
}

/**
 * Links by commit, as a read-only map by sha over graph indices. An update shares the previous table and
 * keeps its own changes beside it (folded in once they grow), so one new commit does not copy every entry.
 */
class LinkTable implements ReadonlyMap<string, readonly Link[]> {
  readonly size: number;
  constructor(
    private readonly graph: CommitGraph,
    private readonly base: ReadonlyMap<number, readonly Link[]>,
    private readonly over: ReadonlyMap<number, readonly Link[] | null> | null,
  ) {
    let size = base.size;
    if (over) for (const [i, l] of over) size += (l ? 1 : 0) - (base.has(i) ? 1 : 0);
    this.size = size;
  }

  static empty(graph: CommitGraph): LinkTable {
    return new LinkTable(graph, new Map(), null);
  }

  /** This table with `changes` applied (null removes an entry). */
  with(changes: ReadonlyMap<number, readonly Link[] | null>): LinkTable {
    if (changes.size === 0) return this;
    const over = new Map(this.over ?? []);
    for (const [i, l] of changes) over.set(i, l);
    if (over.size > 4096 && over.size * 8 > this.base.size) {
      const flat = new Map(this.base);
      for (const [i, l] of over) {
        if (l) flat.set(i, l);
        else flat.delete(i);
      }
      return new LinkTable(this.graph, flat, null);
    }
    return new LinkTable(this.graph, this.base, over);
  }

  private at(i: number): readonly Link[] | undefined {
    if (this.over && this.over.has(i)) return this.over.get(i) ?? undefined;
    return this.base.get(i);
  }
  get(sha: string): readonly Link[] | undefined {
    const i = this.graph.index(sha);
    return i === undefined ? undefined : this.at(i);
  }
  has(sha: string): boolean {
    return this.get(sha) !== undefined;
  }
  forEach(fn: (value: readonly Link[], key: string, map: ReadonlyMap<string, readonly Link[]>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
  *entries(): MapIterator<[string, readonly Link[]]> {
    const commits = this.graph.commits;
    for (const [i, l] of this.base) if (!this.over || !this.over.has(i)) yield [commits[i].sha, l];
    if (this.over) for (const [i, l] of this.over) if (l) yield [commits[i].sha, l];
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<readonly Link[]> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): MapIterator<[string, readonly Link[]]> {
    return this.entries();
  }
}

/** Commits by sha, as a read-only map over the graph's sha table (no second table of every commit). */
class CommitTable implements ReadonlyMap<string, CommitRecord> {
  constructor(
    private readonly commits: readonly CommitRecord[],
    private readonly graph: CommitGraph,
  ) {}
  get size(): number {
    return this.commits.length;
  }
  get(sha: string): CommitRecord | undefined {
    const i = this.graph.index(sha);
    return i === undefined || !this.graph.isAlive(i) ? undefined : this.graph.commits[i];
  }
  has(sha: string): boolean {
    return this.get(sha) !== undefined;
  }
  forEach(fn: (value: CommitRecord, key: string, map: ReadonlyMap<string, CommitRecord>) => void): void {
    for (const c of this.commits) fn(c, c.sha, this);
  }
  *entries(): MapIterator<[string, CommitRecord]> {
    for (const c of this.commits) yield [c.sha, c];
  }
  *keys(): MapIterator<string> {
    for (const c of this.commits) yield c.sha;
  }
  *values(): MapIterator<CommitRecord> {
    yield* this.commits;
  }
  [Symbol.iterator](): MapIterator<[string, CommitRecord]> {
    return this.entries();
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

function withoutRemote(short: string): string {
  const slash = short.indexOf('/');
  return slash >= 0 ? short.slice(slash + 1) : short;
}

/** Short name of a default branch ('main' for refs/heads/main or refs/remotes/origin/main), as branches are compared. */
export function defaultBranchShortName(defaultBranch: string | null): string | null {
  return defaultBranch ? defaultBranch.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\/[^/]+\//, '') : null;
}

function isDefaultName(name: string, defaultBranch: string | null): boolean {
  return defaultBranch !== null && name === defaultBranchShortName(defaultBranch);
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
