import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { updateInfo, type GoalIndex } from '../../src/core/index/goalIndex';
import { deserializeLog, SerdeError, serializeLog } from '../../src/core/index/indexSerde';
import { buildReport } from '../../src/core/reports/report';
import type { CommitRecord } from '../../src/core/types';
import { cacheFile, loadIndexCached, type CacheSource } from '../../src/git/indexCache';
import { loadIndex } from '../../src/git/indexLoader';
import { fastImportHistory, goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Lift checkout conversion', keys: ['SHOP-*'], branches: ['feat/pay-*'] },
  { id: 'search', title: 'Better search' },
  { id: 'platform', title: 'Platform upkeep' },
);

const NOW = new Date('2026-12-01T00:00:00Z');

function report(index: GoalIndex): unknown {
  return buildReport(index, { now: NOW, staleAfterDays: 30 });
}

/** Everything a view could read from the index, in a comparable form. */
function shape(index: GoalIndex): unknown {
  return {
    commits: [...index.commits].map((c) => JSON.stringify(c)).sort(),
    links: [...index.links.entries()].map(([sha, l]) => `${sha} ${JSON.stringify(l)}`).sort(),
    untagged: index.untagged.map((c) => c.sha).sort(),
    branches: index.branches.map((b) => JSON.stringify(b)).sort(),
    problems: index.problems.map((p) => p.message).sort(),
  };
}

/** main: init - SHOP-1 - (merge of feat/pay-retry) ; feat/pay-retry merged ; topic/x unmerged. */
function buildRepo(): TempRepo {
  const r = TempRepo.create();
  r.commit('Initial commit', { files: { 'goals.yaml': GOALS } });
  r.commit('SHOP-1: cart totals');
  r.git('checkout', '-q', '-b', 'feat/pay-retry');
  r.commit('Retry failed cards');
  r.commit('Retry tests\n\nGoal: checkout');
  r.git('checkout', '-q', 'main');
  r.commit('Search box\n\nGoal: search');
  r.merge('feat/pay-retry', "Merge branch 'feat/pay-retry'");
  r.git('checkout', '-q', '-b', 'topic/x');
  r.commit('Experiment\n\nGoal: platform');
  r.commit('Experiment 2');
  r.git('checkout', '-q', 'main');
  r.commit('Typo\n\nGoal: nope');
  r.git('notes', '--ref=goals', 'add', '-m', 'Goal: platform', 'HEAD~1');
  return r;
}

describe('index cache (loadIndexCached)', function () {
  this.timeout(60000);
  let r: TempRepo;
  let cacheDir: string;

  beforeEach(() => {
    r = buildRepo();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cache-'));
  });
  afterEach(() => {
    r.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  /** Loads through the cache and cold, and checks that both give the same report and index. */
  async function expectSame(from: CacheSource, allRefs = true): Promise<{ commitsRead: number; index: GoalIndex }> {
    const cached = await loadIndexCached(r.dir, { allRefs, cacheDir });
    await cached.saved;
    const cold = await loadIndex(r.dir, { allRefs });
    assert.deepStrictEqual(report(cached.loaded.index), report(cold.index));
    assert.deepStrictEqual(shape(cached.loaded.index), shape(cold.index));
    assert.strictEqual(cached.from, from);
    return { commitsRead: cached.commitsRead, index: cached.loaded.index };
  }

  it('reads cold first, then warm without reading any commit', async () => {
    assert.strictEqual((await expectSame('cold')).commitsRead, 9);
    assert.ok(fs.existsSync(cacheFile(cacheDir, r.dir, true, 'Goal')));
    assert.strictEqual((await expectSame('warm')).commitsRead, 0);
    assert.deepStrictEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind');
  });

  it('reads only the new commit after a plain commit', async () => {
    await expectSame('cold');
    r.commit('PAY-9 SHOP-2: one more\n\nGoal: search');
    assert.strictEqual((await expectSame('incremental')).commitsRead, 1);
    assert.strictEqual((await expectSame('warm')).commitsRead, 0);
    r.git('checkout', '-q', 'topic/x');
    r.commit('Experiment 3');
    r.git('checkout', '-q', 'main');
    assert.strictEqual((await expectSame('incremental')).commitsRead, 1);
  });

  it('is incremental for a new merge and for a merged branch that was deleted', async () => {
    await expectSame('cold');
    r.merge('topic/x', "Merge branch 'topic/x'");
    assert.strictEqual((await expectSame('incremental')).commitsRead, 1);
    r.git('branch', '-q', '-d', 'feat/pay-retry');
    assert.strictEqual((await expectSame('incremental')).commitsRead, 0);
  });

  it('after an amend reads only the new commit and drops the old one (HEAD only and all refs)', async () => {
    await expectSame('cold', false);
    await expectSame('cold', true);
    const before = r.git('rev-parse', 'HEAD');
    r.git('commit', '-q', '--amend', '-m', 'Typo fixed\n\nGoal: checkout');
    const cached = await loadIndexCached(r.dir, { allRefs: false, cacheDir });
    await cached.saved;
    assert.deepStrictEqual([cached.from, cached.commitsRead, cached.commitsDropped], ['incremental', 1, 1]);
    assert.ok(!cached.loaded.index.bySha.has(before), 'the amended commit is gone');
    assert.strictEqual((await expectSame('warm', false)).commitsRead, 0);
    assert.strictEqual((await expectSame('incremental', true)).commitsRead, 1);
    await expectSame('warm', false);
  });

  it('a long-running caller passes its previous state back (no cache file is read) and may skip saving: the result is the same', async () => {
    const sameAsCold = async (cached: Awaited<ReturnType<typeof loadIndexCached>>, allRefs: boolean): Promise<void> => {
      const cold = await loadIndex(r.dir, { allRefs });
      assert.deepStrictEqual(report(cached.loaded.index), report(cold.index));
      assert.deepStrictEqual(shape(cached.loaded.index), shape(cold.index));
    };
    const first = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
    await first.saved;
    // The file goes away (or another process rewrites it): the state in memory is what the next load starts from.
    fs.rmSync(cacheDir, { recursive: true, force: true });
    r.commit('PAY-9 SHOP-2: one more\n\nGoal: search');
    const next = await loadIndexCached(r.dir, { allRefs: true, cacheDir, previous: first.state });
    assert.deepStrictEqual([next.from, next.commitsRead], ['incremental', 1]);
    await next.saved;
    await sameAsCold(next, true);
    r.git('commit', '-q', '--amend', '-m', 'One more, amended\n\nGoal: checkout');
    const amended = await loadIndexCached(r.dir, { allRefs: true, cacheDir, previous: next.state });
    assert.deepStrictEqual([amended.from, amended.commitsRead, amended.commitsDropped], ['incremental', 1, 1]);
    await amended.saved;
    await sameAsCold(amended, true);
    const same = await loadIndexCached(r.dir, { allRefs: true, cacheDir, previous: amended.state });
    assert.deepStrictEqual([same.from, same.commitsRead], ['warm', 0]);
    await same.saved;
    // save: false leaves the file as it was (the caller writes less often); the next start is incremental from it.
    const file = cacheFile(cacheDir, r.dir, true, 'Goal');
    const written = fs.readFileSync(file, 'utf8');
    r.commit('SHOP-3: not saved yet');
    const unsaved = await loadIndexCached(r.dir, { allRefs: true, cacheDir, previous: same.state, save: false });
    await unsaved.saved;
    assert.deepStrictEqual([unsaved.from, unsaved.commitsRead], ['incremental', 1]);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), written, 'save: false wrote the cache file');
    const restart = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
    assert.deepStrictEqual([restart.from, restart.commitsRead], ['incremental', 1]);
    await restart.saved;
    await sameAsCold(restart, true);
    // A state of another scope (all refs) is not used for HEAD only: that load reads as if it had none.
    const headOnly = await loadIndexCached(r.dir, { allRefs: false, cacheDir, previous: restart.state });
    assert.strictEqual(headOnly.from, 'cold');
    await headOnly.saved; // (written after the test's cleanup, it would leave the folder behind)
    await sameAsCold(headOnly, false);
  });

  it('after a rebase reads the rebased commits and drops the originals', async () => {
    await expectSame('cold');
    r.git('checkout', '-q', 'topic/x');
    r.gitWithEnv({ GIT_COMMITTER_DATE: '2026-11-01T00:00:00Z' }, 'rebase', '-q', 'main');
    r.git('checkout', '-q', 'main');
    const cached = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
    assert.deepStrictEqual([cached.from, cached.commitsRead, cached.commitsDropped], ['incremental', 2, 2]);
    await cached.saved;
    await expectSame('warm');
  });

  it('after an unmerged branch was deleted or a reset drops its commits without reading any', async () => {
    await expectSame('cold');
    r.git('branch', '-q', '-D', 'topic/x');
    const { index } = await expectSame('incremental');
    assert.ok(!index.commits.some((c) => c.subject === 'Experiment 2'));
    r.git('reset', '-q', '--hard', 'HEAD~1');
    const cached = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
    assert.deepStrictEqual([cached.from, cached.commitsRead, cached.commitsDropped], ['incremental', 0, 1]);
    assert.ok(!cached.loaded.index.commits.some((c) => c.subject.startsWith('Typo')));
    await cached.saved;
    await expectSame('warm');
  });

  it('reads cold when an old tip was garbage-collected', async () => {
    await expectSame('cold');
    r.commit('Doomed');
    await expectSame('incremental');
    r.git('reset', '-q', '--hard', 'HEAD~1');
    r.git('reflog', 'expire', '--expire=now', '--all');
    r.git('gc', '-q', '--prune=now');
    await expectSame('cold');
    await expectSame('warm');
  });

  it('re-reads only the notes after a note changed (warm)', async () => {
    await expectSame('cold');
    r.git('notes', '--ref=goals', 'add', '-f', '-m', 'Goal: search', 'HEAD~1');
    r.git('notes', '--ref=goals', 'add', '-m', 'Goal: checkout', 'HEAD');
    const { index, commitsRead } = await expectSame('warm');
    assert.strictEqual(commitsRead, 0);
    const head = r.git('rev-parse', 'HEAD');
    assert.ok(index.links.get(head)?.some((l) => l.goalId === 'checkout' && l.source === 'note'));
    r.git('update-ref', '-d', 'refs/notes/goals');
    await expectSame('warm');
  });

  it('rebuilds without git log after goals.yaml was edited; a new trailer key reads cold', async () => {
    await expectSame('cold');
    r.write('goals.yaml', GOALS.replace('title: Better search', 'title: Better search\n    keys: [PAY-*]\n    branches: [topic/*]'));
    const { index } = await expectSame('warm');
    assert.ok(index.branches.some((b) => b.branch === 'topic/x' && b.goalId === 'search'));
    r.write('goals.yaml', 'version: 1\ntrailer: Serves\n' + GOALS.slice('version: 1\n'.length));
    await expectSame('cold');
  });

  it('treats a damaged cache file as a cold start', async () => {
    await expectSame('cold');
    const file = cacheFile(cacheDir, r.dir, true, 'Goal');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 400));
    await expectSame('cold');
    fs.writeFileSync(file, 'garbage');
    await expectSame('cold');
    await expectSame('warm');
  });
});

describe('index cache: the derived index on disk', function () {
  this.timeout(60000);
  let r: TempRepo;
  let cacheDir: string;
  beforeEach(() => {
    r = buildRepo();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cache-'));
  });
  afterEach(() => {
    r.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  async function load(): Promise<{ index: GoalIndex; info: ReturnType<typeof updateInfo> }> {
    const cached = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
    await cached.saved;
    const cold = await loadIndex(r.dir, { allRefs: true });
    assert.deepStrictEqual(shape(cached.loaded.index), shape(cold.index));
    assert.deepStrictEqual(report(cached.loaded.index), report(cold.index));
    return { index: cached.loaded.index, info: updateInfo(cached.loaded.index) };
  }

  it('a warm start restores the links without deriving any, and a new commit recomposes only itself', async () => {
    assert.strictEqual((await load()).info?.kind, 'cold');
    assert.deepStrictEqual((await load()).info, { kind: 'incremental', recomposed: 0 });
    r.commit('SHOP-5: one more');
    assert.deepStrictEqual((await load()).info, { kind: 'incremental', recomposed: 1 });
    assert.deepStrictEqual((await load()).info, { kind: 'incremental', recomposed: 0 });
  });

  it('a goals.yaml title edit re-links nothing; a new key re-links from the cache without git log', async () => {
    await load();
    r.write('goals.yaml', GOALS.replace('title: Better search', 'title: Much better search'));
    const titled = await load();
    assert.deepStrictEqual(titled.info, { kind: 'incremental', recomposed: 0 });
    assert.strictEqual(titled.index.goals.get('search')?.title, 'Much better search');
    r.write('goals.yaml', GOALS.replace('title: Better search', 'title: Better search\n    keys: [PAY-*]'));
    assert.strictEqual((await load()).info?.kind, 'incremental');
  });

  it('a damaged, foreign or old-format derived part is a cold build, never a wrong answer', async () => {
    await load();
    const file = cacheFile(cacheDir, r.dir, true, 'Goal');
    const good = fs.readFileSync(file, 'utf8');
    // A header line, then a line per column: ["log" | "derived", name, value].
    const lines = good.split('\n');
    const log = lines.filter((l) => l.startsWith('["log",'));
    const derived = Object.fromEntries(lines.filter((l) => l.startsWith('["derived",')).map((l) => (JSON.parse(l) as [string, string, unknown]).slice(1))) as { links: number[] };
    assert.ok(derived.links.length > 0 && log.length > 0, 'the file has its columns');
    const asLines = (d: object): string => Object.entries(d).map(([k, v]) => JSON.stringify(['derived', k, v])).join('\n');
    const damaged = [
      asLines(derived).slice(0, asLines(derived).length / 2), // cut short
      asLines({ ...derived, links: [99999, ...derived.links.slice(1)] }), // a position outside the history
      asLines({ ...derived, v: 2 }), // an older format
      asLines({ ...derived, defaultTips: ['f'.repeat(40)] }), // of another repository
      asLines({ ...derived, brought: [] }), // merges without what they brought in
    ];
    for (const bad of damaged) {
      fs.writeFileSync(file, [lines[0], ...log, bad].join('\n'));
      const { info } = await load();
      assert.strictEqual(info?.kind, 'cold', bad.slice(0, 80));
    }
    // A file of another repository (copied over) is never read as this one's.
    const other = buildRepo();
    try {
      fs.writeFileSync(cacheFile(cacheDir, other.dir, true, 'Goal'), good);
      const cached = await loadIndexCached(other.dir, { allRefs: true, cacheDir });
      await cached.saved;
      assert.strictEqual(cached.from, 'cold');
    } finally {
      other.cleanup();
    }
  });

  it('a change under 1% of the history leaves the file as it is; the next start reads it again, correctly', async () => {
    for (let i = 0; i < 110; i++) r.gitWithEnv({ GIT_AUTHOR_DATE: `2026-10-01T00:${String(i % 60).padStart(2, '0')}:00Z` }, 'commit', '-q', '--allow-empty', '-m', `Filler ${i}`);
    await load();
    const file = cacheFile(cacheDir, r.dir, true, 'Goal');
    const written = fs.readFileSync(file, 'utf8');
    r.commit('SHOP-6: small change');
    assert.deepStrictEqual((await load()).info, { kind: 'incremental', recomposed: 1 });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), written, 'one commit in 120: not rewritten');
    const again = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
    await again.saved;
    assert.deepStrictEqual([again.from, again.commitsRead], ['incremental', 1], 'read again from git');
    r.git('branch', '-q', '-D', 'topic/x'); // 2 commits dropped, and the 1 read since the file: over 1% of 121
    await load();
    assert.notStrictEqual(fs.readFileSync(file, 'utf8'), written, 'a bigger change is written');
  });

  it('follows notes, branch config and branch moves from the disk cache, as a cold build would', async () => {
    await load();
    r.git('notes', '--ref=goals', 'add', '-f', '-m', 'Goal: search', 'HEAD~2');
    await load();
    r.git('config', 'branch.topic/x.goal', 'checkout');
    await load();
    r.git('checkout', '-q', 'topic/x');
    r.commit('Experiment 3');
    await load();
    r.git('checkout', '-q', 'main');
    r.merge('topic/x');
    await load();
    r.git('branch', '-q', '-D', 'topic/x');
    r.git('reset', '-q', '--hard', 'HEAD~1');
    await load();
  });
});

describe('index cache: a long history', function () {
  this.timeout(120000);
  let dir: string;
  let cacheDir: string;
  before(() => {
    // 12,000 commits with long subjects and a goal every third one.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-long-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cache-'));
    fastImportHistory(dir, GOALS, 12000, (i) => ({
      message: `SHOP-${i}: ${'a long subject about the cart totals '.repeat(3)}${i}${i % 3 ? '' : '\n\nGoal: search'}\n`,
      author: `Dev ${i % 7} <dev${i % 7}@example.com>`,
      time: 1700000000 + i * 600,
    }));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('starts warm from a file of short lines with the same figures as a cold read', async () => {
    const first = await loadIndexCached(dir, { allRefs: true, cacheDir });
    await first.saved;
    const lines = fs.readFileSync(cacheFile(cacheDir, dir, true, 'Goal'), 'utf8').split('\n');
    // Each line is parsed in a piece of its own on the editor's thread: none may hold a whole column.
    const longest = Math.max(...lines.map((l) => l.length));
    assert.ok(longest < 600_000, `the longest line has ${longest} characters`);
    assert.ok(lines.filter((l) => l.startsWith('["log","subject",')).length > 1, 'the subjects span several lines');
    const warm = await loadIndexCached(dir, { allRefs: true, cacheDir });
    assert.strictEqual(warm.from, 'warm');
    const cold = await loadIndex(dir, { allRefs: true });
    assert.strictEqual(warm.loaded.index.commits.length, 12000);
    assert.deepStrictEqual(shape(warm.loaded.index), shape(cold.index));
    assert.deepStrictEqual(report(warm.loaded.index), report(cold.index));
  });
});

describe('indexSerde', () => {
  const commits: CommitRecord[] = [
    { sha: 'c'.repeat(40), parents: ['b'.repeat(40), 'f'.repeat(40)], author: 'Zoë Ünïcode', email: 'z@example.com', time: 1700000100, tz: 330, subject: 'Merge branch \'x\' \u2603', trailers: [], issueKeys: [] },
    { sha: 'b'.repeat(40), parents: ['a'.repeat(40)], author: 'Ann', email: 'ann@example.com', time: 1700000050, tz: -480, subject: 'SHOP-1: b', trailers: ['checkout', 'search, platform'], issueKeys: ['SHOP-1'] },
    { sha: 'a'.repeat(40), parents: ['0'.repeat(40)], author: 'Ann', email: 'ann@example.com', time: 1600000000, tz: 0, subject: '', trailers: [], issueKeys: ['PAY-2', 'X-1'] },
  ];
  it('round-trips commits (parents outside the set too) and notes', () => {
    const notes = new Map([['a'.repeat(40), 'Goal: x\n\nfree text "quoted"\n']]);
    const back = deserializeLog(serializeLog(commits, notes));
    assert.deepStrictEqual(back.commits, commits);
    assert.deepStrictEqual([...back.notes], [...notes]);
    assert.deepStrictEqual(deserializeLog(serializeLog([], new Map())), { commits: [], notes: new Map() });
  });
  it('rejects malformed input with SerdeError', () => {
    assert.throws(() => deserializeLog('{'), SerdeError);
    assert.throws(() => deserializeLog('{"v":99}'), SerdeError);
    const text = serializeLog(commits, new Map());
    assert.throws(() => deserializeLog(text.replace('"n":3', '"n":2')), SerdeError);
  });
  it('rejects well-formed JSON of the wrong shape with SerdeError, never a TypeError or a wrong commit', () => {
    const good = JSON.parse(serializeLog(commits, new Map([['a'.repeat(40), 'Goal: x']]))) as Record<string, unknown>;
    const damaged: unknown[] = [
      { ...good, people: 'Ann' },
      { ...good, person: [0, 0] },
      { ...good, person: [0, 0, 7] },
      { ...good, time: [1, 2, 'x'] },
      { ...good, parents: [2, 1, -99, 1, 2, 1, -2] },
      { ...good, parents: [2, 1] },
      { ...good, trailers: [[1, 7]] },
      { ...good, issueKeys: [['x', 'SHOP-1']] },
      { ...good, notes: null },
      { ...good, n: -1 },
      [],
    ];
    for (const bad of damaged) assert.throws(() => deserializeLog(JSON.stringify(bad)), SerdeError, JSON.stringify(bad).slice(0, 80));
  });
});
