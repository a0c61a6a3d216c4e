import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { computeFigures, type Figures } from '../../src/core/figures/figures';
import { buildReport } from '../../src/core/reports/report';
import { loadIndexCached } from '../../src/git/indexCache';
import { loadIndex } from '../../src/git/indexLoader';
import { loadDeliveries, type FlowState } from '../../src/git/mainline';
import type { GoalIndex } from '../../src/core/index/goalIndex';
import type { DeliveryLog } from '../../src/core/figures/deliveries';
import { dailyOf } from '../../src/core/figures/daily';
import { computeEffort, effortTuning, type EffortFigures } from '../../src/core/figures/effort';
import { goalsYaml, TempRepo } from '../helpers';

const NOW = new Date('2026-12-01T00:00:00Z');
const at = (iso: string): number => Date.parse(iso) / 1000;

/** The windows the views and reports ask for: all history, a bounded one, recent days, one author's work. */
const WINDOWS = [{}, { since: at('2026-09-01T09:05:00Z'), until: at('2026-09-01T09:40:00Z') }, { since: at('2026-09-01T09:20:00Z') }, { author: 'Ana@Example.com' }];

/** Every figure of every window (reports with effort and flow, and the commit lists as sets). */
function everything(index: GoalIndex, deliveries: DeliveryLog): unknown {
  return WINDOWS.map((w) => {
    const figures: Figures = computeFigures(index, { ...w, now: NOW, staleAfterDays: 30, deliveries });
    return {
      report: buildReport(index, { ...w, now: NOW, staleAfterDays: 30, deliveries }),
      own: figures.goals.map((f) => [f.id, f.commits, f.own.map((c) => c.sha).sort()]),
      untagged: figures.untagged.map((c) => c.sha).sort(),
      flow: [...(figures.flow?.byGoal ?? [])].map(([id, f]) => [id, f.deliveries.map((d) => d.sha), f.leadTime, f.batchCommits, f.batchFiles, f.perWeek]),
    };
  });
}

describe('figures after a refresh equal a cold run (the timeline and the flow book kept between refreshes)', function () {
  this.timeout(120_000);
  let r: TempRepo;
  let cacheDir: string;
  beforeEach(() => {
    r = TempRepo.create();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-figrefresh-'));
  });
  afterEach(() => {
    r.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  for (const path of ['day by day', "people's totals"]) {
  it(`after commits, merges, a note on a delivered commit, a title edit, a new parent, an amend and a reset (effort ${path})`, async () => {
    const tuning = effortTuning.wholeHistoryFrom;
    effortTuning.wholeHistoryFrom = path === 'day by day' ? Infinity : 0;
    after(() => (effortTuning.wholeHistoryFrom = tuning));
    const goals = (title: string, parent?: string): string =>
      goalsYaml({ id: 'growth', title: 'Growth' }, { id: 'checkout', title, parent: 'growth', keys: ['SHOP-*'] }, { id: 'search', title: 'Search', ...(parent ? { parent } : {}) });
    r.commit('Add goals', { files: { 'goals.yaml': goals('Checkout') } });
    r.commit('SHOP-1 first checkout work', { author: 'Ana <ana@example.com>' });
    r.commit('Untagged tidy-up');
    r.git('checkout', '-q', '-b', 'feat/search');
    r.commit('Search box\n\nGoal: search', { author: 'Ana <ana@example.com>' });
    r.commit('SHOP-2 and search\n\nGoal: search');
    r.git('checkout', '-q', 'main');
    r.merge('feat/search');

    let load = await loadIndexCached(r.dir, { cacheDir, allRefs: true });
    let flow: FlowState = await loadDeliveries(load.loaded.repo, load.loaded.index);
    everything(load.loaded.index, flow.log); // what the editor computed before the change: kept beside the index
    const step = async (what: string, change: () => void): Promise<void> => {
      change();
      load = await loadIndexCached(r.dir, { cacheDir, allRefs: true, previous: load.state, save: false });
      flow = await loadDeliveries(load.loaded.repo, load.loaded.index, flow);
      const refreshed = everything(load.loaded.index, flow.log);
      const cold = await loadIndex(r.dir, { allRefs: true });
      const coldFlow = await loadDeliveries(cold.repo, cold.index);
      assert.deepStrictEqual(refreshed, everything(cold.index, coldFlow.log), what);
    };

    await step('a new commit on main', () => r.commit('SHOP-3 more checkout', { author: 'Ana <ana@example.com>' }));
    await step('a new merge on main', () => {
      r.git('checkout', '-q', '-b', 'feat/more');
      r.commit('More search\n\nGoal: search');
      r.commit('Untagged on the branch', { author: 'Ana <ana@example.com>' });
      r.git('checkout', '-q', 'main');
      r.merge('feat/more');
    });
    await step('a note on a delivered commit', () => r.git('notes', '--ref=goals', 'add', '-f', '-m', 'Goal: checkout', r.git('rev-parse', 'HEAD^2')));
    // Taken back at once (the suites' clean-up, a user's undo): the same commit relinked twice in a row.
    await step('the note taken back', () => r.git('update-ref', '-d', 'refs/notes/goals'));
    await step('the note again', () => r.git('notes', '--ref=goals', 'add', '-f', '-m', 'Goal: checkout', r.git('rev-parse', 'HEAD^2')));
    await step('a title edit', () => r.write('goals.yaml', goals('Checkout, edited')));
    await step('a new parent', () => r.write('goals.yaml', goals('Checkout, edited', 'growth')));
    await step('an amend', () => r.git('commit', '-q', '--amend', '--allow-empty', '-m', 'Merge, amended\n\nGoal: checkout'));
    await step('a reset', () => r.git('reset', '-q', '--hard', 'HEAD~1'));
    await step('a commit on a side branch', () => {
      r.git('checkout', '-q', '-b', 'feat/side');
      r.commit('Side work\n\nGoal: growth');
      r.git('checkout', '-q', 'main');
    });
    effortTuning.wholeHistoryFrom = tuning;
  });
  }

  it("effort from the people's totals equals the day-by-day sum, for all history and with days left out", async () => {
    r.commit('Add goals', { files: { 'goals.yaml': goalsYaml({ id: 'checkout', title: 'Checkout' }, { id: 'search', title: 'Search' }) } });
    const people = ['Ana <ana@example.com>', 'Bo <bo@example.com>', 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>', 'Cy <cy@example.com>'];
    const subjects = ['Work\n\nGoal: checkout', 'Work\n\nGoal: search', 'Untagged work', 'Both\n\nGoal: checkout, search'];
    for (let i = 0; i < 60; i++) {
      const date = new Date(Date.parse('2026-10-01T09:00:00Z') + Math.floor(i / 3) * 86_400_000 + (i % 3) * 3_600_000).toISOString();
      r.commit(subjects[(i * 7) % 4], { author: people[(i * 5) % 4], date });
    }
    // Dated after "now": left out of all history up to today.
    r.commit('From the future\n\nGoal: search', { author: people[0], date: '2026-12-20T09:00:00Z' });
    r.commit('Ana under another name\n\nGoal: checkout', { author: 'Ana B. <ana@example.com>', date: '2026-10-30T09:00:00Z' });
    const { index } = await loadIndex(r.dir);
    const agg = dailyOf(index);
    const day = (iso: string): number => Date.parse(iso) / 86_400_000;
    const tuning = effortTuning.wholeHistoryFrom;
    try {
      for (const window of [{}, { from: day('2026-09-01') }, { from: day('2026-10-01') }, { person: 'ana@example.com' }, { people: { weights: { 'bo@*': 0.5 } } }]) {
        const run = (from: number): EffortFigures => {
          effortTuning.wholeHistoryFrom = from;
          return computeEffort(agg, index.goals, { now: NOW, ...window });
        };
        const slow = shapeOf(run(Infinity));
        const fast = shapeOf(run(0));
        assert.deepStrictEqual(fast, slow, JSON.stringify(window));
      }
    } finally {
      effortTuning.wholeHistoryFrom = tuning;
    }
  });
});

/** Effort figures with floats to 9 decimals (the two paths add the same shares in another order). */
function shapeOf(e: EffortFigures): unknown {
  const n = (x: number): string => x.toFixed(9);
  const cells = (m: ReadonlyMap<string, { personDays: number; fte: number; commits: number }>): unknown =>
    [...m].map(([k, c]) => [k, n(c.personDays), n(c.fte), c.commits, (c as { people?: number }).people ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return {
    from: e.from,
    to: e.to,
    workingDays: e.workingDays,
    goals: cells(e.goals),
    total: { ...e.total, personDays: n(e.total.personDays), fte: n(e.total.fte) },
    balance: Object.entries(e.balance).map(([k, c]) => [k, n(c.personDays), n(c.fte), c.commits]),
    persons: e.persons.map((p) => ({ person: p.person, name: p.name, weight: p.weight, personDays: n(p.personDays), fte: n(p.fte), commits: p.commits, goals: cells(p.goals) })),
  };
}
