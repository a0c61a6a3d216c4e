// goals.yaml in the editor: problems as the user types (not only on save), and completion of goal ids after
// "Goal: " in commit messages (git-commit documents and the Source Control input box). The open buffer gets the
// shared goals of its `extends` exactly as the saved file does (readSharedGoals + mergeSharedGoals): a parent
// naming a shared goal is no unknown parent while typing.
import { path } from './nodeAdapter';
import * as vscode from 'vscode';
import { parseGoalsFile } from '../core/goals/goalsFile';
import { describeSource, mergeSharedGoals, type SharedRead } from '../core/goals/sharedGoals';
import type { GoalsFile, GoalsSource, Problem } from '../core/types';
import { readSharedGoals } from '../git/sharedGoals';
import type { GoalLensModel, RepoState } from './model/model';
import { readSettings } from './settings';

const TYPING_MS = 300;

export function problemRange(document: vscode.TextDocument, p: Problem): vscode.Range {
  const line = Math.min(Math.max(0, p.line - 1), Math.max(0, document.lineCount - 1));
  const text = document.lineAt(line).text;
  const start = Math.min(Math.max(0, p.column - 1), text.length);
  if (p.endLine !== undefined && p.endColumn !== undefined && (p.endLine > p.line || p.endColumn > p.column)) {
    const endLine = Math.min(p.endLine - 1, document.lineCount - 1);
    return new vscode.Range(line, start, endLine, Math.max(0, p.endColumn - 1));
  }
  const word = /^[^\s:,\]}]+/.exec(text.slice(start));
  return new vscode.Range(line, start, line, start + Math.max(1, word ? word[0].length : text.length - start));
}

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class GoalsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('goal-lens');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents whose next scheduled check reads their shared goals again. */
  private readonly rereads = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Per open goals document: the shared goals last read for its `extends` (by source), and its repository root. */
  private readonly shared = new Map<string, { key: string; read: SharedRead }>();
  /** Shared goals files on disk whose problems showModelProblems shows. */
  private sharedShown = new Set<string>();
  private readonly _onDidCheck = new vscode.EventEmitter<{ document: vscode.TextDocument; file: GoalsFile }>();
  /** Fires after an open goals file was parsed (as the user types, and when it opens). */
  readonly onDidCheck = this._onDidCheck.event;

  constructor(private readonly model: GoalLensModel) {
    this.disposables.push(
      this.collection,
      this._onDidCheck,
      vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Closed: the file on disk is what counts; show its problems (or none) from the model.
        this.collection.delete(d.uri);
        this.shared.delete(d.uri.toString());
        this.showModelProblems();
      }),
      model.onDidChange((state) => {
        this.showModelProblems();
        // A pull of shared goals or an edit of a shared file refreshes the repositories that use it: their open
        // goals files read the shared goals again; other repositories' files are left alone.
        for (const d of vscode.workspace.textDocuments) if (!state || this.rootOf(d) === state.root) this.schedule(d, true);
      }),
    );
    for (const d of vscode.workspace.textDocuments) void this.check(d);
  }

  isGoalsDocument(d: vscode.TextDocument): boolean {
    if (d.uri.scheme !== 'file') return false;
    if (this.model.repositories.some((r) => r.goalsPath === d.uri.fsPath)) return true;
    return path.basename(d.uri.fsPath) === path.basename(readSettings(d.uri).goalsFile);
  }

  /** Checks `d` once typing pauses; `reread` when its shared goals may have changed (else the last read is kept). */
  private schedule(d: vscode.TextDocument, reread = false): void {
    if (!this.isGoalsDocument(d)) return;
    const key = d.uri.toString();
    if (reread) this.rereads.add(key);
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const again = this.rereads.delete(key);
      void this.check(d, again);
    }, TYPING_MS));
  }

  /**
   * The repository a goals document belongs to (where a git source's fetched copy is read), or its folder when no
   * workspace repository holds it (git finds the repository from there).
   */
  rootOf(d: vscode.TextDocument): string {
    return this.model.repositories.find((r) => r.goalsPath === d.uri.fsPath)?.root ?? this.model.repositoryFor(d.uri)?.root ?? path.dirname(d.uri.fsPath);
  }

  /**
   * The document's current text (saved or not) as the saved file would load: parsed, with the shared goals last
   * read for its `extends` (none yet when the source was just typed: the next check reads them).
   */
  goalsOf(d: vscode.TextDocument): GoalsFile {
    return this.withShared(d, parseGoalsFile(d.getText(), path.basename(d.uri.fsPath)));
  }

  /** The document's parsed text with the shared goals last read for its `extends`. */
  private withShared(d: vscode.TextDocument, file: GoalsFile): GoalsFile {
    if (file.extends === undefined) return file;
    const cached = this.shared.get(d.uri.toString());
    return cached && cached.key === sourceKey(file.extends) ? mergeSharedGoals(file, cached.read) : file;
  }

  /**
   * Parses the document's current text and shows its problems. Its shared goals are read again when `reread` (on
   * open, and when the model changed: a pull, a saved shared file) or when its `extends` changed; typing elsewhere
   * in the file keeps the last read, so no git process runs per keystroke.
   */
  async check(d: vscode.TextDocument, reread = true): Promise<void> {
    if (!this.isGoalsDocument(d) || d.isClosed) return;
    const version = d.version;
    const own = parseGoalsFile(d.getText(), path.basename(d.uri.fsPath));
    const source = own.extends;
    const cached = this.shared.get(d.uri.toString());
    if (source !== undefined && (reread || cached?.key !== sourceKey(source))) {
      const read = await readSharedGoals(this.rootOf(d), d.uri.fsPath, source);
      // Typed on meanwhile: the check scheduled by that edit shows the newer text (and reads again if this one was to).
      if (d.version !== version || !vscode.workspace.textDocuments.includes(d)) {
        if (reread) this.rereads.add(d.uri.toString());
        return;
      }
      this.shared.set(d.uri.toString(), { key: sourceKey(source), read });
    } else if (source === undefined) {
      this.shared.delete(d.uri.toString());
    }
    const file = this.withShared(d, own); // the text parsed above: a newer version returned before here
    // Problems of the shared files carry their own names and lines: not positions in this document.
    this.collection.set(d.uri, file.problems.filter((p) => p.file === file.file).map((p) => toDiagnostic(d, p)));
    this._onDidCheck.fire({ document: d, file });
  }

  /**
   * Files not open in an editor still show the problems the model found when it read them: each goals file's own,
   * and those of the shared files on disk it extends, at their lines in those files.
   */
  private showModelProblems(): void {
    const open = new Set(vscode.workspace.textDocuments.filter((d) => this.isGoalsDocument(d)).map((d) => d.uri.fsPath));
    const at = (p: Problem) => diagnostic(new vscode.Range(Math.max(0, p.line - 1), Math.max(0, p.column - 1), Math.max(0, p.line - 1), Math.max(0, p.column - 1) + 1), p);
    const shared = new Map<string, Problem[]>();
    for (const r of this.model.repositories) {
      const goalsFile = r.goalsFile;
      if (!goalsFile) continue;
      for (const f of goalsFile.shared?.files ?? []) {
        if (f.location.kind === 'path') shared.set(f.location.path, [...(shared.get(f.location.path) ?? []), ...goalsFile.problems.filter((p) => p.file === f.name)]);
      }
      if (open.has(r.goalsPath)) continue;
      // Problems of a shared goals file (extends) carry its name and lines: not positions in this file.
      this.collection.set(vscode.Uri.file(r.goalsPath), goalsFile.problems.filter((p) => p.file === goalsFile.file).map(at));
    }
    for (const file of this.sharedShown) if (!shared.has(file) && !open.has(file)) this.collection.delete(vscode.Uri.file(file));
    this.sharedShown = new Set(shared.keys());
    for (const [file, problems] of shared) {
      if (open.has(file)) continue;
      // Two repositories extending one file report its problems twice: once each is enough.
      const seen = new Set<string>();
      const once = problems.filter((p) => {
        const key = `${p.line}:${p.column}:${p.code}:${p.message}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
      this.collection.set(vscode.Uri.file(file), once.map(at));
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function sourceKey(source: GoalsSource): string {
  return `${source.kind} ${describeSource(source)}`;
}

function toDiagnostic(d: vscode.TextDocument, p: Problem): vscode.Diagnostic {
  return diagnostic(problemRange(d, p), p);
}

function diagnostic(range: vscode.Range, p: Problem): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  diag.source = 'Goal Lens';
  diag.code = p.code;
  return diag;
}

/** Completes goal ids after "<trailer>: " in commit messages. */
export class GoalIdCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly model: GoalLensModel) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const state = this.repositoryOf(document);
    const repos = state ? [state] : this.model.repositories;
    const prefix = document.lineAt(position.line).text.slice(0, position.character);
    const items: vscode.CompletionItem[] = [];
    const seen = new Set<string>();
    for (const r of repos) {
      const index = r.index;
      if (!index) continue;
      const key = index.goalsFile.trailer;
      const m = new RegExp(`^${key}:\\s*(?:[A-Za-z0-9._-]+\\s*,\\s*)*([A-Za-z0-9._-]*)$`, 'i').exec(prefix);
      if (!m) continue;
      const range = new vscode.Range(position.line, position.character - m[1].length, position.line, position.character);
      for (const goal of index.goals.values()) {
        if (seen.has(goal.id)) continue;
        seen.add(goal.id);
        const item = new vscode.CompletionItem({ label: goal.id, description: goal.title }, vscode.CompletionItemKind.Value);
        item.range = range;
        item.detail = goal.title;
        const doc = new vscode.MarkdownString();
        doc.appendText([goal.title, goal.owner ? `Owner: ${goal.owner}` : '', `Status: ${goal.status}`].filter(Boolean).join('\n\n'));
        item.documentation = doc;
        item.sortText = `${goal.status === 'achieved' || goal.status === 'dropped' ? 1 : 0}${goal.id}`;
        items.push(item);
      }
    }
    return items.length ? items : undefined;
  }

  /** The SCM input's URI names its repository in `rootUri`; a git-commit file sits inside its .git folder. */
  private repositoryOf(document: vscode.TextDocument): RepoState | undefined {
    if (document.uri.scheme === 'vscode-scm') {
      const root = new URLSearchParams(document.uri.query).get('rootUri');
      if (root) return this.model.repositoryFor(vscode.Uri.parse(root));
      return undefined;
    }
    return this.model.repositoryFor(document.uri);
  }
}

export const COMMIT_MESSAGE_SELECTOR: vscode.DocumentSelector = [{ language: 'git-commit' }, { language: 'scminput' }, { scheme: 'vscode-scm' }];
