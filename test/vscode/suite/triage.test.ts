// Triage of untagged work in a real VS Code: a real model on a temporary repository and the real Goals tree on
// it. Untagged rows show their first suggestion and its evidence; accepting one writes the note and moves the
// commit under its goal; a multi-selection accepts several. The commands are registered in the window too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { GoalLensModel } from '../../../src/extension/model/model';
import { acceptSuggestions, undoWritten } from '../../../src/extension/triage';
import { GoalsTreeProvider, type GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { activateApi, captureMessages, closeModel, extensionApi, git as fixtureGit, gitIn, memoryFilters, rowOf, until } from './helpers';

const GOALS = [
  'version: 1',
  'goals:',
  '  - id: checkout',
  '    title: Lift checkout conversion',
  '    paths: [src/checkout/**]',
  '  - id: search',
  '    title: Faster search',
  '    paths: [src/search/**]',
  '',
].join('\n');

const ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

suite('Triage of untagged work (real model and Goals tree)', () => {
  let dir: string;
  let cacheDir: string;
  let model: GoalLensModel;
  let tree: GoalsTreeProvider;
  const filters = memoryFilters();
  const git = (...args: string[]): string => gitIn(dir, ['-c', 'core.hooksPath=/dev/null', ...args], ENV);
  const commit = (message: string, file: string): string => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.appendFileSync(path.join(dir, file), `${message}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const label = (n: GoalTreeNode): string => rowOf(tree.getTreeItem(n)).title;
  const find = (nodes: GoalTreeNode[], text: string): GoalTreeNode | undefined => nodes.find((n) => label(n) === text);
  const untaggedRows = (): GoalTreeNode[] => {
    const node = find(tree.getChildren(), 'Untagged work');
    return node ? tree.getChildren(node) : [];
  };
  /** Labels of the recent commits under a goal. */
  const commitsOf = (title: string): string[] => {
    const goal = find(tree.getChildren(), title);
    const recent = goal && find(tree.getChildren(goal), 'Recent commits');
    return recent ? tree.getChildren(recent).map(label) : [];
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-triage-')));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-triage-cache-'));
    git('init', '-q', '--initial-branch=main');
    fs.writeFileSync(path.join(dir, 'goals.yaml'), GOALS);
    commit('Add goals', 'README.md');
    commit('Cart totals\n\nGoal: checkout', 'src/checkout/cart.ts');
    commit('Ranking\n\nGoal: search', 'src/search/rank.ts');
    commit('Cart rounding', 'src/checkout/cart.ts');
    commit('Synonyms list', 'src/search/synonyms.ts');
    commit('Address form', 'src/checkout/address.ts');
    model = new GoalLensModel({ folders: () => [dir], cacheDir });
    tree = new GoalsTreeProvider(model, filters);
    await model.refresh();
    await until('the index', () => model.repositories[0]?.index);
  });

  suiteTeardown(async () => {
    tree.dispose();
    filters.dispose();
    await closeModel(model, dir, cacheDir);
  });

  test('each untagged row shows its first suggestion, with the evidence in its tooltip', async () => {
    const row = await until('the suggestions in the tree', () => {
      const r = find(untaggedRows(), 'Cart rounding');
      return r && /^→ checkout \d+% · /.test(String(tree.getTreeItem(r).description)) ? r : undefined;
    });
    const item = tree.getTreeItem(row);
    assert.strictEqual(item.contextValue, 'commit.untagged.suggested', 'the inline Accept action shows on such rows');
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.strictEqual(tooltip.isTrusted, false);
    const text = tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.ok(text.includes('Suggested:** Lift checkout conversion (checkout), confidence'), text);
    assert.ok(text.includes('changes src/checkout/cart.ts, in its paths (src/checkout/**)'), text);
  });

  test('accepting a suggestion writes the note and moves the commit under its goal', async () => {
    const row = find(untaggedRows(), 'Cart rounding') as GoalTreeNode & { commit: { sha: string } };
    const state = model.repositories[0];
    const { done } = await acceptSuggestions(model, state, [row.commit.sha]);
    assert.deepStrictEqual(done.map((d) => d.goalId), ['checkout']);
    assert.strictEqual(git('notes', '--ref=goals', 'show', row.commit.sha), 'Goal: checkout');
    await until('the commit under its goal', () => commitsOf('Lift checkout conversion').includes('Cart rounding'));
    assert.ok(!untaggedRows().map(label).includes('Cart rounding'));
  });

  test('a multi-selection accepts several', async () => {
    const rows = await until('suggestions for the rest', () => {
      const r = untaggedRows().filter((n) => ['Synonyms list', 'Address form'].includes(label(n)));
      return r.length === 2 && r.every((n) => tree.getTreeItem(n).contextValue === 'commit.untagged.suggested') ? r : undefined;
    });
    const shas = rows.map((n) => (n as GoalTreeNode & { commit: { sha: string } }).commit.sha);
    const { done } = await acceptSuggestions(model, model.repositories[0], shas);
    assert.deepStrictEqual(done.map((d) => d.goalId).sort(), ['checkout', 'search']);
    await until('both commits under their goals', () => commitsOf('Faster search').includes('Synonyms list') && commitsOf('Lift checkout conversion').includes('Address form'));
    assert.deepStrictEqual(untaggedRows().map(label), ['Add goals']);
  });

  test('Triage Untagged Work goes through the window\'s untagged commits: Skip writes nothing, a suggestion writes the note', async function () {
    this.timeout(60_000);
    const api = await activateApi();
    const tidy = fixtureGit('log', '--all', '--format=%H', '--fixed-strings', '--grep=Tidy the build script').split('\n')[0];
    type Item = vscode.QuickPickItem & { goalId?: string; action?: string };
    const window = vscode.window as unknown as { showQuickPick: (items: Item[] | Thenable<Item[]>, options?: vscode.QuickPickOptions) => Promise<Item | undefined> };
    const original = window.showQuickPick;
    const titles: string[] = [];
    let pickSuggestion = false;
    window.showQuickPick = async (items, options) => {
      const list = await items;
      titles.push(options?.title ?? '');
      const isTidy = (options?.title ?? '').includes('Tidy the build script');
      return pickSuggestion && isTidy ? list.find((i) => i.goalId) : list.find((i) => i.action === 'skip');
    };
    // Another suite may have tagged it already (Tag Commit): untag it for this test, and put its note back after.
    let before: string | undefined;
    try {
      before = fixtureGit('notes', '--ref=goals', 'show', tidy);
      fixtureGit('notes', '--ref=goals', 'remove', tidy);
    } catch {
      before = undefined;
    }
    await api.model.refresh();
    const messages = captureMessages('showInformationMessage');
    try {
      const skipped = (await vscode.commands.executeCommand('goalLens.triageUntagged')) as { tagged: number; skipped: number };
      assert.ok(titles.some((t) => /^Triage untagged work \(1 of \d+\): [0-9a-f]{8} /.test(t)), JSON.stringify({ titles, skipped, shown: messages.shown }));
      assert.ok(titles.some((t) => t.includes('Tidy the build script')), JSON.stringify(titles));
      assert.deepStrictEqual(skipped, { tagged: 0, skipped: titles.length });
      assert.throws(() => fixtureGit('notes', '--ref=goals', 'show', tidy), 'Skip writes no note');
      titles.length = 0;
      pickSuggestion = true;
      const tagged = (await vscode.commands.executeCommand('goalLens.triageUntagged')) as { tagged: number; skipped: number };
      assert.deepStrictEqual(tagged, { tagged: 1, skipped: titles.length - 1 });
      assert.match(fixtureGit('notes', '--ref=goals', 'show', tidy), /^Goal: [\w-]+$/);
      assert.ok(messages.shown.some((m) => /triage tagged 1 \([\w-]+\) and skipped/.test(m)), JSON.stringify(messages.shown));
    } finally {
      window.showQuickPick = original;
      messages.restore();
      // Leave the shared fixture as this test found it.
      try {
        fixtureGit('notes', '--ref=goals', 'remove', '--ignore-missing', tidy);
      } catch {
        // no notes ref at all
      }
      if (before !== undefined) fixtureGit('notes', '--ref=goals', 'add', '-f', '-m', before, tidy);
      await api.model.refresh();
    }
  });

  test('Undo removes exactly the goals an accept wrote, and keeps what the notes said before', async () => {
    const synonyms = git('log', '-1', '--format=%H', '--', 'src/search/synonyms.ts');
    const address = git('log', '-1', '--format=%H', '--', 'src/checkout/address.ts');
    const before = { synonyms: git('notes', '--ref=goals', 'show', synonyms), address: git('notes', '--ref=goals', 'show', address) };
    // One more commit with a suggestion, whose note already says something else.
    const extra = commit('Cart coupon', 'src/checkout/cart.ts');
    git('notes', '--ref=goals', 'add', '-m', 'Checked in review', extra);
    await model.refresh();
    const state = model.repositories[0];
    // Accepting a commit whose note names its goal already writes nothing for it, and Undo leaves that note.
    const { done } = await acceptSuggestions(model, state, [extra, synonyms]);
    assert.deepStrictEqual(done.map((d) => [d.goalId, d.added]), [['checkout', true], ['search', false]]);
    assert.strictEqual(git('notes', '--ref=goals', 'show', extra), 'Checked in review\n\nGoal: checkout');
    assert.strictEqual(await undoWritten(model, state, done), 1);
    assert.strictEqual(git('notes', '--ref=goals', 'show', extra), 'Checked in review');
    assert.deepStrictEqual({ synonyms: git('notes', '--ref=goals', 'show', synonyms), address: git('notes', '--ref=goals', 'show', address) }, before);
    await until('the commit back under Untagged work', () => untaggedRows().map(label).includes('Cart coupon') || undefined);
  });

  test('Triage: the commit\'s changes open beside the picker; Another goal… offers no goal of the checked-out branch; Undo', async function () {
    this.timeout(60_000);
    const api = await activateApi();
    // The fixture has feat/checkout-retry checked out (it serves checkout-conversion); the untagged commit is on main.
    const tidy = fixtureGit('log', '--all', '--format=%H', '--fixed-strings', '--grep=Tidy the build script').split('\n')[0];
    assert.strictEqual(fixtureGit('rev-parse', '--abbrev-ref', 'HEAD'), 'feat/checkout-retry');
    assert.ok(fixtureGit('branch', '--contains', tidy).includes('main'));
    type Item = vscode.QuickPickItem & { goalId?: string; action?: string; goal?: { id: string } };
    const window = vscode.window as unknown as { showQuickPick: (items: Item[] | Thenable<Item[]>, options?: vscode.QuickPickOptions) => Promise<Item | undefined> };
    const original = window.showQuickPick;
    const goalPickers: Item[][] = [];
    let tabsWhenAsked: string[] = [];
    window.showQuickPick = async (items, options) => {
      const list = await items;
      if ((options?.placeHolder ?? '').startsWith('Goal that')) {
        goalPickers.push(list);
        return list.find((i) => i.goal?.id === 'search-latency');
      }
      if (!(options?.title ?? '').includes('Tidy the build script')) return list.find((i) => i.action === 'skip');
      // The diff editor's tab registers a moment after the command that opens it resolves: wait for it, bounded.
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
      const opened = (t: string) => t.includes('Tidy the build script') || t.includes(tidy.slice(0, 8));
      await until('the commit changes to open beside the picker', () => tabs().some(opened) || undefined, 10_000).catch(() => undefined);
      tabsWhenAsked = tabs();
      return list.find((i) => i.action === 'other');
    };
    const info = vscode.window as unknown as { showInformationMessage: (m: string, ...items: string[]) => Promise<string | undefined> };
    const originalInfo = info.showInformationMessage;
    const messages: string[] = [];
    info.showInformationMessage = async (m: string, ...items: string[]) => {
      messages.push(m);
      return /triage tagged 1/.test(m) && items.includes('Undo') ? 'Undo' : undefined;
    };
    try {
      const result = (await vscode.commands.executeCommand('goalLens.triageUntagged')) as { tagged: number; skipped: number };
      assert.ok(tabsWhenAsked.some((t) => t.includes('Tidy the build script') || t.includes(tidy.slice(0, 8))), JSON.stringify(tabsWhenAsked));
      assert.strictEqual(goalPickers.length, 1);
      const details = goalPickers[0].map((i) => `${i.label} | ${i.detail ?? ''}`);
      assert.ok(!details.some((d) => /suggested: branch /.test(d)), details.join('\n'));
      assert.strictEqual(result.tagged, 1);
      assert.ok(messages.some((m) => /triage tagged 1 \(search-latency\)/.test(m)), JSON.stringify(messages));
      // Undo (answered in the message) removes the note triage wrote, then says so.
      await until('Undo to say it removed the note', () => messages.some((m) => /removed the goal just written/.test(m)) || undefined);
      assert.throws(() => fixtureGit('notes', '--ref=goals', 'show', tidy), 'the note triage wrote is gone');
    } finally {
      window.showQuickPick = original;
      info.showInformationMessage = originalInfo;
      try {
        fixtureGit('notes', '--ref=goals', 'remove', '--ignore-missing', tidy);
      } catch {
        // no notes ref at all
      }
      await api.model.refresh();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('the window registers Accept Suggested Goal and Triage Untagged Work', async () => {
    await extensionApi();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('goalLens.acceptSuggestion'));
    assert.ok(commands.includes('goalLens.triageUntagged'));
  });
});
