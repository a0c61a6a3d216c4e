// Extension-host test: "Goal Lens: Open Dashboard" opens one webview panel with a strict CSP and the fixture's figures.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi } from './helpers';

const VIEW_TYPE = 'goalLens.dashboard';

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

suite('Goal Lens dashboard', () => {
  suiteSetup(async () => {
    const api = await extensionApi();
    await api.model.refresh();
  });

  suiteTeardown(async () => {
    for (const t of dashboardTabs()) await vscode.window.tabGroups.close(t);
  });

  test('Open Dashboard opens a webview panel of the dashboard view type', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('goalLens.openDashboard');
    assert.ok(panel, 'the command returns its panel');
    assert.strictEqual(panel.viewType, VIEW_TYPE);
    assert.strictEqual(panel.options.retainContextWhenHidden, false);
    assert.strictEqual(panel.webview.options.enableScripts, true);
    const roots = (panel.webview.options.localResourceRoots ?? []).map((u) => u.path.split('/').pop()).sort();
    assert.deepStrictEqual(roots, ['dist', 'media']);
    for (let i = 0; i < 50 && dashboardTabs().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(dashboardTabs().length, 1, 'one dashboard tab is open');
  });

  test('the page has a strict CSP with a nonce, loads only dist/dashboard.js, and carries the figures', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('goalLens.openDashboard');
    const html = panel.webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `nonce in ${csp}`);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.strictEqual(scripts.length, 2, scripts.join('\n'));
    assert.ok(scripts[1].includes(`nonce="${nonce}"`) && /src="[^"]*dist\/dashboard\.js"/.test(scripts[1]), scripts[1]);
    const json = /<script type="application\/json" id="goal-lens-data">([^]*?)<\/script>/.exec(html)?.[1] ?? 'null';
    const data = JSON.parse(json) as { goals: { id: string }[]; totals: { commits: number } } | null;
    assert.ok(data, 'the first paint carries the figures');
    assert.ok(data.goals.some((g) => g.id === 'checkout-conversion'));
    assert.ok(data.totals.commits > 0);
  });

  test('opening it again reuses the same panel', async () => {
    await vscode.commands.executeCommand('goalLens.openDashboard');
    await vscode.commands.executeCommand('goalLens.openDashboard');
    assert.strictEqual(dashboardTabs().length, 1);
  });
});
