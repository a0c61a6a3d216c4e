// Shared goals in a real VS Code (issue 18): two workspace repositories extend one shared goals file; the model loads
// the shared goals with each, and the workspace roll-up shows each goal once with both repositories' work.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { SHARED_GOALS_REF } from '../../../src/core/goals/sharedGoals';
import type { RollupGoal } from '../../../src/core/reports/rollup';
import { pullSharedGoals } from '../../../src/git/sharedGoals';
import { SHARED_SCHEME } from '../../../src/extension/goalsLanguage';
import { updateSharedGoals } from '../../../src/extension/sharedGoals';
import { GoalLensModel } from '../../../src/extension/model/model';
import { untaggedSuggestions } from '../../../src/extension/model/suggestions';
import { GoalsTreeProvider, WorkspaceGoalNode, type GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { openWorkspaceRollup, workspaceRollup } from '../../../src/extension/workspaceRollup';
import { formatDays } from '../../../src/extension/views/goals/effort';
import { cli } from '../../helpers/cli';
import { activateApi, captureMessages, folder, gitIn, memoryFilters, rowOf, until, watchersLive } from './helpers';

const NO_HOOKS = path.join(__dirname, 'no-hooks-here');
const COMPANY = 'version: 1\ngoals:\n  - id: growth\n    title: Grow revenue\n  - id: cost\n    title: Cut cost\n';

function makeRepo(dir: string, localGoal: string, commits: string[]): void {
  fs.mkdirSync(dir);
  const git = (...args: string[]) => gitIn(dir, ['-c', `core.hooksPath=${NO_HOOKS}`, ...args]);
  git('init', '-q', '--initial-branch=main');
  git('config', 'user.name', 'Shared Test');
  git('config', 'user.email', 'shared@example.com');
  git('config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, 'goals.yaml'), `version: 1\nextends: ../company/goals.yaml\ngoals:\n  - id: ${localGoal}\n    title: The ${localGoal} goal\n    parent: growth\n`);
  commits.forEach((message, i) => {
    fs.writeFileSync(path.join(dir, `f${i}.txt`), `${message}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', message);
  });
}

suite('Goal Lens shared goals', () => {
  test('two repositories sharing goals: each loads the shared goals, and the workspace roll-up shows one goal with both repositories\' commits', async function () {
    this.timeout(60_000);
    const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-shared-')));
    fs.mkdirSync(path.join(parent, 'company'));
    fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), COMPANY);
    const shop = path.join(parent, 'shop');
    const search = path.join(parent, 'search');
    makeRepo(shop, 'checkout', ['Start', 'Pricing page\n\nGoal: growth', 'Checkout button\n\nGoal: checkout']);
    makeRepo(search, 'ranking', ['Start', 'Landing pages\n\nGoal: growth', 'Cheaper index\n\nGoal: cost']);
    const cacheDir = path.join(parent, 'cache');
    const model = new GoalLensModel({ folders: () => [shop, search], cacheDir });
    try {
      await model.refresh();
      await until('both repositories indexed', () => model.repositories.length === 2 && model.repositories.every((r) => r.index && !r.loading));
      for (const r of model.repositories) {
        assert.deepStrictEqual(r.goalsFile?.goals.slice(0, 2).map((g) => [g.id, g.file]), [['growth', '../company/goals.yaml'], ['cost', '../company/goals.yaml']], r.root);
        assert.deepStrictEqual(r.goalsFile?.problems, [], r.root);
      }
      const rollupFilters = memoryFilters();
      const rollupTree = new GoalsTreeProvider(model, rollupFilters);
      const rollup = workspaceRollup(model, rollupTree, new Date('2026-11-05T00:00:00Z'));
      rollupTree.dispose();
      rollupFilters.dispose();
      assert.ok(rollup);
      const growth = rollup.goals.filter((g) => g.id === 'growth');
      assert.strictEqual(growth.length, 1, 'the shared goal once');
      assert.deepStrictEqual([growth[0].commits, growth[0].totalCommits, growth[0].byRepo], [2, 3, { shop: 1, search: 1 }]);
      assert.deepStrictEqual(rollup.totals, { commits: 6, linked: 4, untagged: 2 });
      assert.deepStrictEqual(rollup.repos.map((r) => [r.name, r.commits, r.linked]), [['shop', 3, 2], ['search', 3, 2]]);

      // The Goals view grouped by goal: the shared goal once, with both repositories' work under it.
      const filters = memoryFilters();
      const tree = new GoalsTreeProvider(model, filters);
      try {
        const row = (n: GoalTreeNode) => tree.getTreeItem(n);
        const text = (n: GoalTreeNode) => [rowOf(row(n)).title, rowOf(row(n)).figures];
        assert.deepStrictEqual(tree.getChildren().map((n) => rowOf(row(n)).title), ['shop', 'search'], 'by repository by default');
        // Each repository row says where its shared goals come from (finding 12).
        for (const n of tree.getChildren()) assert.match(String(row(n).tooltip), /\n2 shared goals from \.\.\/company\/goals\.yaml on disk, read on every refresh$/);
        // Update Shared Goals has nothing to fetch for a path on disk, and says so.
        const info = captureMessages('showInformationMessage');
        try {
          assert.deepStrictEqual(await updateSharedGoals(model), [
            'shop reads its shared goals from ../company/goals.yaml on disk; nothing to fetch',
            'search reads its shared goals from ../company/goals.yaml on disk; nothing to fetch',
          ]);
          assert.match(info.shown.join('\n'), /^Goal Lens: shop reads its shared goals from \.\.\/company\/goals\.yaml on disk; nothing to fetch; search reads/);
        } finally {
          info.restore();
        }
        await filters.set({ groupByGoal: true });
        const top = tree.getChildren();
        assert.deepStrictEqual(top.map((n) => rowOf(row(n)).title), ['Grow revenue', 'Cut cost', 'Untagged work'], 'each shared goal once');
        // Drawn again with nothing changed, the tree reuses the workspace roll-up instead of adding it up again.
        const again = tree.getChildren();
        assert.ok(top[0] instanceof WorkspaceGoalNode && again[0] instanceof WorkspaceGoalNode);
        assert.strictEqual(again[0].ws, top[0].ws, 'the same roll-up');
        assert.deepStrictEqual(again.map((n) => text(n)), top.map((n) => text(n)));
        // Suggestions arriving redraw rows, and keep every repository's figures and the roll-up.
        const shop = model.repositories[0];
        const untaggedSha = shop.index?.untagged[0]?.sha;
        assert.ok(untaggedSha, 'shop has untagged work');
        await untaggedSuggestions.forCommit(shop, untaggedSha);
        const afterSuggestions = tree.getChildren();
        assert.ok(afterSuggestions[0] instanceof WorkspaceGoalNode);
        assert.strictEqual(afterSuggestions[0].ws, top[0].ws, 'the same roll-up after suggestions arrived');
        // growth: shop's and search's growth commits and shop's checkout commit (a sub-goal's), each once.
        assert.match(rowOf(row(top[0])).figures, /^3 commits · /);
        assert.match(rowOf(row(top[1])).figures, /^1 commit · /);
        // Person-days with sub-goals, as `goal-lens rollup` adds them up (each person-day once across repositories).
        const run = cli(parent, ['rollup', ...model.repositories.map((r) => r.root), '--format', 'json'], { GOAL_LENS_NOW: new Date().toISOString() });
        assert.strictEqual(run.code, 0, run.stderr);
        const cliGoals = (JSON.parse(run.stdout) as { goals: RollupGoal[] }).goals;
        const effortOf = (id: string) => cliGoals.find((g) => g.id === id);
        for (const [i, id] of [[0, 'growth'], [1, 'cost']] as const) {
          const g = effortOf(id);
          assert.ok(g && g.totalEffort.personDays > 0, `${id}: ${JSON.stringify(g)}`);
          assert.ok(String(row(top[i]).description).startsWith(`${formatDays(g.totalEffort.personDays)} pd · `), `${id}: ${String(row(top[i]).description)}, rollup ${g.totalEffort.personDays}`);
          assert.match(String(row(top[i]).accessibilityInformation?.label), new RegExp(`, ${formatDays(g.totalEffort.personDays).replace('.', '\\.')} person-days$`));
        }
        // growth's row covers its sub-goals' work: its own and checkout's person-days (ranking has none).
        const [growthJson, checkoutJson] = [effortOf('growth'), effortOf('checkout')];
        assert.ok(growthJson && checkoutJson && checkoutJson.effort.personDays > 0);
        assert.ok(Math.abs(growthJson.totalEffort.personDays - (growthJson.effort.personDays + checkoutJson.effort.personDays)) < 1e-3, JSON.stringify([growthJson, checkoutJson]));
        const under = tree.getChildren(top[0]);
        assert.deepStrictEqual(under.map((n) => rowOf(row(n)).title), ['The checkout goal', 'The ranking goal', 'Recent commits']);
        assert.match(rowOf(row(under[0])).figures, /^1 commit · /);
        assert.strictEqual(row(under[1]).description, 'no commits');
        const commits = tree.getChildren(under[2]);
        assert.deepStrictEqual(
          commits.map((n) => [text(n)[0], text(n)[1].split(' · ')[0]]).sort(),
          [['Landing pages', 'search'], ['Pricing page', 'shop']],
          "both repositories' commits, each with its repository",
        );
        assert.strictEqual(tree.getParent(commits[0]), under[2]);
        assert.strictEqual(tree.getParent(under[2]), top[0]);
        assert.strictEqual(tree.getParent(top[0]), undefined);

        await filters.set({ groupByGoal: false });
        const repos = tree.getChildren();
        assert.deepStrictEqual(repos.map((n) => rowOf(row(n)).title), ['shop', 'search'], 'back to one node per repository');
        assert.deepStrictEqual(tree.getChildren(repos[0]).map((n) => rowOf(row(n)).title), ['Grow revenue', 'Cut cost', 'Untagged work']);
      } finally {
        tree.dispose();
        filters.dispose();
      }

      // The shared file lives outside both repositories: saving it refreshes each of them, with no command,
      // once VS Code has started the watchers.
      await watchersLive(model, [path.join(parent, 'company', 'goals.yaml')]);
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), COMPANY.replace('Grow revenue', 'Grow revenue 20%'));
      await until('both repositories show the edited shared title', () =>
        model.repositories.every((r) => r.goalsFile?.goals.find((g) => g.id === 'growth')?.title === 'Grow revenue 20%'),
      );
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), COMPANY);
      await until('and back', () => model.repositories.every((r) => r.goalsFile?.goals.find((g) => g.id === 'growth')?.title === 'Grow revenue'));

      const pageFilters = memoryFilters();
      const pageTree = new GoalsTreeProvider(model, pageFilters);
      const shown = openWorkspaceRollup(model, pageTree);
      pageTree.dispose();
      pageFilters.dispose();
      assert.ok(shown, 'the roll-up opens');
      try {
        assert.match(shown.panel.webview.html, /<th class="num">shop<\/th><th class="num">search<\/th>/);
        assert.match(shown.panel.webview.html, /Grow revenue <code>growth<\/code>/);
      } finally {
        shown.panel.dispose();
      }
    } finally {
      model.dispose();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  test('grouped by goal: branches, commitments and each repository\'s untagged work; a goal\'s count is the roll-up page\'s in the view\'s window', async function () {
    this.timeout(60_000);
    const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-shared-rows-')));
    fs.mkdirSync(path.join(parent, 'company'));
    const promised = COMPANY.replace('    title: Cut cost\n', '    title: Cut cost\n    commitments:\n      - { what: Cheaper hosting, due: 2026-10-01, done: 2026-09-20 }\n      - { what: Smaller images, due: 2026-10-01 }\n');
    fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), promised);
    const shop = path.join(parent, 'shop');
    const search = path.join(parent, 'search');
    makeRepo(shop, 'checkout', ['Start', 'Pricing page\n\nGoal: growth', 'Tidy up']);
    makeRepo(search, 'ranking', ['Start', 'Cheaper index\n\nGoal: cost']);
    // Last year's work on growth: outside the view's "last 7 days", so neither the tree nor the page counts it.
    fs.writeFileSync(path.join(shop, 'old.txt'), 'old\n');
    gitIn(shop, ['add', 'old.txt']);
    const old = { GIT_AUTHOR_DATE: '2025-01-10T10:00:00Z', GIT_COMMITTER_DATE: '2025-01-10T10:00:00Z' };
    gitIn(shop, ['-c', `core.hooksPath=${NO_HOOKS}`, 'commit', '-q', '-m', 'Old pricing\n\nGoal: growth'], old);
    gitIn(search, ['branch', 'cheaper-ranking']);
    gitIn(search, ['config', 'branch.cheaper-ranking.goal', 'cost']);
    const model = new GoalLensModel({ folders: () => [shop, search], cacheDir: path.join(parent, 'cache') });
    const filters = memoryFilters();
    const tree = new GoalsTreeProvider(model, filters);
    try {
      await model.refresh();
      await until('both repositories indexed', () => model.repositories.length === 2 && model.repositories.every((r) => r.index && !r.loading));
      await filters.set({ groupByGoal: true, timeWindow: '7' });
      const row = (n: GoalTreeNode) => tree.getTreeItem(n);
      const label = (n: GoalTreeNode) => rowOf(row(n)).title;
      const top = tree.getChildren();
      assert.deepStrictEqual(top.map(label), ['Grow revenue', 'Cut cost', 'Untagged work']);

      // Each goal's count in the tree is the count of the roll-up page opened beside it.
      const page = workspaceRollup(model, tree);
      assert.ok(page);
      for (const node of top.slice(0, 2)) {
        const id = (node as WorkspaceGoalNode).id;
        const goal: RollupGoal | undefined = page.goals.find((g) => g.id === id);
        assert.ok(goal, id);
        assert.strictEqual(rowOf(row(node)).figures.split(' · ')[0], `${goal.totalCommits} commit${goal.totalCommits === 1 ? '' : 's'}`, id);
      }
      assert.strictEqual(page.goals.find((g) => g.id === 'growth')?.totalCommits, 1, 'the old commit is outside the window on the page too');
      assert.ok(page.window.since, 'the page says its window');

      const cost = tree.getChildren(top[1]);
      assert.deepStrictEqual(cost.map(label), ['Branches', 'Recent commits', 'Commitments']);
      assert.deepStrictEqual(tree.getChildren(cost[0]).map((n) => [label(n), String(row(n).description).split(' · ')[0]]), [['cheaper-ranking', 'search']]);
      assert.deepStrictEqual(
        tree.getChildren(cost[2]).map((n) => [label(n), String(row(n).description)]),
        [['Cheaper hosting', 'kept · done 2026-09-20 (due 2026-10-01)'], ['Smaller images', 'missed · due 2026-10-01']],
      );

      // Untagged work: the workspace's (as the page counts it), then each repository's from its figures.
      assert.strictEqual(rowOf(row(top[2])).figures, `${page.totals.untagged} commits · ${Math.round((page.totals.untagged / page.totals.commits) * 100)}%`);
      const perRepo = tree.getChildren(top[2]);
      assert.deepStrictEqual(perRepo.map((n) => [label(n), rowOf(row(n)).figures.replace(/ · [\d.]+ pd$/, '')]), [['shop', '2 commits · 67%'], ['search', '1 commit · 50%']]);
      assert.deepStrictEqual(tree.getChildren(perRepo[0]).map(label).sort(), ['Start', 'Tidy up']);
    } finally {
      tree.dispose();
      filters.dispose();
      model.dispose();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  suite('goals.yaml that extends a shared file, in the editor', () => {
    let parent: string;
    suiteSetup(async function () {
      this.timeout(60_000);
      await activateApi();
    });
    setup(() => {
      parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-shared-editor-')));
      fs.mkdirSync(path.join(parent, 'company'));
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), COMPANY);
    });
    teardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(parent, { recursive: true, force: true });
    });
    const locations = (uri: vscode.Uri, at: vscode.Position) => vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', uri, at);
    const replaceLine = async (doc: vscode.TextDocument, line: number, text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, doc.lineAt(line).range, text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };

    test('while typing, shared goals count: parents, duplicate ids, completion, hover, definition and the quick fix', async function () {
      this.timeout(30_000);
      fs.mkdirSync(path.join(parent, 'team'));
      const file = path.join(parent, 'team', 'goals.yaml');
      fs.writeFileSync(file, 'version: 1\nextends: ../company/goals.yaml\ngoals:\n  - id: checkout\n    title: Checkout\n    parent: growth\n');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const codes = () => vscode.languages.getDiagnostics(doc.uri).map((d) => `${d.range.start.line + 1} ${String(d.code)}`);

      // A parent one letter off a shared goal: an unknown parent at once, with the shared id as the quick fix.
      await replaceLine(doc, 5, '    parent: growht');
      const unknown = await until('unknown-parent while typing', () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknown-parent'));
      assert.strictEqual(unknown.range.start.line, 5);
      assert.match(unknown.message, /did you mean 'growth'\?/);
      const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, unknown.range);
      const fix = fixes.find((a) => a.title === "Change to 'growth'");
      assert.ok(fix?.edit, fixes.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.strictEqual(doc.lineAt(5).text, '    parent: growth');
      await until('no problem for a parent that is a shared goal', () => codes().length === 0 || undefined, 5000);

      // A local id equal to a shared one is the duplicate the saved file would report.
      await replaceLine(doc, 3, '  - id: cost');
      await until('duplicate-id of a shared goal while typing', () => codes().includes('4 duplicate-id') || undefined, 5000);
      await replaceLine(doc, 3, '  - id: checkout');
      await until('the duplicate to go', () => codes().length === 0 || undefined, 5000);

      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(5, 12));
      const offered = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(offered.includes('growth') && offered.includes('cost'), `parent: offers the shared goals: ${offered.join(', ')}`);
      assert.ok(!offered.includes('checkout'), 'not the goal itself');

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 14));
      const hover = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).join('\n').replace(/&nbsp;/g, ' ');
      assert.match(hover, /Grow revenue/);
      assert.match(hover, /Shared goal, from \.\.\/company\/goals\.yaml/);

      const [def] = await locations(doc.uri, new vscode.Position(5, 14));
      assert.strictEqual(def.uri.fsPath, path.join(parent, 'company', 'goals.yaml'), 'the shared file, not this one');
      assert.strictEqual(def.range.start.line, 2);
    });

    test("an error inside the shared file is not the open goals.yaml's: the Goals view does not say this buffer is broken", async function () {
      this.timeout(30_000);
      const api = await activateApi();
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), `${COMPANY}  - id: growth\n    title: Twice\n`);
      fs.mkdirSync(path.join(parent, 'team'));
      const file = path.join(parent, 'team', 'goals.yaml');
      fs.writeFileSync(file, 'version: 1\nextends: ../company/goals.yaml\ngoals:\n  - id: checkout\n    title: Checkout\n    parent: growth\n');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const merged = await until('the shared goals read for the buffer', () => api.diagnostics.goalsOf(doc).shared);
      assert.ok(api.diagnostics.goalsOf(doc).problems.some((p) => p.code === 'duplicate-id' && p.file === '../company/goals.yaml'), JSON.stringify(merged));
      // The check that runs once typing pauses (diagnostics, buffer errors) has run on the edited text.
      let checked = -1;
      const onCheck = api.diagnostics.onDidCheck((e) => e.document === doc && (checked = e.document.version));
      await replaceLine(doc, 4, '    title: Checkout page');
      await until('the edit checked', () => api.diagnostics.goalsOf(doc).goals.find((g) => g.id === 'checkout')?.title === 'Checkout page');
      await until('the check after the typing pause', () => checked === doc.version, 10_000).finally(() => onCheck.dispose());
      assert.strictEqual(api.goalsLanguage.bufferErrors.get(file), undefined);
      assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), []);
    });

    test('a git source: go to definition opens the fetched copy, read-only, at the goal', async function () {
      this.timeout(30_000);
      const companyRepo = path.join(parent, 'company-repo');
      makeRepo(companyRepo, 'unused', ['Start']);
      fs.writeFileSync(path.join(companyRepo, 'org.yaml'), `# the company's goals\n${COMPANY}`);
      gitIn(companyRepo, ['add', 'org.yaml']);
      gitIn(companyRepo, ['-c', `core.hooksPath=${NO_HOOKS}`, 'commit', '-q', '-m', 'org goals']);
      const team = path.join(parent, 'team');
      makeRepo(team, 'checkout', ['Start']);
      fs.writeFileSync(path.join(team, 'goals.yaml'), `version: 1\nextends: { repo: "file://${companyRepo}", ref: main, path: org.yaml }\ngoals:\n  - id: checkout\n    title: Checkout\n    parent: cost\n`);
      const pulled = await pullSharedGoals(team, { kind: 'git', repo: `file://${companyRepo}`, ref: 'main', path: 'org.yaml', line: 2, column: 1 }, { trusted: true });
      assert.ok(pulled.ok, pulled.message);
      assert.ok(gitIn(team, ['rev-parse', SHARED_GOALS_REF]));

      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(team, 'goals.yaml')));
      await vscode.window.showTextDocument(doc);
      const def = await until('the definition of a shared goal', async () => (await locations(doc.uri, new vscode.Position(5, 13))).at(0));
      assert.strictEqual(def.uri.scheme, SHARED_SCHEME);
      assert.strictEqual(def.range.start.line, 5);
      const copy = await vscode.workspace.openTextDocument(def.uri);
      assert.strictEqual(copy.lineAt(def.range.start.line).text, '  - id: cost');
      assert.strictEqual(copy.getText(), `# the company's goals\n${COMPANY}`);
      assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), [], 'the parent is a goal of the fetched copy');
    });

    test('Reveal Goal on a shared goal opens the shared file at its line', async function () {
      this.timeout(60_000);
      const api = await activateApi();
      const goalsPath = path.join(folder(), 'goals.yaml');
      const original = fs.readFileSync(goalsPath, 'utf8');
      fs.writeFileSync(path.join(parent, 'company', 'org.yaml'), '# company\nversion: 1\ngoals:\n  - id: company-wide\n    title: One company goal\n    ownr: Dana\n');
      const rel = path.relative(folder(), path.join(parent, 'company', 'org.yaml')).split(path.sep).join('/');
      try {
        fs.writeFileSync(goalsPath, original.replace('trailer: Goal\n', `trailer: Goal\nextends: ${rel}\n`));
        await until('the shared goal in the model', () => api.model.repositories[0]?.index?.goals.has('company-wide'));
        const editor = (await vscode.commands.executeCommand('goalLens.revealGoal', 'company-wide')) as vscode.TextEditor;
        assert.strictEqual(editor.document.uri.fsPath, path.join(parent, 'company', 'org.yaml'));
        assert.strictEqual(editor.selection.active.line, 3);
        const local = (await vscode.commands.executeCommand('goalLens.revealGoal', 'search-latency')) as vscode.TextEditor;
        assert.strictEqual(local.document.uri.fsPath, goalsPath, 'a local goal still opens goals.yaml');
        // The shared file's own problem is in the Problems panel at its line in that file, not in goals.yaml.
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        const companyUri = vscode.Uri.file(path.join(parent, 'company', 'org.yaml'));
        const problem = await until('the shared file problem on the shared file', () => vscode.languages.getDiagnostics(companyUri).find((d) => d.code === 'unknown-field'));
        assert.strictEqual(problem.range.start.line, 5);
        assert.ok(!vscode.languages.getDiagnostics(vscode.Uri.file(goalsPath)).some((d) => d.code === 'unknown-field'));
      } finally {
        fs.writeFileSync(goalsPath, original);
        await until('the fixture goals back', () => api.model.repositories[0]?.index && !api.model.repositories[0].index.goals.has('company-wide'));
        await until('the shared file problems gone with the extends', () => vscode.languages.getDiagnostics(vscode.Uri.file(path.join(parent, 'company', 'org.yaml'))).length === 0 || undefined);
      }
    });

    test('a git source: Reveal Goal opens the fetched copy at the goal, and Update Shared Goals refreshes it', async function () {
      this.timeout(60_000);
      const api = await activateApi();
      const companyRepo = path.join(parent, 'company-repo');
      makeRepo(companyRepo, 'unused', ['Start']);
      const orgGoals = (title: string) => `version: 1\ngoals:\n  - id: company-wide\n    title: ${title}\n`;
      const commitOrg = (title: string) => {
        fs.writeFileSync(path.join(companyRepo, 'org.yaml'), orgGoals(title));
        gitIn(companyRepo, ['add', 'org.yaml']);
        gitIn(companyRepo, ['-c', `core.hooksPath=${NO_HOOKS}`, 'commit', '-q', '-m', title]);
      };
      commitOrg('One company goal');
      const goalsPath = path.join(folder(), 'goals.yaml');
      const original = fs.readFileSync(goalsPath, 'utf8');
      const title = () => api.model.repositories[0]?.index?.goals.get('company-wide')?.title;
      try {
        fs.writeFileSync(goalsPath, original.replace('trailer: Goal\n', `trailer: Goal\nextends: { repo: "file://${companyRepo}", ref: main, path: org.yaml }\n`));
        await until('the extends read (not fetched yet)', () => api.model.repositories[0]?.goalsFile?.shared?.error);
        await vscode.commands.executeCommand('goalLens.updateSharedGoals');
        await until('the fetched shared goal in the model', () => title() === 'One company goal');
        const editor = (await vscode.commands.executeCommand('goalLens.revealGoal', 'company-wide')) as vscode.TextEditor;
        assert.strictEqual(editor.document.uri.scheme, SHARED_SCHEME, 'a read-only copy, not a file');
        assert.strictEqual(editor.selection.active.line, 2);
        assert.strictEqual(editor.document.lineAt(2).text, '  - id: company-wide');

        commitOrg('One company goal, updated');
        await vscode.commands.executeCommand('goalLens.updateSharedGoals');
        await until('the new title in the model', () => title() === 'One company goal, updated');
        await until('the open copy shows the new fetch', () => editor.document.getText() === orgGoals('One company goal, updated') || undefined, 10_000);
      } finally {
        fs.writeFileSync(goalsPath, original);
        gitIn(folder(), ['update-ref', '-d', 'refs/goal-lens/shared']);
        gitIn(folder(), ['update-ref', '-d', 'refs/goal-lens/shared-source']);
        await until('the fixture goals back', () => api.model.repositories[0]?.index && !api.model.repositories[0].index.goals.has('company-wide'));
      }
    });
  });
});
