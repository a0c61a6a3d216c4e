// The groups the branch signal learns from: the commits each merge of the main line brought in, and the commits
// of each other branch that are not on the main line. A commit belongs to the first group that claims it. Pure.
import { CommitGraph } from '../index/graph';
import { isMerge, type GoalIndex } from '../index/goalIndex';
import { mergedBranchName } from '../links/linkRules';

export interface BranchGroup {
  /** Shown in evidence: "merge 1a2b3c4 (feature/x)" or "branch feature/x". */
  label: string;
  /** Non-merge commits, by position in the index. */
  members: number[];
}

/** Groups of two or more non-merge commits, and the group of each member (by position in `index.commits`). */
export function branchGroups(index: GoalIndex, pos: ReadonlyMap<string, number>): { groups: BranchGroup[]; group: Map<number, number> } {
  const commits = index.commits;
  const groups: BranchGroup[] = [];
  const group = new Map<number, number>();
  const graph = new CommitGraph(commits, pos);
  const defaultTip = index.refs.find((r) => r.name === index.defaultBranch)?.sha;
  const tip = defaultTip !== undefined && graph.index(defaultTip) !== undefined ? defaultTip : index.head;
  const main = tip ? graph.mainline(tip) : null;
  if (!main) return { groups, group };
  const add = (label: string, members: number[]): void => {
    const own = members.filter((j) => !isMerge(commits[j]) && !group.has(j));
    if (own.length < 2) return;
    const gi = groups.length;
    groups.push({ label, members: own });
    for (const j of own) group.set(j, gi);
  };
  for (const [m, brought] of [...main.brought.entries()].sort((a, b) => a[0] - b[0])) {
    const merge = commits[m];
    const named = mergedBranchName(merge.subject);
    add(`merge ${merge.sha.slice(0, 7)}${named ? ` (${named})` : ''}`, brought);
  }
  const refs = index.refs.filter((r) => r.kind !== 'tag' && r.name !== index.defaultBranch).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const r of refs) add(`branch ${r.short}`, graph.outside(r.sha, main.reach));
  return { groups, group };
}
