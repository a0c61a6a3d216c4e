// UI suite: drives the VS Code workbench (code-server in Chromium, via playwright-core) the way a
// person would, on the fixture workspace with the development extension loaded. Called by ./run.js.
//
// Steps that need Goal Lens's own UI (activity-bar container `goalLens`, view `goalLens.goals`,
// command `goalLens.refresh`, the status bar item) are PENDING while package.json does not declare
// that container: they print a TODO and count as pending, never as passed. Once the container is
// declared, every step must work or it fails.
/* global window, document, getComputedStyle */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Mocha = require('mocha');
const { FIXTURE } = require('./fixture');
const { openQuickInput, typeInQuickInput, runCommand, openFile } = require('./workbench');
const { dashboardFrame, readOnBoard } = require('./dashboardUi');

// The README's pictures, all taken on the built-in demo repository (`goal-lens demo`) in a wide window.
const README_SHOTS = ['goals-tree.png', 'hover.png', 'status-bar.png', 'impact.png', 'dashboard.png', 'dashboard-effort.png', 'dashboard-flow.png', 'dashboard-onboard.png', 'goals-yaml-completion.png'];

function readManifest(extensionPath) {
  return JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
}

/** Returns { name, passed, failed, pending, readmeScreenshots }. */
async function runUiSuite({ url, extensionPath, extensionsDir, screenshots, newPage, workspace }) {
  const manifest = readManifest(extensionPath);
  const contributes = manifest.contributes || {};
  const container = ((contributes.viewsContainers || {}).activitybar || []).find((c) => c.id === 'goalLens');
  const goalsView = ((contributes.views || {}).goalLens || []).find((v) => v.id === 'goalLens.goals');
  const refresh = (contributes.commands || []).find((c) => c.command === 'goalLens.refresh');
  const shot = (name) => path.join(screenshots, name);
  const written = [];

  const ctx = { page: null, context: null };
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false, ...(process.env.GOAL_LENS_UI_GREP ? { grep: process.env.GOAL_LENS_UI_GREP } : {}) });
  const suite = Mocha.Suite.create(mocha.suite, 'Goal Lens UI (workbench driven by Playwright)');

  const needs = (what, ok) =>
    function pendingUnless() {
      if (!ok) {
        process.stdout.write(`      TODO: ${what} is not declared in package.json yet; step pending\n`);
        this.skip();
      }
    };
  const test = (title, fn) => suite.addTest(new Mocha.Test(title, fn));

  suite.beforeAll(async function () {
    const { context, page } = await newPage('ui');
    ctx.context = context;
    ctx.page = page;
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });
  suite.afterEach(async function () {
    const t = this.currentTest;
    // A step on another page (the demo's) records that page itself: this one would show the wrong workbench.
    if (t && t.state === 'failed' && ctx.page && !t.recorded) await recordFailure(ctx.page, shot, `failed-${t.title}`);
  });
  suite.afterAll(async () => {
    if (ctx.context) await ctx.context.close().catch(() => {});
  });

  test('the workbench opens the fixture workspace with the development extension', async function () {
    const { page } = ctx;
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 30_000 });
    if (!(await page.locator('.explorer-folders-view').isVisible())) {
      await page.getByRole('tab', { name: /^Explorer/ }).first().click(); // clicking an open view would close it
    }
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'goals.yaml' }).first().waitFor({ timeout: 30_000 });
    // The branch shown by the built-in git extension proves the fixture's history is there.
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: FIXTURE.branch }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: shot('workbench.png') });
    written.push('workbench.png');
  });

  test('the Goal Lens icon in the activity bar opens the Goals view', async function () {
    needs('view container goalLens (contributes.viewsContainers.activitybar)', container && goalsView).call(this);
    const { page } = ctx;
    const icon = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: new RegExp(`^${escape(container.title)}`) });
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    const pane = goalsPane(page, goalsView.name);
    await pane.locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
  });

  test('the Goals tree lists the fixture goals', async function () {
    needs('view goalLens.goals (contributes.views.goalLens)', container && goalsView).call(this);
    const { page } = ctx;
    const rows = goalsPane(page, goalsView.name).locator('.monaco-list-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const topLevel = FIXTURE.goals.filter((g) => !['checkout-conversion'].includes(g.id)); // no parent
    // The tree may first show the goals being read: wait (up to 30 s) until every top-level goal has its row.
    let texts = [];
    let missing = topLevel;
    for (const deadline = Date.now() + 30_000; missing.length && Date.now() < deadline; ) {
      texts = await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label') || ''} | ${e.innerText}`));
      missing = topLevel.filter((g) => !texts.some((t) => t.includes(g.title) || t.includes(g.id)));
      if (missing.length) await page.waitForTimeout(200);
    }
    process.stdout.write(`      rows: ${texts.map((t) => JSON.stringify(t.replace(/\s+/g, ' ').trim())).join(', ')}\n`);
    if (missing.length) throw new Error(`Goals tree does not show ${missing.map((g) => g.id).join(', ')}; rows: ${JSON.stringify(texts)}`);
    // For the picture: open the first goal to show its sub-goals, and move the pointer off the icon.
    const twistie = rows.first().locator('.monaco-tl-twistie.collapsible.collapsed');
    if (await twistie.count()) await twistie.click();
    await page.mouse.move(900, 700);
    await page.waitForTimeout(800);
    await page.screenshot({ path: shot('goals-view.png') });
    written.push('goals-view.png');
  });

  test('"Goal Lens: Refresh" runs from the command palette', async function () {
    needs('command goalLens.refresh (contributes.commands)', container && refresh).call(this);
    const { page } = ctx;
    const label = refresh.category ? `${refresh.category}: ${refresh.title}` : refresh.title;
    await openQuickInput(page, 'F1');
    // The highlighted (first) entry must be our command: Enter runs that one.
    await typeInQuickInput(page, label.replace(/^>/, ''), { match: label });
    await page.screenshot({ path: shot('command-palette.png') });
    written.push('command-palette.png');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.waitForTimeout(1000);
    const errors = await page.locator('.notifications-toasts .notification-toast', { has: page.locator('.codicon-error') }).allInnerTexts();
    if (errors.length) throw new Error(`running "${label}" showed an error: ${errors.join(' / ')}`);
  });

  test("the status bar shows the branch's goal", async function () {
    needs('view container goalLens (the status bar item comes with the views)', container).call(this);
    const { page } = ctx;
    const goal = FIXTURE.goals.find((g) => g.id === FIXTURE.branchGoal);
    // Status bar entries carry the contributing extension's id in their element id.
    const item = page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id^="${manifest.publisher}.${manifest.name}"]`);
    await item.first().waitFor({ timeout: 30_000 });
    const texts = await item.allInnerTexts();
    process.stdout.write(`      status bar: ${JSON.stringify(texts)}\n`);
    if (!texts.some((t) => t.includes(goal.id) || t.includes(goal.title))) {
      throw new Error(`status bar item does not name the goal of ${FIXTURE.branch} (${goal.id}): ${JSON.stringify(texts)}`);
    }
    await page.locator('#workbench\\.parts\\.statusbar').screenshot({ path: shot('fixture-status-bar.png') });
    written.push('fixture-status-bar.png');
  });

  // The dashboard webview's steps live with the dashboard (./dashboardUi.js).
  const hasDashboard = (contributes.commands || []).some((c) => c.command === 'goalLens.openDashboard');
  require('./dashboardUi').addDashboardSteps({
    test: (title, fn) =>
      test(title, async function () {
        needs('command goalLens.openDashboard (contributes.commands)', container && hasDashboard).call(this);
        return fn.call(this);
      }),
    ctx,
    // On the fixture the dashboard picture is only a record; the README's comes from the demo repository below.
    shot: (name) => shot(`fixture-${name}`),
    written: { push: (name) => written.push(`fixture-${name}`) },
    repoDir: () => workspace,
    cliPath: path.join(extensionPath, 'dist', 'cli.js'),
    editCodeowners: true,
  });

  // Keyboard and editor steps (./uxUi.js).
  require('./uxUi').addUxSteps({ test, ctx, shot, written, workspace });

  addDemoSteps({ suite, test, ctx, needs: (what, ok) => needs(what, ok), ok: !!(container && goalsView), hasDashboard, url, extensionPath, extensionsDir, manifest, newPage, shot, written });

  const counts = { passed: 0, failed: 0, pending: 0 };
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => counts.passed++);
    runner.on('fail', (t) => {
      if (t.type === 'hook') process.stdout.write(`      (hook failed: ${t.title})\n`);
      counts.failed++;
    });
    runner.on('pending', () => counts.pending++);
  });
  mocha.dispose();
  process.stdout.write(`      screenshots: ${written.map((f) => path.join('test-results', 'screenshots', f)).join(', ') || 'none'}\n`);
  return {
    name: 'ui',
    ...counts,
    readmeScreenshots: README_SHOTS.filter((f) => written.includes(f)),
  };
}

/**
 * The README's pictures, on the built-in demo repository (`node dist/cli.js demo`): a second workbench page,
 * 1600x1000, the side bar dragged wider so that the tree's descriptions can be read. Each step checks what its
 * picture shows before taking it. The demo's feat/checkout-saved-cards branch is checked out so that the status
 * bar has a goal to show.
 */
function addDemoSteps({ suite, test, ctx, needs, ok, hasDashboard, url, extensionPath, extensionsDir, manifest, newPage, shot, written }) {
  const demo = { page: null, context: null, tmp: null, dir: null };
  const BRANCH = 'feat/checkout-saved-cards';
  const CHECKOUT = 'Lift checkout conversion to 4%';
  const pageOf = () => {
    if (!demo.page) throw new Error('the demo workbench did not open (see the first demo step)');
    return demo.page;
  };
  const step = (title, fn) =>
    test(`demo repository: ${title}`, async function () {
      needs('view container goalLens and view goalLens.goals (contributes)', ok).call(this);
      try {
        return await fn.call(this);
      } catch (e) {
        if (demo.page) {
          this.test.recorded = true; // the suite's afterEach would take the fixture page
          await recordFailure(demo.page, shot, `failed-demo-${title}`);
        }
        throw e;
      }
    });
  suite.afterAll(async () => {
    if (demo.context) await demo.context.close().catch(() => {});
    if (demo.tmp) fs.rmSync(demo.tmp, { recursive: true, force: true });
  });

  const git = (...args) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const rows = (pane) => pane.locator('.monaco-list-row');
  const rowTexts = (pane) => rows(pane).evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
  /** The tree row whose label is exactly `label` (optionally also containing `text`). */
  const row = (page, pane, label, text) => {
    // A goal or "Untagged work" row leads with its commit count ("110 · Grow online revenue").
    let r = rows(pane).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^(\\d+ · )?${escape(label)}$`) }) });
    if (text) r = r.filter({ hasText: text });
    return r.first();
  };
  const expand = async (r) => {
    await r.waitFor({ timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) === 'false') await r.locator('.monaco-tl-twistie').click();
    await r.locator('.monaco-tl-twistie.collapsed').waitFor({ state: 'detached', timeout: 10_000 });
  };
  /** Runs `fn` in another colour theme, set in the demo folder's workspace settings (applied live), then back. */
  const withTheme = async (page, name, cls, fn) => {
    const settings = path.join(demo.dir, '.vscode', 'settings.json');
    // Kept out of git's sight, so the pictures taken after show a clean working tree (no '*', no SCM badge).
    const exclude = path.join(demo.dir, '.git', 'info', 'exclude');
    if (!fs.readFileSync(exclude, 'utf8').includes('/.vscode/')) fs.appendFileSync(exclude, '\n/.vscode/\n');
    const theme = async (n, c) => {
      fs.mkdirSync(path.dirname(settings), { recursive: true });
      fs.writeFileSync(settings, JSON.stringify({ 'workbench.colorTheme': n }));
      await page.locator(`.monaco-workbench.${c}`).waitFor({ timeout: 15_000 });
    };
    await theme(name, cls);
    try {
      await fn();
    } finally {
      await theme('Default Light Modern', 'vs');
      fs.rmSync(path.dirname(settings), { recursive: true, force: true });
    }
  };
  const setPaneExpanded = async (page, name, expanded) => {
    const header = page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: name }).first();
    if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  };

  step('the workbench opens it, 1600x1000, with a wide side bar', async function () {
    this.timeout(120_000);
    demo.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-demo-')));
    demo.dir = path.join(demo.tmp, 'acme-shop');
    execFileSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'demo', '--dir', demo.dir, '--no-report'], { stdio: ['ignore', 'pipe', 'pipe'] });
    git('checkout', '-q', BRANCH);
    // The fixture's workbench is done with: closed, so that its extension host and editors cannot touch this one.
    if (ctx.context) await ctx.context.close().catch(() => {});
    ctx.context = null;
    ctx.page = null;
    const { context, page } = await newPage('demo');
    demo.context = context;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(url.replace(/([?&]folder=)[^&]*/, `$1${encodeURIComponent(demo.dir)}`));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: BRANCH }).waitFor({ timeout: 60_000 });
    const icon = page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: /^Goal Lens/ });
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.locator('.pane-header', { hasText: 'Goals' }).waitFor({ timeout: 30_000 });
    demo.page = page;
  });

  step('at the default side bar width every goal row shows its commit count, in light and dark themes', async function () {
    const page = pageOf();
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const pane = goalsPane(page, 'Goals');
    await row(page, pane, 'Untagged work').waitFor({ timeout: 60_000 });
    await expand(row(page, pane, 'Grow online revenue 20% in FY27'));
    const report = JSON.parse(execFileSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'report', '--repo', demo.dir, '--format', 'json'], { encoding: 'utf8' }));
    const box = await sidebar.boundingBox();
    const check = async (theme) => {
    // The count leads the row's label ("110 · Grow online revenue"): where its last digit is drawn, against the
    // right edge of what the row shows (VS Code clips a long label there, and shows no description after it).
    const shown = await rows(pane).evaluateAll((els) =>
      els.map((e) => {
        const name = e.querySelector('.label-name');
        const clip = e.querySelector('.monaco-icon-label-container') || e;
        const label = e.querySelector('.monaco-icon-label');
        const badge = label ? getComputedStyle(label, '::after').content.replace(/^"|"$|^none$|^normal$/g, '') : '';
        const walker = name ? document.createTreeWalker(name, 4 /* NodeFilter.SHOW_TEXT */) : null;
        const text = walker ? walker.nextNode() : null;
        const full = name ? name.textContent : '';
        const m = /^(\d+) · /.exec(full);
        const out = { title: m ? full.slice(m[0].length) : full, count: m ? Number(m[1]) : null, countRight: Infinity, clipRight: clip.getBoundingClientRect().right, badge };
        if (m && text && text.textContent.startsWith(m[1])) {
          const r = document.createRange();
          r.setStart(text, 0);
          r.setEnd(text, m[1].length);
          out.countRight = r.getBoundingClientRect().right;
        }
        return out;
      }),
    );
    process.stdout.write(`      side bar ${Math.round(box.width)} px: ${JSON.stringify(shown.map((r) => `${r.title} [${r.count}${r.countRight > r.clipRight ? ' CUT' : ''}]`))}\n`);
    const want = [...report.goals.map((g) => ({ title: g.title, n: g.totalCommits })), { title: 'Untagged work', n: report.totals.untagged }];
    const checked = [];
    for (const w of want) {
      const r = shown.find((x) => x.title === w.title);
      if (!r) continue; // a collapsed branch of the tree
      if (r.count !== w.n) throw new Error(`${w.title}: the label leads with ${r.count}, expected ${w.n} (the report's count)`);
      if (r.countRight > r.clipRight + 0.5) throw new Error(`${w.title}: the count ends at ${r.countRight} px, past the row's visible edge (${r.clipRight} px)`);
      if (r.badge) throw new Error(`${w.title}: a badge '${r.badge}' beside the count`);
      checked.push(w);
    }
    if (!checked.some((w) => w.n > 99)) throw new Error(`no row with more than 99 commits was checked (the demo should have one): ${JSON.stringify(checked)}`);
    if (!checked.some((w) => w.title === 'Untagged work')) throw new Error('the Untagged work row was not checked');
    process.stdout.write(`      ${theme}: ${checked.length} counts read whole\n`);
    };
    await check('light');
    await page.mouse.move(1200, 900);
    await page.waitForTimeout(500);
    await sidebar.screenshot({ path: shot('goals-tree-default-width.png') });
    written.push('goals-tree-default-width.png');
    await withTheme(page, 'Default Dark Modern', 'vs-dark', async () => {
      await page.waitForTimeout(800);
      await check('dark');
      await sidebar.screenshot({ path: shot('goals-tree-default-width-dark.png') });
      written.push('goals-tree-default-width-dark.png');
    });
  });

  step('the side bar dragged wider for the README pictures', async function () {
    const page = pageOf();
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const before = await sidebar.boundingBox();
    const x = before.x + before.width;
    const y = before.y + before.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 200, y, { steps: 8 });
    await page.mouse.move(x + 430, y, { steps: 8 });
    await page.mouse.up();
    const after = await sidebar.boundingBox();
    process.stdout.write(`      side bar width: ${Math.round(before.width)} -> ${Math.round(after.width)} px\n`);
    if (after.width < 560) throw new Error(`the side bar is ${after.width} px wide after dragging its sash`);
  });

  step('the Goals tree: a goal with its branches, recent commits with reasons and commitments; Untagged work', async function () {
    const page = pageOf();
    await runCommand(page, 'Goal Lens: Set Time Window', { focus: 'escape', delay: 5 });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Last 30 days' }).click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await setPaneExpanded(page, 'Impact', false);
    const pane = goalsPane(page, 'Goals');
    await row(page, pane, 'Untagged work').waitFor({ timeout: 60_000 });
    // The active filter is in the view's header (issue 17.12).
    await page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: 'Goals' }).filter({ hasText: 'last 30 days' }).first().waitFor({ timeout: 10_000 });
    // The 30-day window of the demo's history, counted independently by the command line.
    const report = JSON.parse(execFileSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'report', '--repo', demo.dir, '--since', '30d', '--format', 'json'], { encoding: 'utf8' }));
    const checkout = report.goals.find((g) => g.id === 'checkout-conversion');
    const growth = report.goals.find((g) => g.id === 'growth');
    await row(page, pane, 'Untagged work', `${report.totals.untagged} · `).waitFor({ timeout: 10_000 });
    await row(page, pane, 'Grow online revenue 20% in FY27', `${growth.totalCommits} · `).waitFor({ timeout: 10_000 });
    await expand(row(page, pane, 'Grow online revenue 20% in FY27'));
    await row(page, pane, CHECKOUT, `${checkout.totalCommits} · `).waitFor({ timeout: 10_000 });
    await expand(row(page, pane, CHECKOUT));
    for (const group of ['Commitments', 'Recent commits', 'Branches']) await expand(row(page, pane, group));
    await row(page, pane, BRANCH, 'ahead').waitFor({ timeout: 10_000 });
    await row(page, pane, 'Apple Pay', 'open').waitFor({ timeout: 10_000 });
    await row(page, pane, 'One-click retry for failed cards', 'kept').waitFor({ timeout: 10_000 });
    await row(page, pane, 'Address autocomplete', 'late').waitFor({ timeout: 10_000 });
    const texts = await rowTexts(pane);
    process.stdout.write(`      rows: ${texts.length}, e.g. ${JSON.stringify(texts.slice(0, 8))}\n`);
    const commitRows = texts.filter((t) => / · via /.test(t));
    if (commitRows.length < checkout.commits) throw new Error(`${commitRows.length} commit rows with a reason, expected ${checkout.commits}: ${JSON.stringify(texts)}`);
    // Every kind of link the window's checkout commits have (from the JSON report) shows as a reason.
    const reasons = { trailer: 'via Goal trailer', key: 'via issue key SHOP-', branch: `via branch ${BRANCH}`, note: 'via note', merge: 'via merge of' };
    const kinds = Object.keys(reasons).filter((k) => checkout.sources[k] > 0);
    if (!kinds.includes('trailer') || !kinds.includes('branch')) throw new Error(`the demo's last 30 days: ${JSON.stringify(checkout.sources)}`);
    for (const reason of kinds.map((k) => reasons[k])) {
      if (!commitRows.some((t) => t.includes(reason))) throw new Error(`no recent commit '${reason}': ${JSON.stringify(commitRows)}`);
    }
    await openFile(page, 'goals.yaml');
    await page.mouse.move(1200, 900);
    await page.waitForTimeout(800);
    await page.screenshot({ path: shot('goals-tree.png') });
    written.push('goals-tree.png');
  });

  step('Untagged work: each commit shows its first suggestion, the evidence in its tooltip', async function () {
    const page = pageOf();
    const pane = goalsPane(page, 'Goals');
    const growth = row(page, pane, 'Grow online revenue 20% in FY27');
    if ((await growth.getAttribute('aria-expanded')) === 'true') await growth.locator('.monaco-tl-twistie').click();
    await expand(row(page, pane, 'Untagged work'));
    const suggested = rows(pane).filter({ hasText: '→ ' }).first();
    await suggested.waitFor({ timeout: 60_000 });
    await suggested.hover();
    const tip = page.locator('.workbench-hover, .monaco-hover', { hasText: 'Suggested:' }).first();
    await tip.waitFor({ state: 'visible', timeout: 10_000 });
    process.stdout.write(`      untagged row: ${JSON.stringify((await suggested.innerText()).replace(/\s+/g, ' '))}\n`);
    await page.screenshot({ path: shot('untagged-suggestions.png') });
    written.push('untagged-suggestions.png');
    await page.mouse.move(1200, 900);
    await row(page, pane, 'Untagged work').locator('.monaco-tl-twistie').click();
  });

  step("the status bar shows the branch's goal, and its tooltip says why", async function () {
    const page = pageOf();
    const item = page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id^="${manifest.publisher}.${manifest.name}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    const text = await item.innerText();
    if (!text.includes('checkout-conversion')) throw new Error(`status bar item: ${JSON.stringify(text)}`);
    await item.hover();
    const tip = page.locator('.workbench-hover, .monaco-hover', { hasText: `Branch ${BRANCH} serves` }).first();
    await tip.waitFor({ state: 'visible', timeout: 10_000 });
    const tipText = (await tip.innerText()).replace(/\u00a0/g, ' '); // appendText keeps spaces as &nbsp;
    if (!tipText.includes(`${CHECKOUT} (checkout-conversion)`)) throw new Error(`status bar tooltip: ${JSON.stringify(tipText)}`);
    const bar = await page.locator('#workbench\\.parts\\.statusbar').boundingBox();
    const box = await item.boundingBox();
    const tipBox = await tip.boundingBox();
    const top = Math.max(0, Math.min(tipBox.y, bar.y) - 12);
    const right = Math.min(1600, Math.max(box.x + box.width, tipBox.x + tipBox.width) + 160);
    await page.screenshot({ path: shot('status-bar.png'), clip: { x: 0, y: top, width: right, height: bar.y + bar.height - top } });
    written.push('status-bar.png');
    await page.mouse.move(1200, 500);
  });

  step('the current line shows its goal at the end, and the hover gives the goal and the reason', async function () {
    const page = pageOf();
    const file = 'src/checkout/payment.ts';
    // The last line of the file whose commit names the goal in a trailer, found with git blame.
    const blame = git('blame', '--line-porcelain', 'HEAD', '--', file).split('\n');
    let line = 0;
    for (const l of blame) {
      const m = /^([0-9a-f]{40}) \d+ (\d+)/.exec(l);
      if (m && /^Goal: checkout-conversion$/m.test(git('log', '-1', '--format=%B', m[1]))) line = Math.max(line, Number(m[2]));
    }
    if (!line) throw new Error(`no line of ${file} comes from a commit with a Goal trailer`);
    await openFile(page, file);
    // Enter before Quick Open has switched to "go to line" would open the highlighted file instead.
    await openQuickInput(page, 'Control+P', { focus: 'escape' });
    await typeInQuickInput(page, `:${line}`, { match: `Go to line ${line}`, delay: 5 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('End');
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: `Ln ${line},` }).waitFor({ timeout: 10_000 });
    const annotation = await page.waitForFunction(() => {
      for (const el of document.querySelectorAll('.monaco-editor .view-lines span')) {
        const c = getComputedStyle(el, '::after').content;
        if (c && c.includes('⊙') && c.includes('checkout-conversion')) {
          const r = el.getBoundingClientRect();
          return { text: c, x: r.right, y: r.top + r.height / 2 };
        }
      }
      return null;
    }, null, { timeout: 15_000 }).then((h) => h.jsonValue());
    process.stdout.write(`      line ${line}: ${annotation.text}\n`);
    if (!annotation.text.includes('checkout-conversion · via Goal trailer')) throw new Error(`annotation: ${annotation.text}`);
    await page.mouse.move(annotation.x - 30, annotation.y);
    const hover = page.locator('.monaco-editor .monaco-hover', { hasText: CHECKOUT }).first();
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
    }
    const hoverText = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const want of [CHECKOUT, 'via Goal trailer', 'Dana Ruiz']) if (!hoverText.includes(want)) throw new Error(`the hover lacks '${want}': ${JSON.stringify(hoverText)}`);
    // For the picture, let TypeScript's part of the hover finish ("Loading..." otherwise closes it).
    await page.waitForFunction((el) => !/Loading/.test(el.innerText), await hover.elementHandle(), { timeout: 15_000 }).catch(() => {});
    await page.waitForTimeout(400);
    await page.screenshot({ path: shot('hover.png') });
    written.push('hover.png');
    await page.keyboard.press('Escape');
    await page.mouse.move(1200, 950);
  });

  require('./goalsYamlUi').addGoalsYamlSteps({ step, pageOf, demoDir: () => demo.dir, extensionsDir, shot, written });

  step('the Impact view on the shared library: goals served directly and through dependents, owners', async function () {
    const page = pageOf();
    await openFile(page, 'src/shared/payments-lib/charge.ts');
    await setPaneExpanded(page, 'Goals', false);
    await setPaneExpanded(page, 'Impact', true);
    const pane = goalsPane(page, 'Impact');
    await row(page, pane, 'charge.ts', 'file ·').waitFor({ timeout: 30_000 });
    // What the view must show, from the command line: the goals of the file's history and of its importers.
    const cli = (...args) => JSON.parse(execFileSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), ...args], { cwd: demo.dir, encoding: 'utf8' }));
    const impact = cli('impact', 'src/shared/payments-lib/charge.ts', '--format', 'json');
    const titles = new Map(cli('report', '--format', 'json').goals.map((g) => [g.id, g.title]));
    const goals = [...new Set([...impact.history, ...impact.indirect].map((g) => titles.get(g.goalId)))];
    if (!goals.includes(CHECKOUT)) throw new Error(`charge.ts serves no checkout work through its importers: ${JSON.stringify(impact.indirect)}`);
    for (const g of goals) await row(page, pane, g).waitFor({ timeout: 15_000 });
    await row(page, pane, 'Dependents', `${impact.importers.length} direct`).waitFor({ timeout: 10_000 });
    await row(page, pane, 'Owners', '@acme/platform').waitFor({ timeout: 10_000 });
    for (const g of goals.slice(0, 2)) await expand(row(page, pane, g));
    await row(page, pane, 'through importers', 'distance 1').first().waitFor({ timeout: 10_000 });
    await row(page, pane, 'history').first().waitFor({ timeout: 10_000 });
    await expand(row(page, pane, 'Owners'));
    const texts = await rowTexts(pane);
    process.stdout.write(`      impact rows: ${JSON.stringify(texts)}\n`);
    // Each goal row gives its figures apart: "5 own · 72 through importers" (or only one of them).
    for (const g of goals) {
      const t = (await row(page, pane, g).innerText()).replace(/\s+/g, ' ');
      if (!/\d+ (own|through importers)/.test(t)) throw new Error(`the goal row '${t}' has no figure`);
    }
    // No row takes a file's decorations (problems, git): no badge, no decoration colour.
    const decorated = await rows(pane).evaluateAll((els) =>
      els
        .filter((e) => e.querySelector('[class*="monaco-decoration-itemColor"], [class*="monaco-decoration-itemBadge"]') || (e.querySelector('.monaco-icon-label') && !/^(none|normal|"")$/.test(getComputedStyle(e.querySelector('.monaco-icon-label'), '::after').content)))
        .map((e) => e.innerText.replace(/\s+/g, ' ')),
    );
    if (decorated.length) throw new Error(`Impact rows with a file's decorations: ${JSON.stringify(decorated)}`);
    await page.mouse.move(1200, 950);
    await page.waitForTimeout(500);
    await page.screenshot({ path: shot('impact.png') });
    written.push('impact.png');
    await setPaneExpanded(page, 'Goals', true);
    // The dashboard steps focus the workbench by clicking at x=700: narrow the side bar so that lands in the editor.
    const sidebar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    const x = sidebar.x + sidebar.width;
    await page.mouse.move(x, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(x - 250, sidebar.y + sidebar.height / 2, { steps: 8 });
    await page.mouse.up();
    const narrow = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (narrow.x + narrow.width > 640) throw new Error(`the side bar still ends at ${narrow.x + narrow.width} px`);
  });

  // The dashboard's own steps (./dashboardUi.js), on the demo page.
  require('./dashboardUi').addDashboardSteps({
    test: (title, fn) =>
      step(title, async function () {
        needs('command goalLens.openDashboard (contributes.commands)', hasDashboard).call(this);
        return fn.call(this);
      }),
    ctx: {
      get page() {
        return pageOf();
      },
    },
    shot,
    written,
    repoDir: () => demo.dir,
    cliPath: path.join(extensionPath, 'dist', 'cli.js'),
  });

  step('the views in a dark theme: the Goals tree and the dashboard, then the Impact view', async function () {
    const page = pageOf();
    await withTheme(page, 'Default Dark Modern', 'vs-dark', async () => {
      const pane = goalsPane(page, 'Goals');
      await row(page, pane, 'Untagged work').waitFor({ timeout: 30_000 });
      await page.mouse.move(1200, 950);
      await page.waitForTimeout(800);
      await page.screenshot({ path: shot('goals-tree-dark.png') });
      written.push('goals-tree-dark.png');
      // Who is on board in the dark theme: lines and table from the theme's palette.
      await runCommand(page, 'Goal Lens: Open Dashboard');
      const frame = await dashboardFrame(page);
      await readOnBoard(frame);
      await frame.evaluate(() => document.getElementById('gl-onboard').scrollIntoView({ block: 'start' }));
      await frame.waitForFunction(() => document.getElementById('gl-onboard').getBoundingClientRect().top < 60, null, { timeout: 5_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: shot('dashboard-onboard-dark.png') });
      written.push('dashboard-onboard-dark.png');
      await frame.evaluate(() => window.scrollTo(0, 0));
      await openFile(page, 'src/shared/payments-lib/charge.ts');
      await row(page, goalsPane(page, 'Impact'), 'charge.ts', 'file ·').waitFor({ timeout: 30_000 });
      await page.mouse.move(1200, 950);
      await page.waitForTimeout(500);
      await page.screenshot({ path: shot('impact-dark.png') });
      written.push('impact-dark.png');
    });
  });
}

/**
 * Records what a page showed when a step failed: a screenshot, and in the log the window's title (its folder), the
 * active editor tab, the status bar and any notification.
 */
async function recordFailure(page, shot, name) {
  const file = `${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 70)}.png`;
  await page.screenshot({ path: shot(file) }).catch(() => {});
  const text = (sel) =>
    page
      .locator(sel)
      .allInnerTexts()
      .then((t) => t.map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean))
      .catch(() => []);
  const shown = {
    title: await page.title().catch(() => ''),
    tab: await text('.tab.active'),
    statusBar: await text('#workbench\\.parts\\.statusbar .statusbar-item'),
    notifications: await text('.notifications-toasts .notification-toast'),
  };
  process.stdout.write(`      the page showed: ${JSON.stringify(shown)}\n      screenshot of the failure: test-results/screenshots/${file}\n`);
}

/** The pane of one view in the side bar (its header carries the view's name). */
function goalsPane(page, viewName) {
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  return sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: viewName }) }).first();
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { runUiSuite };
