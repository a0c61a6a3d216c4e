// The Goals view on the fixture workspace (test/vscode/fixture.js): the goal hierarchy and its counts, Untagged
// work, the filters (only my work, the time window, achieved and dropped goals), the welcome state and Create
// goals.yaml, several repositories, a broken goals.yaml, and revealing a goal from its row. Tests that change
// the workspace put it back. Reads the extension's exported API (src/extension/extension.ts: GoalLensApi).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import type { GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { activateApi, closeModel, description, folder, gitIn as gitWith, label, memoryFilters, rowOf, until } from './helpers';

/** git in `cwd`, without the user's global config either. */
function gitIn(cwd: string, ...args: string[]): string {
  return gitWith(cwd, args, { GIT_CONFIG_GLOBAL: '/dev/null' });
}

/** A second repository for the multi-root tests: one active, one achieved and one dropped goal. */
function makeSecondRepo(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-second-')));
  gitIn(dir, 'init', '-q', '--initial-branch=main');
  gitIn(dir, 'config', 'user.name', 'Second User');
  gitIn(dir, 'config', 'user.email', 'second@example.com');
  gitIn(dir, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(
    path.join(dir, 'goals.yaml'),
    [
      'version: 1',
      'goals:',
      '  - id: mobile-app',
      '    title: Ship the mobile app',
      '  - id: old-portal',
      '    title: Retire the old portal',
      '    status: achieved',
      '  - id: fax-orders',
      '    title: Take orders by fax',
      '    status: dropped',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'app.ts'), 'export const app = 1;\n');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'Start the app\n\nGoal: mobile-app');
  fs.writeFileSync(path.join(dir, 'portal.ts'), 'export const portal = 0;\n');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'Switch the portal off\n\nGoal: old-portal');
  return dir;
}

suite('Goals view', () => {
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
    assert.ok(text.includes('Checkout conversion rate: baseline 3.1% → target 4.0%'), text);
    assert.ok(text.includes('Owner: Dana Ruiz (VP Sales) · IT advisor: Lee Park · Due: 2027-03-31'), text);
    assert.strictEqual(tooltip.isTrusted, false);
  });

  test('the Untagged node lists the untagged commits', () => {
    const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
    assert.ok(untagged);
    assert.match(description(api, untagged), /^1 commit · 17%( · [\d.]+ pd)?$/);
    assert.deepStrictEqual(api.goalsTree.getChildren(untagged).map((n) => label(api, n)), ['Tidy the build script']);
  });

  test('the time window and "only my work" filters change the counts', async () => {
    await vscode.commands.executeCommand('goalLens.onlyMine');
    const top = api.goalsTree.getChildren();
    assert.match(description(api, top[0]), /^3 commits · /, 'Ana Lima\'s SHOP-42 commit is not mine');
    await vscode.commands.executeCommand('goalLens.everyone');
    assert.match(description(api, api.goalsTree.getChildren()[0]), /^4 commits · /);
  });

  test('the time window 7/30/90/all changes the counts of the tree', async () => {
    // The fixture's history is dated 2026-10-01; count what each window holds from the index, as the view must.
    const index = api.model.repositories[0].index;
    assert.ok(index);
    const now = Date.now() / 1000;
    const inWindow = (days: number | undefined, goalIds: string[]) =>
      index.commits.filter((c) => (days === undefined || c.time >= now - days * 86_400) && (index.links.get(c.sha) ?? []).some((l) => goalIds.includes(l.goalId))).length;
    const expectGrowth = (n: number) => (n === 0 ? /^no commits$/ : new RegExp(`^${n} commits? · `));
    try {
      for (const [win, days] of [['7', 7], ['30', 30], ['90', 90], ['all', undefined]] as const) {
        assert.strictEqual(await vscode.commands.executeCommand('goalLens.setTimeWindow', win), win);
        assert.strictEqual(api.goalsTree.filters.timeWindow, win);
        const top = api.goalsTree.getChildren();
        const growth = top.find((n) => label(api, n) === 'Grow online revenue');
        assert.ok(growth, `window ${win}: ${top.map((n) => label(api, n)).join(', ')}`);
        const n = inWindow(days, ['growth', 'checkout-conversion']);
        assert.match(description(api, growth), expectGrowth(n), `window ${win}`);
      }
      assert.match(description(api, api.goalsTree.getChildren()[0]), /^4 commits · /);
      // A window before the fixture's history counts nothing, and the Untagged node follows the window too.
      if (inWindow(7, ['growth', 'checkout-conversion', 'search-latency']) === 0 && index.commits.every((c) => c.time < now - 7 * 86_400)) {
        await vscode.commands.executeCommand('goalLens.setTimeWindow', '7');
        const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
        assert.ok(untagged);
        assert.match(description(api, untagged), /^0 commits/);
      }
    } finally {
      await vscode.commands.executeCommand('goalLens.setTimeWindow', 'all');
    }
    assert.strictEqual(vscode.workspace.getConfiguration('goalLens').get('timeWindow'), 'all');
  });

  test('achieved and dropped goals are hidden until "Show Achieved and Dropped Goals"', async () => {
    const file = path.join(folder(), 'goals.yaml');
    const good = fs.readFileSync(file, 'utf8');
    const labels = () => api.goalsTree.getChildren().map((n) => label(api, n));
    try {
      // search-latency achieved, and a dropped goal added, on disk: the model follows the file.
      const edited = good.replace(/(- id: search-latency\n(?:.*\n)*?\s+status: )active/, '$1achieved') + '  - id: fax-orders\n    title: Take orders by fax\n    status: dropped\n';
      assert.notStrictEqual(edited.indexOf('status: achieved'), -1, 'the fixture goals.yaml changed shape');
      fs.writeFileSync(file, edited);
      await until('the model to read the achieved goal', () => api.model.repositories[0].index?.goals.get('search-latency')?.status === 'achieved' || undefined, 10_000);
      assert.deepStrictEqual(labels(), ['Grow online revenue', 'Untagged work']);
      // While hidden, the view's header says so, in the words of the command that shows them.
      assert.strictEqual(api.goalsTree.description, '1 achieved and 1 dropped goals hidden');
      await vscode.commands.executeCommand('goalLens.showClosed');
      assert.strictEqual(api.goalsTree.filters.showClosed, true);
      assert.strictEqual(api.goalsTree.description, 'achieved and dropped goals shown');
      assert.deepStrictEqual(labels(), ['Grow online revenue', 'Search answers in under 200 ms', 'Take orders by fax', 'Untagged work']);
      const top = api.goalsTree.getChildren();
      const achieved = api.goalsTree.getTreeItem(top[1]);
      assert.strictEqual(achieved.contextValue, 'goal.achieved');
      assert.strictEqual((achieved.iconPath as vscode.ThemeIcon).id, 'pass-filled');
      assert.match(rowOf(achieved).figures, /^\d+ commits? · /, 'an achieved goal keeps its work');
      const dropped = api.goalsTree.getTreeItem(top[2]);
      assert.strictEqual(dropped.contextValue, 'goal.dropped');
      assert.strictEqual((dropped.iconPath as vscode.ThemeIcon).id, 'circle-slash');
      await vscode.commands.executeCommand('goalLens.hideClosed');
      assert.strictEqual(api.goalsTree.filters.showClosed, false);
      assert.deepStrictEqual(labels(), ['Grow online revenue', 'Untagged work']);
      assert.strictEqual(api.goalsTree.description, '1 achieved and 1 dropped goals hidden');
    } finally {
      await vscode.commands.executeCommand('goalLens.hideClosed');
      fs.writeFileSync(file, good);
      await until('the fixture goals again', () => (api.model.repositories[0].index?.goals.get('search-latency')?.status === 'active' && !api.model.repositories[0].index?.goals.has('fax-orders')) || undefined, 10_000);
    }
    assert.deepStrictEqual(labels(), ['Grow online revenue', 'Search answers in under 200 ms', 'Untagged work']);
    assert.strictEqual(api.goalsTree.description, '', 'nothing hidden, nothing said');
  });

  test('without a goals file the view shows its welcome state, and Create goals.yaml writes a valid starter file', async () => {
    const config = vscode.workspace.getConfiguration('goalLens');
    const rel = path.join('starter-test', 'goals.yaml');
    const file = path.join(folder(), rel);
    try {
      await config.update('goalsFile', rel, vscode.ConfigurationTarget.Global);
      await until('the noGoalsFile state', () => api.model.state === 'noGoalsFile' || undefined, 10_000);
      assert.deepStrictEqual(api.goalsTree.getChildren(), [], 'the tree is empty so that the welcome view shows');
      assert.strictEqual(api.model.repositoriesWithoutGoals.length, 1);
      const written = (await vscode.commands.executeCommand('goalLens.createGoalsFile')) as string;
      assert.strictEqual(written, file);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, file, 'the new file is opened');
      await until('the ready state', () => (api.model.state === 'ready' && api.model.repositories[0]?.index) || undefined, 10_000);
      const repo = api.model.repositories[0];
      assert.strictEqual(repo.goalsPath, file);
      assert.deepStrictEqual(
        (repo.goalsFile?.problems ?? []).filter((p) => p.severity !== 'info'),
        [],
        'the starter file has no problems',
      );
      const ids = [...(repo.index?.goals.keys() ?? [])];
      assert.ok(ids.length >= 2 && ids.includes('growth'), ids.join(', '));
      const labels = api.goalsTree.getChildren().map((n) => label(api, n));
      assert.ok(labels.includes('Grow online revenue 20% this year'), labels.join(', '));
      assert.strictEqual(labels[labels.length - 1], 'Untagged work');
      // Never overwrites: a second run on a repository that now has the file does nothing.
      const before = fs.readFileSync(file, 'utf8');
      fs.appendFileSync(file, '# mine\n');
      await vscode.commands.executeCommand('goalLens.createGoalsFile');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), before + '# mine\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await config.update('goalsFile', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
    await until('the fixture goals again', () => (api.model.repositories[0]?.index?.goals.has('search-latency') && !api.model.repositories[0].loading) || undefined, 15_000);
    assert.strictEqual(api.model.state, 'ready');
  });

  // code-server's web workbench does not turn a single-folder window into a multi-root one without reloading it
  // (updateWorkspaceFolders returns true and nothing changes), so this test hands a real model the two folders a
  // multi-root window would have (ModelOptions.folders): the fixture's repository and a second real repository.
  test('several repositories are grouped by repository, each with its own goals and Untagged work', async function () {
    this.timeout(60_000);
    const second = makeSecondRepo();
    const { GoalLensModel } = await import('../../../src/extension/model/model');
    const { GoalsTreeProvider } = await import('../../../src/extension/views/goalsTree');
    const { GoalStatusBar } = await import('../../../src/extension/views/statusBar');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-multi-cache-'));
    const model = new GoalLensModel({ folders: () => [folder(), second], cacheDir });
    try {
      await model.refresh();
      await until('both repositories indexed', () => (model.repositories.length === 2 && model.repositories.every((r) => r.index && !r.loading)) || undefined);
      const repo = model.repositories[1];
      assert.strictEqual(repo.root, second);
      assert.strictEqual(repo.userEmail, 'second@example.com');
      const filters = memoryFilters();
      const tree = new GoalsTreeProvider(model, filters);
      const statusBar = new GoalStatusBar(model);
      try {
        const lbl = (n: GoalTreeNode) => rowOf(tree.getTreeItem(n)).title;
        const top = tree.getChildren();
        assert.deepStrictEqual(top.map(lbl), [path.basename(folder()), path.basename(second)]);
        for (const n of top) {
          assert.strictEqual(tree.getTreeItem(n).contextValue, 'repository');
          assert.strictEqual(tree.getTreeItem(n).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
        }
        assert.deepStrictEqual(tree.getChildren(top[0]).map(lbl), ['Grow online revenue', 'Search answers in under 200 ms', 'Untagged work']);
        assert.deepStrictEqual(tree.getChildren(top[1]).map(lbl), ['Ship the mobile app', 'Untagged work']);
        const mobile = tree.getChildren(top[1])[0];
        assert.match(rowOf(tree.getTreeItem(mobile)).figures, /^1 commit · /);
        assert.ok(String(tree.getTreeItem(mobile).id).includes(second), 'goal ids are per repository, so two repositories may share goal ids');
        await tree.setFilters({ showClosed: true });
        assert.deepStrictEqual(tree.getChildren(tree.getChildren()[1]).map(lbl), ['Ship the mobile app', 'Retire the old portal', 'Take orders by fax', 'Untagged work']);
        // a broken goals.yaml is said once, naming its repository; the repositories' rows stay plain
        fs.appendFileSync(path.join(second, 'goals.yaml'), '  - id: [unclosed\n');
        await model.refresh(second);
        await until('the second repository stale', () => model.repositories[1].stale || undefined, 10_000);
        const { goalsViewMessage } = await import('../../../src/extension/views/goals/goalsMessage');
        assert.match(goalsViewMessage(model.repositories, new Map()) ?? '', new RegExp(`^${path.basename(second)}: goals\\.yaml line \\d+: .+ This view shows the last good version of the file until it is fixed\\.$`));
        const rows = tree.getChildren();
        assert.deepStrictEqual(rows.map((n) => tree.getTreeItem(n).description), [undefined, undefined]);
        assert.ok(!rows.flatMap((r) => tree.getChildren(r)).some((n) => /goals\.yaml|stale|last good/.test(lbl(n))), 'no row says it again');
        fs.writeFileSync(path.join(second, 'goals.yaml'), fs.readFileSync(path.join(second, 'goals.yaml'), 'utf8').replace('  - id: [unclosed\n', ''));
        await model.refresh(second);
        await until('the second repository mended', () => (!model.repositories[1].stale && !model.repositories[1].loading) || undefined, 10_000);
        // the status bar follows the active editor's repository: the second one's branch serves no goal
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(second, 'app.ts')));
        await statusBar.update();
        assert.strictEqual(statusBar.text, '$(target) No goal');
        gitIn(second, 'checkout', '-q', '-b', 'feat/mobile-app-login');
        await model.refresh(second);
        await statusBar.update();
        assert.strictEqual(statusBar.text, '$(target) mobile-app');
      } finally {
        statusBar.dispose();
        tree.dispose();
        filters.dispose();
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('goalLens.hideClosed'); // the context key the second tree's filters set
      }
    } finally {
      await closeModel(model, second, cacheDir);
    }
  });

  /** Every row of the Goals view, and its message, that says something about goals.yaml. */
  function announcements(): string[] {
    const out: string[] = [];
    const walk = (nodes: GoalTreeNode[], depth: number) => {
      for (const n of nodes) {
        const item = api.goalsTree.getTreeItem(n);
        const text = `${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')} ${String(item.description ?? '')}`;
        if (/goals\.yaml|stale|last good/.test(text)) out.push(text);
        if (depth < 1) walk(api.goalsTree.getChildren(n), depth + 1);
      }
    };
    walk(api.goalsTree.getChildren(), 0);
    const message = api.goalsLanguage.viewMessage;
    return message ? [...out, `message: ${message}`] : out;
  }

  test('a broken goals.yaml on disk keeps the last good tree and is announced once, with line and message', async () => {
    const file = path.join(folder(), 'goals.yaml');
    const good = fs.readFileSync(file, 'utf8');
    const brokenLine = good.split('\n').length + 1; // after a blank line
    try {
      fs.writeFileSync(file, good + '\n  - id: [unclosed\n');
      await until('the model to mark the index stale', () => api.model.repositories[0].stale || undefined, 10_000);
      const problem = api.model.repositories[0].goalsFile?.problems.find((p) => p.code === 'syntax');
      assert.ok(problem && problem.line >= brokenLine, JSON.stringify(problem));
      // once, in the view's message (it wraps: read whole at any width): where, what, and what the view shows
      const message = await until('the view message', () => api.goalsLanguage.viewMessage, 5000);
      assert.deepStrictEqual(announcements(), [`message: ${message}`]);
      assert.ok(message.startsWith(`goals.yaml line ${problem.line}: ${problem.message}`), message);
      assert.match(message, /This view shows the last good version of the file until it is fixed\.$/);
      const top = api.goalsTree.getChildren();
      assert.ok(top.some((n) => label(api, n) === 'Grow online revenue'), 'the last good goals stay shown');
    } finally {
      fs.writeFileSync(file, good);
    }
    await until('the model to recover', () => (!api.model.repositories[0].stale && !api.model.repositories[0].loading) || undefined, 10_000);
    assert.strictEqual(label(api, api.goalsTree.getChildren()[0]), 'Grow online revenue');
    await until('nothing announced', () => announcements().length === 0 || undefined, 5000);
  });

  test('unsaved errors in goals.yaml are the view message; once saved, the message says the file on disk, once', async () => {
    const file = path.join(folder(), 'goals.yaml');
    const good = fs.readFileSync(file, 'utf8');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\n  - id: [unclosed\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const message = await until(`the view message (buffer: ${api.goalsLanguage.bufferErrors.get(file)}, dirty ${doc.isDirty}, stale ${api.model.repositories[0].stale})`, () => api.goalsLanguage.viewMessage, 5000);
      assert.match(message, /^goals\.yaml has unsaved errors \(line \d+: .+\)\. This view shows the saved version of the file\.$/);
      assert.deepStrictEqual(announcements(), [`message: ${message}`]);
      assert.ok(await doc.save());
      await until('the model to mark the index stale', () => api.model.repositories[0].stale || undefined, 10_000);
      const saved = await until('the message to say the file on disk', () => (/^goals\.yaml line \d+: /.test(api.goalsLanguage.viewMessage ?? '') ? api.goalsLanguage.viewMessage : undefined), 5000);
      assert.match(saved, /This view shows the last good version of the file until it is fixed\.$/);
      assert.deepStrictEqual(announcements(), [`message: ${saved}`]);
    } finally {
      fs.writeFileSync(file, good);
      await until('the buffer to follow the disk', () => (doc.getText() === good && !doc.isDirty) || undefined, 10_000);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    await until('the model to recover', () => (!api.model.repositories[0].stale && !api.model.repositories[0].loading) || undefined, 10_000);
    await until('nothing announced', () => announcements().length === 0 || undefined, 5000);
  });

  test('Reveal Goal from a tree node opens goals.yaml at that goal\'s line', async () => {
    const growth = api.goalsTree.getChildren().find((n) => label(api, n) === 'Grow online revenue');
    assert.ok(growth);
    const checkout = api.goalsTree.getChildren(growth).find((n) => label(api, n) === 'Lift checkout conversion to 4%');
    assert.ok(checkout);
    const editor = (await vscode.commands.executeCommand('goalLens.revealGoal', checkout)) as vscode.TextEditor;
    assert.strictEqual(editor, vscode.window.activeTextEditor);
    assert.strictEqual(editor.document.uri.fsPath, path.join(folder(), 'goals.yaml'));
    const goal = api.model.repositories[0].index?.goals.get('checkout-conversion');
    assert.ok(goal);
    assert.strictEqual(editor.selection.active.line, goal.line - 1);
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\s*- id: checkout-conversion\s*$/);
    assert.ok(editor.visibleRanges.some((r) => r.contains(editor.selection.active)), 'the goal\'s line is scrolled into view');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
