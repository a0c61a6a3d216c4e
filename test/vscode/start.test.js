#!/usr/bin/env node
// `npm start` as a new user runs it: starts `node scripts/start.js --no-open`, reads the URL it prints (a
// two-folder workspace: the shop and the warehouse), loads it in Chromium and checks that the Goal Lens view shows
// both repositories with the shop's goals under the shop; then sends SIGINT (Ctrl+C) and checks that code-server's
// process group, the temporary folders and the workspace file are gone.
//
//   node test/vscode/start.test.js    (npm run test:start)
/* global setTimeout, URL */
'use strict';

const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureCodeServer } = require('./setup');
const cs_ = require('./codeServer');
const { readGoalsTree, runCommand } = require('./workbench');

const ROOT = cs_.ROOT;
const TIMEOUT_MS = 300_000;
const DEMO_GOALS = ['Grow online revenue 20% in FY27', 'Lift checkout conversion to 4%'];
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

let output = '';
const { say, check, summary } = cs_.checkRunner('vscode-start', { failNote: () => `\n      --- start.js output ---\n${output}` });
const state = { starter: null, browser: null, port: 0 };

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (fn, ms) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
};

/** Processes whose command line has `needle` (NUL-separated args joined by spaces). */
function processesWith(needle) {
  const found = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(needle)) found.push({ pid: Number(d), cmd });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}
/** A process's group id (field 5 of /proc/PID/stat), or 0 when it is gone. */
function pgidOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]); // state ppid pgrp ...
  } catch {
    return 0;
  }
}
/** Process ids in process group `pgid`. */
const groupMembers = (pgid) => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d) && pgidOf(d) === pgid).map(Number);
const serverNeedle = () => (state.port ? `--bind-addr 127.0.0.1:${state.port}` : null);

let finishing = false;
async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  if (state.browser) await Promise.race([state.browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  const starter = state.starter;
  if (starter && alive(-starter.pid)) {
    // start.js cleans up on SIGINT; if it does not, stop its whole group.
    try {
      process.kill(-starter.pid, 'SIGINT');
    } catch {
      /* gone */
    }
    if (!(await waitFor(() => !alive(-starter.pid), 10_000))) {
      try {
        process.kill(-starter.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  // Whatever start.js left behind of the code-server it started (found by its port) is stopped by id.
  if (serverNeedle()) {
    for (const p of processesWith(serverNeedle())) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  process.exit(summary(code, 'npm start'));
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(130, `interrupted (${sig}), cleaning up`));
process.on('uncaughtException', (e) => finish(1, `ERROR: ${e.stack || e}`));
process.on('unhandledRejection', (e) => finish(1, `ERROR: ${(e && e.stack) || e}`));

async function main() {
  setTimeout(() => finish(1, `TIMEOUT: the npm start test took longer than ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS).unref();
  await check('npm start -- --help prints its usage and exits 0, starting nothing', async () => {
    const r = spawnSync('npm', ['start', '--', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0 || !/usage: npm start/.test(r.stdout) || !/--no-open/.test(r.stdout) || !/example: /.test(r.stdout)) throw new Error(`exit ${r.status}:\n${r.stdout}${r.stderr}`);
    if (/building|starting VS Code/.test(r.stdout + r.stderr)) throw new Error(`--help started the demo:\n${r.stdout}`);
    return r.stdout.split('\n').find((l) => l.startsWith('usage:'));
  });

  await check('a first install that fails shows one line, then the last lines of its log and where the log is', async () => {
    // A code-server folder of its own and a registry that refuses: the install fails fast, as it would offline.
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'goal-lens-start-fail-'));
    try {
      const env = { ...process.env, GOAL_LENS_CODE_SERVER_DIR: path.join(dir, 'code-server'), npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_fetch_timeout: '5000' };
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'start.js'), '--no-open'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
      const out = r.stdout + r.stderr;
      const logFile = path.join(dir, 'npm-start-install.log');
      if (r.status !== 1) throw new Error(`exit ${r.status}:\n${out}`);
      for (const want of ['first run: installing VS Code', 'takes 1 to 3 minutes', 'ERROR: installing code-server failed', `the whole log: ${logFile}`]) {
        if (!out.includes(want)) throw new Error(`no '${want}' in:\n${out}`);
      }
      if (!fs.existsSync(logFile) || !/npm (error|ERR)/i.test(fs.readFileSync(logFile, 'utf8'))) throw new Error(`${logFile} does not hold npm's output`);
      // Everything npm printed is in the log; the terminal has Goal Lens's lines and the quoted tail only.
      const stray = out.split('\n').filter((l) => l.trim() && !/^\[goal-lens\] |^ {2}\| |^last \d+ lines of |^the whole log: /.test(l));
      if (stray.length) throw new Error(`lines from outside Goal Lens:\n${stray.join('\n')}`);
      return `${out.split('\n').filter(Boolean).length} lines, log ${logFile}`;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const cs = ensureCodeServer(); // installs before the clock of the first check, like a first `npm start` would

  let url = null;
  await check('start.js --no-open builds, creates the demo and prints the URL', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js'), '--no-open'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    state.starter = child;
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    url = await waitFor(() => (/serving; press Ctrl\+C/.test(output) ? (output.match(/http:\/\/127\.0\.0\.1:\d+\/\?workspace=\S+/) || [])[0] : null) || (child.exitCode !== null ? 'exited' : null), 90_000);
    if (!url || url === 'exited') throw new Error(`no workspace URL (${url || 'timed out'})`);
    // A quiet start: Goal Lens's own lines, then the URL; no build, npm or code-server output.
    const before = output.slice(0, output.indexOf(url)).split('\n').filter((l) => l.trim());
    const stray = before.filter((l) => !l.startsWith('[goal-lens] '));
    if (stray.length) throw new Error(`output before the URL that is not Goal Lens's:\n${stray.join('\n')}`);
    return url;
  });
  state.port = Number(new URL(url).port);
  const workspaceFile = new URL(url).searchParams.get('workspace');
  let demo = null;
  let warehouse = null;
  await check('the workspace file names the shop and the warehouse repositories, outside the shop', async () => {
    const { folders } = JSON.parse(fs.readFileSync(workspaceFile, 'utf8'));
    const byName = new Map(folders.map((f) => [f.name, f.path]));
    demo = byName.get('acme-shop');
    warehouse = byName.get('warehouse');
    if (folders.length !== 2 || !demo || !warehouse) throw new Error(`folders: ${JSON.stringify(folders)}`);
    for (const dir of [demo, warehouse]) if (!fs.existsSync(path.join(dir, 'goals.yaml'))) throw new Error(`${dir} has no goals.yaml`);
    if (!path.relative(demo, workspaceFile).startsWith('..')) throw new Error(`${workspaceFile} is inside the shop ${demo}`);
    return `${demo}, ${warehouse}`;
  });
  const server = processesWith(serverNeedle()).find((p) => p.cmd.includes('--user-data-dir'));
  const tmp = server ? (server.cmd.match(/--user-data-dir (\S+)\/user-data/) || [])[1] : null;

  await check('the URL opens VS Code with both repositories and the Goals view shows the shop\'s goals under the shop', async () => {
    state.browser = await cs_.launchChromium(cs);
    const page = await (await state.browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
    await page.goto(url);
    // Grouped by repository: the repositories are the first level, their goals the second.
    const rows = await readGoalsTree(page, ['warehouse', ...DEMO_GOALS], { expandLevel: 2, withLevels: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'start-workspace.png') }).catch(() => {});
    // A repository row reads its folder's name; its accessible label is its tooltip: the path, then where its shared
    // goals come from, if any.
    const repoAt = (name, dir) => rows.findIndex((r) => r.level === 1 && (r.text === dir || r.text.startsWith(`${dir} `) || r.text.startsWith(name)));
    const shopAt = repoAt('acme-shop', demo);
    const warehouseAt = repoAt('warehouse', warehouse);
    const shown = JSON.stringify(rows.map((r) => `${r.level} ${r.text}`));
    if (shopAt < 0 || warehouseAt < 0) throw new Error(`Goals tree has no acme-shop and warehouse repository rows: ${shown}`);
    // The shop's rows run from its repository row to the next first-level row.
    const shopEnd = rows.findIndex((r, i) => i > shopAt && r.level === 1);
    const shopRows = rows.slice(shopAt + 1, shopEnd < 0 ? rows.length : shopEnd);
    const missing = DEMO_GOALS.filter((g) => !shopRows.some((r) => r.text.includes(g)));
    if (missing.length) throw new Error(`Goals tree misses ${JSON.stringify(missing)} under acme-shop: ${shown}`);
    await state.browser.close();
    state.browser = null;
    return `${rows.length} rows`;
  });

  await check('the walkthrough ticks what the demo has done, and Escape on a repository picker says nothing', async () => {
    state.browser = await cs_.launchChromium(cs);
    const page = await (await state.browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
    await page.goto(url);
    await readGoalsTree(page, ['warehouse', ...DEMO_GOALS], { expandLevel: 2 });
    await runCommand(page, 'Welcome: Open Walkthrough', { pick: 'Get started with Goal Lens' });
    // The demo has goals.yaml, a branch linked in git config and notes; no commit hook, and no dashboard opened yet.
    const ticked = { 'Write down the goals in goals.yaml': true, 'Link your branch to a goal': true, 'Tag a commit with a goal': true, 'Install the commit hook': false };
    const steps = page.locator('.getting-started-step');
    const read = () => steps.evaluateAll((els) => els.map((e) => ({ title: e.querySelector('.step-title')?.textContent?.trim() ?? '', done: !!e.querySelector('.codicon.complete') })));
    const deadline = Date.now() + 30_000;
    let shown = [];
    for (;;) {
      shown = await read();
      if (Object.entries(ticked).every(([title, done]) => shown.some((st) => st.title === title && st.done === done))) break;
      if (Date.now() > deadline) throw new Error(`walkthrough steps ${JSON.stringify(shown)}, expected ${JSON.stringify(ticked)}`);
      await page.waitForTimeout(250);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'start-walkthrough.png') }).catch(() => {});
    // Two repositories: Link Current Branch asks which; Escape is an answer, not an error.
    await runCommand(page, 'Goal Lens: Link Current Branch', { focus: 'escape' });
    await page.locator('.quick-input-widget input[placeholder="Repository"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    const toast = await page.locator('.notifications-toasts .notification-toast', { hasText: 'Goal Lens' }).first().waitFor({ timeout: 3000 }).then(() => true, () => false);
    if (toast) throw new Error(`a notification after Escape: ${await page.locator('.notifications-toasts').innerText()}`);
    await state.browser.close();
    state.browser = null;
    return shown.map((st) => `${st.done ? '✓' : '○'} ${st.title}`).join(', ');
  });

  await check('the shop\'s working tree stays clean (git status)', async () => {
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: demo, encoding: 'utf8' });
    if (status.trim()) throw new Error(`git status in ${demo}:\n${status}`);
  });

  await check('Ctrl+C (SIGINT) stops code-server and removes the demo and temporary folders', async () => {
    const starter = state.starter;
    // code-server, VS Code's server, the extension host, git... all in the group start.js made for code-server.
    const pgid = server ? pgidOf(server.pid) : 0;
    const serverPids = () => (pgid ? groupMembers(pgid) : []);
    if (!tmp) throw new Error('found no code-server process with a --user-data-dir for the printed port');
    const before = serverPids();
    if (!before.length) throw new Error('found no code-server process before stopping');
    process.kill(-starter.pid, 'SIGINT'); // what the terminal sends to the foreground group
    const exited = await waitFor(() => starter.exitCode !== null || starter.signalCode !== null, 20_000);
    if (!exited) throw new Error('start.js did not exit within 20 s of SIGINT');
    const left = await waitFor(() => serverPids().length === 0, 10_000);
    if (!left) throw new Error(`processes left: ${serverPids().join(', ')}`);
    const dirs = [demo, path.dirname(demo), tmp, workspaceFile].filter((d) => d && fs.existsSync(d));
    if (dirs.length) throw new Error(`folders left: ${dirs.join(', ')}`);
    return `${before.length} processes of code-server's group gone, exit ${starter.exitCode}`;
  });
  await finish(0);
}

main().catch((e) => finish(1, `FAILED: ${String(e.message || e).split('\n')[0]}`));
