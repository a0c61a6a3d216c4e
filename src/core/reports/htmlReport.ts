// HTML pages of the dashboard: the self-contained report file (`goal-lens report --format html`) and the webview shell.
// Pure: the client script (chart library included) comes in as a string or a URI. Repository text is never put in the
// page as markup: the header is HTML-escaped, the data travels as JSON in a non-executable script element, and the
// client script writes it with textContent only.
import type { DashboardData } from './dashboardData';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** JSON safe to put inside `<script type="application/json">`: no `<`, `>`, `&` or line separators survive literally. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Script text safe to inline in a `<script>` element (a literal `</script` or `<!--` would end or confuse it). */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** A nonce for the CSP: 128 random bits, base64. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto;
  if (c) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export interface HtmlReportOptions {
  /** The client script (dist/dashboard.js): chart library and renderer, inlined whole. */
  chartScript: string;
  nonce?: string;
}

export const DATA_ELEMENT_ID = 'goal-lens-data';
export const APP_ELEMENT_ID = 'goal-lens-app';

/** Base styles used before the client script adds its own (it injects the full theme). */
const BASE_CSS = 'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;}header.gl-head{padding:16px 24px 0;}';

/** One self-contained HTML file: no external requests, opens offline. */
export function renderHtmlReport(data: DashboardData, options: HtmlReportOptions): string {
  const nonce = options.nonce ?? makeNonce();
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  return page({
    csp,
    title: `Goal Lens report: ${repoName(data.repo)}`,
    mode: 'report',
    header: header(data),
    data,
    scripts: `<script nonce="${escapeHtml(nonce)}">${inlineScript(options.chartScript)}</script>`,
  });
}

export interface WebviewShellOptions {
  /** webview.asWebviewUri of dist/dashboard.js, as a string. */
  scriptUri: string;
  /** webview.cspSource. */
  cspSource: string;
  nonce: string;
  /** Data to draw at once; later updates arrive as messages. */
  data?: DashboardData;
}

/** The dashboard webview's HTML: the same page, with the client script loaded from the extension's dist folder. */
export function renderWebviewHtml(options: WebviewShellOptions): string {
  const csp = `default-src 'none'; script-src 'nonce-${options.nonce}'; style-src ${options.cspSource} 'unsafe-inline'; img-src ${options.cspSource} data:; font-src ${options.cspSource}`;
  return page({
    csp,
    title: 'Goal Lens dashboard',
    mode: 'webview',
    header: '',
    data: options.data ?? null,
    scripts: `<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>`,
  });
}

function page(p: { csp: string; title: string; mode: 'report' | 'webview'; header: string; data: DashboardData | null; scripts: string }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${p.csp.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(p.title)}</title>`,
    `<style>${BASE_CSS}</style>`,
    '</head>',
    `<body class="gl-${p.mode}">`,
    p.header,
    `<main id="${APP_ELEMENT_ID}" data-mode="${p.mode}"><noscript>This report needs JavaScript to draw its charts; the figures are in the JSON data of this file.</noscript></main>`,
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${p.data ? jsonForScript(p.data) : 'null'}</script>`,
    p.scripts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(data: DashboardData): string {
  const head = data.head ? data.head.slice(0, 12) : 'no commits';
  return [
    '<header class="gl-head">',
    `<h1>Goal Lens report: ${escapeHtml(repoName(data.repo))}</h1>`,
    `<p class="gl-meta">Repository <code>${escapeHtml(data.repo)}</code> at <code>${escapeHtml(head)}</code>; ` +
      `window: ${escapeHtml(data.window.label)}; generated ${escapeHtml(data.generatedAt)}.</p>`,
    '</header>',
  ].join('\n');
}

function repoName(repo: string): string {
  const parts = repo.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? repo;
}
