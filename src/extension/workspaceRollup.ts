// Goal Lens: Open Workspace Roll-up — the workspace's repositories as one organisation: each goal once (shared goals
// by id), every repository's work under it with each commit counted once, and the goal-by-repository table. The
// same pure roll-up as `goal-lens rollup` (src/core/reports/rollup.ts), fed from the model's indexes.
import * as vscode from 'vscode';
import { buildReport } from '../core/reports/report';
import { RollupBuilder, type RollUp } from '../core/reports/rollup';
import { rollupToHtml } from '../core/reports/rollupFormats';
import type { GoalLensModel } from './model/model';
import { path } from './nodeAdapter';
import { windowSettings } from './settings';

export const ROLLUP_VIEW_TYPE = 'goalLens.workspaceRollup';

/** The roll-up of every indexed workspace repository, or undefined when none is indexed yet. */
export function workspaceRollup(model: GoalLensModel, now = new Date()): RollUp | undefined {
  const repos = model.repositories.flatMap((r) => (r.index ? [{ root: r.root, index: r.index }] : []));
  if (repos.length === 0) return undefined;
  const builder = new RollupBuilder({ now });
  const staleAfterDays = windowSettings().staleAfterDays;
  for (const r of repos) builder.add({ report: buildReport(r.index, { now, staleAfterDays, commitIndex: true }), source: path.basename(r.root) });
  return builder.finish();
}

export function registerWorkspaceRollup(model: GoalLensModel): vscode.Disposable {
  return vscode.commands.registerCommand('goalLens.openWorkspaceRollup', () => openWorkspaceRollup(model));
}

/** Shows the roll-up in a webview (no script: plain HTML under a CSP that allows only inline styles). */
export function openWorkspaceRollup(model: GoalLensModel): { panel: vscode.WebviewPanel; rollup: RollUp } | undefined {
  const rollup = workspaceRollup(model);
  if (!rollup) {
    void vscode.window.showInformationMessage('Goal Lens: no repository of this workspace is indexed yet.');
    return undefined;
  }
  const panel = vscode.window.createWebviewPanel(ROLLUP_VIEW_TYPE, 'Goal Lens Roll-up', vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [] });
  panel.webview.html = rollupToHtml(rollup);
  return { panel, rollup };
}
