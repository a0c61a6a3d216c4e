import * as vscode from 'vscode';
import { ago } from '../../../core/dates';
import { stalenessText, type GoalFigures } from '../../../core/figures/figures';
import { plural } from '../../../core/reports/formats';
import type { Goal } from '../../../core/types';
import { appendGoal, untrustedMarkdown } from '../goalMarkdown';
import { BranchNode } from './branchNode';
import { CommitNode } from './commitNodes';
import { CommitmentNode } from './commitmentNode';
import { CONTEXT, goalContext } from './contextValues';
import { countLabel } from './countLabel';
import { formatDays, formatFte, goalEffort, personDaysShort } from './effort';
import { GoalTreeNode, type RepoSlot, type RepoView } from './node';

/** Most commits listed under a goal (the count in the description is complete). */
export const MAX_COMMITS = 100;

/** A goal: its figures in the description, its card in the tooltip; sub-goals, branches, commits, commitments below. */
export class GoalNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode | undefined,
    readonly slot: RepoSlot,
    private readonly initial: Goal,
  ) {
    super(parent);
  }
  get root(): string {
    return this.slot.root;
  }
  get id(): string {
    return this.initial.id;
  }
  /** The goal as the current index has it (a title edit shows without rebuilding the node). */
  get goal(): Goal {
    return this.slot.view?.index.goals.get(this.initial.id) ?? this.initial;
  }
  get figures(): GoalFigures | undefined {
    return this.slot.view?.figures.byId.get(this.initial.id);
  }
  treeItem(): vscode.TreeItem {
    const goal = this.goal;
    const fig = this.figures;
    const now = this.slot.view?.now ?? new Date();
    const item = new vscode.TreeItem(fig ? countLabel(fig.totalCommits, goal.title) : goal.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `goal:${this.root}:${goal.id}`;
    const view = this.slot.view;
    const effort = view && fig ? goalEffort(view, goal.id) : undefined;
    item.description = fig ? goalDescription(fig, now, effort?.personDays ?? 0) : '';
    const health = goalHealth(goal, fig, now);
    item.iconPath = health.icon;
    const md = untrustedMarkdown();
    if (health.label) md.appendMarkdown(`**${health.label}**\n\n`);
    appendGoal(md, goal, now, fig, view?.figures.flow?.byGoal.get(goal.id));
    if (effort) {
      md.appendMarkdown('$(person) ');
      md.appendText(
        effort.personDays
          ? `Effort: ${formatDays(effort.personDays)} person-days, ${formatFte(effort.fte)} FTE${(view?.index.children.get(goal.id) ?? []).length ? ' with sub-goals' : ''} (docs/effort.md)`
          : 'Effort: no person-days in this view',
      );
      md.appendMarkdown('\n\n');
    }
    item.tooltip = md;
    item.contextValue = goalContext(goal.status);
    const activity = fig && fig.totalCommits && fig.lastAt !== null ? `${plural(fig.totalCommits, 'commit')}, last ${ago(fig.lastAt, now)}` : 'no commits';
    const effortWords = effort?.personDays ? `, ${formatDays(effort.personDays)} person-days` : '';
    item.accessibilityInformation = { label: `${goal.title}, ${activity}${effortWords}${health.label ? `, ${health.label}` : ''}` };
    return item;
  }
  override children(): GoalTreeNode[] {
    const view = this.slot.view;
    if (!view) return [];
    const goal = this.goal;
    const out: GoalTreeNode[] = visibleGoals(view, view.index.children.get(goal.id) ?? []).map((g) => new GoalNode(this, this.slot, g));
    const branches = view.index.branches.filter((b) => b.goalId === goal.id);
    if (branches.length) {
      out.push(new GroupNode(this, this.slot, 'Branches', 'git-branch', String(branches.length), `${goal.id}:branches`, (p) => branches.map((b) => new BranchNode(p, this.slot, b))));
    }
    const own = this.figures?.own ?? [];
    if (own.length) {
      out.push(
        new GroupNode(this, this.slot, 'Recent commits', 'git-commit', String(own.length), `${goal.id}:commits`, (p) =>
          own.slice(0, MAX_COMMITS).map((c) => new CommitNode(p, this.slot, c, goal.id)),
        ),
      );
    }
    const commitments = this.figures?.commitments ?? [];
    if (commitments.length) {
      out.push(new GroupNode(this, this.slot, 'Commitments', 'checklist', String(commitments.length), `${goal.id}:commitments`, (p) => commitments.map((c) => new CommitmentNode(p, c))));
    }
    return out;
  }
}

/** "Branches", "Recent commits", "Commitments" under a goal. */
export class GroupNode extends GoalTreeNode {
  constructor(
    parent: GoalTreeNode,
    readonly slot: RepoSlot,
    readonly label: string,
    readonly icon: string,
    readonly description: string,
    readonly key: string,
    private readonly items: (self: GroupNode) => GoalTreeNode[],
  ) {
    super(parent);
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${this.slot.root}:${this.key}`;
    item.description = this.description;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = CONTEXT.group;
    return item;
  }
  override children(): GoalTreeNode[] {
    return this.items(this);
  }
}

/**
 * "12.5 pd · 3d": the goal with its sub-goals, in the view's window: person-days, then the last work (the commit
 * count leads the label). The tooltip and the screen reader say it in words.
 */
function goalDescription(fig: GoalFigures, now: Date, personDays: number): string {
  if (fig.totalCommits === 0 || fig.lastAt === null) return 'no commits';
  return [personDays > 0 ? personDaysShort(personDays) : '', shortAgo(fig.lastAt, now)].filter(Boolean).join(' · ');
}

/** "now", "5h", "3d", "2w", "4mo", "1y". */
export function shortAgo(unixSeconds: number, now: Date): string {
  const s = Math.max(0, Math.floor(now.getTime() / 1000) - unixSeconds);
  const units: [number, string][] = [[365 * 86_400, 'y'], [30 * 86_400, 'mo'], [7 * 86_400, 'w'], [86_400, 'd'], [3600, 'h']];
  for (const [size, unit] of units) if (s >= size) return `${Math.floor(s / size)}${unit}`;
  return 'now';
}

interface Health {
  icon: vscode.ThemeIcon;
  label?: string;
}

/** The goal's icon and the flag its tooltip starts with. The rules (past due, stale) are the core figures'. */
export function goalHealth(goal: Goal, fig: GoalFigures | undefined, now: Date): Health {
  if (goal.status === 'achieved') return { icon: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')), label: 'Achieved' };
  if (goal.status === 'dropped') return { icon: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')), label: 'Dropped' };
  if (fig?.pastDue) return { icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), label: 'Past due' };
  if (goal.status === 'paused') return { icon: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('disabledForeground')), label: 'Paused' };
  if (goal.status === 'proposed') return { icon: new vscode.ThemeIcon('circle-large-outline'), label: 'Proposed' };
  if (fig?.staleness === 'no-work-yet') return { icon: new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('list.warningForeground')), label: 'No work yet' };
  if (fig?.staleness === 'stale') {
    return { icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')), label: `Stale: ${stalenessText(fig, now)}` };
  }
  return { icon: new vscode.ThemeIcon('target', new vscode.ThemeColor('charts.blue')) };
}

export function visibleGoals(view: RepoView, ids: readonly string[]): Goal[] {
  return ids
    .map((id) => view.index.goals.get(id))
    .filter((g): g is Goal => !!g && (view.filters.showClosed || (g.status !== 'achieved' && g.status !== 'dropped')));
}
