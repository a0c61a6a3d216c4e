// The HTML report in a real headless Chromium, with the network blocked: it must draw its charts from its own
// data, show the same figures as `goal-lens report --format json`, and show hostile commit text as text.
// Needs a build (dist/cli.js, dist/dashboard.js) and /usr/bin/chromium (or $CHROMIUM_PATH).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Report } from '../../src/core/reports/report';
import { cli, CLI, ROOT } from '../helpers';

// Browser globals used inside page.evaluate (this file compiles without the DOM lib).
interface El {
  textContent: string | null;
  children: ArrayLike<El>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
declare const document: { querySelectorAll(selector: string): ArrayLike<El> };
declare const window: unknown;

const XSS = '<img src=x onerror=alert(1)>';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** "Today" for the reports: set after the demo is built (a day after its newest commit), so runs are repeatable. */
let now = new Date().toISOString();
/** Date of the hostile commit: after the demo's newest commit, so it is listed among the latest work. */
let hostileDate = now;

/** The built CLI's output; fails the test when it exits non-zero. */
function goalLens(args: string[]): string {
  const r = cli(ROOT, args, { GOAL_LENS_NOW: now, HOME: process.env.HOME });
  assert.strictEqual(r.code, 0, r.stderr);
  return r.stdout;
}

function git(dir: string, ...args: string[]): string {
  const date = hostileDate;
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date,
      GIT_AUTHOR_NAME: `Mallory ${XSS}`, GIT_AUTHOR_EMAIL: 'mallory@example.com', GIT_COMMITTER_NAME: 'Mallory', GIT_COMMITTER_EMAIL: 'mallory@example.com',
    },
  }).trim();
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

interface Drawn {
  charts: Record<string, { type: string; labels: string[]; datasets: { label: string; data: number[]; goalId?: string }[] }>;
  inked: Record<string, number>;
}

/** Chart.js instances' data, and how many pixels each canvas has inked. */
async function drawn(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    const w = window as unknown as { __goalLens: { charts: Record<string, { config: { type: string }; data: { labels: string[]; datasets: { label: string; data: number[]; goalId?: string }[] }; canvas: Canvas }> } };
    const charts: Drawn['charts'] = {};
    const inked: Record<string, number> = {};
    for (const [key, c] of Object.entries(w.__goalLens.charts)) {
      charts[key] = { type: c.config.type, labels: [...c.data.labels], datasets: c.data.datasets.map((d) => ({ label: d.label, data: [...d.data], goalId: d.goalId })) };
      const ctx = c.canvas.getContext('2d');
      const px = ctx.getImageData(0, 0, c.canvas.width, c.canvas.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      inked[key] = n;
    }
    return { charts, inked };
  });
}

describe('HTML report in Chromium (offline)', function () {
  this.timeout(120_000);
  let dir: string;
  let htmlFile: string;
  let json: Report;
  let browser: Browser;

  before(async function () {
    if (!fs.existsSync(CLI) || !fs.existsSync(path.join(ROOT, 'dist', 'dashboard.js'))) throw new Error('run npm run build first');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-browser-'));
    goalLens(['demo', '--dir', path.join(dir, 'repo'), '--no-report']);
    const newest = Date.parse(git(path.join(dir, 'repo'), 'log', '-1', '--all', '--format=%aI'));
    hostileDate = new Date(newest + 3_600_000).toISOString();
    now = new Date(newest + 86_400_000).toISOString();
    // Hostile text from the repository: an untagged commit whose subject and author are markup.
    git(path.join(dir, 'repo'), 'commit', '-q', '--allow-empty', '-m', XSS);
    htmlFile = path.join(dir, 'report.html');
    goalLens(['report', '--repo', path.join(dir, 'repo'), '--all-refs', '--format', 'html', '--output', htmlFile]);
    json = JSON.parse(goalLens(['report', '--repo', path.join(dir, 'repo'), '--all-refs', '--format', 'json'])) as Report;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(colorScheme: 'light' | 'dark') {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, offline: true });
    const page = await context.newPage();
    const fileUrl = `file://${htmlFile}`;
    const requests: string[] = [];
    const routed: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**', (route) => {
      const url = route.request().url();
      if (url === fileUrl) return route.continue();
      routed.push(url);
      return route.abort();
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content.Security.Policy|Refused/i.test(m.text())) errors.push(m.text());
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
    return { context, page, fileUrl, requests, routed, dialogs, errors };
  }

  it('makes no network request, runs under its CSP without errors, and draws every chart from its data', async () => {
    const { context, page, fileUrl, requests, routed, dialogs, errors } = await open('light');
    try {
      const { charts, inked } = await drawn(page);
      assert.deepStrictEqual(routed, [], 'blocked requests');
      assert.deepStrictEqual(requests.filter((u) => u !== fileUrl), [], 'requests other than the file');
      assert.deepStrictEqual(errors, [], 'page errors / CSP violations');
      assert.deepStrictEqual(dialogs, [], 'dialogs');

      for (const key of ['effort', 'allocation', 'sayDo', 'deliveries', 'leadTime']) {
        assert.ok(charts[key], `chart ${key} exists`);
        assert.ok(inked[key] > 2000, `chart ${key} drew something (${inked[key]} pixels)`);
      }
      const outcomeCharts = Object.keys(charts).filter((k) => k.startsWith('outcome:'));
      assert.ok(outcomeCharts.length > 0, 'outcome charts');
      for (const k of outcomeCharts) assert.ok(inked[k] > 500, `${k} drew something`);

      // Effort in FTE per month: upkeep and untagged are their own series (after the outcome goals).
      const effort = charts.effort.datasets;
      assert.strictEqual(effort.at(-1)?.goalId, '(untagged)');
      const withWork = json.goals.filter((g) => g.effort.personDays > 0 && g.kind === 'outcome');
      assert.deepStrictEqual(
        effort.filter((d) => !d.goalId?.startsWith('(')).map((d) => d.goalId),
        withWork.map((g) => g.id),
      );
      // Allocation: each outcome goal's bar is the JSON report's FTE for the window; untagged is the balance's.
      const alloc = charts.allocation;
      for (const g of withWork) assert.strictEqual(alloc.datasets[0].data[alloc.labels.indexOf(g.title)], g.effort.fte, g.id);
      assert.strictEqual(alloc.datasets[0].data.at(-1), json.effort.balance.untagged.fte);

      // Say/do bars equal the JSON say/do of the goals that have commitments.
      const sayDoGoals = charts.sayDo.labels.map((label) => json.goals.find((g) => g.title === label));
      assert.ok(sayDoGoals.every(Boolean));
      assert.deepStrictEqual(charts.sayDo.datasets.map((d) => d.data), [
        sayDoGoals.map((g) => g?.sayDo.keptOnTime),
        sayDoGoals.map((g) => g?.sayDo.late),
        sayDoGoals.map((g) => (g?.sayDo as { missed: number }).missed),
      ]);
    } finally {
      await context.close();
    }
  });

  it('draws the baseline and target lines of an outcome with a single measurement (issue 17.3)', async () => {
    const { context, page } = await open('light');
    try {
      const lines = await page.evaluate(() => {
        type Point = { x: number; y: number; skip?: boolean };
        const w = window as unknown as {
          __goalLens: {
            data: { outcomes: { id: string; measurements: unknown[] }[] };
            charts: Record<string, { data: { datasets: { label: string }[] }; chartArea: { left: number; right: number }; getDatasetMeta(i: number): { data: Point[]; hidden: boolean | null } }>;
          };
        };
        return w.__goalLens.data.outcomes
          .filter((o) => o.measurements.length === 1)
          .map((o) => {
            const chart = w.__goalLens.charts[`outcome:${o.id}`];
            const width = chart.chartArea.right - chart.chartArea.left;
            const spans: Record<string, number> = {};
            chart.data.datasets.forEach((d, i) => {
              const pts = chart.getDatasetMeta(i).data.filter((p) => !p.skip && Number.isFinite(p.x) && Number.isFinite(p.y));
              // The part of the chart's width a line through these points covers (0 for a lone point).
              spans[d.label] = pts.length < 2 ? 0 : (Math.max(...pts.map((p) => p.x)) - Math.min(...pts.map((p) => p.x))) / width;
            });
            return { id: o.id, spans };
          });
      });
      assert.ok(lines.length >= 2, `the demo has goals with one measurement (${lines.map((l) => l.id).join(', ')})`);
      for (const l of lines) {
        assert.ok(l.spans.baseline > 0.5, `${l.id}: baseline drawn across the chart (${JSON.stringify(l.spans)})`);
        assert.ok(l.spans.target > 0.5, `${l.id}: target drawn across the chart (${JSON.stringify(l.spans)})`);
      }
    } finally {
      await context.close();
    }
  });

  it("shows the JSON report's figures in its tables", async () => {
    const { context, page } = await open('light');
    try {
      const table = await page.evaluate(() =>
        Array.from(document.querySelectorAll('table[data-table="goals"] tr[data-goal-id]')).map((tr) => {
          const cell = (f: string) => tr.querySelector(`[data-field="${f}"]`)?.textContent ?? '';
          return { id: tr.getAttribute('data-goal-id'), commits: cell('commits'), totalCommits: cell('totalCommits'), share: cell('share'), authors: cell('authors'), last: cell('lastCommitAt'), sayDo: cell('sayDo') };
        }),
      );
      assert.deepStrictEqual(
        table,
        json.goals.map((g) => ({
          id: g.id,
          commits: String(g.commits),
          totalCommits: String(g.totalCommits),
          share: pct(g.share),
          authors: String(g.authors),
          last: g.lastCommitAt ? g.lastCommitAt.slice(0, 10) : '-',
          sayDo: g.sayDo.ratio === null ? 'n/a' : `${g.sayDo.keptOnTime}/${g.sayDo.due} (${pct(g.sayDo.ratio)})`,
        })),
      );
      const totals = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('[data-total]')).map((e) => [e.getAttribute('data-total'), e.querySelector('b')?.textContent])));
      assert.deepStrictEqual([totals.commits, totals.linked, totals.untagged], [String(json.totals.commits), String(json.totals.linked), String(json.totals.untagged)]);
      const flags = await page.locator('#gl-flags li').count();
      assert.ok(flags > 0, "the demo has something that isn't working");
    } finally {
      await context.close();
    }
  });

  it('shows a hostile commit subject and author as text (no element, no dialog)', async () => {
    const { context, page, dialogs } = await open('light');
    try {
      const found = await page.evaluate((xss) => {
        const row = Array.from(document.querySelectorAll('table[data-table="recent"] tr')).find((tr) => tr.querySelector('.gl-subject')?.textContent === xss);
        return { row: !!row, author: row?.children[2]?.textContent ?? null, imgs: document.querySelectorAll('img').length };
      }, XSS);
      // git itself drops < and > from author names; the subject keeps them.
      assert.deepStrictEqual(found, { row: true, author: 'Mallory img src=x onerror=alert(1)', imgs: 0 });
      await page.waitForTimeout(300);
      assert.deepStrictEqual(dialogs, []);
    } finally {
      await context.close();
    }
  });

  it('switches effort and allocation to commits, which add up to the JSON report\'s', async () => {
    const { context, page } = await open('light');
    try {
      const before = await page.evaluate(() => (window as unknown as { __goalLens: { rendered: number } }).__goalLens.rendered);
      await page.click('#gl-effort button[data-unit="commits"]');
      await page.waitForFunction((n) => (window as unknown as { __goalLens: { rendered: number } }).__goalLens.rendered > n, before);
      const { charts } = await drawn(page);
      const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
      for (const g of json.goals.filter((x) => x.commits > 0 && x.kind === 'outcome')) {
        assert.strictEqual(sum(charts.effort.datasets.find((d) => d.goalId === g.id)?.data ?? []), g.commits, g.id);
      }
      assert.strictEqual(sum(charts.effort.datasets.find((d) => d.goalId === '(untagged)')?.data ?? []), json.totals.untagged);
      assert.strictEqual(await page.getAttribute('#gl-effort button[data-unit="commits"]', 'aria-pressed'), 'true');
    } finally {
      await context.close();
    }
  });

  it("shows the Flow section with the JSON report's deliveries, lead times and aging branches", async () => {
    const { context, page } = await open('light');
    try {
      const rows = await page.evaluate(() =>
        Array.from(document.querySelectorAll('table[data-table="flow"] tr[data-flow-id]')).map((tr) => {
          const cell = (f: string) => tr.querySelector(`[data-field="${f}"]`)?.textContent ?? '';
          return { id: tr.getAttribute('data-flow-id'), deliveries: cell('deliveries'), median: cell('median') };
        }),
      );
      const flowing = json.goals.filter((g) => g.flow && (g.flow.deliveries > 0 || g.flow.wip.length > 0));
      assert.ok(flowing.length >= 2, 'the demo delivers');
      assert.deepStrictEqual(rows.map((r) => [r.id, r.deliveries]), flowing.map((g) => [g.id, String(g.flow?.deliveries)]));
      const wip = await page.evaluate(() =>
        Array.from(document.querySelectorAll('table[data-table="wip"] tr[data-branch]')).map((tr) => [tr.getAttribute('data-branch'), tr.getAttribute('class'), tr.querySelector('[data-field="idleDays"]')?.textContent ?? '']),
      );
      const aging = flowing.flatMap((g) => g.flow?.wip.filter((w) => w.aging) ?? []);
      assert.ok(aging.length >= 1, 'the demo has an aging branch');
      for (const w of aging) assert.ok(wip.some(([b, cls, idle]) => b === w.branch && cls === 'gl-aging' && idle === String(w.idleDays)), `${w.branch} flagged aging`);
    } finally {
      await context.close();
    }
  });

  it("groups what's not working by goal, the most urgent first", async () => {
    const { context, page } = await open('light');
    try {
      const groups = await page.evaluate(() => Array.from(document.querySelectorAll('#gl-flags li[data-flag-group]')).map((li) => li.getAttribute('data-flag-group')));
      assert.ok(groups.length >= 2);
      assert.strictEqual(new Set(groups).size, groups.length, 'one entry per goal');
      const data = await page.evaluate(() => (window as unknown as { __goalLens: { data: { flagGroups: { goalId: string | null }[] } } }).__goalLens.data.flagGroups.map((g) => g.goalId ?? '(repository)'));
      assert.deepStrictEqual(groups, data);
    } finally {
      await context.close();
    }
  });

  it('lays its tables out for a narrow page: no sideways scrolling, each cell labelled', async () => {
    const context = await browser.newContext({ viewport: { width: 480, height: 900 }, colorScheme: 'light', offline: true });
    try {
      const page = await context.newPage();
      await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });
      await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
      const seen = await page.evaluate(() => {
        const d = document as unknown as { documentElement: { scrollWidth: number; clientWidth: number } };
        const td = document.querySelectorAll('table[data-table="goals"] td[data-field="fte"]')[0] as unknown as { getAttribute(n: string): string | null };
        const g = window as unknown as { getComputedStyle(e: unknown): { display: string } };
        return { scroll: d.documentElement.scrollWidth, client: d.documentElement.clientWidth, label: td.getAttribute('data-label'), display: g.getComputedStyle(td).display };
      });
      assert.ok(seen.scroll <= seen.client + 1, `no sideways scrolling (${seen.scroll} > ${seen.client})`);
      assert.deepStrictEqual([seen.label, seen.display], ['FTE', 'block']);
    } finally {
      await context.close();
    }
  });

  it('is readable in a dark theme: text against its card at 4.5:1 or more', async () => {
    const { context, page } = await open('dark');
    try {
      const ratios = await page.evaluate(() => {
        type Styled = { color: string; backgroundColor: string };
        const g = window as unknown as { getComputedStyle(e: unknown): Styled };
        const rgb = (c: string) => (c.match(/[0-9.]+/g) ?? []).slice(0, 3).map(Number);
        const lum = (c: number[]) => {
          const [r, gg, b] = c.map((v) => {
            const x = v / 255;
            return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * gg + 0.0722 * b;
        };
        const ratio = (a: string, b: string) => {
          const [l1, l2] = [lum(rgb(a)), lum(rgb(b))].sort((x, y) => y - x);
          return (l1 + 0.05) / (l2 + 0.05);
        };
        const card = g.getComputedStyle(document.querySelectorAll('#gl-flow')[0]).backgroundColor;
        const out: Record<string, number> = {};
        for (const sel of ['#gl-flow h2', '#gl-flow .gl-note', 'table[data-table="flow"] td', 'table[data-table="wip"] .gl-bad-badge', '#gl-allocation td']) {
          const el = document.querySelectorAll(sel)[0];
          if (el) out[sel] = Math.round(ratio(g.getComputedStyle(el).color, card) * 10) / 10;
        }
        return { card, out };
      });
      assert.ok(Object.keys(ratios.out).length >= 4, JSON.stringify(ratios));
      for (const [sel, r] of Object.entries(ratios.out)) assert.ok(r >= 4.5, `${sel}: contrast ${r} on ${ratios.card}`);
    } finally {
      await context.close();
    }
  });

  it('saves screenshots (light and dark)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { context, page } = await open(scheme);
      try {
        const name = scheme === 'light' ? 'html-report.png' : 'html-report-dark.png';
        for (const out of [path.join(ROOT, 'test-results', 'screenshots'), path.join(ROOT, 'media', 'screenshots')]) {
          fs.mkdirSync(out, { recursive: true });
          await page.screenshot({ path: path.join(out, name), fullPage: true });
          assert.ok(fs.statSync(path.join(out, name)).size > 10_000);
        }
      } finally {
        await context.close();
      }
    }
  });
});
