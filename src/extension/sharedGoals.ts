// Goal Lens: Update Shared Goals — the editor's explicit fetch of the shared goals of `extends:` (src/git/sharedGoals.ts).
// Loads never fetch; this command does, for every workspace repository whose goals.yaml extends a git source.
import * as vscode from 'vscode';
import { pullSharedGoals } from '../git/sharedGoals';
import { registerCommand } from './registerCommand';
import { requireTrust } from './trust';
import type { GoalLensModel } from './model/model';
import { path } from './nodeAdapter';

export function registerSharedGoals(model: GoalLensModel): vscode.Disposable {
  return registerCommand('goalLens.updateSharedGoals', () => updateSharedGoals(model));
}

/** Fetches the shared goals of each repository that has a git source; returns the one-line result of each. */
export async function updateSharedGoals(model: GoalLensModel): Promise<string[]> {
  if (!requireTrust('Fetching shared goals')) return [];
  const repos = model.repositories.filter((r) => r.goalsFile?.extends?.kind === 'git');
  if (repos.length === 0) {
    void vscode.window.showInformationMessage('Goal Lens: no goals.yaml here takes shared goals from a git repository (extends: { repo, ref, path }).');
    return [];
  }
  const lines = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Goal Lens: fetching shared goals', cancellable: false }, async () => {
    const out: { ok: boolean; line: string }[] = [];
    for (const r of repos) {
      const result = await pullSharedGoals(r.root, r.goalsFile?.extends, { trusted: vscode.workspace.isTrusted });
      out.push({ ok: result.ok, line: `${repos.length > 1 ? `${path.basename(r.root)}: ` : ''}${result.message}` });
      if (result.ok) await model.refresh(r.root);
    }
    return out;
  });
  const text = `Goal Lens: ${lines.map((l) => l.line).join('; ')}`;
  void (lines.every((l) => l.ok) ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text));
  return lines.map((l) => l.line);
}
