import * as vscode from 'vscode';
import { path } from '../../nodeAdapter';
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
    item.description = state.loading && !this.slot.view ? 'indexing…' : state.stale ? 'stale' : undefined;
    item.iconPath = new vscode.ThemeIcon('repo');
    item.tooltip = state.root;
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
  if (state.stale || (state.error && !view)) {
    out.push(
      new MessageNode(
        parent,
        state.stale ? 'goals.yaml has problems: showing the last good model' : 'Cannot read this repository',
        new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
        state.error,
      ),
    );
  }
  if (!view) {
    // First paint never waits for the history: the goals come from goals.yaml alone, their figures follow.
    if (state.goalsFile && !state.stale) out.push(...pendingGoals(parent, state.goalsFile.goals, ''));
    if (state.loading || !state.error) out.push(new MessageNode(parent, 'Indexing…', new vscode.ThemeIcon('loading~spin')));
    return out;
  }
  out.push(...visibleGoals(view, view.index.children.get('') ?? []).map((g) => new GoalNode(parent, slot, g)));
  if (view.index.goals.size === 0) out.push(new MessageNode(parent, 'No goals in goals.yaml yet', new vscode.ThemeIcon('info')));
  out.push(new UntaggedNode(parent, slot));
  return out;
}
