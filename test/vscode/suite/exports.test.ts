// Export Weekly Digest and Export Report as a user meets them: the digest offers the last full week and a save; the
// report asks for a format, follows the dashboard's time window, and offers a file outside the repository.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateApi, captureMessages, folder, replacing } from './helpers';

/** ISO week of a date, written independently of the code under test. */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

suite('Exports', () => {
  let out: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    await activateApi();
    out = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-export-')));
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('the weekly digest names its repository, offers the last full week and a file outside it, and opens what it saved', async () => {
    const lastWeek = isoWeek(new Date(Date.now() - 7 * 86_400_000));
    const name = path.basename(folder());
    const target = vscode.Uri.file(path.join(out, 'digest.md'));
    const info = captureMessages('showInformationMessage');
    try {
      const doc = await replacing('showInputBox', (o) => (o as { value: string }).value, async (calls) =>
        replacing('showSaveDialog', () => target, async (saves) => {
          const d = (await vscode.commands.executeCommand('goalLens.exportWeeklyDigest')) as vscode.TextDocument;
          const box = calls[0][0] as { value: string; prompt: string; title: string };
          assert.strictEqual(box.value, lastWeek);
          assert.strictEqual(box.title, `Goal Lens: weekly digest of ${name}`);
          assert.match(box.prompt, new RegExp(`last full week is ${lastWeek}; this week \\(${isoWeek(new Date())}\\) is not over yet`));
          const offered = (saves[0][0] as { defaultUri: vscode.Uri }).defaultUri.fsPath;
          assert.strictEqual(path.basename(offered), `goal-lens-digest-${name}-${lastWeek}.md`);
          const rel = path.relative(folder(), offered);
          assert.ok(rel.startsWith('..'), `offered ${offered}, inside the repository`);
          return d;
        }),
      );
      assert.strictEqual(doc.uri.fsPath, target.fsPath, 'the saved file is what opens');
      assert.strictEqual(doc.isDirty, false);
      assert.strictEqual(doc.isUntitled, false);
      assert.strictEqual(fs.readFileSync(target.fsPath, 'utf8'), doc.getText());
      assert.match(doc.getText(), new RegExp(`^# ${name}: week ${lastWeek} `));
      assert.deepStrictEqual(info.shown, [`Goal Lens: saved the weekly digest of ${name} for ${lastWeek} to ${target.fsPath}.`]);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.isUntitled && d.isDirty), 'no dirty Untitled document left');
    } finally {
      info.restore();
    }
  });

  test('the weekly digest cancelled at the save writes and opens nothing', async () => {
    const before = vscode.workspace.textDocuments.length;
    const doc = await replacing('showInputBox', (o) => (o as { value: string }).value, async () =>
      replacing('showSaveDialog', () => undefined, async () => vscode.commands.executeCommand('goalLens.exportWeeklyDigest')),
    );
    assert.strictEqual(doc, undefined);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isUntitled), 'no Untitled document');
    assert.ok(vscode.workspace.textDocuments.length <= before);
  });

  test('Export Report asks for a format, covers the view\'s time window and offers a file outside the repository', async () => {
    const target = vscode.Uri.file(path.join(out, 'report.json'));
    // The Goals view's window counts only with no dashboard open; one left open by an earlier suite would decide it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.commands.executeCommand('goalLens.setTimeWindow', '30');
      const formats = await replacing('showQuickPick', (items) => (items as { format: string }[]).find((i) => i.format === 'json'), async (picks) =>
        replacing('showSaveDialog', () => target, async (saves) => {
          const info = captureMessages('showInformationMessage');
          try {
            assert.strictEqual((await vscode.commands.executeCommand('goalLens.exportReport'))?.toString(), target.toString());
          } finally {
            info.restore();
          }
          const offered = (saves[0][0] as { defaultUri: vscode.Uri }).defaultUri.fsPath;
          const rel = path.relative(folder(), offered);
          assert.ok(rel.startsWith('..'), `the save dialog offered ${offered}, inside the repository`);
          return (picks[0][0] as { format: string }[]).map((i) => i.format);
        }),
      );
      assert.deepStrictEqual(formats, ['html', 'md', 'csv', 'json']);
      const report = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as { window: { since: string | null } };
      assert.ok(report.window.since, 'a report of the last 30 days has a start');
      const days = (Date.now() - Date.parse(report.window.since)) / 86_400_000;
      assert.ok(Math.abs(days - 30) < 1, `window starts ${days} days ago`);
    } finally {
      await vscode.commands.executeCommand('goalLens.setTimeWindow', 'all');
    }
  });
});
