import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReport } from '../../src/core/reports/report';
import { loadIndexCached, type CachedLoad } from '../../src/git/indexCache';
import { loadIndex } from '../../src/git/indexLoader';
import { readNewCommits } from '../../src/git/newCommits';
import { GitRepo } from '../../src/git/repo';
import { goalsYaml, TempRepo } from '../helpers';

const NOW = new Date('2026-12-01T00:00:00Z');

/** Every tip a load with all refs walks: HEAD, branches, remote branches and tags (peeled). */
function tips(r: TempRepo): string[] {
  const refs = r.git('for-each-ref', '--format=%(objectname) %(*objectname)', 'refs/heads', 'refs/remotes', 'refs/tags');
  const out = new Set([r.git('rev-parse', 'HEAD')]);
  for (const line of refs.split('\n').filter(Boolean)) out.add(line.split(' ').filter(Boolean).at(-1)!);
  return [...out].sort();
}

/** `n` commits on top of `parent` without touching the work tree (commit-tree): returns the last one. */
function chain(r: TempRepo, parent: string, n: number, subject: string): string {
  const tree = r.git('rev-parse', `${parent}^{tree}`);
  let at = parent;
  for (let i = 0; i < n; i++) at = r.git('commit-tree', tree, '-p', at, '-m', `${subject} ${i}`);
  return at;
}

describe('new commits read by their shas (readNewCommits)', function () {
  this.timeout(60000);
  let r: TempRepo;
  beforeEach(() => {
    r = TempRepo.create();
    r.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'checkout', title: 'Checkout', keys: ['SHOP-*'] }) } });
    r.commit('SHOP-1: cart');
    r.git('checkout', '-q', '-b', 'topic');
    r.commit('Topic work');
    r.git('checkout', '-q', 'main');
    r.commit('Main work');
  });
  afterEach(() => r.cleanup());

  /** What the last load had, a change, then: readNewCommits gives exactly `git rev-list <new tips> --not <old tips>`. */
  async function expectRead(change: () => void): Promise<number> {
    const oldTips = tips(r);
    const known = new Set(r.git('rev-list', ...oldTips).split('\n'));
    change();
    const now = tips(r);
    const old = new Set(oldTips);
    const added = now.filter((t) => !old.has(t));
    const want = added.length ? r.git('rev-list', ...added, '--not', ...oldTips).split('\n').filter(Boolean).sort() : [];
    const got = await readNewCommits(await GitRepo.open(r.dir), { added, oldTips, known: (s) => known.has(s), trailerKey: 'Goal', files: false });
    assert.deepStrictEqual(got.map((c) => c.sha).sort(), want);
    assert.strictEqual(new Set(got.map((c) => c.sha)).size, got.length, 'each commit once');
    return got.length;
  }

  it('a commit, a merge of a branch, a new branch at a known commit, a fast-forward', async () => {
    assert.strictEqual(await expectRead(() => r.commit('SHOP-2: more')), 1);
    assert.strictEqual(await expectRead(() => r.merge('topic')), 1);
    assert.strictEqual(await expectRead(() => r.git('branch', 'at-known', 'HEAD~1')), 0);
    assert.strictEqual(await expectRead(() => r.git('update-ref', 'refs/heads/topic', chain(r, r.git('rev-parse', 'topic'), 5, 'Topic more'))), 5);
  });

  it('a merge of a branch the last load never saw, and two new branches sharing new commits', async () => {
    const base = r.git('rev-parse', 'main');
    assert.strictEqual(
      await expectRead(() => {
        const side = chain(r, base, 3, 'Side');
        r.git('update-ref', 'refs/heads/main', r.git('commit-tree', r.git('rev-parse', 'main^{tree}'), '-p', base, '-p', side, '-m', 'Merge side'));
      }),
      4,
    );
    assert.strictEqual(
      await expectRead(() => {
        const shared = chain(r, base, 2, 'Shared');
        r.git('branch', 'one', chain(r, shared, 1, 'One'));
        r.git('branch', 'two', chain(r, shared, 40, 'Two'));
      }),
      43,
    );
  });

  it('a pull longer than the short reads (the walk that excludes the old tips finishes it)', async () => {
    assert.strictEqual(await expectRead(() => r.git('update-ref', 'refs/heads/main', chain(r, r.git('rev-parse', 'main'), 130, 'Pulled'))), 130);
  });

  it('a commit the last load had dropped, back again', async () => {
    const dropped = r.git('rev-parse', 'main');
    r.git('reset', '-q', '--hard', 'HEAD~1');
    assert.strictEqual(await expectRead(() => r.git('reset', '-q', '--hard', dropped)), 1);
  });
});

describe('a long-running refresh after a merge, a pull and a reset equals a cold load', function () {
  this.timeout(60000);
  it('each load from the last one in memory', async () => {
    const r = TempRepo.create();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cache-'));
    try {
      r.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'checkout', title: 'Checkout', keys: ['SHOP-*'], branches: ['feat/*'] }) } });
      r.commit('SHOP-1: cart');
      r.git('checkout', '-q', '-b', 'feat/pay');
      r.commit('Pay retry');
      r.commit('Pay tests');
      r.git('checkout', '-q', 'main');
      let last: CachedLoad = await loadIndexCached(r.dir, { allRefs: true, cacheDir });
      await last.saved;
      const step = async (change: () => void, read: number, dropped: number): Promise<void> => {
        change();
        const next = await loadIndexCached(r.dir, { allRefs: true, cacheDir, previous: last.state, save: false });
        const cold = await loadIndex(r.dir, { allRefs: true });
        assert.deepStrictEqual([next.from, next.commitsRead, next.commitsDropped], ['incremental', read, dropped]);
        assert.deepStrictEqual(buildReport(next.loaded.index, { now: NOW, staleAfterDays: 30 }), buildReport(cold.index, { now: NOW, staleAfterDays: 30 }));
        last = next;
      };
      await step(() => r.merge('feat/pay'), 1, 0);
      await step(() => r.git('update-ref', 'refs/heads/main', chain(r, r.git('rev-parse', 'main'), 120, 'SHOP-2 pulled')), 120, 0);
      await step(() => r.git('reset', '-q', '--hard', 'HEAD~3'), 0, 3);
      await step(() => r.git('reset', '-q', '--hard', 'HEAD@{1}'), 3, 0);
      await step(() => r.git('commit', '-q', '--amend', '--allow-empty', '-m', 'SHOP-3: amended'), 1, 1);
    } finally {
      r.cleanup();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
