// The leads' dashboard webview and the export commands (weekly digest, report file). The figures come from the
// pure core (buildDashboardData agrees with buildReport); the page is drawn by dist/dashboard.js (chart.js bundled).
import { path } from '../nodeAdapter';
import * as vscode from 'vscode';
import { buildDashboardData, type DashboardData } from '../../core/reports/dashboardData';
import { isoWeekOf, isoWeekRange } from '../../core/dates';
import { isTimeWindowKey, timeWindowLabel, timeWindowSince, type TimeWindowKey } from '../../core/index/figures';
import { buildDigest } from '../../core/reports/digest';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../core/reports/formats';
import type { GoalIndex } from '../../core/index/goalIndex';
import { makeNonce, renderHtmlReport, renderWebviewHtml } from '../../core/reports/htmlReport';
import { buildReport } from '../../core/reports/report';
import type { GoalLensModel, RepoState } from '../model/model';
import { readSettings } from '../settings';
import type { OneStep } from '../../core/suggest/suggest';
import { untaggedSuggestions } from '../triage';

export const DASHBOARD_VIEW_TYPE = 'goalLens.dashboard';
const DEFAULT_UNTAGGED_THRESHOLD = 0.2;

type FromWebview = { type: 'ready'; window?: string } | { type: 'setWindow'; window?: string } | { type: 'revealGoal'; id?: unknown };

let current: DashboardPanel | undefined;

/** Figures for one repository and window, with the user's settings. */
export function dashboardDataFor(index: GoalIndex, windowKey: string, now = new Date(), oneStep?: OneStep): DashboardData {
  const key: TimeWindowKey = isTimeWindowKey(windowKey) ? windowKey : 'all';
  const settings = readSettings(vscode.Uri.file(index.root));
  const threshold = settings.untaggedThreshold;
  return buildDashboardData(index, {
    since: timeWindowSince(key, now),
    now,
    staleAfterDays: settings.staleAfterDays,
    untaggedThreshold: typeof threshold === 'number' && threshold >= 0 ? threshold : DEFAULT_UNTAGGED_THRESHOLD,
    windowLabel: timeWindowLabel(key),
    oneStep,
  });
}

class DashboardPanel implements vscode.Disposable {
  /** The page's time window: one of TIME_WINDOWS, the same as the Goals view's. */
  windowKey = 'all';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly model: GoalLensModel,
    private root: string | undefined,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      model.onDidChange(() => this.update()),
      untaggedSuggestions.onDidChange(() => this.update()),
    );
    this.render();
  }

  reveal(root: string | undefined): void {
    if (root && root !== this.root) {
      this.root = root;
      this.update();
    }
    this.panel.reveal(undefined, false);
  }

  private repo(): RepoState | undefined {
    const repos = this.model.repositories;
    return repos.find((r) => r.root === this.root) ?? repos.find((r) => r.index) ?? repos[0];
  }

  private data(): DashboardData | undefined {
    const repo = this.repo();
    return repo?.index ? dashboardDataFor(repo.index, this.windowKey, new Date(), untaggedSuggestions.oneStep(repo)) : undefined;
  }

  private render(): void {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'dashboard.js'));
    const repo = this.repo();
    this.panel.title = repo ? `Goal Lens: ${path.basename(repo.root)}` : 'Goal Lens Dashboard';
    webview.html = renderWebviewHtml({ scriptUri: script.toString(), cspSource: webview.cspSource, nonce: makeNonce(), data: this.data() });
  }

  /** Sends fresh figures to the page (the model changed, or the window did). */
  private update(): void {
    const data = this.data();
    const repo = this.repo();
    if (repo) this.panel.title = `Goal Lens: ${path.basename(repo.root)}${repo.stale ? ' (stale)' : ''}`;
    if (data) void this.panel.webview.postMessage({ type: 'data', data });
  }

  private onMessage(m: FromWebview): void {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'ready' || m.type === 'setWindow') {
      const w = isTimeWindowKey(m.window) ? m.window : 'all';
      this.windowKey = w;
      this.update();
    } else if (m.type === 'revealGoal' && typeof m.id === 'string') {
      const id = m.id;
      void Promise.resolve(vscode.commands.executeCommand('goalLens.revealGoal', id)).catch((err: unknown) =>
        vscode.window.showWarningMessage(`Goal Lens: could not reveal goal ${id}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
  }

  dispose(): void {
    if (current === this) current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function activeRoot(model: GoalLensModel): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri ? model.repositoryFor(uri)?.root : undefined;
}

async function pickRepo(model: GoalLensModel): Promise<RepoState | undefined> {
  await waitForIndex(model);
  const repos = model.repositories.filter((r) => r.index);
  if (repos.length === 0) {
    void vscode.window.showInformationMessage('Goal Lens: no repository with a goals.yaml is indexed yet.');
    return undefined;
  }
  const root = activeRoot(model);
  const active = repos.find((r) => r.root === root);
  if (active || repos.length === 1) return active ?? repos[0];
  const pick = await vscode.window.showQuickPick(
    repos.map((r) => ({ label: path.basename(r.root), description: r.root, repo: r })),
    { placeHolder: 'Which repository?' },
  );
  return pick?.repo;
}

/** Waits (a little) for the first index when the model is still loading. */
async function waitForIndex(model: GoalLensModel): Promise<void> {
  if (model.repositories.some((r) => r.index) || model.state !== 'loading') return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Goal Lens: indexing' }, () =>
    Promise.race([model.refresh(), new Promise((r) => setTimeout(r, 30_000))]),
  );
}

export function openDashboard(context: vscode.ExtensionContext, model: GoalLensModel): vscode.WebviewPanel {
  const root = activeRoot(model);
  if (current) {
    current.reveal(root);
    return current.panel;
  }
  const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Goal Lens Dashboard', vscode.ViewColumn.Active, {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'goal-lens.svg');
  current = new DashboardPanel(panel, context, model, root);
  if (!model.repositories.some((r) => r.index)) void waitForIndex(model);
  return panel;
}

async function exportWeeklyDigest(model: GoalLensModel): Promise<void> {
  const repo = await pickRepo(model);
  if (!repo?.index) return;
  const now = new Date();
  const thisWeek = isoWeekOf(now);
  const lastWeek = isoWeekOf(new Date(now.getTime() - 7 * 86_400_000));
  const week = await vscode.window.showInputBox({
    title: 'Goal Lens: weekly digest',
    prompt: `ISO week (this week is ${thisWeek}, last week ${lastWeek})`,
    value: thisWeek,
    validateInput: (v) => (isoWeekRange(v) ? undefined : `Not an ISO week like ${thisWeek}`),
  });
  if (!week) return;
  const range = isoWeekRange(week);
  if (!range) return;
  const content = buildDigest(repo.index, { week: week.trim(), ...range, oneStep: await untaggedSuggestions.oneStepReady(repo) });
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: false });
}

const EXPORT_FILTERS: Record<string, string[]> = { 'HTML report': ['html'], Markdown: ['md'], CSV: ['csv'], JSON: ['json'] };

async function exportReport(context: vscode.ExtensionContext, model: GoalLensModel): Promise<void> {
  const repo = await pickRepo(model);
  if (!repo?.index) return;
  const target = await vscode.window.showSaveDialog({
    title: 'Goal Lens: export report',
    defaultUri: vscode.Uri.file(path.join(repo.root, 'goal-lens-report.html')),
    filters: EXPORT_FILTERS,
  });
  if (!target) return;
  const ext = path.extname(target.path).slice(1).toLowerCase();
  const format = ['html', 'md', 'csv', 'json'].includes(ext) ? ext : 'html';
  const windowKey = current && current.panel.visible ? current.windowKey : 'all';
  let text: string;
  if (format === 'html') {
    const script = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'dashboard.js'));
    text = renderHtmlReport(dashboardDataFor(repo.index, windowKey), { chartScript: new TextDecoder().decode(script) });
  } else {
    const now = new Date();
    const since = timeWindowSince(isTimeWindowKey(windowKey) ? windowKey : 'all', now);
    const report = buildReport(repo.index, { since, now, staleAfterDays: readSettings(vscode.Uri.file(repo.root)).staleAfterDays });
    text = format === 'json' ? reportToJson(report) : format === 'csv' ? reportToCsv(report) : reportToMarkdown(report);
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const open = format === 'html' ? 'Open in Browser' : 'Open';
  const choice = await vscode.window.showInformationMessage(`Goal Lens: wrote ${path.basename(target.fsPath)}`, open);
  if (choice === 'Open in Browser') await vscode.env.openExternal(target);
  else if (choice === 'Open') await vscode.window.showTextDocument(target);
}

export function registerDashboard(context: vscode.ExtensionContext, model: GoalLensModel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('goalLens.openDashboard', () => openDashboard(context, model)),
    vscode.commands.registerCommand('goalLens.exportWeeklyDigest', () => exportWeeklyDigest(model)),
    vscode.commands.registerCommand('goalLens.exportReport', () => exportReport(context, model)),
    { dispose: () => current?.dispose() },
  );
}
