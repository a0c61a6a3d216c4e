import * as vscode from 'vscode';
import type { Goal } from '../../../core/types';
import { CONTEXT } from './contextValues';
import { untrustedMarkdown } from '../goalMarkdown';
import { GoalTreeNode } from './node';

/** A goal shown before the history is indexed: its place in the hierarchy, no figures yet. */
export class PendingGoalNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode | undefined,
    readonly goal: Goal,
    private readonly all: readonly Goal[],
  ) {
    super(parent);
  }
  treeItem(): vscode.TreeItem {
    const hasChildren = this.all.some((g) => g.parent === this.goal.id);
    const item = new vscode.TreeItem(this.goal.title, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `pending:${this.goal.id}`;
    item.description = 'indexing…';
    item.iconPath = new vscode.ThemeIcon('target');
    item.tooltip = untrustedMarkdown().appendText(`${this.goal.title} (${this.goal.id})`);
    item.contextValue = CONTEXT.pendingGoal;
    return item;
  }
  override children(): GoalTreeNode[] {
    return pendingGoals(this, this.all, this.goal.id);
  }
}

export function pendingGoals(parentNode: GoalTreeNode | undefined, all: readonly Goal[], parent: string): GoalTreeNode[] {
  const ids = new Set(all.map((g) => g.id));
  return all
    .filter((g) => g.status !== 'achieved' && g.status !== 'dropped')
    .filter((g) => (parent === '' ? !g.parent || !ids.has(g.parent) : g.parent === parent))
    .map((g) => new PendingGoalNode(parentNode, g, all));
}
