// Editing help for the goals file itself, with no other extension installed: completion of field names (from
// goalsFile.ts's field lists) and status values, a hover on a goal id, go to definition from `parent:` (and from
// `Goal: <id>` in a commit message) to the goal, and the quick fix of a "did you mean" problem. The open buffer
// is parsed by the same parser as the file on disk; the Goals view's message says when a goals file is broken on
// disk or has unsaved errors (views/goals/goalsMessage.ts). Shared goals (`extends`) complete, hover and resolve like local ones; go to definition and Reveal Goal
// open a shared goal where it is written: the shared file on disk, or a read-only document of the fetched copy.
import * as vscode from 'vscode';
import { GOALS_FILE_FIELDS } from '../core/goals/goalFields';
import { fieldDoc, statusDoc } from '../core/goals/fieldDocs';
import { GOAL_ID_PATTERN } from '../core/links/linkRules';
import { GOAL_STATUSES, type Goal, type GoalsFile } from '../core/types';
import { readFetchedSharedFile } from '../git/sharedGoals';
import { COMMIT_MESSAGE_SELECTOR, type GoalsDiagnostics } from './goalsEditor';
import type { GoalLensModel } from './model/model';
import { goalsViewMessage } from './views/goals/goalsMessage';

/** Read-only documents of a fetched shared goals file: goal-lens-shared:/<path in the copy>?root=<repository>. */
export const SHARED_SCHEME = 'goal-lens-shared';

export function sharedDocumentUri(root: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SHARED_SCHEME, path: `/${file}`, query: new URLSearchParams({ root }).toString() });
}

/**
 * Where a goal is written: the local goals file, or for a shared goal (goal.file set) the shared file on disk, or the
 * fetched copy of a git source (read-only). `root` is the repository whose goals file `file` is.
 */
export function goalLocation(goal: Goal, file: GoalsFile | undefined, goalsPath: string, root: string): vscode.Location {
  const at = new vscode.Position(Math.max(0, goal.line - 1), Math.max(0, goal.column - 1));
  const shared = goal.file !== undefined ? file?.shared?.files?.find((f) => f.name === goal.file) : undefined;
  if (!shared) return new vscode.Location(vscode.Uri.file(goalsPath), at);
  return new vscode.Location(shared.location.kind === 'path' ? vscode.Uri.file(shared.location.path) : sharedDocumentUri(root, shared.location.path), at);
}

/** The text of a fetched shared goals file, for a repository of the workspace (or of an open goals file). */
export class SharedDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  /** An open copy is read again when the model changes (a pull of shared goals refreshes the model). */
  readonly onDidChange = this._onDidChange.event;
  private readonly listening: vscode.Disposable;

  constructor(
    private readonly model: GoalLensModel,
    private readonly diagnostics: GoalsDiagnostics,
  ) {
    this.listening = model.onDidChange((state) => {
      for (const d of vscode.workspace.textDocuments) {
        if (d.uri.scheme === SHARED_SCHEME && (!state || new URLSearchParams(d.uri.query).get('root') === state.root)) this._onDidChange.fire(d.uri);
      }
    });
  }

  dispose(): void {
    this.listening.dispose();
    this._onDidChange.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const root = new URLSearchParams(uri.query).get('root') ?? '';
    const file = uri.path.replace(/^\/+/, '');
    const known =
      this.model.repositories.some((r) => r.root === root) ||
      vscode.workspace.textDocuments.some((d) => this.diagnostics.isGoalsDocument(d) && this.diagnostics.rootOf(d) === root);
    if (!known) return `# Goal Lens: ${root} is not a repository of this workspace`;
    try {
      return (await readFetchedSharedFile(root, file)) ?? `# Goal Lens: no ${file} in the fetched shared goals; run Goal Lens: Update Shared Goals`;
    } catch (err) {
      return `# Goal Lens: cannot read the fetched shared goals: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

type FieldLevel = keyof typeof GOALS_FILE_FIELDS;

/** Which mapping a list of mappings holds, by the key that holds the list. */
const ITEM_LEVEL: Record<string, FieldLevel | undefined> = { goals: 'goal', measurements: 'measurement', commitments: 'commitment', links: 'link' };
/** Which mapping a key holds directly. */
const MAP_LEVEL: Record<string, FieldLevel | undefined> = { outcome: 'outcome' };

const ID_CHARS = /[A-Za-z0-9._-]+/;

interface KeyLine {
  /** Column of the key (after any `- `). */
  keyCol: number;
  /** The line starts a list item (`- key: ...`). */
  item: boolean;
  key: string | undefined;
}

/** The key of a line (`  - id: x` -> key 'id' at column 4, item); undefined key for a blank or comment line. */
function keyLine(text: string): KeyLine | undefined {
  const m = /^(\s*)((?:-\s+)*)([^\s#:][^:#]*?)?\s*(:(\s|$)|$)/.exec(text);
  if (!m || (!m[3] && !m[2])) return undefined;
  return { keyCol: m[1].length + m[2].length, item: m[2].length > 0, key: m[3] && m[4].startsWith(':') ? m[3] : undefined };
}

/**
 * The kind of mapping the key at `line` (indented to `col`) belongs to, read from the lines above it by indentation:
 * the top level, a goal, an outcome, a measurement, a commitment or a link. Works on half-typed text.
 */
export function fieldLevelAt(lines: readonly string[], line: number, col: number, isItem: boolean): FieldLevel | undefined {
  let item = isItem;
  for (let i = line - 1; i >= 0; i--) {
    const k = keyLine(lines[i]);
    if (!k) continue;
    if (k.keyCol > col) continue;
    if (k.keyCol === col) {
      if (k.item) item = true;
      continue;
    }
    // The first line left of the key holds the mapping it is in.
    if (!k.key) return undefined;
    return item ? ITEM_LEVEL[k.key] : MAP_LEVEL[k.key];
  }
  return col === 0 && !item ? 'top' : undefined;
}

/** Keys already present in the mapping of the key at `line` (same column, same item). */
function siblingKeys(lines: readonly string[], line: number, col: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const k = keyLine(lines[i]);
      if (!k) continue;
      if (k.keyCol > col) continue;
      if (k.keyCol < col) return;
      if (k.key) keys.add(k.key);
      // A new item starts a new mapping: going down it ends ours; going up, it is the first line of ours.
      if (k.item) return;
    }
  };
  const own = keyLine(lines[line]);
  if (!own?.item) scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}

/** The goal id under `position`, with its range, when it is a goal id in goals.yaml or after a trailer key. */
function idAt(document: vscode.TextDocument, position: vscode.Position): { id: string; range: vscode.Range; field: string } | undefined {
  const range = document.getWordRangeAtPosition(position, ID_CHARS);
  if (!range) return undefined;
  const before = document.lineAt(position.line).text.slice(0, range.start.character);
  const field = /(?:^|\s|-\s+)([A-Za-z][A-Za-z0-9-]*):\s*(?:\[\s*)?(?:[A-Za-z0-9._-]+\s*,\s*)*["']?$/.exec(before)?.[1];
  const id = document.getText(range);
  if (!field || !GOAL_ID_PATTERN.test(id)) return undefined;
  return { id, range, field };
}

function goalCard(goal: Goal): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('$(target) **');
  md.appendText(goal.title);
  md.appendMarkdown('** · ');
  md.appendText(goal.id);
  md.appendMarkdown('\n\n');
  md.appendText([`Status: ${goal.status}`, goal.owner ? `Owner: ${goal.owner}` : '', goal.due ? `Due: ${goal.due}` : ''].filter(Boolean).join(' · '));
  if (goal.parent) {
    md.appendMarkdown('\n\n');
    md.appendText(`Part of ${goal.parent}`);
  }
  if (goal.file !== undefined) {
    md.appendMarkdown('\n\n$(link-external) ');
    md.appendText(`Shared goal, from ${goal.file}`);
  }
  return md;
}

const DID_YOU_MEAN = /did you mean '([^']+)'\?/;

export class GoalsLanguage implements vscode.Disposable, vscode.CompletionItemProvider, vscode.HoverProvider, vscode.DefinitionProvider, vscode.CodeActionProvider {
  static readonly fixKinds = [vscode.CodeActionKind.QuickFix];
  private readonly parsed = new Map<string, { version: number; file: GoalsFile }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly _onDidChangeBufferErrors = new vscode.EventEmitter<void>();
  /** Fires when an open goals file gains or loses errors. */
  readonly onDidChangeBufferErrors = this._onDidChangeBufferErrors.event;
  /** Goals file path -> its first error, while the open buffer (saved or not) has errors. */
  private readonly errors = new Map<string, string>();

  constructor(
    private readonly model: GoalLensModel,
    private readonly diagnostics: GoalsDiagnostics,
    private readonly goalsView?: vscode.TreeView<unknown>,
  ) {
    const goalsFiles: vscode.DocumentSelector = [{ scheme: 'file', language: 'yaml' }, { scheme: 'file', pattern: '**/*.{yaml,yml}' }];
    const sharedDocuments = new SharedDocumentProvider(model, diagnostics);
    this.disposables.push(
      this._onDidChangeBufferErrors,
      vscode.languages.registerCompletionItemProvider(goalsFiles, this, ':', ' '),
      vscode.languages.registerHoverProvider(goalsFiles, this),
      vscode.languages.registerDefinitionProvider(goalsFiles, this),
      vscode.languages.registerDefinitionProvider(COMMIT_MESSAGE_SELECTOR, { provideDefinition: (d, p) => this.commitMessageDefinition(d, p) }),
      vscode.languages.registerCodeActionsProvider(goalsFiles, this, { providedCodeActionKinds: GoalsLanguage.fixKinds }),
      sharedDocuments,
      vscode.workspace.registerTextDocumentContentProvider(SHARED_SCHEME, sharedDocuments),
      diagnostics.onDidCheck(({ document, file }) => this.noteErrors(document, file)),
      // Saving moves an error to disk (the repository's row), and a load may break or mend the file on disk.
      vscode.workspace.onDidSaveTextDocument(() => this.showErrors(false)),
      model.onDidChange(() => this.showErrors(false)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.parsed.delete(d.uri.toString());
        if (this.errors.delete(d.uri.fsPath)) this.showErrors();
      }),
    );
    this.showErrors(false); // a goals file already broken on disk
  }

  /** The open goals files that have errors now: path -> "line N: message". */
  get bufferErrors(): ReadonlyMap<string, string> {
    return this.errors;
  }

  private parse(document: vscode.TextDocument): GoalsFile {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.file;
    const file = this.diagnostics.goalsOf(document);
    this.parsed.set(key, { version: document.version, file });
    return file;
  }

  private noteErrors(document: vscode.TextDocument, file: GoalsFile): void {
    this.parsed.set(document.uri.toString(), { version: document.version, file });
    // The document's own errors: a shared file's are not this buffer's, and the model reads them too.
    const first = file.problems.find((p) => p.severity === 'error' && p.file === file.file);
    const before = this.errors.get(document.uri.fsPath);
    const now = first ? `line ${first.line}: ${first.message}` : undefined;
    if (before === now) {
      this.showErrors(false); // an undo back to the saved text makes the buffer clean
      return;
    }
    if (now) this.errors.set(document.uri.fsPath, now);
    else this.errors.delete(document.uri.fsPath);
    this.showErrors();
  }

  /** What the Goals view's message says now (undefined: none). */
  get viewMessage(): string | undefined {
    return this.goalsView ? this.goalsView.message : this.message();
  }

  /** The view's message: goals files broken on disk, and open buffers' unsaved errors (views/goals/goalsMessage.ts). */
  private message(): string | undefined {
    const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file').map((d) => d.uri.fsPath));
    return goalsViewMessage(this.model.repositories, new Map([...this.errors].filter(([file]) => dirty.has(file))));
  }

  private showErrors(changed = true): void {
    const message = this.message();
    if (this.goalsView && this.goalsView.message !== message) this.goalsView.message = message;
    if (changed) this._onDidChangeBufferErrors.fire();
  }

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!this.diagnostics.isGoalsDocument(document)) return undefined;
    const text = document.lineAt(position.line).text;
    const before = text.slice(0, position.character);
    const lines = document.getText().split(/\r?\n/);
    // A value: status, or a goal id after parent.
    const value = /^(\s*)((?:-\s+)?)([A-Za-z]+):\s*([A-Za-z0-9._-]*)$/.exec(before);
    if (value) {
      const [, indent, dash, key, typed] = value;
      const range = new vscode.Range(position.line, position.character - typed.length, position.line, position.character);
      if (fieldLevelAt(lines, position.line, indent.length + dash.length, dash.length > 0) !== 'goal') return undefined;
      if (key === 'status') {
        return GOAL_STATUSES.map((s, i) => {
          const item = new vscode.CompletionItem(s, vscode.CompletionItemKind.EnumMember);
          item.range = range;
          item.sortText = String(i);
          item.detail = 'goal status';
          item.documentation = statusDoc(s);
          return item;
        });
      }
      if (key === 'parent') {
        const own = this.goalAtLine(document, position.line)?.id;
        return this.parse(document)
          .goals.filter((g) => g.id !== own)
          .map((g) => {
            const item = new vscode.CompletionItem({ label: g.id, description: g.title }, vscode.CompletionItemKind.Reference);
            item.range = range;
            item.documentation = goalCard(g);
            return item;
          });
      }
      return undefined;
    }
    // A field name.
    const key = /^(\s*)((?:-\s+)?)([A-Za-z]*)$/.exec(before);
    if (!key) return undefined;
    const [, indent, dash, typed] = key;
    const col = indent.length + dash.length;
    const level = fieldLevelAt(lines, position.line, col, dash.length > 0);
    if (!level) return undefined;
    const present = siblingKeys(lines, position.line, col);
    const rest = text.slice(position.character);
    const hasColon = /^[A-Za-z]*\s*:/.test(rest);
    const range = new vscode.Range(position.line, position.character - typed.length, position.line, position.character + (/^[A-Za-z]*/.exec(rest)?.[0].length ?? 0));
    return GOALS_FILE_FIELDS[level]
      .filter((f) => !present.has(f) || f === typed)
      .map((f, i) => {
        const item = new vscode.CompletionItem(f, vscode.CompletionItemKind.Property);
        item.range = range;
        item.insertText = hasColon ? f : `${f}: `;
        item.sortText = String(i).padStart(2, '0');
        item.detail = `${level === 'top' ? 'goals.yaml' : level} field`;
        item.documentation = fieldDoc(level, f);
        if (f === 'status') item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest a status' };
        return item;
      });
  }

  /** The goal whose entry contains `line` (the last goal that starts at or above it). */
  private goalAtLine(document: vscode.TextDocument, line: number): Goal | undefined {
    let found: Goal | undefined;
    // Shared goals' lines are in their own files.
    for (const g of this.parse(document).goals) if (g.file === undefined && g.line - 1 <= line && (!found || g.line >= found.line)) found = g;
    return found;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.diagnostics.isGoalsDocument(document)) return undefined;
    const at = idAt(document, position);
    if (!at || (at.field !== 'id' && at.field !== 'parent')) return undefined;
    const goal = this.parse(document).goals.find((g) => g.id === at.id);
    return goal ? new vscode.Hover(goalCard(goal), at.range) : undefined;
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    if (!this.diagnostics.isGoalsDocument(document)) return undefined;
    const at = idAt(document, position);
    if (!at || at.field !== 'parent') return undefined;
    const file = this.parse(document);
    const goal = file.goals.find((g) => g.id === at.id);
    return goal ? goalLocation(goal, file, document.uri.fsPath, this.diagnostics.rootOf(document)) : undefined;
  }

  /** `Goal: <id>` in a commit message (trailer key of the repository's goals file) -> the goal in goals.yaml. */
  private commitMessageDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const at = idAt(document, position);
    if (!at) return undefined;
    for (const r of this.model.repositories) {
      const index = r.index;
      if (!index || index.goalsFile.trailer.toLowerCase() !== at.field.toLowerCase()) continue;
      const goal = index.goals.get(at.id);
      if (goal) return goalLocation(goal, index.goalsFile, r.goalsPath, r.root);
    }
    return undefined;
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.diagnostics.isGoalsDocument(document)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const suggestion = d.source === 'Goal Lens' ? DID_YOU_MEAN.exec(d.message)?.[1] : undefined;
      if (!suggestion) continue;
      const lines = document.getText().split(/\r?\n/);
      const at = d.range.start;
      // A field that is already there: renaming would make a duplicate, so the fix removes the misspelt one.
      const duplicate = d.code === 'unknown-field' && siblingKeys(lines, at.line, at.character).has(suggestion);
      const action = new vscode.CodeAction(duplicate ? `Remove '${document.getText(d.range)}' ('${suggestion}' is already there)` : `Change to '${suggestion}'`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      if (duplicate) {
        let end = at.line + 1;
        while (end < lines.length && lines[end].trim() !== '' && (lines[end].length - lines[end].trimStart().length) > at.character) end++;
        const whole = lines[at.line].slice(0, at.character).trim() === '';
        action.edit.delete(document.uri, new vscode.Range(at.line, whole ? 0 : at.character, end, 0));
      } else action.edit.replace(document.uri, d.range, suggestion);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    if (this.goalsView) this.goalsView.message = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
