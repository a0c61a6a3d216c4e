// The GoalIndex: every commit's links to goals, every branch's goals, built once from a RepoSnapshot and the
// parsed goals.yaml. Views and reports only read it.
import { CommitGraph } from './graph';
import { branchGoalsByRule, KeyMatcher, mergedBranchName, parseNoteGoals, splitGoalIds } from '../links/linkRules';
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

export function isMerge(c: CommitRecord): boolean {
  return c.parents.length > 1;
}

const SOURCE_ORDER: Record<LinkSource, number> = { trailer: 0, note: 1, key: 2, branch: 3, merge: 4 };

/** Builds the index. Pure and deterministic: the same inputs give the same index. */
export function buildIndex(goalsFile: GoalsFile, snapshot: RepoSnapshot): GoalIndex {
  const builder = new IndexBuilder(goalsFile);
  for (const c of snapshot.commits) builder.add(c);
  return builder.finish(snapshot);
}

/**
 * Builds a GoalIndex in two steps so that the per-commit work (trailers, issue keys, the sha table) can run while
 * `git log` is still streaming: `add` each commit as it arrives, then `finish` with the rest of the snapshot.
 * Only the graph rules (branch, merge) and notes wait for the end.
 */
export class IndexBuilder {
  private readonly commits: CommitRecord[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly links = new Map<string, Link[]>();
  private readonly goals = new Map<string, Goal>();
  private readonly unknown = new UnknownGoals();
  private readonly keys: KeyMatcher;
  private readonly trailerDetail: string;

  constructor(private readonly goalsFile: GoalsFile) {
    for (const g of goalsFile.goals) if (!this.goals.has(g.id)) this.goals.set(g.id, g);
    this.keys = new KeyMatcher(goalsFile.goals);
    this.trailerDetail = `via ${goalsFile.trailer} trailer`;
  }

  /** 1 and 3: what a commit says of itself in its message. Commits come newest first, as git log gives them. */
  add(c: CommitRecord): void {
    if (this.indexOf.has(c.sha)) return;
    this.indexOf.set(c.sha, this.commits.length);
    this.commits.push(c);
    if (c.trailers.length) for (const id of splitGoalIds(c.trailers)) this.addChecked(c.sha, id, 'trailer', this.trailerDetail);
    if (c.issueKeys.length && !this.keys.empty) {
      for (const m of this.keys.match(c.issueKeys)) this.link(c.sha, { goalId: m.goalId, source: 'key', detail: `via issue key ${m.key}` });
    }
  }

  finish(snapshot: Omit<RepoSnapshot, 'commits'>): GoalIndex {
    const { goalsFile, goals, links, commits } = this;
    const graph = new CommitGraph(commits, this.indexOf);
    const add = (sha: string, link: Link): void => this.link(sha, link);
    const unknown = this.unknown;
    const children = goalChildren(goalsFile.goals, goals);

    // 2: notes, looked up from the (usually few) notes rather than from every commit.
    for (const [sha, note] of snapshot.notes) {
      if (!this.indexOf.has(sha)) continue;
      for (const id of parseNoteGoals(note, goalsFile.trailer)) this.addChecked(sha, id, 'note', 'via note (refs/notes/goals)');
    }

    // 4: branches not yet on the default branch.
    const defaultRef = snapshot.refs.find((r) => r.name === snapshot.defaultBranch);
    const defaultTip = defaultRef?.sha;
    const defaultInGraph = defaultTip !== undefined && graph.index(defaultTip) !== undefined;
    // One pass over the default branch's first-parent history answers "not yet on the default branch" for every
    // branch and "brought in by this merge" for every merge on it; other merges fall back to a walk each.
    const mainTip = defaultInGraph ? defaultTip : snapshot.head;
    const main = mainTip ? graph.mainline(mainTip) : null;
    // When HEAD is behind or beside the default branch, its tip is outside the walked history: what it reaches
    // there is what its merge bases with HEAD reach. Those commits are never ahead of it.
    const reachDefault = main && defaultInGraph ? main.reach : defaultTip !== undefined && snapshot.defaultBases ? graph.reach(snapshot.defaultBases) : null;
    const branches: BranchLink[] = [];
    const branchRefs = snapshot.refs.filter((r) => r.kind !== 'tag' && r.name !== snapshot.defaultBranch);
    for (const ref of branchRefs) {
      const name = ref.kind === 'remote' ? withoutRemote(ref.short) : ref.short;
      if (isDefaultName(name, snapshot.defaultBranch)) continue;
      const branchGoals = branchGoalsByRule(name, goalsFile.goals, snapshot.branchConfig.get(name));
      if (branchGoals.length === 0) continue;
      const inGraph = graph.index(ref.sha) !== undefined;
      const ahead = !inGraph ? [] : reachDefault ? graph.outside(ref.sha, reachDefault) : graph.exclusive([ref.sha], defaultTip ? [defaultTip] : []);
      for (const bg of branchGoals) {
        if (!goals.has(bg.goalId)) {
          unknown.note(bg.goalId, 'branch', ref.short);
          continue;
        }
        branches.push({ branch: ref.short, goalId: bg.goalId, source: bg.source, detail: bg.detail, commitsAhead: inGraph ? ahead.length : null });
        for (const i of ahead) add(commits[i].sha, { goalId: bg.goalId, source: 'branch', detail: `via branch ${ref.short}` });
      }
    }

    // 5: commits a merge brought in serve the merge's own goals and those of the branch its message names.
    for (const m of commits) {
      if (!isMerge(m)) continue;
      const mergeGoals = new Map<string, string>();
      for (const l of links.get(m.sha) ?? []) {
        if (l.source !== 'branch' && l.source !== 'merge') mergeGoals.set(l.goalId, `via merge ${short(m.sha)}`);
      }
      const named = mergedBranchName(m.subject);
      if (named && !isDefaultName(named, snapshot.defaultBranch)) {
        for (const bg of branchGoalsByRule(named, goalsFile.goals, snapshot.branchConfig.get(named))) {
          if (goals.has(bg.goalId) && !mergeGoals.has(bg.goalId)) mergeGoals.set(bg.goalId, `via merge of ${named}`);
        }
      }
      if (mergeGoals.size === 0) continue;
      const at = graph.index(m.sha);
      const brought = (at !== undefined && main?.brought.get(at)) || graph.exclusive(m.parents.slice(1), [m.parents[0]]);
      for (const i of brought) {
        const sha = commits[i].sha;
        for (const [goalId, detail] of mergeGoals) add(sha, { goalId, source: 'merge', detail });
      }
    }

    for (const list of links.values()) list.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);

    const untagged = commits.filter((c) => !isMerge(c) && !links.has(c.sha));
    return {
      goalsFile,
      goals,
      children,
      root: snapshot.root,
      head: snapshot.head,
      headRef: snapshot.headRef,
      defaultBranch: snapshot.defaultBranch,
      shallow: snapshot.shallow,
      refs: snapshot.refs,
      commits,
      bySha: new CommitTable(commits, this.indexOf),
      links,
      untagged,
      branches,
      branchConfig: snapshot.branchConfig,
      problems: [...goalsFile.problems, ...unknown.problems()],
    };
  }

  private link(sha: string, link: Link): void {
    const list = this.links.get(sha);
    if (!list) this.links.set(sha, [link]);
    else if (!list.some((l) => l.goalId === link.goalId && l.source === link.source)) list.push(link);
  }

  private addChecked(sha: string, goalId: string, source: LinkSource, detail: string): void {
    if (!this.goals.has(goalId)) this.unknown.note(goalId, source, sha);
    else this.link(sha, { goalId, source, detail });
  }
}

/** Commits by sha, as a read-only map over the builder's sha table (no second 200,000-entry map). */
class CommitTable implements ReadonlyMap<string, CommitRecord> {
  constructor(private readonly commits: readonly CommitRecord[], private readonly indexOf: ReadonlyMap<string, number>) {}
  get size(): number {
    return this.commits.length;
  }
  get(sha: string): CommitRecord | undefined {
    const i = this.indexOf.get(sha);
    return i === undefined ? undefined : this.commits[i];
  }
  has(sha: string): boolean {
    return this.indexOf.has(sha);
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

function isDefaultName(name: string, defaultBranch: string | null): boolean {
  if (!defaultBranch) return false;
  const d = defaultBranch.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\/[^/]+\//, '');
  return name === d;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** Collects unknown goal ids so that 500 commits naming one typo give one problem, not 500. */
class UnknownGoals {
  private readonly seen = new Map<string, { source: string; where: string[]; count: number }>();

  note(goalId: string, source: LinkSource, where: string): void {
    const key = `${goalId}\u0000${source}`;
    const e = this.seen.get(key) ?? { source, where: [], count: 0 };
    e.count++;
    if (e.where.length < 3) e.where.push(source === 'branch' ? where : short(where));
    this.seen.set(key, e);
  }

  problems(): Problem[] {
    return [...this.seen.entries()].map(([key, e]) => {
      const goalId = key.split('\u0000')[0];
      const what = e.source === 'branch' ? `branch ${e.where.join(', ')}` : `${e.count} commit${e.count === 1 ? '' : 's'} (${e.where.join(', ')}${e.count > 3 ? ', ...' : ''})`;
      return {
        file: e.source === 'branch' ? 'git config' : 'git history',
        line: 1,
        column: 1,
        severity: 'warning' as const,
        code: 'unknown-goal',
        message: `unknown goal '${goalId}' named by ${e.source} in ${what}`,
      };
    });
  }
}
