// Composition root: builds the model, then registers each part of the editor surface once.
// activate() returns at once; the index is built in the background and the views fill in when it is ready.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { workspaceTrust } from './trust';
import { COMMIT_SCHEME, CommitDocumentProvider } from './commitDocument';
import { CurrentLineAnnotator } from './views/currentLine';
import { registerDashboard } from './views/dashboard';
import { COMMIT_MESSAGE_SELECTOR, GoalIdCompletion, GoalsDiagnostics } from './goalsEditor';
import { GoalsLanguage } from './goalsLanguage';
import { GoalsTreeProvider } from './views/goalsTree';
import { registerImpactView, type ImpactViewApi } from './views/impactView';
import { GoalLensModel } from './model/model';
import { GoalStatusBar } from './views/statusBar';
import { ViewFilters } from './settings';
import { registerTriage } from './triage';
import { registerPrSummary } from './prSummaryView';
import { logCommandErrorsTo } from './registerCommand';
import { registerSharedGoals } from './sharedGoals';
import { registerWorkspaceRollup } from './workspaceRollup';

/** What the extension exports: the one way tests (and other extensions) reach its parts. */
export interface GoalLensApi {
  readonly model: GoalLensModel;
  /** The Goals view's filters (time window, only mine, show closed). */
  readonly filters: ViewFilters;
  readonly goalsTree: GoalsTreeProvider;
  readonly impactView: ImpactViewApi;
  readonly statusBar: GoalStatusBar;
  readonly currentLine: CurrentLineAnnotator;
  readonly diagnostics: GoalsDiagnostics;
  readonly goalsLanguage: GoalsLanguage;
  /** The Goal Lens output channel: index loads, git failures, and every command that failed, with its stack. */
  readonly log: vscode.OutputChannel;
  /** The trust check of the commands that write (tests replace it: the harness cannot make a workspace untrusted). */
  readonly workspaceTrust: typeof workspaceTrust;
}

export function activate(context: vscode.ExtensionContext): GoalLensApi {
  const log = vscode.window.createOutputChannel('Goal Lens');
  const model = new GoalLensModel({ log, cacheDir: context.globalStorageUri.fsPath });
  const filters = new ViewFilters(context.workspaceState);
  const goalsTree = new GoalsTreeProvider(model, filters);
  const statusBar = new GoalStatusBar(model);
  const currentLine = new CurrentLineAnnotator(model);
  const diagnostics = new GoalsDiagnostics(model);
  const goalsView = goalsTree.createView();
  const goalsLanguage = new GoalsLanguage(model, diagnostics, goalsView);
  context.subscriptions.push(
    log,
    logCommandErrorsTo(log),
    model,
    filters,
    goalsTree,
    goalsView,
    statusBar,
    currentLine,
    diagnostics,
    goalsLanguage,
    vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, new CommitDocumentProvider(model)),
    vscode.languages.registerCompletionItemProvider(COMMIT_MESSAGE_SELECTOR, new GoalIdCompletion(model), ' ', ','),
    ...registerCommands(model, goalsTree),
    ...registerTriage(model, goalsTree),
    registerSharedGoals(model),
    registerWorkspaceRollup(model, goalsTree),
    ...registerPrSummary(model),
  );
  registerDashboard(context, model, log);
  const impactView = registerImpactView(context, model);
  return { model, filters, goalsTree, impactView, statusBar, currentLine, diagnostics, goalsLanguage, log, workspaceTrust };
}

export function deactivate(): void {
  // everything is released through context.subscriptions, in reverse order
}
