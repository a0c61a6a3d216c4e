// Shared by the test runner (./run.js), `npm start` (scripts/start.js) and the .vsix test (./package.test.js):
// code-server (VS Code in the browser, installed once by ./setup.js) on a loopback port with its own
// user-data, extensions and XDG folders, so nothing is written to $HOME; its whole process group is stopped
// afterwards. The workbench steps (Goal Lens view, command palette) are in ./workbench.js.
/* global setTimeout */
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.autofetch': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode > 0 && res.statusCode < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** code-server's environment: its config.yaml and logs go under `dir`, not $HOME; `extra` adds variables. */
function serverEnv(dir, extra = {}) {
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    VSCODE_PROXY_URI: '',
    ...extra,
  };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/** Folders under `dir`: user data (with quiet settings) and extensions. */
function makeDirs(dir) {
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2) + '\n');
  return { userData, extensions };
}

/** `code-server --install-extension vsix` into `extensions` (offline). Returns its output. */
function installVsix(cs, dir, extensions, userData, vsix) {
  const r = spawnSync(
    process.execPath,
    [cs.entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix],
    { env: serverEnv(dir), encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status ?? r.signal}):\n${output}`);
  return output;
}

/**
 * Starts code-server in its own process group and waits until it answers HTTP.
 * Returns { child, port, url, stop(), log } - stop() ends the whole group (SIGTERM, then SIGKILL).
 * Options: `env` (extra environment), `args` (extra command-line flags), `onLine(line)` for each log line,
 * `onSpawn(server)` as soon as the process exists (so a caller interrupted while waiting can stop it).
 */
async function startCodeServer({ cs, dir, userData, extensions, port, env = {}, args = [], onLine, onSpawn }) {
  const log = [];
  const child = spawn(
    process.execPath,
    [
      cs.entry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      ...args,
    ],
    { env: serverEnv(dir, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const line = (buf) => {
    for (const l of buf.toString().split('\n')) {
      if (!l.trim()) continue;
      log.push(l);
      if (log.length > 2000) log.shift();
      if (onLine) onLine(l);
    }
  };
  child.stdout.on('data', line);
  child.stderr.on('data', line);
  let exited = null;
  child.on('exit', (code, sig) => (exited = `code-server exited (${sig || code})`));

  let stopping = null;
  const stop = () => {
    if (stopping) return stopping;
    stopping = (async () => {
      const group = -child.pid;
      const alive = () => {
        try {
          process.kill(group, 0);
          return true;
        } catch {
          return false;
        }
      };
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        return; // already gone
      }
      for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive()) {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    })();
    return stopping;
  };
  const server = { child, port, url: `http://127.0.0.1:${port}/`, stop, log, exited: () => exited };
  if (onSpawn) onSpawn(server);

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    if (await httpOk(`http://127.0.0.1:${port}/healthz`)) return server;
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${exited || 'code-server did not answer HTTP within 60 s'}\n${log.slice(-40).join('\n')}`);
}

function workbenchUrl(port, folder) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
}

/** The URL that opens the multi-root workspace described by the `.code-workspace` file `file`. */
function workspaceUrl(port, file) {
  return `http://127.0.0.1:${port}/?workspace=${encodeURIComponent(file).replace(/%2F/g, '/')}`;
}

/**
 * Writes `file`, a `.code-workspace` with `folders` ({ name, path } each, absolute paths). It lives outside the
 * folders so their working trees stay clean.
 */
function writeWorkspace(file, folders) {
  fs.writeFileSync(file, JSON.stringify({ folders: folders.map((f) => ({ name: f.name, path: f.path })), settings: {} }, null, 2) + '\n');
  return file;
}

/** Builds the demo repository into `dir` (must not exist or be empty) with the built CLI. */
function createDemo(dir) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'demo', '--dir', dir, '--no-report'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`goal-lens demo failed (exit ${r.status}): ${r.stderr}`);
  return (r.stderr || '').trim();
}

function launchChromium(cs) {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: cs.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/**
 * The checks of a standalone test script (./package.test.js, ./start.test.js). `say` prints a line with the
 * script's prefix; `check(title, fn)` runs one check, prints ✓ or ✗ (with `failNote()` after the error) and
 * rethrows; `summary(code, what)` prints the summary line in run.js's form (so .ci/run counts these checks
 * with the other VS Code tests) and returns the exit code.
 */
function checkRunner(prefix, { failNote = () => '' } = {}) {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const say = (line) => {
    try {
      process.stdout.write(`[${prefix}] ${line}\n`);
    } catch {
      /* keep cleaning up */
    }
  };
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const results = [];
  async function check(title, fn) {
    try {
      const note = await fn();
      results.push({ ok: true });
      say(`  ✓ ${title}${note ? ` (${note})` : ''}`);
    } catch (e) {
      results.push({ ok: false });
      say(`  ✗ ${title}\n${String(e.stack || e).split('\n').map((l) => `      ${l}`).join('\n')}${failNote()}`);
      throw e;
    }
  }
  function summary(code, what) {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed + (code && results.every((r) => r.ok) ? 1 : 0);
    process.stdout.write(`vscode tests: ${passed} passed, ${failed} failed, 0 pending (${what}, in ${elapsed()})\n`);
    return failed ? 1 : code;
  }
  return { say, elapsed, check, summary };
}

module.exports = {
  checkRunner, ROOT, CHROMIUM_ARGS, freePort, httpOk, makeDirs, installVsix, startCodeServer, workbenchUrl, workspaceUrl, writeWorkspace, createDemo, launchChromium,
};
