// Export Weekly Digest and Export Report. The digest defaults to the last full ISO week and offers to save; the
// report asks for a format, follows the dashboard's time window (else the Goals view's), and is saved outside the
// repository unless the user picks a folder in it: a report in the work tree is one "commit all" from history.
import * as vscode from 'vscode';
import { isoWeekOf, isoWeekRange } from '../core/dates';
import { isTimeWindowKey, timeWindowLabel, timeWindowSince, type TimeWindowKey } from '../core/figures/figures';
import { buildDigest } from '../core/reports/digest';
import { reportToCsv, reportToJson, reportToMarkdown } from '../core/reports/formats';
import { renderHtmlReport } from '../core/reports/htmlReport';
import { buildReport } from '../core/reports/report';
import type { GoalLensModel, RepoState } from './model/model';
import { path } from './nodeAdapter';
import { readSettings } from './settings';
import { untaggedSuggestions } from './model/suggestions';
import { dashboardDataFor, dashboardWindow, pickRepo, teamsFor } from './views/dashboard';
import type { GoalsTreeProvider } from './views/goalsTree';

const EXTENSION_ID = 'goal-lens.goal-lens';

export type ReportFormat = 'html' | 'md' | 'csv' | 'json';

const FORMATS: { format: ReportFormat; label: string; detail: string; filter: string }[] = [
  { format: 'html', label: '$(globe) HTML', detail: 'The dashboard as one page with its charts, for a browser or a wiki', filter: 'HTML report' },
  { format: 'md', label: '$(markdown) Markdown', detail: 'Tables per goal, for a pull request or a chat', filter: 'Markdown' },
  { format: 'csv', label: '$(table) CSV', detail: 'One row per goal, for a spreadsheet', filter: 'CSV' },
  { format: 'json', label: '$(json) JSON', detail: "Goal Lens's report contract, for other tools", filter: 'JSON' },
];

/** Where exports were last saved, this session: the next save dialog starts there. */
let lastFolder: vscode.Uri | undefined;

/**
 * A file name in a folder outside every open repository: the last export folder, else the nearest folder above the
 * repository that no repository of the workspace holds (the demo's repositories sit one inside the other).
 */
function defaultTarget(repo: RepoState, name: string, roots: readonly string[] = [repo.root]): vscode.Uri {
  const all = roots.includes(repo.root) ? roots : [...roots, repo.root];
  const outside = (dir: string) => !all.some((root) => isInside(dir, root));
  let dir = path.dirname(repo.root);
  while (!outside(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const folder = lastFolder && outside(lastFolder.fsPath) ? lastFolder : vscode.Uri.file(dir);
  return vscode.Uri.joinPath(folder, name);
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function save(target: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  lastFolder = vscode.Uri.file(path.dirname(target.fsPath));
}

/** The last full ISO week before `now` (Monday to Sunday). */
export function lastFullWeek(now: Date): string {
  return isoWeekOf(new Date(now.getTime() - 7 * 86_400_000));
}

/**
 * Export Weekly Digest: which repository (asked as Export Report asks), which week, where to save it (outside every
 * open repository); then the saved file is opened and named. Cancelled at the save, nothing is written and nothing
 * is left open.
 */
export async function exportWeeklyDigest(model: GoalLensModel, week?: string): Promise<vscode.TextDocument | undefined> {
  const repo = await pickRepo(model);
  if (!repo?.index) return undefined;
  const name = path.basename(repo.root);
  const now = new Date();
  const thisWeek = isoWeekOf(now);
  const last = lastFullWeek(now);
  const chosen =
    week ??
    (await vscode.window.showInputBox({
      title: `Goal Lens: weekly digest of ${name}`,
      prompt: `ISO week: the last full week is ${last}; this week (${thisWeek}) is not over yet`,
      value: last,
      validateInput: (v) => (isoWeekRange(v.trim()) ? undefined : `Not an ISO week like ${last}`),
    }));
  if (!chosen) return undefined;
  const range = isoWeekRange(chosen.trim());
  if (!range) return undefined;
  const content = buildDigest(repo.index, { week: chosen.trim(), ...range, repo: name, oneStep: await untaggedSuggestions.oneStepReady(repo), deliveries: repo.deliveries });
  const file = await vscode.window.showSaveDialog({
      title: `Goal Lens: save the weekly digest of ${name} (${chosen.trim()})`,
      defaultUri: defaultTarget(repo, `goal-lens-digest-${name}-${chosen.trim()}.md`, model.repositories.map((r) => r.root)),
      filters: { Markdown: ['md'] },
  });
  if (!file) return undefined;
  await save(file, content);
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(`Goal Lens: saved the weekly digest of ${name} for ${chosen.trim()} to ${file.fsPath}.`);
  return doc;
}

/** The time window a report covers: the open dashboard's, else the Goals view's. */
function reportWindow(tree: GoalsTreeProvider): { key: TimeWindowKey; from: string } {
  const dash = dashboardWindow();
  if (dash !== undefined && isTimeWindowKey(dash)) return { key: dash, from: 'as in the dashboard' };
  const view = tree.filters.timeWindow;
  return { key: isTimeWindowKey(view) ? view : 'all', from: 'as in the Goals view' };
}

export async function exportReport(model: GoalLensModel, tree: GoalsTreeProvider, format?: ReportFormat): Promise<vscode.Uri | undefined> {
  const repo = await pickRepo(model);
  if (!repo?.index) return undefined;
  const index = repo.index;
  const window = reportWindow(tree);
  const windowText = `${timeWindowLabel(window.key)}, ${window.from}`;
  const picked =
    FORMATS.find((f) => f.format === format) ??
    (await vscode.window.showQuickPick(
      FORMATS.map((f) => ({ ...f, description: f.format === 'html' ? windowText : undefined })),
      { title: `Goal Lens: export report (${windowText})`, placeHolder: 'Format of the report' },
    ));
  if (!picked) return undefined;
  const date = new Date().toISOString().slice(0, 10);
  const target = await vscode.window.showSaveDialog({
    title: `Goal Lens: save the report (${windowText})`,
    defaultUri: defaultTarget(repo, `goal-lens-report-${path.basename(repo.root)}-${date}.${picked.format}`, model.repositories.map((r) => r.root)),
    filters: { [picked.filter]: [picked.format] },
  });
  if (!target) return undefined;
  const now = new Date();
  let text: string;
  if (picked.format === 'html') {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const script = ext ? new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'dist', 'dashboard.js'))) : '';
    const teams = await teamsFor(repo);
    // The dashboard's figures: flow from the same deliveries, the one-step count from the same suggestions.
    const oneStep = await untaggedSuggestions.oneStepReady(repo);
    text = renderHtmlReport(dashboardDataFor(index, window.key, now, oneStep, repo.deliveries, teams ? { teams } : undefined), { chartScript: script });
  } else {
    const report = buildReport(index, { since: timeWindowSince(window.key, now), now, staleAfterDays: readSettings(vscode.Uri.file(repo.root)).staleAfterDays, deliveries: repo.deliveries });
    text = picked.format === 'json' ? reportToJson(report) : picked.format === 'csv' ? reportToCsv(report) : reportToMarkdown(report);
  }
  await save(target, text);
  const open = picked.format === 'html' ? 'Open in Browser' : 'Open';
  void vscode.window.showInformationMessage(`Goal Lens: wrote ${path.basename(target.fsPath)} (${windowText}).`, open).then(async (choice) => {
    if (choice === 'Open in Browser') await vscode.env.openExternal(target);
    else if (choice === 'Open') await vscode.window.showTextDocument(target);
  });
  return target;
}
