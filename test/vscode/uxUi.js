// UI steps for the keyboard and editor surface, for the Playwright UI suite (./ui.js):
//   require('./uxUi').addUxSteps({ test, ctx, shot, written, workspace });
// Presses Ctrl+Alt+G where a user would: in the Source Control message box (Add Goal Trailer) and in an editor
// (Link Current Branch).
/* global document, getComputedStyle */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { FIXTURE } = require('./fixture');
const { openFile, runCommand } = require('./workbench');

const QUICK_INPUT = '.quick-input-widget input';

function addUxSteps({ test, ctx, shot, written, workspace }) {
  addEditorPictureSteps({ test, ctx, shot, written });
  addRollupThemeSteps({ test, ctx, shot, written, workspace });
  addBrokenGoalsSteps({ test, ctx, shot, written, workspace });

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
  test('Explain Commit opens rendered (the Markdown preview), in the active editor group, with no toast', async function () {
    const { page } = ctx;
    const groups = await page.locator('.editor-group-container').count();
    await runCommand(page, 'Goal Lens: Explain Commit', { focus: 'escape' });
    await page.locator('.quick-input-widget .monaco-list-row.focused').waitFor({ timeout: 10_000 });
    const picked = (await page.locator('.quick-input-widget .monaco-list-row.focused').innerText()).replace(/\s+/g, ' ');
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: /Preview .*explained\.md/ }).first().waitFor({ timeout: 20_000 });
    // Rendered: the preview's page has the heading as an <h1>, and no Markdown markup shows as text.
    const frame = await frameWith(page, () => !!document.querySelector('.markdown-body h1, body.vscode-body h1'), 20_000);
    const text = await frame.evaluate(() => document.body.innerText);
    if (/^#|\*\*/m.test(text)) throw new Error(`the preview shows Markdown source: ${JSON.stringify(text.slice(0, 300))}`);
    if (!/Serves|Untagged|Merge|Not in the indexed history/.test(text)) throw new Error(`the preview says nothing about goals: ${JSON.stringify(text.slice(0, 300))}`);
    const after = await page.locator('.editor-group-container').count();
    if (after > Math.max(groups, 1)) throw new Error(`Explain opened a new editor group (${groups} -> ${after})`);
    const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    if (toasts.some((t) => t.includes('Goal Lens'))) throw new Error(`a toast: ${JSON.stringify(toasts)}`);
    process.stdout.write(`      explained ${JSON.stringify(picked.slice(0, 60))}: ${JSON.stringify(text.split('\n')[0])}\n`);
    await page.waitForTimeout(400);
    await page.screenshot({ path: shot('explain-commit.png') });
    written.push('explain-commit.png');
  });
}

/** The first frame (webviews nest iframes) where `test` is true in the page. */
async function frameWith(page, test, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(test).catch(() => false)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('no frame showed what was expected');
}

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (an alpha of 0 counts as `under`). */
function contrast(fg, bg, under = 'rgb(255, 255, 255)') {
  const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const solid = (c) => {
    const [r, g, b, a = 1] = parse(c);
    if (a >= 1) return [r, g, b];
    const [ur, ug, ub] = parse(under);
    return [r * a + ur * (1 - a), g * a + ug * (1 - a), b * a + ub * (1 - a)];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [a, b] = [lum(solid(fg)), lum(solid(bg))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** The frame of the workspace roll-up page (webviews nest two iframes). */
async function rollupFrame(page, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      const ok = await frame.evaluate(() => /roll-up/.test(document.querySelector('h1')?.textContent || '')).catch(() => false);
      if (ok) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the roll-up webview did not render within 30 s');
}

/**
 * Switches the workbench's colour theme through the workspace settings (kept out of git's sight: later steps read a
 * clean working tree); `clear` removes the settings again.
 */
function themeSwitch(page, workspace) {
  const settings = path.join(workspace, '.vscode', 'settings.json');
  const exclude = path.join(workspace, '.git', 'info', 'exclude');
  if (!fs.readFileSync(exclude, 'utf8').includes('/.vscode/')) fs.appendFileSync(exclude, '\n/.vscode/\n');
  return {
    async set(name, cls) {
      fs.mkdirSync(path.dirname(settings), { recursive: true });
      fs.writeFileSync(settings, JSON.stringify({ 'workbench.colorTheme': name }));
      await page.locator(`.monaco-workbench.${cls}`).waitFor({ timeout: 15_000 });
    },
    clear: () => fs.rmSync(path.dirname(settings), { recursive: true, force: true }),
  };
}

/**
 * The workspace roll-up page in a dark theme: it follows the editor's theme (it stayed white, with the goal-id
 * chips in the dark theme's code colours), and every text on it reads against its background.
 */
function addRollupThemeSteps({ test, ctx, shot, written, workspace }) {
  test('the roll-up page follows a dark theme and its text and goal-id chips read against the page', async function () {
    const { page } = ctx;
    const theme = themeSwitch(page, workspace);
    await theme.set('Default Dark Modern', 'vs-dark');
    try {
      await runCommand(page, 'Goal Lens: Open Workspace Roll-up', { focus: 'escape' });
      const frame = await rollupFrame(page);
      await frame.waitForFunction(() => document.body.classList.contains('vscode-dark'), null, { timeout: 15_000 });
      const seen = await frame.evaluate(() => {
        const bg = getComputedStyle(document.body).backgroundColor;
        const of = (sel) => {
          const el = document.querySelector(sel);
          if (!el) return null;
          const s = getComputedStyle(el);
          return { fg: s.color, bg: s.backgroundColor };
        };
        return { page: bg, text: of('h1'), muted: of('.muted'), cell: of('td.num'), chip: of('th code') };
      });
      process.stdout.write(`      roll-up in a dark theme: ${JSON.stringify(seen)}\n`);
      const dark = contrast('rgb(0, 0, 0)', seen.page) < contrast('rgb(255, 255, 255)', seen.page);
      if (!dark) throw new Error(`the page background is ${seen.page} in a dark theme`);
      for (const [what, c] of Object.entries({ title: seen.text, muted: seen.muted, cell: seen.cell, 'goal-id chip': seen.chip })) {
        if (!c) throw new Error(`no ${what} on the page`);
        const ratio = contrast(c.fg, c.bg, seen.page); // a transparent background shows the page's
        if (ratio < 4.5) throw new Error(`${what}: ${c.fg} on ${c.bg} over ${seen.page}, contrast ${ratio.toFixed(2)} (under 4.5)`);
      }
      await page.screenshot({ path: shot('rollup-dark.png') });
      written.push('rollup-dark.png');
    } finally {
      await theme.set('Default Light Modern', 'vs');
      theme.clear();
      await page.keyboard.press('Escape');
    }
  });
}

/**
 * A goals.yaml broken on disk is said once in the Goals view, with its line and message, light and dark; mended,
 * nothing is said.
 */
function addBrokenGoalsSteps({ test, ctx, shot, written, workspace }) {
  test('a broken goals.yaml is announced once in the Goals view, with its line, in light and dark', async function () {
    const { page } = ctx;
    const file = path.join(workspace, 'goals.yaml');
    const good = fs.readFileSync(file, 'utf8');
    const theme = themeSwitch(page, workspace);
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors', { focus: 'escape' });
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const pane = sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Goals' }) }).first();
    if (!(await pane.isVisible())) await page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^Goal Lens/ }).click();
    await pane.locator('.monaco-list-row', { hasText: 'Untagged work' }).first().waitFor({ timeout: 30_000 }); // indexed
    const said = () => pane.locator('.pane-body').innerText().then((t) => t.split('\n').filter((l) => /goals\.yaml|stale|last good/.test(l)));
    try {
      fs.writeFileSync(file, good + '\n  - id: [unclosed\n');
      await pane.locator('.pane-body', { hasText: /goals\.yaml line \d+: .* last good version/ }).waitFor({ timeout: 20_000 });
      const lines = await said();
      process.stdout.write(`      announced: ${JSON.stringify(lines)}\n`);
      if (lines.length !== 1) throw new Error(`a broken goals.yaml is announced ${lines.length} times: ${JSON.stringify(lines)}`);
      await page.mouse.move(900, 700);
      await sidebar.screenshot({ path: shot('goals-broken-light.png') });
      written.push('goals-broken-light.png');
      await theme.set('Default Dark Modern', 'vs-dark');
      await page.waitForTimeout(300); // the theme's colours are painted after the class changes
      await sidebar.screenshot({ path: shot('goals-broken-dark.png') });
      written.push('goals-broken-dark.png');
    } finally {
      fs.writeFileSync(file, good);
      await theme.set('Default Light Modern', 'vs').catch(() => {});
      theme.clear();
    }
    let after = await said();
    for (const deadline = Date.now() + 20_000; after.length && Date.now() < deadline; after = await said()) await page.waitForTimeout(200);
    if (after.length) throw new Error(`still announced after the fix: ${JSON.stringify(after)}`);
  });
}

module.exports = { addUxSteps, addBrokenGoalsSteps, addEditorPictureSteps, addRollupThemeSteps, contrast };
