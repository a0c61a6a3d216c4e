// "Group by goal" with several repositories (issue 18): the workspace as one organisation, each goal once (by id,
// the first repository's goal) with every repository's work under it, then the untagged work of each repository.
// The figures are the workspace roll-up's (src/core/reports/rollup.ts, each commit counted once by sha) fed from
// each repository's figures in the view; the workspace roll-up page is built by the same function, so a goal's
// count in the tree is the page's.
import * as vscode from 'vscode';
import { commitsInWindow, type GoalFigures } from '../../../core/figures/figures';
import { reportFromFigures } from '../../../core/reports/report';
import { effortDaysOf } from '../../../core/reports/reportEffort';
import { buildCommitIndex } from '../../../core/reports/commitIndex';
import { RollupBuilder, type RollUp, type RollupGoal } from '../../../core/reports/rollup';
import { plural } from '../../../core/reports/formats';
import type { BranchLink, CommitRecord, Goal } from '../../../core/types';
import { path } from '../../nodeAdapter';
import { BranchNode } from './branchNode';
import { CommitNode } from './commitNodes';
import { CommitmentNode } from './commitmentNode';
import { countLabel } from './countLabel';
import { formatDays, formatFte, personDaysShort } from './effort';
import { CONTEXT } from './contextValues';
import { appendGoal, untrustedMarkdown } from '../goalMarkdown';
import { GoalNode, GroupNode, goalHealth, MAX_COMMITS, shortAgo } from './goalNode';
import { GoalTreeNode, type RepoSlot, type RepoView } from './node';
import { UntaggedNode } from './untaggedNode';
import { windowSettings } from '../../settings';

type IndexedSlot = RepoSlot & { view: RepoView };

/** The workspace's goals added up, and the repositories (with their roll-up names) they came from. */
export interface WorkspaceGoals {
  readonly goals: ReadonlyMap<string, RollupGoal>;
  readonly repos: readonly { name: string; slot: IndexedSlot }[];
  readonly totals: RollUp['totals'];
  readonly now: Date;
}

/**
 * The roll-up of repositories' figures as the Goals view has them (its window and author): what the grouped tree
 * and the workspace roll-up page show. Its `repos` are in the order of `views`.
 */
export function rollupOfViews(views: readonly { root: string; view: RepoView }[], now: Date): RollUp {
  const since = views.at(0)?.view.figures.window.since;
  const until = views.at(0)?.view.figures.window.until;
  const builder = new RollupBuilder({ now, since, until });
  for (const { root, view } of views) {
    const { index, figures } = view;
    const people = windowSettings().effortPeople;
    builder.add({ report: { ...reportFromFigures(index, figures, people), commitIndex: buildCommitIndex(index, commitsInWindow(index, figures.window)), effortDays: effortDaysOf(index, figures, people) }, source: path.basename(root) });
  }
  return builder.finish();
}

/** The roll-up of the indexed repositories under the view's filters (their figures' window and author). */
export function workspaceGoals(slots: readonly RepoSlot[], now: Date): WorkspaceGoals {
  const indexed = slots.filter((s): s is IndexedSlot => !!s.view);
  const rollup = rollupOfViews(indexed, now);
  return { goals: new Map(rollup.goals.map((g) => [g.id, g])), repos: indexed.map((slot, i) => ({ name: rollup.repos[i].name, slot })), totals: rollup.totals, now };
}

/** The grouped tree's top level: the workspace's top-level goals, then "Untagged work" of every repository. */
export function workspaceTopLevel(ws: WorkspaceGoals): GoalTreeNode[] {
  const out: GoalTreeNode[] = workspaceGoalNodes(undefined, ws, null);
  if (ws.repos.length) out.push(new WorkspaceUntaggedNode(ws));
  return out;
}

/** The top-level goals of the workspace (no parent among its goals), closed ones only when shown. */
export function workspaceGoalNodes(parent: GoalNode | undefined, ws: WorkspaceGoals, parentId: string | null): WorkspaceGoalNode[] {
  const out: WorkspaceGoalNode[] = [];
  for (const g of ws.goals.values()) {
    const p = g.parent !== null && ws.goals.has(g.parent) ? g.parent : null;
    if (p !== parentId) continue;
    const home = ws.repos.find((r) => r.slot.view.index.goals.has(g.id));
    const goal = home?.slot.view.index.goals.get(g.id);
    if (!home || !goal || (!home.slot.view.filters.showClosed && (goal.status === 'achieved' || goal.status === 'dropped'))) continue;
    out.push(new WorkspaceGoalNode(parent, home.slot, goal, ws));
  }
  return out;
}

/**
 * A goal of the workspace. It is the first repository's GoalNode (so goal commands act on that repository's goal)
 * with the workspace's figures, sub-goals and commits.
 */
export class WorkspaceGoalNode extends GoalNode {
  constructor(
    parent: GoalTreeNode | undefined,
    slot: RepoSlot,
    goal: Goal,
    /** The roll-up the row's figures come from (the grouped tree reuses it while no figures change). */
    readonly ws: WorkspaceGoals,
  ) {
    super(parent, slot, goal);
  }
  override treeItem(): vscode.TreeItem {
    const item = super.treeItem();
    const g = this.ws.goals.get(this.id);
    // Per repository, the latest work on the goal or a sub-goal; the workspace's is the latest of them, and the
    // repository with the latest work ever judges staleness (the same rule on the same date).
    const figs = this.ws.repos.map((r) => r.slot.view.figures.byId.get(this.id)).filter((f) => f !== undefined);
    const last = Math.max(...figs.map((f) => f.lastAt ?? -1));
    const latestEver = figs.reduce<GoalFigures | undefined>((a, f) => (!a || (f.lastEverAt ?? -1) > (a.lastEverAt ?? -1) ? f : a), undefined);
    item.id = `workspace-goal:${this.id}`;
    item.label = countLabel(g?.totalCommits ?? 0, this.goal.title);
    // Person-days with sub-goals, as a repository's row; the roll-up's (each person-day once across repositories).
    const pd = g?.totalEffort.personDays ?? 0;
    item.description = g && g.totalCommits && last >= 0 ? [pd > 0 ? personDaysShort(pd) : '', shortAgo(last, this.ws.now)].filter(Boolean).join(' · ') : 'no commits';
    const activity = g && g.totalCommits ? `${plural(g.totalCommits, 'commit')} in all repositories` : 'no commits in any repository';
    const effortWords = pd > 0 ? `, ${formatDays(pd)} person-days` : '';
    item.accessibilityInformation = { label: `${this.goal.title}, ${activity}${effortWords}` };
    const health = goalHealth(this.goal, latestEver, this.ws.now);
    item.iconPath = health.icon;
    const md = untrustedMarkdown();
    if (health.label) md.appendMarkdown(`**${health.label}**\n\n`);
    // Not one repository's figures in the card: its activity line is the workspace's.
    appendGoal(md, this.goal, this.ws.now).appendText(activity);
    if (g) {
      md.appendMarkdown('\n\n$(person) ');
      md.appendText(pd > 0 ? `Effort: ${formatDays(pd)} person-days, ${formatFte(g.totalEffort.fte)} FTE in all repositories, each person-day once (docs/effort.md)` : 'Effort: no person-days in this view');
    }
    item.tooltip = md;
    return item;
  }
  override children(): GoalTreeNode[] {
    const out: GoalTreeNode[] = workspaceGoalNodes(this, this.ws, this.id);
    const seen = new Set<string>();
    const commits: { commit: CommitRecord; slot: RepoSlot; repo: string }[] = [];
    for (const { name, slot } of this.ws.repos) {
      for (const commit of slot.view.figures.byId.get(this.id)?.own ?? []) {
        if (seen.has(commit.sha)) continue;
        seen.add(commit.sha);
        commits.push({ commit, slot, repo: name });
      }
    }
    commits.sort((a, b) => b.commit.time - a.commit.time);
    const branches: { branch: BranchLink; slot: RepoSlot; repo: string }[] = [];
    for (const { name, slot } of this.ws.repos) {
      for (const branch of slot.view.index.branches) if (branch.goalId === this.id) branches.push({ branch, slot, repo: name });
    }
    if (branches.length) {
      out.push(
        new GroupNode(this, this.slot, 'Branches', 'git-branch', String(branches.length), `workspace:${this.id}:branches`, (p) =>
          branches.map((b) => new RepoBranchNode(p, b.slot, b.branch, b.repo)),
        ),
      );
    }
    if (commits.length) {
      out.push(
        new GroupNode(this, this.slot, 'Recent commits', 'git-commit', String(commits.length), `workspace:${this.id}:commits`, (p) =>
          commits.slice(0, MAX_COMMITS).map((c) => new RepoCommitNode(p, c.slot, c.commit, this.id, c.repo)),
        ),
      );
    }
    // What was promised is written once, in the goal's file: its states are the first repository's figures.
    const commitments = this.figures?.commitments ?? [];
    if (commitments.length) {
      out.push(new GroupNode(this, this.slot, 'Commitments', 'checklist', String(commitments.length), `workspace:${this.id}:commitments`, (p) => commitments.map((c) => new CommitmentNode(p, c))));
    }
    return out;
  }
}

/** A branch under a workspace goal: its repository's name leads the description. */
export class RepoBranchNode extends BranchNode {
  constructor(
    parent: GoalTreeNode,
    slot: RepoSlot,
    branch: BranchLink,
    readonly repo: string,
  ) {
    super(parent, slot, branch);
  }
  override treeItem(): vscode.TreeItem {
    const item = super.treeItem();
    item.description = [this.repo, item.description].filter(Boolean).join(' · ');
    return item;
  }
}

/** "Untagged work" of the whole workspace (each commit once), with one row per repository under it. */
export class WorkspaceUntaggedNode extends GoalTreeNode {
  constructor(private readonly ws: WorkspaceGoals) {
    super(undefined);
  }
  treeItem(): vscode.TreeItem {
    const { untagged, commits } = this.ws.totals;
    const item = new vscode.TreeItem(countLabel(untagged, 'Untagged work'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = 'workspace-untagged';
    item.description = commits ? `${Math.round((untagged / commits) * 100)}%` : '';
    item.iconPath = new vscode.ThemeIcon('question', untagged ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.tooltip = 'Commits that serve no goal, in every repository of the workspace (a commit two repositories share counts once). Each repository below.';
    item.contextValue = CONTEXT.group;
    item.accessibilityInformation = { label: `Untagged work, ${plural(untagged, 'commit')} in all repositories` };
    return item;
  }
  override children(): GoalTreeNode[] {
    return this.ws.repos.map((r) => new RepoUntaggedNode(this, r.slot, r.name));
  }
}

/** One repository's untagged work under the workspace's: the repository's name is the label. */
export class RepoUntaggedNode extends UntaggedNode {
  constructor(
    parent: GoalTreeNode,
    slot: RepoSlot,
    readonly repo: string,
  ) {
    super(parent, slot);
  }
  override treeItem(): vscode.TreeItem {
    const item = super.treeItem();
    item.label = countLabel(this.commits.length, this.repo);
    item.id = `workspace-untagged:${this.slot.root}`;
    item.iconPath = new vscode.ThemeIcon('repo');
    item.accessibilityInformation = { label: `${this.repo}: untagged work, ${plural(this.commits.length, 'commit')}, ${String(item.description)}` };
    return item;
  }
}

/** A commit under a workspace goal: its repository's name leads the description. */
export class RepoCommitNode extends CommitNode {
  constructor(
    parent: GoalTreeNode,
    slot: RepoSlot,
    commit: CommitRecord,
    goalId: string,
    readonly repo: string,
  ) {
    super(parent, slot, commit, goalId);
  }
  override treeItem(): vscode.TreeItem {
    const item = super.treeItem();
    item.description = `${this.repo} · ${String(item.description)}`;
    return item;
  }
}
