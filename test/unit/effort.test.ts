// Effort in people-time (src/core/figures/effort.ts over the daily aggregates of src/core/figures/daily.ts), on real
// repositories: what a person-day is (time zones, bots, .mailmap), the four properties of its split, FTE with
// weights and proration, and the aggregates kept equal to a cold build.
import * as assert from 'assert';
import { DailyAggregates, dailyOf, dayIso, keptDaily, localDay, shareOf, UNTAGGED } from '../../src/core/figures/daily';
import { computeEffort, periodOf, workingDaysBetween, type EffortOptions } from '../../src/core/figures/effort';
import { buildReport } from '../../src/core/reports/report';
import { rollUp } from '../../src/core/reports/rollup';
import { loadIndex } from '../../src/git/indexLoader';
import { assertOneLineError, cli, goalsYaml, repoWithGoals, type TempRepo } from '../helpers';

const ANN = 'Ann <ann@example.com>';
const BOB = 'Bob <bob@example.com>';
const NOW = new Date('2026-10-31T12:00:00Z');
/** Equal up to float rounding (FTE is a sum of per-day parts). */
function near(actual: number | undefined, expected: number, what = ''): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what} ${actual} is not ${expected}`);
}
const day = (iso: string): number => Date.parse(iso + 'T00:00:00Z') / 86_400_000;

async function effortOf(repo: TempRepo, options: Partial<EffortOptions> = {}) {
  const { index } = await loadIndex(repo.dir);
  const agg = dailyOf(index);
  return { index, agg, effort: computeEffort(agg, index.goals, { now: NOW, from: day('2026-10-01'), to: day('2026-11-01'), ...options }) };
}

function goals(): string {
  return goalsYaml({ id: 'checkout' }, { id: 'search' });
}

describe('effort: what a person-day is', () => {
  it('a commit at 23:30 in UTC-8 is on that day, not the next (the author\'s own time zone)', async () => {
    const repo = repoWithGoals(goals(), {}, 'Add goals');
    repo.commit('late work\n\nGoal: checkout', { author: ANN, date: '2026-10-05T23:30:00-08:00' });
    const { index, agg } = await effortOf(repo);
    const c = index.commits[0];
    assert.strictEqual(c.tz, -480);
    assert.strictEqual(dayIso(localDay(c)), '2026-10-05');
    const pds = [...agg.personDays(day('2026-10-05'), day('2026-10-06'))].filter((p) => p.person === 'ann@example.com');
    assert.strictEqual(pds.length, 1);
    assert.deepStrictEqual([...agg.personDays(day('2026-10-06'), day('2026-10-07'))].filter((p) => p.person === 'ann@example.com'), []);
  });

  it('bots are not people: their commits count as commits, never as person-days', async () => {
    const repo = repoWithGoals(goals());
    repo.commit('Bump lodash from 1 to 2', { author: 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>', date: '2026-10-06T10:00:00Z' });
    repo.commit('Bump x\n\nGoal: search', { author: 'Release Bot <ci@release-bot.example.com>', date: '2026-10-06T10:00:00Z' });
    repo.commit('real work\n\nGoal: checkout', { author: ANN, date: '2026-10-06T11:00:00Z' });
    const { effort } = await effortOf(repo, { people: { bots: ['*@release-bot.example.com'] } });
    assert.strictEqual(effort.total.people, 1, 'only Ann is a person');
    assert.strictEqual(effort.total.personDays, 1);
    assert.strictEqual(effort.goals.get('checkout')?.personDays, 1);
    assert.strictEqual(effort.goals.get('search')?.personDays, 0, 'the configured bot gives no person-day');
    assert.strictEqual(effort.goals.get('search')?.commits, 1, 'but its commit still counts');
    assert.strictEqual(effort.goals.get(UNTAGGED)?.commits, 1, "dependabot's bump is an untagged commit");
    assert.strictEqual(effort.total.bots, 2);
  });

  it('.mailmap makes two identities one person: one person-day, not two', async () => {
    const repo = repoWithGoals(goals(), { '.mailmap': 'Ann <ann@example.com> <ann@old.example.com>\n' });
    repo.commit('a\n\nGoal: checkout', { author: 'Ann Old <ann@old.example.com>', date: '2026-10-07T09:00:00Z' });
    repo.commit('b\n\nGoal: search', { author: ANN, date: '2026-10-07T15:00:00Z' });
    const { effort } = await effortOf(repo);
    const ann = effort.persons.filter((p) => p.person.startsWith('ann'));
    assert.deepStrictEqual(ann.map((p) => [p.person, p.personDays]), [['ann@example.com', 1]]);
    assert.strictEqual(effort.goals.get('checkout')?.personDays, 0.5);
    assert.strictEqual(effort.goals.get('search')?.personDays, 0.5);
  });
});

describe('effort: the split of a person-day', () => {
  it('every person-day adds up to exactly 1, whatever it served', async () => {
    const repo = repoWithGoals(goals());
    repo.commit('a\n\nGoal: checkout', { author: ANN, date: '2026-10-08T09:00:00Z' });
    repo.commit('b\n\nGoal: checkout, search', { author: ANN, date: '2026-10-08T10:00:00Z' });
    repo.commit('c (untagged)', { author: ANN, date: '2026-10-08T11:00:00Z' });
    repo.commit('d\n\nGoal: search', { author: BOB, date: '2026-10-09T11:00:00Z' });
    const { agg, effort } = await effortOf(repo);
    for (const pd of agg.personDays(day('2026-10-08'))) {
      let sum = 0;
      for (const _ of pd.targets.keys()) sum += shareOf(pd);
      assert.strictEqual(sum, 1, `${pd.person} ${dayIso(pd.day)}`);
    }
    let goalsSum = 0;
    for (const c of effort.goals.values()) goalsSum += c.personDays;
    assert.strictEqual(goalsSum, effort.total.personDays);
    assert.strictEqual(effort.total.personDays, 2, 'Ann on the 8th, Bob on the 9th');
  });

  it('splitting one commit into several on the same day and goals changes no effort figure', async () => {
    const one = repoWithGoals(goals());
    one.commit('all at once\n\nGoal: checkout', { author: ANN, date: '2026-10-12T09:00:00Z' });
    one.commit('search\n\nGoal: search', { author: ANN, date: '2026-10-12T17:00:00Z' });
    const many = repoWithGoals(goals());
    for (const h of ['09', '10', '11', '12']) many.commit(`part ${h}\n\nGoal: checkout`, { author: ANN, date: `2026-10-12T${h}:00:00Z` });
    many.commit('search\n\nGoal: search', { author: ANN, date: '2026-10-12T17:00:00Z' });
    const a = (await effortOf(one)).effort;
    const b = (await effortOf(many)).effort;
    for (const id of ['checkout', 'search']) {
      assert.strictEqual(b.goals.get(id)?.personDays, a.goals.get(id)?.personDays, id);
      assert.strictEqual(b.goals.get(id)?.fte, a.goals.get(id)?.fte, id);
    }
    assert.strictEqual(a.goals.get('checkout')?.personDays, 0.5);
  });

  it('a commit serving two goals gives each of them part of it, never the whole to both', async () => {
    const repo = repoWithGoals(goals());
    repo.commit('both\n\nGoal: checkout, search', { author: BOB, date: '2026-10-13T09:00:00Z' });
    const { effort } = await effortOf(repo, { from: day('2026-10-13') });
    assert.strictEqual(effort.goals.get('checkout')?.personDays, 0.5);
    assert.strictEqual(effort.goals.get('search')?.personDays, 0.5);
    assert.strictEqual(effort.goals.get('checkout')?.commits, 1, 'as a commit it counts in each');
    assert.strictEqual(effort.total.personDays, 1);
  });
});

describe('effort: FTE', () => {
  it('counts a person as at most 1 FTE, spreads it by person-days, weights it and prorates the current month', async () => {
    const repo = repoWithGoals(goals());
    // October 2026 has 22 working days. Ann: 11 days on checkout; Bob: every working day and weekends (capped at 1).
    let n = 0;
    for (let d = 1; d <= 31; d++) {
      const date = `2026-10-${String(d).padStart(2, '0')}`;
      const wd = new Date(date).getUTCDay();
      if (wd !== 0 && wd !== 6 && n++ % 2 === 0) repo.commit(`a${d}\n\nGoal: checkout`, { author: ANN, date: `${date}T10:00:00Z` });
      repo.commit(`b${d}\n\nGoal: search`, { author: BOB, date: `${date}T10:00:00Z` });
    }
    const later = new Date('2026-12-01T00:00:00Z');
    const { effort, agg, index } = await effortOf(repo, { now: later, by: 'month' });
    assert.strictEqual(workingDaysBetween(day('2026-10-01'), day('2026-11-01')), 22);
    near(effort.goals.get('checkout')?.fte, 11 / 22);
    near(effort.goals.get('search')?.fte, 1, 'more person-days than working days: still 1 FTE');
    assert.deepStrictEqual(effort.periods.map((p) => p.key), ['2026-10']);

    const weighted = computeEffort(agg, index.goals, { now: later, from: day('2026-10-01'), to: day('2026-11-01'), people: { weights: { 'ann@*': 0.5, Bob: 0 } } });
    near(weighted.goals.get('checkout')?.fte, 0.25, 'part-time: half');
    near(weighted.goals.get('search')?.fte, 0, 'weight 0: no FTE');
    assert.strictEqual(weighted.goals.get('search')?.personDays, 31, 'but the person-days stay');

    // On 2026-10-14 (a Wednesday) 10 working days have passed: Ann's days up to then (5) over 10 is 0.5.
    const mid = computeEffort(agg, index.goals, { now: new Date('2026-10-14T12:00:00Z'), from: day('2026-10-01'), by: 'month' });
    assert.strictEqual(mid.periods[0].workingDays, 10);
    near(mid.goals.get('checkout')?.fte, 5 / 10);
  });

  it('weeks are ISO weeks', () => {
    assert.strictEqual(periodOf(day('2026-12-31'), 'week').key, '2026-W53');
    assert.strictEqual(periodOf(day('2027-01-04'), 'week').key, '2027-W01');
    assert.strictEqual(periodOf(day('2026-10-14'), 'month').key, '2026-10');
  });
});

describe('effort: daily aggregates', () => {
  it('survive export and import unchanged, and a damaged state is refused', async () => {
    const repo = repoWithGoals(goals());
    repo.commit('a\n\nGoal: checkout', { author: ANN, date: '2026-10-08T09:00:00Z' });
    repo.commit('b', { author: BOB, date: '2026-10-08T09:00:00-08:00' });
    const { agg } = await effortOf(repo);
    const back = DailyAggregates.import(JSON.parse(JSON.stringify(agg.export())));
    assert.ok(back);
    assert.deepStrictEqual(back.export(), agg.export());
    assert.strictEqual(DailyAggregates.import({ ...agg.export(), rows: [1, 99, 1, 0] }), null);
  });
});

describe('goal-lens effort', () => {
  it('prints per-goal effort as JSON, explains a goal down to its commits, and says what is wrong with bad options', () => {
    const repo = repoWithGoals(goals());
    const a = repo.commit('a\n\nGoal: checkout', { author: ANN, date: '2026-10-08T09:00:00Z' });
    const b = repo.commit('b', { author: ANN, date: '2026-10-08T10:00:00Z' });
    repo.commit('c\n\nGoal: search', { author: BOB, date: '2026-10-09T10:00:00Z' });
    const r = cli(repo.dir, ['effort', '--since', '2026-10-01', '--until', '2026-11-01', '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { goals: { id: string; personDays: number }[]; untagged: { personDays: number }; totals: { personDays: number; people: number } };
    assert.deepStrictEqual(j.goals.map((g) => [g.id, g.personDays]), [['checkout', 0.5], ['search', 1]]);
    assert.strictEqual(j.untagged.personDays, 0.5);
    assert.deepStrictEqual([j.totals.personDays, j.totals.people], [2, 2]);

    const x = cli(repo.dir, ['effort', '--goal', 'checkout', '--explain', '--format', 'json', '--since', '2026-10-01']);
    const days = (JSON.parse(x.stdout) as { explain: { date: string; share: number; commits: { sha: string }[] }[] }).explain;
    assert.deepStrictEqual(days.map((d) => [d.date, d.share, d.commits.map((c) => c.sha).sort()]), [['2026-10-08', 0.5, [a, b].sort()]]);

    assert.match(cli(repo.dir, ['effort', '--help']).stdout, /usage: goal-lens effort/);
    assertOneLineError(cli(repo.dir, ['effort', '--by', 'year']), /--by 'year' is not one of goal, person, month, week/, 2);
    assertOneLineError(cli(repo.dir, ['effort', '--explain']), /--explain needs --goal/, 2);
    assertOneLineError(cli(repo.dir, ['effort', '--goal', 'nope']), /goal 'nope' is not in/, 2);
    assertOneLineError(cli(repo.dir, ['effort', '--weights', 'ann=2']), /--weights 'ann=2'/, 2);
  });
});

describe('effort: the roll-up', () => {
  it('counts one person in two repositories on the same day as one person-day, split across both', async () => {
    const shop = repoWithGoals(goals());
    shop.commit('a\n\nGoal: checkout', { author: ANN, date: '2026-10-08T09:00:00Z' });
    const lib = repoWithGoals(goals());
    lib.commit('untagged fix', { author: 'Ann A. <ANN@example.com>', date: '2026-10-08T15:00:00+02:00' });
    lib.commit('other day\n\nGoal: search', { author: ANN, date: '2026-10-09T15:00:00Z' });
    const options = { since: Date.parse('2026-10-01T00:00:00Z') / 1000, until: Date.parse('2026-11-01T00:00:00Z') / 1000, now: NOW, staleAfterDays: 30, commitIndex: true };
    const reports = await Promise.all([shop, lib].map(async (r) => ({ report: buildReport((await loadIndex(r.dir)).index, options), source: r.dir })));
    assert.deepStrictEqual(reports.map((r) => r.report.effort.personDays), [1, 2], 'each repository alone');
    const all = rollUp(reports, options);
    assert.strictEqual(all.effort.personDays, 2, 'the 8th once, the 9th once');
    assert.strictEqual(all.effort.people, 1);
    const byId = Object.fromEntries(all.goals.map((g) => [g.id, g.effort.personDays]));
    assert.deepStrictEqual(byId, { checkout: 0.5, search: 1 });
    assert.strictEqual(all.effort.balance.untagged.personDays, 0.5);
    // The roll-up's FTE is the one formula over the merged days: 2 days over October's 22 working days.
    assert.strictEqual(all.effort.fte, Math.round((2 / 22) * 10_000) / 10_000);
  });
});

describe('effort: the daily aggregates follow the index', () => {
  const canon = (agg: DailyAggregates): string[] =>
    [...agg.personDays()].map((pd) => `${dayIso(pd.day)} ${pd.person} ${pd.commits} ${[...pd.targets].sort().join(';')}`).sort();

  it('are updated in place by a refresh (new commits, an amend, a note, a branch) and equal a cold build', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const { loadIndexCached } = await import('../../src/git/indexCache');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-effort-cache-'));
    const repo = repoWithGoals(goals());
    repo.commit('a\n\nGoal: checkout', { author: ANN, date: '2026-10-08T09:00:00Z' });
    repo.commit('b', { author: BOB, date: '2026-10-08T09:00:00-08:00' });
    let load = await loadIndexCached(repo.dir, { cacheDir });
    const agg = dailyOf(load.loaded.index);
    const steps: [string, () => void][] = [
      ['a new commit', () => repo.commit('c\n\nGoal: search', { author: ANN, date: '2026-10-08T18:00:00Z' })],
      ['an amend', () => repo.git('commit', '-q', '--amend', '-m', 'c amended (untagged now)')],
      ['a note', () => repo.git('notes', '--ref=goals', 'add', '-m', 'Goal: search', repo.git('rev-parse', 'HEAD~1'))],
      ['a branch with a goal', () => {
        repo.git('checkout', '-q', '-b', 'feat/checkout-x');
        repo.commit('on the branch', { author: BOB, date: '2026-10-09T10:00:00Z' });
      }],
    ];
    for (const [what, step] of steps) {
      step();
      load = await loadIndexCached(repo.dir, { cacheDir, previous: load.state });
      const index = load.loaded.index;
      assert.strictEqual(dailyOf(index), agg, `${what}: the same aggregates, updated, not rebuilt`);
      assert.deepStrictEqual(canon(dailyOf(index)), canon(DailyAggregates.build(index.commits, index.links)), what);
    }
    assert.ok(canon(agg).some((l) => l.startsWith('2026-10-09 bob@example.com 1 checkout')), 'the branch commit serves checkout by its name');
    // A new start reads them from the index cache file, without building them from the commits.
    await load.saved;
    const started = await loadIndexCached(repo.dir, { cacheDir });
    assert.strictEqual(started.from, 'warm');
    const kept = keptDaily(started.loaded.index);
    assert.ok(kept, 'restored with the index');
    assert.deepStrictEqual(canon(kept), canon(DailyAggregates.build(started.loaded.index.commits, started.loaded.index.links)));
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});

describe('effort: upkeep apart from untagged', () => {
  it('kind: upkeep in goals.yaml puts a goal\'s effort in the balance\'s upkeep; a bad kind is a problem with its place', async () => {
    const repo = repoWithGoals('version: 1\ngoals:\n  - id: checkout\n    title: C\n  - id: deps\n    title: Dependencies\n    kind: upkeep\n  - id: odd\n    title: O\n    kind: upkep\n');
    repo.commit('a\n\nGoal: checkout', { author: ANN, date: '2026-10-08T09:00:00Z' });
    repo.commit('bump\n\nGoal: deps', { author: BOB, date: '2026-10-08T09:00:00Z' });
    repo.commit('untagged', { author: BOB, date: '2026-10-09T09:00:00Z' });
    const { index, effort } = await effortOf(repo);
    assert.deepStrictEqual([effort.balance.outcome.personDays, effort.balance.upkeep.personDays, effort.balance.untagged.personDays], [1, 1, 1]);
    const p = index.goalsFile.problems.find((x) => x.code === 'bad-kind');
    assert.ok(p && p.line === 10 && /did you mean 'upkeep'/.test(p.message), JSON.stringify(index.goalsFile.problems));
  });
});
