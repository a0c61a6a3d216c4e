// The goal behind the current line: a dim end-of-line annotation once the cursor rests, and a hover with the
// goal and the reason. Blame runs once per file, HEAD and document version: an edit, a save or the file changing
// on disk (`git checkout -- file`) gives the document a new version, so the note never outlives the text.
import { path } from '../nodeAdapter';
import * as vscode from 'vscode';
import { goalIdsOf } from '../../core/links/linkRules';
import type { BlameLine } from '../../git/blame';
import { appendCommit, appendGoal, untrustedMarkdown } from './goalMarkdown';
import type { GoalLensModel, RepoState } from '../model/model';
import { readSettings } from '../settings';
import { acceptLink, appendSuggestion } from '../triage';
import { untaggedSuggestions } from '../model/suggestions';

const REST_MS = 250;

export interface LineGoal {
  text: string;
  state: RepoState;
  blame: BlameLine;
}

export class CurrentLineAnnotator implements vscode.Disposable, vscode.HoverProvider {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 3em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly blames = new Map<string, { key: string; lines: Promise<BlameLine[]> }>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown: { uri: string; line: number; result: LineGoal } | undefined;
  /** Order of the updates started and of the newest one shown: a slower, older answer never replaces a newer one. */
  private started = 0;
  private applied = 0;

  constructor(private readonly model: GoalLensModel) {
    this.disposables.push(
      this.decoration,
      vscode.window.onDidChangeTextEditorSelection((e) => this.schedule(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.schedule(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.blames.delete(d.uri.fsPath)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.blames.delete(e.document.uri.fsPath);
        const active = vscode.window.activeTextEditor;
        if (active?.document === e.document) this.schedule(active);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.blames.delete(d.uri.fsPath)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('goalLens.currentLine') && this.schedule(vscode.window.activeTextEditor)),
      model.onDidChange(() => this.schedule(vscode.window.activeTextEditor)),
      vscode.languages.registerHoverProvider({ scheme: 'file' }, this),
    );
    this.schedule(vscode.window.activeTextEditor);
  }

  /** The annotation now shown, e.g. "⊙ checkout-conversion · via Goal trailer" (for tests). */
  get text(): string | undefined {
    return this.shown?.result.text;
  }

  /** Computes the annotation of the active editor's current line now, without waiting for the cursor to rest. */
  async updateNow(): Promise<string | undefined> {
    await this.update(vscode.window.activeTextEditor);
    return this.text;
  }

  private schedule(editor: vscode.TextEditor | undefined): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.shown && editor && this.shown.uri !== editor.document.uri.toString()) this.clear();
    this.timer = setTimeout(() => void this.update(editor), REST_MS);
  }

  private clear(): void {
    for (const e of vscode.window.visibleTextEditors) e.setDecorations(this.decoration, []);
    this.shown = undefined;
  }

  private async update(editor: vscode.TextEditor | undefined): Promise<void> {
    const seq = ++this.started;
    if (!editor || editor.document.uri.scheme !== 'file' || !readSettings(editor.document.uri).currentLineEnabled) {
      this.clear();
      return;
    }
    const line = editor.selection.active.line;
    const version = editor.document.version;
    const result = await this.lineGoal(editor.document, line).catch(() => undefined);
    // Shown only if it is still about what the editor shows: an update that events keep restarting would never land.
    const now = vscode.window.activeTextEditor;
    if (seq < this.applied || now !== editor || editor.selection.active.line !== line || editor.document.version !== version) return;
    this.applied = seq;
    this.clear();
    if (!result) return;
    const end = editor.document.lineAt(line).range.end;
    editor.setDecorations(this.decoration, [{ range: new vscode.Range(end, end), renderOptions: { after: { contentText: result.text } } }]);
    this.shown = { uri: editor.document.uri.toString(), line, result };
  }

  /** The goal of the commit that last changed `line` (0-based) of the document. */
  async lineGoal(document: vscode.TextDocument, line: number): Promise<LineGoal | undefined> {
    const state = this.model.repositoryFor(document.uri);
    const index = state?.index;
    if (!state || !index) return undefined;
    const rel = path.relative(state.root, document.uri.fsPath).split(path.sep).join('/');
    const blame = (await this.blameOf(state, rel, document)).find((b) => b.line === line + 1);
    if (!blame) return undefined;
    if (blame.uncommitted) return { text: 'uncommitted', state, blame };
    const links = index.links.get(blame.sha);
    if (!index.bySha.has(blame.sha)) return { text: '⊙ not in the indexed history', state, blame };
    if (!links || links.length === 0) return { text: '⊙ untagged', state, blame };
    const ids = goalIdsOf(links);
    const more = ids.length > 1 ? ` +${ids.length - 1}` : '';
    return { text: `⊙ ${ids[0]}${more} · ${links[0].detail}`, state, blame };
  }

  private blameOf(state: RepoState, rel: string, document: vscode.TextDocument): Promise<BlameLine[]> {
    const file = document.uri.fsPath;
    const key = `${state.index?.head ?? ''}\0${document.version}`;
    const cached = this.blames.get(file);
    if (cached && cached.key === key) return cached.lines;
    const lines = state.repo.blame(rel, document.isDirty ? document.getText() : undefined);
    this.blames.set(file, { key, lines });
    lines.catch(() => this.blames.delete(file));
    return lines;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.shown || this.shown.uri !== document.uri.toString() || this.shown.line !== position.line) return undefined;
    const lineEnd = document.lineAt(position.line).range.end;
    if (position.character < lineEnd.character - 1) return undefined; // only over the annotation's end of line
    const { state, blame } = this.shown.result;
    const index = state.index;
    if (!index) return undefined;
    const md = untrustedMarkdown();
    const now = new Date();
    if (blame.uncommitted) {
      md.appendText('This line is not committed yet.');
      return new vscode.Hover(md);
    }
    const commit = index.bySha.get(blame.sha);
    if (!commit) {
      md.appendText(`Commit ${blame.sha.slice(0, 8)} is not in the indexed history (setting goalLens.scope).`);
      return new vscode.Hover(md);
    }
    appendCommit(md, index, commit, now);
    const ids = goalIdsOf(index.links.get(commit.sha));
    for (const id of ids) {
      const goal = index.goals.get(id);
      if (!goal) continue;
      md.appendMarkdown('---\n\n');
      appendGoal(md, goal, now);
    }
    const range = new vscode.Range(position, position);
    if (ids.length) return new vscode.Hover(md, range);
    // An untagged line: the same suggestion as the Goals view's row, with its evidence and an Accept link.
    const suggestion = untaggedSuggestions.first(state, commit.sha);
    if (suggestion) appendSuggestion(md, index, suggestion);
    return new vscode.Hover([md, tagLink(state.root, commit.sha, !!suggestion)], range);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The "Tag…" link of an untagged line's hover: a markdown string of its own, trusted for this one command only;
 * the repository's text stays in the untrusted one.
 */
export function tagLink(root: string, sha: string, accept = false): vscode.MarkdownString {
  const args = encodeURIComponent(JSON.stringify([{ root, sha }]));
  const tag = `[$(tag) Tag…](command:goalLens.tagCommit?${args} "Tag this commit with a goal (a git note)")`;
  const md = new vscode.MarkdownString(accept ? `${acceptLink(root, sha)} · ${tag}` : tag, true);
  md.isTrusted = { enabledCommands: accept ? ['goalLens.acceptSuggestion', 'goalLens.tagCommit'] : ['goalLens.tagCommit'] };
  return md;
}
