// The leads' dashboard webview (the export commands are in ../exports.ts). The figures come from the
// pure core (buildDashboardData agrees with buildReport); the page is drawn by dist/dashboard.js (chart.js bundled).
import { path } from '../nodeAdapter';
import * as vscode from 'vscode';
import type { DeliveryLog } from '../../core/figures/deliveries';
import { buildDashboardData, type DashboardData } from '../../core/reports/dashboardData';
import { isTimeWindowKey, timeWindowLabel, timeWindowSince, type TimeWindowKey } from '../../core/figures/figures';
import type { GoalIndex } from '../../core/index/goalIndex';
import { makeNonce, renderWebviewHtml } from '../../core/reports/htmlReport';
import type { GoalLensModel, RepoState } from '../model/model';
import { registerCommand } from '../registerCommand';
import { readSettings, repositorySettings } from '../settings';
import type { OneStep } from '../../core/suggest/suggest';
import { untaggedSuggestions } from '../model/suggestions';
import { oneStepAction } from './dashboardActions';
import { DashboardTeams, type TeamsNow } from './dashboardTeams';
import type { TeamSource } from '../../core/figures/onBoard';

export const DASHBOARD_VIEW_TYPE = 'goalLens.dashboard';
const DEFAULT_UNTAGGED_THRESHOLD = 0.2;

/** What the webview posts, checked field by field like any data from outside the extension. */
type FromWebview = { type?: unknown; window?: unknown; id?: unknown; action?: unknown } | null;

let current: DashboardPanel | undefined;
/** Teams for "who is on board", per repository, read in the background (./dashboardTeams.ts). */
let teamsCache: DashboardTeams | undefined;

/** The open dashboard's time window, if a dashboard is open (Export Report follows it). */
export function dashboardWindow(): string | undefined {
  return current?.windowKey;
}

/** The teams of the repository's index for "who is on board", read if need be (the HTML export waits for them). */
export function teamsFor(repo: RepoState): Promise<TeamSource | undefined> {
  return teamsCache ? teamsCache.wait(repo, allRefsOf(repo)) : Promise.resolve(undefined);
}

const allRefsOf = (repo: RepoState): boolean => repositorySettings(vscode.Uri.file(repo.root)).scope === 'allRefs';

/** Figures for one repository and window, with the user's settings; `teams`: the on-board chart's, or why there are none. */
export function dashboardDataFor(index: GoalIndex, windowKey: string, now = new Date(), oneStep?: OneStep, deliveries?: DeliveryLog, teams?: TeamsNow): DashboardData {
  const key: TimeWindowKey = isTimeWindowKey(windowKey) ? windowKey : 'all';
  const settings = readSettings(vscode.Uri.file(index.root));
  const threshold = settings.untaggedThreshold;
  return buildDashboardData(index, {
    since: timeWindowSince(key, now),
    now,
    staleAfterDays: settings.staleAfterDays,
    agingAfterDays: settings.agingAfterDays,
    deliveries,
    untaggedThreshold: typeof threshold === 'number' && threshold >= 0 ? threshold : DEFAULT_UNTAGGED_THRESHOLD,
    windowLabel: timeWindowLabel(key),
    oneStep,
    people: settings.effortPeople,
    ...(teams ? ('teams' in teams ? { teams: teams.teams } : { teamsState: teams.state }) : {}),
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
      ...(teamsCache ? [teamsCache.onDidChange((root) => root === this.repo()?.root && this.update())] : []),
      // CODEOWNERS is no input of the index: an edit of it re-reads the teams (the cache compares its text).
      codeownersWatcher(() => this.update()),
    );
    this.render();
  }

  reveal(root: string | undefined): void {
    if (root && root !== this.root) {
      this.root = root;
      this.update();
    }
    // In the group the user is working in, at its width (not the narrow group it was last shown in).
    this.panel.reveal(vscode.ViewColumn.Active, false);
  }

  private repo(): RepoState | undefined {
    const repos = this.model.repositories;
    return repos.find((r) => r.root === this.root) ?? repos.find((r) => r.index) ?? repos[0];
  }

  private data(): DashboardData | undefined {
    const repo = this.repo();
    if (!repo?.index) return undefined;
    const teams = teamsCache?.now(repo, allRefsOf(repo));
    return dashboardDataFor(repo.index, this.windowKey, new Date(), untaggedSuggestions.oneStep(repo), repo.deliveries, teams);
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
    } else if (m.type === 'oneStep') {
      const repo = this.repo();
      const key = isTimeWindowKey(this.windowKey) ? this.windowKey : 'all';
      if (repo) void oneStepAction(this.model, repo, m.action, timeWindowSince(key, new Date())).catch((err: unknown) =>
        vscode.window.showWarningMessage(`Goal Lens: ${err instanceof Error ? err.message : String(err)}`),
      );
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

function codeownersWatcher(onChange: () => void): vscode.Disposable {
  const w = vscode.workspace.createFileSystemWatcher('**/CODEOWNERS');
  return vscode.Disposable.from(w, w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange));
}

function activeRoot(model: GoalLensModel): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri ? model.repositoryFor(uri)?.root : undefined;
}

/** The repository to act on: the active editor's, the only indexed one, or one the user picks (the exports use it too). */
export async function pickRepo(model: GoalLensModel): Promise<RepoState | undefined> {
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

export function registerDashboard(context: vscode.ExtensionContext, model: GoalLensModel, log?: vscode.OutputChannel): void {
  teamsCache = new DashboardTeams(log ? (line) => log.appendLine(line) : undefined);
  const teams = teamsCache;
  context.subscriptions.push(
    { dispose: () => teams.dispose() },
    registerCommand('goalLens.openDashboard', () => openDashboard(context, model)),
    { dispose: () => current?.dispose() },
  );
}
