// The per-goal figures every view reads (src/core/figures/figures.ts), and the proof that the report, dashboard and
// digest take theirs from it: same commits, share, say/do and commitment states for the same goal and window.
import * as assert from 'assert';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import { computeFigures, reasonFor, stalenessText, timeWindowSince, type Figures } from '../../src/core/figures/figures';
import { buildIndex, type GoalIndex } from '../../src/core/index/goalIndex';
import { buildDashboardData } from '../../src/core/reports/dashboardData';
import { buildDigest } from '../../src/core/reports/digest';
import { buildReport } from '../../src/core/reports/report';
import type { CommitRecord, RepoSnapshot } from '../../src/core/types';
import { loadIndex } from '../../src/git/indexLoader';
import { DEMO_NOW, demoRepo } from '../helpers/dashboardDemo';
import type { TempRepo } from '../helpers/tempRepo';

function commit(sha: string, parent: string | null, time: number, trailers: string[], email = 'me@example.com'): CommitRecord {
  return { sha, parents: parent ? [parent] : [], author: email.split('@')[0], email, time, subject: `commit ${sha}`, trailers, issueKeys: [] };
}

const DAY = 86_400;

describe('per-goal figures on a small index', () => {
  const file = parseGoalsFile(
    [
      'version: 1',
      'goals:',
      '  - id: growth',
      '    title: G',
      '  - id: checkout',
      '    title: C',
      '    parent: growth',
      '    commitments:',
      '      - { what: kept, due: 2026-01-10, done: 2026-01-09 }',
      '      - { what: late, due: 2026-01-10, done: 2026-01-11 }',
      '      - { what: missed, due: 2026-01-10 }',
      '      - { what: open, due: 2026-03-01 }',
      '      - { what: undated done, done: 2026-01-05 }',
      '      - { what: undated }',
      '  - id: loyalty',
      '    title: Launch a loyalty programme',
      '  - id: paused',
      '    title: P',
      '    status: paused',
      '',
    ].join('\n'),
  );
  const now = new Date('2026-02-01T00:00:00Z');
  const t = (daysAgo: number) => Math.floor(now.getTime() / 1000) - daysAgo * DAY;
  const commits = [
    commit('c4', 'c3', t(1), [], 'other@example.com'),
    commit('c3', 'c2', t(40), ['checkout'], 'other@example.com'),
    commit('c2', 'c1', t(50), ['checkout, growth']),
    commit('c1', null, t(60), []),
  ];
  const snapshot: RepoSnapshot = {
    root: '/r', head: 'c4', headRef: 'refs/heads/main', defaultBranch: 'refs/heads/main',
    refs: [{ name: 'refs/heads/main', short: 'main', sha: 'c4', kind: 'branch' }],
    commits, notes: new Map(), branchConfig: new Map(), shallow: false,
  };
  const index = buildIndex(file, snapshot);
  const all = computeFigures(index, { now, staleAfterDays: 30 });

  it('counts a parent goal with its children, each commit once', () => {
    const growth = all.byId.get('growth');
    assert.strictEqual(growth?.totalCommits, 2);
    assert.strictEqual(growth?.own.length, 1);
    assert.strictEqual(all.byId.get('checkout')?.lastAt, t(40));
    assert.deepStrictEqual(all.untagged.map((c) => c.sha), ['c4', 'c1']);
    assert.deepStrictEqual(all.totals, { commits: 4, linked: 2, untagged: 2 });
    assert.strictEqual(all.byId.get('checkout')?.share, 2 / 4);
  });

  it('filters by time window and by author email ("only my work")', () => {
    assert.strictEqual(computeFigures(index, { now, staleAfterDays: 30, since: t(45) }).byId.get('growth')?.totalCommits, 1);
    const mine = computeFigures(index, { now, staleAfterDays: 30, author: 'ME@example.com' });
    assert.strictEqual(mine.byId.get('checkout')?.totalCommits, 1);
    assert.deepStrictEqual(mine.untagged.map((c) => c.sha), ['c1']);
    assert.strictEqual(mine.totals.commits, 2);
  });

  it('gives each commitment one state: kept, late, missed, open or undated', () => {
    const states = all.byId.get('checkout')?.commitments.map((c) => `${c.what}:${c.state}`);
    assert.deepStrictEqual(states, ['kept:kept', 'late:late', 'missed:missed', 'open:open', 'undated done:undated', 'undated:undated']);
    assert.deepStrictEqual(all.byId.get('checkout')?.sayDo, { due: 3, keptOnTime: 1, late: 1, missed: 1, ratio: 1 / 3 });
  });

  it('says "no work yet" for a goal that never had a commit, and judges staleness over all history', () => {
    const loyalty = all.byId.get('loyalty');
    assert.strictEqual(loyalty?.staleness, 'no-work-yet');
    assert.strictEqual(stalenessText(loyalty, now), 'no work yet');
    // checkout's last work is 40 days old: stale after 30, whatever the window shows.
    const lastWeek = computeFigures(index, { now, staleAfterDays: 30, since: t(7) });
    assert.strictEqual(lastWeek.byId.get('checkout')?.staleness, 'stale');
    assert.strictEqual(stalenessText(lastWeek.byId.get('checkout') ?? loyalty, now), 'no work for 40 days');
    assert.strictEqual(computeFigures(index, { now, staleAfterDays: 45, since: t(7) }).byId.get('checkout')?.staleness, 'fresh');
    assert.strictEqual(all.byId.get('paused')?.staleness, 'fresh', 'only active goals go stale');
  });

  it('gives the reason of a commit for one goal', () => {
    assert.strictEqual(reasonFor(index.links.get('c2'), 'growth'), 'via Goal trailer');
  });
});

describe('report, dashboard and digest read the same figures', () => {
  let repo: TempRepo;
  let index: GoalIndex;
  before(async () => {
    repo = demoRepo();
    index = (await loadIndex(repo.dir)).index;
  });
  after(() => repo.cleanup());

  const windows: { name: string; since?: number; until?: number }[] = [
    { name: 'all history' },
    { name: 'last 30 days', since: timeWindowSince('30', DEMO_NOW) },
    { name: 'September', since: Date.parse('2026-09-01T00:00:00Z') / 1000, until: Date.parse('2026-10-01T00:00:00Z') / 1000 },
  ];
  for (const w of windows) {
    it(`gives every goal the same commits, total, share and say/do: ${w.name}`, () => {
      const options = { since: w.since, until: w.until, now: DEMO_NOW, staleAfterDays: 30 };
      const figures: Figures = computeFigures(index, options);
      const report = buildReport(index, options);
      const dashboard = buildDashboardData(index, { ...options, untaggedThreshold: 0.2 });
      assert.deepStrictEqual(report.totals, figures.totals);
      for (const f of figures.goals) {
        const expected = { commits: f.own.length, totalCommits: f.totalCommits, share: f.share, sayDo: f.sayDo, stale: f.stale, pastDue: f.pastDue };
        const r = report.goals.find((g) => g.id === f.id);
        const d = dashboard.goals.find((g) => g.id === f.id);
        for (const [who, g] of [['report', r], ['dashboard', d]] as const) {
          assert.ok(g, `${who} has ${f.id}`);
          assert.deepStrictEqual({ commits: g.commits, totalCommits: g.totalCommits, share: g.share, sayDo: g.sayDo, stale: g.stale, pastDue: g.pastDue }, expected, `${who} ${f.id}`);
        }
        const alloc = dashboard.allocation.find((a) => a.id === f.id);
        if (f.own.length) assert.deepStrictEqual(alloc && { commits: alloc.commits, share: alloc.share }, { commits: f.own.length, share: f.share });
      }
    });
  }

  it('gives every commitment the same state in the dashboard as in the figures', () => {
    const figures = computeFigures(index, { now: DEMO_NOW, staleAfterDays: 30 });
    const dashboard = buildDashboardData(index, { now: DEMO_NOW, staleAfterDays: 30, untaggedThreshold: 0.2 });
    const fromFigures = figures.goals.flatMap((g) => g.commitments.map((c) => `${g.id}/${c.what}:${c.state}`));
    const fromDashboard = dashboard.sayDo.flatMap((g) => g.commitments.map((c) => `${g.id}/${c.what}:${c.state}`));
    assert.ok(fromFigures.length >= 4);
    assert.deepStrictEqual(fromDashboard, fromFigures);
  });

  it('lists in the digest the commits the figures give the goal for that week', () => {
    const start = Date.parse('2026-09-07T00:00:00Z') / 1000;
    const end = start + 7 * DAY;
    const figures = computeFigures(index, { since: start, until: end, now: DEMO_NOW, staleAfterDays: 30 });
    const digest = buildDigest(index, { week: '2026-W37', start, end });
    assert.match(digest, new RegExp(`^${figures.totals.commits} commits by ${figures.people} people; ${figures.totals.linked} served a goal, ${figures.totals.untagged} untagged\\.$`, 'm'));
    for (const f of figures.goals.filter((g) => g.own.length)) assert.match(digest, new RegExp(`Shipped: ${f.own.length} commits?`));
    assert.match(digest, /Promise kept: One-click retry \(due 2026-09-10, done 2026-09-08\)/);
  });
});
