// Which files each commit changed is read from git once for the editor: the Impact view and the suggestions share
// the one `git log --name-only` pass, whichever asks first, and both get the same answer as a read of their own.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitFilesCached, readCommitFiles } from '../../src/git/commitFiles';
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
