// Paths given to the command line: a path in the repository is read from the folder --repo names (as with
// `git -C`), --goals from the repository root, and files the user keeps (--output, --cache) from the
// current folder, so a run from anywhere means the same thing and writes nothing into the repository.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertOneLineError, cli, goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml({ id: 'checkout', title: 'Checkout', keys: ['SHOP-*'] });

describe('command-line paths', function () {
  this.timeout(60000);
  let repo: TempRepo;
  let elsewhere: string;

  before(() => {
    repo = TempRepo.create();
    repo.commit('Goals', { files: { 'goals.yaml': GOALS, 'config/goals.yaml': GOALS.replace('Checkout', 'Checkout (config)') } });
    repo.commit('Round amounts SHOP-1', { files: { 'src/payments/round.ts': 'export {}\n', '..notes.md': 'odd name\n' } });
    repo.commit('Gone SHOP-2', { files: { 'src/old.ts': 'x\n' } });
    repo.git('rm', '-q', 'src/old.ts');
    repo.commit('Remove old');
    elsewhere = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-elsewhere-')));
  });
  after(() => {
    repo.cleanup();
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  const impactOf = (cwd: string, ...args: string[]): string => {
    const r = cli(cwd, ['impact', ...args]);
    assert.strictEqual(r.code, 0, r.stderr);
    return r.stdout.split('\n')[0];
  };

  it('impact reads a relative path from the --repo folder, from any current folder', () => {
    assert.strictEqual(impactOf(elsewhere, 'src/payments/round.ts', '--repo', repo.dir), 'src/payments/round.ts: 1 commit, 0 untagged (0.0%)');
    assert.strictEqual(impactOf(elsewhere, 'payments/round.ts', '--repo', path.join(repo.dir, 'src')), 'src/payments/round.ts: 1 commit, 0 untagged (0.0%)');
    assert.strictEqual(impactOf(path.join(repo.dir, 'src', 'payments'), 'round.ts'), 'src/payments/round.ts: 1 commit, 0 untagged (0.0%)');
    assert.strictEqual(impactOf(elsewhere, path.join(repo.dir, 'src/payments/round.ts'), '--repo', repo.dir), 'src/payments/round.ts: 1 commit, 0 untagged (0.0%)');
  });

  it('impact takes a repository reached through a symbolic link, a deleted file and a name starting with ..', () => {
    const link = path.join(elsewhere, 'link');
    fs.symlinkSync(repo.dir, link);
    try {
      assert.strictEqual(impactOf(elsewhere, 'src/payments/round.ts', '--repo', link), 'src/payments/round.ts: 1 commit, 0 untagged (0.0%)');
      assert.match(impactOf(repo.dir, 'src/old.ts'), /^src\/old\.ts: 2 commits/);
      assert.match(impactOf(elsewhere, '..notes.md', '--repo', repo.dir), /^\.\.notes\.md: 1 commit/);
    } finally {
      fs.rmSync(link);
    }
  });

  it('impact refuses a path outside the repository with one line', () => {
    assertOneLineError(cli(elsewhere, ['impact', '../x.ts', '--repo', repo.dir]), /'\.\.\/x\.ts' is outside the repository/, 2);
    assertOneLineError(cli(elsewhere, ['impact', elsewhere, '--repo', repo.dir]), /is outside the repository/, 2);
  });

  it('--goals is read from the repository root, wherever goal-lens runs', () => {
    const r = cli(elsewhere, ['report', '--format', 'json', '--repo', path.join(repo.dir, 'src'), '--goals', 'config/goals.yaml']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual((JSON.parse(r.stdout) as { goals: { title: string }[] }).goals[0].title, 'Checkout (config)');
    const check = cli(path.join(repo.dir, 'src'), ['check', '--goals', 'config/goals.yaml']);
    assert.strictEqual(check.code, 0, check.stderr);
  });

  it('--output and --cache are written in the current folder, never into the repository', () => {
    const status = repo.git('status', '--porcelain', '--ignored');
    for (const [command, file] of [['report', 'report.md'], ['digest', 'digest.md']]) {
      const r = cli(elsewhere, [command, '--repo', repo.dir, '--output', file, '--cache', 'cache']);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.ok(fs.existsSync(path.join(elsewhere, file)), `${file} in the current folder`);
      assert.strictEqual(r.stderr, `wrote ${path.join(elsewhere, file)}\n`);
    }
    assert.ok(fs.readdirSync(path.join(elsewhere, 'cache')).length > 0, 'the cache is in the current folder');
    const viaEnv = cli(elsewhere, ['report', '--repo', repo.dir], { GOAL_LENS_CACHE: 'env-cache' });
    assert.strictEqual(viaEnv.code, 0, viaEnv.stderr);
    assert.ok(fs.existsSync(path.join(elsewhere, 'env-cache')), 'GOAL_LENS_CACHE is read from the current folder too');
    assert.strictEqual(repo.git('status', '--porcelain', '--ignored'), status, 'nothing new in the repository');
  });
});
