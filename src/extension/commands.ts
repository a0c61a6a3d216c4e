// The Goal Lens commands. Each accepts optional arguments (a goal id, a commit sha, or the tree node it was
// invoked on) so that menus, keybindings and tests can skip the quick picks.
import * as vscode from 'vscode';
import { defaultBranchShortName } from '../core/index/branchNames';
import { indexedBranchGoals } from '../core/index/goalIndex';
import { STARTER_GOALS_YAML } from '../core/goals/goalsFile';
import { branchOfHeadRef, goalIdsOf } from '../core/links/linkRules';
import type { Goal, Link } from '../core/types';
import { installHook } from '../git/hook';
import { summaryOfRecord, type CommitSummary } from '../git/commitChanges';
import { commitUri } from './commitDocument';
import { addTrailer } from './views/figures';
import { gitApiRepository, getGitApi, type GitApi } from './model/gitApi';
import { branchWords, pickCommit, pickGoal, pickRepository, type BranchWork, type GoalPickOptions } from './goalPicker';
import { EXPLAIN_SCHEME, ExplainDocuments, explainMarkdown } from './explainDocument';
import { mergeInfo } from './mergeInfo';
import { changedFiles } from '../git/prData';
import { goalLocation } from './goalsLanguage';
import { WalkthroughContext } from './walkthroughState';
import { registerCommand } from './registerCommand';
import { pickerSuggestions } from './model/suggestions';
import { requireTrust } from './trust';
import { exportReport, exportWeeklyDigest, type ReportFormat } from './exports';
import { CommitNode, GoalNode, UntaggedCommitNode, type GoalsTreeProvider } from './views/goalsTree';
import type { GoalLensModel, RepoState } from './model/model';
import { readSettings, type TimeWindow } from './settings';
import { isTimeWindowKey, timeWindowLabel } from '../core/figures/figures';
import { path, writeNewFile } from './nodeAdapter';

type GoalArg = string | GoalNode | undefined;
/** A commit: its sha or any ref, a Goals tree row, or (from hovers and other commands) a root and a sha. */
type CommitArg = string | CommitNode | { root: string; sha: string; subject?: string } | undefined;

export interface Explanation {
  sha: string;
  subject: string;
  links: Link[];
}

function rootOf(arg: unknown): string | undefined {
  if (arg instanceof GoalNode || arg instanceof CommitNode) return arg.root;
  if (arg && typeof arg === 'object' && typeof (arg as { root?: unknown }).root === 'string') return (arg as { root: string }).root;
  return undefined;
}

function shaOf(arg: CommitArg): string | undefined {
  if (arg instanceof CommitNode) return arg.commit.sha;
  if (typeof arg === 'string') return arg;
  return arg && typeof arg.sha === 'string' ? arg.sha : undefined;
}

async function goalFrom(state: RepoState, arg: GoalArg, pick: GoalPickOptions | string): Promise<Goal | undefined> {
  if (arg instanceof GoalNode) return arg.goal;
  if (typeof arg === 'string') {
    const goal = state.index?.goals.get(arg);
    if (!goal) void vscode.window.showErrorMessage(`Goal Lens: no goal '${arg}' in ${path.basename(state.goalsPath)}.`);
    return goal;
  }
  return pickGoal(state, pick);
}

/** A commit's summary: from the index when it holds the commit (no git process), else from git. */
function summaryOf(state: RepoState, rev: string): Promise<CommitSummary> {
  const c = state.index?.bySha.get(rev);
  return c ? Promise.resolve(summaryOfRecord(c)) : state.repo.commitSummary(rev);
}

/** The built-in git extension's `toGitUri` (API v1): git: URIs that VS Code's diff view can open at a commit. */
type GitUris = GitApi & { toGitUri?(uri: vscode.Uri, ref: string): vscode.Uri };

/**
 * Opens VS Code's diff view of every file a commit changed (against its first parent), through the built-in git
 * extension's git: URIs. Without that extension, the `git show` text of the commit.
 */
async function openCommitChanges(state: RepoState, rev: string): Promise<unknown> {
  const summary = await summaryOf(state, rev);
  const api: GitUris | undefined = await getGitApi();
  const changes = await state.repo.commitChanges(summary.sha);
  const short = summary.sha.slice(0, 8);
  if (!api?.toGitUri || !gitApiRepository(api, state.root) || changes.length === 0) {
    const doc = await vscode.workspace.openTextDocument(commitUri(state.root, summary.sha, summary.subject));
    await vscode.languages.setTextDocumentLanguage(doc, 'diff');
    return vscode.window.showTextDocument(doc, { preview: true });
  }
  const toGitUri = api.toGitUri.bind(api);
  const file = (rel: string) => vscode.Uri.file(path.join(state.root, ...rel.split('/')));
  const resources = changes.map((c): [vscode.Uri, vscode.Uri | undefined, vscode.Uri | undefined] => {
    const before = c.status === 'added' || !summary.parent ? undefined : toGitUri(file(c.oldPath ?? c.path), summary.parent);
    const after = c.status === 'deleted' ? undefined : toGitUri(file(c.path), summary.sha);
    return [file(c.path), before, after];
  });
  await vscode.commands.executeCommand('vscode.changes', `${short} ${summary.subject}`, resources);
  return resources.length;
}

function noRepository(): undefined {
  void vscode.window.showWarningMessage('Goal Lens: open a git repository with a goals.yaml first.');
  return undefined;
}

export function registerCommands(model: GoalLensModel, tree: GoalsTreeProvider): vscode.Disposable[] {
  const reg = registerCommand;
  const withRepo = async (arg: unknown): Promise<RepoState | undefined> => {
    const root = rootOf(arg);
    const state = await pickRepository(model, root);
    // Escape on the repository picker is an answer, not a failure: only "there is no such repository" is said.
    if (!state && (root !== undefined || model.repositories.length === 0)) noRepository();
    return state;
  };
  const explainDocs = new ExplainDocuments();
  const walkthrough = new WalkthroughContext(model);

  return [
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explainDocs),
    walkthrough,
    reg('goalLens.refresh', () => model.refresh()),

    // Only a goal id: the view's title bar passes the focused row, which is not the goal asked for (the picker is).
    reg('goalLens.linkBranch', async (given?: unknown) => {
      if (!requireTrust('Linking a branch')) return undefined;
      const arg = typeof given === 'string' ? given : undefined;
      const state = await withRepo(arg);
      if (!state) return undefined;
      const branch = await state.repo.currentBranch();
      if (!branch) return void vscode.window.showWarningMessage('Goal Lens: HEAD is detached; check out a branch to link it to a goal.');
      if (branch === defaultBranchShortName(state.index?.defaultBranch ?? null)) {
        const go = 'Link Anyway';
        const answer = await vscode.window.showWarningMessage(
          `Goal Lens: ${branch} is the default branch.`,
          {
            modal: true,
            detail:
              `Only commits that are on a branch and not yet on ${branch} serve the branch's goal, so linking ${branch} itself links no commit. ` +
              'Create a branch for the work and link that, or tag commits on the default branch with Tag Commit with Goal. ' +
              'Link anyway to show the goal in the status bar and to let the commit hook add it as a trailer.',
          },
          go,
        );
        if (answer !== go) return undefined;
      }
      const { goals: current } = checkedOutBranchGoals(state);
      const goal = await goalFrom(state, arg, { placeHolder: `Goal that branch ${branch} serves`, current: current.map((g) => g.id), branch: arg === undefined ? await branchWork(state, branch) : undefined });
      if (!goal) return undefined;
      await state.repo.setBranchGoal(branch, goal.id);
      await model.refresh(state.root);
      void vscode.window.showInformationMessage(`Goal Lens: branch ${branch} now serves ${goal.id} (git config branch.${branch}.goal).`);
      return goal.id;
    }),

    reg('goalLens.unlinkBranch', async (arg?: string) => {
      if (!requireTrust('Unlinking a branch')) return undefined;
      const state = await withRepo(undefined);
      if (!state) return undefined;
      const branch = typeof arg === 'string' ? arg : await state.repo.currentBranch();
      if (!branch) return void vscode.window.showWarningMessage('Goal Lens: HEAD is detached; there is no branch to unlink.');
      const removed = await state.repo.unsetBranchGoal(branch);
      await model.refresh(state.root);
      // The refresh made a new state; the one in hand still holds the index from before the change.
      const now = model.repositories.find((r) => r.root === state.root) ?? state;
      const head = checkedOutBranchGoals(now);
      const goals = head.branch === branch ? head.goals : [];
      const still = goals.length ? ` It still serves ${goals.map((g) => g.id).join(', ')} through the goals' branches globs or its name (edit goals.yaml to change that).` : '';
      void vscode.window.showInformationMessage(
        removed ? `Goal Lens: branch ${branch} is no longer linked to a goal (git config branch.${branch}.goal removed).${still}` : `Goal Lens: branch ${branch} had no goal in git config.${still}`,
      );
      return removed;
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
      const index = state.index;
      const given = shaOf(commitArg);
      const picked = given ? { sha: given, subject: commitArg instanceof CommitNode ? commitArg.commit.subject : index.bySha.get(given)?.subject ?? '' } : await pickCommit(state, 'Commit to tag with a goal');
      if (!picked) return undefined;
      const serves = goalIdsOf(index.links.get(picked.sha));
      const goal = await goalFrom(state, goalArg, {
        title: `Tag ${picked.sha.slice(0, 8)} ${picked.subject}`.trim(),
        placeHolder: 'Goal that this commit serves',
        current: serves,
        target: { sha: picked.sha },
      });
      if (!goal) return undefined;
      // Keyboard triage: tagged from its row in "Untagged work", the focus moves on to the next untagged row.
      const next = commitArg instanceof UntaggedCommitNode ? tree.nextUntagged(state, picked.sha) : undefined;
      const { sha: full, added } = await state.repo.addNoteGoal(picked.sha, goal.id, index.goalsFile.trailer);
      await model.refresh(state.root);
      if (next) await tree.revealUntagged(state.root, next);
      void vscode.window.showInformationMessage(
        added ? `Goal Lens: ${full.slice(0, 8)} now serves ${goal.id} (note under refs/notes/goals).` : `Goal Lens: ${full.slice(0, 8)} already serves ${goal.id}.`,
      );
      return full;
    }),

    reg('goalLens.explainCommit', async (arg: CommitArg, options?: { quiet?: boolean }) => {
      const state = await withRepo(arg);
      if (!state?.index) return undefined;
      const index = state.index;
      const given = shaOf(arg) ?? (await pickCommit(state, 'Commit to explain'))?.sha;
      if (!given) return undefined;
      const summary = await summaryOf(state, given);
      const sha = summary.sha;
      const links = [...(index.links.get(sha) ?? [])];
      const explanation: Explanation = { sha, subject: summary.subject, links };
      if (options?.quiet) return explanation;
      const merge = await mergeInfo(state.repo, index, sha);
      const suggestions = links.length === 0 && index.bySha.has(sha) && !merge ? await pickerSuggestions(state, { sha }) : [];
      const uri = explainDocs.set(sha, explainMarkdown(index, summary, links, new Date(), suggestions, merge));
      await showRendered(uri);
      return explanation;
    }),

    reg('goalLens.revealGoal', async (arg: GoalArg) => {
      const state = await withRepo(arg);
      if (!state) return undefined;
      const goal = await goalFrom(state, arg, 'Goal to show in goals.yaml');
      if (!goal) return undefined;
      // A shared goal opens where it is written: the shared file, or a read-only copy of a fetched one.
      const { uri, range } = goalLocation(goal, state.index?.goalsFile ?? state.goalsFile, state.goalsPath, state.root);
      const pos = range.start;
      const editor = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
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
      await walkthrough.update();
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
    reg('goalLens.groupByGoal', () => tree.setFilters({ groupByGoal: true })),
    reg('goalLens.groupByRepository', () => tree.setFilters({ groupByGoal: false })),
    // From the view's title bar VS Code passes the focused row: only a window key is taken as the choice.
    reg('goalLens.setTimeWindow', async (arg?: unknown) => {
      const options: { label: string; value: TimeWindow }[] = [
        { label: 'Last 7 days', value: '7' },
        { label: 'Last 30 days', value: '30' },
        { label: 'Last 90 days', value: '90' },
        { label: 'All history', value: 'all' },
      ];
      const current = tree.filters.timeWindow;
      const value: TimeWindow | undefined = isTimeWindowKey(arg)
        ? arg
        : (
            await vscode.window.showQuickPick(
              options.map((o) => ({ ...o, description: o.value === current ? '$(check) current' : undefined, picked: o.value === current })),
              { placeHolder: `Time window of the Goals view (now: ${timeWindowLabel(current)})` },
            )
          )?.value;
      if (value) await tree.setFilters({ timeWindow: value });
      return value;
    }),

    reg('goalLens.exportWeeklyDigest', (week?: unknown) => exportWeeklyDigest(model, typeof week === 'string' ? week : undefined)),
    reg('goalLens.exportReport', (format?: unknown) => exportReport(model, tree, typeof format === 'string' ? (format as ReportFormat) : undefined)),

    reg('goalLens.openCommit', async (arg: CommitArg) => {
      const state = await pickRepository(model, rootOf(arg));
      const sha = shaOf(arg);
      if (!state || !sha) {
        noRepository();
        return;
      }
      return openCommitChanges(state, sha);
    }),
  ];
}

/** The checked-out branch and the goals it serves, as the index recorded them (see `indexedBranchGoals`). */
export function checkedOutBranchGoals(state: RepoState): { branch: string | null; goals: Goal[] } {
  const index = state.index;
  if (!index) return { branch: null, goals: [] };
  const branch = branchOfHeadRef(index.headRef);
  if (!branch) return { branch, goals: [] };
  const links = indexedBranchGoals(index, branch);
  const goals = links.map((b) => index.goals.get(b.goalId)).filter((g): g is Goal => !!g);
  return { branch, goals: [...new Set(goals)] };
}

/**
 * Explain Commit's document rendered (VS Code's Markdown preview), in the active editor group, with no toast: what
 * to do next is in the document. Without the built-in Markdown extension, its source opens in the same place.
 */
async function showRendered(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return;
  } catch {
    // The Markdown extension is disabled: fall through to the source.
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
}

/** The files a branch changed since it left the default branch (none on the default branch or on failure), and its name's words. */
async function branchWork(state: RepoState, branch: string): Promise<BranchWork> {
  const index = state.index;
  let files: string[] = [];
  const base = index?.defaultBranch ? index.refs.find((r) => r.name === index.defaultBranch)?.sha : undefined;
  if (index?.head && base && base !== index.head) files = await changedFiles(state.repo, base, index.head).catch(() => []);
  return { words: branchWords(branch), files };
}
