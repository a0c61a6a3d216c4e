// The Goal Lens commands. Each accepts optional arguments (a goal id, a commit sha, or the tree node it was
// invoked on) so that menus, keybindings and tests can skip the quick picks.
import * as vscode from 'vscode';
import { indexedBranchGoals } from '../core/index/goalIndex';
import { STARTER_GOALS_YAML } from '../core/goals/goalsFile';
import { branchOfHeadRef } from '../core/links/linkRules';
import type { Goal, Link } from '../core/types';
import { installHook } from '../git/hook';
import { commitUri } from './commitDocument';
import { addTrailer } from './views/figures';
import { gitApiRepository, getGitApi } from './model/gitApi';
import { pickCommit, pickGoal, pickRepository } from './goalPicker';
import { pickerSuggestions } from './triage';
import { CommitNode, GoalNode, type GoalsTreeProvider } from './views/goalsTree';
import type { GoalLensModel, RepoState } from './model/model';
import { readSettings, type TimeWindow } from './settings';
import { path, writeNewFile } from './nodeAdapter';

type GoalArg = string | GoalNode | undefined;
type CommitArg = string | CommitNode | undefined;

export interface Explanation {
  sha: string;
  subject: string;
  links: Link[];
}

function rootOf(arg: unknown): string | undefined {
  return arg instanceof GoalNode || arg instanceof CommitNode ? arg.root : undefined;
}

async function goalFrom(state: RepoState, arg: GoalArg, placeHolder: string, target?: { sha: string }): Promise<Goal | undefined> {
  if (arg instanceof GoalNode) return arg.goal;
  if (typeof arg === 'string') {
    const goal = state.index?.goals.get(arg);
    if (!goal) void vscode.window.showErrorMessage(`Goal Lens: no goal '${arg}' in ${path.basename(state.goalsPath)}.`);
    return goal;
  }
  return pickGoal(state, placeHolder, target);
}

/**
 * How commands learn whether the workspace is trusted and how they say no. Replaceable so that tests can check
 * the refusals: the VS Code test harness runs with workspace trust disabled, so isTrusted is always true there.
 */
export const workspaceTrust = {
  isTrusted: (): boolean => vscode.workspace.isTrusted,
  refuse: (message: string): void => void vscode.window.showWarningMessage(message),
};

/** False (after a clear warning) when the workspace is untrusted: every command that writes calls this first. */
export function requireTrust(what: string): boolean {
  if (workspaceTrust.isTrusted()) return true;
  workspaceTrust.refuse(`Goal Lens: ${what} is disabled in an untrusted workspace.`);
  return false;
}

function noRepository(): undefined {
  void vscode.window.showWarningMessage('Goal Lens: open a git repository with a goals.yaml first.');
  return undefined;
}

export function registerCommands(model: GoalLensModel, tree: GoalsTreeProvider): vscode.Disposable[] {
  // A command that fails says what went wrong in Goal Lens's words (git's own message included), instead of
  // VS Code's generic "running the contributed command failed".
  const reg = (id: string, fn: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        void vscode.window.showErrorMessage(`Goal Lens: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    });
  const withRepo = async (arg: unknown): Promise<RepoState | undefined> => (await pickRepository(model, rootOf(arg))) ?? noRepository();

  return [
    reg('goalLens.refresh', () => model.refresh()),

    reg('goalLens.linkBranch', async (arg: GoalArg) => {
      if (!requireTrust('Linking a branch')) return undefined;
      const state = await withRepo(arg);
      if (!state) return undefined;
      const branch = await state.repo.currentBranch();
      if (!branch) return void vscode.window.showWarningMessage('Goal Lens: HEAD is detached; check out a branch to link it to a goal.');
      const goal = await goalFrom(state, arg, `Goal that branch ${branch} serves`);
      if (!goal) return undefined;
      await state.repo.setBranchGoal(branch, goal.id);
      await model.refresh(state.root);
      void vscode.window.showInformationMessage(`Goal Lens: branch ${branch} now serves ${goal.id} (git config branch.${branch}.goal).`);
      return goal.id;
    }),

    reg('goalLens.addTrailer', async (arg: GoalArg) => {
      const state = await withRepo(arg);
      if (!state?.index) return undefined;
      const goal = await goalFrom(state, arg, 'Goal to name in the commit message');
      if (!goal) return undefined;
      const key = state.index.goalsFile.trailer;
      const scm = gitApiRepository(await getGitApi(), state.root);
      if (!scm) {
        await vscode.env.clipboard.writeText(`${key}: ${goal.id}`);
        void vscode.window.showInformationMessage(`Goal Lens: the git extension is not available; "${key}: ${goal.id}" was copied to the clipboard.`);
        return undefined;
      }
      scm.inputBox.value = addTrailer(scm.inputBox.value, key, goal.id);
      void vscode.commands.executeCommand('workbench.view.scm');
      return scm.inputBox.value;
    }),

    reg('goalLens.tagCommit', async (commitArg: CommitArg, goalArg: GoalArg) => {
      if (!requireTrust('Tagging a commit')) return undefined;
      const state = await withRepo(commitArg);
      if (!state?.index) return undefined;
      const sha = commitArg instanceof CommitNode ? commitArg.commit.sha : typeof commitArg === 'string' ? commitArg : (await pickCommit(state, 'Commit to tag with a goal'))?.sha;
      if (!sha) return undefined;
      const subject = state.index.bySha.get(sha)?.subject;
      const goal = await goalFrom(state, goalArg, `Goal that ${sha.slice(0, 8)}${subject ? ` "${subject}"` : ''} serves`, { sha });
      if (!goal) return undefined;
      const { sha: full, added } = await state.repo.addNoteGoal(sha, goal.id, state.index.goalsFile.trailer);
      await model.refresh(state.root);
      void vscode.window.showInformationMessage(
        added ? `Goal Lens: ${full.slice(0, 8)} now serves ${goal.id} (note under refs/notes/goals).` : `Goal Lens: ${full.slice(0, 8)} already serves ${goal.id}.`,
      );
      return full;
    }),

    reg('goalLens.explainCommit', async (arg: CommitArg, options?: { quiet?: boolean }) => {
      const state = await withRepo(arg);
      if (!state?.index) return undefined;
      const index = state.index;
      let sha = arg instanceof CommitNode ? arg.commit.sha : typeof arg === 'string' ? arg : (await pickCommit(state, 'Commit to explain'))?.sha;
      if (!sha) return undefined;
      sha = await state.repo.resolveCommit(sha);
      const commit = index.bySha.get(sha);
      const links = [...(index.links.get(sha) ?? [])];
      const explanation: Explanation = { sha, subject: commit?.subject ?? '', links };
      if (!options?.quiet) {
        const lines = !commit
          ? ['This commit is not in the indexed history (see the goalLens.scope setting).']
          : links.length
            ? links.map((l) => `• ${index.goals.get(l.goalId)?.title ?? l.goalId} (${l.goalId}): ${l.detail}`)
            : [
                'Untagged: no trailer, note, issue key, branch or merge links it to a goal.',
                ...(await pickerSuggestions(state, { sha })).map((s) => `Suggested: ${s.goal.title} (${s.goal.id}), ${s.why}`),
              ];
        void vscode.window.showInformationMessage(`${sha.slice(0, 8)} ${commit?.subject ?? ''}`, { modal: true, detail: lines.join('\n') });
      }
      return explanation;
    }),

    reg('goalLens.revealGoal', async (arg: GoalArg) => {
      const state = await withRepo(arg);
      if (!state) return undefined;
      const goal = await goalFrom(state, arg, 'Goal to show in goals.yaml');
      if (!goal) return undefined;
      const pos = new vscode.Position(Math.max(0, goal.line - 1), Math.max(0, goal.column - 1));
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(state.goalsPath), { selection: new vscode.Range(pos, pos) });
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return editor;
    }),

    reg('goalLens.copyGoalId', async (arg: GoalArg) => {
      const state = await withRepo(arg);
      if (!state) return undefined;
      const goal = await goalFrom(state, arg, 'Goal id to copy');
      if (!goal) return undefined;
      await vscode.env.clipboard.writeText(goal.id);
      vscode.window.setStatusBarMessage(`Goal Lens: copied ${goal.id}`, 3000);
      return goal.id;
    }),

    reg('goalLens.installHook', async () => {
      if (!requireTrust('Installing the commit hook')) return undefined;
      const state = await withRepo(undefined);
      if (!state) return undefined;
      const result = await installHook(state.repo, { trailerKey: state.index?.goalsFile.trailer ?? 'Goal' });
      void vscode.window.showInformationMessage(
        `Goal Lens: installed ${result.path}: commits on a linked branch get its goal trailer.${result.keptExisting ? ' The hook that was there is kept and still runs first.' : ''}`,
      );
      return result.path;
    }),

    reg('goalLens.createGoalsFile', async (root?: string) => {
      if (!requireTrust('Creating goals.yaml')) return undefined;
      const candidates = model.repositoriesWithoutGoals;
      let repo = typeof root === 'string' ? candidates.find((r) => r.root === root) : candidates[0];
      if (!root && candidates.length > 1) {
        const picked = await vscode.window.showQuickPick(candidates.map((r) => ({ label: path.basename(r.root), description: r.root, repo: r })), { placeHolder: 'Repository' });
        repo = picked?.repo;
      }
      if (!repo) return void vscode.window.showInformationMessage('Goal Lens: every repository of the workspace already has a goals file.');
      const file = path.resolve(repo.root, readSettings(vscode.Uri.file(repo.root)).goalsFile);
      await writeNewFile(file, STARTER_GOALS_YAML); // never overwrites
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      await model.refresh();
      return file;
    }),

    reg('goalLens.onlyMine', () => tree.setFilters({ onlyMine: true })),
    reg('goalLens.everyone', () => tree.setFilters({ onlyMine: false })),
    reg('goalLens.showClosed', () => tree.setFilters({ showClosed: true })),
    reg('goalLens.hideClosed', () => tree.setFilters({ showClosed: false })),
    reg('goalLens.setTimeWindow', async (arg?: TimeWindow) => {
      const options: { label: string; value: TimeWindow }[] = [
        { label: 'Last 7 days', value: '7' },
        { label: 'Last 30 days', value: '30' },
        { label: 'Last 90 days', value: '90' },
        { label: 'All history', value: 'all' },
      ];
      const value = arg ?? (await vscode.window.showQuickPick(options.map((o) => ({ ...o, picked: o.value === tree.filters.timeWindow })), { placeHolder: 'Time window of the Goals view' }))?.value;
      if (value) await tree.setFilters({ timeWindow: value });
      return value;
    }),

    reg('goalLens.openCommit', async (arg: CommitNode | { root: string; sha: string; subject?: string }) => {
      const { root, sha, subject } = arg instanceof CommitNode ? { root: arg.root, sha: arg.commit.sha, subject: arg.commit.subject } : arg;
      const doc = await vscode.workspace.openTextDocument(commitUri(root, sha, subject ?? ''));
      await vscode.languages.setTextDocumentLanguage(doc, 'diff');
      return vscode.window.showTextDocument(doc, { preview: true });
    }),
  ];
}

/** The checked-out branch and the goals it serves, as the index recorded them (see `indexedBranchGoals`). */
export async function checkedOutBranchGoals(state: RepoState): Promise<{ branch: string | null; goals: Goal[] }> {
  const index = state.index;
  if (!index) return { branch: null, goals: [] };
  const branch = branchOfHeadRef(index.headRef);
  if (!branch) return { branch, goals: [] };
  const links = indexedBranchGoals(index, branch);
  const goals = links.map((b) => index.goals.get(b.goalId)).filter((g): g is Goal => !!g);
  return { branch, goals: [...new Set(goals)] };
}
