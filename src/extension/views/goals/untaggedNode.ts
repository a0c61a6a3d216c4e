import * as vscode from 'vscode';
import type { CommitRecord } from '../../../core/types';
import { UNTAGGED } from '../../../core/figures/effort';
import { plural } from '../../../core/reports/formats';
import { MAX_COMMITS } from './goalNode';
import { UntaggedCommitNode } from './commitNodes';
import { CONTEXT } from './contextValues';
import { countLabel } from './countLabel';
import { formatDays, personDaysShort, viewEffort } from './effort';
import { MessageNode } from './messageNode';
import { GoalTreeNode, type RepoSlot } from './node';

/** "Untagged work": the window's commits that serve no goal, and their share. */
export class UntaggedNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode | undefined,
    readonly slot: RepoSlot,
  ) {
    super(parent);
  }
  get commits(): readonly CommitRecord[] {
    return this.slot.view?.figures.untagged ?? [];
  }
  treeItem(): vscode.TreeItem {
    const n = this.commits.length;
    const total = this.slot.view?.figures.totals.commits ?? 0;
    const view = this.slot.view;
    const item = new vscode.TreeItem(view ? countLabel(n, 'Untagged work') : 'Untagged work', n ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `untagged:${this.slot.root}`;
    const personDays = view ? (viewEffort(view).goals.get(UNTAGGED)?.personDays ?? 0) : 0;
    item.description = [total ? `${Math.round((n / total) * 100)}%` : '', personDays > 0 ? personDaysShort(personDays) : ''].filter(Boolean).join(' · ');
    item.accessibilityInformation = { label: `Untagged work, ${plural(n, 'commit')}${total ? `, ${Math.round((n / total) * 100)}% of the commits` : ''}${personDays > 0 ? `, ${formatDays(personDays)} person-days` : ''}` };
    item.iconPath = new vscode.ThemeIcon('question', n ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.tooltip = 'Commits that serve no goal: no trailer, note, issue key, branch or merge links them. Tag them with "Goal Lens: Tag Commit with Goal".';
    item.contextValue = CONTEXT.untagged;
    return item;
  }
  override children(): GoalTreeNode[] {
    const nodes: GoalTreeNode[] = this.commits.slice(0, MAX_COMMITS).map((c) => new UntaggedCommitNode(this, this.slot, c));
    if (this.commits.length > MAX_COMMITS) nodes.push(new MessageNode(this, `${this.commits.length - MAX_COMMITS} more…`, new vscode.ThemeIcon('ellipsis')));
    return nodes;
  }
}
