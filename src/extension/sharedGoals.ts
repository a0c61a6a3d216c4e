// Goal Lens: Update Shared Goals — the editor's explicit fetch of the shared goals of `extends:` (src/git/sharedGoals.ts).
// Loads never fetch; this command does, for every workspace repository whose goals.yaml extends a git source.
import * as vscode from 'vscode';
import { ago } from '../core/dates';
import { plural } from '../core/reports/formats';
import type { GoalsFile } from '../core/types';
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
  // A path on disk is read as it is, on every refresh: say so, rather than that nothing extends anything.
  const onDisk = model.repositories.flatMap((r) => {
    const src = r.goalsFile?.extends;
    return src?.kind === 'path' ? [`${path.basename(r.root)} reads its shared goals from ${src.path} on disk; nothing to fetch`] : [];
  });
  if (repos.length === 0) {
    const text = onDisk.length ? `Goal Lens: ${onDisk.join('; ')}.` : 'Goal Lens: no goals.yaml here takes shared goals (extends: a path, or { repo, ref, path } to fetch).';
    void vscode.window.showInformationMessage(text);
    return onDisk;
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
  const text = `Goal Lens: ${[...lines.map((l) => l.line), ...onDisk].join('; ')}`;
  void (lines.every((l) => l.ok) ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text));
  return [...lines.map((l) => l.line), ...onDisk];
}

/**
 * Where a repository's shared goals come from, for its row's tooltip: "5 shared goals from ../../goals.yaml on disk",
 * "5 shared goals from file:///company (main, org.yaml), fetched 3 days ago", or why there are none. Undefined
 * without `extends`.
 */
export function sharedSourceText(goalsFile: GoalsFile | undefined, now: Date): string | undefined {
  const src = goalsFile?.extends;
  if (!src) return undefined;
  const info = goalsFile.shared;
  const where = src.kind === 'path' ? `${src.path} on disk` : `${src.repo} (${src.ref}, ${src.path})`;
  if (info?.error) return `Shared goals from ${where}: ${info.error}`;
  const count = `${plural(info?.goals ?? 0, 'shared goal')} from ${where}`;
  if (src.kind === 'path') return `${count}, read on every refresh`;
  const fetched = info?.fetchedAt ? Date.parse(info.fetchedAt) : NaN;
  return Number.isNaN(fetched) ? `${count}, fetched (age unknown)` : `${count}, fetched ${ago(Math.floor(fetched / 1000), now)}; Goal Lens: Update Shared Goals fetches again`;
}
