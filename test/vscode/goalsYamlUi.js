// UI steps for editing goals.yaml with Goal Lens alone (no YAML extension installed), on the demo repository:
// completion of field names, a hover on a goal id, go to definition from `parent:`, and the "did you mean" quick
// fix, each pressed on the keyboard as a person would. The completion list is a README picture.
//   require('./goalsYamlUi').addGoalsYamlSteps({ step, pageOf, demoDir, extensionsDir, shot, written });
/* global document */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { openFile } = require('./workbench');

const EDITOR = '.editor-group-container .monaco-editor';

function addGoalsYamlSteps({ step, pageOf, demoDir, extensionsDir, shot, written }) {
  let original = ''; // the editor's visible lines before the steps edit goals.yaml
  const lines = () => fs.readFileSync(path.join(demoDir(), 'goals.yaml'), 'utf8').split('\n');
  /** 1-based line of the first line that is `text` once trimmed. */
  const lineOf = (text) => {
    const i = lines().findIndex((l) => l.trim() === text);
    if (i < 0) throw new Error(`goals.yaml has no line '${text}'`);
    return i + 1;
  };
  const goTo = async (page, line, column) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').type(`:${line}:${column}`, { delay: 5 });
    await page.keyboard.press('Enter');
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout: 10_000 });
  };
  /** The text of the editor line the cursor is on. */
  const currentLine = (page) =>
    page.evaluate((sel) => {
      const editor = document.querySelector(sel);
      const current = editor && editor.querySelector('.view-overlays .current-line');
      if (!current) return '';
      const top = current.parentElement.style.top;
      const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.style.top === top);
      return line ? line.innerText.replace(/\u00a0/g, ' ') : '';
    }, EDITOR);

  /**
   * Undoes the steps' edits. VS Code in the browser saves after a delay by default, so they reached the disk too:
   * the undone buffer is saved back, and the step waits until git sees the file as it was.
   */
  const restore = async (page, before) => {
    for (let i = 0; i < 30 && (await visibleLines(page)).join('\n') !== before; i++) await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 10_000;
    let diff = '';
    while ((diff = execFileSync('git', ['diff', '--', 'goals.yaml'], { cwd: demoDir(), encoding: 'utf8' })) && Date.now() < deadline) await page.waitForTimeout(200);
    if (diff) throw new Error(`goals.yaml is not as it was:\n${diff}`);
  };
  /** The editor's visible lines, trimmed at the end. */
  const visibleLines = (page) =>
    page.evaluate((sel) => {
      const editor = document.querySelector(sel);
      const rows = [...editor.querySelectorAll('.view-lines .view-line')].map((l) => ({ top: parseFloat(l.style.top), text: l.innerText.replace(/\u00a0/g, ' ').trimEnd() }));
      return rows.sort((a, b) => a.top - b.top).map((r) => r.text);
    }, EDITOR);

  step('goals.yaml with no YAML extension: field names complete where the cursor is', async function () {
    const installed = fs.readdirSync(extensionsDir).filter((f) => !f.startsWith('.') && f !== 'extensions.json');
    if (installed.length) throw new Error(`the UI runs with extensions installed: ${installed.join(', ')}`);
    const page = pageOf();
    await openFile(page, 'goals.yaml');
    // The tab shows before its editor is drawn: wait for the text.
    await page.locator(`${EDITOR} .view-line`, { hasText: 'version: 1' }).first().waitFor({ timeout: 15_000 });
    // A new field line in the first goal, which has no status, keys or paths yet.
    original = (await visibleLines(page)).join('\n');
    const due = lineOf('due: 2027-06-30');
    await goTo(page, due, lines()[due - 1].length + 1);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator(`${EDITOR} .suggest-widget.visible`);
    await suggest.waitFor({ timeout: 10_000 });
    await suggest.locator('.monaco-list-row', { hasText: 'status' }).first().waitFor({ timeout: 10_000 });
    const offered = await suggest.locator('.monaco-list-row .label-name').allInnerTexts();
    process.stdout.write(`      completion: ${JSON.stringify(offered)}\n`);
    for (const want of ['status', 'keys', 'paths']) if (!offered.includes(want)) throw new Error(`no '${want}' in ${JSON.stringify(offered)}`);
    for (const used of ['title', 'owner']) if (offered.includes(used)) throw new Error(`'${used}' is offered again: ${JSON.stringify(offered)}`);
    await page.mouse.move(1200, 950);
    await page.waitForTimeout(400);
    await page.screenshot({ path: shot('goals-yaml-completion.png') });
    written.push('goals-yaml-completion.png');
    await page.keyboard.press('Escape');
  });

  step('goals.yaml: the "did you mean" problem has a quick fix that makes the change', async function () {
    const page = pageOf();
    // The cursor is on the new line of the step before.
    await page.keyboard.type('stauts: active', { delay: 5 });
    await page.locator(`${EDITOR} .squiggly-warning`).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Home');
    // The problem is checked again as the buffer is saved (after a delay, in the browser): ask until the fix is offered.
    const fix = page.locator('.action-widget .monaco-list-row, .context-view .monaco-list-row', { hasText: "Change to 'status'" }).first();
    for (let attempt = 1; ; attempt++) {
      await page.waitForTimeout(500);
      await page.keyboard.press('Control+.');
      try {
        await fix.waitFor({ timeout: 3_000 });
        break;
      } catch (e) {
        if (attempt === 4) throw e;
        await page.keyboard.press('Escape');
      }
    }
    if (!/\bfocused\b/.test((await fix.getAttribute('class')) || '')) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].some((l) => l.innerText.replace(/\u00a0/g, ' ').trim() === 'status: active'),
      EDITOR,
      { timeout: 10_000 },
    );
    const text = (await currentLine(page)).trim();
    if (text !== 'status: active') throw new Error(`after the quick fix the line reads '${text}'`);
    await restore(page, original);
  });

  step('goals.yaml: a hover on a goal id shows the goal; F12 on parent: goes to it', async function () {
    const page = pageOf();
    const parent = lineOf('parent: growth');
    await goTo(page, parent, lines()[parent - 1].indexOf('growth') + 3);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator(`${EDITOR} .monaco-hover`, { hasText: 'Grow online revenue 20% in FY27' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    process.stdout.write(`      hover: ${JSON.stringify((await hover.innerText()).replace(/\s+/g, ' ').slice(0, 160))}\n`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F12');
    const id = lineOf('- id: growth');
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: `Ln ${id},` }).waitFor({ timeout: 10_000 });
  });
}

module.exports = { addGoalsYamlSteps };
