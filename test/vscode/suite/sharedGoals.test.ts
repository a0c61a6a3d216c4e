// Shared goals in a real VS Code (issue 18): two workspace repositories extend one shared goals file; the model loads
// the shared goals with each, and the workspace roll-up shows each goal once with both repositories' work.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoalLensModel } from '../../../src/extension/model/model';
import { GoalsTreeProvider, type GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { openWorkspaceRollup, workspaceRollup } from '../../../src/extension/workspaceRollup';
import { gitIn, memoryFilters, until } from './helpers';

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
      const rollup = workspaceRollup(model, new Date('2026-11-05T00:00:00Z'));
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
        const text = (n: GoalTreeNode) => [String(row(n).label), String(row(n).description ?? '')];
        assert.deepStrictEqual(tree.getChildren().map((n) => row(n).label), ['shop', 'search'], 'by repository by default');
        await filters.set({ groupByGoal: true });
        const top = tree.getChildren();
        assert.deepStrictEqual(top.map((n) => row(n).label), ['Grow revenue', 'Cut cost'], 'each shared goal once');
        // growth: shop's and search's growth commits and shop's checkout commit (a sub-goal's), each once.
        assert.match(String(row(top[0]).description), /^3 commits · /);
        assert.match(String(row(top[1]).description), /^1 commit · /);
        const under = tree.getChildren(top[0]);
        assert.deepStrictEqual(under.map((n) => row(n).label), ['The checkout goal', 'The ranking goal', 'Recent commits']);
        assert.match(String(row(under[0]).description), /^1 commit · /);
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
        assert.deepStrictEqual(repos.map((n) => row(n).label), ['shop', 'search'], 'back to one node per repository');
        assert.deepStrictEqual(tree.getChildren(repos[0]).map((n) => row(n).label), ['Grow revenue', 'Cut cost', 'Untagged work']);
      } finally {
        tree.dispose();
        filters.dispose();
      }

      // The shared file lives outside both repositories: saving it refreshes each of them, with no command.
      // Let the refreshes that the fixture's own commits asked for settle first, or one of them reads the edit.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), COMPANY.replace('Grow revenue', 'Grow revenue 20%'));
      await until('both repositories show the edited shared title', () =>
        model.repositories.every((r) => r.goalsFile?.goals.find((g) => g.id === 'growth')?.title === 'Grow revenue 20%'),
      );
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), COMPANY);
      await until('and back', () => model.repositories.every((r) => r.goalsFile?.goals.find((g) => g.id === 'growth')?.title === 'Grow revenue'));

      const shown = openWorkspaceRollup(model);
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
});
