// Status bar: the goal of the current branch, or "No goal" with a click that links one. Its tooltip gives each goal's
// figures over all history, from the core figures (the same as the Goals view's with no filter).
import * as vscode from 'vscode';
import { ago } from '../../core/dates';
import { computeFigures, type Figures } from '../../core/figures/figures';
import type { GoalIndex } from '../../core/index/goalIndex';
import { defaultBranchShortName } from '../../core/index/branchNames';
import { plural } from '../../core/reports/formats';
import { checkedOutBranchGoals } from '../commands';
import type { GoalLensModel } from '../model/model';
import { windowSettings } from '../settings';

export class GoalStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('goalLens.branchGoal', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: GoalLensModel) {
    this.item.name = 'Goal Lens: Branch Goal';
    this.disposables.push(
      this.item,
      model.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  private shown = false;
  private figures: { index: GoalIndex; figures: Figures } | undefined;
  /** Each goal's line of the tooltip, as plain text (for tests). */
  goalLines: string[] = [];

  /** The text shown, e.g. "$(target) checkout-conversion", or '' when the item is hidden (for tests). */
  get text(): string {
    return this.shown ? this.item.text : '';
  }

  update(): void {
    const repos = this.model.repositories;
    const editor = vscode.window.activeTextEditor?.document.uri;
    const state = (editor && this.model.repositoryFor(editor)) ?? repos.at(0);
    if (!state?.index) {
      this.hide();
      return;
    }
    const { branch, goals } = checkedOutBranchGoals(state);
    if (!branch) {
      this.hide();
      return;
    }
    const tooltip = new vscode.MarkdownString('', true);
    tooltip.isTrusted = false;
    this.goalLines = [];
    if (goals.length) {
      this.item.text = `$(target) ${goals.map((g) => g.id).join(', ')}`;
      // The figures are of HEAD's history: on a branch other than the default one, say so.
      const merged = state.mergedHead;
      const onDefault = branch === defaultBranchShortName(state.index.defaultBranch);
      const where = onDefault ? 'in all history' : 'on this branch';
      tooltip.appendText(merged ? `Branch ${branch} (merged into ${merged.into}) serves:` : `Branch ${branch} serves:`);
      tooltip.appendMarkdown('\n\n');
      const figures = this.figuresOf(state.index);
      for (const g of goals) {
        const f = figures.byId.get(g.id);
        const activity = f && f.totalCommits && f.lastAt !== null ? `${plural(f.totalCommits, 'commit')} ${where}, last ${ago(f.lastAt, figures.now)}` : 'no commits yet';
        const line = `${g.title} (${g.id}): ${activity}`;
        this.goalLines.push(line);
        tooltip.appendMarkdown('- ');
        tooltip.appendText(line);
        tooltip.appendMarkdown('\n');
      }
      tooltip.appendMarkdown('\n');
      tooltip.appendText('Click to link it to another goal.');
    } else {
      this.item.text = '$(target) No goal';
      tooltip.appendText(`Branch ${branch} serves no goal. Click to link it to one.`);
    }
    this.item.tooltip = tooltip;
    this.item.command = { command: 'goalLens.linkBranch', title: 'Link Current Branch to Goal' };
    this.item.accessibilityInformation = { label: goals.length ? `Branch goal: ${goals.map((g) => g.title).join(', ')}` : 'Branch has no goal' };
    this.item.show();
    this.shown = true;
  }

  /** All-history figures of the index, computed once per index. */
  private figuresOf(index: GoalIndex): Figures {
    if (this.figures?.index !== index) {
      const figures = computeFigures(index, { now: new Date(), staleAfterDays: windowSettings().staleAfterDays });
      this.figures = { index, figures };
    }
    return this.figures.figures;
  }

  private hide(): void {
    this.item.hide();
    this.shown = false;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
