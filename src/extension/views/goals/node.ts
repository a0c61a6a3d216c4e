// What every node of the Goals tree shares: its parent (so `reveal` works) and the repository view it reads.
import type * as vscode from 'vscode';
import type { GoalIndex } from '../../../core/index/goalIndex';
import type { Figures } from '../../../core/figures/figures';
import type { RepoState } from '../../model/model';
import type { TreeFilters } from '../../settings';

export type { TreeFilters };

/** One repository's index and its figures under the view's filters, replaced whole when either changes. */
export interface RepoView {
  readonly state: RepoState;
  readonly index: GoalIndex;
  readonly figures: Figures;
  readonly filters: TreeFilters;
  readonly now: Date;
}

/**
 * Where a repository's nodes read their data. The provider replaces `state` and `view` on each change, so a node
 * it refreshes in place (same object, as VS Code requires) shows the new figures.
 */
export interface RepoSlot {
  readonly root: string;
  readonly state: RepoState;
  readonly view: RepoView | undefined;
}

export abstract class GoalTreeNode {
  constructor(readonly parent: GoalTreeNode | undefined) {}
  abstract treeItem(): vscode.TreeItem;
  children(): GoalTreeNode[] {
    return [];
  }
}
