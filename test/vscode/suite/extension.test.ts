// Extension-host tests: run inside a real VS Code with the fixture workspace (test/vscode/fixture.js)
// open. The manifest is read at run time so these grow with package.json's contributions.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

interface Manifest {
  contributes?: {
    commands?: { command: string; title: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
  };
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
  return ext;
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8')) as Manifest;
}

suite('Goal Lens in VS Code', () => {
  test('runs inside VS Code 1.100.x or newer', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 90), `unexpected VS Code version ${vscode.version}`);
  });

  test('the fixture workspace with goals.yaml is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'expected exactly one workspace folder');
    assert.ok(fs.existsSync(path.join(folders[0].uri.fsPath, 'goals.yaml')), 'goals.yaml missing in the workspace');
  });

  test('activates in a workspace with goals.yaml without throwing', async () => {
    const ext = extension();
    await ext.activate(); // rejects with activate()'s own error if it throws
    assert.strictEqual(ext.isActive, true);
  });

  test('registers every command contributed in package.json', async () => {
    await extension().activate();
    const declared = (manifest().contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('the Goals view can be opened', async function () {
    const views = manifest().contributes?.views?.goalLens ?? [];
    if (!views.some((v) => v.id === 'goalLens.goals')) {
      console.log('  TODO: package.json does not contribute view goalLens.goals in container goalLens yet; skipped');
      this.skip();
    }
    await extension().activate();
    // Every contributed view gets a `<viewId>.focus` command; it throws when the view cannot open.
    await vscode.commands.executeCommand('goalLens.goals.focus');
  });
});
