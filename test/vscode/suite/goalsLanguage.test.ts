// Editing goals.yaml with no YAML extension installed: completion of field names and status values, a hover on a
// goal id, go to definition from `parent:` (and from `Goal:` in a commit message), the "did you mean" quick fix,
// and the note that the Goals view shows the last good file while the buffer has errors.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import { activateApi, folder, until } from './helpers';

const TEXT = `version: 1

goals:
  - id: growth
    title: Grow online revenue
    owner: Dana Ruiz (VP Sales)
    status: active
  - id: checkout
    title: Lift checkout conversion
    parent: growth
    ownr: Lee Park
    outcome:
      metric: Conversion
      
    sta
`;

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

suite('goals.yaml language features', () => {
  let api: GoalLensApi;
  let dir: string;
  let doc: vscode.TextDocument;
  const lineOf = (text: string) => doc.getText().split('\n').findIndex((l) => l.includes(text));
  const complete = (line: number, character: number) =>
    vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, character));

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-lang-')));
    fs.writeFileSync(path.join(dir, 'goals.yaml'), TEXT);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'goals.yaml')));
    await vscode.window.showTextDocument(doc);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no YAML extension is installed: what follows is Goal Lens alone', () => {
    // VS Code's own yaml extension is only the grammar; a YAML language server (Red Hat's) would bring its own features.
    const yaml = vscode.extensions.all.filter((e) => /yaml/i.test(e.id) && e.id !== 'vscode.yaml');
    assert.deepStrictEqual(yaml.map((e) => e.id), []);
  });

  test('field names complete by where the cursor is: goal fields not yet used, outcome fields, top-level fields', async () => {
    const sta = doc.getText().split('\n').indexOf('    sta');
    const goal = labels(await complete(sta, 7));
    assert.ok(goal.includes('status') && goal.includes('owner') && goal.includes('due'), goal.join(', '));
    assert.ok(!goal.includes('title') && !goal.includes('parent') && !goal.includes('metric'), `fields already there, or of another level: ${goal.join(', ')}`);
    const outcome = labels(await complete(lineOf('metric: Conversion') + 1, 6));
    assert.ok(outcome.includes('baseline') && outcome.includes('measurements'), outcome.join(', '));
    assert.ok(!outcome.includes('metric') && !outcome.includes('title'), outcome.join(', '));
    const top = labels(await complete(1, 0));
    assert.deepStrictEqual(top.filter((l) => ['version', 'trailer', 'goals', 'title'].includes(l)), ['trailer']);
  });

  test('status values complete after "status: "', async () => {
    const line = lineOf('status: active');
    const list = await complete(line, doc.lineAt(line).text.length);
    assert.deepStrictEqual(labels(list).filter((l) => ['proposed', 'active', 'paused', 'achieved', 'dropped'].includes(l)), ['proposed', 'active', 'paused', 'achieved', 'dropped']);
  });

  test('a hover on a goal id shows its title, status and owner', async () => {
    const line = lineOf('parent: growth');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 14));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : String((c as { value?: unknown }).value ?? '')))).join('\n').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(text, /Grow online revenue/, text);
    assert.match(text, /Status: active · Owner: Dana Ruiz \(VP Sales\)/);
  });

  test('go to definition from parent: lands on the goal', async () => {
    const line = lineOf('parent: growth');
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(line, 14));
    const [loc] = locations.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetRange } : l));
    assert.ok(loc, 'a definition');
    assert.strictEqual(loc.uri.fsPath, doc.uri.fsPath);
    assert.strictEqual(loc.range.start.line, lineOf('id: growth'));
  });

  test('go to definition from "Goal: <id>" in a commit message opens goals.yaml at the goal', async () => {
    const msg = await vscode.workspace.openTextDocument({ language: 'git-commit', content: 'Retry once\n\nGoal: search-latency\n' });
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', msg.uri, new vscode.Position(2, 9));
    assert.strictEqual(locations.length, 1);
    assert.strictEqual(locations[0].uri.fsPath, path.join(folder(), 'goals.yaml'));
    const goals = fs.readFileSync(path.join(folder(), 'goals.yaml'), 'utf8').split('\n');
    assert.match(goals[locations[0].range.start.line], /id: search-latency/);
  });

  test('"did you mean" problems have a quick fix that makes the change', async () => {
    const line = lineOf('ownr: Lee Park');
    const diag = await until('the unknown-field problem', () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknown-field' && d.range.start.line === line));
    assert.match(diag.message, /did you mean 'owner'/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'owner'");
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.lineAt(line).text, '    owner: Lee Park');
    await until('the problem to go', () => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'unknown-field' && d.range.start.line === line) || undefined, 5000);
  });

  test('while the buffer has errors, Goal Lens says the Goals view shows the last good file', async () => {
    // The half-typed key at the end is a YAML error: the note is there; gone once the line is removed.
    assert.match(api.goalsLanguage.bufferErrors.get(doc.uri.fsPath) ?? '', /^line \d+: /);
    const sta = doc.getText().split('\n').indexOf('    sta');
    const fix = new vscode.WorkspaceEdit();
    fix.delete(doc.uri, new vscode.Range(sta, 0, sta + 1, 0));
    assert.ok(await vscode.workspace.applyEdit(fix));
    await until('a clean buffer', () => !api.goalsLanguage.bufferErrors.has(doc.uri.fsPath) || undefined, 5000);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(lineOf('id: checkout') + 1, 0), '    parent: nowhere\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const error = await until('the buffer error', () => api.goalsLanguage.bufferErrors.get(doc.uri.fsPath), 5000);
    assert.match(error, /^line \d+: /);
    const undo = new vscode.WorkspaceEdit();
    const bad = lineOf('parent: nowhere');
    undo.delete(doc.uri, new vscode.Range(bad, 0, bad + 1, 0));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await until('the note to go', () => !api.goalsLanguage.bufferErrors.has(doc.uri.fsPath) || undefined, 5000);
  });
});
