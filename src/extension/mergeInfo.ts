// A merge in the editor's pickers and in Explain Commit: merges count for no goal themselves (docs/DESIGN.md), but the
// commits a merge brought serve the merged branch's goal "via merge". Say so, and name what it brought.
import { isMerge, type GoalIndex } from '../core/index/goalIndex';
import { plural } from '../core/reports/formats';
import type { GitRepo } from '../git/repo';

export interface MergeInfo {
  /** Non-merge commits the merge brought (reachable from its other parents, not its first), newest first. */
  brought: { sha: string; subject: string; goals: string[] }[];
  /** Goal id -> how many of the brought commits serve it through a merge link. */
  viaMerge: Map<string, number>;
}

/** What a merge brought, or undefined for a commit that is not a merge the index holds. */
export async function mergeInfo(repo: GitRepo, index: GoalIndex, sha: string): Promise<MergeInfo | undefined> {
  const c = index.bySha.get(sha);
  if (!c || !isMerge(c)) return undefined;
  const shas = await repo.revList([c.sha], [c.parents[0]]);
  const info: MergeInfo = { brought: [], viaMerge: new Map() };
  for (const s of shas) {
    const b = index.bySha.get(s);
    if (!b || isMerge(b)) continue;
    const links = index.links.get(s) ?? [];
    const goals: string[] = [];
    for (const l of links) if (!goals.includes(l.goalId)) goals.push(l.goalId);
    info.brought.push({ sha: s, subject: b.subject, goals });
    for (const g of new Set(links.filter((l) => l.source === 'merge').map((l) => l.goalId))) info.viaMerge.set(g, (info.viaMerge.get(g) ?? 0) + 1);
  }
  return info;
}

/** "merge (not counted): brought 3 commits, serving checkout-conversion via this merge". */
export function mergeWords(info: MergeInfo): string {
  const goals = [...info.viaMerge.keys()];
  const served = goals.length ? `, serving ${goals.join(', ')} via this merge` : info.brought.length ? ', which it gave no goal' : '';
  return `merge (not counted): brought ${plural(info.brought.length, 'commit')}${served}`;
}
