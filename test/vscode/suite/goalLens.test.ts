// Goal Lens's editor surface on the fixture workspace (test/vscode/fixture.js): the Goals tree and its counts,
// the Untagged node, the status bar, the commands end to end, goals.yaml problems as the user types, and the
// current-line annotation. Reads the extension's exported API (src/extension/extension.ts: GoalLensApi).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import { activateApi, description, folder, git, label, until } from './helpers';

function shaOf(subject: string): string {
  return git('log', '--all', '--format=%H', '--fixed-strings', `--grep=${subject}`).split('\n')[0];
}

suite('Goal Lens editor surface', () => {
  let api: GoalLensApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
  });

  test('activate returns the API and the model indexes the fixture repository', () => {
    assert.strictEqual(api.model.state, 'ready');
    const [repo] = api.model.repositories;
    assert.strictEqual(path.resolve(repo.root), path.resolve(folder()));
    assert.strictEqual(repo.stale, false);
    assert.deepStrictEqual([...(repo.index?.goals.keys() ?? [])], ['growth', 'checkout-conversion', 'search-latency']);
  });

  test('the tree shows the goal hierarchy with commit counts, then Untagged work', () => {
    const top = api.goalsTree.getChildren();
    assert.deepStrictEqual(top.map((n) => label(api, n)), ['Grow online revenue', 'Search answers in under 200 ms', 'Untagged work']);
    // growth: its own "Add goals" commit plus checkout-conversion's three (trailer, SHOP-42 key, branch commit).
    assert.match(description(api, top[0]), /^4 commits · /);
    assert.match(description(api, top[1]), /^1 commit · /);
    const growthChildren = api.goalsTree.getChildren(top[0]);
    const checkout = growthChildren[0];
    assert.strictEqual(label(api, checkout), 'Lift checkout conversion to 4%');
    assert.match(description(api, checkout), /^3 commits · /);
    const groups = api.goalsTree.getChildren(checkout);
    assert.deepStrictEqual(groups.map((n) => label(api, n)), ['Branches', 'Recent commits']);
    const branches = api.goalsTree.getChildren(groups[0]);
    assert.deepStrictEqual(branches.map((n) => label(api, n)), ['feat/checkout-retry']);
    assert.match(description(api, branches[0]), /1 ahead/);
    const commits = api.goalsTree.getChildren(groups[1]);
    assert.deepStrictEqual(commits.map((n) => label(api, n)), ['Retry with backoff', 'SHOP-42 show saved cards first', 'Retry card payments once']);
    assert.match(description(api, commits[1]), /Ana Lima · .* · via issue key SHOP-42/);
    const tooltip = api.goalsTree.getTreeItem(checkout).tooltip as vscode.MarkdownString;
    const text = tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.ok(text.includes('Checkout conversion rate: baseline 3.1% → target 4%'), text);
    assert.ok(text.includes('Owner: Dana Ruiz (VP Sales) · IT advisor: Lee Park · Due: 2027-03-31'), text);
    assert.strictEqual(tooltip.isTrusted, false);
  });

  test('the Untagged node lists the untagged commits', () => {
    const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
    assert.ok(untagged);
    assert.match(description(api, untagged), /^1 commit · 17%$/);
    assert.deepStrictEqual(api.goalsTree.getChildren(untagged).map((n) => label(api, n)), ['Tidy the build script']);
  });

  test('the time window and "only my work" filters change the counts', async () => {
    await vscode.commands.executeCommand('goalLens.onlyMine');
    const top = api.goalsTree.getChildren();
    assert.match(description(api, top[0]), /^3 commits · /, 'Ana Lima\'s SHOP-42 commit is not mine');
    await vscode.commands.executeCommand('goalLens.everyone');
    assert.match(description(api, api.goalsTree.getChildren()[0]), /^4 commits · /);
  });

  test('the status bar shows the current branch\'s goal', async () => {
    await api.statusBar.update();
    assert.strictEqual(api.statusBar.text, '$(target) checkout-conversion');
  });

  test('opening a commit shows its changes', async () => {
    const sha = shaOf('Retry with backoff');
    await vscode.commands.executeCommand('goalLens.openCommit', { root: folder(), sha, subject: 'Retry with backoff' });
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc);
    assert.ok(doc.getText().includes('retries = 3'), doc.getText().slice(0, 400));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Explain Commit gives each goal and the reason', async () => {
    const sha = shaOf('SHOP-42');
    const e = (await vscode.commands.executeCommand('goalLens.explainCommit', sha, { quiet: true })) as { links: { goalId: string; detail: string }[] };
    assert.deepStrictEqual(e.links.map((l) => [l.goalId, l.detail]), [['checkout-conversion', 'via issue key SHOP-42']]);
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

  test('Add Goal Trailer puts the trailer into the Source Control input box', async function () {
    const gitExt = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: { inputBox: { value: string } }[] } }>('vscode.git');
    if (!gitExt) this.skip();
    const gitApi = (await gitExt.activate()).getAPI(1);
    await until('the git extension to open the repository', () => gitApi.repositories[0]);
    gitApi.repositories[0].inputBox.value = 'Make retries configurable';
    const value = await vscode.commands.executeCommand('goalLens.addTrailer', 'search-latency');
    assert.strictEqual(value, 'Make retries configurable\n\nGoal: search-latency');
    assert.strictEqual(gitApi.repositories[0].inputBox.value, 'Make retries configurable\n\nGoal: search-latency');
    gitApi.repositories[0].inputBox.value = '';
  });

  test('Link Current Branch to Goal writes git config and the status bar follows', async () => {
    const branch = git('symbolic-ref', '--short', 'HEAD');
    try {
      await vscode.commands.executeCommand('goalLens.linkBranch', 'search-latency');
      assert.strictEqual(git('config', '--get', `branch.${branch}.goal`), 'search-latency');
      await api.statusBar.update();
      assert.strictEqual(api.statusBar.text, '$(target) search-latency');
    } finally {
      git('config', '--unset', `branch.${branch}.goal`);
      await api.model.refresh();
      await api.statusBar.update();
    }
    assert.strictEqual(api.statusBar.text, '$(target) checkout-conversion');
  });

  test('Tag Commit with Goal writes a note and the commit leaves Untagged work', async () => {
    const sha = shaOf('Tidy the build script');
    await vscode.commands.executeCommand('goalLens.tagCommit', sha, 'search-latency');
    assert.match(git('notes', '--ref=goals', 'show', sha), /^Goal: search-latency$/m);
    await until('the model to see the note', () => api.model.repositories[0].index?.links.get(sha)?.some((l) => l.source === 'note'));
    const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
    assert.ok(untagged);
    assert.match(description(api, untagged), /^0 commits/);
  });

  test('Reveal Goal opens goals.yaml at the goal, Copy Goal Id copies it', async () => {
    const editor = (await vscode.commands.executeCommand('goalLens.revealGoal', 'search-latency')) as vscode.TextEditor;
    assert.strictEqual(path.basename(editor.document.uri.fsPath), 'goals.yaml');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /id: search-latency/);
    await vscode.commands.executeCommand('goalLens.copyGoalId', 'checkout-conversion');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'checkout-conversion');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Install Commit Hook writes a prepare-commit-msg hook', async () => {
    const hook = (await vscode.commands.executeCommand('goalLens.installHook')) as string;
    assert.strictEqual(path.basename(hook), 'prepare-commit-msg');
    assert.ok(fs.readFileSync(hook, 'utf8').includes('goal-lens-hook'));
  });

  test('a broken goals.yaml on disk keeps the last good tree, marked stale, and recovers', async () => {
    const file = path.join(folder(), 'goals.yaml');
    const good = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, good + '\n  - id: [unclosed\n');
      await until('the model to mark the index stale', () => api.model.repositories[0].stale || undefined, 10_000);
      const top = api.goalsTree.getChildren();
      assert.match(label(api, top[0]), /goals.yaml has problems/);
      // where and what, visible without hovering
      assert.match(String(api.goalsTree.getTreeItem(top[0]).description), /^goals\.yaml:\d+:\d+: /);
      assert.ok(top.some((n) => label(api, n) === 'Grow online revenue'), 'the last good goals stay shown');
    } finally {
      fs.writeFileSync(file, good);
    }
    await until('the model to recover', () => (!api.model.repositories[0].stale && !api.model.repositories[0].loading) || undefined, 10_000);
    assert.strictEqual(label(api, api.goalsTree.getChildren()[0]), 'Grow online revenue');
  });
});
