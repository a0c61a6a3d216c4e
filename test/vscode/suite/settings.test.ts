// Settings in a real VS Code: every goalLens.* setting is read with the scope package.json declares (VS Code logs a
// warning for each read with the wrong one), and the Goals view's filters are view state that never writes a setting.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import { SETTING_SCOPES } from '../../../src/extension/settings';
import { activateApi, folder, until } from './helpers';

interface Read {
  key: string;
  /** 'resource' when read with a URI (or null: any resource), 'none' without one. */
  with: 'resource' | 'none';
}

interface Manifest {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

/** The scope package.json declares for each goalLens.* setting ('window' when it names none, as VS Code takes it). */
function declaredScopes(): Map<string, string> {
  const ext = vscode.extensions.all.find((e) => e.id === 'goal-lens.goal-lens');
  assert.ok(ext);
  const manifest = ext.packageJSON as Manifest;
  return new Map(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.scope ?? 'window']));
}

/** Records each goalLens.* setting that the extension reads, and with what, until `stop()`. */
function recordReads(): { reads: Read[]; stop(): void } {
  const workspace = vscode.workspace as { getConfiguration: typeof vscode.workspace.getConfiguration };
  const original = workspace.getConfiguration;
  const reads: Read[] = [];
  workspace.getConfiguration = (section?: string, scope?: vscode.ConfigurationScope | null) => {
    const config = original.call(vscode.workspace, section, scope);
    // The configuration object is frozen: hand out one that inherits from it, with a recording get.
    const recording = Object.create(config) as vscode.WorkspaceConfiguration;
    Object.defineProperty(recording, 'get', {
      value: (key: string, fallback?: unknown) => {
        const full = section ? `${section}.${key}` : key;
        if (full.startsWith('goalLens.')) reads.push({ key: full, with: scope === undefined ? 'none' : 'resource' });
        return config.get(key, fallback);
      },
    });
    return recording;
  };
  return { reads, stop: () => void (workspace.getConfiguration = original) };
}

suite('Goal Lens settings', () => {
  let api: GoalLensApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the settings table matches package.json: every goalLens.* setting, with its declared scope', () => {
    const declared = declaredScopes();
    const table = new Map(Object.entries(SETTING_SCOPES).map(([k, v]) => [`goalLens.${k}`, v]));
    assert.deepStrictEqual([...table].sort(), [...declared].sort());
  });

  test('every view reads each goalLens.* setting with the scope package.json declares (no scope warnings)', async function () {
    this.timeout(60_000);
    const declared = declaredScopes();
    const root = api.model.repositories[0].root;
    const { reads, stop } = recordReads();
    try {
      // What a user does in a few minutes: a refresh, moving through a file, the tree, the dashboard, the explorer.
      await api.model.refresh(root);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder(), 'src/payments/retry.ts')));
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await api.currentLine.updateNow();
      api.goalsTree.refresh();
      for (const n of api.goalsTree.getChildren()) api.goalsTree.getChildren(n);
      await api.statusBar.update();
      api.impactView.decorations.provideFileDecoration(vscode.Uri.file(path.join(folder(), 'src/payments/retry.ts')));
      await api.impactView.tree.settled();
      const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('goalLens.openDashboard');
      assert.ok(panel.webview.html.length > 0);
    } finally {
      stop();
    }
    const keys = new Set(reads.map((r) => r.key));
    for (const k of ['goalLens.scope', 'goalLens.goalsFile', 'goalLens.currentLine.enabled', 'goalLens.staleAfterDays', 'goalLens.untaggedThreshold', 'goalLens.explorerDecorations.enabled']) {
      assert.ok(keys.has(k), `${k} was not read at all: the recording missed the reads (${[...keys].join(', ')})`);
    }
    const wrong = reads.filter((r) => (declared.get(r.key) === 'resource' ? r.with !== 'resource' : r.with !== 'none'));
    assert.deepStrictEqual(
      [...new Set(wrong.map((r) => `${r.key} (declared ${declared.get(r.key) ?? 'nowhere'}) read ${r.with === 'none' ? 'without' : 'with'} a resource`))],
      [],
    );
  });

  test('choosing a time window or "only my work" is view state: no setting is written, and the filters announce it', async () => {
    const config = () => vscode.workspace.getConfiguration('goalLens').inspect<string>('timeWindow');
    const before = config();
    const seen: string[] = [];
    const sub = api.filters.onDidChange((f) => seen.push(`${f.timeWindow}/${f.onlyMine}`));
    try {
      await vscode.commands.executeCommand('goalLens.setTimeWindow', '30');
      await vscode.commands.executeCommand('goalLens.onlyMine');
      assert.strictEqual(api.filters.value.timeWindow, '30');
      assert.strictEqual(api.goalsTree.filters.timeWindow, '30');
      assert.deepStrictEqual(seen, ['30/false', '30/true']);
      const after = config();
      assert.deepStrictEqual([after?.globalValue, after?.workspaceValue, after?.workspaceFolderValue], [before?.globalValue, before?.workspaceValue, before?.workspaceFolderValue], 'a setting was written');
      // The setting is the default: changing it changes the window in use.
      await vscode.workspace.getConfiguration('goalLens').update('timeWindow', '90', vscode.ConfigurationTarget.Global);
      await until('the filters to follow the setting', () => api.filters.value.timeWindow === '90' || undefined, 5_000);
    } finally {
      sub.dispose();
      await vscode.workspace.getConfiguration('goalLens').update('timeWindow', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('goalLens.everyone');
      await vscode.commands.executeCommand('goalLens.setTimeWindow', 'all');
    }
    assert.strictEqual(api.filters.value.timeWindow, 'all');
  });
});
