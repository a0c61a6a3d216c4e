import * as assert from 'assert';
import type { Goal } from '../../src/core/types';
import { addTrailer, suggestGoals } from '../../src/extension/views/figures';

function goal(id: string, extra: Partial<Goal> = {}): Goal {
  return { id, title: id, status: 'active', keys: [], branches: [], paths: [], commitments: [], links: [], line: 1, column: 1, ...extra };
}

describe('extension: trailer insertion', () => {
  it('adds a trailer paragraph after the subject', () => {
    assert.strictEqual(addTrailer('Fix retries', 'Goal', 'checkout'), 'Fix retries\n\nGoal: checkout');
  });

  it('joins an existing trailer block instead of starting a new paragraph', () => {
    assert.strictEqual(addTrailer('Fix retries\n\nBody.\n\nSigned-off-by: A <a@x>\n', 'Goal', 'checkout'), 'Fix retries\n\nBody.\n\nSigned-off-by: A <a@x>\nGoal: checkout');
  });

  it('does not take a "Fix: x" subject for a trailer block', () => {
    assert.strictEqual(addTrailer('Fix: retries', 'Goal', 'checkout'), 'Fix: retries\n\nGoal: checkout');
  });

  it('leaves the message alone when the goal is already named (any case of the key, comma lists)', () => {
    const msg = 'Fix\n\ngoal: search, checkout';
    assert.strictEqual(addTrailer(msg, 'Goal', 'checkout'), msg);
  });

  it('keeps an empty first line for the subject of an empty message', () => {
    assert.strictEqual(addTrailer('', 'Goal', 'checkout'), '\n\nGoal: checkout');
  });
});

describe('extension: goal suggestions', () => {
  const goals = [goal('growth'), goal('checkout', { paths: ['src/payments/**'] }), goal('search', { paths: ['src/search/**'] }), goal('old', { status: 'achieved' })];

  it('puts the branch goal first, then goals covering changed files, then recent commits', () => {
    const s = suggestGoals(goals, { branchGoals: ['growth'], changedPaths: ['src/payments/a.ts', 'src/payments/b.ts'], recentGoals: ['search', 'old'] });
    assert.deepStrictEqual(s.map((x) => [x.goal.id, x.reasons.join(', ')]), [['growth', 'branch'], ['checkout', '2 changed files'], ['search', 'recent commits']]);
  });

  it('suggests nothing without clues', () => {
    assert.deepStrictEqual(suggestGoals(goals, { branchGoals: [], changedPaths: ['README.md'], recentGoals: [] }), []);
  });
});
