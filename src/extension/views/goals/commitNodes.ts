import * as vscode from 'vscode';
import { ago } from '../../../core/dates';
import { reasonFor } from '../../../core/figures/figures';
import type { CommitRecord } from '../../../core/types';
import { appendCommit, untrustedMarkdown } from '../goalMarkdown';
import { untaggedSuggestions } from '../../model/suggestions';
import { appendSuggestion, suggestionLabel } from '../../triage';
import { CONTEXT } from './contextValues';
import { GoalTreeNode, type RepoSlot } from './node';

/** A commit listed under the goal it serves (`goalId`); Enter opens its changes. */
export class CommitNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode,
    readonly slot: RepoSlot,
    readonly commit: CommitRecord,
    readonly goalId: string | undefined,
  ) {
    super(parent);
  }
  get root(): string {
    return this.slot.root;
  }
  protected reason(): string {
    return this.goalId ? reasonFor(this.slot.view?.index.links.get(this.commit.sha), this.goalId) : '';
  }
  protected contextValue(): string {
    return CONTEXT.linkedCommit;
  }
  treeItem(): vscode.TreeItem {
    const c = this.commit;
    const view = this.slot.view;
    const now = view?.now ?? new Date();
    const item = new vscode.TreeItem(c.subject || c.sha.slice(0, 8), vscode.TreeItemCollapsibleState.None);
    item.id = `commit:${this.root}:${this.goalId ?? ''}:${c.sha}`;
    item.description = [c.author, ago(c.time, now), this.reason()].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('git-commit');
    item.tooltip = view ? appendCommit(untrustedMarkdown(), view.index, c, now) : c.subject;
    item.contextValue = this.contextValue();
    item.command = { command: 'goalLens.openCommit', title: 'Open Commit Changes', arguments: [this] };
    return item;
  }
}

/** A commit that serves no goal, under "Untagged work". Its own class so that it can grow (a suggested goal...). */
export class UntaggedCommitNode extends CommitNode {
  constructor(parent: GoalTreeNode, slot: RepoSlot, commit: CommitRecord) {
    super(parent, slot, commit, undefined);
  }
  protected override contextValue(): string {
    return this.slot.view && untaggedSuggestions.first(this.slot.state, this.commit.sha) ? CONTEXT.suggestedCommit : CONTEXT.untaggedCommit;
  }
  /** Its first suggestion (src/extension/triage.ts) in the description, with the evidence in the tooltip, once built. */
  override treeItem(): vscode.TreeItem {
    const item = super.treeItem();
    const view = this.slot.view;
    const first = view && untaggedSuggestions.first(this.slot.state, this.commit.sha);
    if (view && first) {
      item.description = `${suggestionLabel(first)} · ${String(item.description)}`;
      if (item.tooltip instanceof vscode.MarkdownString) appendSuggestion(item.tooltip, view.index, first);
    }
    return item;
  }
}
