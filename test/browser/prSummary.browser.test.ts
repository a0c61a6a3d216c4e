// The pull-request summary as a reviewer reads it: `goal-lens pr-summary` on a branch of the demo, its Markdown
// rendered as GitHub renders a comment (a CommonMark + tables renderer, GitHub's light colours) in Chromium.
// Checks what the reader sees, and saves the README's picture (media/screenshots/pr-summary.png).
// Needs a build (dist/cli.js) and /usr/bin/chromium (or $CHROMIUM_PATH).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { cli, CLI, ROOT } from '../helpers';

/** The page's document, as the evaluated functions see it (the tests compile without the DOM library). */
interface El {
  textContent: string | null;
  getBoundingClientRect(): { bottom: number };
}
declare const document: { querySelectorAll(selector: string): ArrayLike<El>; querySelector(selector: string): El | null };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** markdown-it: CommonMark with GitHub's tables, as a comment is rendered. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- no types installed for markdown-it
const MarkdownIt = require('markdown-it') as new (options: object) => { render(text: string): string };

/** GitHub's light theme for a comment body, in the few rules a summary needs. */
const GITHUB_LIGHT = `
  body { margin: 0; background: #ffffff; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .comment { max-width: 880px; margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
  .comment-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0; color: #59636e; }
  .comment-header b { color: #1f2328; }
  .markdown-body { padding: 16px; }
  .markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 0 0 16px; }
  .markdown-body p { margin: 0 0 16px; }
  .markdown-body table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow: auto; }
  .markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  .markdown-body th { font-weight: 600; }
  .markdown-body tr:nth-child(2n) { background: #f6f8fa; }
  .markdown-body code { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
  .markdown-body sub { color: #59636e; }
  .markdown-body ul { padding-left: 2em; margin: 0 0 16px; }
`;

describe('the pull-request summary, rendered as a comment (Chromium)', function () {
  this.timeout(180_000);
  let dir: string;
  let browser: Browser;
  let markdown: string;

  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error('run npm run build first');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-pr-picture-')));
    const shop = path.join(dir, 'acme-shop');
    assert.strictEqual(cli(dir, ['demo', '--dir', shop, '--no-report']).code, 0);
    // A pull request of the demo: a change to the shared payments library for checkout, and an untagged commit.
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Ben Okafor', GIT_AUTHOR_EMAIL: 'ben@acme.example', GIT_COMMITTER_NAME: 'Ben Okafor', GIT_COMMITTER_EMAIL: 'ben@acme.example' };
    const git = (...args: string[]) => execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: shop, encoding: 'utf8', env });
    const edit = (file: string, from: RegExp, to: string) => {
      const p = path.join(shop, file);
      const text = fs.readFileSync(p, 'utf8');
      assert.match(text, from, file);
      fs.writeFileSync(p, text.replace(from, to));
    };
    git('checkout', '-q', '-b', 'fix/card-retry-backoff');
    edit('src/shared/payments-lib/charge.ts', /firstMs = \d+/, 'firstMs = 400');
    git('commit', '-q', '-am', 'Retry with backoff: start at 400 ms\n\nGoal: checkout-conversion');
    edit('src/checkout/payment.ts', /const CARD_RETRIES = \d+;/, 'const CARD_RETRIES = 4;');
    git('commit', '-q', '-am', 'Retry failed card payments once more');
    const r = cli(shop, ['pr-summary', '--range', 'main..HEAD', '--branch', 'fix/card-retry-backoff'], { GOAL_LENS_NOW: '2026-11-26T09:00:00Z' });
    assert.strictEqual(r.code, 0, r.stderr);
    markdown = r.stdout;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the goals served, the untagged commit with its suggestion and the shared code, and saves the picture', async () => {
    const body = new MarkdownIt({ html: true, linkify: false }).render(markdown);
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${GITHUB_LIGHT}</style></head><body><div class="comment"><div class="comment-header"><b>github-actions</b> bot commented</div><div class="markdown-body">${body}</div></div></body></html>`;
    const context = await browser.newContext({ viewport: { width: 920, height: 600 }, colorScheme: 'light', offline: true, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const seen = await page.evaluate(() => ({
        headings: Array.from(document.querySelectorAll('h3')).map((h) => h.textContent),
        bold: Array.from(document.querySelectorAll('strong')).map((b) => b.textContent),
        tables: document.querySelectorAll('table').length,
        text: document.querySelector('.markdown-body')?.textContent ?? '',
        links: document.querySelectorAll('.markdown-body a').length,
        images: document.querySelectorAll('img').length,
      }));
      assert.deepStrictEqual(seen.headings, ['Goal Lens: the goals at stake']);
      for (const part of ['Goals served', 'Serving no goal', 'Shared code touched']) assert.ok(seen.bold.some((b) => b?.startsWith(part)), `${part} in ${JSON.stringify(seen.bold)}`);
      assert.ok(seen.tables >= 2, `${seen.tables} tables`);
      for (const want of ['Lift checkout conversion to 4%', 'Retry failed card payments once more', 'charge.ts', 'acme/platform']) assert.ok(seen.text.includes(want), `'${want}' in ${seen.text}`);
      // Rendered, not source: no table pipes or emphasis markers left; no link or image from repository text.
      assert.doesNotMatch(seen.text, /\| --- \||\*\*(Goals served|Serving no goal|Shared code touched)/);
      assert.deepStrictEqual([seen.links, seen.images], [0, 0]);
      const height = await page.evaluate(() => Math.ceil(document.querySelector('.comment')!.getBoundingClientRect().bottom + 16));
      await page.setViewportSize({ width: 920, height });
      for (const out of [path.join(ROOT, 'test-results', 'screenshots'), path.join(ROOT, 'media', 'screenshots')]) {
        fs.mkdirSync(out, { recursive: true });
        await page.screenshot({ path: path.join(out, 'pr-summary.png') });
      }
      assert.ok(fs.statSync(path.join(ROOT, 'media', 'screenshots', 'pr-summary.png')).size > 10_000);
    } finally {
      await context.close();
    }
  });
});
