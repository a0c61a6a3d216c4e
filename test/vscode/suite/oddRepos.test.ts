// The editor on repositories in odd states (issue 8), each a real temporary repository: a real GoalLensModel
// (file watchers, on-disk cache, git) is pointed at it, and the real Goals tree and status bar read that model.
// code-server cannot add workspace folders without reloading the window, so the model is handed its folders
// (ModelOptions.folders); everything else is what a user's window runs. The command line's side of the same
// cases is test/unit/oddRepos.test.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { GoalsTreeProvider, type GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { GoalLensModel } from '../../../src/extension/model/model';
import type { ViewFilters } from '../../../src/extension/settings';
import { GoalStatusBar } from '../../../src/extension/views/statusBar';
import { captureMessages, gitIn, memoryFilters, until, watchersLive, rowOf } from './helpers';

const GOALS = [
  'version: 1',
  'goals:',
  '  - id: checkout',
  '    title: Lift checkout conversion',
  '    keys: [SHOP-*]',
  '  - id: search',
  '    title: Faster search',
  '',
].join('\n');

const ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

interface Views {
  model: GoalLensModel;
  filters: ViewFilters;
  tree: GoalsTreeProvider;
  statusBar: GoalStatusBar;
  /** The top rows of the Goals view: "label | description". */
  rows(): string[];
  /** Every label of the Goals view, three levels deep (goals, their work, commits). */
  labels(): string[];
}

suite('Goal Lens on odd repositories (real model, tree and status bar)', () => {
  const temps: string[] = [];
  const opened: Views[] = [];
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-odd-cache-'));

  const tempDir = (prefix = 'goal-lens-odd-'): string => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    temps.push(dir);
    return dir;
  };
  const git = (dir: string, ...args: string[]): string => gitIn(dir, [...NO_HOOKS, ...args], ENV);
  const repo = (): string => {
    const dir = tempDir();
    git(dir, 'init', '-q', '--initial-branch=main');
    fs.writeFileSync(path.join(dir, 'goals.yaml'), GOALS);
    return dir;
  };
  const commit = (dir: string, message: string, files: Record<string, string> = { [`f${Math.random().toString(36).slice(2)}.txt`]: message }) => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    git(dir, 'add', '-A');
    const msg = path.join(tempDir('goal-lens-msg-'), 'MSG');
    fs.writeFileSync(msg, message);
    git(dir, 'commit', '-q', '-F', msg);
    return git(dir, 'rev-parse', 'HEAD');
  };

  /** A real model on `folders`, and the views on it, once its first refresh has finished. */
  async function open(...folders: string[]): Promise<Views> {
    const model = new GoalLensModel({ folders: () => folders, cacheDir });
    const filters = memoryFilters();
    const tree = new GoalsTreeProvider(model, filters);
    const statusBar = new GoalStatusBar(model);
    const label = (n: GoalTreeNode) => rowOf(tree.getTreeItem(n)).title;
    const views: Views = {
      model,
      filters,
      tree,
      statusBar,
      rows: () => tree.getChildren().map((n) => `${label(n)} | ${rowOf(tree.getTreeItem(n)).figures}`),
      labels: () => {
        const out: string[] = [];
        const walk = (nodes: GoalTreeNode[], depth: number) => {
          for (const n of nodes) {
            out.push(label(n));
            if (depth < 3) walk(tree.getChildren(n), depth + 1);
          }
        };
        walk(tree.getChildren(), 1);
        return out;
      },
    };
    opened.push(views);
    await model.refresh();
    await settled(views);
    return views;
  }

  /** Waits until no repository is loading and the status bar has caught up with the model. */
  async function settled(v: Views): Promise<void> {
    await until('the model to settle', () => (v.model.state !== 'loading' && v.model.repositories.every((r) => !r.loading && (r.index || r.error))) || undefined);
    await v.statusBar.update();
  }

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  teardown(async () => {
    for (const v of opened.splice(0)) {
      v.statusBar.dispose();
      v.tree.dispose();
      v.filters.dispose();
      await v.model.cacheWritten();
      v.model.dispose();
    }
    // Each test removes its own folders, without blocking the extension host (one holds 10,000 files).
    await Promise.all(temps.splice(0).map((d) => fs.promises.rm(d, { recursive: true, force: true })));
  });
  suiteTeardown(async () => {
    await fs.promises.rm(cacheDir, { recursive: true, force: true });
  });

  test('no commits yet: the goals show with no work; the status bar offers to link the unborn branch', async () => {
    const v = await open(repo());
    assert.strictEqual(v.model.state, 'ready');
    const r = v.rows();
    assert.strictEqual(r[0], 'Lift checkout conversion | no commits');
    assert.match(r[r.length - 1], /^Untagged work \| 0 commits/);
    assert.strictEqual(v.statusBar.text, '$(target) No goal');
  });

  test('detached HEAD: the tree counts what HEAD reaches; the status bar, with no branch, hides', async () => {
    const dir = repo();
    const first = commit(dir, 'SHOP-1 start');
    commit(dir, 'SHOP-2 more');
    git(dir, 'checkout', '-q', '--detach', first);
    const v = await open(dir);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 1 commit · /);
    assert.strictEqual(v.statusBar.text, '');
  });

  test('shallow clone: the commits it has, and a new commit in it is picked up', async () => {
    const origin = repo();
    for (let i = 0; i < 4; i++) commit(origin, `SHOP-${i} work`);
    const clone = path.join(tempDir(), 'clone');
    git(origin, 'clone', '-q', '--depth', '2', `file://${origin}`, clone);
    assert.ok(fs.existsSync(path.join(clone, '.git', 'shallow')));
    const v = await open(clone);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 2 commits · /);
    await watchersLive(v.model, [path.join(clone, '.git', 'refs', 'heads', 'main')]);
    const sha = commit(clone, 'SHOP-9 after the clone');
    await until('the model to see the new commit', () => v.model.repositories[0].index?.head === sha || undefined);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 3 commits · /);
  });

  test('orphan branch: its own history only, and the status bar follows it', async () => {
    const dir = repo();
    commit(dir, 'SHOP-1 on main');
    git(dir, 'checkout', '-q', '--orphan', 'search-docs');
    commit(dir, 'docs start', { 'goals.yaml': GOALS });
    const v = await open(dir);
    assert.strictEqual(v.rows()[0], 'Lift checkout conversion | no commits');
    assert.match(v.rows().find((r) => r.startsWith('Faster search')) ?? '', /^Faster search \| 1 commit · /);
    assert.strictEqual(v.statusBar.text, '$(target) search'); // the goal id in the branch name
  });

  test('linked worktree in a folder with spaces: its branch, and its commits picked up though .git is a file', async () => {
    const dir = repo();
    commit(dir, 'init');
    commit(dir, 'SHOP-2 on main');
    const wt = path.join(tempDir(), 'tree with spaces');
    git(dir, 'worktree', 'add', '-q', '-b', 'feat/search-x', wt);
    assert.ok(fs.statSync(path.join(wt, '.git')).isFile());
    const v = await open(wt);
    assert.strictEqual(v.model.repositories[0].root, wt);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 1 commit · /);
    assert.strictEqual(v.statusBar.text, '$(target) search');
    // HEAD lives in .git/worktrees/<name>, the refs in the main repository's .git: both are watched.
    await watchersLive(v.model, [path.join(dir, '.git', 'refs', 'heads', 'feat', 'search-x')]);
    const sha = commit(wt, 'SHOP-3 in the worktree');
    await until('the model to see the worktree commit', () => v.model.repositories[0].index?.head === sha || undefined);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 2 commits · /);
  });

  test('submodule: the superproject is indexed; the submodule is a repository without goals', async () => {
    const lib = tempDir();
    git(lib, 'init', '-q', '--initial-branch=main');
    commit(lib, 'lib');
    const dir = repo();
    commit(dir, 'init');
    git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
    git(dir, 'commit', '-q', '-m', 'Add lib SHOP-9');
    const v = await open(dir, path.join(dir, 'vendor', 'lib'));
    assert.deepStrictEqual(v.model.repositories.map((r) => r.root), [dir]);
    assert.deepStrictEqual(v.model.repositoriesWithoutGoals.map((r) => r.root), [path.join(dir, 'vendor', 'lib')]);
    assert.ok(v.rows().some((r) => /^Lift checkout conversion \| 1 commit · /.test(r)), v.rows().join('\n'));
  });

  test('bare repository: one clear warning, once, and no repository in the view', async () => {
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    const { shown, restore } = captureMessages('showWarningMessage');
    try {
      const v = await open(bare);
      await v.model.refresh();
      await v.model.refresh();
      assert.strictEqual(v.model.state, 'noRepository');
      assert.deepStrictEqual(shown, [`Goal Lens: ${bare} is a bare repository; Goal Lens needs a work tree`]);
    } finally {
      restore();
    }
  });

  test('a folder whose .git points to a moved repository: one warning that says so', async () => {
    const moved = tempDir();
    fs.writeFileSync(path.join(moved, '.git'), 'gitdir: /nonexistent/worktrees/x\n');
    const { shown, restore } = captureMessages('showWarningMessage');
    try {
      const v = await open(moved);
      await v.model.refresh();
      assert.strictEqual(v.model.state, 'noRepository');
      assert.deepStrictEqual(shown, [
        `Goal Lens: ${moved} cannot be read as a git repository: its .git points to /nonexistent/worktrees/x, which is not a repository (a worktree or submodule that was moved or removed?)`,
      ]);
    } finally {
      restore();
    }
  });

  test("a repository of another user (git's dubious ownership): one warning that says how to trust it; Goal Lens trusts nothing itself", async () => {
    const dir = repo();
    commit(dir, 'SHOP-1 start');
    const globalConfig = path.join(tempDir(), 'gitconfig');
    fs.writeFileSync(globalConfig, '');
    const { shown, restore } = captureMessages('showWarningMessage');
    // git's own switch for its safe.directory tests: the repository counts as another user's.
    const model = new GoalLensModel({ folders: () => [dir], cacheDir, gitEnv: { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1', GIT_CONFIG_GLOBAL: globalConfig } });
    try {
      await model.refresh();
      await model.refresh();
      assert.strictEqual(model.state, 'noRepository');
      assert.deepStrictEqual(shown, [
        `Goal Lens: ${dir} belongs to another user, so git refuses to read it; if you trust it, run: git config --global --add safe.directory '${dir}'`,
      ]);
      assert.strictEqual(fs.readFileSync(globalConfig, 'utf8'), '', 'no safe.directory written');
    } finally {
      restore();
      model.dispose();
    }
  });

  test('non-UTF-8 commit messages: shown decoded, their links intact', async () => {
    const dir = repo();
    commit(dir, 'init');
    fs.writeFileSync(path.join(dir, 'latin.txt'), 'x');
    git(dir, 'add', '-A');
    const msg = path.join(tempDir('goal-lens-msg-'), 'MSG');
    fs.writeFileSync(msg, Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' SHOP-5\n')]));
    git(dir, '-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '-q', '-F', msg);
    fs.writeFileSync(path.join(dir, 'raw.txt'), 'y');
    git(dir, 'add', '-A');
    fs.writeFileSync(msg, Buffer.concat([Buffer.from('Broken '), Buffer.from([0xff, 0xfe]), Buffer.from(' bytes\n\nGoal: search\n')]));
    git(dir, 'commit', '-q', '-F', msg);
    const v = await open(dir);
    const labels = v.labels();
    assert.ok(labels.includes('Café SHOP-5'), labels.join('\n'));
    assert.ok(labels.some((l) => /^Broken .* bytes$/.test(l)), labels.join('\n'));
    assert.match(v.rows().find((r) => r.startsWith('Faster search')) ?? '', /^Faster search \| 1 commit · /);
  });

  test('branch names with unicode, space-like characters and a leading dash: shown as names, never read as options', async () => {
    const dir = repo();
    commit(dir, 'init');
    git(dir, 'checkout', '-q', '-b', 'feat/søk-search');
    commit(dir, 'wip on søk');
    const v = await open(dir);
    assert.strictEqual(v.statusBar.text, '$(target) search');
    // a no-break space and an ideographic space look like spaces, and git allows them in names
    git(dir, 'checkout', '-q', '-b', 'wip/checkout\u00a0nbsp\u3000wide');
    await v.model.refresh();
    await settled(v);
    assert.strictEqual(v.statusBar.text, '$(target) checkout');
    // git refuses `git branch -c`, but a ref can still be named so: HEAD on refs/heads/-c
    git(dir, 'update-ref', 'refs/heads/-c', 'HEAD');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/-c');
    git(dir, 'config', 'branch.-c.goal', 'search');
    await v.model.refresh();
    await settled(v);
    assert.strictEqual(v.model.repositories[0].stale, false, v.model.repositories[0].error);
    assert.strictEqual(v.statusBar.text, '$(target) search');
  });

  test('a commit touching 10,000 files with a 1 MB message', async function () {
    this.timeout(120_000);
    const dir = repo();
    commit(dir, 'init');
    const files: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) files[`many/f${i}.txt`] = `${i}\n`;
    commit(dir, 'Bulk rename SHOP-77', files);
    commit(dir, `Huge message\n\n${'lorem ipsum '.repeat(90_000)}\nSHOP-78\n\nGoal: search\n`);
    const v = await open(dir);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 2 commits · /);
    assert.match(v.rows().find((r) => r.startsWith('Faster search')) ?? '', /^Faster search \| 1 commit · /);
    assert.ok(v.labels().includes('Huge message'));
  });

  test('goals.yaml deleted, then renamed back while open in an editor: the view follows both; a folder in its place is said so', async function () {
    this.timeout(60_000);
    const dir = repo();
    commit(dir, 'SHOP-1 start');
    const v = await open(dir);
    const goals = path.join(dir, 'goals.yaml');
    await vscode.window.showTextDocument(vscode.Uri.file(goals));
    await watchersLive(v.model, [goals]);
    fs.renameSync(goals, path.join(dir, 'goals.old.yaml'));
    await until('the model to lose the goals file', () => v.model.state === 'noGoalsFile' || undefined);
    assert.deepStrictEqual(v.model.repositories, []);
    assert.deepStrictEqual(v.model.repositoriesWithoutGoals.map((r) => r.root), [dir]);
    await v.statusBar.update();
    assert.strictEqual(v.statusBar.text, '');
    // The model now watches for the file to come back, with a watcher VS Code starts a moment later: until that
    // one reports the return, the file is taken away and brought back again.
    const deadline = Date.now() + 30_000;
    for (let seen = false; !seen; ) {
      const before = v.model.refreshCount;
      fs.renameSync(path.join(dir, 'goals.old.yaml'), goals);
      seen = await until('a refresh', () => v.model.refreshCount > before, 2_000).then(
        () => true,
        () => false,
      );
      if (seen) break;
      if (Date.now() > deadline) throw new Error('no file watcher reported goals.yaml coming back within 30 s');
      fs.renameSync(goals, path.join(dir, 'goals.old.yaml'));
    }
    await until('the model to find the goals file again', () => v.model.repositories[0]?.index);
    await settled(v);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 1 commit · /);
    await watchersLive(v.model, [goals]); // the repository's watchers are new too
    fs.rmSync(goals);
    await until('the model to see the deletion', () => v.model.state === 'noGoalsFile' || undefined);
    // A folder where goals.yaml should be: said in the view, in words.
    fs.mkdirSync(goals);
    await v.model.refresh();
    await settled(v);
    const [entry] = v.model.repositories as readonly { error?: string }[]; // (narrowed to [] by the assert above)
    assert.match(entry?.error ?? '', /^cannot read the goals file .*goals\.yaml: it is a folder, not a file$/);
    assert.ok(v.rows().some((r) => r.includes('it is a folder, not a file')), v.rows().join('\n'));
  });

  test('a merge in progress: the committed history, untouched', async () => {
    const dir = repo();
    commit(dir, 'base', { 'a.txt': 'base\n' });
    git(dir, 'checkout', '-q', '-b', 'other');
    commit(dir, 'theirs', { 'a.txt': 'theirs\n' });
    git(dir, 'checkout', '-q', 'main');
    commit(dir, 'SHOP-3 ours', { 'a.txt': 'ours\n' });
    assert.throws(() => git(dir, 'merge', 'other'));
    const v = await open(dir);
    assert.match(v.rows()[0], /^Lift checkout conversion \| 1 commit · /);
    assert.match(v.rows()[v.rows().length - 1], /^Untagged work \| 1 commit/);
    assert.strictEqual(v.statusBar.text, '$(target) No goal');
    assert.ok(fs.existsSync(path.join(dir, '.git', 'MERGE_HEAD')), 'still merging');
  });
});
