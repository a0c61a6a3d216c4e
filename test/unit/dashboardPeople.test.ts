// The dashboard's effort in people-time, flags grouped by goal, and outcome values as a lead reads them: worked by
// hand on real git repositories built here (test/helpers/dashboardDemo.ts has the dates of every commit).
import * as assert from 'assert';
import { bought, buildDashboardData, type DashboardData, type Flag } from '../../src/core/reports/dashboardData';
import { UNTAGGED_SERIES, UPKEEP_SERIES } from '../../src/core/reports/dashboardEffort';
import { groupFlags } from '../../src/core/reports/flagGroups';
import { formatMeasure, measureOf, outcomePrecision } from '../../src/core/reports/measure';
import { buildReport } from '../../src/core/reports/report';
import type { GoalIndex } from '../../src/core/index/goalIndex';
import { loadIndex } from '../../src/git/indexLoader';
import { DEMO_NOW, demoRepo } from '../helpers/dashboardDemo';
import { TempRepo } from '../helpers/tempRepo';

const options = { now: DEMO_NOW, staleAfterDays: 30, untaggedThreshold: 0.2 };
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('dashboard effort in FTE per month', () => {
  let repo: TempRepo;
  let index: GoalIndex;
  let all: DashboardData;
  before(async () => {
    repo = demoRepo();
    index = (await loadIndex(repo.dir)).index;
    all = buildDashboardData(index, options);
  });
  after(() => repo.cleanup());

  it('gives person-days, FTE and commits per month per goal, untagged its own series (worked by hand)', () => {
    const m = all.fte.byMonth;
    assert.deepStrictEqual(m.months, ['2026-09', '2026-10', '2026-11']);
    const s = (id: string) => m.series.find((x) => x.id === id);
    assert.deepStrictEqual(m.series.map((x) => [x.id, x.kind]), [['checkout', 'outcome'], ['search', 'outcome'], [UNTAGGED_SERIES, 'untagged']]);
    // September: Test User on 09-01, 09-02 (checkout) and 09-10 (untagged); Ana on 09-09 (checkout and search, half each).
    assert.deepStrictEqual(s('checkout')?.personDays, [2.5, 1, 0]);
    assert.deepStrictEqual(s('search')?.personDays, [0.5, 0, 0]);
    assert.deepStrictEqual(s(UNTAGGED_SERIES)?.personDays, [1, 1, 1]);
    assert.deepStrictEqual(s('checkout')?.commits, [3, 1, 0]);
    // September 2026 has 22 working days; each person-day is 1/22 FTE of that month.
    assert.strictEqual(m.workingDays[0], 22);
    assert.deepStrictEqual(s('checkout')?.fte.slice(0, 1), [r4(2.5 / 22)]);
    assert.deepStrictEqual(s('search')?.fte.slice(0, 1), [r4(0.5 / 22)]);
  });

  it('has an allocation whose FTE per goal is the report\'s, and whose person-days add up the months', () => {
    const report = buildReport(index, options);
    for (const a of all.fte.allocation) {
      const months = all.fte.byMonth.series.find((x) => x.id === a.id);
      assert.ok(months);
      assert.strictEqual(r4(months.personDays.reduce((x, y) => x + y, 0)), a.personDays, a.id);
      if (a.kind === 'outcome') assert.deepStrictEqual({ personDays: a.personDays, fte: a.fte }, report.goals.find((g) => g.id === a.id)?.effort, a.id);
    }
    assert.strictEqual(all.fte.balance.untagged.personDays, 3);
    assert.strictEqual(r4(all.fte.allocation.reduce((x, a) => x + a.fteShare, 0)), 1);
  });

  it('gives each outcome the effort it took and the progress it bought in the window', () => {
    const checkout = all.outcomes.find((o) => o.id === 'checkout');
    assert.deepStrictEqual(checkout?.effort, { personDays: 3.5, fte: all.goals.find((g) => g.id === 'checkout')?.effort.fte, withSubGoals: false });
    // All history: from the baseline 3.0 to the latest 3.5, target 4.0.
    assert.deepStrictEqual(checkout?.bought, { from: null, progress: 0.5 });
    assert.deepStrictEqual(checkout?.text, { baseline: '3.0%', latest: '3.5%', target: '4.0%' });
    // Since 15 October: from the 1 October measurement (3.2) to 3.5.
    const since = Date.parse('2026-10-15T00:00:00Z') / 1000;
    const b = bought(checkout!, since);
    assert.deepStrictEqual(b.from, { date: '2026-10-01', value: 3.2 });
    assert.strictEqual(Math.round((b.progress ?? NaN) * 100), 30);
    // Since 5 November there is no measurement in the window: the progress cannot be told.
    assert.strictEqual(bought(checkout!, Date.parse('2026-11-05T00:00:00Z') / 1000).progress, null);
  });

  it('puts upkeep goals together in one series, apart from untagged work; bots are not people', async () => {
    const r = TempRepo.create();
    try {
      const goals = 'version: 1\ngoals:\n  - id: feature\n    title: Feature\n  - id: ci\n    title: CI\n    kind: upkeep\n  - id: deps\n    title: Dependencies\n    kind: upkeep\n';
      r.commit('Add goals\n\nGoal: feature', { files: { 'goals.yaml': goals }, date: '2026-10-05T10:00:00Z' });
      r.commit('Faster build\n\nGoal: ci', { date: '2026-10-06T10:00:00Z' });
      r.commit('Bump yaml\n\nGoal: deps', { date: '2026-10-07T10:00:00Z', author: 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>' });
      r.commit('Bump chalk\n\nGoal: deps', { date: '2026-10-07T11:00:00Z' });
      r.commit('Something', { date: '2026-10-08T10:00:00Z' });
      const idx = (await loadIndex(r.dir)).index;
      const d = buildDashboardData(idx, options);
      assert.deepStrictEqual(
        d.fte.allocation.map((a) => [a.id, a.kind, a.goals, a.personDays, a.commits]),
        [
          ['feature', 'outcome', ['feature'], 1, 1],
          [UPKEEP_SERIES, 'upkeep', ['ci', 'deps'], 2, 3],
          [UNTAGGED_SERIES, 'untagged', [''], 1, 1],
        ],
      );
      assert.deepStrictEqual(d.fte.byMonth.series.map((s) => [s.id, s.personDays]), [['feature', [1]], [UPKEEP_SERIES, [2]], [UNTAGGED_SERIES, [1]]]);
      assert.strictEqual(d.fte.balance.upkeep.personDays, 2);
      assert.strictEqual(d.fte.total.people, 1);
    } finally {
      r.cleanup();
    }
  });
});

describe("what's not working, grouped by goal", () => {
  const f = (kind: Flag['kind'], goalId: string | null): Flag => ({ kind, goalId, title: goalId ?? 'Untagged work', reason: kind });

  it('gives one group per goal, most urgent first, its flags most urgent first', () => {
    const groups = groupFlags([
      f('stale', 'a'), f('no-owner', 'a'), f('no-advisor', 'a'),
      f('no-owner', 'b'),
      f('no-advisor', 'c'), f('past-due', 'c'),
      f('untagged', null),
      f('aging-branch', 'd'),
    ]);
    assert.deepStrictEqual(
      groups.map((g) => [g.goalId, g.flags.map((x) => x.kind)]),
      [
        ['c', ['past-due', 'no-advisor']],
        ['d', ['aging-branch']],
        ['a', ['stale', 'no-owner', 'no-advisor']],
        [null, ['untagged']],
        ['b', ['no-owner']],
      ],
    );
  });

  it('holds every flag of the dashboard once', async () => {
    const repo = demoRepo();
    try {
      const d = buildDashboardData((await loadIndex(repo.dir)).index, options);
      assert.ok(d.flags.length > 2);
      assert.strictEqual(d.flagGroups.flatMap((g) => g.flags).length, d.flags.length);
      const ids = d.flagGroups.map((g) => g.goalId);
      assert.strictEqual(new Set(ids).size, ids.length, 'one group per goal');
    } finally {
      repo.cleanup();
    }
  });
});

describe('outcome values as a lead reads them (issue 27 item 17)', () => {
  it('writes the value at the measurement\'s precision, a space, then the unit', () => {
    const support = { unit: 'EUR', baseline: 2.4, target: 2.04, measurements: [{ date: '2026-10-01', value: 2.25 }] };
    assert.strictEqual(outcomePrecision(support), 2);
    assert.strictEqual(measureOf(support, 2.4), '2.40 EUR');
    assert.strictEqual(measureOf(support, 2.25), '2.25 EUR');
    assert.strictEqual(formatMeasure(3.6, '%', 1), '3.6%');
    assert.strictEqual(formatMeasure(12, 'orders', 0), '12 orders');
    assert.strictEqual(formatMeasure(4, undefined, 1), '4.0');
    assert.strictEqual(formatMeasure(null, 'EUR', 2), '-');
  });
});
