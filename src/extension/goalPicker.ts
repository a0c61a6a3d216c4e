// Quick picks: a repository, a goal (suggested ones first), a recent commit.
import { path } from './nodeAdapter';
import * as vscode from 'vscode';
import { ago } from '../core/dates';
import { indexedBranchGoals, isMerge } from '../core/index/goalIndex';
import { branchOfHeadRef } from '../core/links/linkRules';
import type { CommitRecord, Goal } from '../core/types';
import { computeFigures } from '../core/index/figures';
import { pickerSuggestions } from './triage';
import { gitApiRepository, getGitApi } from './model/gitApi';
import type { GoalLensModel, RepoState } from './model/model';
import { plural } from '../core/reports/formats';

/** The repository a command acts on: the active editor's, the only one, or one the user picks. */
export async function pickRepository(model: GoalLensModel, root?: string): Promise<RepoState | undefined> {
  const repos = model.repositories;
  if (root) return repos.find((r) => r.root === root);
  if (repos.length <= 1) return repos[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const byEditor = active ? model.repositoryFor(active) : undefined;
  if (byEditor) return byEditor;
  const picked = await vscode.window.showQuickPick(
    repos.map((r) => ({ label: path.basename(r.root), description: r.root, state: r })),
    { placeHolder: 'Repository' },
  );
  return picked?.state;
}

interface GoalItem extends vscode.QuickPickItem {
  goal?: Goal;
}

/** Changed files of the repository (working tree and index), relative to its root, from the git extension. */
async function changedPaths(root: string): Promise<string[]> {
  const r = gitApiRepository(await getGitApi(), root);
  if (!r) return [];
  return [...r.state.workingTreeChanges, ...r.state.indexChanges].map((c) => path.relative(root, c.uri.fsPath).split(path.sep).join('/'));
}

/**
 * The goal picker: title, id, owner, status and activity. Suggested goals first: for a commit, its suggestions
 * (src/core/suggest, as in the triage of untagged work); for work being committed, the branch's goals, then the
 * suggestions for the changed files.
 */
export async function pickGoal(state: RepoState, placeHolder: string, target?: { sha: string }): Promise<Goal | undefined> {
  const index = state.index;
  if (!index || index.goals.size === 0) {
    void vscode.window.showWarningMessage('Goal Lens: goals.yaml has no goals yet.');
    return undefined;
  }
  const now = new Date();
  const figures = computeFigures(index, { now, staleAfterDays: 30 });
  const branch = branchOfHeadRef(index.headRef);
  const suggestions: { goal: Goal; why: string }[] = [];
  if (!target && branch) {
    for (const b of indexedBranchGoals(index, branch)) {
      const goal = index.goals.get(b.goalId);
      if (goal) suggestions.push({ goal, why: `branch ${branch} serves it` });
    }
  }
  const open = (g: Goal) => target !== undefined || (g.status !== 'achieved' && g.status !== 'dropped');
  for (const s of await pickerSuggestions(state, target ?? { files: await changedPaths(state.root) })) {
    if (open(s.goal) && !suggestions.some((x) => x.goal.id === s.goal.id)) suggestions.push(s);
  }
  const item = (goal: Goal, why?: string): GoalItem => {
    const fig = figures.byId.get(goal.id);
    const activity = fig && fig.totalCommits && fig.lastAt !== null ? `${plural(fig.totalCommits, 'commit')}, last ${ago(fig.lastAt, now)}` : 'no commits yet';
    return {
      label: goal.title,
      description: goal.id,
      detail: [goal.owner, goal.status, activity, why ? `suggested: ${why}` : undefined].filter(Boolean).join(' · '),
      goal,
    };
  };
  const suggestedIds = new Set(suggestions.map((s) => s.goal.id));
  const rest = [...index.goals.values()].filter((g) => !suggestedIds.has(g.id));
  const order = (g: Goal) => (g.status === 'achieved' || g.status === 'dropped' ? 1 : 0);
  rest.sort((a, b) => order(a) - order(b));
  const items: GoalItem[] = [];
  if (suggestions.length) {
    items.push({ label: 'Suggested', kind: vscode.QuickPickItemKind.Separator });
    items.push(...suggestions.map((s) => item(s.goal, s.why)));
    items.push({ label: 'All goals', kind: vscode.QuickPickItemKind.Separator });
  }
  items.push(...rest.map((g) => item(g)));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.goal;
}

interface CommitItem extends vscode.QuickPickItem {
  commit: CommitRecord;
}

/** A recent non-merge commit of the repository, with the goals it already serves. */
export async function pickCommit(state: RepoState, placeHolder: string): Promise<CommitRecord | undefined> {
  const index = state.index;
  if (!index) return undefined;
  const now = new Date();
  const items: CommitItem[] = index.commits
    .filter((c) => !isMerge(c))
    .slice(0, 200)
    .map((c) => {
      const goals = [...new Set((index.links.get(c.sha) ?? []).map((l) => l.goalId))];
      return {
        label: c.subject || c.sha.slice(0, 8),
        description: `${c.sha.slice(0, 8)} · ${c.author} · ${ago(c.time, now)}`,
        detail: goals.length ? `serves ${goals.join(', ')}` : 'untagged',
        commit: c,
      };
    });
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked?.commit;
}
