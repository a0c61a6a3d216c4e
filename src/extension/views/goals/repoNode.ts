import * as vscode from 'vscode';
import { timeWindowLabel } from '../../../core/figures/figures';
import { isBroken } from '../../model/model';
import { path } from '../../nodeAdapter';
import { sharedSourceText } from '../../sharedGoals';
import { CONTEXT } from './contextValues';
import { GoalNode, visibleGoals } from './goalNode';
import { MessageNode } from './messageNode';
import { GoalTreeNode, type RepoSlot } from './node';
import { pendingGoals } from './pendingGoalNode';
import { UntaggedNode } from './untaggedNode';

/** One repository, when the workspace has several. */
export class RepoNode extends GoalTreeNode {
  constructor(readonly slot: RepoSlot) {
    super(undefined);
  }
  get root(): string {
    return this.slot.root;
  }
  treeItem(): vscode.TreeItem {
    const state = this.slot.state;
    const item = new vscode.TreeItem(path.basename(state.root), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `repo:${state.root}`;
    // Nothing about a broken goals.yaml or git here: the view message or the repository's first row says it, once.
    item.description = state.loading && !this.slot.view ? 'indexing…' : undefined;
    item.iconPath = new vscode.ThemeIcon('repo');
    const shared = sharedSourceText(state.goalsFile, new Date());
    item.tooltip = shared ? `${state.root}\n${shared}` : state.root;
    item.contextValue = CONTEXT.repository;
    return item;
  }
  override children(): GoalTreeNode[] {
    return repoChildren(this, this.slot);
  }
}

/** A repository's top rows: a problem if any, its top-level goals, "Untagged work". */
export function repoChildren(parent: GoalTreeNode | undefined, slot: RepoSlot): GoalTreeNode[] {
  const { state, view } = slot;
  const out: GoalTreeNode[] = [];
  const problem = problemRow(parent, slot);
  if (problem) out.push(problem);
  if (!view) {
    // First paint never waits for the history: the goals come from goals.yaml alone, their figures follow.
    if (state.goalsFile && !isBroken(state.goalsFile)) out.push(...pendingGoals(parent, state.goalsFile.goals, ''));
    if (state.loading || !state.error) out.push(new MessageNode(parent, 'Indexing…', new vscode.ThemeIcon('loading~spin')));
    return out;
  }
  const merged = state.mergedHead;
  if (merged) {
    out.push(
      new MessageNode(
        parent,
        `On ${merged.branch}, merged into ${merged.into}`,
        new vscode.ThemeIcon('git-merge'),
        `counting this branch's history; on ${merged.into} its commits serve its goal via merge ${merged.merge.slice(0, 8)}`,
      ),
    );
  }
  const mine = onlyMineMessage(parent, slot);
  if (mine) out.push(mine);
  out.push(...visibleGoals(view, view.index.children.get('') ?? []).map((g) => new GoalNode(parent, slot, g)));
  if (view.index.goals.size === 0) out.push(new MessageNode(parent, 'No goals in goals.yaml yet', new vscode.ThemeIcon('info')));
  out.push(new UntaggedNode(parent, slot));
  return out;
}

/**
 * Git failing (goals.yaml is fine): the row under the repository says so. A broken goals.yaml is the view
 * message's alone (goalsMessage.ts): said once, and read whole at any width.
 */
function problemRow(parent: GoalTreeNode | undefined, slot: RepoSlot): MessageNode | undefined {
  const { state, view } = slot;
  if (!state.error || (state.goalsFile && isBroken(state.goalsFile)) || !(state.stale || !view)) return undefined;
  const warning = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new MessageNode(parent, view ? 'Git failed: showing the last good index' : 'Cannot read this repository', warning, state.error);
}

/** With "only my work" and nothing found: which email the filter compares with, and where it comes from. */
function onlyMineMessage(parent: GoalTreeNode | undefined, slot: RepoSlot): MessageNode | undefined {
  const view = slot.view;
  if (!view?.filters.onlyMine || view.figures.totals.commits > 0) return undefined;
  const email = slot.state.userEmail;
  const window = timeWindowLabel(view.filters.timeWindow);
  return email
    ? new MessageNode(parent, `No commits by ${email} in ${window}`, new vscode.ThemeIcon('person'), 'the email of git config user.email; Refresh after changing it')
    : new MessageNode(parent, 'Only my work: git config user.email is not set', new vscode.ThemeIcon('person'), 'set it, then Refresh');
}
