// UI steps for the dashboard webview, for the Playwright UI suite (./ui.js):
//   require('./dashboardUi').addDashboardSteps({ test, ctx, shot, written });
// Opens "Goal Lens: Open Dashboard" from the command palette, finds the webview's frame, checks that the five
// parts are drawn (Chart.js charts with data, flags, outcome) and writes test-results/screenshots/dashboard.png.
/* global window, document */
'use strict';

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

function addDashboardSteps({ test, ctx, shot, written }) {
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
}

module.exports = { addDashboardSteps, dashboardFrame };
