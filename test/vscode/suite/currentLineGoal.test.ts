// The goal of the current line: the end-of-line note and its hover, on the fixture workspace.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import { activateApi, folder } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\(.)/g, '$1');
}

suite('Current line goal', () => {
  let api: GoalLensApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
  });

  test('the current line is annotated with the goal of the commit that last changed it', async () => {
    const open = async (file: string) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder(), file)));
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      return api.currentLine.updateNow();
    };
    assert.strictEqual(await open('src/payments/retry.ts'), '⊙ checkout-conversion · via Goal trailer');
    assert.strictEqual(await open('README.md'), '⊙ growth · via Goal trailer');
    assert.strictEqual(await open('build.sh'), '⊙ untagged');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the current-line hover names the goal and the reason of the link', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'src/payments/retry.ts'));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await api.currentLine.updateNow(), '⊙ checkout-conversion · via Goal trailer');
    const end = editor.document.lineAt(0).range.end;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, end);
    const text = hoverText(hovers);
    assert.ok(text.includes('Lift checkout conversion to 4%'), text);
    assert.ok(text.includes('via Goal trailer'), text);
    assert.ok(text.includes('Retry with backoff'), `the hover names the commit: ${text}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
