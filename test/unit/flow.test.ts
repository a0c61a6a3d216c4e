import * as assert from 'assert';
import { computeFlow, distribution, formatDuration } from '../../src/core/figures/flow';
import { DeliveryLog, prNumber } from '../../src/core/figures/deliveries';
import { buildDashboardData } from '../../src/core/reports/dashboardData';
import { loadIndex } from '../../src/git/indexLoader';
import { defaultTipOf, loadDeliveries, readMainlineFacts } from '../../src/git/mainline';
import type { GoalFlowReport } from '../../src/core/reports/flowReport';
import { cli, goalsYaml, TempRepo } from '../helpers';

const HOUR = 3600;
const DAY = 86_400;
const NOW = new Date('2026-11-02T00:00:00Z');
const t = (iso: string): number => Date.parse(`2026-10-${iso}Z`) / 1000;

/** A commit with its own author and commit times (October 2026, UTC), one new file, the trailer Goal: ship. */
function commitAt(r: TempRepo, subject: string, file: string, authored: string, committed = authored, goal = 'ship'): string {
  r.write(file, `${subject}\n`);
  r.git('add', '-A');
  r.gitWithEnv({ GIT_AUTHOR_DATE: `2026-10-${authored}Z`, GIT_COMMITTER_DATE: `2026-10-${committed}Z` }, 'commit', '-q', '-m', `${subject}\n\nGoal: ${goal}`);
  return r.git('rev-parse', 'HEAD');
}

function mergeAt(r: TempRepo, when: string, ...branches: string[]): string {
  r.gitWithEnv({ GIT_AUTHOR_DATE: `2026-10-${when}Z`, GIT_COMMITTER_DATE: `2026-10-${when}Z` }, 'merge', '-q', '--no-ff', '--no-edit', '--', ...branches);
  return r.git('rev-parse', 'HEAD');
}

/**
 * main: Add goals (01) - M1 merges feat/a (a1 02T10, a2 03T10; merged 04T10) - d1 direct (authored 05T09,
 * committed 05T12) - squash of feat/s as "Add search box (#42)" (authored 07T08, committed 07T14) - octopus of o1
 * (08T09) and o2 (08T11) at 09T09 - feat/t merged twice (t1 10T00 -> 11T00; t2 12T00 -> 14T00) - feat/skew whose
 * merge (19T00) is dated before its commit (20T00). feat/gone (15T00) deleted unmerged; feat/slow (goal slow) open,
 * commits 16T00 and 17T00.
 */
function flowRepo(): { r: TempRepo; sha: Record<string, string> } {
  const r = TempRepo.create();
  const sha: Record<string, string> = {};
  r.write('goals.yaml', goalsYaml({ id: 'ship', title: 'Ship often' }, { id: 'slow', title: 'Slow work' }, { id: 'idle', title: 'Nothing yet' }));
  r.git('add', '-A');
  r.gitWithEnv({ GIT_AUTHOR_DATE: '2026-10-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-10-01T00:00:00Z' }, 'commit', '-q', '-m', 'Add goals');
  r.git('checkout', '-q', '-b', 'feat/a');
  sha.a1 = commitAt(r, 'a1', 'a1.txt', '02T10:00:00');
  sha.a2 = commitAt(r, 'a2', 'a2.txt', '03T10:00:00');
  r.git('checkout', '-q', 'main');
  sha.m1 = mergeAt(r, '04T10:00:00', 'feat/a');
  sha.d1 = commitAt(r, 'd1 straight on main', 'd1.txt', '05T09:00:00', '05T12:00:00');
  r.git('checkout', '-q', '-b', 'feat/s');
  commitAt(r, 's1', 's1.txt', '06T08:00:00');
  commitAt(r, 's2', 's2.txt', '06T09:00:00');
  r.git('checkout', '-q', 'main');
  r.git('merge', '-q', '--squash', 'feat/s');
  r.gitWithEnv({ GIT_AUTHOR_DATE: '2026-10-07T08:00:00Z', GIT_COMMITTER_DATE: '2026-10-07T14:00:00Z' }, 'commit', '-q', '-m', 'Add search box (#42)\n\nGoal: ship');
  sha.squash = r.git('rev-parse', 'HEAD');
  r.git('branch', '-q', '-D', 'feat/s');
  r.git('checkout', '-q', '-b', 'o1');
  sha.o1 = commitAt(r, 'o1', 'o1.txt', '08T09:00:00');
  r.git('checkout', '-q', 'main');
  r.git('checkout', '-q', '-b', 'o2');
  sha.o2 = commitAt(r, 'o2', 'o2.txt', '08T11:00:00');
  r.git('checkout', '-q', 'main');
  sha.octopus = mergeAt(r, '09T09:00:00', 'o1', 'o2');
  r.git('checkout', '-q', '-b', 'feat/t');
  sha.t1 = commitAt(r, 't1', 't1.txt', '10T00:00:00');
  r.git('checkout', '-q', 'main');
  sha.m3 = mergeAt(r, '11T00:00:00', 'feat/t');
  r.git('checkout', '-q', 'feat/t');
  sha.t2 = commitAt(r, 't2', 't2.txt', '12T00:00:00');
  r.git('checkout', '-q', 'main');
  sha.m4 = mergeAt(r, '14T00:00:00', 'feat/t');
  r.git('checkout', '-q', '-b', 'feat/gone');
  commitAt(r, 'g1', 'g1.txt', '15T00:00:00');
  r.git('checkout', '-q', 'main');
  r.git('branch', '-q', '-D', 'feat/gone');
  r.git('checkout', '-q', '-b', 'feat/slow');
  sha.w1 = commitAt(r, 'w1', 'w1.txt', '16T00:00:00', '16T00:00:00', 'slow');
  sha.w2 = commitAt(r, 'w2', 'w2.txt', '17T00:00:00', '17T00:00:00', 'slow');
  r.git('checkout', '-q', 'main');
  r.git('checkout', '-q', '-b', 'feat/skew');
  sha.k1 = commitAt(r, 'k1', 'k1.txt', '20T00:00:00');
  r.git('checkout', '-q', 'main');
  sha.skew = mergeAt(r, '19T00:00:00', 'feat/skew');
  return { r, sha };
}

describe('flow per goal, from git alone', function () {
  this.timeout(60_000);
  let repo: { r: TempRepo; sha: Record<string, string> };
  before(() => (repo = flowRepo()));
  after(() => repo.r.cleanup());

  async function flowOf(options: { since?: number; until?: number; agingAfterDays?: number } = {}) {
    const loaded = await loadIndex(repo.r.dir);
    const state = await loadDeliveries(loaded.repo, loaded.index);
    return { flow: computeFlow(loaded.index, state.log, { now: NOW, agingAfterDays: 14, ...options }), state, loaded };
  }

  it('finds each delivery on the default branch with its commits, lead time, files and how it was measured', async () => {
    const { flow } = await flowOf();
    const { sha } = repo;
    const got = flow.byGoal.get('ship')?.deliveries.map((d) => ({ sha: d.sha, kind: d.kind, pr: d.pr, basis: d.basis, lead: d.leadTime, commits: d.commits.map((c) => c.sha).sort(), files: d.files }));
    assert.deepStrictEqual(got, [
      { sha: sha.skew, kind: 'merge', pr: null, basis: 'first-commit-to-merge', lead: null, commits: [sha.k1], files: 1 },
      { sha: sha.m4, kind: 'merge', pr: null, basis: 'first-commit-to-merge', lead: 2 * DAY, commits: [sha.t2], files: 1 },
      { sha: sha.m3, kind: 'merge', pr: null, basis: 'first-commit-to-merge', lead: DAY, commits: [sha.t1], files: 1 },
      { sha: sha.octopus, kind: 'merge', pr: null, basis: 'first-commit-to-merge', lead: DAY, commits: [sha.o1, sha.o2].sort(), files: 2 },
      { sha: sha.squash, kind: 'squash', pr: 42, basis: 'author-to-commit', lead: 6 * HOUR, commits: [sha.squash], files: 2 },
      { sha: sha.d1, kind: 'direct', pr: null, basis: 'author-to-commit', lead: 3 * HOUR, commits: [sha.d1], files: 1 },
      { sha: sha.m1, kind: 'merge', pr: null, basis: 'first-commit-to-merge', lead: 2 * DAY, commits: [sha.a1, sha.a2].sort(), files: 2 },
    ]);
    // The first commit delivers goals.yaml, which serves no goal; the deleted branch delivers nothing.
    assert.strictEqual(flow.deliveries.length, 8);
    assert.deepStrictEqual(flow.deliveries[7].goals, []);
  });

  it('gives the median and 85th percentile of lead time and batch size, and deliveries per week', async () => {
    const { flow } = await flowOf();
    const f = flow.byGoal.get('ship');
    assert.ok(f);
    // Lead times 3h, 6h, 1d, 1d, 2d, 2d (the skewed merge cannot be measured).
    assert.deepStrictEqual(f.leadTime, { count: 6, median: DAY, p85: 2 * DAY, unmeasured: 1 });
    assert.deepStrictEqual(f.batchCommits, { count: 7, median: 1, p85: 2 });
    assert.deepStrictEqual(f.batchFiles, { count: 7, median: 1, p85: 2 });
    assert.deepStrictEqual(f.byKind, { merge: 5, squash: 1, direct: 1 });
    assert.deepStrictEqual(f.byBasis, { 'first-commit-to-merge': 5, 'author-to-commit': 2 });
    assert.strictEqual(f.lastDeliveryAt, t('19T00:00:00'));
    // All history: whole days from the day of the goal's first delivery (M1, October 4) to today (November 2) included.
    assert.strictEqual(f.perWeek, 7 / (30 / 7));
    assert.strictEqual(flow.byGoal.get('idle')?.deliveries.length, 0);
    assert.strictEqual(flow.byGoal.get('idle')?.leadTime.median, null);
  });

  it('counts only the deliveries that landed in the window', async () => {
    const { flow } = await flowOf({ since: t('10T00:00:00'), until: t('15T00:00:00') });
    const f = flow.byGoal.get('ship');
    assert.deepStrictEqual(f?.deliveries.map((d) => d.sha), [repo.sha.m4, repo.sha.m3]);
    assert.strictEqual(f?.perWeek, 2 / (5 / 7));
    assert.deepStrictEqual(f?.leadTime, { count: 2, median: 1.5 * DAY, p85: 2 * DAY, unmeasured: 0 });
  });

  it('shows an open goal branch as work in progress with its age, and as aging after N days without a commit', async () => {
    const { flow } = await flowOf();
    assert.deepStrictEqual(flow.byGoal.get('slow')?.wip, [
      { branch: 'feat/slow', commits: 2, firstCommitAt: t('16T00:00:00'), lastCommitAt: t('17T00:00:00'), lastCommitSha: repo.sha.w2, ageDays: 17, idleDays: 16, aging: true },
    ]);
    assert.strictEqual(flow.byGoal.get('slow')?.deliveries.length, 0);
    const patient = await flowOf({ agingAfterDays: 17 });
    assert.strictEqual(patient.flow.byGoal.get('slow')?.wip[0].aging, false);
    // Merged branches (feat/a, feat/t, o1, o2) are not in progress, and the deleted one is nowhere.
    assert.deepStrictEqual(flow.byGoal.get('ship')?.wip, []);
  });

  it('on a branch that forked before the default branch moved on, gives the deliveries up to the fork', async () => {
    repo.r.git('checkout', '-q', 'feat/slow');
    try {
      const { flow } = await flowOf();
      const ship = flow.byGoal.get('ship');
      // feat/slow forked after M4: the skewed merge came later, outside what HEAD reaches.
      assert.strictEqual(ship?.deliveries[0].sha, repo.sha.m4);
      assert.strictEqual(ship.deliveries.length, 6);
      assert.deepStrictEqual(flow.byGoal.get('slow')?.wip.map((w) => [w.branch, w.commits]), [['feat/slow', 2]]);
    } finally {
      repo.r.git('checkout', '-q', 'main');
    }
  });

  it("flags an aging goal branch in what's not working, naming it", async () => {
    const loaded = await loadIndex(repo.r.dir);
    const deliveries = (await loadDeliveries(loaded.repo, loaded.index)).log;
    const data = buildDashboardData(loaded.index, { now: NOW, staleAfterDays: 30, untaggedThreshold: 1, deliveries, agingAfterDays: 14 });
    const flow = data.flags.filter((f) => ['no-delivery', 'aging-branch', 'lead-time-rising'].includes(f.kind));
    assert.deepStrictEqual(flow, [
      { kind: 'aging-branch', goalId: 'slow', title: 'Slow work', reason: 'branch feat/slow: no commit for 16 days (started 17 days ago, 2 commits not on the default branch)' },
    ]);
  });

  it('the digest says how often a goal was delivered that week, and which branch is aging', () => {
    const run = cli(repo.r.dir, ['digest', '--week', '2026-W42']);
    assert.strictEqual(run.code, 0, run.stderr);
    // Week 42 (October 12-18): M4 (lead time 2 days) landed; feat/slow (last commit October 17) is not aging yet.
    assert.match(run.stdout, /Delivered once this week, median lead time 2 days\./);
    const later = cli(repo.r.dir, ['digest', '--week', '2026-W44']);
    // Week 44 ends November 2: feat/slow has had no commit for 16 days.
    assert.match(later.stdout, /1 branch aging for 16 days \(feat\/slow\)\./);
  });

  it('agrees with git log --merges --first-parent', async () => {
    const { flow } = await flowOf();
    const merges = repo.r.git('log', '--merges', '--first-parent', '--format=%H').split('\n');
    assert.deepStrictEqual(flow.deliveries.filter((d) => d.delivery.kind === 'merge').map((d) => d.delivery.sha), merges);
    const chain = repo.r.git('log', '--first-parent', '--format=%H').split('\n');
    assert.deepStrictEqual(flow.deliveries.map((d) => d.delivery.sha), chain);
  });

  it('works out only the new chain commits after a merge, and equals a fresh start', async () => {
    const r = flowRepo();
    try {
      const first = await loadIndex(r.r.dir);
      const before = await loadDeliveries(first.repo, first.index);
      r.r.git('checkout', '-q', '-b', 'feat/late');
      const late = commitAt(r.r, 'late', 'late.txt', '25T00:00:00');
      r.r.git('checkout', '-q', 'main');
      const merge = mergeAt(r.r, '26T12:00:00', 'feat/late');
      const second = await loadIndex(r.r.dir);
      const after = await loadDeliveries(second.repo, second.index, before);
      assert.strictEqual(after.facts.read, 1);
      assert.strictEqual(after.log.workedOut, 1);
      assert.deepStrictEqual(after.log.deliveries[0].commits.map((c) => c.sha), [late]);
      assert.strictEqual(after.log.deliveries[0].sha, merge);
      assert.strictEqual(after.log.deliveries[0].leadTime, 1.5 * DAY);
      const fresh = await loadDeliveries(second.repo, second.index);
      const shape = (s: typeof fresh) => s.log.deliveries.map((d) => [d.sha, d.leadTime, d.files, d.commits.length]);
      assert.deepStrictEqual(shape(after), shape(fresh));
      // A reset of main reads the chain again rather than trust a tip it no longer has.
      r.r.git('reset', '-q', '--hard', 'HEAD~2');
      const third = await loadIndex(r.r.dir);
      const reset = await readMainlineFacts(third.repo, third.index.refs.find((x) => x.name === 'refs/heads/main')?.sha ?? null, after.facts);
      assert.strictEqual(reset.read, r.r.git('log', '--first-parent', '--format=%H').split('\n').length);
    } finally {
      r.r.cleanup();
    }
  });

  it('report --format json gives each goal its flow, with every delivery and how it was measured', () => {
    const run = cli(repo.r.dir, ['report', '--format', 'json', '--since', '2026-10-10', '--until', '2026-10-15']);
    assert.strictEqual(run.code, 0, run.stderr);
    const goals = (JSON.parse(run.stdout) as { goals: { id: string; commits: number; flow: GoalFlowReport }[] }).goals;
    const ship = goals.find((g) => g.id === 'ship');
    assert.ok(ship);
    assert.strictEqual(ship.flow.deliveries, 2);
    assert.deepStrictEqual(ship.flow.leadTimeSeconds, { count: 2, median: 1.5 * DAY, p85: 2 * DAY, unmeasured: 0 });
    assert.deepStrictEqual(
      ship.flow.list.map((d) => [d.sha, d.kind, d.basis, d.leadTimeSeconds, d.landedAt]),
      [
        [repo.sha.m4, 'merge', 'first-commit-to-merge', 2 * DAY, '2026-10-14T00:00:00.000Z'],
        [repo.sha.m3, 'merge', 'first-commit-to-merge', DAY, '2026-10-11T00:00:00.000Z'],
      ],
    );
    // The documented fields are still there.
    assert.strictEqual(typeof ship.commits, 'number');
    const slow = goals.find((g) => g.id === 'slow');
    assert.deepStrictEqual(slow?.flow.wip.map((w) => [w.branch, w.commits, w.lastCommit]), [['feat/slow', 2, repo.sha.w2]]);
    const md = cli(repo.r.dir, ['report', '--aging-after', '3']);
    assert.match(md.stdout, /## Flow/);
    assert.match(md.stdout, /feat\/slow \(20 d, aging: no commit for 19 d\)/);
  });

  it('reads pull-request numbers only where hosts write them', () => {
    assert.strictEqual(prNumber('Merge pull request #12 from org/feat/x'), 12);
    assert.strictEqual(prNumber('Add search box (#42)'), 42);
    assert.strictEqual(prNumber('Merged PR 7: fix'), 7);
    assert.strictEqual(prNumber('Fix #42 in the middle'), null);
    assert.strictEqual(prNumber('(#42) at the start'), null);
  });

  it('takes the nearest-rank 85th percentile and the middle of an even count', () => {
    assert.deepStrictEqual(distribution([5, 1, 3, 2]), { count: 4, median: 2.5, p85: 5 });
    assert.deepStrictEqual(distribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { count: 10, median: 5.5, p85: 9 });
    assert.deepStrictEqual(distribution([]), { count: 0, median: null, p85: null });
    assert.strictEqual(formatDuration(1.5 * DAY), '1.5 days');
    assert.strictEqual(formatDuration(3 * HOUR), '3 hours');
    assert.strictEqual(formatDuration(DAY), '1 day');
  });
});

describe('flow: a first read of many merges', function () {
  this.timeout(60_000);

  it('finds what each merge brought in one pass, the same as a walk per merge, back-merges and octopus included', async () => {
    const r = TempRepo.create();
    try {
      r.write('goals.yaml', goalsYaml({ id: 'ship', title: 'Ship often' }));
      r.git('add', '-A');
      r.gitWithEnv({ GIT_AUTHOR_DATE: '2026-10-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-10-01T00:00:00Z' }, 'commit', '-q', '-m', 'Add goals');
      // Twelve topics, merged one after another; every third merges main in first (a back-merge); topic 5 is merged
      // twice; topics 10 and 11 land in one octopus; some topics fork from an older main.
      for (let k = 0; k < 12; k++) {
        const day = String(2 + k).padStart(2, '0');
        r.git('checkout', '-q', '-b', `t${k}`, k % 4 === 3 ? 'main~2' : 'main');
        commitAt(r, `t${k} one`, `t${k}a.txt`, `${day}T01:00:00`);
        if (k % 3 === 2) mergeAt(r, `${day}T02:00:00`, 'main');
        commitAt(r, `t${k} two`, `t${k}b.txt`, `${day}T03:00:00`);
        r.git('checkout', '-q', 'main');
        if (k === 10) continue;
        if (k === 11) mergeAt(r, `${day}T05:00:00`, 't10', 't11');
        else mergeAt(r, `${day}T04:00:00`, `t${k}`);
        if (k === 5) {
          r.git('checkout', '-q', 't5');
          commitAt(r, 't5 again', 't5c.txt', `${day}T06:00:00`);
          r.git('checkout', '-q', 'main');
          mergeAt(r, `${day}T07:00:00`, 't5');
        }
        commitAt(r, `d${k} direct`, `d${k}.txt`, `${day}T08:00:00`);
      }
      const loaded = await loadIndex(r.dir);
      const facts = await readMainlineFacts(loaded.repo, defaultTipOf(loaded.index));
      const tip = facts.tip as string;
      const cold = DeliveryLog.empty().update(loaded.index.commits, tip, facts.facts);
      assert.ok(cold.deliveries.filter((d) => d.kind === 'merge').length >= 12, 'enough merges for the one pass');
      // The same chain read one commit at a time: each step works out one merge alone (a walk per merge).
      const chain = r.git('rev-list', '--first-parent', '--reverse', tip).split('\n');
      let step = DeliveryLog.empty();
      for (const sha of chain) step = step.update(loaded.index.commits, sha, facts.facts);
      const shape = (log: DeliveryLog) => log.deliveries.map((d) => [d.sha, d.kind, d.leadTime, d.commits.map((c) => c.sha)]);
      assert.deepStrictEqual(shape(cold), shape(step));
      // And git agrees on each merge: its commits are git's `M^1..M` less the merges.
      for (const d of cold.deliveries.filter((x) => x.kind === 'merge')) {
        const git = r.git('rev-list', '--no-merges', `${d.sha}^1..${d.sha}`).split('\n').filter(Boolean).sort();
        assert.deepStrictEqual([...d.commits.map((c) => c.sha)].sort(), git, d.sha);
      }
    } finally {
      r.cleanup();
    }
  });
});
