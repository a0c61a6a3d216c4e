import * as assert from 'assert';
import { CommitGraph } from '../../src/core/index/graph';
import type { CommitRecord } from '../../src/core/types';

function c(sha: string, parents: string[], time: number): CommitRecord {
  return { sha, parents, author: 'a', email: 'a@x', time, subject: sha, trailers: [], issueKeys: [] };
}

describe('commit graph', () => {
  // main: a - b ----- m - d
  //            \     /
  // feat:       f1-f2
  const commits = [c('d', ['m'], 60), c('m', ['b', 'f2'], 50), c('f2', ['f1'], 40), c('f1', ['b'], 30), c('b', ['a'], 20), c('a', [], 10)];
  const g = new CommitGraph(commits);
  const names = (idx: number[]): string[] => idx.map((i) => commits[i].sha).sort();

  it('finds the commits a merge brought in (second parent, not first)', () => {
    assert.deepStrictEqual(names(g.exclusive(['f2'], ['b'])), ['f1', 'f2']);
  });

  it('gives nothing when the excluded side contains everything', () => {
    assert.deepStrictEqual(names(g.exclusive(['f1'], ['d'])), []);
  });

  it('is exact even when commit times are out of order (rebased work)', () => {
    // f1 and f2 carry times older than the merge base, as after a rebase that kept author dates.
    const skewed = [c('d', ['m'], 60), c('m', ['b', 'f2'], 50), c('f2', ['f1'], 2), c('f1', ['b'], 1), c('b', ['a'], 20), c('a', [], 10)];
    const sg = new CommitGraph(skewed);
    assert.deepStrictEqual(sg.exclusive(['f2'], ['b']).map((i) => skewed[i].sha).sort(), ['f1', 'f2']);
  });

  it('ignores tips it does not know and walks everything when nothing is excluded', () => {
    assert.deepStrictEqual(names(g.exclusive(['zzz', 'b'], [])), ['a', 'b']);
  });

  it('can be walked many times (flags are reset between walks)', () => {
    for (let i = 0; i < 3; i++) assert.deepStrictEqual(names(g.exclusive(['d'], ['f2'])), ['d', 'm']);
  });

  it('the one-pass mainline agrees with a walk per merge, on random histories', () => {
    let seed = 11;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 40; round++) {
      // Build oldest first, then reverse into git log order (newest first).
      const built: CommitRecord[] = [];
      const n = 30 + Math.floor(rand() * 60);
      for (let i = 0; i < n; i++) {
        const parents: string[] = [];
        if (i > 0) parents.push(`c${i - 1 - Math.floor(rand() * Math.min(i, 3))}`);
        if (i > 2 && rand() < 0.3) parents.push(`c${Math.floor(rand() * (i - 1))}`);
        built.push(c(`c${i}`, [...new Set(parents)], i));
      }
      const commits = built.reverse();
      const graph = new CommitGraph(commits);
      const tip = commits[0].sha;
      const main = graph.mainline(tip);
      assert.ok(main);
      for (const [m, got] of main.brought) {
        const expected = graph.exclusive(commits[m].parents.slice(1), [commits[m].parents[0]]).sort((a, b) => a - b);
        assert.deepStrictEqual([...got].sort((a, b) => a - b), expected, `round ${round}, merge ${commits[m].sha}`);
      }
      const side = commits[Math.floor(rand() * n)].sha;
      assert.deepStrictEqual(graph.outside(side, main.reach).sort((a, b) => a - b), graph.exclusive([side], [tip]).sort((a, b) => a - b));
    }
  });

  it('finds what a branch has that the mainline has not', () => {
    const main = g.mainline('d');
    assert.ok(main);
    assert.deepStrictEqual(names(main.brought.get(g.index('m') as number) ?? []), ['f1', 'f2']);
    const withSide = [c('s2', ['s1'], 80), c('s1', ['f1'], 70), ...commits];
    const g2 = new CommitGraph(withSide);
    const m2 = g2.mainline('d');
    assert.ok(m2);
    assert.deepStrictEqual(g2.outside('s2', m2.reach).map((i) => withSide[i].sha).sort(), ['s1', 's2']);
  });
});
