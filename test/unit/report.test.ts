import * as assert from 'assert';
import { buildReport, type Report } from '../../src/core/reports/report';
import { loadIndex } from '../../src/git/indexLoader';
import { goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml(
  { id: 'growth', title: 'Grow revenue', owner: 'Dana Ruiz' },
  { id: 'checkout', title: 'Lift checkout conversion', parent: 'growth', keys: ['SHOP-*'], branches: ['feat/pay-*'], commitments: [{ what: 'Retry', due: '2026-10-15', done: '2026-10-10' }, { what: 'Wallets', due: '2026-10-20', done: '2026-10-25' }, { what: 'Receipts', due: '2026-10-30' }, { what: 'Later', due: '2026-12-01' }] },
  { id: 'search', title: 'Better search' },
  { id: 'platform', title: 'Platform upkeep', status: 'paused' },
);

const day = (d: number): string => `2026-10-${String(d).padStart(2, '0')}T12:00:00Z`;

/**
 * main:  init - cart - SHOP-12 - tune(note) - typo(unknown) - M1 - M2 - multi
 *                                        \                  /    /
 *                                         facets -----------    /
 *                                                  retry ------  (feat/pay-retry, "Merge pull request")
 * topic/x (unmerged, git config goal=search): experiment
 */
function buildRepo(): TempRepo {
  const r = TempRepo.create();
  r.commit('Initial commit', { files: { 'goals.yaml': GOALS }, date: day(1) });
  r.commit('Add cart\n\nGoal: checkout', { date: day(2) });
  r.commit('Speed up index SHOP-12', { date: day(3), author: 'Ann <ann@example.com>' });
  const tune = r.commit('Tune ranking', { date: day(4) });
  r.git('notes', '--ref=goals', 'add', '-m', 'Goal: search', tune);
  r.commit('Fix typo\n\nGoal: nonexistent', { date: day(5) });
  r.git('checkout', '-q', '-b', 'feat/search-facets');
  r.commit('Facets', { date: day(6) });
  r.git('checkout', '-q', 'main');
  r.merge('feat/search-facets', "Merge branch 'feat/search-facets'", day(7));
  r.git('checkout', '-q', '-b', 'feat/pay-retry');
  r.commit('Retry payments', { date: day(8) });
  r.git('checkout', '-q', 'main');
  r.merge('feat/pay-retry', 'Merge pull request #12 from acme/feat/pay-retry', day(9));
  r.commit('Cross-cutting work\n\nGoal: growth, search', { date: day(10) });
  r.git('checkout', '-q', '-b', 'topic/x');
  r.commit('Experiment', { date: day(11) });
  r.git('config', 'branch.topic/x.goal', 'search');
  r.git('checkout', '-q', 'main');
  return r;
}

const NOW = new Date('2026-11-05T00:00:00Z');

async function report(r: TempRepo, allRefs: boolean): Promise<Report> {
  const { index } = await loadIndex(r.dir, { allRefs });
  return buildReport(index, { now: NOW, staleAfterDays: 30 });
}

const zero = { trailer: 0, note: 0, key: 0, branch: 0, merge: 0, author: 0, subject: 0, changes: 0 };

describe('report on a real repository', () => {
  let repo: TempRepo;
  before(() => {
    repo = buildRepo();
  });
  after(() => repo.cleanup());

  it('counts every link source and the untagged work from HEAD', async () => {
    const r = await report(repo, false);
    assert.strictEqual(r.repo, repo.dir);
    assert.strictEqual(r.head, repo.git('rev-parse', 'HEAD'));
    assert.deepStrictEqual(r.totals, { commits: 8, linked: 6, untagged: 2 });
    const byId = Object.fromEntries(r.goals.map((g) => [g.id, g]));
    assert.deepStrictEqual(Object.keys(byId), ['growth', 'checkout', 'search', 'platform']);

    assert.deepStrictEqual(
      { ...byId.checkout, branches: undefined, effort: undefined },
      {
        id: 'checkout', title: 'Lift checkout conversion', status: 'active', kind: 'outcome', parent: 'growth', owner: null, advisor: null, due: null,
        commits: 3, totalCommits: 3, authors: 2, lastCommitAt: '2026-10-08T12:00:00.000Z', share: 3 / 8,
        sources: { ...zero, trailer: 1, key: 1, merge: 1 },
        sayDo: { due: 3, keptOnTime: 1, late: 1, missed: 1, ratio: 1 / 3 },
        stale: false, staleness: 'fresh', pastDue: false, branches: undefined, effort: undefined,
      },
    );
    assert.strictEqual(byId.checkout.effort.personDays, 3, 'three commits on three days, each serving only checkout');
    assert.deepStrictEqual(byId.checkout.branches, [{ name: 'feat/pay-retry', source: 'glob', commitsAhead: 0 }]);

    assert.strictEqual(byId.growth.commits, 1);
    assert.strictEqual(byId.growth.totalCommits, 4, 'growth includes its child checkout, each commit once');
    assert.deepStrictEqual(byId.growth.sources, { ...zero, trailer: 1 });

    assert.strictEqual(byId.search.commits, 3);
    assert.deepStrictEqual(byId.search.sources, { ...zero, trailer: 1, note: 1, merge: 1 });
    assert.deepStrictEqual(byId.search.branches, [
      { name: 'feat/search-facets', source: 'name', commitsAhead: 0 },
      { name: 'topic/x', source: 'config', commitsAhead: null },
    ]);

    assert.deepStrictEqual({ commits: byId.platform.commits, stale: byId.platform.stale, lastCommitAt: byId.platform.lastCommitAt }, { commits: 0, stale: false, lastCommitAt: null });

    assert.strictEqual(r.problems.length, 1);
    assert.match(r.problems[0].message, /unknown goal 'nonexistent' named by trailer in 1 commit/);
  });

  it('with --all-refs counts the unmerged branch and never the notes ref', async () => {
    const r = await report(repo, true);
    assert.deepStrictEqual(r.totals, { commits: 9, linked: 7, untagged: 2 });
    const search = r.goals.find((g) => g.id === 'search');
    assert.ok(search);
    assert.strictEqual(search.commits, 4);
    assert.deepStrictEqual(search.sources, { ...zero, trailer: 1, note: 1, merge: 1, branch: 1 });
    assert.deepStrictEqual(search.branches.find((b) => b.name === 'topic/x'), { name: 'topic/x', source: 'config', commitsAhead: 1 });
  });

  it('marks an active goal stale when its last work is older than staleAfterDays', async () => {
    const { index } = await loadIndex(repo.dir, {});
    const later = buildReport(index, { now: new Date('2026-11-08T00:00:00Z'), staleAfterDays: 30 });
    const stale = Object.fromEntries(later.goals.map((g) => [g.id, g.stale]));
    assert.deepStrictEqual(stale, { growth: false, checkout: true, search: false, platform: false });
  });

  it('restricts figures to a time window', async () => {
    const { index } = await loadIndex(repo.dir, {});
    const r = buildReport(index, { now: NOW, staleAfterDays: 30, since: Date.parse(day(6)) / 1000, until: Date.parse(day(9)) / 1000 });
    assert.deepStrictEqual(r.totals, { commits: 2, linked: 2, untagged: 0 });
    assert.deepStrictEqual(r.goals.map((g) => [g.id, g.commits]), [['growth', 0], ['checkout', 1], ['search', 1], ['platform', 0]]);
  });
});
