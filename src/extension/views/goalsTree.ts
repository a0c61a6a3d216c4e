// The Goals view: the goal hierarchy with each goal's branches, recent commits and commitments, an
// "Untagged work" node, and one top-level node per repository when the workspace has several.
import { path } from '../nodeAdapter';
import * as vscode from 'vscode';
import { ago } from '../../core/dates';
import type { GoalIndex } from '../../core/index/goalIndex';
import { isPastDue, isoDate } from '../../core/reports/report';
import type { BranchLink, Commitment, CommitRecord, Goal } from '../../core/types';
import { reasonFor, viewFigures, type ViewFigures } from './figures';
import { plural } from '../../core/reports/formats';
import { appendCommit, appendGoal, untrustedMarkdown } from './goalMarkdown';
import type { GoalLensModel, RepoState } from '../model/model';
import { affects, readSettings, windowStart, type TreeFilters, type ViewFilters } from '../settings';

const MAX_COMMITS = 100;

export type { TreeFilters } from '../settings';

/** What every node of one repository reads: the index and its figures under the current filters. */
interface RepoView {
  state: RepoState;
  index: GoalIndex;
  figures: ViewFigures;
  filters: TreeFilters;
  now: Date;
  staleAfterDays: number;
}

export abstract class GoalTreeNode {
  abstract treeItem(): vscode.TreeItem;
  children(): GoalTreeNode[] {
    return [];
  }
}

export class RepoNode extends GoalTreeNode {
  constructor(readonly view: RepoView | undefined, readonly state: RepoState) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(path.basename(this.state.root), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `repo:${this.state.root}`;
    item.description = this.state.loading && !this.view ? 'indexing…' : this.state.stale ? 'stale' : undefined;
    item.iconPath = new vscode.ThemeIcon('repo');
    item.tooltip = this.state.root;
    item.contextValue = 'repository';
    return item;
  }
  override children(): GoalTreeNode[] {
    return repoChildren(this.view, this.state);
  }
}

export class MessageNode extends GoalTreeNode {
  constructor(readonly label: string, readonly icon: vscode.ThemeIcon, readonly detail?: string) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = this.icon;
    if (this.detail) {
      item.description = this.detail; // what is wrong, where: visible without hovering
      item.tooltip = this.detail;
    }
    item.contextValue = 'message';
    return item;
  }
}

/** A goal shown before the history is indexed: its place in the hierarchy, no figures yet. */
export class PendingGoalNode extends GoalTreeNode {
  constructor(readonly goal: Goal, private readonly all: readonly Goal[]) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const hasChildren = this.all.some((g) => g.parent === this.goal.id);
    const item = new vscode.TreeItem(this.goal.title, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `pending:${this.goal.id}`;
    item.description = 'indexing…';
    item.iconPath = new vscode.ThemeIcon('target');
    item.tooltip = untrustedMarkdown().appendText(`${this.goal.title} (${this.goal.id})`);
    item.contextValue = 'pendingGoal';
    return item;
  }
  override children(): GoalTreeNode[] {
    return pendingGoals(this.all, this.goal.id);
  }
}

function pendingGoals(all: readonly Goal[], parent: string): GoalTreeNode[] {
  const ids = new Set(all.map((g) => g.id));
  return all
    .filter((g) => g.status !== 'achieved' && g.status !== 'dropped')
    .filter((g) => (parent === '' ? !g.parent || !ids.has(g.parent) : g.parent === parent))
    .map((g) => new PendingGoalNode(g, all));
}

export class GoalNode extends GoalTreeNode {
  constructor(readonly view: RepoView, readonly goal: Goal) {
    super();
  }
  get root(): string {
    return this.view.state.root;
  }
  treeItem(): vscode.TreeItem {
    const { goal, view } = this;
    const fig = view.figures.byGoal.get(goal.id);
    const item = new vscode.TreeItem(goal.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `goal:${view.state.root}:${goal.id}`;
    item.description = goalDescription(fig?.total ?? 0, fig?.last ?? -1, view.now);
    const health = goalHealth(view, goal);
    item.iconPath = health.icon;
    const md = untrustedMarkdown();
    if (health.label) md.appendMarkdown(`**${health.label}**\n\n`);
    item.tooltip = appendGoal(md, goal, view.now, fig ? { total: fig.total, last: fig.last } : undefined);
    item.contextValue = `goal.${goal.status}`;
    item.accessibilityInformation = { label: `${goal.title}, ${item.description}${health.label ? `, ${health.label}` : ''}` };
    return item;
  }
  override children(): GoalTreeNode[] {
    const { view, goal } = this;
    const out: GoalTreeNode[] = visibleGoals(view, view.index.children.get(goal.id) ?? []).map((g) => new GoalNode(view, g));
    const branches = view.index.branches.filter((b) => b.goalId === goal.id);
    if (branches.length) out.push(new GroupNode('Branches', 'git-branch', String(branches.length), branches.map((b) => new BranchNode(view, b)), `${goal.id}:branches`, view));
    const own = view.figures.byGoal.get(goal.id)?.own ?? [];
    if (own.length) {
      out.push(
        new GroupNode('Recent commits', 'git-commit', String(own.length), own.slice(0, MAX_COMMITS).map((c) => new CommitNode(view, c, goal.id)), `${goal.id}:commits`, view),
      );
    }
    if (goal.commitments.length) {
      out.push(new GroupNode('Commitments', 'checklist', String(goal.commitments.length), goal.commitments.map((c) => new CommitmentNode(view, c)), `${goal.id}:commitments`, view));
    }
    return out;
  }
}

export class GroupNode extends GoalTreeNode {
  constructor(
    readonly label: string,
    readonly icon: string,
    readonly description: string,
    readonly items: GoalTreeNode[],
    readonly key: string,
    readonly view: RepoView,
  ) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${this.view.state.root}:${this.key}`;
    item.description = this.description;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'group';
    return item;
  }
  override children(): GoalTreeNode[] {
    return this.items;
  }
}

export class UntaggedNode extends GoalTreeNode {
  constructor(readonly view: RepoView) {
    super();
  }
  get commits(): readonly CommitRecord[] {
    return this.view.figures.untagged;
  }
  treeItem(): vscode.TreeItem {
    const n = this.commits.length;
    const total = this.view.figures.commits;
    const item = new vscode.TreeItem('Untagged work', n ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `untagged:${this.view.state.root}`;
    item.description = `${plural(n, 'commit')}${total ? ` · ${Math.round((n / total) * 100)}%` : ''}`;
    item.iconPath = new vscode.ThemeIcon('question', n ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.tooltip = 'Commits that serve no goal: no trailer, note, issue key, branch or merge links them. Tag them with "Goal Lens: Tag Commit with Goal".';
    item.contextValue = 'untagged';
    return item;
  }
  override children(): GoalTreeNode[] {
    const nodes: GoalTreeNode[] = this.commits.slice(0, MAX_COMMITS).map((c) => new CommitNode(this.view, c, undefined));
    if (this.commits.length > MAX_COMMITS) nodes.push(new MessageNode(`${this.commits.length - MAX_COMMITS} more…`, new vscode.ThemeIcon('ellipsis')));
    return nodes;
  }
}

export class CommitNode extends GoalTreeNode {
  constructor(readonly view: RepoView, readonly commit: CommitRecord, readonly goalId: string | undefined) {
    super();
  }
  get root(): string {
    return this.view.state.root;
  }
  treeItem(): vscode.TreeItem {
    const { commit: c, view } = this;
    const item = new vscode.TreeItem(c.subject || c.sha.slice(0, 8), vscode.TreeItemCollapsibleState.None);
    item.id = `commit:${view.state.root}:${this.goalId ?? ''}:${c.sha}`;
    const reason = this.goalId ? reasonFor(view.index.links.get(c.sha), this.goalId) : '';
    item.description = [c.author, ago(c.time, view.now), reason].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('git-commit');
    item.tooltip = appendCommit(untrustedMarkdown(), view.index, c, view.now);
    item.contextValue = this.goalId ? 'commit.linked' : 'commit.untagged';
    item.command = { command: 'goalLens.openCommit', title: 'Open Commit Changes', arguments: [this] };
    return item;
  }
}

export class BranchNode extends GoalTreeNode {
  constructor(readonly view: RepoView, readonly branch: BranchLink) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const b = this.branch;
    const item = new vscode.TreeItem(b.branch, vscode.TreeItemCollapsibleState.None);
    item.id = `branch:${this.view.state.root}:${b.goalId}:${b.branch}`;
    item.description = [b.detail, b.commitsAhead === null ? undefined : `${b.commitsAhead} ahead`].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('git-branch');
    const md = untrustedMarkdown();
    md.appendText(`${b.branch} serves ${b.goalId}: ${b.detail}`);
    if (b.commitsAhead !== null) md.appendText(`\n\n${plural(b.commitsAhead, 'commit')} not yet on the default branch`);
    item.tooltip = md;
    item.contextValue = 'branch';
    return item;
  }
}

export type CommitmentState = 'kept' | 'late' | 'missed' | 'open' | 'done';

export function commitmentState(c: Commitment, today: string): CommitmentState {
  if (c.done) return !c.due ? 'done' : c.done <= c.due ? 'kept' : 'late';
  return c.due && c.due < today ? 'missed' : 'open';
}

export class CommitmentNode extends GoalTreeNode {
  constructor(readonly view: RepoView, readonly commitment: Commitment) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const c = this.commitment;
    const state = commitmentState(c, isoDate(this.view.now));
    const item = new vscode.TreeItem(c.what, vscode.TreeItemCollapsibleState.None);
    const when = c.done ? `done ${c.done}${c.due ? ` (due ${c.due})` : ''}` : c.due ? `due ${c.due}` : 'no due date';
    item.description = `${state} · ${when}`;
    const icons: Record<CommitmentState, vscode.ThemeIcon> = {
      kept: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
      done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
      late: new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')),
      missed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
      open: new vscode.ThemeIcon('circle-large-outline'),
    };
    item.iconPath = icons[state];
    item.tooltip = `${c.what}: ${state}, ${when}`;
    item.contextValue = `commitment.${state}`;
    return item;
  }
}

function goalDescription(total: number, last: number, now: Date): string {
  if (total === 0) return 'no commits';
  return `${plural(total, 'commit')} · ${ago(last, now)}`;
}

interface Health {
  icon: vscode.ThemeIcon;
  label?: string;
}

export function goalHealth(view: RepoView, goal: Goal): Health {
  const today = isoDate(view.now);
  if (goal.status === 'achieved') return { icon: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')), label: 'Achieved' };
  if (goal.status === 'dropped') return { icon: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')), label: 'Dropped' };
  if (isPastDue(goal, today)) return { icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), label: 'Past due' };
  if (goal.status === 'paused') return { icon: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('disabledForeground')), label: 'Paused' };
  if (goal.status === 'proposed') return { icon: new vscode.ThemeIcon('circle-large-outline'), label: 'Proposed' };
  // Staleness looks at all history, not the view's filters: a goal is stalled for everyone or no one.
  const last = lastActivityAll(view.index, goal.id);
  if (last < 0 || Math.floor(view.now.getTime() / 1000) - last > view.staleAfterDays * 86_400) {
    return { icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')), label: `Stalled: no work for ${view.staleAfterDays}+ days` };
  }
  return { icon: new vscode.ThemeIcon('target', new vscode.ThemeColor('charts.blue')) };
}

const lastCache = new WeakMap<GoalIndex, Map<string, number>>();

function lastActivityAll(index: GoalIndex, goalId: string): number {
  let perGoal = lastCache.get(index);
  if (!perGoal) {
    perGoal = new Map();
    for (const c of index.commits) for (const l of index.links.get(c.sha) ?? []) perGoal.set(l.goalId, Math.max(perGoal.get(l.goalId) ?? -1, c.time));
    lastCache.set(index, perGoal);
  }
  const seen = new Set<string>();
  const stack = [goalId];
  let last = -1;
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    last = Math.max(last, perGoal.get(id) ?? -1);
    stack.push(...(index.children.get(id) ?? []));
  }
  return last;
}

function visibleGoals(view: RepoView, ids: readonly string[]): Goal[] {
  return ids
    .map((id) => view.index.goals.get(id))
    .filter((g): g is Goal => !!g && (view.filters.showClosed || (g.status !== 'achieved' && g.status !== 'dropped')));
}

function repoChildren(view: RepoView | undefined, state: RepoState): GoalTreeNode[] {
  const out: GoalTreeNode[] = [];
  if (state.stale || (state.error && !view)) {
    out.push(
      new MessageNode(
        state.stale ? 'goals.yaml has problems: showing the last good model' : 'Cannot read this repository',
        new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
        state.error,
      ),
    );
  }
  if (!view) {
    // First paint never waits for the history: the goals come from goals.yaml alone, their figures follow.
    if (state.goalsFile && !state.stale) out.push(...pendingGoals(state.goalsFile.goals, ''));
    if (state.loading || !state.error) out.push(new MessageNode('Indexing…', new vscode.ThemeIcon('loading~spin')));
    return out;
  }
  const top = visibleGoals(view, view.index.children.get('') ?? []);
  out.push(...top.map((g) => new GoalNode(view, g)));
  if (view.index.goals.size === 0) out.push(new MessageNode('No goals in goals.yaml yet', new vscode.ThemeIcon('info')));
  out.push(new UntaggedNode(view));
  return out;
}

export class GoalsTreeProvider implements vscode.TreeDataProvider<GoalTreeNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<GoalTreeNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly views = new Map<RepoState, RepoView>();

  constructor(
    private readonly model: GoalLensModel,
    private readonly viewFilters: ViewFilters,
  ) {
    this.disposables.push(
      this._onDidChangeTreeData,
      model.onDidChange(() => this.refresh()),
      viewFilters.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'staleAfterDays') && this.refresh()),
    );
  }

  get filters(): TreeFilters {
    return this.viewFilters.value;
  }

  setFilters(change: Partial<TreeFilters>): Promise<void> {
    return this.viewFilters.set(change);
  }

  refresh(): void {
    this.views.clear();
    this._onDidChangeTreeData.fire(undefined);
  }

  getTreeItem(node: GoalTreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: GoalTreeNode): GoalTreeNode[] {
    if (node) return node.children();
    const repos = this.model.repositories;
    if (repos.length === 0) return [];
    if (repos.length === 1) return repoChildren(this.viewOf(repos[0]), repos[0]);
    return repos.map((r) => new RepoNode(this.viewOf(r), r));
  }

  /** The figures the view shows for a repository (built once per model change and filter change). */
  viewOf(state: RepoState): RepoView | undefined {
    if (!state.index) return undefined;
    let view = this.views.get(state);
    if (!view || view.index !== state.index) {
      const now = new Date();
      const settings = readSettings(vscode.Uri.file(state.root));
      const since = windowStart(this.filters.timeWindow, now);
      const figures = viewFigures(state.index, { since, email: this.filters.onlyMine ? (state.userEmail ?? '\0nobody') : undefined });
      view = { state, index: state.index, figures, filters: this.filters, now, staleAfterDays: settings.staleAfterDays };
      this.views.set(state, view);
    }
    return view;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
