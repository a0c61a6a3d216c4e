// Quick picks: a repository, a goal (suggested ones first, the current ones marked), a commit (recent ones, or
// any hash or ref the user types, resolved through git).
import { path } from './nodeAdapter';
import * as vscode from 'vscode';
import { ago } from '../core/dates';
import { indexedBranchGoals, isMerge } from '../core/index/goalIndex';
import { branchOfHeadRef, goalIdsOf } from '../core/links/linkRules';
import type { Goal } from '../core/types';
import { computeFigures, stalenessText } from '../core/figures/figures';
import { mergeInfo, mergeWords } from './mergeInfo';
import { pickerSuggestions } from './model/suggestions';
import { gitApiRepository, getGitApi } from './model/gitApi';
import type { GoalLensModel, RepoState } from './model/model';
import { plural } from '../core/reports/formats';
import { windowSettings } from './settings';

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

/** A goal offered first in the picker, and why. */
interface PickerSuggestion {
  goal: Goal;
  why: string;
}

/**
 * Goals to offer first. For a commit: its suggestions (src/core/suggest, as in the triage of untagged work). For work
 * being committed: the branch's goals, then the suggestions for the changed files.
 */
async function defaultSuggestions(state: RepoState, target?: { sha: string }, branchWork?: BranchWork): Promise<PickerSuggestion[]> {
  const index = state.index;
  if (!index) return [];
  if (branchWork) {
    // Linking a branch: the suggester reads the branch's name as a subject and the files it changed, as for a commit.
    const from = `from its name${branchWork.files.length ? ` and the ${plural(branchWork.files.length, 'file')} it changed` : ''}`;
    return (await pickerSuggestions(state, { files: branchWork.files, subject: branchWork.words }))
      .filter((s) => s.goal.status !== 'achieved' && s.goal.status !== 'dropped')
      .map((s) => ({ goal: s.goal, why: `${s.why} (${from})` }));
  }
  const branch = branchOfHeadRef(index.headRef);
  const suggestions: PickerSuggestion[] = [];
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
  return suggestions;
}

export interface GoalPickOptions {
  placeHolder: string;
  title?: string;
  /** The commit the goal is for (its own suggestions are offered); none: work being committed. */
  target?: { sha: string };
  /** Ids of the goals the thing being changed serves now: marked "current". */
  current?: readonly string[];
  /** Linking a branch: suggestions from its name and the files it changed. */
  branch?: BranchWork;
}

/** A branch's work, for suggestions: its name in words ("checkout saved cards") and the files it changed. */
export interface BranchWork {
  words: string;
  files: readonly string[];
}

/** "feat/checkout-saved-cards" -> "checkout saved cards": the words of a branch name, without its prefix. */
export function branchWords(branch: string): string {
  const parts = branch.split('/');
  const last = parts.length > 1 && /^(feat|feature|fix|bugfix|hotfix|chore|refactor|docs|test|wip|release|[a-z]+\.[a-z]+)$/i.test(parts[0]) ? parts.slice(1) : parts;
  return last.join(' ').replace(/[-_.]+/g, ' ').trim();
}

/** The goal picker: title, id, owner, status and activity; suggested goals first; current goals marked. */
export async function pickGoal(state: RepoState, options: GoalPickOptions | string): Promise<Goal | undefined> {
  const opts: GoalPickOptions = typeof options === 'string' ? { placeHolder: options } : options;
  const index = state.index;
  if (!index || index.goals.size === 0) {
    void vscode.window.showWarningMessage('Goal Lens: goals.yaml has no goals yet.');
    return undefined;
  }
  const now = new Date();
  const figures = computeFigures(index, { now, staleAfterDays: windowSettings().staleAfterDays });
  const suggestions = await defaultSuggestions(state, opts.target, opts.branch);
  const current = new Set(opts.current ?? []);
  const item = (goal: Goal, why?: string): GoalItem => {
    const fig = figures.byId.get(goal.id);
    const activity = fig && fig.totalCommits && fig.lastAt !== null ? `${plural(fig.totalCommits, 'commit')}, last ${ago(fig.lastAt, now)}` : 'no commits yet';
    const stale = fig?.staleness === 'stale' ? `$(warning) stale: ${stalenessText(fig, now)}` : undefined;
    const isCurrent = current.has(goal.id);
    return {
      label: isCurrent ? `$(check) ${goal.title}` : goal.title,
      description: isCurrent ? `${goal.id} · current` : goal.id,
      detail: [goal.owner, goal.status, activity, stale, why ? `suggested: ${why}` : undefined].filter(Boolean).join(' · '),
      goal,
    };
  };
  const suggestedIds = new Set(suggestions.map((s) => s.goal.id));
  const rest = [...index.goals.values()].filter((g) => !suggestedIds.has(g.id));
  const order = (g: Goal) => (current.has(g.id) ? -1 : g.status === 'achieved' || g.status === 'dropped' ? 1 : 0);
  rest.sort((a, b) => order(a) - order(b));
  const items: GoalItem[] = [];
  if (suggestions.length) {
    items.push({ label: 'Suggested', kind: vscode.QuickPickItemKind.Separator });
    items.push(...suggestions.map((s) => item(s.goal, s.why)));
    items.push({ label: 'All goals', kind: vscode.QuickPickItemKind.Separator });
  }
  items.push(...rest.map((g) => item(g)));
  const picked = await vscode.window.showQuickPick(items, { title: opts.title, placeHolder: opts.placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.goal;
}

/** A commit chosen in the picker: its full sha and subject. */
export interface PickedCommit {
  sha: string;
  subject: string;
}

interface CommitItem extends vscode.QuickPickItem {
  commit?: PickedCommit;
  /** The entry that resolves what the user typed through git. */
  typed?: string;
}

const RECENT = 200;

/**
 * The entry for a typed hash or ref. Its label does not repeat the typed text, so that while git looks it up the
 * recent commits whose subjects match rank first; once resolved it names the commit and is made the active row.
 */
function typedItem(value: string, resolved?: { commit?: PickedCommit; detail: string }): CommitItem {
  return {
    label: resolved?.commit ? `$(git-commit) ${resolved.commit.subject || resolved.commit.sha.slice(0, 8)}` : `$(search) Look up a commit hash or ref in git`,
    description: resolved?.commit ? `${resolved.commit.sha.slice(0, 8)} · ${value}` : value,
    detail: resolved?.detail ?? 'older commits, tags, branches: looking it up…',
    alwaysShow: true,
    typed: value,
    commit: resolved?.commit,
  };
}

/**
 * A commit of the repository: the recent non-merge commits with the goals they serve, or any hash or ref the
 * user types (resolved through git as they type: an unknown one says so and cannot be picked).
 */
export async function pickCommit(state: RepoState, placeHolder: string): Promise<PickedCommit | undefined> {
  const index = state.index;
  if (!index) return undefined;
  const now = new Date();
  const recent: CommitItem[] = index.commits
    .filter((c) => !isMerge(c))
    .slice(0, RECENT)
    .map((c) => {
      const goals = goalIdsOf(index.links.get(c.sha));
      return {
        label: c.subject || c.sha.slice(0, 8),
        description: `${c.sha.slice(0, 8)} · ${c.author} · ${ago(c.time, now)}`,
        detail: goals.length ? `serves ${goals.join(', ')}` : 'untagged',
        commit: { sha: c.sha, subject: c.subject },
      };
    });
  const qp = vscode.window.createQuickPick<CommitItem>();
  qp.placeholder = `${placeHolder}: pick a recent commit, or type a hash or ref`;
  qp.matchOnDescription = true;
  qp.items = recent;
  const resolved = new Map<string, { commit?: PickedCommit; detail: string }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (value: string) => {
    const v = value.trim();
    const r = v && !/\s/.test(v) ? resolved.get(v) : undefined;
    const typed = v && !/\s/.test(v) ? [typedItem(v, r)] : [];
    // A value git knows comes first (Enter takes it); until then the recent commits it matches do.
    qp.items = r?.commit ? [...typed, ...recent] : [...recent, ...typed];
    if (r?.commit) qp.activeItems = [qp.items[0]];
  };
  const resolve = async (v: string) => {
    if (resolved.has(v)) return;
    try {
      const s = await state.repo.commitSummary(v);
      const goals = goalIdsOf(index.links.get(s.sha));
      const merge = await mergeInfo(state.repo, index, s.sha);
      const where = !index.bySha.has(s.sha) ? 'not in the indexed history' : merge ? mergeWords(merge) : goals.length ? `serves ${goals.join(', ')}` : 'untagged';
      resolved.set(v, { commit: { sha: s.sha, subject: s.subject }, detail: `${s.subject} · ${s.author} · ${ago(s.time, now)} · ${where}` });
    } catch {
      resolved.set(v, { detail: `no commit or ref '${v}' in this repository` });
    }
    if (qp.value.trim() === v) show(qp.value);
  };
  return new Promise<PickedCommit | undefined>((done) => {
    let settled = false;
    const finish = (c: PickedCommit | undefined) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      done(c);
      qp.dispose();
    };
    qp.onDidChangeValue((value) => {
      show(value);
      if (timer) clearTimeout(timer);
      const v = value.trim();
      if (v && !/\s/.test(v)) timer = setTimeout(() => void resolve(v), 120);
    });
    qp.onDidAccept(async () => {
      const item = qp.selectedItems.at(0) ?? qp.activeItems.at(0);
      if (!item) return;
      if (item.typed !== undefined) {
        await resolve(item.typed);
        const r = resolved.get(item.typed);
        if (!r?.commit) {
          void vscode.window.showWarningMessage(`Goal Lens: no commit or ref '${item.typed}' in this repository.`);
          return;
        }
        finish(r.commit);
        return;
      }
      finish(item.commit);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}
