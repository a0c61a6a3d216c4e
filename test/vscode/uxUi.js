// UI steps for the keyboard and editor surface, for the Playwright UI suite (./ui.js):
//   require('./uxUi').addUxSteps({ test, ctx, shot, written, workspace });
// Presses Ctrl+Alt+G where a user would: in the Source Control message box (Add Goal Trailer) and in an editor
// (Link Current Branch).
'use strict';

const { execFileSync } = require('child_process');
const { FIXTURE } = require('./fixture');
const { openFile, runCommand } = require('./workbench');

const QUICK_INPUT = '.quick-input-widget input';

function addUxSteps({ test, ctx, shot, written, workspace }) {
  addEditorPictureSteps({ test, ctx, shot, written });

  const gitConfig = (key) => {
    try {
      return execFileSync('git', ['config', '--get', key], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };

  test('Ctrl+Alt+G in the Source Control message box adds the goal trailer and leaves the branch link alone', async function () {
    const { page } = ctx;
    const before = gitConfig(`branch.${FIXTURE.branch}.goal`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+G');
    const input = page.locator('.scm-editor .monaco-editor').first();
    await input.waitFor({ timeout: 30_000 });
    await input.click();
    await page.keyboard.type('Make the retry delay configurable', { delay: 5 });
    await page.keyboard.press('Control+Alt+G');
    await page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: 10_000 });
    const placeholder = await page.locator(QUICK_INPUT).getAttribute('placeholder');
    if (!/commit message/.test(placeholder || '')) throw new Error(`Ctrl+Alt+G in the message box opened '${placeholder}', not Add Goal Trailer's goal picker`);
    await page.locator(QUICK_INPUT).type('search-latency', { delay: 5 });
    await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'search-latency' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const lines = page.locator('.scm-editor .view-lines').first();
    await page.waitForFunction((el) => /Goal:\s+search-latency/.test(el.innerText), await lines.elementHandle(), { timeout: 10_000 });
    const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    process.stdout.write(`      message box: ${JSON.stringify(text)}\n`);
    if (!/^Make the retry delay configurable\s+Goal: search-latency$/.test(text.trim())) throw new Error(`message box: ${JSON.stringify(text)}`);
    const after = gitConfig(`branch.${FIXTURE.branch}.goal`);
    if (after !== before) throw new Error(`the branch link changed from ${before} to ${after}`);
    await page.locator('#workbench\\.parts\\.sidebar').screenshot({ path: shot('scm-trailer.png') });
    written.push('scm-trailer.png');
    // Empty the box again for the steps that follow.
    await input.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
  });

  test('Ctrl+Alt+G in an editor opens Link Current Branch', async function () {
    const { page } = ctx;
    await openFile(page, 'src/payments/retry.ts');
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Alt+G');
    await page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: 10_000 });
    const placeholder = await page.locator(QUICK_INPUT).getAttribute('placeholder');
    await page.keyboard.press('Escape');
    if (!(placeholder || '').includes(`Goal that branch ${FIXTURE.branch} serves`)) throw new Error(`Ctrl+Alt+G in an editor opened '${placeholder}'`);
  });
}

function addEditorPictureSteps({ test, ctx, shot, written }) {
  test('Explain Commit opens a document beside the code, with its next steps', async function () {
    const { page } = ctx;
    await runCommand(page, 'Goal Lens: Explain Commit', { focus: 'escape' });
    await page.locator('.quick-input-widget .monaco-list-row.focused').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'explained.md' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'Open Changes' }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: shot('explain-commit.png') });
    written.push('explain-commit.png');
    await page.keyboard.press('Escape');
  });
}

module.exports = { addUxSteps, addEditorPictureSteps };
