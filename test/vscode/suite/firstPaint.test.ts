// The first paint of the Goals view never waits for the history: while a repository is being indexed, the
// goals of goals.yaml show in their hierarchy, marked "indexing…", and the figures replace them when ready.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseGoalsFile } from '../../../src/core/goals/goalsFile';
import { GoalsTreeProvider, type GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { folder, memoryFilters } from './helpers';

suite('Goal Lens first paint', () => {
  test('while the history is indexed, the tree shows the goals from goals.yaml, then the figures', () => {
    const root = folder();
    const goalsFile = parseGoalsFile(fs.readFileSync(path.join(root, 'goals.yaml'), 'utf8'));
    const loading = { root, goalsPath: path.join(root, 'goals.yaml'), index: undefined, goalsFile, stale: false, loading: true, userEmail: null };
    const model = { repositories: [loading], onDidChange: () => ({ dispose() {} }) };
    const filters = memoryFilters();
    const tree = new GoalsTreeProvider(model as never, filters);
    try {
      const item = (n: GoalTreeNode) => tree.getTreeItem(n);
      const label = (n: GoalTreeNode) => String(item(n).label);
      const top = tree.getChildren();
      const topGoals = goalsFile.goals.filter((g) => !g.parent && g.status !== 'achieved' && g.status !== 'dropped').map((g) => g.title);
      assert.deepStrictEqual(top.map(label), [...topGoals, 'Indexing…']);
      assert.strictEqual(item(top[0]).description, 'indexing…');
      const childTitles = goalsFile.goals.filter((g) => g.parent === goalsFile.goals.find((x) => x.title === topGoals[0])?.id).map((g) => g.title);
      assert.ok(childTitles.length > 0, 'the fixture has a sub-goal');
      assert.deepStrictEqual(tree.getChildren(top[0]).map(label), childTitles);
      assert.notStrictEqual(item(top[0]).contextValue, 'goal', 'goal commands wait for the index');
    } finally {
      tree.dispose();
      filters.dispose();
    }
  });
});
