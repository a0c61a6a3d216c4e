import * as vscode from 'vscode';
import type { CommitmentFigure, CommitmentState } from '../../../core/figures/figures';
import { commitmentContext } from './contextValues';
import { GoalTreeNode } from './node';

const ICONS: Record<CommitmentState, [string, string | undefined]> = {
  kept: ['pass-filled', 'testing.iconPassed'],
  late: ['history', 'list.warningForeground'],
  missed: ['error', 'list.errorForeground'],
  open: ['circle-large-outline', undefined],
  undated: ['circle-large-outline', 'disabledForeground'],
};

/** What was promised, and its state as the core figures give it (kept, late, missed, open, undated). */
export class CommitmentNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode,
    readonly commitment: CommitmentFigure,
  ) {
    super(parent);
  }
  get state(): CommitmentState {
    return this.commitment.state;
  }
  treeItem(): vscode.TreeItem {
    const c = this.commitment;
    const item = new vscode.TreeItem(c.what, vscode.TreeItemCollapsibleState.None);
    const when = c.done ? `done ${c.done}${c.due ? ` (due ${c.due})` : ''}` : c.due ? `due ${c.due}` : 'no due date';
    item.description = `${c.state} · ${when}`;
    // An undated commitment that is done still gets a tick, though it is no promise.
    const [icon, color] = c.state === 'undated' && c.done ? ['pass', 'testing.iconPassed'] : ICONS[c.state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = `${c.what}: ${c.state}, ${when}${c.state === 'undated' ? ' (no due date: not counted in say/do)' : ''}`;
    item.contextValue = commitmentContext(c.state);
    return item;
  }
}
