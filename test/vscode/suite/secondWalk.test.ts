// What a user met on a second walk through Goal Lens (issue 27): a view-title button handed the focused row, a
// command failure nobody could find afterwards, and "Only my work" holding on to an old user.email.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import type { GoalTreeNode } from '../../../src/extension/views/goalsTree';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoalLensModel } from '../../../src/extension/model/model';
import { untaggedSuggestions } from '../../../src/extension/model/suggestions';
import { acceptSuggestions } from '../../../src/extension/triage';
import { GoalsTreeProvider } from '../../../src/extension/views/goalsTree';
import { GoalStatusBar } from '../../../src/extension/views/statusBar';
import { activateApi, captureMessages, git, gitIn, label, memoryFilters, until } from './helpers';

/** Answers the next showQuickPick with the item `choose` picks from its items; records what was offered. */
function answerQuickPick(choose: (items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined): { offered: { items: vscode.QuickPickItem[]; placeHolder?: string }[]; restore(): void } {
  const window = vscode.window as unknown as { showQuickPick: (items: unknown, options?: vscode.QuickPickOptions) => Thenable<unknown> };
  const original = window.showQuickPick;
  const offered: { items: vscode.QuickPickItem[]; placeHolder?: string }[] = [];
  window.showQuickPick = async (items: unknown, options?: vscode.QuickPickOptions) => {
    const list = (await Promise.resolve(items)) as vscode.QuickPickItem[];
    offered.push({ items: list, placeHolder: options?.placeHolder });
    return choose(list);
  };
  return { offered, restore: () => void (window.showQuickPick = original) };
}

const kind = (api: GoalLensApi, node: GoalTreeNode): string => api.goalsTree.getTreeItem(node).contextValue ?? '';

/** Records what is written to the Goal Lens output channel until `restore()`. */
function recordLog(api: GoalLensApi): { lines: string[]; restore(): void } {
  const log = api.log as { appendLine(line: string): void };
  const original = log.appendLine.bind(log);
  const lines: string[] = [];
  log.appendLine = (line: string) => {
    lines.push(line);
    original(line);
  };
  return { lines, restore: () => void (log.appendLine = original) };
}

suite('Second walk: title buttons, command errors, only my work', () => {
  let api: GoalLensApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
  });

  teardown(async () => {
    await api.goalsTree.setFilters({ timeWindow: 'all', onlyMine: false, showClosed: false });
  });

  test('Show Achieved and Dropped Goals reads the same in the view header', async () => {
    await vscode.commands.executeCommand('goalLens.showClosed');
    assert.strictEqual(api.goalsTree.description, 'achieved and dropped goals shown');
  });

  test('Set Time Window… from the title bar with a goal row selected opens the picker and sets the window', async () => {
    // The suite's copies of the node classes are not the bundle's: rows are told apart by their context value.
    const row = await until('a goal row to select', () => api.goalsTree.getChildren().find((n) => kind(api, n).startsWith('goal.')));
    const errors = captureMessages('showErrorMessage');
    const picker = answerQuickPick((items) => items.find((i) => i.label === 'Last 30 days'));
    try {
      // What VS Code passes to a view/title command: the focused row, then the selected rows.
      const chosen = await vscode.commands.executeCommand('goalLens.setTimeWindow', row, [row]);
      assert.deepStrictEqual(errors.shown, []);
      assert.strictEqual(picker.offered.length, 1, 'the window picker opened');
      assert.strictEqual(chosen, '30');
      assert.strictEqual(api.filters.value.timeWindow, '30');
      assert.strictEqual(api.goalsTree.description, 'last 30 days');
      // The picker says which window is in use now.
      const again = answerQuickPick(() => undefined);
      try {
        await vscode.commands.executeCommand('goalLens.setTimeWindow', row, [row]);
      } finally {
        again.restore();
      }
      const current = again.offered[0].items.filter((i) => i.description?.includes('current'));
      assert.deepStrictEqual(current.map((i) => i.label), ['Last 30 days']);
      assert.strictEqual(api.filters.value.timeWindow, '30', 'Escape keeps the window');
    } finally {
      picker.restore();
      errors.restore();
    }
  });

  test('a filter never takes a value of the wrong kind, so nothing broken is stored for the next window', async () => {
    await api.filters.set({ timeWindow: { not: 'a window' } as never, onlyMine: 'yes' as never });
    assert.strictEqual(api.filters.value.timeWindow, 'all');
    assert.strictEqual(api.filters.value.onlyMine, false);
  });

  test('a command that fails says so in a toast and in the Goal Lens output channel, with its stack', async () => {
    const root = api.model.repositories[0].root;
    const errors = captureMessages('showErrorMessage');
    const log = recordLog(api);
    try {
      await vscode.commands.executeCommand('goalLens.openCommit', { root, sha: 'no-such-commit' });
    } finally {
      log.restore();
      errors.restore();
    }
    assert.strictEqual(errors.shown.length, 1, `toasts: ${JSON.stringify(errors.shown)}`);
    const line = log.lines.find((l) => l.includes('goalLens.openCommit failed'));
    assert.ok(line, `output channel: ${JSON.stringify(log.lines)}`);
    assert.match(line, /no-such-commit/);
    assert.match(line, /\n\s+at /, 'the stack is logged');
  });

  test('"Only my work" follows a changed git config user.email, and says which email it uses when nothing matches', async function () {
    this.timeout(60_000);
    const before = git('config', '--get', 'user.email');
    const state = () => api.model.repositories[0];
    const counted = () => {
      const s = state();
      return s.index ? api.goalsTree.viewOf(s)?.figures.totals.commits : undefined;
    };
    const messages = () => api.goalsTree.getChildren().filter((n) => kind(api, n) === 'message').map((n) => label(api, n));
    try {
      await api.goalsTree.setFilters({ onlyMine: true });
      const mine = counted();
      assert.ok(mine !== undefined && mine > 1, `commits by ${before}: ${mine}`);
      // Changed in the terminal: the .git/config watcher reads it again, no Refresh, no reload.
      git('config', 'user.email', 'ana@example.com');
      await until('only Ana\'s commit to count', () => state().userEmail === 'ana@example.com' && counted() === 1);
      git('config', 'user.email', 'nobody@example.com');
      await until('the row that says whose work is looked for', () => messages().find((m) => m.includes('nobody@example.com'))).catch((e: Error) => {
        throw new Error(`${e.message}: ${state().userEmail}, ${counted()} commits, rows ${JSON.stringify(api.goalsTree.getChildren().map((n) => label(api, n)))}`);
      });
      assert.deepStrictEqual(messages().filter((m) => m.includes('@')), ['No commits by nobody@example.com in all history']);
    } finally {
      git('config', 'user.email', before);
      await until('the email to be read back', () => state().userEmail === before);
    }
  });

  test('an old branch merged into main, checked out: the view names it, the tooltip says "on this branch", accepting writes no redundant note', async function () {
    this.timeout(60_000);
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-merged-')));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-merged-cache-'));
    const env = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
    const g = (...args: string[]) => gitIn(dir, ['-c', 'core.hooksPath=/dev/null', ...args], env);
    const commit = (file: string, message: string) => {
      fs.writeFileSync(path.join(dir, file), `${message}\n`);
      g('add', '-A');
      g('commit', '-q', '-m', message);
    };
    g('init', '-q', '--initial-branch=main');
    fs.writeFileSync(path.join(dir, 'goals.yaml'), 'version: 1\ngoals:\n  - id: search-relevance\n    title: Search finds the right product\n    paths: [search/**]\n');
    commit('a.txt', 'Start');
    g('checkout', '-q', '-b', 'feat/search-relevance-15');
    fs.mkdirSync(path.join(dir, 'search'));
    commit('search/b.txt', 'Rank by clicks');
    commit('search/c.txt', 'Rank by stock');
    g('checkout', '-q', 'main');
    g('merge', '-q', '--no-ff', '-m', "Merge branch 'feat/search-relevance-15'", 'feat/search-relevance-15');
    commit('d.txt', 'Later work on main');
    g('checkout', '-q', 'feat/search-relevance-15');
    const ranked = g('rev-parse', 'HEAD');

    const model = new GoalLensModel({ folders: () => [dir], cacheDir });
    const tree = new GoalsTreeProvider(model, memoryFilters());
    const statusBar = new GoalStatusBar(model);
    try {
      await model.refresh();
      const state = await until('the index and the merge that brought HEAD', () => model.repositories.find((r) => r.index && !r.loading && r.mergedHead));
      const rows = tree.getChildren().map((n) => {
        const item = tree.getTreeItem(n);
        return `${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')} | ${String(item.description ?? '')}`;
      });
      assert.ok(rows[0].startsWith('On feat/search-relevance-15, merged into main | '), JSON.stringify(rows));
      statusBar.update();
      assert.ok(statusBar.goalLines.length > 0 && statusBar.goalLines.every((l) => !l.includes('all history')), JSON.stringify(statusBar.goalLines));
      assert.match(statusBar.goalLines[0], /on this branch|no commits yet/);
      // The branch's own commit is untagged here, and suggested for the branch's goal ...
      const suggested = await untaggedSuggestions.forCommit(state, ranked);
      assert.strictEqual(suggested[0]?.goalId, 'search-relevance', JSON.stringify(suggested));
      // ... which main already gives it through the merge: accepting writes no note.
      const result = await acceptSuggestions(model, state, [ranked]);
      assert.deepStrictEqual(result.done, []);
      assert.strictEqual(result.viaMerge, 1);
      assert.strictEqual(g('notes', '--ref=goals', 'list'), '', 'no note was written');
    } finally {
      statusBar.dispose();
      tree.dispose();
      model.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test('keyboard triage: Tag Commit with Goal on an untagged row leaves the selection on the next untagged row (finding 14)', async function () {
    this.timeout(60_000);
    // On main: a commit on the checked-out feature branch serves its goal through the branch.
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
    const main = git('rev-parse', 'main');
    const made: string[] = [];
    try {
      git('checkout', '-q', 'main');
      for (const subject of ['Untagged one', 'Untagged two', 'Untagged three']) {
        git('commit', '-q', '--allow-empty', '-m', subject);
        made.push(git('rev-parse', 'HEAD'));
      }
      await api.model.refresh();
      await until('the new commits in the index', () => api.model.repositories[0].index?.bySha.has(made[2]) || undefined);
      const view = api.goalsTree.createView();
      const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
      assert.ok(untagged);
      const rows = api.goalsTree.getChildren(untagged);
      const shas = rows.map((n) => (n as GoalTreeNode & { commit: { sha: string } }).commit.sha);
      // Newest first: "Untagged three", then "Untagged two".
      assert.deepStrictEqual(shas.slice(0, 2), [made[2], made[1]]);
      assert.strictEqual(api.goalsTree.nextUntagged(api.model.repositories[0], made[2]), made[1], 'the row after the first');
      const log = recordLog(api);
      let selected: GoalTreeNode;
      try {
        await vscode.commands.executeCommand('goalLens.tagCommit', rows[0], 'search-latency');
        selected = await until('the next untagged row selected', () => {
          const sel = view.selection[0] as (GoalTreeNode & { commit?: { sha: string } }) | undefined;
          return sel?.commit?.sha === made[1] ? sel : undefined;
        }).catch((e: Error) => {
          throw new Error(`${e.message}; selection ${JSON.stringify(view.selection.map((n) => label(api, n)))}, visible ${view.visible}; log: ${log.lines.join(' | ')}`);
        });
      } finally {
        log.restore();
      }
      assert.strictEqual(kind(api, selected).startsWith('commit.'), true, kind(api, selected));
    } finally {
      for (const sha of made) {
        try {
          git('notes', '--ref=goals', 'remove', sha);
        } catch {
          // only the tagged one has a note
        }
      }
      git('checkout', '-q', '-f', branch);
      git('branch', '-f', 'main', main);
      await api.model.refresh();
    }
  });
});
