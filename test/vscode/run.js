#!/usr/bin/env node
/* global setTimeout, clearTimeout */
// Runs Goal Lens's tests inside a real VS Code, offline: code-server 4.100.3 (VS Code 1.100.3,
// installed once by ./setup.js) driven by Debian's Chromium through playwright-core.
//
//   node test/vscode/run.js [--host-only | --ui-only] [--update-screenshots] [--timeout=SECONDS]
//
// Phase 1 (extension host): opens the workbench with extensionDevelopmentPath = the repository and
//   extensionTestsPath = out/test/vscode/suite/index.js; the suite's exit code comes back through
//   codeAutomationExit. Phase 2 (UI, ./ui.js): a fresh page with the development extension, driven
//   like a person; screenshots go to test-results/screenshots.
// Needs a build first: `npm run build && npm run compile-tests`. Always cleans up (code-server's
// process group, Chromium, temp folders) on pass, failure, timeout and SIGINT/SIGTERM.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { ensureCodeServer } = require('./setup');
const { makeWorkspace } = require('./fixture');
const { ROOT, freePort, makeDirs, startCodeServer, launchChromium } = require('./codeServer');

const EXT_PATH = path.resolve(process.env.GOAL_LENS_EXT_PATH || ROOT); // override: try the UI suite on another extension
const SUITE = path.join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const README_SCREENSHOTS = path.join(ROOT, 'media', 'screenshots');

const args = process.argv.slice(2);
const opt = {
  host: !args.includes('--ui-only'),
  ui: !args.includes('--host-only'),
  updateScreenshots: args.includes('--update-screenshots'),
  // A cap on the whole run only when asked: how long the suites take depends on the machine's load.
  timeoutSec: Number((args.find((a) => a.startsWith('--timeout=')) || '').split('=')[1]) || 0,
  verbose: args.includes('--verbose') || !!process.env.GOAL_LENS_TEST_VERBOSE,
};

// Output must never break cleanup: a closed pipe (`| head`) would otherwise kill us mid-run.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
const write = (text) => {
  try {
    process.stdout.write(text);
  } catch {
    /* stdout gone; keep cleaning up */
  }
};
const out = (line) => write(line + '\n');
const say = (line) => write(`[vscode-test] ${line}\n`);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

// A hung workbench is told by silence, not by the length of the run (which grows with the machine's load): every
// test reports as it ends, so no line from the suites for this long means nothing is moving any more. Longer than
// the longest test's own mocha timeout.
const SILENCE_MS = 330_000;
const watchdog = { timer: null, onSilence: null };
function progress() {
  if (watchdog.timer) clearTimeout(watchdog.timer);
  watchdog.timer = setTimeout(() => watchdog.onSilence && watchdog.onSilence(), SILENCE_MS);
}

// ---- everything that must be undone, whatever happens ----
const state = { server: null, browser: null, tempDirs: [], workspace: null, serverLog: [], pageLog: [] };
let cleaning = null;

function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (state.browser) {
      const b = state.browser;
      state.browser = null;
      await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    }
    await stopServer();
    if (state.workspace) state.workspace.cleanup();
    for (const d of state.tempDirs) fs.rmSync(d, { recursive: true, force: true });
  })();
  return cleaning;
}

async function stopServer() {
  const server = state.server;
  if (!server) return;
  state.server = null;
  await server.stop(); // code-server's whole process group: SIGTERM, then SIGKILL
}

let finishing = false;
async function finish(code, why) {
  if (finishing) return; // a timeout or signal already decided the outcome
  finishing = true;
  if (why) say(why);
  await cleanup();
  say(`done in ${elapsed()}, exit ${code}`);
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => finish(130, `interrupted (${sig}), cleaning up`));
}
process.on('uncaughtException', (e) => finish(1, `ERROR: ${e.stack || e}`));
process.on('unhandledRejection', (e) => finish(1, `ERROR: ${(e && e.stack) || e}`));

// ---- helpers ----
function tmpDir(prefix) {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  state.tempDirs.push(d);
  return d;
}

function printLogTail(title, lines, n = 60) {
  if (!lines.length) return;
  out(`----- ${title} (last ${Math.min(n, lines.length)} lines) -----`);
  for (const l of lines.slice(-n)) out(l);
  out(`----- end of ${title} -----`);
}

async function startServer(cs, port) {
  const dir = tmpDir('goal-lens-vscode-');
  const { userData, extensions } = makeDirs(dir);
  const results = path.join(dir, 'host-results.json');
  await startCodeServer({
    cs,
    dir,
    userData,
    extensions,
    port,
    env: { GOAL_LENS_TEST_RESULTS: results }, // the extension-host suite writes its summary here
    args: ['--disable-getting-started-override'],
    onSpawn: (server) => (state.server = server),
    onLine: (l) => {
      state.serverLog.push(l);
      if (opt.verbose) out(`[code-server] ${l}`);
    },
  });
  return { results, port, extensions };
}

function workbenchUrl(port, folder, withTests) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(EXT_PATH)], ['skipWelcome', 'true']];
  if (withTests) payload.push(['extensionTestsPath', remote(SUITE)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function newPage(browser, label) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('console', (m) => state.pageLog.push(`[${label}:${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => state.pageLog.push(`[${label}:pageerror] ${e.message}`));
  return { context, page };
}

// ---- phase 1: the extension-host suite ----
async function runHostSuite(browser, port, workspace, resultsFile) {
  say(`extension-host suite: ${path.relative(ROOT, SUITE)} in ${workspace}`);
  const { context, page } = await newPage(browser, 'host');
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    progress();
    const text = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    for (const l of text.split('\n')) {
      state.pageLog.push(`[host-log:${type}] ${l}`);
      if (opt.verbose || /\bTODO\b|^\[measure\]/.test(l)) out(`[host-log] ${l}`);
    }
  });
  await page.goto(workbenchUrl(port, workspace, true));
  const timedOut = new Promise((r) => {
    watchdog.onSilence = () => r('timeout');
    progress();
  });
  const code = await Promise.race([exited, timedOut]);
  watchdog.onSilence = null;
  await context.close().catch(() => {});

  let summary = null;
  try {
    summary = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    /* the suite never got to write it */
  }
  if (summary) {
    out('');
    out(`  Extension host (VS Code ${summary.vscodeVersion}, ${summary.appName})`);
    for (const r of summary.results) {
      const mark = r.state === 'passed' ? '  ✓' : r.state === 'pending' ? '  -' : '  ✗';
      out(`  ${mark} ${r.title}${r.state === 'pending' ? ' (pending)' : ''}`);
    }
    for (const [i, r] of summary.results.filter((x) => x.state === 'failed').entries()) {
      out('');
      out(`  ${i + 1}) ${r.title}`);
      // VS Code's own frames say nothing about the failure: keep the message and our frames.
      const lines = (r.error.stack || r.error.message).split('\n').filter((l) => !/\.vscode-test[\\/]|node:internal/.test(l));
      out(`     ${lines.join('\n     ')}`);
    }
    out('');
  }
  if (code === 'timeout') {
    printLogTail('workbench log', state.pageLog);
    printLogTail('code-server log', state.serverLog);
    return { name: 'extension host', passed: summary ? summary.passed : 0, failed: 1, pending: 0, note: `no test reported for ${SILENCE_MS / 1000} s` };
  }
  if (!summary) {
    // The suite did not run at all: e.g. the test module failed to load. The logs say why.
    printLogTail('workbench log', state.pageLog, 100);
    printLogTail('code-server log', state.serverLog);
    return { name: 'extension host', passed: 0, failed: 1, pending: 0, note: `suite did not report (exit ${code})` };
  }
  const failed = code !== 0 && summary.failed === 0 ? 1 : summary.failed;
  if (code !== 0 && summary.failed === 0) printLogTail('workbench log', state.pageLog, 60);
  return { name: 'extension host', passed: summary.passed, failed, pending: summary.pending, version: summary.vscodeVersion };
}

// ---- main ----
async function main() {
  for (const [file, hint] of [
    [path.join(ROOT, 'dist', 'extension.js'), 'npm run build'],
    [SUITE, 'npm run compile-tests'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`${hint}\` first`);
  }
  const cs = ensureCodeServer();
  const globalTimer =
    opt.timeoutSec > 0 &&
    setTimeout(() => {
      printLogTail('workbench log', state.pageLog);
      printLogTail('code-server log', state.serverLog);
      finish(1, `TIMEOUT: the VS Code tests took longer than ${opt.timeoutSec} s`);
    }, opt.timeoutSec * 1000);

  state.workspace = makeWorkspace();
  const port = await freePort();
  say(`starting code-server ${cs.version} on 127.0.0.1:${port}`);
  const { results, extensions } = await startServer(cs, port);
  say(`code-server is up (${elapsed()})`);

  state.browser = await launchChromium(cs);

  const phases = [];
  if (opt.host) phases.push(await runHostSuite(state.browser, port, state.workspace.dir, results));
  if (opt.ui) {
    const { runUiSuite } = require('./ui');
    // The extension-host suites change their workspace (notes, config, edits): the UI gets a fresh one.
    // Its history is recent so the screenshots show live goals, not stalled ones.
    state.workspace.cleanup();
    state.workspace = makeWorkspace({ startDate: Date.now() - 3 * 86_400_000 });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // The UI steps print as they go: each line is progress; silence as long as SILENCE_MS ends the run.
    const stdoutWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = (...a) => (progress(), stdoutWrite(...a));
    watchdog.onSilence = () => {
      printLogTail('workbench log', state.pageLog);
      printLogTail('code-server log', state.serverLog);
      finish(1, `TIMEOUT: no UI step reported for ${SILENCE_MS / 1000} s`);
    };
    progress();
    const ui = await runUiSuite({
      browser: state.browser,
      url: workbenchUrl(port, state.workspace.dir, false),
      workspace: state.workspace.dir,
      extensionPath: EXT_PATH,
      extensionsDir: extensions, // none installed: what the UI meets is VS Code's built-ins and Goal Lens
      screenshots: SCREENSHOTS,
      newPage: (label) => newPage(state.browser, label),
    });
    phases.push(ui);
    if (opt.updateScreenshots) {
      fs.mkdirSync(README_SCREENSHOTS, { recursive: true });
      for (const f of ui.readmeScreenshots || []) {
        fs.copyFileSync(path.join(SCREENSHOTS, f), path.join(README_SCREENSHOTS, f));
        say(`updated media/screenshots/${f}`);
      }
    }
  }
  if (globalTimer) clearTimeout(globalTimer);
  watchdog.onSilence = null;
  clearTimeout(watchdog.timer);

  out('');
  for (const p of phases) {
    out(`${p.name}: ${p.passed} passed, ${p.failed} failed, ${p.pending} pending${p.version ? ` (VS Code ${p.version})` : ''}${p.note ? ` - ${p.note}` : ''}`);
  }
  const total = phases.reduce((a, p) => ({ passed: a.passed + p.passed, failed: a.failed + p.failed, pending: a.pending + p.pending }), { passed: 0, failed: 0, pending: 0 });
  out(`vscode tests: ${total.passed} passed, ${total.failed} failed, ${total.pending} pending`);
  await finish(total.failed ? 1 : 0);
}

main().catch((e) => finish(1, `ERROR: ${e.message || e}`));
