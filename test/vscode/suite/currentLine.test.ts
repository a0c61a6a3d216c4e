// The current line's goal: the end-of-line note follows the text (an edit, a save, `git checkout -- file`), and
// the hover of an untagged line offers its suggestion with an Accept link and a Tag… link, trusted for those commands.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import { activateApi, folder, git, until } from './helpers';

/** Files the built-in git extension lists as changed in the work tree, in every repository it has open. */
function gitChanges(): string[] {
  type GitApi = { repositories: { state: { workingTreeChanges: { uri: vscode.Uri }[] } }[] };
  const api = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git')?.exports?.getAPI(1);
  return api ? api.repositories.flatMap((r) => r.state.workingTreeChanges.map((c) => c.uri.fsPath)) : [];
}

suite('Current line', () => {
  let api: GoalLensApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
  });

  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('after `git checkout -- file` reverts an edited line, its note names the commit again, not "uncommitted"', async () => {
    // A source file: a change to goals.yaml also refreshes the model, which would hide a note that does not follow its text.
    const file = path.join(folder(), 'src', 'search', 'cache.ts');
    const original = fs.readFileSync(file, 'utf8');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    const line = 0;
    editor.selection = new vscode.Selection(line, 0, line, 0);
    assert.strictEqual(await api.currentLine.updateNow(), '⊙ search-latency · via Goal trailer');
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, doc.lineAt(line).range, 'export const ttl = 120;');
      assert.ok(await vscode.workspace.applyEdit(edit));
      // VS Code can refuse a save while a file-watcher event is still in flight (seen once under load): a user saves again.
      await until('the edit to be saved', async () => (((await doc.save()) || !doc.isDirty) && fs.readFileSync(file, 'utf8').startsWith('export const ttl = 120;')) || undefined, 10_000).catch((e: Error) => {
        throw new Error(`${e.message}: dirty ${doc.isDirty}, on disk '${fs.readFileSync(file, 'utf8').trim()}'`);
      });
      assert.strictEqual(await api.currentLine.updateNow(), 'uncommitted');
      // As a user would: the note is read again once the save has settled (the git extension lists the change, so
      // what its event sets off has run), then the terminal.
      await until('the git extension to list the saved change', () => gitChanges().includes(file), 10_000);
      assert.strictEqual(await api.currentLine.updateNow(), 'uncommitted');
      git('checkout', '--', 'src/search/cache.ts');
      await until('the editor to reload the reverted file', () => doc.getText() === original || undefined, 10_000);
      // The reload leaves the cursor on the empty last line; back on the reverted line, the note names its commit.
      editor.selection = new vscode.Selection(line, 0, line, 0);
      await until('the note to name the commit again', () => api.currentLine.text === '⊙ search-latency · via Goal trailer' || undefined, 5_000).catch(async (e: Error) => {
        throw new Error(`${e.message}: it says '${api.currentLine.text}'`);
      });
    } finally {
      if (fs.readFileSync(file, 'utf8') !== original) fs.writeFileSync(file, original);
    }
  });

  test('the hover of an untagged line offers its suggestion with Accept, and "Tag…"; links trusted for those commands only', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder(), 'build.sh')));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await api.currentLine.updateNow(), '⊙ untagged');
    const end = doc.lineAt(0).range.end;
    // Suggestions are built in the background: the hover offers Accept once they are.
    const hover = await until('the suggestion in the hover', async () => {
      const h = await api.currentLine.provideHover(doc, end);
      return h && (h.contents[1] as vscode.MarkdownString | undefined)?.value.includes('Accept') ? h : undefined;
    });
    const [text, link] = hover.contents as vscode.MarkdownString[];
    assert.strictEqual(text.isTrusted, false, 'repository text is never trusted');
    assert.ok(!text.value.includes('command:'), text.value);
    const suggested = /\*\*Suggested:\*\* .*\(([\w-]+)\), confidence \d+%/.exec(text.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'));
    assert.ok(suggested, text.value);
    assert.deepStrictEqual(link.isTrusted, { enabledCommands: ['goalLens.acceptSuggestion', 'goalLens.tagCommit'] });
    const accept = /\[\$\(check\) Accept\]\(command:goalLens\.acceptSuggestion\?([^ )]+)/.exec(link.value);
    const tag = /\[\$\(tag\) Tag…\]\(command:goalLens\.tagCommit\?([^ )]+)/.exec(link.value);
    assert.ok(accept && tag, link.value);
    const sha = git('log', '-1', '--format=%H', '--', 'build.sh');
    const args = JSON.parse(decodeURIComponent(accept[1])) as [{ root: string; sha: string }];
    assert.deepStrictEqual(args, [{ root: folder(), sha }]);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(tag[1])), args);
    try {
      await vscode.commands.executeCommand('goalLens.acceptSuggestion', ...args);
      assert.strictEqual(git('notes', '--ref=goals', 'show', sha), `Goal: ${suggested[1]}`);
      await until('the note to show', async () => (await api.currentLine.updateNow())?.startsWith(`⊙ ${suggested[1]}`) || undefined, 10_000);
      const tagged = await api.currentLine.provideHover(doc, end);
      assert.ok(tagged && tagged.contents.length === 1, 'no Accept or Tag… link once the line serves a goal');
    } finally {
      git('update-ref', '-d', 'refs/notes/goals');
      await api.model.refresh();
    }
  });

  test('the "Tag…" link of an untagged line tags that commit', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder(), 'build.sh')));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await api.currentLine.updateNow(), '⊙ untagged');
    const hover = await api.currentLine.provideHover(doc, doc.lineAt(0).range.end);
    const link = (hover?.contents ?? [])[1] as vscode.MarkdownString | undefined;
    const m = link && /\[\$\(tag\) Tag…\]\(command:goalLens\.tagCommit\?([^ )]+)/.exec(link.value);
    assert.ok(m, link?.value);
    const args = JSON.parse(decodeURIComponent(m[1])) as [{ root: string; sha: string }];
    const sha = git('log', '-1', '--format=%H', '--', 'build.sh');
    try {
      await vscode.commands.executeCommand('goalLens.tagCommit', ...args, 'search-latency');
      assert.match(git('notes', '--ref=goals', 'show', sha), /^Goal: search-latency$/m);
    } finally {
      git('update-ref', '-d', 'refs/notes/goals');
      await api.model.refresh();
    }
  });
});
