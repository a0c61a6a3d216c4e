import * as vscode from 'vscode';
import { plural } from '../../../core/reports/formats';
import type { BranchLink } from '../../../core/types';
import { untrustedMarkdown } from '../goalMarkdown';
import { CONTEXT } from './contextValues';
import { GoalTreeNode, type RepoSlot } from './node';

/** A branch that serves the goal, how, and how many commits it has ahead of the default branch. */
export class BranchNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode,
    readonly slot: RepoSlot,
    readonly branch: BranchLink,
  ) {
    super(parent);
  }
  treeItem(): vscode.TreeItem {
    const b = this.branch;
    const item = new vscode.TreeItem(b.branch, vscode.TreeItemCollapsibleState.None);
    item.id = `branch:${this.slot.root}:${b.goalId}:${b.branch}`;
    item.description = [b.detail, b.commitsAhead === null ? undefined : `${b.commitsAhead} ahead`].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('git-branch');
    const md = untrustedMarkdown();
    md.appendText(`${b.branch} serves ${b.goalId}: ${b.detail}`);
    if (b.commitsAhead !== null) md.appendText(`\n\n${plural(b.commitsAhead, 'commit')} not yet on the default branch`);
    item.tooltip = md;
    item.contextValue = CONTEXT.branch;
    return item;
  }
}
