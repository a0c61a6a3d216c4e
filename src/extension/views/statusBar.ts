// Status bar: the goal of the current branch, or "No goal" with a click that links one.
import * as vscode from 'vscode';
import { checkedOutBranchGoals } from '../commands';
import type { GoalLensModel } from '../model/model';

export class GoalStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('goalLens.branchGoal', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(private readonly model: GoalLensModel) {
    this.item.name = 'Goal Lens: Branch Goal';
    this.disposables.push(
      this.item,
      model.onDidChange(() => void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
    );
    void this.update();
  }

  private shown = false;

  /** The text shown, e.g. "$(target) checkout-conversion", or '' when the item is hidden (for tests). */
  get text(): string {
    return this.shown ? this.item.text : '';
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const repos = this.model.repositories;
    const editor = vscode.window.activeTextEditor?.document.uri;
    const state = (editor && this.model.repositoryFor(editor)) ?? repos[0];
    if (!state?.index) {
      this.hide();
      return;
    }
    const { branch, goals } = await checkedOutBranchGoals(state);
    if (generation !== this.generation) return; // a newer update is on its way
    if (!branch) {
      this.hide();
      return;
    }
    const tooltip = new vscode.MarkdownString('', true);
    tooltip.isTrusted = false;
    if (goals.length) {
      this.item.text = `$(target) ${goals.map((g) => g.id).join(', ')}`;
      tooltip.appendText(`Branch ${branch} serves: ${goals.map((g) => `${g.title} (${g.id})`).join('; ')}`);
      tooltip.appendMarkdown('\n\n');
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

  private hide(): void {
    this.item.hide();
    this.shown = false;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
