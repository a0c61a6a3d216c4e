// The self-contained HTML report: escaping, CSP with a nonce, the data as inert JSON, no external URLs.
import * as assert from 'assert';
import { buildDashboardData, type DashboardData } from '../../src/core/reports/dashboardData';
import { buildIndex } from '../../src/core/index/goalIndex';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import { DATA_ELEMENT_ID, escapeHtml, inlineScript, jsonForScript, makeNonce, renderHtmlReport, renderWebviewHtml } from '../../src/core/reports/htmlReport';
import type { CommitRecord, RepoSnapshot } from '../../src/core/types';

const XSS = '<img src=x onerror=alert(1)>';

function commit(sha: string, time: string, subject: string, trailers: string[] = []): CommitRecord {
  return { sha, parents: [], author: `Author "${XSS}"`, email: 'a@example.com', time: Date.parse(time) / 1000, subject, trailers, issueKeys: [] };
}

function data(): DashboardData {
  const goals = parseGoalsFile(`version: 1
goals:
  - id: checkout
    title: "Checkout ${XSS} & </script><script>alert(2)</script>"
    owner: "Dana <b>bold</b>"
    outcome: { metric: "Rate ${XSS}", baseline: 1, target: 2, measurements: [{ date: 2026-10-01, value: 1.5 }] }
    commitments: [{ what: "${XSS}", due: 2026-10-01 }]
`);
  assert.deepStrictEqual(goals.problems, []);
  const commits = [commit('b'.repeat(40), '2026-10-02T10:00:00Z', `Fix ${XSS}`), commit('a'.repeat(40), '2026-10-01T10:00:00Z', 'Start', ['checkout'])];
  commits[1].parents = [];
  commits[0].parents = [commits[1].sha];
  const snapshot: RepoSnapshot = {
    root: `/tmp/repo-${XSS}`,
    head: commits[0].sha,
    headRef: 'refs/heads/main',
    defaultBranch: 'refs/heads/main',
    refs: [{ name: 'refs/heads/main', short: 'main', sha: commits[0].sha, kind: 'branch' }],
    commits,
    notes: new Map(),
    branchConfig: new Map(),
    shallow: false,
  };
  return buildDashboardData(buildIndex(goals, snapshot), { now: new Date('2026-10-10T00:00:00Z'), staleAfterDays: 30, untaggedThreshold: 0.2 });
}

const SCRIPT = 'window.drawn = "</script><!-- x";';

describe('HTML report', () => {
  const d = data();
  const html = renderHtmlReport(d, { chartScript: SCRIPT, nonce: 'abc123' });

  it('escapes HTML special characters', () => {
    assert.strictEqual(escapeHtml(XSS), '&lt;img src=x onerror=alert(1)&gt;');
    assert.strictEqual(escapeHtml(`a & "b" 'c'`), 'a &amp; &quot;b&quot; &#39;c&#39;');
  });

  it('never lets repository text become markup', () => {
    assert.ok(!html.includes('<img'), 'no literal <img');
    assert.ok(!html.includes('<b>bold'), 'no literal <b>');
    assert.ok(!/<script>alert/i.test(html), 'no injected script element');
    // The header (repository path) is escaped text.
    assert.ok(html.includes('/tmp/repo-&lt;img src=x onerror=alert(1)&gt;'));
    // Only our own script elements: the JSON data and the inlined client script.
    assert.deepStrictEqual(html.match(/<script\b[^>]*>/g), [`<script type="application/json" id="${DATA_ELEMENT_ID}">`, '<script nonce="abc123">']);
  });

  it('carries the data as JSON with < escaped, and it reads back exactly', () => {
    const m = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">([^]*?)</script>`).exec(html);
    assert.ok(m);
    assert.ok(!m[1].includes('<'));
    assert.ok(m[1].includes('\\u003cimg src=x onerror=alert(1)\\u003e'));
    assert.deepStrictEqual(JSON.parse(m[1]), JSON.parse(JSON.stringify(d)));
    assert.strictEqual(JSON.parse(jsonForScript({ s: '\u2028</script>&' })).s, '\u2028</script>&');
  });

  it('inlines the client script without letting it close its element', () => {
    assert.ok(html.includes('window.drawn = "<\\/script><\\!-- x";'));
    assert.strictEqual(inlineScript('a</SCRIPT>b'), 'a<\\/SCRIPT>b');
  });

  it('has a strict Content-Security-Policy with the nonce', () => {
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(m, 'CSP meta tag');
    const csp = m[1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src 'unsafe-inline'/);
    assert.match(csp, /img-src data:/);
    assert.ok(!/unsafe-eval|https?:|\*/.test(csp), csp);
    // The CSP comes before anything that could load.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style'));
  });

  it('makes no external requests: no http(s) URL, no src or href attribute', () => {
    assert.ok(!/https?:/i.test(html), 'no http URL');
    assert.ok(!/<[a-z][^>]*\s(src|href)=/i.test(html), 'no src/href attributes in any tag');
  });

  it('makes fresh random nonces', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
    assert.notStrictEqual(a, makeNonce());
    assert.ok(!renderHtmlReport(d, { chartScript: '' }).includes("'nonce-abc123'"));
  });

  it('builds the webview shell with the webview CSP source and an escaped script URI', () => {
    const w = renderWebviewHtml({ scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/x/dist/dashboard.js?a=1&b=2', cspSource: 'https://*.vscode-cdn.net', nonce: 'n0', data: d });
    assert.match(w, /script-src 'nonce-n0'/);
    assert.match(w, /style-src https:\/\/\*\.vscode-cdn\.net 'unsafe-inline'/);
    assert.ok(w.includes('<script nonce="n0" src="https://file+.vscode-resource.vscode-cdn.net/x/dist/dashboard.js?a=1&amp;b=2"></script>'));
    assert.ok(!w.includes('<img'));
  });
});
