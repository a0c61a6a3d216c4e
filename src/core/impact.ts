// Impact of a file or folder: the goals it serves by declaration (paths globs) and by history (the goals of the
// commits that changed it). The git layer finds the commits; this module only counts.
import { matchGlob } from './glob';
import { isMerge, type GoalIndex } from './goalIndex';

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
      if (safeMatch(glob, p) || (isFolder && folderHolds(glob, p))) {
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
    for (const goalId of new Set(links.map((l) => l.goalId))) {
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

function safeMatch(glob: string, text: string): boolean {
  try {
    return matchGlob(glob, text);
  } catch {
    return false;
  }
}

/** True when a folder contains code the glob covers: the glob's literal prefix lies inside the folder. */
function folderHolds(glob: string, folder: string): boolean {
  if (folder === '' || folder === '.') return true;
  const literal = glob.split(/[*?[{]/)[0];
  return literal.startsWith(folder + '/') || safeMatch(glob, folder + '/x');
}
