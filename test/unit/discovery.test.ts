// Repository discovery of the editor model on plain Node, with real repositories in temp folders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverRepositories, type Discovery } from '../../src/extension/model/discovery';
import { TempRepo } from '../helpers/tempRepo';

function found(d: Discovery) {
  assert.strictEqual(d.kind, 'found');
  return d;
}

describe('repository discovery (editor model)', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });
  const repo = (opts?: { bare?: boolean }) => {
    const r = TempRepo.create(opts);
    cleanup.push(() => r.cleanup());
    return r;
  };
  const tempDir = () => {
    const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-disc-')));
    cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
    return d;
  };

  it('sorts repositories by whether their goals file exists, once per repository however many folders it holds', async () => {
    const withGoals = repo();
    withGoals.write('goals.yaml', 'version: 1\ngoals: []\n');
    withGoals.write('src/a.ts', 'a\n');
    withGoals.commit('start');
    const without = repo();
    without.commit('start');
    const plain = tempDir();
    const d = found(await discoverRepositories([withGoals.dir, path.join(withGoals.dir, 'src'), without.dir, plain], { goalsFileOf: () => 'goals.yaml' }));
    assert.deepStrictEqual(
      d.withGoals.map((f) => [f.repo.root, f.goalsPath]),
      [[withGoals.dir, path.join(withGoals.dir, 'goals.yaml')]],
    );
    assert.deepStrictEqual(d.withoutGoals.map((f) => f.repo.root), [without.dir]);
    assert.deepStrictEqual(d.folderErrors, [], 'a folder that is no repository is no error');
  });

  it('reads the goals file setting per repository, and counts a folder in its place as present (its reader says what is wrong)', async () => {
    const a = repo();
    a.write('plans/goals.yaml', 'version: 1\ngoals: []\n');
    a.commit('start');
    const b = repo();
    fs.mkdirSync(path.join(b.dir, 'goals.yaml'));
    const d = found(await discoverRepositories([a.dir, b.dir], { goalsFileOf: (root) => (root === a.dir ? 'plans/goals.yaml' : 'goals.yaml') }));
    assert.deepStrictEqual(d.withGoals.map((f) => f.goalsPath).sort(), [path.join(a.dir, 'plans/goals.yaml'), path.join(b.dir, 'goals.yaml')].sort());
  });

  it('a bare repository is a folder error that names it; git missing from PATH is said as such', async () => {
    const bare = repo({ bare: true });
    const d = found(await discoverRepositories([bare.dir], { goalsFileOf: () => 'goals.yaml' }));
    assert.strictEqual(d.folderErrors.length, 1);
    assert.strictEqual(d.folderErrors[0].folder, bare.dir);
    assert.match(String((d.folderErrors[0].error as Error).message), /bare/);
    const emptyBin = tempDir();
    const missing = await discoverRepositories([bare.dir], { goalsFileOf: () => 'goals.yaml', gitEnv: { PATH: emptyBin } });
    assert.strictEqual(missing.kind, 'gitMissing');
  });
});
