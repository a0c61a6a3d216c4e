// Goal Lens: Summarize Branch for Pull Request. The same Markdown as `goal-lens pr-summary --range DEFAULT..HEAD
// --branch BRANCH` (src/git/prSummaryData.ts gathers it for both), shown rendered beside the code with a Copy button,
// so that a developer can paste it into a pull request on any forge.
import * as vscode from 'vscode';
import { defaultBranchShortName } from '../core/index/branchNames';
import { escapeHtml, makeNonce } from '../core/reports/htmlReport';
import { prSummaryToMarkdown } from '../core/reports/prSummaryFormats';
import { loadIndex } from '../git/indexLoader';
import { summarizeRange } from '../git/prSummaryData';
import type { GoalLensModel } from './model/model';
import { path } from './nodeAdapter';
import { registerCommand } from './registerCommand';
import { repositorySettings } from './settings';
import { pickRepo } from './views/dashboard';

export const PR_SUMMARY_VIEW_TYPE = 'goalLens.prSummary';
/** True while a summary panel is open: the Copy command shows in the palette then. */
const CONTEXT_KEY = 'goalLens.prSummaryOpen';

export interface BranchSummary {
  markdown: string;
  /** The range as the command line takes it (`main..HEAD`), and the branch. */
  range: string;
  branch: string;
  root: string;
}

/** The open panel and what it shows; one at a time, reused by the next summary. */
let current: { panel: vscode.WebviewPanel; summary: BranchSummary } | undefined;

export function registerPrSummary(model: GoalLensModel): vscode.Disposable[] {
  return [
    registerCommand('goalLens.summarizeBranch', () => summarizeBranch(model)),
    registerCommand('goalLens.copyPrSummary', () => copySummary()),
  ];
}

/** The open summary panel and what it shows (for tests). */
export function currentSummary(): { panel: vscode.WebviewPanel; summary: BranchSummary } | undefined {
  return current;
}

/** Builds the summary of the current branch against the default branch and shows it; undefined when there is none. */
export async function summarizeBranch(model: GoalLensModel): Promise<BranchSummary | undefined> {
  const repo = await pickRepo(model);
  if (!repo) return undefined;
  const branch = await repo.repo.currentBranch();
  if (!branch) {
    void vscode.window.showInformationMessage('Goal Lens: HEAD is detached. Check out the branch of your pull request to summarize it.');
    return undefined;
  }
  const settings = repositorySettings(vscode.Uri.file(repo.root));
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Goal Lens: summarizing ${branch}…` },
    async (): Promise<BranchSummary | string> => {
      // Every ref, as the command line reads it for pr-summary: the same figures, the same text.
      const loaded = await loadIndex(repo.root, { allRefs: true, goalsPath: path.relative(repo.root, repo.goalsPath), defaultBranch: settings.defaultBranch });
      const base = defaultBranchShortName(loaded.snapshot.defaultBranch);
      if (!base) return 'this repository has no default branch (main or master) to compare with; set goalLens.defaultBranch';
      if (base === branch) return `${branch} is the default branch. Check out the branch of your pull request to summarize it against ${base}.`;
      const range = `${base}..HEAD`;
      const [from, to] = await Promise.all([loaded.repo.resolveCommit(base), loaded.repo.resolveCommit('HEAD')]);
      const data = await summarizeRange(loaded, { range: { text: range, from, to }, branchName: branch, now: new Date() });
      return { markdown: prSummaryToMarkdown(data), range, branch, root: repo.root };
    },
  );
  if (typeof summary === 'string') {
    void vscode.window.showInformationMessage(`Goal Lens: ${summary}`);
    return undefined;
  }
  await show(summary);
  return summary;
}

async function show(summary: BranchSummary): Promise<void> {
  if (!current) {
    const panel = vscode.window.createWebviewPanel(PR_SUMMARY_VIEW_TYPE, 'Pull Request Summary', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { enableScripts: true, localResourceRoots: [] });
    panel.webview.onDidReceiveMessage(async (m: unknown) => {
      const type = (m as { type?: unknown } | null)?.type;
      if (type === 'copy') await copySummary();
      else if (type === 'open') await openMarkdown();
    });
    panel.onDidDispose(() => {
      current = undefined;
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
    });
    current = { panel, summary };
  } else {
    current.summary = summary;
    current.panel.reveal(vscode.ViewColumn.Beside);
  }
  current.panel.title = `PR Summary: ${summary.branch}`;
  current.panel.webview.html = page(summary, await rendered(summary.markdown), current.panel.webview.cspSource);
  await vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
}

/** The Markdown as VS Code's own Markdown preview renders it; as plain text when that extension is not there. */
async function rendered(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string' && html.trim()) return html;
  } catch {
    /* the built-in Markdown extension is disabled: show the source */
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

/** Copies the summary shown, exactly as the command line prints it. */
export async function copySummary(): Promise<string | undefined> {
  if (!current) {
    void vscode.window.showInformationMessage('Goal Lens: no pull request summary is open; run "Summarize Branch for Pull Request" first.');
    return undefined;
  }
  await vscode.env.clipboard.writeText(current.summary.markdown);
  void current.panel.webview.postMessage({ type: 'copied' });
  vscode.window.setStatusBarMessage('$(check) Goal Lens: pull request summary copied', 3000);
  return current.summary.markdown;
}

async function openMarkdown(): Promise<void> {
  if (!current) return;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: current.summary.markdown });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active });
}

/**
 * The panel: the two buttons, then the rendered summary. Repository text in it is inert twice over: the Markdown
 * escapes it (mdCell), and the page's CSP runs no script but its own and loads nothing from outside.
 */
function page(summary: BranchSummary, body: string, cspSource: string): string {
  const n = makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${n}'; script-src 'nonce-${n}'; img-src ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Pull Request Summary</title>
<style nonce="${n}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 20px; line-height: 1.5; }
  .bar { position: sticky; top: 0; display: flex; gap: 8px; align-items: center; padding: 10px 0; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .bar .what { color: var(--vscode-descriptionForeground); margin-left: 8px; }
  button { font: inherit; padding: 4px 12px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  table { border-collapse: collapse; margin: 8px 0; display: block; overflow-x: auto; }
  th, td { border: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); padding: 4px 8px; text-align: left; vertical-align: top; }
  code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
  a { color: var(--vscode-textLink-foreground); }
</style>
</head>
<body>
<div class="bar" role="toolbar" aria-label="Pull request summary">
  <button id="copy" title="Copy the Markdown to paste into a pull request">Copy Markdown</button>
  <button id="open" class="secondary" title="Open the Markdown source in an editor">Open as Markdown</button>
  <span class="what" id="status" role="status" aria-live="polite">${escapeHtml(summary.branch)} against ${escapeHtml(summary.range.split('..')[0])}</span>
</div>
<main id="summary">${body}</main>
<script nonce="${n}">
  const vscode = acquireVsCodeApi();
  const status = document.getElementById('status');
  const label = status.textContent;
  document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
  document.getElementById('open').addEventListener('click', () => vscode.postMessage({ type: 'open' }));
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'copied') {
      status.textContent = 'Copied: paste it into the pull request';
      setTimeout(() => (status.textContent = label), 3000);
    }
  });
  document.getElementById('copy').focus();
</script>
</body>
</html>`;
}
