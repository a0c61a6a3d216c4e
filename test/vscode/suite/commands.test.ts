// The commit and branch commands as a user meets them: Open Commit in VS Code's diff view, Explain Commit as a
// document with next steps, the commit picker reaching any hash or ref, linking the default branch, Unlink, and
// the walkthrough's steps ticking on what is really done.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { commitUri } from '../../../src/extension/commitDocument';
import type { GoalLensApi } from '../../../src/extension/extension';
import { walkthroughState, WALKTHROUGH_KEYS } from '../../../src/extension/walkthroughState';
import { activateApi, captureMessages, EXTENSION_ID, folder, git, until } from './helpers';

function shaOf(subject: string): string {
  return git('log', '--all', '--format=%H', '--fixed-strings', `--grep=${subject}`).split('\n')[0];
}

/** Runs `command`, catches the quick pick it opens, and hands it to `drive`; resolves with the command's result. */
async function withQuickPick<T>(command: () => Thenable<T>, drive: (qp: vscode.QuickPick<vscode.QuickPickItem & { typed?: string; commit?: unknown }>) => Promise<void>): Promise<T> {
  const window = vscode.window as unknown as { createQuickPick: typeof vscode.window.createQuickPick };
  const original = window.createQuickPick;
  let caught: vscode.QuickPick<vscode.QuickPickItem> | undefined;
  window.createQuickPick = (<I extends vscode.QuickPickItem>() => {
    const qp = original<I>();
    caught = qp as unknown as vscode.QuickPick<vscode.QuickPickItem>;
    return qp;
  }) as typeof vscode.window.createQuickPick;
  try {
    const result = command();
    const qp = await until('the quick pick', () => caught);
    await drive(qp as vscode.QuickPick<vscode.QuickPickItem & { typed?: string; commit?: unknown }>);
    return await result;
  } finally {
    window.createQuickPick = original;
  }
}

suite('Commit and branch commands', () => {
  let api: GoalLensApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Open Commit shows the commit\'s files in VS Code\'s diff view (git: URIs), not git show text', async () => {
    const sha = shaOf('Retry with backoff');
    await vscode.commands.executeCommand('goalLens.openCommit', { root: folder(), sha, subject: 'Retry with backoff' });
    const tab = await until('the diff tab', () => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active?.label.startsWith(sha.slice(0, 8)) ? active : undefined;
    });
    assert.strictEqual(tab.label, `${sha.slice(0, 8)} Retry with backoff (1 file)`, 'the multi-file diff editor names the count');
    assert.ok(!(tab.input instanceof vscode.TabInputText), 'not a text document');
    const diffs = (tab.input as { textDiffs?: vscode.TabInputTextDiff[] } | undefined)?.textDiffs;
    assert.ok(diffs, `a multi-diff tab: ${JSON.stringify(tab.input)}`);
    assert.deepStrictEqual(diffs.map((d) => [d.original.scheme, d.modified.scheme, path.basename(d.modified.fsPath)]), [['git', 'git', 'retry.ts']]);
  });

  test('the git show text of a commit (used without the git extension) comes through the repository', async () => {
    const sha = shaOf('Retry with backoff');
    const doc = await vscode.workspace.openTextDocument(commitUri(folder(), sha, 'Retry with backoff'));
    assert.ok(doc.getText().includes('retries = 3'), doc.getText().slice(0, 400));
    assert.match(doc.getText(), /^commit [0-9a-f]{40}\nAuthor: {5}Test User/);
  });

  test('Explain Commit opens rendered (the Markdown preview) in the active group, with its next steps and no toast', async () => {
    const info = captureMessages('showInformationMessage');
    const groups = vscode.window.tabGroups.all.length;
    try {
      const sha = shaOf('SHOP-42');
      await vscode.commands.executeCommand('goalLens.explainCommit', sha);
      const doc = await until('the explanation', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'goal-lens-explain' && d.uri.query === sha));
      const text = doc.getText();
      assert.match(text, /^# [0-9a-f]{8} SHOP-42 show saved cards first/);
      assert.match(text, /## Serves\n\n- \*\*Lift checkout conversion to 4%\*\* \(`checkout-conversion`, active\): via issue key SHOP-42, through an issue key/);
      assert.match(text, /## Next\n/);
      assert.strictEqual(doc.languageId, 'markdown');
      const tab = await until('the preview tab', () => {
        const t = vscode.window.tabGroups.activeTabGroup.activeTab;
        return t && /^Preview .*explained\.md$/.test(t.label) ? t : undefined;
      });
      assert.ok(tab.input instanceof vscode.TabInputWebview, 'a rendered preview, not the source');
      assert.strictEqual(vscode.window.tabGroups.all.length, Math.max(groups, 1), 'in the active group, not a new one');
      assert.deepStrictEqual(info.shown, [], 'no toast');
    } finally {
      info.restore();
    }
  });

  test('Explain Commit shows a subject with markdown characters as written, in the editor and in the preview, and inert', async () => {
    const subject = 'Fix *cart_total* [rounding] for `x` <img src=x onerror=alert(1)> [run](command:goalLens.refresh) &amp; $5';
    const author = 'Ann_Lee *Ops*';
    const tree = git('rev-parse', 'HEAD^{tree}');
    const sha = git('-c', `user.name=${author}`, '-c', 'user.email=ann@example.com', 'commit-tree', tree, '-m', subject);
    await vscode.commands.executeCommand('goalLens.explainCommit', sha);
    const doc = await until('the explanation', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'goal-lens-explain' && d.uri.query === sha));
    const text = doc.getText();
    const [heading, byline] = text.split('\n').filter((l) => l.length > 0);
    // As source, each piece of repository text stands as it was written (a code span when it has markup in it).
    assert.strictEqual(heading, `# ${sha.slice(0, 8)} \`\`${subject}\`\``);
    assert.ok(byline.includes(`by \`${author}\``), byline);
    assert.doesNotMatch(text, /\\[*_[\]<>`-]/, 'no backslash escapes to read past');
    // Rendered (Markdown: Open Preview), the same text reads exactly as written, and none of it is markup.
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', text);
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
    const plain = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    assert.strictEqual(plain(h1), `${sha.slice(0, 8)} ${subject}`, h1);
    assert.ok(plain(html).includes(author), html);
    assert.doesNotMatch(html, /<a |<img|<em>|<strong>Ops/, `nothing from the repository became markup: ${html}`);
  });

  test('a merge, in Explain and in the commit picker: "merge (not counted)", what it brought and the goal it gave them', async function () {
    this.timeout(60_000);
    const start = git('rev-parse', 'HEAD');
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
    try {
      // A side branch whose name links it to checkout-conversion (branches: feat/checkout-*), merged with --no-ff.
      git('checkout', '-q', '-b', 'feat/checkout-merge-test');
      git('commit', '-q', '--allow-empty', '-m', 'Show the card brand');
      git('checkout', '-q', branch);
      git('merge', '-q', '--no-ff', '-m', "Merge branch 'feat/checkout-merge-test'", 'feat/checkout-merge-test');
      const merge = git('rev-parse', 'HEAD');
      git('branch', '-q', '-D', 'feat/checkout-merge-test'); // merged and gone: the commit serves the goal only via the merge
      await api.model.refresh();
      await until('the merge in the index', () => api.model.repositories[0].index?.bySha.has(merge) || undefined);
      await vscode.commands.executeCommand('goalLens.explainCommit', merge);
      const doc = await until('the explanation', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'goal-lens-explain' && d.uri.query === merge));
      const text = doc.getText();
      assert.match(text, /## Merge \(not counted\)/, text);
      assert.match(text, /This merge brought 1 commit\./, text);
      assert.match(text, /- \*\*Lift checkout conversion to 4%\*\* \(`checkout-conversion`\): 1 commit/, text);
      assert.match(text, /Show the card brand: `checkout-conversion`/, text);
      assert.doesNotMatch(text, /## Untagged/);
      // The picker, given the merge's hash, says the same in a line.
      await withQuickPick(
        () => vscode.commands.executeCommand('goalLens.explainCommit', undefined, { quiet: true }),
        async (qp) => {
          qp.value = merge.slice(0, 12);
          const item = await until('git to resolve the merge', () => qp.items.find((i) => i.typed === merge.slice(0, 12) && i.commit !== undefined));
          assert.match(item.detail ?? '', /merge \(not counted\): brought 1 commit, serving checkout-conversion via this merge/);
          qp.hide();
        },
      );
    } finally {
      git('reset', '-q', '--hard', start);
      if (git('branch', '--list', 'feat/checkout-merge-test')) git('branch', '-q', '-D', 'feat/checkout-merge-test');
      await api.model.refresh();
    }
  });

  test('the commit picker resolves a typed ref through git: an old commit none of the listed ones is', async () => {
    // An old commit on no branch, reachable only from a tag: not among the recent commits, not in the index.
    const tree = git('rev-parse', 'HEAD^{tree}');
    const old = git('-c', 'user.name=Old', '-c', 'user.email=old@example.com', 'commit-tree', tree, '-m', 'Launch the first shop');
    git('tag', 'first-shop', old);
    const warn = captureMessages('showWarningMessage');
    try {
      const explained = await withQuickPick(
        () => vscode.commands.executeCommand<{ sha: string; links: unknown[] }>('goalLens.explainCommit', undefined, { quiet: true }),
        async (qp) => {
          assert.ok(!qp.items.some((i) => (i.commit as { sha?: string } | undefined)?.sha === old), 'the old commit is not listed');
          qp.value = 'no-such-ref';
          await until('git to answer for the unknown ref', () => qp.items.find((i) => i.typed === 'no-such-ref' && /no commit or ref 'no-such-ref'/.test(i.detail ?? '')));
          // The workbench's active row, as it reports it back: the extension host sends its picker's changes a tick
          // later, so Enter is pressed only once the workbench says the resolved entry is the active one.
          let workbenchActive: (typeof qp.items)[number] | undefined;
          const active = qp.onDidChangeActive((items) => (workbenchActive = items[0]));
          qp.value = 'first-shop';
          await until('git to resolve the tag', () => qp.items[0]?.typed === 'first-shop' && qp.items[0].commit !== undefined);
          assert.match(qp.items[0].label, /Launch the first shop/);
          assert.match(qp.items[0].detail ?? '', /not in the indexed history/);
          qp.activeItems = [qp.items[0]];
          await until('the workbench to make the resolved entry the active row', () => workbenchActive?.typed === 'first-shop' && workbenchActive.commit !== undefined);
          active.dispose();
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        },
      );
      assert.strictEqual(explained.sha, old, `explained ${JSON.stringify(explained)}`);
      assert.deepStrictEqual(explained.links, []);
      // Enter on an unknown ref keeps the picker open and says so.
      const none = await withQuickPick(
        () => vscode.commands.executeCommand('goalLens.explainCommit', undefined, { quiet: true }),
        async (qp) => {
          qp.value = 'deadbeef1234';
          const typed = await until('the lookup', () => qp.items.find((i) => i.typed === 'deadbeef1234' && /no commit/.test(i.detail ?? '')));
          qp.activeItems = [typed];
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          await until('the warning', () => warn.shown.find((m) => m.includes("no commit or ref 'deadbeef1234'")));
          qp.hide();
        },
      );
      assert.strictEqual(none, undefined);
    } finally {
      warn.restore();
      git('tag', '-d', 'first-shop');
    }
  });

  test('Explain Commit of an unknown ref is one clear error', async () => {
    const errors = captureMessages('showErrorMessage');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('goalLens.explainCommit', 'no-such-ref'), undefined);
      assert.deepStrictEqual(errors.shown, ["Goal Lens: unknown commit 'no-such-ref'"]);
    } finally {
      errors.restore();
    }
  });

  test('linking the default branch warns first and, when not confirmed, links nothing', async () => {
    const branch = git('symbolic-ref', '--short', 'HEAD');
    const warn = captureMessages('showWarningMessage');
    git('checkout', '-q', 'main');
    try {
      await api.model.refresh();
      assert.strictEqual(await vscode.commands.executeCommand('goalLens.linkBranch', 'search-latency'), undefined);
      assert.match(warn.shown.join('\n'), /main is the default branch/);
      assert.throws(() => git('config', '--get', 'branch.main.goal'), 'nothing was written');
    } finally {
      warn.restore();
      git('checkout', '-q', branch);
      await api.model.refresh();
    }
  });

  test('Unlink Current Branch removes the git config link, and says when the name still links it', async () => {
    const branch = git('symbolic-ref', '--short', 'HEAD');
    const info = captureMessages('showInformationMessage');
    try {
      await vscode.commands.executeCommand('goalLens.linkBranch', 'search-latency');
      assert.strictEqual(git('config', '--get', `branch.${branch}.goal`), 'search-latency');
      assert.strictEqual(await vscode.commands.executeCommand('goalLens.unlinkBranch'), true);
      assert.throws(() => git('config', '--get', `branch.${branch}.goal`));
      // feat/checkout-retry matches checkout-conversion's branches glob, so it still serves that goal.
      assert.match(info.shown[info.shown.length - 1], /no longer linked .* still serves checkout-conversion through the goals' branches globs/);
      assert.strictEqual(await vscode.commands.executeCommand('goalLens.unlinkBranch'), false);
    } finally {
      info.restore();
      try {
        git('config', '--unset-all', `branch.${branch}.goal`);
      } catch {
        // already gone
      }
      await api.model.refresh();
    }
  });

  test('the walkthrough ticks on what is done, however it was done, and not on a cancelled picker', async () => {
    const steps = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { walkthroughs: { steps: { id: string; completionEvents: string[] }[] }[] } }).contributes.walkthroughs[0].steps;
    const events = Object.fromEntries(steps.map((s) => [s.id, s.completionEvents]));
    assert.deepStrictEqual(events.tagCommit, [`onContext:${WALKTHROUGH_KEYS.commitTagged}`]);
    assert.deepStrictEqual(events.linkBranch, [`onContext:${WALKTHROUGH_KEYS.branchLinked}`]);
    assert.deepStrictEqual(events.installHook, [`onContext:${WALKTHROUGH_KEYS.hookInstalled}`]);
    assert.deepStrictEqual(events.createGoalsFile, [`onContext:${WALKTHROUGH_KEYS.goalsFile}`]);
    const before = await walkthroughState(api.model);
    assert.strictEqual(before.goalsFile, true);
    assert.strictEqual(before.commitTagged, false, 'the fixture has no notes yet');
    // Tag Commit, cancelled at the picker: nothing done, nothing ticked.
    const cancelled = await withQuickPick(
      () => vscode.commands.executeCommand('goalLens.tagCommit'),
      async (qp) => qp.hide(),
    );
    assert.strictEqual(cancelled, undefined);
    assert.strictEqual((await walkthroughState(api.model)).commitTagged, false);
    // A note written from the terminal ticks it.
    const sha = shaOf('Add goals');
    git('notes', '--ref=goals', 'add', '-m', 'Goal: growth', sha);
    try {
      await api.model.refresh();
      assert.strictEqual((await walkthroughState(api.model)).commitTagged, true);
    } finally {
      git('update-ref', '-d', 'refs/notes/goals');
      await api.model.refresh();
    }
  });
});
