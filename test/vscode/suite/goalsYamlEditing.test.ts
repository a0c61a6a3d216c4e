// Editing goals.yaml and commit messages in the fixture workspace: problems as the user types, goal ids
// completed after "Goal: ", Reveal Goal and Copy Goal Id.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateApi, folder, until } from './helpers';

suite('goals.yaml and commit messages', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activateApi();
  });

  test('typing a duplicate id into goals.yaml shows a problem on that line within a second, unsaved', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'goals.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    edit.insert(uri, end, `${doc.getText().endsWith('\n') ? '' : '\n'}  - id: growth\n    title: Twice\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const typedAt = Date.now();
    const dupLine = doc.getText().split('\n').findIndex((l, i, all) => l === '  - id: growth' && i === all.lastIndexOf('  - id: growth'));
    const diag = await until(
      'the duplicate-id diagnostic',
      () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'duplicate-id'),
      1500,
    );
    const took = Date.now() - typedAt;
    assert.ok(took <= 1000, `the problem showed ${took} ms after the edit`);
    assert.strictEqual(diag.range.start.line, dupLine);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(doc.isDirty, 'the document was not saved');
    // Put the text back through the document itself (a revert command acts on whichever editor has focus).
    const restore = new vscode.WorkspaceEdit();
    restore.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await doc.save();
    await until('the problem to go away', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'duplicate-id') || undefined, 5000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('goal ids complete after "Goal: " in a commit message', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'git-commit', content: 'Fix it\n\nGoal: chec' });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 10));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('checkout-conversion'), labels.join(', '));
  });

  test('goal ids complete after "Goal: " and after a comma, not elsewhere in the message', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'git-commit', content: 'Fix search\n\nGoal: growth, sea\nSee also: sea' });
    const labels = async (line: number, character: number) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, character));
      return list.items.filter((i) => i.kind === vscode.CompletionItemKind.Value).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const afterComma = await labels(2, doc.lineAt(2).text.length);
    assert.ok(afterComma.includes('search-latency'), afterComma.join(', '));
    const item = (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 17))).items.find(
      (i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'search-latency',
    );
    assert.ok(item);
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range && range.start.character === 14 && range.end.character === 17, `replaces the typed 'sea': ${JSON.stringify(range)}`);
    assert.deepStrictEqual(await labels(3, doc.lineAt(3).text.length), [], 'no goal ids after another trailer');
    assert.deepStrictEqual(await labels(0, 3), [], 'no goal ids in the subject');
  });

  test('Reveal Goal opens goals.yaml at the goal, Copy Goal Id copies it', async () => {
    const editor = (await vscode.commands.executeCommand('goalLens.revealGoal', 'search-latency')) as vscode.TextEditor;
    assert.strictEqual(path.basename(editor.document.uri.fsPath), 'goals.yaml');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /id: search-latency/);
    await vscode.commands.executeCommand('goalLens.copyGoalId', 'checkout-conversion');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'checkout-conversion');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
