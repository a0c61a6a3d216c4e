import * as assert from 'assert';
import { branchNameHasGoalId, extractIssueKeys, goalsOfBranch, KeyMatcher, mergedBranchName, parseNoteGoals, splitGoalIds } from '../../src/core/links/linkRules';
import type { Goal } from '../../src/core/types';

function goal(id: string, extra: Partial<Goal> = {}): Goal {
  return { id, title: id, status: 'active', keys: [], branches: [], paths: [], commitments: [], links: [], line: 1, column: 1, ...extra };
}

describe('link rules', () => {
  it('splits trailer values on commas and lines, keeping order and dropping repeats', () => {
    assert.deepStrictEqual(splitGoalIds(['checkout, search', 'search', ' growth ']), ['checkout', 'search', 'growth']);
  });

  it('reads Goal lines from a note, any case of the key, ignoring other lines', () => {
    const note = 'Reviewed by lead\ngoal: checkout\nGoal: search, growth\nGoalie: nope\n';
    assert.deepStrictEqual(parseNoteGoals(note, 'Goal'), ['checkout', 'search', 'growth']);
  });

  it('finds issue keys as whole tokens only', () => {
    assert.deepStrictEqual(extractIssueKeys('Fix PAY-123 and SHOP-9 (see XPAY-12, PAY-12x, pay_2-3)'), ['PAY-123', 'SHOP-9', 'XPAY-12', 'pay_2-3']);
    assert.deepStrictEqual(extractIssueKeys('PAY-1234'), ['PAY-1234']);
  });

  it('matches keys exactly or by prefix, never PAY-12 against PAY-123', () => {
    const m = new KeyMatcher([goal('pay', { keys: ['PAY-12'] }), goal('shop', { keys: ['SHOP-*'] })]);
    assert.deepStrictEqual(m.match(['PAY-123']), []);
    assert.deepStrictEqual(m.match(['PAY-12', 'SHOP-77']), [
      { goalId: 'pay', key: 'PAY-12' },
      { goalId: 'shop', key: 'SHOP-77' },
    ]);
  });

  it('sees a goal id in a branch name only between separators', () => {
    assert.strictEqual(branchNameHasGoalId('feat/checkout-retry', 'checkout'), true);
    assert.strictEqual(branchNameHasGoalId('fix/research', 'search'), false);
    assert.strictEqual(branchNameHasGoalId('wip/search\u00a0x', 'search'), true, 'a no-break space separates');
    assert.strictEqual(branchNameHasGoalId('wip/x\u3000checkout', 'checkout'), true, 'an ideographic space separates');
    assert.strictEqual(branchNameHasGoalId('search', 'search'), true);
    assert.strictEqual(branchNameHasGoalId('feat/search.v2', 'search'), true);
    assert.strictEqual(branchNameHasGoalId('feat/searching', 'search'), false);
  });

  it('prefers git config over globs over names for a branch', () => {
    const goals = [goal('checkout', { branches: ['feat/pay-*'] }), goal('pay')];
    assert.deepStrictEqual(goalsOfBranch('feat/pay-retry', goals, 'growth'), [{ goalId: 'growth', source: 'config', detail: 'git config branch.feat/pay-retry.goal' }]);
    assert.deepStrictEqual(
      goalsOfBranch('feat/pay-retry', goals, undefined).map((g) => [g.goalId, g.source]),
      [['checkout', 'glob'], ['pay', 'name']],
    );
  });

  it('names the branch a merge brought in, for git, GitHub and GitLab messages', () => {
    assert.strictEqual(mergedBranchName("Merge branch 'feat/x'"), 'feat/x');
    assert.strictEqual(mergedBranchName("Merge branch 'feat/x' into main"), 'feat/x');
    assert.strictEqual(mergedBranchName("Merge branch 'feat/x' into 'main'"), 'feat/x');
    assert.strictEqual(mergedBranchName("Merge remote-tracking branch 'origin/feat/y'"), 'feat/y');
    assert.strictEqual(mergedBranchName('Merge pull request #12 from acme/feat/checkout-retry'), 'feat/checkout-retry');
    assert.strictEqual(mergedBranchName('Add merge sort'), null);
  });
});
