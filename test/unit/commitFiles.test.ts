// Which files each commit changed is read from git once for the editor: the Impact view and the suggestions share
// the one `git log --name-only` pass, whichever asks first, and both get the same answer as a read of their own.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitFilesCached, completeCommitFiles, readCommitFiles } from '../../src/git/commitFiles';
import { impactDataFor } from '../../src/git/impactData';
import { GitRepo } from '../../src/git/repo';
import { TempRepo } from '../helpers/tempRepo';

describe('changed files: one git read shared by impact and suggestions', function () {
  this.timeout(60000);
  let repo: TempRepo;
  let traceDir: string;
  before(() => {
    repo = TempRepo.create();
    repo.commit('Start', { files: { 'a.ts': 'a\n', 'b.ts': 'b\n' } });
    repo.commit('Change a', { files: { 'a.ts': 'a2\n' } });
    repo.git('checkout', '-q', '-b', 'side');
    repo.commit('Side work', { files: { 'c.ts': 'c\n' } });
    repo.git('checkout', '-q', 'main');
    repo.commit('Change b', { files: { 'b.ts': 'b2\n' } });
    traceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-trace-'));
  });
  after(() => {
    repo.cleanup();
    fs.rmSync(traceDir, { recursive: true, force: true });
  });

  /** A repository whose git processes are traced, and the number of `git log --name-only` passes it ran. */
  async function traced(name: string): Promise<{ git: GitRepo; reads: () => number }> {
    const trace = path.join(traceDir, name);
    const git = await GitRepo.open(repo.dir, { env: { GIT_TRACE: trace } });
    return { git, reads: () => (fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8').split('\n').filter((l) => /trace: built-in: git log .*--name-only/.test(l)).length : 0) };
  }

  it('suggestions first, then impact: one read, the same files', async () => {
    const { git, reads } = await traced('suggest-first');
    const forSuggestions = await commitFilesCached(git);
    const forImpact = await impactDataFor(git).commitFiles();
    assert.strictEqual(reads(), 1);
    assert.deepStrictEqual([...forImpact].sort(), [...forSuggestions].sort());
    assert.deepStrictEqual([...forImpact].sort(), [...(await readCommitFiles(git))].sort(), 'the answer of a read of its own');
  });

  it('impact first, then suggestions (with an asked commit outside HEAD): one history read, impact untouched', async () => {
    const { git, reads } = await traced('impact-first');
    const forImpact = await impactDataFor(git).commitFiles();
    const side = repo.git('rev-parse', 'side');
    const forSuggestions = await commitFilesCached(git, { include: [side] });
    assert.strictEqual(reads(), 2, 'the whole history once, and the asked commit by itself');
    assert.deepStrictEqual(forSuggestions.get(side), ['c.ts']);
    assert.ok(!forImpact.has(side), "impact's history stays HEAD's");
    assert.strictEqual(forImpact.size, 3);
  });
});

describe('changed files after HEAD moves: only the new commits are read', function () {
  this.timeout(60000);
  let repo: TempRepo;
  let trace: string;
  before(() => {
    repo = TempRepo.create();
    trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-trace-')), 'trace');
  });
  after(() => {
    repo.cleanup();
    fs.rmSync(path.dirname(trace), { recursive: true, force: true });
  });

  /** The `git log --name-only` passes traced so far. */
  const reads = (): string[] => (fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8').split('\n').filter((l) => /trace: built-in: git log .*--name-only/.test(l)) : []);
  const sorted = (m: Map<string, string[]>): [string, string[]][] => [...m].sort((a, b) => a[0].localeCompare(b[0]));
  /** Every commit's files from HEAD by a read of its own: what the whole-history read must equal. */
  const full = async (): Promise<[string, string[]][]> => sorted(await readCommitFiles(await GitRepo.open(repo.dir), { maxCommits: 1e9 }));

  it('a commit and a merge of older work read only what is new; a reset reads the whole history again', async () => {
    repo.commit('Start', { files: { 'a.ts': 'a\n', 'b.ts': 'b\n' } });
    repo.commit('Change a', { files: { 'a.ts': 'a2\n' } });
    const git = await GitRepo.open(repo.dir, { env: { GIT_TRACE: trace } });
    const first = repo.git('rev-parse', 'HEAD');
    assert.deepStrictEqual(sorted(await completeCommitFiles(git, first, false)), await full());
    assert.strictEqual(reads().length, 1);

    // Work dated before main's last commit, merged, then one more commit: a full read would interleave them.
    repo.git('checkout', '-q', '-b', 'side', 'HEAD~1');
    repo.commit('Side work', { files: { 'c.ts': 'c\n' }, date: '2020-01-01T00:00:00Z' });
    repo.git('checkout', '-q', 'main');
    repo.merge('side');
    const head = repo.commit('Change b', { files: { 'b.ts': 'b2\n' } });
    const moved = await completeCommitFiles(git, head, false);
    assert.deepStrictEqual(sorted(moved), await full());
    assert.strictEqual(moved.get(head)?.join(), 'b.ts');
    assert.strictEqual(reads().length, 2);
    assert.ok(reads()[1].includes(`^${first}`), `the second read excludes what the first had: ${reads()[1]}`);

    // Not on top of the last read: the dropped commit must not stay.
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const other = repo.commit('Change b differently', { files: { 'd.ts': 'd\n' } });
    const again = await completeCommitFiles(git, other, false);
    assert.deepStrictEqual(sorted(again), await full());
    assert.ok(!again.has(head), 'the commit reset away is gone');
    assert.ok(!reads()[2].includes('^'), `a whole read: ${reads()[2]}`);
  });
});
