// The GoalIndex: every commit's links to goals, every branch's goals, built once from a RepoSnapshot and the
// parsed goals.yaml. Views and reports only read it.
import { CommitGraph } from './graph';
import { goalsOfBranch, KeyMatcher, mergedBranchName, parseNoteGoals, splitGoalIds } from './linkRules';
import type { BranchLink, CommitRecord, Goal, GoalsFile, Link, LinkSource, Problem, RefInfo, RepoSnapshot } from './types';

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
  /** Problems of goals.yaml, then those found in the history (unknown goal ids). */
  readonly problems: readonly Problem[];
}

export function isMerge(c: CommitRecord): boolean {
  return c.parents.length > 1;
}

const SOURCE_ORDER: Record<LinkSource, number> = { trailer: 0, note: 1, key: 2, branch: 3, merge: 4 };

/** Builds the index. Pure and deterministic: the same inputs give the same index. */
export function buildIndex(goalsFile: GoalsFile, snapshot: RepoSnapshot): GoalIndex {
  const goals = new Map<string, Goal>();
  for (const g of goalsFile.goals) if (!goals.has(g.id)) goals.set(g.id, g);
  const children = goalChildren(goalsFile.goals, goals);

  const graph = new CommitGraph(snapshot.commits);
  const links = new Map<string, Link[]>();
  const unknown = new UnknownGoals();

  const add = (sha: string, link: Link): void => {
    const list = links.get(sha);
    if (!list) links.set(sha, [link]);
    else if (!list.some((l) => l.goalId === link.goalId && l.source === link.source)) list.push(link);
  };
  const addChecked = (c: CommitRecord, goalId: string, source: LinkSource, detail: string): boolean => {
    if (!goals.has(goalId)) {
      unknown.note(goalId, source, c.sha);
      return false;
    }
    add(c.sha, { goalId, source, detail });
    return true;
  };

  // 1-3: what each commit says of itself.
  const keys = new KeyMatcher(goalsFile.goals);
  const trailerKey = goalsFile.trailer;
  for (const c of snapshot.commits) {
    for (const id of splitGoalIds(c.trailers)) addChecked(c, id, 'trailer', `via ${trailerKey} trailer`);
    const note = snapshot.notes.get(c.sha);
    if (note) for (const id of parseNoteGoals(note, trailerKey)) addChecked(c, id, 'note', 'via note (refs/notes/goals)');
    if (!keys.empty && c.issueKeys.length) {
      for (const m of keys.match(c.issueKeys)) add(c.sha, { goalId: m.goalId, source: 'key', detail: `via issue key ${m.key}` });
    }
  }

  // 4: branches not yet on the default branch.
  const defaultRef = snapshot.refs.find((r) => r.name === snapshot.defaultBranch);
  const defaultTip = defaultRef?.sha;
  // One pass over the default branch's first-parent history answers "not yet on the default branch" for every
  // branch and "brought in by this merge" for every merge on it; other merges fall back to a walk each.
  const mainTip = defaultTip !== undefined && graph.index(defaultTip) !== undefined ? defaultTip : snapshot.head;
  const main = mainTip ? graph.mainline(mainTip) : null;
  const reachDefault = main && mainTip === defaultTip ? main.reach : null;
  const branches: BranchLink[] = [];
  const branchRefs = snapshot.refs.filter((r) => r.kind !== 'tag' && r.name !== snapshot.defaultBranch);
  for (const ref of branchRefs) {
    const name = ref.kind === 'remote' ? withoutRemote(ref.short) : ref.short;
    if (isDefaultName(name, snapshot.defaultBranch)) continue;
    const branchGoals = goalsOfBranch(name, goalsFile.goals, snapshot.branchConfig.get(name));
    if (branchGoals.length === 0) continue;
    const inGraph = graph.index(ref.sha) !== undefined;
    const ahead = !inGraph ? [] : reachDefault ? graph.outside(ref.sha, reachDefault) : graph.exclusive([ref.sha], defaultTip ? [defaultTip] : []);
    for (const bg of branchGoals) {
      if (!goals.has(bg.goalId)) {
        unknown.note(bg.goalId, 'branch', ref.short);
        continue;
      }
      branches.push({ branch: ref.short, goalId: bg.goalId, source: bg.source, detail: bg.detail, commitsAhead: inGraph ? ahead.length : null });
      for (const i of ahead) add(snapshot.commits[i].sha, { goalId: bg.goalId, source: 'branch', detail: `via branch ${ref.short}` });
    }
  }

  // 5: commits a merge brought in serve the merge's own goals and those of the branch its message names.
  for (const m of snapshot.commits) {
    if (!isMerge(m)) continue;
    const mergeGoals = new Map<string, string>();
    for (const l of links.get(m.sha) ?? []) {
      if (l.source !== 'branch' && l.source !== 'merge') mergeGoals.set(l.goalId, `via merge ${short(m.sha)}`);
    }
    const named = mergedBranchName(m.subject);
    if (named && !isDefaultName(named, snapshot.defaultBranch)) {
      for (const bg of goalsOfBranch(named, goalsFile.goals, snapshot.branchConfig.get(named))) {
        if (goals.has(bg.goalId) && !mergeGoals.has(bg.goalId)) mergeGoals.set(bg.goalId, `via merge of ${named}`);
      }
    }
    if (mergeGoals.size === 0) continue;
    const at = graph.index(m.sha);
    const brought = (at !== undefined && main?.brought.get(at)) || graph.exclusive(m.parents.slice(1), [m.parents[0]]);
    for (const i of brought) {
      const sha = snapshot.commits[i].sha;
      for (const [goalId, detail] of mergeGoals) add(sha, { goalId, source: 'merge', detail });
    }
  }

  for (const list of links.values()) list.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);

  const untagged = snapshot.commits.filter((c) => !isMerge(c) && !links.has(c.sha));
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
    commits: snapshot.commits,
    bySha: new Map(snapshot.commits.map((c) => [c.sha, c])),
    links,
    untagged,
    branches,
    problems: [...goalsFile.problems, ...unknown.problems()],
  };
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

/** Goals a branch serves in this index (by short name). */
export function goalsForBranch(index: GoalIndex, branch: string): BranchLink[] {
  const found = index.branches.filter((b) => b.branch === branch);
  if (found.length) return found;
  // A branch with no commits ahead (or not indexed) still has its goals.
  return goalsOfBranch(branch, index.goalsFile.goals, undefined)
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
