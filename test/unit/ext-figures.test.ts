import * as assert from 'assert';
import { buildIndex } from '../../src/core/index/goalIndex';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import type { CommitRecord, Goal, RepoSnapshot } from '../../src/core/types';
import { addTrailer, reasonFor, suggestGoals, viewFigures } from '../../src/extension/views/figures';

function goal(id: string, extra: Partial<Goal> = {}): Goal {
  return { id, title: id, status: 'active', keys: [], branches: [], paths: [], commitments: [], links: [], line: 1, column: 1, ...extra };
}

function commit(sha: string, parent: string | null, time: number, trailers: string[], email = 'me@example.com'): CommitRecord {
  return { sha, parents: parent ? [parent] : [], author: email.split('@')[0], email, time, subject: `commit ${sha}`, trailers, issueKeys: [] };
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

describe('extension: view figures', () => {
  const file = parseGoalsFile('version: 1\ngoals:\n  - id: growth\n    title: G\n  - id: checkout\n    title: C\n    parent: growth\n');
  const commits = [
    commit('c4', 'c3', 4000, [], 'other@example.com'),
    commit('c3', 'c2', 3000, ['checkout'], 'other@example.com'),
    commit('c2', 'c1', 2000, ['checkout, growth']),
    commit('c1', null, 1000, []),
  ];
  const snapshot: RepoSnapshot = {
    root: '/r', head: 'c4', headRef: 'refs/heads/main', defaultBranch: 'refs/heads/main',
    refs: [{ name: 'refs/heads/main', short: 'main', sha: 'c4', kind: 'branch' }],
    commits, notes: new Map(), branchConfig: new Map(), shallow: false,
  };
  const index = buildIndex(file, snapshot);

  it('counts a parent goal with its children, each commit once', () => {
    const f = viewFigures(index, {});
    assert.strictEqual(f.byGoal.get('growth')?.total, 2);
    assert.strictEqual(f.byGoal.get('growth')?.own.length, 1);
    assert.strictEqual(f.byGoal.get('checkout')?.last, 3000);
    assert.deepStrictEqual(f.untagged.map((c) => c.sha), ['c4', 'c1']);
    assert.strictEqual(f.commits, 4);
  });

  it('filters by time window and by author email', () => {
    assert.strictEqual(viewFigures(index, { since: 2500 }).byGoal.get('growth')?.total, 1);
    const mine = viewFigures(index, { email: 'ME@example.com' });
    assert.strictEqual(mine.byGoal.get('checkout')?.total, 1);
    assert.deepStrictEqual(mine.untagged.map((c) => c.sha), ['c1']);
  });

  it('gives the reason of a commit for one goal', () => {
    assert.strictEqual(reasonFor(index.links.get('c2'), 'growth'), 'via Goal trailer');
  });
});
