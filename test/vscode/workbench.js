// Workbench steps shared by the Playwright suites (./ui.js, ./dashboardUi.js) and the standalone checks
// (./package.test.js, ./start.test.js): the command palette, Quick Open and the Goal Lens Goals view.
'use strict';

const path = require('path');

const QUICK_INPUT = '.quick-input-widget input';
const FOCUSED_ROW = '.quick-input-widget .monaco-list-row.focused';

/**
 * Opens the quick input with `key` (F1: command palette, Control+P: Quick Open). First it focuses the
 * workbench: `focus: 'click'` clicks into it, `focus: 'escape'` presses Escape (closes what is open).
 */
async function openQuickInput(page, key, { focus = 'click' } = {}) {
  if (focus === 'click') await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  else await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: 10_000 });
}

/** Types `text` into the open quick input and waits until the highlighted row (the one Enter picks) shows `match`. */
async function typeInQuickInput(page, text, { match = text, delay = 10, timeout = 10_000 } = {}) {
  await page.locator(QUICK_INPUT).type(text, { delay });
  await page.locator(FOCUSED_ROW, { hasText: match }).waitFor({ timeout });
}

/** Runs a command from the command palette by its full label; `pick` then chooses that entry of the quick pick it opens. */
async function runCommand(page, label, { pick, focus = 'click', delay = 10 } = {}) {
  await openQuickInput(page, 'F1', { focus });
  await typeInQuickInput(page, label, { delay });
  await page.keyboard.press('Enter');
  if (pick) {
    await typeInQuickInput(page, pick, { delay });
    await page.keyboard.press('Enter');
  }
}

/** Opens a workspace file with Quick Open and waits for its tab. */
async function openFile(page, rel) {
  await openQuickInput(page, 'Control+P', { focus: 'escape' });
  await typeInQuickInput(page, rel, { match: path.basename(rel), delay: 5, timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor({ timeout: 15_000 });
}

/**
 * Clicks the Goal Lens activity-bar item and returns the text of the Goals tree's rows, expanding goals until `want`
 * shows (or 45 s pass). `expandLevel`: the tree level whose collapsed rows are opened (2 when repositories are the
 * first level); `withLevels`: rows as { level, text }.
 */
async function readGoalsTree(page, want = [], { expandLevel = 1, withLevels = false } = {}) {
  await page.locator('#workbench\\.parts\\.activitybar').waitFor({ timeout: 60_000 });
  const icon = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^Goal Lens/ });
  await icon.first().waitFor({ timeout: 45_000 });
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const pane = sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Goals' }) }).first();
  if (!(await pane.isVisible().catch(() => false))) await icon.first().click();
  const rows = pane.locator('.monaco-list-row');
  const deadline = Date.now() + 45_000;
  let texts = [];
  while (Date.now() < deadline) {
    texts = await rows.evaluateAll((els) =>
      els.map((e) => ({ level: Number(e.getAttribute('aria-level')), text: (e.getAttribute('aria-label') || e.innerText || '').replace(/\s+/g, ' ').trim() })),
    );
    if (texts.length && want.every((w) => texts.some((t) => t.text.includes(w)))) break;
    // Open collapsed goals (sub-goals sit under their parent).
    const collapsed = pane.locator(`.monaco-list-row[aria-level="${expandLevel}"] .monaco-tl-twistie.collapsible.collapsed`);
    if (await collapsed.count()) await collapsed.first().click().catch(() => {});
    await page.waitForTimeout(500);
  }
  return withLevels ? texts : texts.map((t) => t.text);
}

module.exports = { openQuickInput, typeInQuickInput, runCommand, openFile, readGoalsTree };
