#!/usr/bin/env node
// The one setup step of `npm test` (its `pretest`): checks the system packages the suites need (git,
// Chromium; installed with apt-get when running as root on Debian) and installs VS Code (code-server,
// from the npm registry) once into .vscode-test/code-server. Offline-safe on Debian machines that reach
// only the npm registry and Debian's packages (see CONTRIBUTING.md / test/vscode/README.md).
//
//   node test/vscode/setup.js              everything `npm test` needs
//   node test/vscode/setup.js --browser    only git and Chromium (the HTML report suite)
//   require('./setup').ensureCodeServer() -> { entry, version, dir }
'use strict';

const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3; newer releases need Node 22+
const RIPGREP_PKG_VERSION = '1.15.11'; // @vscode/ripgrep that code-server 4.100.3 depends on
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const ROOT = path.resolve(__dirname, '..', '..');
// GOAL_LENS_CODE_SERVER_DIR moves the install elsewhere: start.test.js uses it to see a first install fail.
const CACHE_DIR = process.env.GOAL_LENS_CODE_SERVER_DIR ? path.resolve(process.env.GOAL_LENS_CODE_SERVER_DIR) : path.join(ROOT, '.vscode-test', 'code-server');
const MARKER = path.join(CACHE_DIR, '.installed');
const ENTRY = path.join(CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** A Chromium the user named: never replaced by installing Debian's. */
const CHROMIUM_GIVEN = !!process.env.CHROMIUM_PATH;

// Packages whose install scripts must run (npm 11 gates unreviewed install scripts).
const ALLOW_SCRIPTS = [
  'code-server', 'kerberos', 'node-pty', '@vscode/ripgrep', '@vscode/spdlog', '@vscode/sqlite3',
  'native-watchdog', '@parcel/watcher', '@vscode/windows-registry', 'argon2', 'esbuild',
];

/** Where the install's own output goes: inherited by default, a log file's descriptor for `npm start`. */
let sink = null;

function log(msg) {
  if (sink !== null) fs.writeSync(sink, `[test-setup] ${msg}\n`);
  else process.stderr.write(`[test-setup] ${msg}\n`);
}

const childStdio = () => (sink !== null ? ['ignore', sink, sink] : ['ignore', 'inherit', 'inherit']);

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** System packages: [debian package, test that says it is there]. */
function missingPackages({ forInstall }) {
  const needs = [['git', () => !!which('git')], ['chromium', () => fs.existsSync(CHROMIUM)]];
  if (forInstall) {
    needs.push(['libkrb5-dev', () => fs.existsSync('/usr/include/gssapi/gssapi.h')]);
    needs.push(['ripgrep', () => !!which('rg')]);
    needs.push(['python3', () => !!which('python3')]);
    needs.push(['make', () => !!which('make')]);
    needs.push(['g++', () => !!which('g++')]);
  }
  return needs.filter(([, ok]) => !ok()).map(([pkg]) => pkg);
}

function ensureSystemPackages({ forInstall }) {
  if (CHROMIUM_GIVEN && !fs.existsSync(CHROMIUM)) {
    throw new Error(`CHROMIUM_PATH=${CHROMIUM} does not exist: point it at a Chromium binary, or unset it to use Debian's chromium`);
  }
  const missing = missingPackages({ forInstall });
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = fs.existsSync('/etc/debian_version') && !!which('apt-get');
  if (!isRoot || !isDebian) {
    throw new Error(`the tests need missing system packages: ${missing.join(' ')}; install them first: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing missing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: childStdio(), env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: childStdio(), env });
  const still = missingPackages({ forInstall });
  if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
}

/** @vscode/ripgrep downloads rg from GitHub unless this cached archive exists: give it Debian's rg. */
function seedRipgrepCache() {
  const dir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const archive = path.join(dir, RIPGREP_ASSET);
  if (fs.existsSync(archive)) return;
  fs.mkdirSync(dir, { recursive: true });
  const rg = fs.realpathSync(which('rg'));
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-stage-'));
  try {
    fs.copyFileSync(rg, path.join(stage, 'rg'));
    fs.chmodSync(path.join(stage, 'rg'), 0o755);
    execFileSync('tar', ['-czf', archive, '-C', stage, 'rg']);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  log(`seeded ripgrep cache ${archive} with ${rg}`);
}

function installedVersion() {
  try {
    return fs.readFileSync(MARKER, 'utf8').trim();
  } catch {
    return null;
  }
}

/** What a good install has: the server, VS Code's own modules and the native pieces built. */
function verifyInstall() {
  const vs = path.join(CACHE_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
  const required = [
    ENTRY,
    path.join(vs, 'node_modules'),
    path.join(vs, 'out', 'server-main.js'),
  ];
  const problems = required.filter((p) => !fs.existsSync(p)).map((p) => `missing ${path.relative(CACHE_DIR, p)}`);
  // Native modules VS Code's server loads: node-pty (terminals), kerberos, spdlog, watcher; and rg.
  const natives = ['node-pty', 'kerberos', '@vscode/spdlog'];
  for (const mod of natives) {
    const base = path.join(vs, 'node_modules', mod, 'build', 'Release');
    if (!fs.existsSync(base) || !fs.readdirSync(base).some((f) => f.endsWith('.node'))) {
      problems.push(`native module ${mod} not built (${path.relative(CACHE_DIR, base)})`);
    }
  }
  const rg = path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!fs.existsSync(rg)) problems.push('ripgrep binary missing (@vscode/ripgrep/bin/rg)');
  return problems;
}

function install() {
  ensureSystemPackages({ forInstall: true });
  seedRipgrepCache();
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const pkg = {
    name: 'goal-lens-vscode-test-cache',
    private: true,
    description: 'code-server (VS Code) for Goal Lens tests; made by test/vscode/setup.js',
    allowScripts: Object.fromEntries(ALLOW_SCRIPTS.map((n) => [n, true])),
  };
  fs.writeFileSync(path.join(CACHE_DIR, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(ROOT, CACHE_DIR)} (once; about a minute)`);
  const started = Date.now();
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_strict_allow_scripts: 'false', // code-server's postinstall runs a nested npm install in lib/vscode
    CI: process.env.CI || '',
  };
  const r = spawnSync(
    'npm',
    ['install', '--no-save', '--foreground-scripts', '--loglevel=warn', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CACHE_DIR, env, stdio: childStdio() },
  );
  if (r.status !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status})`);
  const problems = verifyInstall();
  if (problems.length) {
    throw new Error(`code-server install is incomplete:\n  ${problems.join('\n  ')}`);
  }
  fs.writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One install at a time: two test runs starting together on a fresh machine must not both install. */
function withInstallLock(fn) {
  const lock = `${CACHE_DIR}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > 10 * 60_000) {
        fs.rmSync(lock, { recursive: true, force: true }); // left by a killed install
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another install holds ${lock}; remove it if no install is running`);
      if (age < 1500) log('another run is installing code-server; waiting');
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const codeServerReady = () => installedVersion() === CODE_SERVER_VERSION && fs.existsSync(ENTRY);

/**
 * Makes sure code-server is installed and the system has what the run needs. With `logFile`, everything the
 * install prints (npm, node-gyp, apt-get) goes to that file instead of the terminal.
 */
function ensureCodeServer({ logFile } = {}) {
  sink = logFile ? fs.openSync(logFile, 'a') : null;
  try {
    if (!codeServerReady()) {
      withInstallLock(() => {
        if (!codeServerReady()) install(); // another run may have finished it while we waited
      });
    } else {
      ensureSystemPackages({ forInstall: false });
    }
  } finally {
    if (sink !== null) fs.closeSync(sink);
    sink = null;
  }
  return { entry: ENTRY, version: CODE_SERVER_VERSION, dir: CACHE_DIR, chromium: CHROMIUM };
}

module.exports = { ensureCodeServer, codeServerReady, ensureSystemPackages, CODE_SERVER_VERSION, CACHE_DIR, CHROMIUM };

if (require.main === module) {
  try {
    if (process.argv.includes('--browser')) {
      ensureSystemPackages({ forInstall: false });
      log(`Chromium ready: ${CHROMIUM}`);
    } else {
      const info = ensureCodeServer();
      log(`code-server ${info.version} and Chromium ready: ${path.relative(ROOT, info.entry)}, ${info.chromium}`);
    }
  } catch (e) {
    log(`ERROR: ${e.message}`);
    process.exit(1);
  }
}
