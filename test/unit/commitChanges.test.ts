// The editor's view of one commit, on real repositories: the files it changed (renames, deletions, a root
// commit) for VS Code's diff view, its summary, and refs that name nothing.
import * as assert from 'assert';
import { commitChanges, commitSummary, parseNameStatus, showCommit } from '../../src/git/commitChanges';
import { UnknownCommitError } from '../../src/git/errors';
import { GitRepo } from '../../src/git/repo';
import * as fs from 'fs';
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
    const changes = await commitChanges(git, second);
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
    assert.deepStrictEqual((await commitChanges(git, root)).map((c) => c.status), ['added', 'added', 'added']);
    const s = await commitSummary(git, root);
    assert.strictEqual(s.parent, null);
    assert.strictEqual(s.subject, 'Start the shop');
  });

  it('resolves a tag or a short hash to the commit, with author and first parent', async () => {
    const s = await commitSummary(git, 'v1');
    assert.deepStrictEqual([s.sha, s.parent, s.author, s.email, s.subject], [second, root, 'Ana Lima', 'ana@example.com', 'Rename, delete, add, change']);
    assert.strictEqual((await commitSummary(git, second.slice(0, 9))).sha, second);
  });

  it('an unknown ref, or one that looks like an option, is UnknownCommitError', async () => {
    for (const rev of ['no-such-ref', '--output=/tmp/x', 'deadbeefdeadbeef']) {
      await assert.rejects(commitSummary(git, rev), UnknownCommitError, rev);
      await assert.rejects(commitChanges(git, rev), UnknownCommitError, rev);
      await assert.rejects(showCommit(git, rev), UnknownCommitError, rev);
    }
  });

  it('git show text has the stat and the patch', async () => {
    const text = await showCommit(git, second);
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
