// Impact of a file or folder: the goals it serves by declaration (paths globs) and by history (the goals of the
// commits that changed it). The git layer finds the commits; this module only counts.
import { matchGlob } from '../links/glob';
import { goalIdsOf } from '../links/linkRules';
import { isMerge, type GoalIndex } from '../index/goalIndex';
import { isUnder } from './paths';
import type { Dependent, DependentFolder } from './deps/graph';

export interface DeclaredImpact {
  goalId: string;
  glob: string;
}

export interface HistoryImpact {
  goalId: string;
  commits: number;
  authors: number;
  lastCommitAt: number;
  /** Share of the path's non-merge commits. */
  share: number;
}

export interface PathImpact {
  path: string;
  declared: DeclaredImpact[];
  history: HistoryImpact[];
  commits: number;
  untagged: number;
}

/** Goals whose `paths` globs cover `path` (a file, or a folder that holds covered code). */
export function declaredGoals(index: GoalIndex, path: string, isFolder: boolean): DeclaredImpact[] {
  const p = path.replace(/\\/g, '/').replace(/^\.\/|\/$/g, '');
  const out: DeclaredImpact[] = [];
  for (const goal of index.goalsFile.goals) {
    for (const glob of goal.paths) {
      if (matchGlob(glob, p) || (isFolder && folderHolds(glob, p))) {
        out.push({ goalId: goal.id, glob });
        break;
      }
    }
  }
  return out;
}

/** Counts the goals of the commits (by sha) that changed a path. Unknown shas (outside the index) are skipped. */
export function historyImpact(index: GoalIndex, shas: readonly string[]): { history: HistoryImpact[]; commits: number; untagged: number } {
  const per = new Map<string, { commits: number; authors: Set<string>; last: number }>();
  let commits = 0;
  let untagged = 0;
  for (const sha of shas) {
    const c = index.bySha.get(sha);
    if (!c || isMerge(c)) continue;
    commits++;
    const links = index.links.get(sha);
    if (!links?.length) {
      untagged++;
      continue;
    }
    for (const goalId of goalIdsOf(links)) {
      const e = per.get(goalId) ?? { commits: 0, authors: new Set<string>(), last: 0 };
      e.commits++;
      e.authors.add(c.email || c.author);
      e.last = Math.max(e.last, c.time);
      per.set(goalId, e);
    }
  }
  const history = [...per.entries()]
    .map(([goalId, e]) => ({ goalId, commits: e.commits, authors: e.authors.size, lastCommitAt: e.last, share: commits ? e.commits / commits : 0 }))
    .sort((a, b) => b.commits - a.commits || a.goalId.localeCompare(b.goalId));
  return { history, commits, untagged };
}

export function pathImpact(index: GoalIndex, path: string, isFolder: boolean, shas: readonly string[]): PathImpact {
  return { path, declared: declaredGoals(index, path, isFolder), ...historyImpact(index, shas) };
}

/** True when a folder contains code the glob covers: the glob's literal prefix lies inside the folder. */
function folderHolds(glob: string, folder: string): boolean {
  if (folder === '' || folder === '.') return true;
  const literal = glob.split(/[*?[{]/)[0];
  return literal.startsWith(folder + '/') || matchGlob(glob, folder + '/x');
}

// ---------------------------------------------------------------- through dependents (every hop)

export interface IndirectImpact {
  goalId: string;
  /** Tagged commits that changed a dependent (and not the path itself) and serve this goal. */
  commits: number;
  authors: number;
  lastCommitAt: number;
  /** The nearest dependent whose commits carry this goal (1: it depends on the path itself). */
  distance: number;
  /** Dependents (repository paths) whose commits carry this goal, nearest first. */
  via: string[];
}

export interface ImporterCommits {
  /** Repository path of a file that depends on the target. */
  path: string;
  /** Its distance from the target (1 when left out). */
  distance?: number;
  /** Commits that changed it. */
  shas: readonly string[];
}

/**
 * Goals of the tagged commits that changed files which depend on the path, through every hop, nearest first.
 * A commit that also changed the path itself is already counted in its history, so it is left out here; a
 * commit that changed several dependents counts once per goal.
 */
export function indirectImpact(index: GoalIndex, importers: readonly ImporterCommits[], directShas: readonly string[] = []): IndirectImpact[] {
  const direct = new Set(directShas);
  const per = new Map<string, { shas: Set<string>; authors: Set<string>; last: number; via: Map<string, number> }>();
  for (const imp of importers) {
    const distance = imp.distance ?? 1;
    for (const sha of imp.shas) {
      if (direct.has(sha)) continue;
      const c = index.bySha.get(sha);
      if (!c || isMerge(c)) continue;
      const links = index.links.get(sha);
      if (!links?.length) continue;
      for (const goalId of goalIdsOf(links)) {
        const e = per.get(goalId) ?? { shas: new Set<string>(), authors: new Set<string>(), last: 0, via: new Map<string, number>() };
        e.shas.add(sha);
        e.authors.add(c.email || c.author);
        e.last = Math.max(e.last, c.time);
        e.via.set(imp.path, distance);
        per.set(goalId, e);
      }
    }
  }
  return [...per.entries()]
    .map(([goalId, e]) => {
      const via = [...e.via.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
      return { goalId, commits: e.shas.size, authors: e.authors.size, lastCommitAt: e.last, distance: via[0][1], via: via.map(([p]) => p) };
    })
    .sort((a, b) => a.distance - b.distance || b.commits - a.commits || a.goalId.localeCompare(b.goalId));
}

// ---------------------------------------------------------------- owners (CODEOWNERS roll-up)

/** Owner name used for files that no CODEOWNERS rule owns. */
export const UNOWNED = '(no owner)';

export interface OwnerGoalShare {
  goalId: string;
  /** Commits of the owner's files that serve the goal (a commit serving two goals counts in both). */
  commits: number;
  /** The goal's part of the owner's commits: a commit serving k goals adds 1/k, so shares sum to 1 with `untaggedShare`. */
  share: number;
}

export interface OwnerImpact {
  owner: string;
  /** Files of this owner touched by the counted commits. */
  files: number;
  /** Non-merge commits that changed at least one of the owner's files. */
  commits: number;
  untagged: number;
  untaggedShare: number;
  goals: OwnerGoalShare[];
}

export interface OwnerRollupOptions {
  /** Only count these files (e.g. the files under a folder). Default: every file. */
  include?: (file: string) => boolean;
}

/**
 * Per owner (team), how the commits that changed the owner's files split over goals, untagged included.
 * `commitFiles` maps each commit to the files it changed; `ownersOf` gives a file's owners (from CODEOWNERS).
 * A file with several owners counts for each of them; a file with none counts for {@link UNOWNED}.
 * Each commit counts once per owner, however many of the owner's files it changed. Only non-merge commits of
 * the index count. Owners are sorted by commits, then name; goals by share, then id.
 */
export function ownerRollup(
  index: GoalIndex,
  commitFiles: ReadonlyMap<string, readonly string[]>,
  ownersOf: (file: string) => readonly string[],
  options: OwnerRollupOptions = {},
): OwnerImpact[] {
  const per = new Map<string, { files: Set<string>; commits: number; untagged: number; goals: Map<string, { commits: number; weight: number }> }>();
  for (const [sha, files] of commitFiles) {
    const c = index.bySha.get(sha);
    if (!c || isMerge(c)) continue;
    const owners = new Set<string>();
    const ownerFiles = new Map<string, string[]>();
    for (const f of files) {
      if (options.include && !options.include(f)) continue;
      const os = ownersOf(f);
      for (const o of os.length ? os : [UNOWNED]) {
        owners.add(o);
        const list = ownerFiles.get(o);
        if (list) list.push(f);
        else ownerFiles.set(o, [f]);
      }
    }
    if (owners.size === 0) continue;
    const goalIds = goalIdsOf(index.links.get(sha));
    for (const o of owners) {
      const e = per.get(o) ?? { files: new Set<string>(), commits: 0, untagged: 0, goals: new Map<string, { commits: number; weight: number }>() };
      e.commits++;
      for (const f of ownerFiles.get(o) ?? []) e.files.add(f);
      if (goalIds.length === 0) e.untagged++;
      for (const g of goalIds) {
        const ge = e.goals.get(g) ?? { commits: 0, weight: 0 };
        ge.commits++;
        ge.weight += 1 / goalIds.length;
        e.goals.set(g, ge);
      }
      per.set(o, e);
    }
  }
  return [...per.entries()]
    .map(([owner, e]) => ({
      owner,
      files: e.files.size,
      commits: e.commits,
      untagged: e.untagged,
      untaggedShare: e.commits ? e.untagged / e.commits : 0,
      goals: [...e.goals.entries()]
        .map(([goalId, g]) => ({ goalId, commits: g.commits, share: e.commits ? g.weight / e.commits : 0 }))
        .sort((a, b) => b.share - a.share || a.goalId.localeCompare(b.goalId)),
    }))
    .sort((a, b) => b.commits - a.commits || a.owner.localeCompare(b.owner));
}

/** "@acme/platform served checkout-conversion 40.0%, payments 30.0%, untagged 30.0%". */
export function ownerSummary(o: OwnerImpact): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const parts = o.goals.map((g) => `${g.goalId} ${pct(g.share)}`);
  if (o.untagged || parts.length === 0) parts.push(`untagged ${pct(o.untaggedShare)}`);
  return `${o.owner} served ${parts.join(', ')}`;
}

export { isUnder };

// ---------------------------------------------------------------- everything about one path, and its renderings

export interface FullImpact extends PathImpact {
  isFolder: boolean;
  /** Files that depend on the path directly (for a folder: files outside it that depend on a file inside it). */
  importers: string[];
  /** Every file that depends on the path, through every hop, nearest first, with the chain that leads there. */
  dependents: Dependent[];
  /** The same dependents by folder (package). */
  dependentFolders: DependentFolder[];
  indirect: IndirectImpact[];
  /** Owners of the path from CODEOWNERS (for a folder: the owners of the tracked files under it, most files first). */
  owners: string[];
  /** Per owner of the path's files, the split of the commits that changed them. */
  ownerRollup: OwnerImpact[];
  /** Repository path of the CODEOWNERS file read, or null when there is none. */
  codeownersPath: string | null;
}
