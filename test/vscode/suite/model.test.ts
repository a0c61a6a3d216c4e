// The editor's model in a real VS Code: each refresh reads only what changed (one cached load with the state of the
// previous one), and announces the repository that changed as a new immutable state.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { GoalLensModel, type RepoState } from '../../../src/extension/model/model';
import { activateApi, closeModel, folder, gitIn, until } from './helpers';

const NO_HOOKS = path.join(__dirname, 'no-hooks-here');

function makeRepo(goalId: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-model-')));
  const git = (...args: string[]) => gitIn(dir, ['-c', `core.hooksPath=${NO_HOOKS}`, ...args]);
  git('init', '-q', '--initial-branch=main');
  git('config', 'user.name', 'Model Test');
  git('config', 'user.email', 'model@example.com');
  git('config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, 'goals.yaml'), `version: 1\ngoals:\n  - id: ${goalId}\n    title: The ${goalId} goal\n`);
  git('add', '-A');
  git('commit', '-q', '-m', `Start\n\nGoal: ${goalId}`);
  return dir;
}

function commit(dir: string, file: string, message: string, ...extra: string[]): string {
  const git = (...args: string[]) => gitIn(dir, ['-c', `core.hooksPath=${NO_HOOKS}`, ...args]);
  fs.writeFileSync(path.join(dir, file), `${message}\n`);
  git('add', '-A');
  git('commit', '-q', ...extra, '-m', message);
  return git('rev-parse', 'HEAD');
}

suite('Goal Lens model', () => {
  test('a refresh reads only what changed: cold first, warm for a goals.yaml edit, incremental for a commit or an amend', async function () {
    this.timeout(60_000);
    const dir = makeRepo('search');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-model-cache-'));
    const model = new GoalLensModel({ folders: () => [dir], cacheDir });
    const loads: string[] = [];
    const state = () => model.repositories[0];
    const refresh = async (what: string) => {
      await model.refresh(dir);
      const s = state();
      assert.ok(s.lastLoad && s.index, `${what}: no index (${s.error ?? ''})`);
      loads.push(`${what}: ${s.lastLoad.from}`);
      console.log(`    model refresh after ${what}: ${s.lastLoad.from} in ${s.lastLoad.ms} ms`);
      return s.index;
    };
    try {
      await model.refresh();
      await until('the first index', () => state()?.index && !state().loading);
      loads.push(`start: ${state().lastLoad?.from}`);
      fs.writeFileSync(path.join(dir, 'goals.yaml'), 'version: 1\ngoals:\n  - id: search\n    title: Search, renamed\n');
      assert.strictEqual((await refresh('a title edit')).goals.get('search')?.title, 'Search, renamed');
      const sha = commit(dir, 'b.txt', 'Second\n\nGoal: search');
      assert.strictEqual((await refresh('a commit')).links.get(sha)?.[0]?.goalId, 'search');
      const amended = commit(dir, 'b.txt', 'Second, amended', '--amend');
      const index = await refresh('an amend');
      assert.strictEqual(index.bySha.has(sha), false, 'the amended commit is gone');
      assert.strictEqual(index.links.get(amended), undefined, 'the amended message has no trailer');
      assert.strictEqual(index.commits.length, 2);
      assert.deepStrictEqual(loads, ['start: cold', 'a title edit: warm', 'a commit: incremental', 'an amend: incremental']);
    } finally {
      await closeModel(model, dir, cacheDir);
    }
  });

  test('the change event names the repository that changed, and only that one', async function () {
    this.timeout(60_000);
    const a = makeRepo('alpha');
    const b = makeRepo('beta');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-model-cache-'));
    const model = new GoalLensModel({ folders: () => [a, b], cacheDir });
    const events: (RepoState | undefined)[] = [];
    const sub = model.onDidChange((r) => events.push(r));
    try {
      await model.refresh();
      await until('both indexed', () => (model.repositories.length === 2 && model.repositories.every((r) => r.index && !r.loading)) || undefined);
      assert.ok(events.includes(undefined), 'a look at the workspace is announced without a repository');
      events.length = 0;
      const before = model.repositories.find((r) => r.root === a);
      assert.ok(before && Object.isFrozen(before), 'the state is immutable');
      const sha = commit(b, 'x.txt', 'More\n\nGoal: beta');
      await model.refresh(b);
      assert.ok(events.length > 0, 'no event');
      assert.deepStrictEqual([...new Set(events.map((e) => e?.root))], [b], 'only the repository that changed');
      const last = events[events.length - 1];
      assert.ok(last?.index?.bySha.has(sha), 'the event carries the new state');
      assert.strictEqual(model.repositories.find((r) => r.root === b), last, 'the model serves the announced state');
      assert.strictEqual(model.repositories.find((r) => r.root === a), before, 'the other repository keeps its state object');
    } finally {
      sub.dispose();
      await closeModel(model, a, b, cacheDir);
    }
  });

  test('changing goalLens.scope re-reads each repository with the new scope', async function () {
    this.timeout(60_000);
    const dir = makeRepo('search');
    const git = (...args: string[]) => gitIn(dir, ['-c', `core.hooksPath=${NO_HOOKS}`, ...args]);
    git('checkout', '-q', '-b', 'side');
    const side = commit(dir, 'side.txt', 'Side work\n\nGoal: search');
    git('checkout', '-q', 'main');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-model-cache-'));
    const model = new GoalLensModel({ folders: () => [dir], cacheDir });
    const config = vscode.workspace.getConfiguration('goalLens');
    try {
      await model.refresh();
      await until('the first index', () => model.repositories[0]?.index && !model.repositories[0].loading);
      assert.strictEqual(model.repositories[0].index?.bySha.has(side), false, 'HEAD only');
      await config.update('scope', 'allRefs', vscode.ConfigurationTarget.Global);
      await until('the side branch in the index', () => model.repositories[0].index?.bySha.has(side) || undefined, 15_000);
      await config.update('scope', undefined, vscode.ConfigurationTarget.Global);
      await until('HEAD only again', () => (model.repositories[0].index?.bySha.has(side) === false) || undefined, 15_000);
    } finally {
      await config.update('scope', undefined, vscode.ConfigurationTarget.Global);
      await closeModel(model, dir, cacheDir);
    }
  });

  test('in the window, a goals.yaml edit is announced as a new state of the fixture repository; the old one is unchanged', async function () {
    this.timeout(30_000);
    const api = await activateApi();
    const file = path.join(folder(), 'goals.yaml');
    const good = fs.readFileSync(file, 'utf8');
    const before = api.model.repositories[0];
    assert.ok(Object.isFrozen(before), 'the state is immutable');
    const events: (RepoState | undefined)[] = [];
    const sub = api.model.onDidChange((r) => events.push(r));
    try {
      fs.writeFileSync(file, good.replace('title: Search answers in under 200 ms', 'title: Search answers in under 150 ms'));
      const changed = await until('an event with the new title', () => events.find((r) => r?.index?.goals.get('search-latency')?.title === 'Search answers in under 150 ms'));
      assert.strictEqual(changed.root, before.root);
      assert.notStrictEqual(changed, before, 'a new state object');
      assert.strictEqual(before.index?.goals.get('search-latency')?.title, 'Search answers in under 200 ms', 'the old state is unchanged');
    } finally {
      sub.dispose();
      fs.writeFileSync(file, good);
      await until('the fixture title again', () => api.model.repositories[0].index?.goals.get('search-latency')?.title === 'Search answers in under 200 ms' || undefined, 10_000);
    }
  });
});
