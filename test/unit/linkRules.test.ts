import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Link } from '../../src/core/types';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import { buildIndex, indexedBranchGoals } from '../../src/core/index/goalIndex';
import {
  branchGoalsByRule,
  branchNameHasGoalId,
  branchOfHeadRef,
  extractIssueKeys,
  GOAL_ID_PATTERN,
  isGoalId,
  isTrailerKey,
  isTrailerLine,
  KeyMatcher,
  mergedBranchName,
  parseNoteGoals,
  splitGoalIds,
  TRAILER_KEY_PATTERN,
  goalIdsOf,
} from '../../src/core/links/linkRules';
import { goalOf } from '../helpers';
import { hookScript } from '../../src/git/hook';
import { appendGoalTrailer, noteHasGoal } from '../../src/git/notes';
import { addTrailer } from '../../src/extension/views/figures';


describe('link rules', () => {
  it('names the goals of a commit once each, strongest link first, as every view lists them', () => {
    const link = (goalId: string, source: 'trailer' | 'note' | 'branch' | 'merge'): Link => ({ goalId, source, detail: `via ${source}` });
    assert.deepStrictEqual(goalIdsOf([link('checkout', 'trailer'), link('search', 'note'), link('checkout', 'branch'), link('growth', 'merge')]), ['checkout', 'search', 'growth']);
    assert.deepStrictEqual(goalIdsOf([link('checkout', 'trailer')]), ['checkout']);
    assert.deepStrictEqual(goalIdsOf([]), []);
    assert.deepStrictEqual(goalIdsOf(undefined), []);
  });

  it('splits trailer values on commas and lines, keeping order and dropping repeats', () => {
    assert.deepStrictEqual(splitGoalIds(['checkout, search', 'search', ' growth ']), ['checkout', 'search', 'growth']);
  });

  it('splits goal ids on spaces too, the same way for the index, a note about to be tagged and a message', () => {
    assert.deepStrictEqual(splitGoalIds(['checkout search,growth']), ['checkout', 'search', 'growth']);
    // `tag` must see that a note written as `Goal: a b` already names b, as the index does.
    assert.ok(noteHasGoal('Goal: checkout search', 'Goal', 'search'));
    assert.ok(!noteHasGoal('Goal: checkout-search', 'Goal', 'search'));
    assert.strictEqual(addTrailer('Fix\n\nGoal: checkout search', 'Goal', 'search'), 'Fix\n\nGoal: checkout search');
  });

  it('takes trailer keys as git does: letters, digits and -, never _', () => {
    for (const k of ['Goal', 'Business-Goal', 'G2']) assert.ok(isTrailerKey(k), k);
    for (const k of ['Goal_Id', '-Goal', 'Goal Id', 'Goal:', '', 'Goal,x']) assert.ok(!isTrailerKey(k), JSON.stringify(k));
    // git's own trailer parser is the reference: it reads Business-Goal but not Goal_Id.
    const parse = (message: string): string => execFileSync('git', ['interpret-trailers', '--parse'], { input: message, encoding: 'utf8' });
    assert.strictEqual(parse('Subject\n\nBusiness-Goal: a\n'), 'Business-Goal: a\n');
    assert.strictEqual(parse('Subject\n\nGoal_Id: b\n'), '');
    // goals.yaml, the hook and the note writer use the same rule.
    const bad = parseGoalsFile('version: 1\ntrailer: Goal_Id\ngoals: []\n');
    assert.ok(bad.problems.some((p) => p.code === 'bad-trailer'), JSON.stringify(bad.problems));
    assert.strictEqual(parseGoalsFile('version: 1\ntrailer: Business-Goal\ngoals: []\n').trailer, 'Business-Goal');
    assert.throws(() => hookScript('Goal_Id'), /trailer key/);
    assert.ok(isTrailerLine('Business-Goal: x') && !isTrailerLine('Goal_Id: x') && !isTrailerLine('Goal:'));
    assert.strictEqual(appendGoalTrailer('Reviewed\n\nGoal_Id: a', 'Goal', 'b'), 'Reviewed\n\nGoal_Id: a\n\nGoal: b\n');
    assert.strictEqual(appendGoalTrailer('Reviewed\n\nSigned-off-by: x', 'Goal', 'b'), 'Reviewed\n\nSigned-off-by: x\nGoal: b\n');
  });

  it('has one goal-id rule, also in the JSON schema', () => {
    for (const id of ['checkout', 'growth.q3', 'pay_v2', 'a-b', '9lives']) assert.ok(isGoalId(id), id);
    for (const id of ['-x', '.x', 'a b', 'a,b', '', 'ä']) assert.ok(!isGoalId(id), JSON.stringify(id));
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/core/goals/goals.schema.json'), 'utf8')) as {
      properties: { trailer: { pattern: string } };
      definitions: { goalId: { pattern: string } };
    };
    assert.strictEqual(schema.definitions.goalId.pattern, GOAL_ID_PATTERN.source);
    assert.strictEqual(schema.properties.trailer.pattern, TRAILER_KEY_PATTERN.source);
    const parsed = parseGoalsFile('version: 1\ngoals:\n  - { id: pay_v2, title: P }\n  - { id: -x, title: X }\n');
    assert.deepStrictEqual(parsed.goals.map((g) => g.id), ['pay_v2']);
  });

  it('reads the branch name from a HEAD ref only for local branches', () => {
    assert.strictEqual(branchOfHeadRef('refs/heads/feat/x'), 'feat/x');
    assert.strictEqual(branchOfHeadRef('refs/heads/'), null);
    assert.strictEqual(branchOfHeadRef('refs/remotes/origin/main'), null);
    assert.strictEqual(branchOfHeadRef(null), null);
    assert.strictEqual(branchOfHeadRef(undefined), null);
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
    const m = new KeyMatcher([goalOf('pay', { keys: ['PAY-12'] }), goalOf('shop', { keys: ['SHOP-*'] })]);
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
    const goals = [goalOf('checkout', { branches: ['feat/pay-*'] }), goalOf('pay')];
    assert.deepStrictEqual(branchGoalsByRule('feat/pay-retry', goals, 'growth'), [{ goalId: 'growth', source: 'config', detail: 'git config branch.feat/pay-retry.goal' }]);
    assert.deepStrictEqual(
      branchGoalsByRule('feat/pay-retry', goals, undefined).map((g) => [g.goalId, g.source]),
      [['checkout', 'glob'], ['pay', 'name']],
    );
  });

  it('gives a branch with no commits ahead its git config goal, as the index does for one with commits', () => {
    const goalsFile = parseGoalsFile('version: 1\ngoals:\n  - { id: checkout, title: C }\n  - { id: growth, title: G }\n');
    const index = buildIndex(goalsFile, {
      root: '/r', head: null, headRef: 'refs/heads/feat/checkout-x', defaultBranch: null, refs: [], commits: [],
      notes: new Map(), branchConfig: new Map([['feat/checkout-x', 'growth']]), shallow: false,
    });
    assert.deepStrictEqual(indexedBranchGoals(index, 'feat/checkout-x').map((b) => [b.goalId, b.source]), [['growth', 'config']]);
    assert.deepStrictEqual(indexedBranchGoals(index, 'feat/checkout-y').map((b) => [b.goalId, b.source]), [['checkout', 'name']]);
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
