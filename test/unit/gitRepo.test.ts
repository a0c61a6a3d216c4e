import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CommitRecord } from '../../src/core/types';
import { BareRepositoryError, GitMissingError, NotARepositoryError, UnknownCommitError } from '../../src/git/errors';
import { LogStreamParser, extractIssueKeys, logFormat } from '../../src/git/log';
import { appendGoalTrailer, noteHasGoal, removeGoalTrailer } from '../../src/git/notes';
import { pickDefaultBranch } from '../../src/git/refs';
import { GitRepo } from '../../src/git/repo';
import { existedAndRemoved, TempRepo } from '../helpers/tempRepo';

async function log(repo: GitRepo, revs: string[] = ['HEAD'], allRefs = false): Promise<CommitRecord[]> {
  const commits: CommitRecord[] = [];
  const n = await repo.streamLog({ revs, allRefs, trailerKey: 'Goal', onCommit: (c) => commits.push(c) });
  assert.strictEqual(n, commits.length);
  return commits;
}

describe('git: issue keys', () => {
  it('finds whole tokens only, deduped', () => {
    assert.deepStrictEqual(extractIssueKeys('Fix PAY-1203 and SHOP-7, again PAY-1203'), ['PAY-1203', 'SHOP-7']);
    assert.deepStrictEqual(extractIssueKeys('XPAY-12 PAY-123x pay_2-5 (ab-9)'), ['XPAY-12', 'pay_2-5', 'ab-9']);
    assert.ok(!extractIssueKeys('XPAY-12').includes('PAY-12'));
    assert.ok(!extractIssueKeys('PAY-123').includes('PAY-12'));
    assert.deepStrictEqual(extractIssueKeys('PAY-123'), ['PAY-123']);
    assert.deepStrictEqual(extractIssueKeys('no keys - here 12-3'), []);
  });
});

describe('git: log stream parser', () => {
  it('handles every chunk boundary, including inside multi-byte characters', () => {
    const sha = 'a'.repeat(40);
    const one = Buffer.from(`${sha}\0${'b'.repeat(40)} ${'c'.repeat(40)}\0Zoë\0z@example.com\x001700000000\x002023-11-14 23:13:20 +0100\0g1\x1fg2\0Sübject\n\nbody PAY-1\n\nGoal: g1\n\0`);
    const two = Buffer.concat([one, one]);
    for (let cut = 0; cut <= two.length; cut++) {
      const got: CommitRecord[] = [];
      const p = new LogStreamParser((c) => got.push(c));
      p.push(two.subarray(0, cut));
      p.push(two.subarray(cut));
      assert.ok(p.end());
      assert.strictEqual(got.length, 2, `cut ${cut}`);
      for (const c of got) {
        assert.deepStrictEqual(c, {
          sha, parents: ['b'.repeat(40), 'c'.repeat(40)], author: 'Zoë', email: 'z@example.com', time: 1700000000, tz: 60,
          subject: 'Sübject', trailers: ['g1', 'g2'], issueKeys: ['PAY-1'],
        });
      }
    }
  });

  it('finds issue keys wherever the body has a dash before a digit, and none in sign-offs or a trailing dash', () => {
    const keysOf = (body: string): string[] => {
      const got: CommitRecord[] = [];
      const p = new LogStreamParser((c) => got.push(c));
      p.push(Buffer.from(`${'a'.repeat(40)}\0\0Ann\0a@example.com\x001700000000\x002023-11-14 23:13:20 +0000\0\0${body}\0`));
      assert.ok(p.end());
      return got[0].issueKeys;
    };
    assert.deepStrictEqual(keysOf('Fix it\n\nSigned-off-by: Ann <a@example.com>\nAcked-by: Bo\n'), []);
    assert.deepStrictEqual(keysOf('Fix it -'), []);
    assert.deepStrictEqual(keysOf('Fix it\n\nSigned-off-by: Ann\nSee Café-9 and END-42'), ['END-42']);
    assert.deepStrictEqual(keysOf('PAY-7: Fix it'), ['PAY-7']);
  });

  it('with changed files: every chunk boundary, and a path named like a sha or a change line stays a path', () => {
    const sha = 'a'.repeat(40);
    const head = (s: string) => `${s}\0\0Ann\0a@example.com\x001700000000\x002023-11-14 23:13:20 +0000\0\0Subject\n\0`;
    const evil = 'b'.repeat(40); // a file named like the next commit's sha
    const one = Buffer.from(head(sha) + `\n:100644 100644 ${'1'.repeat(40)} ${'2'.repeat(40)} M\0src/ä.ts\0:000000 100644 ${'0'.repeat(40)} ${'3'.repeat(40)} A\0${evil}\0`);
    const merge = Buffer.from(head('c'.repeat(40)).replace('\0\0Ann', `\0${'d'.repeat(40)} ${'e'.repeat(40)}\0Ann`));
    const colon = Buffer.from(head('f'.repeat(40)) + `\n:100644 000000 ${'4'.repeat(40)} ${'0'.repeat(40)} D\0:100644 x\0`);
    const all = Buffer.concat([one, merge, colon]);
    for (let cut = 0; cut <= all.length; cut++) {
      const got: CommitRecord[] = [];
      const p = new LogStreamParser((c) => got.push(c), true);
      p.push(all.subarray(0, cut));
      p.push(all.subarray(cut));
      assert.ok(p.end(), `cut ${cut}`);
      assert.deepStrictEqual(got.map((c) => [c.sha[0], c.files]), [['a', ['src/ä.ts', evil]], ['c', []], ['f', [':100644 x']]], `cut ${cut}`);
    }
  });

  it("takes the subject from the message exactly as git's %s does", () => {
    const r = TempRepo.create();
    try {
      r.commit('Initial commit');
      const tree = r.git('rev-parse', 'HEAD^{tree}');
      const messages = [
        'Plain subject',
        'Subject\n\nBody',
        'First line\nsecond line of the same paragraph  \n\nBody',
        '\n\n   \nAfter blank lines\t \nand more\n',
        'Windows\r\nline ends\r\n\r\nbody\r\n',
        '  Leading spaces stay',
        'Ünïcödé ☃ subject\n\nGoal: x',
        '',
      ];
      const shas = messages.map((m) => r.gitWithEnv({ GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z' }, 'commit-tree', tree, '-m', m === '' ? ' ' : m).trim());
      // commit-tree -m stores the text as given (plus a final newline); read it back raw and by %s.
      const got: CommitRecord[] = [];
      const p = new LogStreamParser((c) => got.push(c));
      for (const sha of shas) {
        p.push(execFileSync('git', ['log', '-z', '--no-walk', logFormat('Goal'), sha], { cwd: r.dir }));
        const want = execFileSync('git', ['log', '--no-walk', '--format=%s', sha], { cwd: r.dir, encoding: 'utf8' }).replace(/\n$/, '');
        assert.strictEqual(got[got.length - 1].subject, want, JSON.stringify(r.git('cat-file', 'commit', sha)));
      }
      assert.ok(p.end());
    } finally {
      r.cleanup();
    }
  });

  it('format asks git to parse the trailer', () => {
    assert.ok(logFormat('Goal').includes('%(trailers:key=Goal,valueonly,unfold,separator=%x1f)'));
  });
});

describe('GitRepo', function () {
  this.timeout(60_000);
  const repos: TempRepo[] = [];
  const make = (opts?: { branch?: string; bare?: boolean }) => {
    const r = TempRepo.create(opts);
    repos.push(r);
    return r;
  };
  after(() => repos.forEach((r) => r.cleanup()));

  it('opens from a subfolder and finds the top level', async () => {
    const t = make();
    t.commit('one', { files: { 'a/b/c.txt': 'x\n' } });
    const repo = await GitRepo.open(path.join(t.dir, 'a', 'b'));
    assert.strictEqual(repo.root, t.dir);
  });

  it('throws NotARepositoryError and BareRepositoryError', async () => {
    const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-plain-')));
    try {
      await assert.rejects(GitRepo.open(plain), NotARepositoryError);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
    const inGitDir = make();
    await assert.rejects(GitRepo.open(path.join(inGitDir.dir, '.git')), NotARepositoryError);
    const bare = make({ bare: true });
    await assert.rejects(GitRepo.open(bare.dir), (e: Error) => e instanceof BareRepositoryError && /is a bare repository; Goal Lens needs a work tree/.test(e.message));
  });

  it('throws GitMissingError when git is not on PATH', async () => {
    const t = make();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-nopath-'));
    try {
      await assert.rejects(GitRepo.open(t.dir, { env: { PATH: empty } }), (e: Error) => {
        assert.ok(e instanceof GitMissingError, String(e));
        assert.strictEqual(e.message, 'git was not found on PATH; install git or set PATH');
        return true;
      });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('streams sha, parents, author, time, subject, trailers and issue keys', async () => {
    const t = make();
    const first = t.commit('first commit', { author: 'Ann Example <ann@example.com>', date: '2026-10-01T12:00:00Z' });
    const msg = [
      'Add retry PAY-1203',
      '',
      'Goal: not-a-trailer-here',
      'this paragraph is not a trailer block, so the line above is not a trailer. PAY-1203 SHOP-7x',
      '',
      'Goal: checkout',
      'Reviewed-by: Someone <s@example.com>',
      'Goal: growth, retention',
    ].join('\n');
    const second = t.commit(msg, { author: 'Bob <bob@example.com>', date: '2026-10-02T12:00:00Z' });
    const repo = await GitRepo.open(t.dir);
    const commits = await log(repo);
    assert.strictEqual(commits.length, 2);
    assert.deepStrictEqual(commits[0], {
      sha: second, parents: [first], author: 'Bob', email: 'bob@example.com', time: Date.parse('2026-10-02T12:00:00Z') / 1000, tz: 0,
      subject: 'Add retry PAY-1203', trailers: ['checkout', 'growth, retention'], issueKeys: ['PAY-1203'],
    });
    assert.deepStrictEqual(commits[1].parents, []);
    assert.deepStrictEqual(commits[1].trailers, []);
    assert.strictEqual(commits[1].author, 'Ann Example');
  });

  it('decodes non-UTF-8 messages (declared latin1, and undeclared raw bytes) without crashing', async () => {
    const t = make();
    t.commit('base');
    const file = path.join(t.dir, '..', `msg-${path.basename(t.dir)}`);
    fs.writeFileSync(file, Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x50, 0x41, 0x59, 0x2d, 0x31, 0x0a])); // "Café PAY-1" in latin1
    t.gitWithEnv({}, '-c', 'i18n.commitEncoding=latin1', 'commit', '-q', '--allow-empty', '-F', file);
    // git commit would convert invalid UTF-8; write the raw commit object ourselves (no encoding header)
    const tree = t.git('rev-parse', 'HEAD^{tree}');
    const parent = t.git('rev-parse', 'HEAD');
    const raw = Buffer.concat([
      Buffer.from(`tree ${tree}\nparent ${parent}\nauthor A <a@example.com> 1790000000 +0000\ncommitter A <a@example.com> 1790000000 +0000\n\n`),
      fs.readFileSync(file),
    ]);
    const rawSha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: t.dir, input: raw, encoding: 'utf8' }).trim();
    t.git('update-ref', 'HEAD', rawSha);
    fs.rmSync(file);
    // A user's own output encoding must not change what we read: git log is told to give UTF-8.
    t.git('config', 'i18n.logOutputEncoding', 'latin1');
    const repo = await GitRepo.open(t.dir);
    const commits = await log(repo);
    assert.strictEqual(commits[1].subject, 'Café PAY-1');
    assert.strictEqual(commits[0].subject, 'Caf\ufffd PAY-1');
    assert.deepStrictEqual(commits[0].issueKeys, ['PAY-1']);
  });

  it('handles a 1 MB message', async () => {
    const t = make();
    const file = path.join(t.dir, '..', `big-${path.basename(t.dir)}`);
    const body = ('lorem ipsum dolor sit amet '.repeat(40) + '\n').repeat(1000);
    fs.writeFileSync(file, `Big one\n\n${body}\nEND-42\n\nGoal: big\n`);
    t.gitWithEnv({}, 'commit', '-q', '--allow-empty', '-F', file);
    fs.rmSync(file);
    const repo = await GitRepo.open(t.dir);
    const commits = await log(repo);
    assert.strictEqual(commits.length, 1);
    assert.deepStrictEqual(commits[0].trailers, ['big']);
    assert.deepStrictEqual(commits[0].issueKeys, ['END-42']);
  });

  it('an empty repository yields 0 commits and a sane snapshot', async () => {
    const t = make();
    const repo = await GitRepo.open(t.dir);
    assert.strictEqual(await repo.streamLog({ revs: ['HEAD'], trailerKey: 'Goal', onCommit: () => assert.fail('no commits') }), 0);
    const snap = await repo.readSnapshot({ allRefs: true, trailerKey: 'Goal' });
    assert.strictEqual(snap.head, null);
    assert.strictEqual(snap.headRef, 'refs/heads/main');
    assert.strictEqual(snap.defaultBranch, null);
    assert.deepStrictEqual(snap.commits, []);
    assert.strictEqual(snap.notes.size, 0);
    assert.strictEqual(await repo.currentBranch(), 'main');
    assert.deepStrictEqual(await repo.commitsTouching('x'), []);
    assert.strictEqual(await repo.notesTip(), null);
    t.write('new.txt', 'x\n');
    assert.deepStrictEqual(await repo.blame('new.txt'), []);
    assert.deepStrictEqual(await repo.refs(), []);
  });

  it('detached HEAD: headRef null, commits from HEAD', async () => {
    const t = make();
    const a = t.commit('a');
    t.commit('b');
    t.git('checkout', '-q', '--detach', a);
    const repo = await GitRepo.open(t.dir);
    const snap = await repo.readSnapshot({ allRefs: false, trailerKey: 'Goal' });
    assert.strictEqual(snap.head, a);
    assert.strictEqual(snap.headRef, null);
    assert.strictEqual(await repo.currentBranch(), null);
    assert.deepStrictEqual(snap.commits.map((c) => c.sha), [a]);
    assert.strictEqual(snap.defaultBranch, 'refs/heads/main');
  });

  it('allRefs walks unmerged branches and tags but never refs/notes; refs are peeled and origin/HEAD skipped', async () => {
    const t = make();
    const base = t.commit('base');
    t.git('checkout', '-q', '-b', 'feat/x');
    const feat = t.commit('feature work');
    t.git('checkout', '-q', 'main');
    t.git('checkout', '-q', '--orphan', 'tagged-only');
    const tagged = t.commit('only reachable from a tag');
    t.git('tag', '-a', '-m', 'annotated', 'v1', tagged);
    t.git('checkout', '-q', 'main');
    t.git('branch', '-q', '-D', 'tagged-only');
    t.git('notes', '--ref=goals', 'add', '-m', 'Goal: checkout', base);
    const notesCommit = t.git('rev-parse', 'refs/notes/goals');
    t.git('update-ref', 'refs/remotes/origin/main', base);
    t.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    t.git('update-ref', 'refs/other/thing', notesCommit);

    const repo = await GitRepo.open(t.dir);
    const headOnly = await repo.readSnapshot({ allRefs: false, trailerKey: 'Goal' });
    assert.deepStrictEqual(headOnly.commits.map((c) => c.sha), [base]);
    const all = await repo.readSnapshot({ allRefs: true, trailerKey: 'Goal' });
    const shas = all.commits.map((c) => c.sha).sort();
    assert.deepStrictEqual(shas, [base, feat, tagged].sort());
    assert.ok(!shas.includes(notesCommit));
    const refs = Object.fromEntries(all.refs.map((r) => [r.name, r]));
    assert.deepStrictEqual(Object.keys(refs).sort(), ['refs/heads/feat/x', 'refs/heads/main', 'refs/remotes/origin/main', 'refs/tags/v1']);
    assert.deepStrictEqual(refs['refs/tags/v1'], { name: 'refs/tags/v1', short: 'v1', sha: tagged, kind: 'tag' });
    assert.deepStrictEqual(refs['refs/remotes/origin/main'], { name: 'refs/remotes/origin/main', short: 'origin/main', sha: base, kind: 'remote' });
    assert.strictEqual(all.defaultBranch, 'refs/remotes/origin/main');
    assert.strictEqual(all.notes.get(base), 'Goal: checkout\n');
    assert.strictEqual(all.shallow, false);
  });

  it('defaultBranch: setting, then origin/HEAD, then main, then master', async () => {
    const t = make({ branch: 'trunk' });
    const a = t.commit('a');
    const repo = await GitRepo.open(t.dir);
    assert.strictEqual(await repo.defaultBranch(), null);
    assert.strictEqual(await repo.defaultBranch('trunk'), 'refs/heads/trunk');
    t.git('branch', 'master');
    assert.strictEqual(await repo.defaultBranch(), 'refs/heads/master');
    assert.strictEqual(await repo.defaultBranch('nope'), 'refs/heads/master');
    t.git('branch', 'main');
    assert.strictEqual(await repo.defaultBranch(), 'refs/heads/main');
    t.git('update-ref', 'refs/remotes/origin/dev', a);
    t.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/dev');
    assert.strictEqual(await repo.defaultBranch(), 'refs/remotes/origin/dev');
    assert.strictEqual(await repo.defaultBranch('origin/dev'), 'refs/remotes/origin/dev');
    assert.strictEqual(await repo.defaultBranch('refs/heads/trunk'), 'refs/heads/trunk');
    assert.strictEqual(await repo.defaultBranch('trunk'), 'refs/heads/trunk');
    assert.strictEqual(pickDefaultBranch(undefined, new Set(['refs/remotes/origin/master']), null), 'refs/remotes/origin/master');
  });

  it('reads notes in bulk', async () => {
    const t = make();
    const shas = [t.commit('a'), t.commit('b'), t.commit('c')];
    t.git('notes', '--ref=goals', 'add', '-m', 'Goal: one', shas[0]);
    t.git('notes', '--ref=goals', 'add', '-m', 'Goal: twö\nGoal: three', shas[2]);
    t.git('notes', 'add', '-m', 'default notes ref, not ours', shas[1]);
    const repo = await GitRepo.open(t.dir);
    const notes = await repo.readNotes();
    assert.deepStrictEqual([...notes.entries()].sort(), [[shas[0], 'Goal: one\n'], [shas[2], 'Goal: twö\nGoal: three\n']].sort());
    assert.strictEqual(await repo.notesTip(), t.git('rev-parse', 'refs/notes/goals'));
  });

  it('addNoteGoal keeps the note, skips duplicates, never touches commits, and survives concurrent calls', async () => {
    const t = make();
    const a = t.commit('a');
    const b = t.commit('b');
    t.git('notes', '--ref=goals', 'add', '-m', 'Reviewed in the weekly sync.', a);
    const repo = await GitRepo.open(t.dir);
    assert.deepStrictEqual(await repo.addNoteGoal(a, 'checkout', 'Goal'), { sha: a, added: true });
    assert.deepStrictEqual(await repo.addNoteGoal(a.slice(0, 10), 'checkout', 'Goal'), { sha: a, added: false });
    await Promise.all([repo.addNoteGoal('HEAD', 'one', 'Goal'), repo.addNoteGoal(b, 'two', 'Goal'), repo.addNoteGoal('HEAD~1', 'three', 'Goal')]);
    const notes = await repo.readNotes();
    assert.strictEqual(notes.get(a), 'Reviewed in the weekly sync.\n\nGoal: checkout\nGoal: three\n');
    const nb = notes.get(b) ?? '';
    assert.ok(noteHasGoal(nb, 'Goal', 'one') && noteHasGoal(nb, 'goal', 'two'), nb);
    assert.strictEqual(t.git('rev-parse', 'HEAD'), b);
    assert.strictEqual(t.git('for-each-ref', 'refs/notes/goal-lens-tmp'), '');
    // separate instances (as two processes would be), all on one commit: every goal survives
    const others = await Promise.all([1, 2, 3].map(() => GitRepo.open(t.dir)));
    await Promise.all(['g1', 'g2', 'g3', 'g4'].map((g, i) => (others[i % 3] ?? repo).addNoteGoal(a, g, 'Goal')));
    const na = (await repo.readNotes()).get(a) ?? '';
    for (const g of ['checkout', 'three', 'g1', 'g2', 'g3', 'g4']) assert.ok(noteHasGoal(na, 'Goal', g), `${g} in ${na}`);
    assert.ok(na.startsWith('Reviewed in the weekly sync.\n\n'), na);
    await assert.rejects(repo.addNoteGoal('nope', 'x', 'Goal'), UnknownCommitError);
    await assert.rejects(repo.addNoteGoal(a, 'bad id!', 'Goal'));
  });

  it('note helpers', () => {
    assert.strictEqual(appendGoalTrailer('', 'Goal', 'x'), 'Goal: x\n');
    assert.strictEqual(appendGoalTrailer('Goal: a\n', 'Goal', 'x'), 'Goal: a\nGoal: x\n');
    assert.strictEqual(appendGoalTrailer('free text', 'Goal', 'x'), 'free text\n\nGoal: x\n');
    assert.ok(noteHasGoal('GOAL: a, b', 'Goal', 'b'));
    assert.ok(!noteHasGoal('Goal: ab', 'Goal', 'a'));
    // Undo removes the one line an accept appended, nothing else.
    assert.strictEqual(removeGoalTrailer('free text\n\nGoal: x\n', 'Goal', 'x'), 'free text\n');
    assert.strictEqual(removeGoalTrailer('Goal: a\nGoal: x\n', 'Goal', 'x'), 'Goal: a\n');
    assert.strictEqual(removeGoalTrailer('Goal: x\n', 'Goal', 'x'), '');
    assert.strictEqual(removeGoalTrailer('Goal: a, x\n', 'Goal', 'x'), 'Goal: a, x\n', 'a line naming several goals was not written by an accept');
  });

  it('removeNoteGoal takes out the goal it is asked for and removes a note left empty', async () => {
    const t = make();
    const a = t.commit('a');
    const repo = await GitRepo.open(t.dir);
    await repo.addNoteGoal(a, 'one', 'Goal');
    await repo.addNoteGoal(a, 'two', 'Goal');
    assert.deepStrictEqual(await repo.removeNoteGoal(a, 'two', 'Goal'), { sha: a, removed: true });
    assert.strictEqual((await repo.readNotes()).get(a)?.trim(), 'Goal: one');
    assert.deepStrictEqual(await repo.removeNoteGoal(a, 'two', 'Goal'), { sha: a, removed: false });
    await repo.removeNoteGoal(a, 'one', 'Goal');
    assert.ok(!(await repo.readNotes()).has(a), 'an empty note is removed');
  });

  it('refuses option-like revisions: --output=<file> is never written', async () => {
    const t = make();
    t.commit('a');
    const repo = await GitRepo.open(t.dir);
    const target = path.join(os.tmpdir(), `goal-lens-pwned-${process.pid}`);
    const evil = `--output=${target}`;
    try {
      await assert.rejects(repo.resolveCommit(evil), (e: Error) => e instanceof UnknownCommitError && e.message === `unknown commit '${evil}'`);
      await assert.rejects(repo.streamLog({ revs: [evil], trailerKey: 'Goal', onCommit: () => undefined }));
      await assert.rejects(repo.changedFiles(evil));
      await assert.rejects(repo.setBranchGoal(evil, 'x'));
      await assert.rejects(repo.streamLog({ revs: ['HEAD'], trailerKey: 'Goal,key=x)', onCommit: () => undefined }));
      // a path that looks like an option is still only a path
      assert.deepStrictEqual(await repo.commitsTouching(evil), []);
      await assert.rejects(repo.resolveCommit('does-not-exist'), UnknownCommitError);
    } finally {
      assert.ok(!existedAndRemoved(target), 'file must not be created');
    }
  });

  it('branch config with slashes, dots and unicode; setBranchGoal', async () => {
    const t = make();
    t.commit('a');
    const repo = await GitRepo.open(t.dir);
    for (const b of ['feat/check.out-retry', 'fix/ünïcode', 'v1.2.x']) {
      t.git('branch', b);
      await repo.setBranchGoal(b, 'checkout');
    }
    t.git('config', 'branch.main.goal', 'growth, retention');
    t.git('config', 'branch.main.merge', 'refs/heads/main');
    const cfg = await repo.branchConfig();
    assert.deepStrictEqual([...cfg.entries()].sort(), [
      ['feat/check.out-retry', 'checkout'], ['fix/ünïcode', 'checkout'], ['main', 'growth, retention'], ['v1.2.x', 'checkout'],
    ]);
    await assert.rejects(repo.setBranchGoal('bad..name', 'x'));
    await assert.rejects(repo.setBranchGoal('ok', '-x'));
  });

  it('blame marks uncommitted lines; unknown files give []', async () => {
    const t = make();
    const a = t.commit('a', { files: { 'f.txt': 'one\ntwo\n' } });
    const b = t.commit('b', { files: { 'f.txt': 'one\nTWO\nthree\n' } });
    t.write('f.txt', 'one\nTWO\nlocal edit\nthree\n');
    const repo = await GitRepo.open(t.dir);
    const lines = await repo.blame('f.txt');
    assert.deepStrictEqual(lines.map((l) => [l.line, l.uncommitted ? 'new' : l.sha]), [[1, a], [2, b], [3, 'new'], [4, b]]);
    const buffer = await repo.blame('f.txt', 'one\n');
    assert.deepStrictEqual(buffer.map((l) => l.sha), [a]);
    t.write('untracked.txt', 'x\n');
    assert.deepStrictEqual(await repo.blame('untracked.txt'), []);
  });

  it('commitsTouching, changedFiles, user identity', async () => {
    const t = make();
    const a = t.commit('a', { files: { 'lib/x.ts': '1', 'README': 'r' } });
    t.commit('b', { files: { 'other.txt': '1' } });
    const c = t.commit('c', { files: { 'lib/y.ts': '1' } });
    const repo = await GitRepo.open(t.dir);
    assert.deepStrictEqual(await repo.commitsTouching('lib'), [c, a]);
    assert.deepStrictEqual(await repo.commitsTouching('lib/x.ts'), [a]);
    assert.deepStrictEqual((await repo.changedFiles(a)).sort(), ['README', 'lib/x.ts']);
    assert.deepStrictEqual(await repo.changedFiles(c), ['lib/y.ts']);
    assert.strictEqual(await repo.userEmail(), 'test@example.com');
    assert.strictEqual(await repo.userName(), 'Test User');
  });

  it('state: HEAD, refs, origin/HEAD, notes tip and config in one read, whatever HEAD is', async () => {
    const t = make();
    const repo = await GitRepo.open(t.dir);
    // No commits yet: the branch is named, HEAD has no commit.
    const empty = await repo.state();
    assert.deepStrictEqual(empty, { head: null, headRef: 'refs/heads/main', shallow: false, refs: [], originHead: null, notesTip: null, branchConfig: new Map(), mailmapConfig: '' });
    const a = t.commit('a');
    const b = t.commit('b');
    t.write('HEAD', 'a file named HEAD must not be read as a path\n');
    t.git('tag', '-a', '-m', 'annotated', 'v1', a);
    t.git('update-ref', 'refs/remotes/origin/main', a);
    t.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    t.git('notes', '--ref=goals', 'add', '-m', 'Goal: x', a);
    t.git('config', 'branch.main.goal', 'search');
    t.git('config', 'mailmap.file', 'people.map');
    const s = await repo.state();
    assert.strictEqual(s.head, b);
    assert.strictEqual(s.headRef, 'refs/heads/main');
    assert.strictEqual(s.shallow, false);
    assert.deepStrictEqual(
      s.refs.map((r) => [r.name, r.sha, r.kind]),
      [['refs/heads/main', b, 'branch'], ['refs/remotes/origin/main', a, 'remote'], ['refs/tags/v1', a, 'tag']],
    );
    assert.strictEqual(s.originHead, 'refs/remotes/origin/main');
    assert.strictEqual(s.notesTip, t.git('rev-parse', 'refs/notes/goals'));
    assert.deepStrictEqual([...s.branchConfig], [['main', 'search']]);
    assert.strictEqual(s.mailmapConfig, 'mailmap.file=people.map');
    // Each answer is what the one-question methods give.
    assert.strictEqual(await repo.head(), s.head);
    assert.strictEqual(await repo.headRef(), s.headRef);
    assert.strictEqual(await repo.notesTip(), s.notesTip);
    assert.strictEqual(await repo.defaultBranch(), 'refs/remotes/origin/main');
    // Detached HEAD: a commit, no branch.
    t.git('checkout', '-q', '--detach', a);
    const detached = await repo.state();
    assert.deepStrictEqual([detached.head, detached.headRef], [a, null]);
    // An orphan branch: no commit yet, but a branch name; the other refs are still there.
    t.git('checkout', '-q', '--orphan', 'docs');
    const orphan = await repo.state();
    assert.deepStrictEqual([orphan.head, orphan.headRef, orphan.refs.length], [null, 'refs/heads/docs', 3]);
  });

  it('streamLog can be aborted', async () => {
    const t = make();
    t.commit('a');
    const repo = await GitRepo.open(t.dir);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(repo.streamLog({ revs: ['HEAD'], trailerKey: 'Goal', onCommit: () => undefined, signal: ac.signal }));
  });

  it('never uses a shell', () => {
    const src = path.join(__dirname, '..', '..', '..', 'src', 'git');
    for (const f of fs.readdirSync(src)) {
      assert.ok(!/shell\s*:\s*true/.test(fs.readFileSync(path.join(src, f), 'utf8')), f);
    }
    // the system git used here is real
    assert.strictEqual(spawnSync('git', ['--version']).status, 0);
    assert.ok(execFileSync('git', ['--version'], { encoding: 'utf8' }).startsWith('git version'));
  });
});
