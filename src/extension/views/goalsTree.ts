// The Goals view: the goal hierarchy with each goal's branches, recent commits and commitments, an
// "Untagged work" node, and one top-level node per repository when the workspace has several. The nodes live in
// ./goals/ (one class each); this provider keeps one view per repository and, on a change, refreshes only the
// nodes whose figures changed.
import * as vscode from 'vscode';
import { computeFigures, timeWindowLabel, timeWindowSince } from '../../core/figures/figures';
import type { GoalLensModel, RepoState } from '../model/model';
import { untaggedSuggestions } from '../model/suggestions';
import { affects, windowSettings, type ViewFilters } from '../settings';
import { GoalNode } from './goals/goalNode';
import { GoalTreeNode, type RepoSlot, type RepoView, type TreeFilters } from './goals/node';
import { RepoNode, repoChildren } from './goals/repoNode';
import { UntaggedNode } from './goals/untaggedNode';
import { MessageNode } from './goals/messageNode';
import { workspaceGoals, workspaceTopLevel, WorkspaceUntaggedNode, type WorkspaceGoals } from './goals/workspaceGoalNode';
import { CommitNode } from './goals/commitNodes';

export { GoalTreeNode, type TreeFilters } from './goals/node';
export { GoalNode, GroupNode, goalHealth } from './goals/goalNode';
export { CommitNode, UntaggedCommitNode } from './goals/commitNodes';
export { CommitmentNode } from './goals/commitmentNode';
export { BranchNode } from './goals/branchNode';
export { MessageNode } from './goals/messageNode';
export { PendingGoalNode } from './goals/pendingGoalNode';
export { RepoNode } from './goals/repoNode';
export { UntaggedNode } from './goals/untaggedNode';
export { WorkspaceGoalNode, RepoCommitNode, RepoBranchNode, RepoUntaggedNode, WorkspaceUntaggedNode } from './goals/workspaceGoalNode';

export const GOALS_VIEW_ID = 'goalLens.goals';

/** A repository's slot: its latest state and view, and the nodes shown for it (to refresh them in place). */
class Slot implements RepoSlot {
  view: RepoView | undefined;
  repoNode: RepoNode | undefined;
  /** What decides the rows of the repository itself (problems, goal hierarchy, visibility). */
  shape = '';
  /** Goal and "Untagged work" nodes handed to VS Code, by id, with what they showed. */
  readonly nodes = new Map<string, { node: GoalTreeNode; signature: string }>();
  constructor(
    readonly root: string,
    public state: RepoState,
  ) {}
}

export class GoalsTreeProvider implements vscode.TreeDataProvider<GoalTreeNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<GoalTreeNode | GoalTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly slots = new Map<string, Slot>();
  /** The last workspace roll-up of the grouped tree, and the slots and figures it was added up from. */
  private grouped: { slots: readonly Slot[]; figures: readonly unknown[]; ws: WorkspaceGoals } | undefined;
  private treeView: vscode.TreeView<GoalTreeNode> | undefined;
  private multipleRepositories: boolean | undefined;

  constructor(
    private readonly model: GoalLensModel,
    private readonly viewFilters: ViewFilters,
  ) {
    this.disposables.push(
      this._onDidChangeTreeData,
      model.onDidChange((e: unknown) => this.onModelChange(e)),
      viewFilters.onDidChange(() => this.refresh()),
      // Suggestions arriving change rows' labels, not figures: drawn again with the figures the view has.
      untaggedSuggestions.onDidChange(() => this.redraw()),
      vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'staleAfterDays') && this.refresh()),
    );
  }

  /** Creates the Goals view (once) and keeps it, to show the active filter as its description. */
  createView(): vscode.TreeView<GoalTreeNode> {
    if (!this.treeView) {
      this.treeView = vscode.window.createTreeView(GOALS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true });
      this.disposables.push(this.treeView);
      this.syncDescription();
    }
    return this.treeView;
  }

  get filters(): TreeFilters {
    return this.viewFilters.value;
  }

  /** The active filter in words ("last 30 days · only my work"), shown as the view's description; '' for none. */
  get description(): string {
    const f = this.filters;
    return [f.timeWindow !== 'all' ? timeWindowLabel(f.timeWindow) : '', f.onlyMine ? 'only my work' : '', f.showClosed ? 'achieved and dropped goals shown' : this.hiddenGoals()]
      .filter(Boolean)
      .join(' · ');
  }

  /** "1 dropped goal hidden", "2 achieved and 1 dropped goal hidden": while they are hidden, say so (the same words). */
  private hiddenGoals(): string {
    let achieved = 0;
    let dropped = 0;
    const seen = new Set<string>();
    for (const r of this.model.repositories) {
      for (const g of r.index?.goals.values() ?? r.goalsFile?.goals ?? []) {
        // A shared goal counts once across repositories.
        if (seen.has(g.id)) continue;
        seen.add(g.id);
        if (g.status === 'achieved') achieved++;
        else if (g.status === 'dropped') dropped++;
      }
    }
    if (achieved + dropped === 0) return '';
    const kinds = [achieved ? `${achieved} achieved` : '', dropped ? `${dropped} dropped` : ''].filter(Boolean).join(' and ');
    return `${kinds} goal${achieved + dropped === 1 ? '' : 's'} hidden`;
  }

  setFilters(change: Partial<TreeFilters>): Promise<void> {
    return this.viewFilters.set(change);
  }

  /** Rebuilds every repository's view (filters or settings changed). */
  refresh(): void {
    for (const slot of this.slots.values()) slot.view = undefined;
    this.slots.clear();
    this.syncDescription();
    this._onDidChangeTreeData.fire(undefined);
  }

  getTreeItem(node: GoalTreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getParent(node: GoalTreeNode): GoalTreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: GoalTreeNode): GoalTreeNode[] {
    const children = node ? node.children() : this.topLevel();
    for (const child of children) this.remember(child);
    return children;
  }

  /** The figures the view shows for a repository (built once per model change and filter change). */
  viewOf(state: RepoState): RepoView | undefined {
    return this.slotOf(state).view;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /**
   * The untagged commit after `sha` in its repository's "Untagged work" (the one before it when it was the last):
   * where keyboard triage goes next. Read before `sha` is tagged.
   */
  nextUntagged(state: RepoState, sha: string): string | undefined {
    // The view of the state in hand (built now if the tree has not drawn it yet), not whatever was last drawn.
    const list = this.viewOf(state)?.figures.untagged ?? [];
    const i = list.findIndex((c) => c.sha === sha);
    if (i < 0) return undefined;
    if (i + 1 < list.length) return list[i + 1].sha;
    return i > 0 ? list[i - 1].sha : undefined;
  }

  /** Selects and focuses an untagged commit's row (after a refresh its row is a new node with the same id). */
  async revealUntagged(root: string, sha: string): Promise<boolean> {
    if (!this.treeView) return false;
    const find = (nodes: GoalTreeNode[]): GoalTreeNode | undefined => {
      for (const n of nodes) {
        if (n instanceof UntaggedNode && n.slot.root === root) return n.children().find((c) => c instanceof CommitNode && c.commit.sha === sha);
        if (n instanceof RepoNode || n instanceof WorkspaceUntaggedNode) {
          const found = find(this.getChildren(n));
          if (found) return found;
        }
      }
      return undefined;
    };
    // A refresh that lands just after (the note's file watcher) redraws the rows: reveal again until it holds.
    const view = this.treeView;
    const held = () => view.selection.some((n) => n instanceof CommitNode && n.commit.sha === sha);
    for (let attempt = 0; attempt < 5; attempt++) {
      const node = find(this.getChildren());
      if (!node) return false;
      await view.reveal(node, { select: true, focus: true });
      const selected = held() || (await new Promise<boolean>((resolve) => {
        const sub = view.onDidChangeSelection(() => {
          if (!held()) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(true);
        });
        const timer = setTimeout(() => {
          sub.dispose();
          resolve(held());
        }, 400);
      }));
      if (selected) return true;
    }
    return false;
  }

  private topLevel(): GoalTreeNode[] {
    const repos = this.model.repositories;
    this.syncMultipleRepositories(repos.length > 1);
    if (repos.length === 0) return [];
    if (repos.length === 1) return repoChildren(undefined, this.slotOf(repos[0]));
    if (this.filters.groupByGoal) {
      const slots = repos.map((r) => this.slotOf(r));
      const out: GoalTreeNode[] = workspaceTopLevel(this.workspaceOf(slots));
      if (slots.some((s) => !s.view)) out.push(new MessageNode(undefined, 'Indexing…', new vscode.ThemeIcon('loading~spin')));
      return out;
    }
    return repos.map((r) => {
      const slot = this.slotOf(r);
      slot.repoNode ??= new RepoNode(slot);
      return slot.repoNode;
    });
  }

  /** The workspace roll-up of the slots' figures, added up again only when a repository's figures changed. */
  private workspaceOf(slots: readonly Slot[]): WorkspaceGoals {
    const figures = slots.map((s) => s.view?.figures);
    const last = this.grouped;
    if (last && last.slots.length === slots.length && last.slots.every((s, i) => s === slots[i] && last.figures[i] === figures[i])) return last.ws;
    const ws = workspaceGoals(slots, new Date());
    this.grouped = { slots, figures, ws };
    return ws;
  }

  private slotOf(state: RepoState): Slot {
    let slot = this.slots.get(state.root);
    if (!slot) this.slots.set(state.root, (slot = new Slot(state.root, state)));
    if (slot.state !== state || (state.index && slot.view?.index !== state.index)) this.update(slot, state);
    return slot;
  }

  private update(slot: Slot, state: RepoState): void {
    slot.state = state;
    // The same index under the same filters has the same figures: only the state (loading, stale...) is new.
    const sameAuthor = !this.filters.onlyMine || slot.view?.state.userEmail === state.userEmail;
    const kept = slot.view && slot.view.index === state.index && slot.view.filters === this.filters && sameAuthor ? { ...slot.view, state } : undefined;
    slot.view = kept ?? (state.index ? this.buildView(state) : undefined);
    slot.shape = shapeOf(slot);
  }

  private buildView(state: RepoState): RepoView {
    const now = new Date();
    const figures = computeFigures(state.index as NonNullable<RepoState['index']>, {
      since: timeWindowSince(this.filters.timeWindow, now),
      // "Only my work" in a repository with no user.email shows nobody's work rather than everybody's.
      author: this.filters.onlyMine ? (state.userEmail ?? '\0nobody') : undefined,
      now,
      staleAfterDays: windowSettings().staleAfterDays,
      deliveries: state.deliveries,
      agingAfterDays: windowSettings().agingAfterDays,
    });
    return { state, index: state.index as NonNullable<RepoState['index']>, figures, filters: this.filters, now };
  }

  private remember(node: GoalTreeNode): void {
    if (node instanceof GoalNode || node instanceof UntaggedNode) {
      const slot = this.slots.get(node.slot.root);
      if (slot) slot.nodes.set(nodeKey(node), { node, signature: signatureOf(node) });
    }
  }

  /**
   * The model changed (for one repository when the event names it). A repository whose rows stay the same gets
   * only its goals with new figures refreshed; otherwise the repository's rows are rebuilt.
   */
  private onModelChange(e: unknown): void {
    this.syncDescription();
    const repos = this.model.repositories;
    const changedRoot = rootOf(e);
    const sameRepos = repos.length === this.slots.size && repos.every((r) => this.slots.has(r.root));
    if (!sameRepos) {
      this.refreshAll();
      return;
    }
    // Grouped by goal, a goal's row adds up every repository: redrawn whole, but a repository whose index did not
    // change keeps its figures, and the roll-up is reused when no repository's figures changed.
    if (repos.length > 1 && this.filters.groupByGoal) {
      for (const state of repos) this.update(this.slots.get(state.root) as Slot, state);
      for (const slot of this.slots.values()) slot.nodes.clear();
      this._onDidChangeTreeData.fire(undefined);
      return;
    }
    const changed: GoalTreeNode[] = [];
    for (const state of repos) {
      if (changedRoot !== undefined && state.root !== changedRoot) continue;
      const slot = this.slots.get(state.root) as Slot;
      const shape = slot.shape;
      this.update(slot, state);
      if (slot.shape !== shape) {
        if (repos.length === 1 || !slot.repoNode) {
          this.refreshAll();
          return;
        }
        changed.push(slot.repoNode);
        continue;
      }
      for (const [key, entry] of slot.nodes) {
        const signature = signatureOf(entry.node);
        if (signature === entry.signature) continue;
        slot.nodes.set(key, { node: entry.node, signature });
        changed.push(entry.node);
      }
    }
    if (changed.length) this._onDidChangeTreeData.fire(changed);
  }

  /** Draws the tree again, keeping every repository's figures (and the workspace roll-up). */
  private redraw(): void {
    for (const slot of this.slots.values()) slot.nodes.clear();
    this._onDidChangeTreeData.fire(undefined);
  }

  private refreshAll(): void {
    for (const slot of this.slots.values()) slot.nodes.clear();
    this.slots.clear();
    this._onDidChangeTreeData.fire(undefined);
  }

  /** The "group by" toggle shows only with several repositories. */
  private syncMultipleRepositories(value: boolean): void {
    if (this.multipleRepositories === value) return;
    this.multipleRepositories = value;
    void vscode.commands.executeCommand('setContext', 'goalLens.multipleRepositories', value);
  }

  private syncDescription(): void {
    if (this.treeView) this.treeView.description = this.description || undefined;
  }
}

/** The repository a change event names: a RepoState-like object or a root path; undefined for "any". */
function rootOf(e: unknown): string | undefined {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const o = e as { root?: unknown; repository?: { root?: unknown } };
    if (typeof o.root === 'string') return o.root;
    if (o.repository && typeof o.repository.root === 'string') return o.repository.root;
  }
  return undefined;
}

function nodeKey(node: GoalNode | UntaggedNode): string {
  return node instanceof GoalNode ? `goal:${node.id}` : 'untagged';
}

/** What a goal or "Untagged work" row shows: when it changes, the row (and its open children) is refreshed. */
function signatureOf(node: GoalTreeNode): string {
  if (node instanceof UntaggedNode) {
    const f = node.slot.view?.figures;
    return JSON.stringify([f?.totals.commits, f?.totals.untagged, f && (f.window.since === undefined && f.window.author === undefined ? f.untagged[0]?.sha : null)]);
  }
  if (node instanceof GoalNode) {
    const f = node.figures;
    const view = node.slot.view;
    return JSON.stringify([
      node.goal,
      f && [f.totalCommits, f.lastAt, f.commits, f.lastOwnAt, f.staleness, f.lastEverAt, f.pastDue, f.branches],
      view?.index.branches.filter((b) => b.goalId === node.id),
      view && (view.index.children.get(node.id) ?? []).map((id) => view.index.goals.get(id)?.status),
    ]);
  }
  return '';
}

/** What decides a repository's own rows: its problems, loading state, and the goal hierarchy with visibility. */
function shapeOf(slot: Slot): string {
  const { state, view } = slot;
  const hierarchy = view ? [...view.index.children.entries()].map(([p, kids]) => [p, kids.map((id) => [id, view.index.goals.get(id)?.status])]) : null;
  const onlyMine = view?.filters.onlyMine ? [state.userEmail, view.figures.totals.commits === 0] : null;
  return JSON.stringify([state.stale, state.error ?? null, state.loading && !view, !!view, state.goalsFile?.goals.length ?? null, hierarchy, onlyMine, state.mergedHead?.key ?? null]);
}
