import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { HOOK_NAME, hookScript, installHook, uninstallHook } from '../../src/git/hook';
import { GitRepo } from '../../src/git/repo';
import { TempRepo } from '../helpers/tempRepo';

describe('git: prepare-commit-msg hook', function () {
  this.timeout(60_000);
  if (process.platform === 'win32') return; // the hook is POSIX sh; on Windows git runs it through its own sh
  const repos: TempRepo[] = [];
  const make = () => {
    const r = TempRepo.create();
    repos.push(r);
    return r;
  };
  after(() => repos.forEach((r) => r.cleanup()));
  const message = (t: TempRepo) => t.git('log', '-1', '--format=%B');

  it('adds the branch goal, skips when a trailer is there, honours GOAL_LENS_GOAL', async () => {
    const t = make();
    t.commit('base');
    const repo = await GitRepo.open(t.dir);
    const res = await installHook(repo, { trailerKey: 'Goal' });
    assert.strictEqual(res.path, path.join(t.dir, '.git', 'hooks', HOOK_NAME));
    assert.strictEqual(res.keptExisting, false);
    assert.ok(fs.statSync(res.path).mode & 0o100);

    t.commit('no goal configured');
    assert.strictEqual(message(t), 'no goal configured');

    t.git('checkout', '-q', '-b', 'feat/check.out');
    await repo.setBranchGoal('feat/check.out', 'checkout');
    t.commit('work on checkout');
    assert.strictEqual(message(t), 'work on checkout\n\nGoal: checkout');

    t.commit('explicit\n\ngoal: other');
    assert.strictEqual(message(t), 'explicit\n\ngoal: other');

    t.write('env.txt', 'x');
    t.git('add', 'env.txt');
    t.gitWithEnv({ GOAL_LENS_GOAL: 'growth' }, 'commit', '-q', '-m', 'from env');
    assert.strictEqual(message(t), 'from env\n\nGoal: growth');

    t.write('bad.txt', 'x');
    t.git('add', 'bad.txt');
    t.gitWithEnv({ GOAL_LENS_GOAL: 'x; touch pwned' }, 'commit', '-q', '-m', 'bad env value');
    assert.strictEqual(message(t), 'bad env value');
    assert.ok(!fs.existsSync(path.join(t.dir, 'pwned')));
  });

  it('keeps an existing hook, calls it first, respects its exit status, and uninstall restores it byte-for-byte', async () => {
    const t = make();
    t.commit('base');
    const hooks = path.join(t.dir, '.git', 'hooks');
    const existing = path.join(hooks, HOOK_NAME);
    const marker = path.join(t.dir, 'marker.txt');
    const original = `#!/bin/sh\n# user hook\necho "ran $2" >> "${marker}"\n[ -f "${path.join(t.dir, 'fail')}" ] && exit 3\nexit 0\n`;
    fs.writeFileSync(existing, original, { mode: 0o755 });
    t.git('config', 'branch.main.goal', 'growth');

    const repo = await GitRepo.open(t.dir);
    const first = await installHook(repo, { trailerKey: 'Goal' });
    assert.strictEqual(first.keptExisting, true);
    const again = await installHook(repo, { trailerKey: 'Goal' });
    assert.deepStrictEqual(again, first);
    assert.strictEqual(fs.readFileSync(existing + '.goal-lens-orig', 'utf8'), original);
    assert.strictEqual(fs.readFileSync(existing, 'utf8'), hookScript('Goal'));

    t.commit('with both hooks');
    assert.strictEqual(message(t), 'with both hooks\n\nGoal: growth');
    assert.strictEqual(fs.readFileSync(marker, 'utf8'), 'ran message\n');

    fs.writeFileSync(path.join(t.dir, 'fail'), '');
    t.write('y.txt', 'y');
    t.git('add', 'y.txt');
    assert.throws(() => t.git('commit', '-q', '-m', 'blocked by the user hook'));
    fs.rmSync(path.join(t.dir, 'fail'));

    const un = await uninstallHook(repo);
    assert.deepStrictEqual(un, { path: existing, removed: true, restored: true });
    assert.strictEqual(fs.readFileSync(existing, 'utf8'), original);
    assert.ok(fs.statSync(existing).mode & 0o100);
    assert.ok(!fs.existsSync(existing + '.goal-lens-orig'));
    assert.deepStrictEqual(await uninstallHook(repo), { path: existing, removed: false, restored: false });
    assert.strictEqual(fs.readFileSync(existing, 'utf8'), original);
  });

  it('skips merge commits, respects core.hooksPath, and uses a custom trailer key', async () => {
    const t = make();
    t.commit('base');
    t.git('config', 'core.hooksPath', 'my-hooks');
    const repo = await GitRepo.open(t.dir);
    const res = await installHook(repo, { trailerKey: 'Serves-Goal' });
    assert.strictEqual(res.path, path.join(t.dir, 'my-hooks', HOOK_NAME));
    t.git('config', 'branch.main.goal', 'growth');
    t.git('config', 'branch.side.goal', 'side-goal');
    t.git('checkout', '-q', '-b', 'side');
    t.commit('side work');
    assert.strictEqual(message(t), 'side work\n\nServes-Goal: side-goal');
    t.git('checkout', '-q', 'main');
    t.commit('main work');
    t.merge('side');
    assert.strictEqual(message(t), "Merge branch 'side'");
    await assert.rejects(installHook(repo, { trailerKey: "Goal'; rm -rf /" }));
  });
});
