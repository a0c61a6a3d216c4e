// An old branch, merged long ago and checked out again (issue 17, item 1): commits the default branch reaches are
// never "ahead" of it, so the Goals view must not give them all to the branch's goal.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReport } from '../../../src/core/reports/report';
import { GoalLensModel } from '../../../src/extension/model/model';
import { GoalsTreeProvider, type GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { gitIn, memoryFilters, until, rowOf } from './helpers';

const GOALS = 'version: 1\ngoals:\n  - id: search-relevance\n    title: Search finds the right product\n';
const ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

suite('Goals view on a branch behind the default branch', () => {
  test('a merged branch checked out again: its commits are untagged, not "via branch", and the view equals the report', async function () {
    this.timeout(60_000);
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-old-branch-')));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-old-branch-cache-'));
    const git = (...args: string[]) => gitIn(dir, ['-c', 'core.hooksPath=/dev/null', ...args], ENV);
    const commit = (file: string, message: string) => {
      fs.writeFileSync(path.join(dir, file), `${message}\n`);
      git('add', '-A');
      git('commit', '-q', '-m', message);
    };
    git('init', '-q', '--initial-branch=main');
    fs.writeFileSync(path.join(dir, 'goals.yaml'), GOALS);
    commit('a.txt', 'Start');
    git('checkout', '-q', '-b', 'feat/search-relevance-15');
    commit('b.txt', 'Rank by clicks');
    commit('c.txt', 'Rank by stock');
    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-ff', '-m', "Merge branch 'feat/search-relevance-15'", 'feat/search-relevance-15');
    commit('d.txt', 'Later work on main');
    git('checkout', '-q', 'feat/search-relevance-15'); // HEAD is now behind main: `git log main..HEAD` is empty

    const model = new GoalLensModel({ folders: () => [dir], cacheDir });
    const tree = new GoalsTreeProvider(model, memoryFilters());
    try {
      await model.refresh();
      const repo = await until('the index', () => model.repositories.find((r) => r.index && !r.loading));
      const index = repo.index;
      assert.ok(index);
      const rows = tree.getChildren().map((n: GoalTreeNode) => {
        const r = rowOf(tree.getTreeItem(n));
        return { label: r.title, description: r.figures };
      });
      const count = (label: string) => {
        const row = rows.find((r) => r.label === label);
        assert.ok(row, `a row '${label}' in ${JSON.stringify(rows)}`);
        const m = /^(\d+) commits?/.exec(row.description);
        return m ? Number(m[1]) : 0;
      };
      // HEAD reaches Start and the two branch commits; main reaches all three, so none is ahead of it.
      assert.strictEqual(count('Untagged work'), 3, JSON.stringify(rows));
      assert.strictEqual(count('Search finds the right product'), 0, JSON.stringify(rows));
      const report = buildReport(index, { now: new Date(), staleAfterDays: 30 });
      assert.deepStrictEqual(report.totals, { commits: 3, linked: 0, untagged: 3 });
      assert.deepStrictEqual(
        report.goals.find((g) => g.id === 'search-relevance')?.branches.map((b) => [b.name, b.commitsAhead]),
        [['feat/search-relevance-15', 0]],
      );
    } finally {
      tree.dispose();
      model.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
