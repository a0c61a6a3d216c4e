// Flow in the Goals view: a goal's tooltip gives the same lead time as `goal-lens report --format json` for the same
// goal and window (both read the core flow figures, src/core/figures/flow.ts), and so does Export Report.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { formatDuration } from '../../../src/core/figures/flow';
import type { GoalFlowReport } from '../../../src/core/reports/flowReport';
import { DATA_ELEMENT_ID } from '../../../src/core/reports/htmlReport';
import type { GoalLensApi } from '../../../src/extension/extension';
import type { GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { cli } from '../../helpers/cli';
import { activateApi, captureMessages, folder, git, gitIn, replacing, until } from './helpers';

type GoalRow = GoalTreeNode & { goal: { id: string } };
const isGoalRow = (n: GoalTreeNode): n is GoalRow => 'goal' in n && 'slot' in n;

suite('Flow: the Goals view tooltip and the JSON report agree', () => {
  let api: GoalLensApi;
  let oldMain = '';
  let oldHead = '';
  let headBranch = '';
  let merge = '';

  /** A commit made with plumbing (no checkout: the work tree stays as it is), dated `when`. */
  function commitTree(tree: string, parents: string[], message: string, when: string): string {
    const env = { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when, GIT_AUTHOR_NAME: 'Test User', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test User', GIT_COMMITTER_EMAIL: 'test@example.com' };
    return gitIn(folder(), ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], env);
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    oldMain = git('rev-parse', 'main');
    oldHead = git('rev-parse', 'HEAD');
    headBranch = git('symbolic-ref', '--short', 'HEAD');
    // main gets a merged branch (work authored on Oct 2, merged on Oct 5 at noon); the checked-out branch merges
    // main, so HEAD reaches it. Trees are unchanged: the work tree and the other suites' files stay as they are.
    const mainTree = git('rev-parse', 'main^{tree}');
    const work = commitTree(mainTree, [oldMain], 'Speed up the payment page\n\nGoal: checkout-conversion', '2026-10-02T00:00:00Z');
    merge = commitTree(mainTree, [oldMain, work], "Merge branch 'feat/checkout-speed'", '2026-10-05T12:00:00Z');
    const head = commitTree(git('rev-parse', 'HEAD^{tree}'), [oldHead, merge], `Merge branch 'main' into ${headBranch}`, '2026-10-06T00:00:00Z');
    git('update-ref', 'refs/heads/main', merge, oldMain);
    git('update-ref', `refs/heads/${headBranch}`, head, oldHead);
    await api.model.refresh();
    await until('the merge in the deliveries', () => api.model.repositories[0]?.deliveries?.deliveries.some((d) => d.sha === merge) || undefined, 30_000);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if (oldHead) git('update-ref', `refs/heads/${headBranch}`, oldHead);
    if (oldMain) git('update-ref', 'refs/heads/main', oldMain);
    await api?.goalsTree.setFilters({ timeWindow: 'all' });
    await api?.model.refresh();
  });

  for (const [window, since] of [
    ['all', undefined],
    ['90', '90d'],
  ] as const) {
    test(`the tooltip's lead time is the report's (window ${window})`, async function () {
      this.timeout(60_000);
      await api.goalsTree.setFilters({ timeWindow: window });
      const now = new Date();
      const run = cli(folder(), ['report', '--format', 'json', ...(since ? ['--since', since] : [])], { GOAL_LENS_NOW: now.toISOString() });
      assert.strictEqual(run.code, 0, run.stderr);
      const flow = (JSON.parse(run.stdout) as { goals: { id: string; flow?: GoalFlowReport }[] }).goals.find((g) => g.id === 'checkout-conversion')?.flow;
      assert.ok(flow, 'the report has flow for checkout-conversion');
      const { median, p85 } = flow.leadTimeSeconds;
      assert.ok(median !== null && p85 !== null);
      // The merge's lead time (3.5 days) is in the report: the figure compared is not a trivial zero.
      assert.ok(flow.list.some((d) => d.sha === merge && d.leadTimeSeconds === 3.5 * 86_400), JSON.stringify(flow.list));
      const row = await until('the goal row', () => api.goalsTree.getChildren().flatMap((n) => [n, ...api.goalsTree.getChildren(n)]).find((n) => isGoalRow(n) && n.goal.id === 'checkout-conversion'));
      const tooltip = api.goalsTree.getTreeItem(row).tooltip as vscode.MarkdownString;
      const text = tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.ok(text.includes(`median lead time ${formatDuration(median)} (85th percentile ${formatDuration(p85)})`), text);
      assert.ok(text.includes(`Delivered ${flow.deliveries === 1 ? 'once' : `${flow.deliveries} times`}`), text);
      assert.strictEqual(tooltip.isTrusted, false);
    });
  }

  /** Export Report from the editor in `format`, saved to a temp file; its text. */
  async function exported(format: 'json' | 'html'): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-flow-export-'));
    const target = vscode.Uri.file(path.join(dir, `report.${format}`));
    try {
      await replacing('showQuickPick', (items) => (items as { format: string }[]).find((i) => i.format === format), () =>
        replacing('showSaveDialog', () => target, async () => {
          const info = captureMessages('showInformationMessage');
          try {
            assert.strictEqual((await vscode.commands.executeCommand('goalLens.exportReport'))?.toString(), target.toString());
          } finally {
            info.restore();
          }
        }),
      );
      return fs.readFileSync(target.fsPath, 'utf8');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The dashboard data a report page carries (its JSON script element). */
  function pageData(html: string): { flow: { totals: { deliveries: number } } | null } {
    const m = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">([^<]*)</script>`).exec(html);
    assert.ok(m, 'the page carries its data');
    return JSON.parse(m[1]) as { flow: { totals: { deliveries: number } } | null };
  }

  test("Export Report's JSON and HTML carry the same flow as the command line's", async function () {
    this.timeout(90_000);
    // The Goals view's window decides with no dashboard open.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.goalsTree.setFilters({ timeWindow: 'all' });
    const run = cli(folder(), ['report', '--format', 'json']);
    assert.strictEqual(run.code, 0, run.stderr);
    const want = (JSON.parse(run.stdout) as { goals: { id: string; flow?: GoalFlowReport }[] }).goals.find((g) => g.id === 'checkout-conversion')?.flow;
    assert.ok(want && want.list.some((d) => d.sha === merge), 'the command line has the merge among the deliveries');
    const got = (JSON.parse(await exported('json')) as { goals: { id: string; flow?: GoalFlowReport }[] }).goals.find((g) => g.id === 'checkout-conversion')?.flow;
    assert.ok(got, "the editor's JSON report has flow for checkout-conversion");
    assert.deepStrictEqual(
      { deliveries: got.deliveries, lead: got.leadTimeSeconds, shas: got.list.map((d) => d.sha) },
      { deliveries: want.deliveries, lead: want.leadTimeSeconds, shas: want.list.map((d) => d.sha) },
    );
    const page = cli(folder(), ['report', '--format', 'html']);
    assert.strictEqual(page.code, 0, page.stderr);
    const cliFlow = pageData(page.stdout).flow;
    assert.ok(cliFlow && cliFlow.totals.deliveries > 0, "the command line's page has a Flow section");
    const editorFlow = pageData(await exported('html')).flow;
    assert.ok(editorFlow, "the editor's page has a Flow section");
    assert.strictEqual(editorFlow.totals.deliveries, cliFlow.totals.deliveries);
  });
});
