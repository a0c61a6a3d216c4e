// Goal Lens: Open Workspace Roll-up — the workspace's repositories as one organisation: each goal once (shared goals
// by id), every repository's work under it with each commit counted once, and the goal-by-repository table. The
// same pure roll-up as `goal-lens rollup` (src/core/reports/rollup.ts), fed from the figures the Goals view shows
// (its time window and "only my work"), so a goal's count on the page is the one the grouped view shows.
import * as vscode from 'vscode';
import type { RollUp } from '../core/reports/rollup';
import { rollupToHtml } from '../core/reports/rollupFormats';
import type { GoalLensModel } from './model/model';
import { registerCommand } from './registerCommand';
import { rollupOfViews } from './views/goals/workspaceGoalNode';
import type { GoalsTreeProvider } from './views/goalsTree';

export const ROLLUP_VIEW_TYPE = 'goalLens.workspaceRollup';

/** The roll-up of every indexed workspace repository under the Goals view's filters, or undefined when none is indexed yet. */
export function workspaceRollup(model: GoalLensModel, tree: GoalsTreeProvider, now = new Date()): RollUp | undefined {
  const views = model.repositories.flatMap((r) => {
    const view = r.index ? tree.viewOf(r) : undefined;
    return view ? [{ root: r.root, view }] : [];
  });
  return views.length ? rollupOfViews(views, now) : undefined;
}

export function registerWorkspaceRollup(model: GoalLensModel, tree: GoalsTreeProvider): vscode.Disposable {
  return registerCommand('goalLens.openWorkspaceRollup', () => openWorkspaceRollup(model, tree));
}

/** Shows the roll-up in a webview (no script: plain HTML under a CSP that allows only inline styles). */
export function openWorkspaceRollup(model: GoalLensModel, tree: GoalsTreeProvider): { panel: vscode.WebviewPanel; rollup: RollUp } | undefined {
  const rollup = workspaceRollup(model, tree);
  if (!rollup) {
    void vscode.window.showInformationMessage('Goal Lens: no repository of this workspace is indexed yet.');
    return undefined;
  }
  const panel = vscode.window.createWebviewPanel(ROLLUP_VIEW_TYPE, 'Goal Lens Roll-up', vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [] });
  panel.webview.html = rollupToHtml(rollup);
  return { panel, rollup };
}
