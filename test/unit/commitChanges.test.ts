// The editor's view of one commit, on real repositories: the files it changed (renames, deletions, a root
// commit) for VS Code's diff view, its summary, and refs that name nothing.
import * as assert from 'assert';
import { parseNameStatus } from '../../src/git/commitChanges';
import { UnknownCommitError } from '../../src/git/errors';
import { GitRepo } from '../../src/git/repo';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TempRepo } from '../helpers/tempRepo';

describe('commitChanges: one commit for the editor', () => {
  let repo: TempRepo;
  let git: GitRepo;
  let root: string;
  let second: string;

  before(async () => {
    repo = TempRepo.create();
    root = repo.commit('Start the shop', { files: { 'a.txt': 'alpha\n', 'old name.txt': 'one\ntwo\nthree\nfour\nfive\n', 'gone.txt': 'bye\n' } });
    repo.git('mv', 'old name.txt', 'new name.txt');
    fs.rmSync(path.join(repo.dir, 'gone.txt'));
    second = repo.commit('Rename, delete, add, change', { files: { 'a.txt': 'alpha 2\n', 'src/ünï.ts': 'x\n' }, author: 'Ana Lima <ana@example.com>' });
    repo.git('tag', 'v1', second);
    git = await GitRepo.open(repo.dir);
  });
  after(() => repo.cleanup());

  it('lists each changed file with how it changed, a rename with both paths, non-ASCII names unquoted', async () => {
    const changes = await git.commitChanges(second);
    assert.deepStrictEqual(
      [...changes].sort((a, b) => a.path.localeCompare(b.path)),
      [
        { status: 'modified', path: 'a.txt' },
        { status: 'deleted', path: 'gone.txt' },
        { status: 'renamed', path: 'new name.txt', oldPath: 'old name.txt' },
        { status: 'added', path: 'src/ünï.ts' },
      ],
    );
  });

  it('a root commit adds every file; its summary has no parent', async () => {
    assert.deepStrictEqual((await git.commitChanges(root)).map((c) => c.status), ['added', 'added', 'added']);
    const s = await git.commitSummary(root);
    assert.strictEqual(s.parent, null);
    assert.strictEqual(s.subject, 'Start the shop');
  });

  it('resolves a tag or a short hash to the commit, with author and first parent', async () => {
    const s = await git.commitSummary('v1');
    assert.deepStrictEqual([s.sha, s.parent, s.author, s.email, s.subject], [second, root, 'Ana Lima', 'ana@example.com', 'Rename, delete, add, change']);
    assert.strictEqual((await git.commitSummary(second.slice(0, 9))).sha, second);
  });

  it('an unknown ref, or one that looks like an option, is UnknownCommitError', async () => {
    for (const rev of ['no-such-ref', '--output=/tmp/x', 'deadbeefdeadbeef']) {
      await assert.rejects(git.commitSummary(rev), UnknownCommitError, rev);
      await assert.rejects(git.commitChanges(rev), UnknownCommitError, rev);
      await assert.rejects(git.showCommit(rev), UnknownCommitError, rev);
    }
  });

  it('asks git once per question, through the repository: a full sha is not resolved again', async () => {
    const trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-trace-')), 'trace.txt');
    const traced = await GitRepo.open(repo.dir, { env: { GIT_TRACE: trace } });
    const commands = async (ask: () => Promise<unknown>): Promise<string[]> => {
      fs.writeFileSync(trace, '');
      await ask();
      return fs.readFileSync(trace, 'utf8').split('\n').flatMap((l) => /trace: built-in: git (\S+)/.exec(l)?.[1] ?? []);
    };
    try {
      assert.deepStrictEqual(await commands(() => traced.commitSummary('v1')), ['show']);
      assert.deepStrictEqual(await commands(() => traced.commitChanges(second)), ['diff-tree']);
      assert.deepStrictEqual(await commands(() => traced.commitChanges('v1')), ['rev-parse', 'diff-tree'], 'a ref is resolved first');
      assert.deepStrictEqual(await commands(() => traced.showCommit(second)), ['show']);
      // A full sha git does not have is still "no such commit", not a git failure.
      await assert.rejects(traced.commitChanges('0'.repeat(40)), UnknownCommitError);
    } finally {
      fs.rmSync(path.dirname(trace), { recursive: true, force: true });
    }
  });

  it('git show text has the stat and the patch', async () => {
    const text = await git.showCommit(second);
    assert.match(text, /^commit [0-9a-f]{40}\nAuthor: {5}Ana Lima <ana@example.com>/);
    assert.match(text, /src\/ünï\.ts/);
    assert.match(text, /^-alpha$/m);
  });

  it('parseNameStatus reads git -z output', () => {
    assert.deepStrictEqual(parseNameStatus('M\0a b.txt\0R100\0x\0y\0A\0z\0'), [
      { status: 'modified', path: 'a b.txt' },
      { status: 'renamed', path: 'y', oldPath: 'x' },
      { status: 'added', path: 'z' },
    ]);
  });
});

describe('GitRepo.unsetBranchGoal', () => {
  it('removes the link from git config and says whether there was one', async () => {
    const repo = TempRepo.create();
    try {
      repo.commit('One');
      const git = await GitRepo.open(repo.dir);
      await git.setBranchGoal('main', 'growth');
      assert.strictEqual(await git.unsetBranchGoal('main'), true);
      assert.deepStrictEqual([...(await git.branchConfig())], []);
      assert.strictEqual(await git.unsetBranchGoal('main'), false);
      await assert.rejects(git.unsetBranchGoal('--global'), /not a valid name/);
    } finally {
      repo.cleanup();
    }
  });
});
