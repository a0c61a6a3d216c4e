// Data safety and security (issue 8), for what the other suites do not already prove:
// - every CLI command leaves branches, tags, HEAD and the remote alone; only `tag` moves refs/notes/goals;
// - refs and paths that look like options (`--output=...`, `-c core.pager=...`, `--exec=...`) never become
//   options, for every GitRepo method that takes a ref or a path, and through the CLI;
// - no shell anywhere in src;
// - the untrusted-workspace contract in package.json matches the commands that write.
// (Concurrent `tag` calls: gitRepo.test.ts. Existing hook kept and restored byte-for-byte: gitHook.test.ts.)
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitRepo } from '../../src/git/repo';
import { cli, CLI, existedAndRemoved, ROOT, TempRepo, TWO_GOALS } from '../helpers';

/** Every ref except refs/notes/goals, HEAD (symbolic and resolved), and every commit reachable from a branch, tag or remote. */
function state(t: TempRepo): { refs: string; head: string; headRef: string; commits: string } {
  return {
    refs: t.git('for-each-ref', '--format=%(objectname) %(refname)').split('\n').filter((l) => !l.endsWith(' refs/notes/goals')).join('\n'),
    head: t.git('rev-parse', 'HEAD'),
    headRef: t.git('symbolic-ref', '-q', 'HEAD'),
    commits: t.git('rev-list', '--branches', '--tags', '--remotes', 'HEAD'),
  };
}

describe('data safety: nothing ever commits, rewrites or pushes', function () {
  this.timeout(60_000);
  let t: TempRepo;
  let remote: TempRepo;
  let gone: string;
  after(() => {
    t?.cleanup();
    remote?.cleanup();
  });

  it('every CLI command leaves branches, tags, HEAD, the index, the work tree and the remotes unchanged; only tag moves refs/notes/goals', () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    remote = TempRepo.create({ bare: true });
    t = TempRepo.create();
    t.commit('Initial commit', { files: { 'goals.yaml': TWO_GOALS, 'src/pay.ts': 'export {}\n' } });
    const second = t.commit('Checkout button SHOP-4', { files: { 'src/pay.ts': 'export const a = 1;\n' } });
    t.git('tag', '-a', '-m', 'release', 'v1');
    t.git('branch', 'feat/search');
    t.git('remote', 'add', 'origin', remote.dir);
    t.git('push', '-q', 'origin', 'HEAD:refs/heads/main', 'v1');
    gone = path.join(os.tmpdir(), `goal-lens-no-such-remote-${process.pid}`);
    t.git('remote', 'add', 'nowhere', gone);
    t.git('config', 'remote.pushDefault', 'origin');
    t.git('config', 'branch.main.pushRemote', 'origin');
    t.write('untracked.txt', 'keep me\n');
    const remoteBefore = remote.git('for-each-ref', '--format=%(objectname) %(refname)');
    const before = state(t);
    const status = t.git('status', '--porcelain=v1', '-uall');
    const notesLog = (): string => (fs.existsSync(path.join(t.dir, '.git/refs/notes/goals')) ? t.git('rev-parse', 'refs/notes/goals') : '');

    const runs: [string[], boolean][] = [
      [['report'], false],
      [['report', '--format', 'json', '--all-refs'], false],
      [['report', '--format', 'csv'], false],
      [['report', '--format', 'html', '--output', path.join(t.dir, '..', `report-${process.pid}.html`)], false],
      [['check'], false],
      [['check', '--range', 'HEAD~1..HEAD'], false],
      [['explain', 'HEAD'], false],
      [['impact', 'src/pay.ts'], false],
      [['digest', '--week', '2026-W45'], false],
      [['pr-summary', '--range', 'HEAD~1..HEAD'], false],
      [['pr-summary', '--range', 'main..feat/search', '--format', 'json'], false],
      [['tag', second, 'search'], true],
      [['tag', 'HEAD~1', 'checkout'], true],
      [['hook', 'install'], false],
      [['hook', 'uninstall'], false],
    ];
    for (const [args, movesNotes] of runs) {
      const notes = notesLog();
      const r = cli(t.dir, args);
      assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')}: exit ${r.code} ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, `${args.join(' ')}: no stack trace`);
      assert.deepStrictEqual(state(t), before, `${args.join(' ')} changed a ref, HEAD or the commits`);
      assert.strictEqual(t.git('status', '--porcelain=v1', '-uall'), status, `${args.join(' ')} changed the work tree or index`);
      if (movesNotes) assert.notStrictEqual(notesLog(), notes, `${args.join(' ')} must write the note`);
      else assert.strictEqual(notesLog(), notes, `${args.join(' ')} must not touch refs/notes/goals`);
    }
    fs.rmSync(path.join(t.dir, '..', `report-${process.pid}.html`), { force: true });
    // no new commit on any branch; the notes ref holds exactly one commit per tag
    assert.strictEqual(t.git('rev-list', '--count', 'HEAD'), '2');
    assert.strictEqual(t.git('rev-list', '--count', 'refs/notes/goals'), '2', 'one notes commit per tag');
    // nothing was pushed: the remote's refs are as they were, no notes there, and the missing remote was never created
    assert.strictEqual(remote.git('for-each-ref', '--format=%(objectname) %(refname)'), remoteBefore);
    assert.ok(!fs.existsSync(gone), 'the missing remote path was never created');
    assert.strictEqual(t.git('for-each-ref', 'refs/remotes/nowhere'), '');
  });
});

describe('security: refs and paths that look like options stay arguments', function () {
  this.timeout(60_000);
  let t: TempRepo;
  let repo: GitRepo;
  const marker = path.join(os.tmpdir(), `goal-lens-opt-${process.pid}`);
  // Each would write `marker` (or run a command that does) if git read it as an option.
  const EVIL = [
    `--output=${marker}`,
    `-c core.pager=touch ${marker}`,
    `-ccore.pager=touch ${marker}`,
    `--exec=touch ${marker}`,
    `--upload-pack=touch ${marker}`,
    `-o${marker}`,
    `--contents=${marker}`,
  ];
  before(async () => {
    t = TempRepo.create();
    t.commit('a', { files: { 'goals.yaml': TWO_GOALS, 'a.txt': 'a\n' } });
    t.commit('b SHOP-1', { files: { 'a.txt': 'b\n' } });
    repo = await GitRepo.open(t.dir);
  });
  after(() => t?.cleanup());
  afterEach(() => assert.ok(!existedAndRemoved(marker), `${marker} was written: an argument became an option`));

  it('GitRepo: every method that takes a ref refuses option-like ones', async () => {
    for (const evil of EVIL) {
      await assert.rejects(repo.resolveCommit(evil), /unknown commit/, evil);
      await assert.rejects(repo.changedFiles(evil), evil);
      await assert.rejects(repo.addNoteGoal(evil, 'checkout', 'Goal'), evil);
      await assert.rejects(repo.setBranchGoal(evil, 'checkout'), evil);
      await assert.rejects(repo.streamLog({ revs: [evil], trailerKey: 'Goal', onCommit: () => undefined }), evil);
      await assert.rejects(repo.streamLog({ revs: ['HEAD', evil], trailerKey: 'Goal', onCommit: () => undefined }), evil);
      await assert.rejects(repo.revList([evil], ['HEAD']), evil);
      await assert.rejects(repo.revList(['HEAD'], [evil]), evil);
      await assert.rejects(repo.addNoteGoal('HEAD', evil, 'Goal'), evil);
      await assert.rejects(repo.addNoteGoal('HEAD', 'checkout', evil), evil);
      await assert.rejects(repo.removeNoteGoal(evil, 'checkout', 'Goal'), evil);
      await assert.rejects(repo.removeNoteGoal('HEAD', evil, 'Goal'), evil);
      await assert.rejects(repo.setBranchGoal('main', evil), evil);
      // a default-branch setting that looks like an option is simply not a branch
      const snap = await repo.readSnapshot({ allRefs: true, trailerKey: 'Goal', defaultBranch: evil });
      assert.strictEqual(snap.commits.length, 2);
      assert.notStrictEqual(snap.defaultBranch, evil);
      assert.strictEqual(await repo.defaultBranch(evil), 'refs/heads/main');
    }
    assert.strictEqual(spawnSync('git', ['config', '--get-regexp', '\\.goal$'], { cwd: t.dir }).stdout.toString(), '', 'no branch goal was written');
    assert.strictEqual(spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/notes/goals'], { cwd: t.dir }).status, 1, 'no note was written');
  });

  it('GitRepo: every method that takes a path treats option-like ones as paths', async () => {
    for (const evil of EVIL) {
      assert.deepStrictEqual(await repo.commitsTouching(evil), [], evil);
      assert.deepStrictEqual(await repo.commitsTouching(evil, { allRefs: true }), [], evil);
      assert.deepStrictEqual(await repo.blame(evil), [], evil);
      assert.deepStrictEqual(await repo.blame(evil, 'contents\n'), [], evil);
    }
    // and a real file whose name looks like an option is blamed as that file
    const name = `--output=${marker}`;
    t.commit('odd name', { files: { [name]: 'x\n' } });
    const lines = await repo.blame(name);
    assert.strictEqual(lines.length, 1);
    assert.strictEqual(lines[0].sha, t.git('rev-parse', 'HEAD'));
    assert.deepStrictEqual(await repo.commitsTouching(name), [t.git('rev-parse', 'HEAD')]);
    t.git('rm', '-q', '--', name);
    t.git('commit', '-q', '-m', 'remove odd name');
  });

  it('CLI: explain, tag, impact, check --range and report options never pass an option-like value to git', () => {
    const before = t.git('for-each-ref');
    for (const evil of EVIL) {
      for (const args of [
        ['explain', '--', evil],
        ['tag', '--', evil, 'checkout'],
        ['tag', 'HEAD', '--', evil],
        ['check', `--range=${evil}..HEAD`],
        ['check', `--range=HEAD..${evil}`],
        ['report', '--since', evil],
        ['report', '--default-branch', evil],
        ['digest', '--week', evil],
        ['pr-summary', `--range=${evil}..HEAD`],
        ['pr-summary', `--range=HEAD..${evil}`],
      ]) {
        const r = cli(t.dir, args);
        assert.notStrictEqual(r.code, 0, `${args.join(' ')} must fail`);
        assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, `${args.join(' ')}: no stack trace`);
        assert.ok(r.stderr.trim().split('\n').length <= 2, `${args.join(' ')}: a short message, got ${r.stderr}`);
      }
      const impact = cli(t.dir, ['impact', '--', evil]);
      assert.doesNotMatch(impact.stderr, /\bat .*\.js:\d+/);
    }
    assert.strictEqual(t.git('for-each-ref'), before, 'no ref changed');
  });
});

describe('security: no shell, and the untrusted-workspace contract', () => {
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? sources(p) : /\.(ts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
    });
  }

  it('nothing in src uses a shell: no shell option, no exec/execSync, no shell-string spawn', () => {
    const files = sources(path.join(ROOT, 'src'));
    assert.ok(files.length > 20, `found ${files.length} source files`);
    const offences: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      text.split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        const where = `${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`;
        if (/\bshell\s*:/.test(code)) offences.push(where);
        if (/(^|[^.\w])(exec|execSync)\s*\(/.test(code) || /child_process['"]\)?\.exec\b|\{\s*[^}]*\bexec(Sync)?\b[^}]*\}\s*from\s*['"](node:)?child_process/.test(code)) offences.push(where);
        if (/\bspawn(Sync)?\s*\(\s*['"`](sh|bash|cmd|cmd\.exe|powershell)['"`]/.test(code)) offences.push(where);
      });
    }
    assert.deepStrictEqual(offences, []);
  });

  it('package.json: untrusted workspaces are "limited", and every command that writes needs trust', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
    const writers = ['goalLens.linkBranch', 'goalLens.unlinkBranch', 'goalLens.tagCommit', 'goalLens.installHook', 'goalLens.createGoalsFile'];
    const commands = new Map<string, { enablement?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
    for (const id of writers) assert.match(commands.get(id)?.enablement ?? '', /\bisWorkspaceTrusted\b/, `${id} must be disabled in an untrusted workspace`);
    // and the command code itself refuses (a keybinding or another extension can run a disabled command)
    const src = fs.readFileSync(path.join(ROOT, 'src/extension/commands.ts'), 'utf8');
    for (const id of writers) {
      const body = src.slice(src.indexOf(`'${id}'`), src.indexOf("reg('", src.indexOf(`'${id}'`) + 5));
      assert.match(body, /if \(!requireTrust\(/, `${id} calls requireTrust first`);
    }
  });
});
