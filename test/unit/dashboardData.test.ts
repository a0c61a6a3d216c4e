// Dashboard figures against hand-worked expectations, on a real git repository built here and read by the real git layer.
import * as assert from 'assert';
import { buildDashboardData, UNTAGGED_ID, type DashboardData } from '../../src/core/reports/dashboardData';
import type { GoalIndex } from '../../src/core/index/goalIndex';
import { buildReport } from '../../src/core/reports/report';
import { loadIndex } from '../../src/git/indexLoader';
import { DEMO_NOW, demoRepo, XSS } from '../helpers/dashboardDemo';
import type { TempRepo } from '../helpers/tempRepo';

describe('dashboard data', () => {
  let repo: TempRepo;
  let index: GoalIndex;
  let all: DashboardData;
  const options = { now: DEMO_NOW, staleAfterDays: 30, untaggedThreshold: 0.2 };

  before(async () => {
    repo = demoRepo();
    index = (await loadIndex(repo.dir)).index;
    all = buildDashboardData(index, options);
  });
  after(() => repo.cleanup());

  const goal = (d: DashboardData, id: string) => {
    const g = d.goals.find((x) => x.id === id);
    assert.ok(g, `goal ${id}`);
    return g;
  };
  const flags = (d: DashboardData) => d.flags.map((f) => `${f.kind}:${f.goalId ?? '-'}`).sort();

  it('counts commits, linked and untagged work over all history', () => {
    assert.deepStrictEqual(all.totals, { commits: 7, linked: 4, untagged: 3, untaggedShare: 3 / 7 });
    assert.strictEqual(all.window.label, 'all history');
  });

  it('gives each goal its share of the commits, untagged included in the allocation', () => {
    assert.strictEqual(goal(all, 'checkout').commits, 4);
    assert.strictEqual(goal(all, 'checkout').share, 4 / 7);
    assert.strictEqual(goal(all, 'search').share, 1 / 7);
    assert.strictEqual(goal(all, 'legacy').share, 0);
    assert.strictEqual(goal(all, 'checkout').authors, 2);
    assert.deepStrictEqual(
      all.allocation.map((a) => [a.id, a.commits, a.share]),
      [
        ['checkout', 4, 4 / 7],
        ['search', 1, 1 / 7],
        [UNTAGGED_ID, 3, 3 / 7],
      ],
    );
  });

  it('agrees with buildReport on every per-goal figure', () => {
    const report = buildReport(index, options);
    for (const r of report.goals) {
      const g = goal(all, r.id);
      assert.deepStrictEqual(
        [g.commits, g.totalCommits, g.authors, g.share, g.lastCommitAt, g.stale, g.pastDue, g.sayDo],
        [r.commits, r.totalCommits, r.authors, r.share, r.lastCommitAt, r.stale, r.pastDue, r.sayDo],
        r.id,
      );
    }
    assert.deepStrictEqual({ commits: all.totals.commits, linked: all.totals.linked, untagged: all.totals.untagged }, report.totals);
  });

  it('works out say/do with a fixed "now": kept, late, missed; a future promise is not yet due', () => {
    const s = all.sayDo.find((x) => x.id === 'checkout');
    assert.ok(s);
    assert.deepStrictEqual([s.due, s.keptOnTime, s.late, s.missed, s.ratio], [3, 1, 1, 1, 1 / 3]);
    assert.deepStrictEqual(
      s.commitments.map((c) => c.state),
      ['kept', 'late', 'missed', 'open'],
    );
    assert.deepStrictEqual(
      all.sayDo.map((x) => x.id),
      ['checkout'],
      'only goals with commitments',
    );
  });

  it('measures outcome progress from the latest measurement (by date)', () => {
    const o = all.outcomes.find((x) => x.id === 'checkout');
    assert.ok(o);
    assert.deepStrictEqual(o.latest, { date: '2026-11-01', value: 3.5 });
    assert.deepStrictEqual(
      o.measurements.map((m) => m.date),
      ['2026-09-01', '2026-10-01', '2026-11-01'],
    );
    assert.ok(Math.abs((o.progress ?? NaN) - 0.5) < 1e-9, `progress ${o.progress}`);
    assert.strictEqual(all.outcomes.length, 1);
  });

  it("flags what's not working, each with its reason", () => {
    assert.deepStrictEqual(
      flags(all),
      ['commitment-overdue:checkout', 'no-advisor:search', 'past-due:legacy', 'stale:legacy', 'stale:search', 'untagged:-'].sort(),
    );
    const reason = (kind: string, id: string | null) => all.flags.find((f) => f.kind === kind && f.goalId === id)?.reason ?? '';
    // search: last commit 2026-09-09, 67 days before "now".
    assert.match(reason('stale', 'search'), /but no work for 67 days \(last on 2026-09-09; stale after 30 days\)/);
    assert.match(reason('stale', 'legacy'), /but no work yet$/);
    assert.match(reason('past-due', 'legacy'), /due 2026-10-31, 15 days ago, and still active/);
    assert.match(reason('commitment-overdue', 'checkout'), /"Wallet payments" by 2026-10-01; 45 days overdue/);
    assert.match(reason('no-advisor', 'search'), /no IT advisor/);
    assert.match(reason('untagged', null), /42\.9% of commits \(3 of 7\) serve no goal, above the 20% threshold/);
    // checkout worked 26 days ago: not stale; an achieved goal without owner is not flagged.
    assert.ok(!all.flags.some((f) => f.goalId === 'done-goal'));
  });

  it('honours the untagged threshold', () => {
    const lenient = buildDashboardData(index, { ...options, untaggedThreshold: 0.5 });
    assert.ok(!lenient.flags.some((f) => f.kind === 'untagged'));
  });

  it('restricts every part to the time window', () => {
    const since = Date.parse('2026-10-01T00:00:00Z') / 1000;
    const w = buildDashboardData(index, { ...options, since });
    assert.deepStrictEqual(w.totals, { commits: 3, linked: 1, untagged: 2, untaggedShare: 2 / 3 });
    assert.strictEqual(goal(w, 'checkout').share, 1 / 3);
    assert.strictEqual(goal(w, 'search').commits, 0);
    // Staleness is judged over all history, not the window: the same flag, the same reason.
    assert.match(w.flags.find((f) => f.kind === 'stale' && f.goalId === 'search')?.reason ?? '', /no work for 67 days/);
    assert.deepStrictEqual(
      w.recent.map((c) => c.subject),
      ['Bump dependencies', `Fix ${XSS} in the footer`, 'Saved cards first'],
    );
  });

  it('stacks effort per ISO week, untagged as its own series, with no gaps', () => {
    const since = Date.parse('2026-10-01T00:00:00Z') / 1000;
    const w = buildDashboardData(index, { ...options, since });
    assert.deepStrictEqual(w.effort.weeks, ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46']);
    assert.deepStrictEqual(
      w.effort.series.map((s) => [s.id, s.counts]),
      [
        ['checkout', [0, 0, 0, 1, 0, 0, 0]],
        [UNTAGGED_ID, [0, 0, 0, 1, 0, 0, 1]],
      ],
    );
    // All history: W36 (c1, c2) to W46; the commit serving two goals counts in both series.
    const e = all.effort;
    assert.strictEqual(e.weeks[0], '2026-W36');
    assert.strictEqual(e.weeks[e.weeks.length - 1], '2026-W46');
    const series = (id: string) => e.series.find((s) => s.id === id)?.counts ?? [];
    assert.deepStrictEqual(series('checkout').slice(0, 2), [2, 1]);
    assert.deepStrictEqual(series('search').slice(0, 2), [0, 1]);
    assert.strictEqual(series(UNTAGGED_ID).reduce((a, b) => a + b, 0), 3);
  });

  it('keeps only the latest weeks when there are too many', () => {
    const d = buildDashboardData(index, { ...options, maxWeeks: 3 });
    assert.deepStrictEqual(d.effort.weeks, ['2026-W44', '2026-W45', '2026-W46']);
    assert.strictEqual(d.effort.truncated, true);
  });
});
