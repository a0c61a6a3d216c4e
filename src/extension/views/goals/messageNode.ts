import * as vscode from 'vscode';
import { CONTEXT } from './contextValues';
import { GoalTreeNode } from './node';

/** A line of text: a problem, "Indexing…", "N more…". */
export class MessageNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode | undefined,
    readonly label: string,
    readonly icon: vscode.ThemeIcon,
    readonly detail?: string,
  ) {
    super(parent);
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = this.icon;
    if (this.detail) {
      item.description = this.detail; // what is wrong, where: visible without hovering
      item.tooltip = this.detail;
    }
    item.contextValue = CONTEXT.message;
    return item;
  }
}
