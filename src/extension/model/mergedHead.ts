// The checked-out branch when it is an old one, already merged into the default branch: its own commits reach the
// default branch through a merge there, so on the default branch they serve the branch's goal "via merge", while
// here (the merge is not in HEAD's history) they read as untagged. The view names this, and accepting a
// suggestion never writes a note for a goal such a commit already serves on the default branch.
import { defaultBranchShortName } from '../../core/index/branchNames';
import { indexedBranchGoals, type GoalIndex } from '../../core/index/goalIndex';
import { branchOfHeadRef } from '../../core/links/linkRules';
import type { GitRepo } from '../../git/repo';

export interface MergedHead {
  /** The checked-out branch and the default branch it was merged into (short names). */
  readonly branch: string;
  readonly into: string;
  /** The merge on the default branch's first-parent line that brought HEAD. */
  readonly merge: string;
  /** Commits that merge brought (reachable from its second parent, not its first). */
  readonly brought: ReadonlySet<string>;
  /** What it was computed from: HEAD and the default branch's tip. */
  readonly key: string;
}

/** Whether HEAD is a branch merged into the default branch, and by which merge; undefined otherwise. */
export async function mergedHeadOf(repo: GitRepo, index: GoalIndex, previous?: MergedHead): Promise<MergedHead | undefined> {
  const branch = branchOfHeadRef(index.headRef);
  const into = defaultBranchShortName(index.defaultBranch);
  const tip = index.refs.find((r) => r.name === index.defaultBranch || r.short === into)?.sha;
  if (!branch || !into || branch === into || !index.head || !tip || tip === index.head) return undefined;
  const key = `${index.head} ${tip}`;
  if (previous?.key === key) return previous;
  if (!(await repo.mergeBases(index.head, tip)).includes(index.head)) return undefined; // not on the default branch
  // The default branch's first-parent commits that descend from HEAD, oldest first: the oldest is the merge that
  // brought HEAD, unless HEAD is on that line itself (a branch made there and never committed to).
  const merge = (await repo.revList([tip], [index.head], { firstParent: true, ancestryPath: true, reverse: true })).at(0);
  if (!merge) return undefined;
  const brought = await repo.revList([`${merge}^2`], [`${merge}^1`]).catch(() => [] as string[]); // no ^2: not a merge
  return brought.includes(index.head) ? { branch, into, merge, brought: new Set(brought), key } : undefined;
}

/** Whether tagging `sha` with `goalId` would repeat what the default branch already says through the merge. */
export function servesViaMerge(merged: MergedHead | undefined, index: GoalIndex | undefined, sha: string, goalId: string): boolean {
  if (!merged || !index || !merged.brought.has(sha)) return false;
  return indexedBranchGoals(index, merged.branch).some((b) => b.goalId === goalId);
}
