// The Impact view in a real VS Code: open a shared library file of the fixture workspace and read the view.
// The fixture has no shared library with dependents, so this suite adds one with real commits (on the fixture's
// checked-out branch feat/checkout-retry, whose commits also serve checkout-conversion via the branch) and
// resets the repository to where it was afterwards.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import type { ImpactSnapshot } from '../../../src/extension/views/impactView';
import { activateApi, EXTENSION_ID, extensionApi, folder, git, until } from './helpers';

function write(file: string, text: string): void {
  const abs = path.join(folder(), file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
}

function commit(message: string, files: Record<string, string>): string {
  for (const [f, t] of Object.entries(files)) write(f, t);
  git('add', '--', ...Object.keys(files));
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
}

async function impactView(): Promise<GoalLensApi['impactView']> {
  return (await extensionApi()).impactView;
}

const child = (n: ImpactSnapshot, label: string): ImpactSnapshot => {
  const c = n.children.find((x) => x.label === label);
  assert.ok(c, `no '${label}' under '${n.label}' (has: ${n.children.map((x) => x.label).join(', ')})`);
  return c;
};

async function showAndSettle(file: string): Promise<ImpactSnapshot[]> {
  const abs = path.join(folder(), file);
  await vscode.window.showTextDocument(vscode.Uri.file(abs));
  const view = await impactView();
  return until(`the Impact view to show ${file}`, async () => {
    await view.tree.settled();
    const snap = view.tree.snapshot();
    return view.tree.currentFile === abs && snap[0]?.kind === 'scope' && snap[0].label === path.basename(file) ? snap : undefined;
  });
}

suite('Impact view', () => {
  let api: GoalLensApi;
  let originalHead: string;
  let retryCommit: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    originalHead = git('rev-parse', 'HEAD');
    commit('Add money library', {
      '.github/CODEOWNERS': '*  @acme/core\nsrc/lib/  @acme/platform\n',
      'src/lib/money.ts': 'export const cents = (x: number): number => Math.round(x * 100);\n',
    });
    commit('Show prices in search\n\nGoal: search-latency', {
      'src/search/find.ts': "import { cents } from '../lib/money';\nexport const price = (x: number) => cents(x);\n",
    });
    retryCommit = commit('Retry in cents\n\nGoal: checkout-conversion', {
      'src/payments/retry.ts': "import { cents } from '../lib/money';\nexport const retries = 3;\nexport const fee = cents(0.3);\n",
    });
    // Two hops from the library: page.ts uses retry.ts only.
    retryCommit = commit('Show the retry fee\n\nGoal: search-latency', {
      'src/app/page.ts': "import { fee } from '../payments/retry';\nexport const label = `fee ${fee}`;\n",
    });
    await api.model.refresh();
    await until('the new commits in the index', () => api.model.repositories[0]?.index?.bySha.has(retryCommit));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (originalHead) git('reset', '-q', '--hard', originalHead);
    fs.rmSync(path.join(folder(), '.github'), { recursive: true, force: true });
    await api?.model.refresh();
  });

  test('contributes the Impact view in the Goal Lens container', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { views: Record<string, { id: string; name: string }[]> };
    };
    assert.ok(manifest.contributes.views.goalLens.some((v) => v.id === 'goalLens.impact' && v.name === 'Impact'));
  });

  test('a shared library file: direct and indirect goals, untagged share, dependents at every distance and owners', async function () {
    this.timeout(30_000);
    const [file, lib, src] = await showAndSettle('src/lib/money.ts');
    assert.deepStrictEqual([file.label, lib.label, src.label], ['money.ts', 'src/lib/', 'src/']);
    assert.strictEqual(file.description, 'file · 1 commit · 2 goals');

    // History: "Add money library" has no trailer but is on feat/checkout-retry, so it serves checkout-conversion.
    const checkout = child(file, 'Lift checkout conversion to 4%');
    assert.strictEqual(checkout.description, '1 own · 5 through importers', 'the file\'s own history and its importers\', each with its figure');
    assert.match(child(checkout, 'history').description, /^1 commit, 1 author, last .+, 100\.0%$/);
    // Indirect: retry.ts was changed by "Retry card payments once", "Retry with backoff" and "Retry in cents";
    // find.ts by "Show prices in search", page.ts (two hops) by "Show the retry fee" (all on the branch too):
    // 5 commits serving checkout-conversion, the nearest at distance 1.
    assert.match(child(checkout, 'through importers').description, /^5 commits, distance 1, last .+, via retry\.ts, find\.ts, page\.ts$/);

    const search = child(file, 'Search answers in under 200 ms');
    assert.strictEqual(search.description, '2 through importers', 'a goal reached only through importers has its figure');
    assert.match(child(search, 'through importers').description, /^2 commits, distance 1, last .+, via find\.ts, page\.ts$/);

    assert.strictEqual(child(file, 'Untagged').description, '0 of 1 commit (0.0%)');
    const dependents = child(file, 'Dependents');
    assert.strictEqual(dependents.description, '2 direct, 1 more through up to 2 hops');
    assert.deepStrictEqual(child(dependents, 'Direct').children.map((c) => `${c.description}/${c.label}`), ['src/payments/retry.ts', 'src/search/find.ts']);
    // The indirect dependent, with its distance and the file it reaches the library through.
    assert.deepStrictEqual(child(dependents, 'Indirect').children.map((c) => [c.label, c.description]), [['page.ts', 'distance 2 · via retry.ts']]);
    assert.deepStrictEqual(child(dependents, 'By folder').children.map((c) => [c.label, c.description]), [
      ['src/payments/', '1 file · nearest 1'], ['src/search/', '1 file · nearest 1'], ['src/app/', '1 file · nearest 2'],
    ]);
    const owners = child(file, 'Owners');
    assert.strictEqual(owners.description, '@acme/platform');
    assert.deepStrictEqual(owners.children.map((c) => [c.label, c.description]), [['@acme/platform', 'checkout-conversion 1 (100.0%)']]);

    // The src/ folder: declared goals from their paths, and both teams in the roll-up.
    const declared = child(child(src, 'Search answers in under 200 ms'), 'declared');
    assert.strictEqual(declared.description, 'paths src/search/**');
    assert.deepStrictEqual(child(src, 'Owners').children.map((c) => c.label).sort(), ['@acme/core', '@acme/platform']);
  });

  test("rows keep their file icons but never the file's decorations (a type error's red \"1\", git colours)", async function () {
    this.timeout(30_000);
    await showAndSettle('src/lib/money.ts');
    const { tree } = await impactView();
    const items: vscode.TreeItem[] = [];
    const walk = (nodes: ReturnType<typeof tree.getChildren>) => {
      for (const n of nodes) {
        items.push(tree.getTreeItem(n));
        walk(tree.getChildren(n));
      }
    };
    walk(tree.getChildren());
    const withUri = items.filter((i) => i.resourceUri);
    assert.ok(withUri.length >= 5, `rows with a file icon: ${withUri.length}`);
    for (const i of withUri) assert.notStrictEqual(i.resourceUri?.scheme, 'file', `${String(i.label)} carries a file URI`);
    // A dependent still opens the real file.
    const opener = items.find((i) => i.command?.command === 'vscode.open');
    assert.ok(opener, 'a dependent row opens its file');
    assert.strictEqual((opener.command?.arguments?.[0] as vscode.Uri).scheme, 'file');
  });

  test('follows the active editor', async function () {
    this.timeout(30_000);
    const [file] = await showAndSettle('src/search/find.ts');
    const search = child(file, 'Search answers in under 200 ms');
    assert.strictEqual(child(search, 'declared').description, 'paths src/search/**');
    assert.match(child(search, 'history').description, /^1 commit, 1 author, last .+, 100\.0%$/);
    assert.strictEqual(child(file, 'Owners').description, '@acme/core');
  });

  test('explorer decorations mark files a goal\'s paths cover, and the setting turns them off', async () => {
    const { decorations } = await impactView();
    const retry = vscode.Uri.file(path.join(folder(), 'src/payments/retry.ts'));
    const d = decorations.provideFileDecoration(retry);
    assert.ok(d, 'no decoration for src/payments/retry.ts');
    assert.strictEqual(d.badge, '◎');
    assert.match(d.tooltip ?? '', /Lift checkout conversion to 4% \(paths src\/payments\/\*\*\)/);
    assert.strictEqual(decorations.provideFileDecoration(vscode.Uri.file(path.join(folder(), 'src/lib/money.ts'))), undefined);
    const config = vscode.workspace.getConfiguration('goalLens');
    await config.update('explorerDecorations.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await until('the setting', () => vscode.workspace.getConfiguration('goalLens').get('explorerDecorations.enabled') === false);
      assert.strictEqual(decorations.provideFileDecoration(retry), undefined);
    } finally {
      await config.update('explorerDecorations.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
