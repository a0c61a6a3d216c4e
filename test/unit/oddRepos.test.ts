// Repositories in odd states, through the built command line as users meet them: each must give a
// correct report or one clear line saying what is wrong, never a stack trace.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertOneLineError, cli, CLI, existedAndRemoved, TempRepo, TWO_GOALS } from '../helpers';

function totals(dir: string, ...extra: string[]): { commits: number; linked: number; untagged: number } {
  const r = cli(dir, ['report', '--format', 'json', ...extra]);
  assert.strictEqual(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).totals;
}

describe('odd repositories (command line)', function () {
  this.timeout(60000);
  const made: TempRepo[] = [];
  const repo = (): TempRepo => {
    const r = TempRepo.create();
    made.push(r);
    return r;
  };
  after(() => made.forEach((r) => r.cleanup()));

  it('no commits yet: an empty report, and check still validates goals.yaml', () => {
    const r = repo();
    r.write('goals.yaml', TWO_GOALS);
    assert.deepStrictEqual(totals(r.dir), { commits: 0, linked: 0, untagged: 0 });
    assert.strictEqual(cli(r.dir, ['check']).code, 0);
  });

  it('detached HEAD: reports what HEAD reaches', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    const first = r.commit('SHOP-1 one');
    r.commit('two\n\nGoal: search');
    r.git('checkout', '-q', '--detach', first);
    assert.deepStrictEqual(totals(r.dir), { commits: 2, linked: 1, untagged: 1 });
    assert.deepStrictEqual(totals(r.dir, '--all-refs'), { commits: 3, linked: 2, untagged: 1 });
  });

  it('shallow clone: reports the commits it has', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    for (let i = 0; i < 4; i++) r.commit(`SHOP-${i} work`);
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-shallow-'));
    spawnSync('git', ['clone', '-q', '--depth', '2', `file://${r.dir}`, clone]);
    try {
      assert.strictEqual(fs.readFileSync(path.join(clone, '.git', 'shallow'), 'utf8').trim().length, 40);
      assert.deepStrictEqual(totals(clone), { commits: 2, linked: 2, untagged: 0 });
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it('orphan branch: its own history only', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.git('checkout', '-q', '--orphan', 'docs');
    r.commit('docs start\n\nGoal: search', { files: { 'goals.yaml': TWO_GOALS } });
    assert.deepStrictEqual(totals(r.dir), { commits: 1, linked: 1, untagged: 0 });
    assert.deepStrictEqual(totals(r.dir, '--all-refs'), { commits: 2, linked: 1, untagged: 1 });
  });

  it('worktree: works from a linked worktree', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.commit('SHOP-2 on main');
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-wt-'));
    const wt = path.join(parent, 'tree with spaces');
    r.git('worktree', 'add', '-q', '-b', 'feat/search-x', wt);
    try {
      assert.deepStrictEqual(totals(wt), { commits: 2, linked: 1, untagged: 1 });
      const explain = cli(wt, ['explain', 'HEAD']);
      assert.match(explain.stdout, /checkout: Checkout \(via issue key SHOP-2\)/);
    } finally {
      r.git('worktree', 'remove', '--force', wt);
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('submodule: the superproject is indexed, the submodule folder does not confuse it', () => {
    const sub = repo();
    sub.commit('lib');
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib');
    r.commit('Add lib SHOP-9');
    assert.deepStrictEqual(totals(r.dir), { commits: 2, linked: 1, untagged: 1 });
    // From inside the submodule, its own repository is found (and it has no goals.yaml).
    assertOneLineError(cli(path.join(r.dir, 'vendor/lib'), ['report']), /no goals file at .*vendor\/lib\/goals\.yaml/);
  });

  it('bare repository: a clear error', () => {
    const bare = TempRepo.create({ bare: true });
    made.push(bare);
    assertOneLineError(cli(bare.dir, ['report']), /bare repository/);
  });

  it("a repository of another user (git's dubious ownership): one clear line that says how to trust it, nothing written", () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    const config = path.join(r.dir, '.git', 'config');
    const before = fs.readFileSync(config, 'utf8');
    // git's own switch for its safe.directory tests: the repository counts as another user's.
    const run = cli(r.dir, ['report'], { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' });
    assertOneLineError(run, /belongs to another user, so git refuses to read it; if you trust it, run: git config --global --add safe\.directory '.*'$/m);
    assert.ok(!fs.existsSync(path.join(r.dir, '.gitconfig')), 'no global config written (HOME is the repository here)');
    assert.strictEqual(fs.readFileSync(config, 'utf8'), before);
  });

  it('a .git that points nowhere or is damaged: one clear line that says which', () => {
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-moved-'));
    const damaged = repo();
    try {
      fs.writeFileSync(path.join(moved, '.git'), 'gitdir: /nonexistent/worktrees/x\n'); // a worktree whose repository moved
      assertOneLineError(cli(moved, ['report']), /cannot be read as a git repository: its \.git points to \/nonexistent\/worktrees\/x, which is not a repository/);
      fs.writeFileSync(path.join(damaged.dir, '.git', 'HEAD'), 'garbage\n');
      assertOneLineError(cli(damaged.dir, ['check']), /cannot be read as a git repository: its \.git folder is damaged/);
      const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-plain-'));
      assertOneLineError(cli(plain, ['report']), /is not inside a git repository$/m);
      fs.rmSync(plain, { recursive: true, force: true });
    } finally {
      fs.rmSync(moved, { recursive: true, force: true });
    }
  });

  it('non-UTF-8 commit messages are read, not fatal', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.write('latin.txt', 'x');
    r.git('add', '-A');
    const msg = path.join(r.dir, '.git', 'MSG');
    fs.writeFileSync(msg, Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' SHOP-5\n')]));
    r.git('-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '-q', '-F', msg);
    r.write('raw.txt', 'y');
    r.git('add', '-A');
    fs.writeFileSync(msg, Buffer.concat([Buffer.from('Broken '), Buffer.from([0xff, 0xfe]), Buffer.from('\n\nGoal: search\n')]));
    r.git('commit', '-q', '-F', msg);
    assert.deepStrictEqual(totals(r.dir), { commits: 3, linked: 2, untagged: 1 });
    assert.match(cli(r.dir, ['explain', 'HEAD~1']).stdout, /Café SHOP-5/);
  });

  it('a goals.yaml saved in Latin-1: read, with a warning at the first byte that is not UTF-8', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    const latin1 = Buffer.from(TWO_GOALS.replace('title: Checkout', 'title: Caf\u00e9 checkout'), 'latin1');
    assert.ok(latin1.includes(0xe9), 'the fixture has a Latin-1 byte');
    fs.writeFileSync(path.join(r.dir, 'goals.yaml'), latin1);
    const line = TWO_GOALS.split('\n').findIndex((l) => l.includes('title: Checkout')) + 1;
    const column = 'title: Caf'.length + TWO_GOALS.split('\n')[line - 1].indexOf('title: Checkout') + 1;
    const check = cli(r.dir, ['check']);
    assert.strictEqual(check.code, 0, check.stderr);
    assert.strictEqual(check.stderr, `goals.yaml:${line}:${column}: warning: not valid UTF-8 here; save the file as UTF-8 (the text shows \uFFFD where bytes could not be read)\n`);
    assert.strictEqual(cli(r.dir, ['check', '--strict']).code, 1, '--strict fails on the warning');
    assert.deepStrictEqual(totals(r.dir), { commits: 1, linked: 0, untagged: 1 });
  });

  it('branch names with unicode and odd characters link by name and config', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    r.git('checkout', '-q', '-b', 'feat/søk-search');
    r.commit('wip');
    r.git('checkout', '-q', '-b', 'fix/x+y@z#1', 'main');
    r.commit('odd');
    r.git('config', 'branch.fix/x+y@z#1.goal', 'checkout');
    // a no-break space and an ideographic space look like spaces, and git allows them in names
    r.git('checkout', '-q', '-b', 'wip/search\u00a0nbsp\u3000wide', 'main');
    r.commit('spaced');
    r.git('checkout', '-q', 'main');
    const json = JSON.parse(cli(r.dir, ['report', '--format', 'json', '--all-refs']).stdout);
    const branches = Object.fromEntries(json.goals.map((g: { id: string; branches: { name: string }[] }) => [g.id, g.branches.map((b) => b.name)]));
    assert.deepStrictEqual(branches, { checkout: ['fix/x+y@z#1'], search: ['feat/søk-search', 'wip/search\u00a0nbsp\u3000wide'] });
    assert.deepStrictEqual(json.totals, { commits: 4, linked: 3, untagged: 1 });
  });

  it('refs that look like options are refused, not obeyed', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    const target = path.join(os.tmpdir(), `goal-lens-pwned-${process.pid}`);
    try {
      for (const args of [['explain', '--', `--output=${target}`], ['tag', '--', '-c', 'checkout'], ['check', `--range=--output=${target}..HEAD`]]) {
        const run = cli(r.dir, args);
        assert.notStrictEqual(run.code, 0, `${args.join(' ')} must fail`);
        assert.doesNotMatch(run.stderr, /\bat .*\.js:\d+/);
      }
    } finally {
      assert.ok(!existedAndRemoved(target), `${target} was written`);
    }
  });

  it('a commit touching 10,000 files and a 1 MB message', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    const files: Record<string, string> = {};
    for (let i = 0; i < 10000; i++) files[`many/f${i}.txt`] = `${i}\n`;
    r.commit('Bulk rename SHOP-77', { files });
    const big = `Huge message\n\n${'lorem ipsum '.repeat(90000)}\nSHOP-78\n\nGoal: search\n`;
    const msg = path.join(r.dir, '.git', 'BIGMSG');
    fs.writeFileSync(msg, big);
    r.write('big.txt', 'b');
    r.git('add', '-A');
    r.git('commit', '-q', '-F', msg);
    assert.deepStrictEqual(totals(r.dir), { commits: 3, linked: 2, untagged: 1 });
    const json = JSON.parse(cli(r.dir, ['report', '--format', 'json']).stdout);
    assert.deepStrictEqual(json.goals.find((g: { id: string }) => g.id === 'checkout').sources.key, 2);
    assert.match(cli(r.dir, ['impact', 'many']).stdout, /many: 1 commit, 0 untagged/);
  });

  it('a merge in progress: reports from HEAD, untouched', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS, 'a.txt': 'base\n' } });
    r.git('checkout', '-q', '-b', 'feat/search-conflict');
    r.commit('theirs', { files: { 'a.txt': 'theirs\n' } });
    r.git('checkout', '-q', 'main');
    r.commit('ours SHOP-3', { files: { 'a.txt': 'ours\n' } });
    spawnSync('git', ['merge', 'feat/search-conflict'], { cwd: r.dir });
    assert.ok(fs.existsSync(path.join(r.dir, '.git', 'MERGE_HEAD')));
    assert.deepStrictEqual(totals(r.dir), { commits: 2, linked: 1, untagged: 1 });
    assert.ok(fs.existsSync(path.join(r.dir, '.git', 'MERGE_HEAD')), 'the merge is still in progress');
  });

  it('goals.yaml deleted or a folder: a clear error; broken: check points at the line', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    fs.rmSync(path.join(r.dir, 'goals.yaml'));
    assertOneLineError(cli(r.dir, ['report']), /no goals file at .*goals\.yaml/);
    fs.mkdirSync(path.join(r.dir, 'goals.yaml'));
    for (const command of ['report', 'check']) {
      assertOneLineError(cli(r.dir, [command]), /^goal-lens: cannot read the goals file .*goals\.yaml: it is a folder, not a file$/m);
    }
    fs.rmdirSync(path.join(r.dir, 'goals.yaml'));
    r.write('goals.yaml', 'version: 1\ngoals:\n  - id: a\n    title: [unclosed\n');
    const check = cli(r.dir, ['check']);
    assert.strictEqual(check.code, 1);
    assert.match(check.stderr, /^goals\.yaml:\d+:\d+: error: /m);
  });

  it('git missing from PATH: one clear line', () => {
    const r = repo();
    r.commit('init', { files: { 'goals.yaml': TWO_GOALS } });
    const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-nogit-'));
    try {
      const run = spawnSync(process.execPath, [CLI, 'report'], { cwd: r.dir, encoding: 'utf8', env: { ...process.env, PATH: emptyBin } });
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /^goal-lens: git was not found on PATH/);
      assert.strictEqual(run.stderr.trim().split('\n').length, 1);
    } finally {
      fs.rmSync(emptyBin, { recursive: true, force: true });
    }
  });
});
