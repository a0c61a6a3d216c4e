// The extension reads repositories through the on-disk cache (loadIndexCached). Odd repository states must give
// the same index through it, cold and warm, as the command line's direct read.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReport } from '../../src/core/reports/report';
import { loadIndexCached } from '../../src/git/indexCache';
import { loadIndex } from '../../src/git/indexLoader';
import { TempRepo, TWO_GOALS } from '../helpers';

const NOW = new Date('2026-11-05T00:00:00Z');

async function sameThroughCache(dir: string, cacheDir: string, allRefs = false): Promise<{ commits: number; linked: number }> {
  const direct = buildReport((await loadIndex(dir, { allRefs })).index, { now: NOW, staleAfterDays: 30 });
  const froms: string[] = [];
  for (let i = 0; i < 2; i++) {
    const cached = await loadIndexCached(dir, { cacheDir, allRefs });
    await cached.saved;
    froms.push(cached.from);
    assert.deepStrictEqual(buildReport(cached.loaded.index, { now: NOW, staleAfterDays: 30 }), direct);
  }
  assert.strictEqual(froms[1], 'warm', `second read: ${froms.join(', ')}`);
  return { commits: direct.totals.commits, linked: direct.totals.linked };
}

describe('odd repositories through the extension’s cached read', function () {
  this.timeout(60000);
  const made: TempRepo[] = [];
  let cacheDir: string;
  const repo = (): TempRepo => {
    const r = TempRepo.create();
    made.push(r);
    return r;
  };
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cache-'));
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
  after(() => made.forEach((r) => r.cleanup()));

  it('no commits yet', async () => {
    const r = repo();
    r.write('goals.yaml', TWO_GOALS);
    const cached = await loadIndexCached(r.dir, { cacheDir });
    await cached.saved;
    assert.strictEqual(cached.loaded.index.commits.length, 0);
    assert.strictEqual(cached.loaded.index.head, null);
  });

  it('detached HEAD', async () => {
    const r = repo();
    const first = r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.commit('SHOP-1 one');
    r.git('checkout', '-q', '--detach', first);
    assert.deepStrictEqual(await sameThroughCache(r.dir, cacheDir), { commits: 1, linked: 0 });
  });

  it('shallow clone (never cached, always read)', async () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    for (let i = 0; i < 3; i++) r.commit(`SHOP-${i} work`);
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-shallow-'));
    spawnSync('git', ['clone', '-q', '--depth', '2', `file://${r.dir}`, clone]);
    try {
      const cached = await loadIndexCached(clone, { cacheDir });
      assert.strictEqual(cached.from, 'cold');
      assert.strictEqual(cached.loaded.index.commits.length, 2);
      assert.strictEqual(cached.loaded.index.shallow, true);
      // Deepening brings older commits that no tip moved for: a cache would keep showing 2.
      const deepen = spawnSync('git', ['fetch', '-q', '--deepen', '1'], { cwd: clone, encoding: 'utf8' });
      assert.strictEqual(deepen.status, 0, deepen.stderr);
      const deeper = await loadIndexCached(clone, { cacheDir });
      assert.strictEqual(deeper.from, 'cold');
      assert.strictEqual(deeper.loaded.index.commits.length, 3);
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it('orphan branch, with all refs', async () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.git('checkout', '-q', '--orphan', 'docs');
    r.commit('docs\n\nGoal: search', { files: { 'goals.yaml': TWO_GOALS } });
    assert.deepStrictEqual(await sameThroughCache(r.dir, cacheDir, true), { commits: 2, linked: 1 });
  });

  it('a merge in progress', async () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS, 'a.txt': 'base\n' } });
    r.git('checkout', '-q', '-b', 'feat/search-x');
    r.commit('theirs', { files: { 'a.txt': 'theirs\n' } });
    r.git('checkout', '-q', 'main');
    r.commit('ours SHOP-3', { files: { 'a.txt': 'ours\n' } });
    spawnSync('git', ['merge', 'feat/search-x'], { cwd: r.dir });
    assert.ok(fs.existsSync(path.join(r.dir, '.git', 'MERGE_HEAD')));
    assert.deepStrictEqual(await sameThroughCache(r.dir, cacheDir, true), { commits: 3, linked: 2 });
  });
});
