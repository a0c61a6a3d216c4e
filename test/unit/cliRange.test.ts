// `--range A..B`, read once for `check` and `suggest`: the same commits for both, merges left out, and the
// same one-line usage error for anything that is not A..B.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitsInRange, parseRange } from '../../src/cli/range';
import { loadIndex } from '../../src/git/indexLoader';
import { assertOneLineError, cli, goalsYaml, TempRepo } from '../helpers';

describe('--range A..B (check and suggest)', function () {
  this.timeout(60000);
  let repo: TempRepo;
  let base: string;
  let side: string;
  let tip: string;
  before(() => {
    repo = TempRepo.create();
    base = repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'checkout', title: 'Lift checkout conversion' }) } });
    repo.git('checkout', '-q', '-b', 'feature');
    side = repo.commit('Side work');
    repo.git('checkout', '-q', 'main');
    repo.commit('Main work');
    repo.merge('feature', 'Merge feature');
    tip = repo.commit('After the merge');
  });
  after(() => repo.cleanup());

  it('lists the non-merge commits B reaches and A does not, newest first', async () => {
    const loaded = await loadIndex(repo.dir, { allRefs: true });
    const shas = await commitsInRange(loaded, parseRange(`${base}..`));
    assert.strictEqual(shas.length, 3, 'side, main work and the commit after the merge; not the merge');
    assert.strictEqual(shas[0], tip);
    assert.ok(shas.includes(side));
    assert.ok(!shas.includes(base));
    assert.strictEqual((await commitsInRange(loaded, parseRange('..HEAD'))).length, 4, 'an empty A: every commit HEAD reaches');
  });

  it('check and suggest count the same commits in a range', () => {
    const check = cli(repo.dir, ['check', '--range', `${base}..HEAD`]);
    assert.match(check.stdout, /3 commits checked/);
    const suggest = cli(repo.dir, ['suggest', '--range', `${base}..HEAD`, '--json']);
    assert.strictEqual(suggest.code, 0, suggest.stderr);
    assert.strictEqual((JSON.parse(suggest.stdout) as { untagged: number }).untagged, 3);
  });

  it('takes the range from the index it already read: git log runs once, for the index, and the answer is git\'s', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-trace-'));
    try {
      const trace = path.join(dir, 'trace.txt');
      const check = cli(repo.dir, ['check', '--range', `${base}..HEAD`], { GIT_TRACE: trace });
      assert.match(check.stdout, /3 commits checked/);
      const logs = fs.readFileSync(trace, 'utf8').split('\n').filter((l) => /trace: built-in: git log /.test(l));
      assert.strictEqual(logs.length, 1, logs.join('\n'));
      // The same commits, in the same order, as git lists them (merges left out).
      const loaded = await loadIndex(repo.dir, { allRefs: true });
      const fromGit = repo.git('rev-list', '--no-merges', `${base}..HEAD`).split('\n').filter(Boolean);
      assert.deepStrictEqual(await commitsInRange(loaded, parseRange(`${base}..HEAD`)), fromGit);
      assert.deepStrictEqual(await commitsInRange(loaded, parseRange(`${side}..main`)), repo.git('rev-list', '--no-merges', `${side}..main`).split('\n').filter(Boolean));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('A...B and a lone revision are usage errors in both commands, and an option never becomes one', () => {
    for (const command of ['check', 'suggest']) {
      assertOneLineError(cli(repo.dir, [command, '--range', 'main...feature']), /--range 'main\.\.\.feature' must look like A\.\.B/, 2);
      assertOneLineError(cli(repo.dir, [command, '--range', 'HEAD']), /--range 'HEAD' must look like A\.\.B/, 2);
      const option = cli(repo.dir, [command, '--range', '--output=x..HEAD']);
      assert.notStrictEqual(option.code, 0, `${command}: ${option.stdout}`);
      assert.match(option.stderr, /--output=x/);
    }
  });
});
