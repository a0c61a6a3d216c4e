// goals.yaml's routing rules in the editor: a goal with a `subjects:` rule shows the commits it routes in the Goals
// view, with the reason, and they leave Untagged work; and the effort settings reach the dashboard's figures as
// the command line's --bots does. The fixture's goals.yaml is put back, and the model waited for, at the end.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { dashboardDataFor } from '../../../src/extension/views/dashboard';
import { cli } from '../../helpers/cli';
import { activateApi, description, folder, label, until, watchersLive } from './helpers';
import type { GoalLensApi } from '../../../src/extension/extension';

suite('Routing rules and effort settings', () => {
  let api: GoalLensApi;
  const goalsPath = (): string => path.join(folder(), 'goals.yaml');
  let original = '';

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    original = fs.readFileSync(goalsPath(), 'utf8');
  });

  test('a goal with a subjects: rule lists the commits it routes, with the reason, and Untagged work loses them', async function () {
    this.timeout(60_000);
    const model = api.model;
    await watchersLive(model, [goalsPath()]);
    const routed = original.replace(/\s*$/, '\n') + '  - id: upkeep\n    title: Keep the lights on\n    kind: upkeep\n    subjects: ["Tidy *"]\n';
    try {
      fs.writeFileSync(goalsPath(), routed);
      const row = await until('the upkeep goal in the tree', () => api.goalsTree.getChildren().find((n) => label(api, n) === 'Keep the lights on'), 30_000);
      assert.match(description(api, row), /^1 commit · /);
      const groups = api.goalsTree.getChildren(row);
      const recent = groups.find((n) => label(api, n) === 'Recent commits');
      assert.ok(recent, groups.map((n) => label(api, n)).join(', '));
      const commits = api.goalsTree.getChildren(recent);
      assert.deepStrictEqual(commits.map((n) => label(api, n)), ['Tidy the build script']);
      assert.match(description(api, commits[0]), /via subject glob Tidy \*/);
      const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
      const left = untagged ? api.goalsTree.getChildren(untagged).map((n) => label(api, n)) : [];
      assert.ok(!left.includes('Tidy the build script'), `untagged: ${left.join(', ')}`);
    } finally {
      fs.writeFileSync(goalsPath(), original);
      await until('the fixture goals back', () => (api.goalsTree.getChildren().some((n) => label(api, n) === 'Keep the lights on') ? undefined : true), 30_000);
    }
  });

  test('goalLens.effort.bots reaches the dashboard figures as --bots does', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('goalLens');
    const index = api.model.repositories[0].index;
    assert.ok(index);
    const now = new Date();
    const before = dashboardDataFor(index, 'all', now);
    const someone = index.commits.find((c) => c.parents.length < 2)?.email ?? '';
    try {
      await config.update('effort.bots', [someone], vscode.ConfigurationTarget.Global);
      const after = await until('the setting read', () => {
        const d = dashboardDataFor(index, 'all', now);
        return d.fte.total.people < before.fte.total.people ? d : undefined;
      });
      const run = cli(folder(), ['effort', '--format', 'json', '--bots', someone], { GOAL_LENS_NOW: now.toISOString() });
      assert.strictEqual(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as { totals: { fte: number; people: number } };
      assert.deepStrictEqual([after.fte.total.people, after.fte.total.fte], [json.totals.people, json.totals.fte]);
    } finally {
      await config.update('effort.bots', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test("the quick fix for a misspelt field removes it when the right field is already there, else renames it", async function () {
    this.timeout(60_000);
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-titel-')));
    try {
      fs.writeFileSync(path.join(dir, 'goals.yaml'), 'version: 1\ngoals:\n  - id: a\n    title: A\n    titel: A again\n  - id: b\n    titel: B\n');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'goals.yaml')));
      await vscode.window.showTextDocument(doc);
      const fixesAt = async (line: number): Promise<string[]> => {
        const diag = await until(`the unknown-field problem on line ${line + 1}`, () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknown-field' && d.range.start.line === line));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
        return actions.map((a) => a.title);
      };
      assert.deepStrictEqual(await fixesAt(4), ["Remove 'titel' ('title' is already there)"]);
      assert.deepStrictEqual(await fixesAt(6), ["Change to 'title'"]);
      const diag = vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknown-field' && d.range.start.line === 4);
      const [remove] = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag?.range ?? new vscode.Range(4, 4, 4, 9), vscode.CodeActionKind.QuickFix.value);
      assert.ok(remove?.edit && (await vscode.workspace.applyEdit(remove.edit)));
      assert.strictEqual(doc.getText(), 'version: 1\ngoals:\n  - id: a\n    title: A\n  - id: b\n    titel: B\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
