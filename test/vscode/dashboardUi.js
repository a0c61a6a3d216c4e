// UI steps for the dashboard webview, for the Playwright UI suite (./ui.js):
//   require('./dashboardUi').addDashboardSteps({ test, ctx, shot, written, repoDir, cliPath });
// Opens "Goal Lens: Open Dashboard" from the command palette, finds the webview's frame, checks that the five
// parts are drawn (Chart.js charts with data, flags, outcome) and writes test-results/screenshots/dashboard.png.
/* global window, document */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { runCommand } = require('./workbench');

/** The frame that holds the dashboard page (webviews nest two iframes). */
async function dashboardFrame(page, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      const ok = await frame.evaluate(() => !!document.querySelector('body[data-rendered] #goal-lens-app')).catch(() => false);
      if (ok) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the dashboard webview did not render within 30 s');
}

/**
 * Waits until the page's "Who is on board" section has its table (the editor reads the teams in the background and
 * sends them when ready; until then the section says "Reading teams…", never "were not read"), then reads it.
 */
async function readOnBoard(frame, timeoutMs = 60_000, until = () => true) {
  const states = new Set();
  const end = Date.now() + timeoutMs;
  for (;;) {
    const seen = await frame.evaluate(() => {
      const sec = document.getElementById('gl-onboard');
      const empty = sec && sec.querySelector('.gl-empty');
      const table = sec && sec.querySelector('table[data-table="onBoard"]');
      const chart = window.__goalLens && window.__goalLens.charts && window.__goalLens.charts.onBoard;
      if (!table || !chart) return { state: empty ? empty.getAttribute('data-state') : sec ? 'none' : 'no section', text: empty ? empty.textContent : '' };
      const cell = (tr, f) => (tr.querySelector(`[data-field="${f}"]`) || {}).textContent || '';
      return {
        state: 'table',
        window: window.__goalLens.data.window,
        rows: [...table.querySelectorAll('tr[data-team]')].map((tr) => [cell(tr, 'team'), cell(tr, 'commits'), cell(tr, 'linked'), cell(tr, 'share')]),
        labels: [...chart.data.labels],
        datasets: chart.data.datasets.map((d) => ({ label: d.label, data: [...d.data] })),
        basis: (sec.querySelector('[data-field="onBoardBasis"]') || {}).textContent || '',
      };
    });
    states.add(seen.state);
    if (seen.state === 'table' && until(seen)) return { ...seen, states: [...states] };
    if (seen.state === 'missing') throw new Error(`the on-board section says ${JSON.stringify(seen.text)}`);
    if (Date.now() > end) throw new Error(`no on-board table${seen.rows ? ' as expected' : ''} within ${timeoutMs / 1000} s; states seen: ${[...states].join(', ')}; last ${JSON.stringify(seen.rows || seen.text)}`);
    await frame.page().waitForTimeout(200);
  }
}

/** The page's on-board figures equal `goal-lens report --by team --format json` for the same repository (all history). */
function assertOnBoardIsCli(seen, cliPath, dir) {
  if (seen.window.since !== null || seen.window.until !== null) throw new Error(`the page's window is not all history: ${JSON.stringify(seen.window)}`);
  const cli = JSON.parse(execFileSync(process.execPath, [cliPath, 'report', '--repo', dir, '--by', 'team', '--format', 'json'], { encoding: 'utf8' }));
  if (cli.teams.length < 2) throw new Error(`the repository has ${cli.teams.length} team(s): ${JSON.stringify(cli.teams)}`);
  const teams = cli.teams.slice(0, 10);
  const want = teams.map((t) => [t.team, String(t.commits), String(t.linked), t.share === null ? '-' : `${(t.share * 100).toFixed(1)}%`]);
  if (JSON.stringify(seen.rows) !== JSON.stringify(want)) throw new Error(`on-board table ${JSON.stringify(seen.rows)}, report --by team ${JSON.stringify(want)}`);
  const months = cli.months.slice(-36);
  if (JSON.stringify(seen.labels) !== JSON.stringify(months)) throw new Error(`chart months ${JSON.stringify(seen.labels)}, report --by team ${JSON.stringify(months)}`);
  for (const t of teams) {
    const line = seen.datasets.find((d) => d.label === t.team);
    const shares = months.map((m) => {
      const cell = t.months.find((c) => c.month === m);
      return cell ? Math.round(cell.share * 1000) / 10 : null;
    });
    if (!line || JSON.stringify(line.data) !== JSON.stringify(shares)) throw new Error(`${t.team}: chart ${JSON.stringify(line && line.data)}, report --by team ${JSON.stringify(shares)}`);
  }
  return cli;
}

function addDashboardSteps({ test, ctx, shot, written, repoDir, cliPath, editCodeowners = false }) {
  test('"Goal Lens: Open Dashboard" shows the five parts with charts drawn from the data', async function () {
    const { page } = ctx;
    await runCommand(page, 'Goal Lens: Open Dashboard');
    const frame = await dashboardFrame(page);
    const seen = await frame.evaluate(() => {
      const charts = (window.__goalLens && window.__goalLens.charts) || {};
      return {
        sections: ['gl-outcomes', 'gl-flags', 'gl-effort', 'gl-allocation', 'gl-saydo', 'gl-flow'].filter((id) => document.getElementById(id)),
        charts: Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.data.datasets.reduce((n, d) => n + d.data.length, 0)])),
        goals: [...document.querySelectorAll('table[data-table="goals"] tr[data-goal-id]')].map((tr) => tr.getAttribute('data-goal-id')),
        window: !!document.getElementById('gl-window'),
      };
    });
    process.stdout.write(`      dashboard: ${JSON.stringify(seen)}\n`);
    const missing = ['gl-outcomes', 'gl-flags', 'gl-effort', 'gl-allocation', 'gl-saydo', 'gl-flow'].filter((id) => !seen.sections.includes(id));
    if (missing.length) throw new Error(`dashboard lacks ${missing.join(', ')}`);
    for (const key of ['effort', 'allocation', 'deliveries']) if (!seen.charts[key]) throw new Error(`chart ${key} has no data: ${JSON.stringify(seen.charts)}`);
    if (!seen.goals.includes('checkout-conversion')) throw new Error(`goals table: ${JSON.stringify(seen.goals)}`);
    if (!seen.window) throw new Error('no time-window filter in the webview');
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('dashboard.png') });
    written.push('dashboard.png');
    // The balance in FTE and the Flow section, each scrolled into view (README pictures).
    for (const [section, name] of [['#gl-effort', 'dashboard-effort.png'], ['#gl-flow', 'dashboard-flow.png']]) {
      await frame.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), section);
      await frame.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().top < 60, section, { timeout: 5_000 });
      await page.waitForTimeout(200);
      await page.screenshot({ path: shot(name) });
      written.push(name);
    }
    await frame.evaluate(() => window.scrollTo(0, 0));
  });

  test('the dashboard time-window filter recomputes the figures', async function () {
    const { page } = ctx;
    const frame = await dashboardFrame(page);
    const before = await frame.evaluate(() => window.__goalLens.rendered);
    await frame.selectOption('#gl-window', '30');
    await frame.waitForFunction((n) => window.__goalLens.rendered > n, before, { timeout: 10_000 });
    const label = await frame.evaluate(() => window.__goalLens.data.window.label);
    if (label !== 'last 30 days') throw new Error(`window label after the change: ${label}`);
    await frame.selectOption('#gl-window', 'all');
  });

  test('who is on board: once the teams are read, the chart and table show `goal-lens report --by team`', async function () {
    const { page } = ctx;
    const frame = await dashboardFrame(page);
    await frame.waitForFunction(() => window.__goalLens.data.window.since === null, null, { timeout: 10_000 });
    const seen = await readOnBoard(frame);
    const cli = assertOnBoardIsCli(seen, cliPath, repoDir());
    process.stdout.write(`      on board (${cli.basis}, states ${seen.states.join(' -> ')}): ${JSON.stringify(seen.rows)}\n`);
    await frame.evaluate(() => document.getElementById('gl-onboard').scrollIntoView({ block: 'start' }));
    await frame.waitForFunction(() => document.getElementById('gl-onboard').getBoundingClientRect().top < 60, null, { timeout: 5_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('dashboard-onboard.png') });
    written.push('dashboard-onboard.png');
    await frame.evaluate(() => window.scrollTo(0, 0));
  });

  // Only where the repository has no CODEOWNERS of its own (the fixture): one written there is read at once.
  if (editCodeowners) {
    test('who is on board: a CODEOWNERS written in the repository re-reads the teams; removed, back to authors', async function () {
      const { page } = ctx;
      const frame = await dashboardFrame(page);
      const file = path.join(repoDir(), 'CODEOWNERS');
      if (fs.existsSync(file)) throw new Error(`${file} exists already`);
      const owned = (seen) => seen.rows.some((r) => r[0] === '@fixture/everyone');
      fs.writeFileSync(file, '* @fixture/everyone\n/goals.yaml @fixture/goals\n');
      try {
        const seen = await readOnBoard(frame, 30_000, owned);
        const cli = assertOnBoardIsCli(seen, cliPath, repoDir());
        if (cli.basis !== 'codeowners') throw new Error(`report --by team reads ${cli.basis}`);
        process.stdout.write(`      with CODEOWNERS: ${JSON.stringify(seen.rows)}\n`);
      } finally {
        fs.rmSync(file, { force: true });
      }
      const back = await readOnBoard(frame, 30_000, (seen) => !owned(seen));
      const cli = assertOnBoardIsCli(back, cliPath, repoDir());
      if (cli.basis !== 'authors') throw new Error(`report --by team reads ${cli.basis} after the removal`);
    });
  }
}

module.exports = { addDashboardSteps, dashboardFrame, readOnBoard };
