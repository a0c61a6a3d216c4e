// Goal Lens: Summarize Branch for Pull Request (issue 26 item 4): the Markdown it shows and copies is exactly what
// `goal-lens pr-summary --range main..HEAD --branch BRANCH` prints for the same repository, and it opens beside
// the code, rendered, with a Copy button.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { GoalLensModel } from '../../../src/extension/model/model';
import { copySummary, currentSummary, PR_SUMMARY_VIEW_TYPE, summarizeBranch } from '../../../src/extension/prSummaryView';
import { closeModel, extensionApi, gitIn, until } from './helpers';

const GOALS = `version: 1
goals:
  - id: checkout
    title: Lift checkout conversion
    owner: Dana Ruiz
    paths: [checkout/**]
  - id: search
    title: Search finds the right product
    owner: Priya N
    paths: [search/**]
`;
const ENV = { GIT_AUTHOR_NAME: 'Ana', GIT_AUTHOR_EMAIL: 'ana@example.com', GIT_COMMITTER_NAME: 'Ana', GIT_COMMITTER_EMAIL: 'ana@example.com' };

suite('Summarize Branch for Pull Request', () => {
  let dir: string;
  let cacheDir: string;
  let model: GoalLensModel;
  const git = (...args: string[]) => gitIn(dir, ['-c', 'core.hooksPath=/dev/null', ...args], ENV);
  const commit = (files: Record<string, string>, message: string) => {
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
    git('add', '-A');
    git('commit', '-q', '-m', message);
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-pr-summary-')));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-pr-summary-cache-'));
    git('init', '-q', '--initial-branch=main');
    commit({ 'goals.yaml': GOALS, 'lib/money.ts': 'export const cents = (n: number) => Math.round(n * 100);\n', 'checkout/pay.ts': "import { cents } from '../lib/money';\nexport const total = cents(1);\n", 'search/rank.ts': "import { cents } from '../lib/money';\nexport const price = cents(2);\n" }, 'Start\n\nGoal: checkout');
    commit({ 'checkout/pay.ts': "import { cents } from '../lib/money';\nexport const total = cents(3);\n" }, 'Pay in cents\n\nGoal: checkout');
    git('checkout', '-q', '-b', 'work/rounding');
    commit({ 'lib/money.ts': 'export const cents = (n: number) => Math.round(n * 100 + Number.EPSILON);\n' }, 'Round money half up\n\nGoal: checkout, search');
    commit({ 'checkout/pay.ts': "import { cents } from '../lib/money';\nexport const total = cents(4);\n" }, 'Tidy the pay step');
    model = new GoalLensModel({ folders: () => [dir], cacheDir });
    await model.refresh();
    await until('the index', () => model.repositories.find((r) => r.index && !r.loading), 30_000);
  });
  suiteTeardown(async () => {
    currentSummary()?.panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await closeModel(model, dir, cacheDir);
  });

  test('the command is contributed and shows the same Markdown as goal-lens pr-summary, rendered beside the code, and copies it', async function () {
    this.timeout(60_000);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('goalLens.summarizeBranch') && commands.includes('goalLens.copyPrSummary'));
    // An editor in the first group: the summary opens beside it.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'checkout', 'pay.ts')), { viewColumn: vscode.ViewColumn.One });

    const summary = await summarizeBranch(model);
    assert.ok(summary, 'a summary');
    assert.deepStrictEqual([summary.range, summary.branch], ['main..HEAD', 'work/rounding']);
    await extensionApi();
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'goal-lens');
    assert.ok(ext, 'the extension');
    const cli = execFileSync(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'pr-summary', '--range', 'main..HEAD', '--branch', 'work/rounding'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOAL_LENS_NOW: '' } });
    assert.strictEqual(summary.markdown, cli);
    // What the summary says, so that equal is not equally empty: both goals, the untagged commit, the shared file.
    for (const want of ['Lift checkout conversion', 'Search finds the right product', 'Tidy the pay step', 'lib/money.ts']) assert.ok(cli.includes(want), `${want} in:\n${cli}`);

    const shown = currentSummary();
    assert.ok(shown);
    assert.strictEqual(shown.panel.viewType, PR_SUMMARY_VIEW_TYPE);
    await until('the panel beside the code', () => (shown.panel.visible && shown.panel.viewColumn === vscode.ViewColumn.Two ? true : undefined));
    const html = shown.panel.webview.html;
    assert.match(html, /<button id="copy"[^>]*>Copy Markdown<\/button>/);
    assert.match(html, /<table[\s>]/, `rendered: a table, not Markdown source:\n${html.slice(html.indexOf('<main'), html.indexOf('<main') + 1500)}`);
    assert.doesNotMatch(html, /\| Goal \|/);
    assert.match(html, /script-src 'nonce-/);

    await vscode.env.clipboard.writeText('');
    assert.strictEqual(await copySummary(), cli);
    assert.strictEqual(await vscode.env.clipboard.readText(), cli);
  });

  test('on the default branch it says what to do and shows nothing', async function () {
    this.timeout(30_000);
    currentSummary()?.panel.dispose();
    git('checkout', '-q', 'main');
    try {
      await model.refresh();
      const shown: string[] = [];
      const window = vscode.window as unknown as Record<string, (...a: unknown[]) => unknown>;
      const original = window.showInformationMessage;
      window.showInformationMessage = (m: unknown) => {
        shown.push(String(m));
        return Promise.resolve(undefined);
      };
      try {
        assert.strictEqual(await summarizeBranch(model), undefined);
      } finally {
        window.showInformationMessage = original;
      }
      assert.deepStrictEqual(shown, ['Goal Lens: main is the default branch. Check out the branch of your pull request to summarize it against main.']);
      assert.strictEqual(currentSummary(), undefined);
    } finally {
      git('checkout', '-q', 'work/rounding');
    }
  });
});
