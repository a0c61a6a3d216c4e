import * as assert from 'assert';
import { CommitGraph } from '../../src/core/graph';
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
});
