// The dashboard's people-time is `goal-lens effort`'s: a goal's FTE and person-days on the page equal the CLI's JSON
// for the same window and "now" (both read src/core/figures/effort.ts). Window all: the page's first paint; last 90
// days: the figures the page would be sent for that window.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DashboardData } from '../../../src/core/reports/dashboardData';
import { dashboardDataFor } from '../../../src/extension/views/dashboard';
import { cli } from '../../helpers/cli';
import { extensionApi, folder } from './helpers';

interface EffortJson {
  goals: { id: string; personDays: number; fte: number }[];
  balance: Record<'outcome' | 'upkeep' | 'untagged', { personDays: number; fte: number; commits: number }>;
  totals: { fte: number; people: number };
}

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('goalLens.dashboard'));
}

function effortJson(now: string, since?: string): EffortJson {
  const run = cli(folder(), ['effort', '--format', 'json', ...(since ? ['--since', since] : [])], { GOAL_LENS_NOW: now });
  assert.strictEqual(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as EffortJson;
}

function assertSame(data: DashboardData, cliJson: EffortJson): void {
  const withWork = cliJson.goals.filter((g) => g.personDays > 0);
  assert.ok(withWork.length >= 2, `goals with effort: ${JSON.stringify(cliJson.goals)}`);
  for (const g of withWork) {
    const page = data.goals.find((x) => x.id === g.id);
    assert.deepStrictEqual(page?.effort, { personDays: g.personDays, fte: g.fte }, g.id);
  }
  assert.strictEqual(data.fte.total.fte, cliJson.totals.fte);
  assert.strictEqual(data.fte.total.people, cliJson.totals.people);
  for (const k of ['outcome', 'upkeep', 'untagged'] as const) assert.deepStrictEqual(data.fte.balance[k], cliJson.balance[k], k);
  const untagged = data.fte.allocation.find((a) => a.kind === 'untagged');
  assert.strictEqual(untagged?.fte, cliJson.balance.untagged.fte);
}

suite('Dashboard effort equals goal-lens effort', () => {
  suiteSetup(async () => {
    const api = await extensionApi();
    await api.model.refresh();
    for (const t of dashboardTabs()) await vscode.window.tabGroups.close(t);
  });
  suiteTeardown(async () => {
    for (const t of dashboardTabs()) await vscode.window.tabGroups.close(t);
  });

  test('all history: the page first painted has the CLI figures per goal, the totals and the balance', async function () {
    this.timeout(60_000);
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('goalLens.openDashboard');
    const json = /<script type="application\/json" id="goal-lens-data">([^]*?)<\/script>/.exec(panel.webview.html)?.[1] ?? 'null';
    const data = JSON.parse(json) as DashboardData | null;
    assert.ok(data, 'the first paint carries the figures');
    assert.strictEqual(data.window.label, 'all history');
    assertSame(data, effortJson(data.generatedAt));
  });

  test('last 90 days: the figures the page is sent equal `goal-lens effort --since 90d`', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const repo = api.model.repositories.find((r) => r.index);
    assert.ok(repo?.index);
    const now = new Date();
    const data = dashboardDataFor(repo.index, '90', now, undefined, repo.deliveries);
    assert.strictEqual(data.window.label, 'last 90 days');
    assertSame(data, effortJson(now.toISOString(), '90d'));
  });
});
