// One figure per goal everywhere: the Goals tree, the status bar, the dashboard and the report read the core
// figures (src/core/figures/figures.ts), so they agree for the same goal and window. Also: the tree's filter in its
// description, getParent on every node (reveal), and a change that refreshes only the rows it touched.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { TIME_WINDOWS, timeWindowSince } from '../../../src/core/figures/figures';
import { buildReport } from '../../../src/core/reports/report';
import type { GoalLensApi } from '../../../src/extension/extension';
import { dashboardDataFor } from '../../../src/extension/views/dashboard';
import type { GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { activateApi, description, EXTENSION_ID, folder, git, label, until } from './helpers';

// Nodes come from the extension's bundle, not this file's imports: they are told apart by shape, not instanceof.
type GoalRow = GoalTreeNode & { goal: { id: string }; figures?: { totalCommits: number; own: readonly unknown[]; share: number } };
type CommitmentRow = GoalTreeNode & { commitment: { what: string; state: string } };
const isGoalRow = (n: GoalTreeNode): n is GoalRow => 'goal' in n && 'slot' in n;
const isCommitmentRow = (n: GoalTreeNode): n is CommitmentRow => 'commitment' in n;

const COMMITMENTS = `    commitments:
      - { what: One-click retry, due: 2026-01-10, done: 2026-01-09 }
      - { what: Saved cards first, due: 2026-01-10, done: 2026-01-20 }
      - { what: Wallet payments, due: 2026-01-10 }
      - { what: Address autocomplete, due: 2099-01-01 }
      - { what: Tidy the checkout page, done: 2026-01-05 }
      - { what: Explore gift cards }
`;

suite('Figures: tree, status bar, dashboard and report agree', () => {
  let api: GoalLensApi;
  let goalsPath: string;
  let original: string;

  /** Every node of the tree, depth first, each with the parent it was listed under. */
  function walk(parent?: GoalTreeNode): { node: GoalTreeNode; parent: GoalTreeNode | undefined }[] {
    const out: { node: GoalTreeNode; parent: GoalTreeNode | undefined }[] = [];
    for (const node of api.goalsTree.getChildren(parent)) {
      out.push({ node, parent });
      out.push(...walk(node));
    }
    return out;
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    goalsPath = path.join(folder(), 'goals.yaml');
    original = fs.readFileSync(goalsPath, 'utf8');
    // checkout-conversion gets a commitment in each state (as of any day between 2026-01-11 and 2098).
    const withCommitments = original.replace(/(\n {2}- id: checkout-conversion\n(?: {4}.*\n)*)/, (m) => `${m}${COMMITMENTS}`);
    assert.notStrictEqual(withCommitments, original, 'the fixture has checkout-conversion');
    fs.writeFileSync(goalsPath, withCommitments);
    await api.model.refresh();
    await until('the commitments in the index', () => (api.model.repositories[0]?.index?.goals.get('checkout-conversion')?.commitments.length ?? 0) === 6 || undefined);
  });

  suiteTeardown(async () => {
    if (original !== undefined) fs.writeFileSync(goalsPath, original);
    await api?.goalsTree.setFilters({ timeWindow: 'all', onlyMine: false });
    await api?.model.refresh();
  });

  test('the tree and the dashboard give every commitment the same state (issue 16)', () => {
    const index = api.model.repositories[0].index;
    assert.ok(index);
    const tree = walk()
      .map((e) => e.node)
      .filter(isCommitmentRow)
      .map((n) => `${n.commitment.what}:${n.commitment.state}:${String(description(api, n)).split(' · ')[0]}`);
    const dashboard = dashboardDataFor(index, 'all').sayDo.flatMap((g) => g.commitments.map((c) => `${c.what}:${c.state}:${c.state}`));
    assert.deepStrictEqual(tree, dashboard);
    assert.deepStrictEqual(tree.map((t) => t.split(':')[1]), ['kept', 'late', 'missed', 'open', 'undated', 'undated']);
    // The rows never get the commit menus (package.json matches ^commit\.).
    for (const n of walk().map((e) => e.node).filter(isCommitmentRow)) assert.doesNotMatch(String(api.goalsTree.getTreeItem(n).contextValue), /^commit\./);
  });

  test('for each window, every goal has the same commits and share in the tree, the dashboard and the report', async function () {
    this.timeout(30_000);
    const index = api.model.repositories[0].index;
    assert.ok(index);
    for (const w of TIME_WINDOWS) {
      await api.goalsTree.setFilters({ timeWindow: w.key });
      const now = new Date();
      const report = buildReport(index, { since: timeWindowSince(w.key, now), now, staleAfterDays: 30 });
      const dashboard = dashboardDataFor(index, w.key, now);
      const goals = walk().map((e) => e.node).filter(isGoalRow);
      assert.strictEqual(goals.length, index.goals.size, `every goal is in the tree (${w.key})`);
      for (const node of goals) {
        const id = node.goal.id;
        const r = report.goals.find((g) => g.id === id);
        const d = dashboard.goals.find((g) => g.id === id);
        assert.ok(r && d && node.figures, id);
        const tree = { commits: node.figures.own.length, totalCommits: node.figures.totalCommits, share: node.figures.share };
        assert.deepStrictEqual(tree, { commits: r.commits, totalCommits: r.totalCommits, share: r.share }, `tree vs report: ${id}, ${w.label}`);
        assert.deepStrictEqual(tree, { commits: d.commits, totalCommits: d.totalCommits, share: d.share }, `tree vs dashboard: ${id}, ${w.label}`);
        const shown = description(api, node);
        assert.ok(r.totalCommits ? shown.startsWith(`${r.totalCommits} commit`) : shown === 'no commits', `${id}: '${shown}' for ${r.totalCommits}`);
        // No badge: VS Code's two-character badge read "9+" for 108; the row carries no resource decoration at all.
        assert.strictEqual(api.goalsTree.getTreeItem(node).resourceUri, undefined, `${id}: the row has a resourceUri`);
      }
      const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
      assert.ok(untagged);
      assert.ok(description(api, untagged).startsWith(`${report.totals.untagged} commit`), `untagged: ${description(api, untagged)}`);
    }
    await api.goalsTree.setFilters({ timeWindow: 'all' });
  });

  test("each goal's effort in the tree (description and tooltip) is `goal-lens effort --format json`'s, for the same window (issue 24)", async function () {
    this.timeout(60_000);
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'dist', 'cli.js');
    let compared = 0;
    for (const key of ['all', '90'] as const) {
      await api.goalsTree.setFilters({ timeWindow: key });
      const goals = walk().map((e) => e.node).filter(isGoalRow);
      const view = api.goalsTree.viewOf(api.model.repositories[0]);
      assert.ok(view && goals.length, key);
      const since = view.figures.window.since;
      const args = [cli, 'effort', '--format', 'json', ...(since === undefined ? [] : ['--since', new Date(since * 1000).toISOString()])];
      // The extension host's own node runs the command line, as a person's shell would run the same build.
      const json = JSON.parse(execFileSync(process.execPath, args, { cwd: folder(), encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })) as {
        goals: { id: string; totalPersonDays: number; totalFte: number }[];
        untagged: { personDays: number };
      };
      for (const node of goals) {
        const want = json.goals.find((g) => g.id === node.goal.id);
        assert.ok(want, node.goal.id);
        const item = api.goalsTree.getTreeItem(node);
        // The tooltip's text is escaped Markdown (appendText): read as a person sees it.
        const tip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
        const days = (Math.round(want.totalPersonDays * 10) / 10).toString();
        if (want.totalPersonDays > 0) {
          assert.ok(tip.includes(`Effort: ${days} person-days, ${(Math.round(want.totalFte * 100) / 100).toString()} FTE`), `${node.goal.id} (${key}): ${tip}`);
          assert.ok(String(item.description).includes(`${days} pd`), `${node.goal.id} (${key}): '${String(item.description)}'`);
          compared++;
        } else {
          assert.ok(!String(item.description).includes(' pd'), `${node.goal.id} (${key}): '${String(item.description)}' with no person-days`);
        }
      }
      const untagged = api.goalsTree.getChildren().find((n) => label(api, n) === 'Untagged work');
      assert.ok(untagged);
      if (json.untagged.personDays > 0) assert.ok(description(api, untagged).endsWith(`${(Math.round(json.untagged.personDays * 10) / 10).toString()} pd`), description(api, untagged));
    }
    assert.ok(compared >= 2, `only ${compared} goals with person-days were compared`);
    await api.goalsTree.setFilters({ timeWindow: 'all' });
  });

  test("the status bar gives the branch goal's all-history figure, as the report does", async () => {
    const index = api.model.repositories[0].index;
    assert.ok(index);
    await api.statusBar.update();
    const report = buildReport(index, { now: new Date(), staleAfterDays: 30 });
    const ids = api.statusBar.text.replace('$(target) ', '').split(', ');
    assert.ok(ids.length > 0 && ids[0] !== 'No goal', api.statusBar.text);
    for (const id of ids) {
      const r = report.goals.find((g) => g.id === id);
      assert.ok(r);
      assert.ok(api.statusBar.goalLines.some((l) => l.includes(`(${id}): ${r.totalCommits} commit`)), `${id}: ${api.statusBar.goalLines.join(' | ')}`);
    }
  });

  test("the view's description shows the active filter (issue 17.12)", async () => {
    await api.goalsTree.setFilters({ timeWindow: '30', onlyMine: true });
    assert.strictEqual(api.goalsTree.description, 'last 30 days · only my work');
    await api.goalsTree.setFilters({ timeWindow: 'all', onlyMine: false });
    assert.strictEqual(api.goalsTree.description, '');
  });

  test('every node knows its parent, so reveal works', async () => {
    const all = walk();
    assert.ok(all.length > 10);
    for (const { node, parent } of all) assert.strictEqual(api.goalsTree.getParent(node), parent, label(api, node));
    const deepest = all.find((e) => isCommitmentRow(e.node));
    assert.ok(deepest);
    await api.goalsTree.createView().reveal(deepest.node, { select: true, focus: false, expand: false });
  });

  test('tagging a commit refreshes the rows whose figures changed, not the whole tree', async function () {
    this.timeout(30_000);
    walk(); // VS Code has asked for every row: the provider knows them
    const fired: (GoalTreeNode | GoalTreeNode[] | undefined | null | void)[] = [];
    const sub = api.goalsTree.onDidChangeTreeData((e) => fired.push(e));
    const sha = git('log', '--all', '--format=%H', '--fixed-strings', '--grep=Tidy the build script').split('\n')[0];
    try {
      await vscode.commands.executeCommand('goalLens.tagCommit', sha, 'search-latency');
      await until('a tree refresh', () => fired.length > 0 || undefined);
      const changed = fired.flatMap((e) => (Array.isArray(e) ? e : [e]));
      assert.ok(!changed.includes(undefined), 'no whole-tree refresh');
      const labels = changed.map((n) => (n ? label(api, n) : '(all)')).sort();
      assert.deepStrictEqual(labels, ['Search answers in under 200 ms', 'Untagged work']);
    } finally {
      sub.dispose();
      git('notes', '--ref=goals', 'remove', '--ignore-missing', sha);
      await api.model.refresh();
      await until('the commit untagged again', () => !api.model.repositories[0]?.index?.links.get(sha) || undefined);
    }
  });
});
