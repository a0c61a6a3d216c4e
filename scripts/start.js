#!/usr/bin/env node
// `npm start`: builds Goal Lens, creates the demo repositories (the shop and, inside it, the warehouse that
// shares its goals) in a fresh temporary folder, and serves them as a two-folder workspace in VS Code in the
// browser (code-server on 127.0.0.1) with this repository loaded as an installed extension. Prints the URL and
// opens it in the desktop's browser when there is one. Runs until Ctrl+C, then stops code-server and removes
// the temporary folders (the workspace file with them). The first run installs code-server; what that install
// prints goes to a log file, and only its last lines are shown if it fails.
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
// code-server is installed and started by the same helpers the VS Code tests use.
const { ensureCodeServer, codeServerReady, CODE_SERVER_VERSION, CACHE_DIR } = require('../test/vscode/setup');
const cs_ = require('../test/vscode/codeServer');

const ROOT = cs_.ROOT;
const args = process.argv.slice(2);

const USAGE = `npm start: the Goal Lens demo in VS Code in the browser (code-server on 127.0.0.1)

usage: npm start [-- options]

  --no-open   print the URL only; do not open a browser
  --port N    serve on port N (default: a free port, or $PORT)
  --keep      keep the demo repositories after Ctrl+C (their folder is printed)
  -h, --help  print this help

The first run installs code-server into .vscode-test/ (1 to 3 minutes, once; its output goes to a log file).
Ctrl+C stops VS Code and removes the temporary folders.

example: npm start -- --no-open --port 8080
`;
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const known = new Set(['--no-open', '--keep', '--port']);
const unknown = args.find((a, i) => !known.has(a.split('=')[0]) && args[i - 1] !== '--port');
if (unknown) {
  process.stderr.write(`npm start: unknown option '${unknown}'\n\n${USAGE}`);
  process.exit(2);
}
const valueOf = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
};
const opt = {
  open: !args.includes('--no-open'),
  keep: args.includes('--keep'),
  port: Number(valueOf('--port') || process.env.PORT) || 0,
};
const say = (line) => {
  try {
    process.stdout.write(`[goal-lens] ${line}\n`);
  } catch {
    /* stdout closed: keep serving, keep cleaning up */
  }
};

const state = { server: null, tmp: null, demoDir: null };
let finishing = false;
async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  if (state.server) await state.server.stop();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  if (state.demoDir && !opt.keep) fs.rmSync(state.demoDir, { recursive: true, force: true });
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(0, `stopping (${sig}); cleaning up`));
process.on('uncaughtException', (e) => finish(1, `ERROR: ${e.stack || e}`));
process.on('unhandledRejection', (e) => finish(1, `ERROR: ${(e && e.stack) || e}`));

function tryOpen(url) {
  // `open` is the macOS command; on Linux /usr/bin/open may be openvt. xdg-open only with a desktop.
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? null : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null;
  if (!cmd || spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) return false;
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** The last `n` lines of a file, for a failure's message. */
function tail(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n);
  } catch {
    return [];
  }
}

/** code-server, installed on the first run with its output in a log file: one line before, one after. */
function installCodeServer() {
  if (codeServerReady()) return ensureCodeServer();
  const logFile = path.join(path.dirname(CACHE_DIR), 'npm-start-install.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, `npm start: installing code-server ${CODE_SERVER_VERSION} into ${CACHE_DIR}, ${new Date().toISOString()}\n`);
  say(`first run: installing VS Code for the browser (code-server ${CODE_SERVER_VERSION}) into ${path.relative(ROOT, CACHE_DIR) || CACHE_DIR}; this takes 1 to 3 minutes, once (log: ${logFile})`);
  const started = Date.now();
  try {
    const cs = ensureCodeServer({ logFile });
    say(`installed code-server in ${Math.round((Date.now() - started) / 1000)} s`);
    return cs;
  } catch (e) {
    const last = tail(logFile, 25);
    const lines = [`ERROR: installing code-server failed: ${e.message || e}`, `last ${last.length} lines of ${logFile}:`, ...last.map((l) => `  | ${l}`), `the whole log: ${logFile}`];
    e.message = lines.join('\n');
    throw e;
  }
}

async function main() {
  say('building (node esbuild.js)');
  const built = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stdout}${built.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  const cs = installCodeServer();
  state.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-start-')));
  // The demo lives apart from code-server's folders so --keep can leave it behind. The Goals view names a
  // repository by its folder, so the shop's folder is acme-shop.
  state.demoDir = path.join(fs.realpathSync(os.tmpdir()), `goal-lens-demo-${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(state.demoDir);
  const shop = path.join(state.demoDir, 'acme-shop');
  const made = cs_.createDemo(shop);
  // Where the CLI put the second repository (its one home is src/git/demoRepo.ts).
  const warehouse = (made.match(/a second repository sharing its goals \(extends\): (.+?); /) || [])[1];
  if (!warehouse || !fs.existsSync(path.join(warehouse, 'goals.yaml'))) throw new Error(`goal-lens demo did not say where its second repository is:\n${made}`);
  // Both repositories as workspace folders, so the Goals view and the roll-up show them together. The file is
  // in code-server's temporary folder, not in the shop, so the shop's working tree stays clean.
  const workspace = cs_.writeWorkspace(path.join(state.tmp, 'goal-lens-demo.code-workspace'), [
    { name: 'acme-shop', path: shop },
    { name: path.basename(warehouse), path: warehouse },
  ]);

  // The repository itself is the installed extension: a link named publisher.name-version in a fresh
  // extensions folder. VS Code loads dist/extension.js from here, exactly what `npm run build` made.
  const { userData, extensions } = cs_.makeDirs(state.tmp);
  fs.symlinkSync(ROOT, path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

  const port = opt.port || (await cs_.freePort());
  say(`starting VS Code (code-server ${cs.version}) on 127.0.0.1:${port}`);
  state.server = await cs_.startCodeServer({ cs, dir: state.tmp, userData, extensions, port });
  state.server.child.on('exit', () => finish(1, 'code-server stopped by itself; cleaning up'));

  const url = cs_.workspaceUrl(port, workspace);
  say(`demo repositories: ${shop} and ${warehouse}${opt.keep ? ' (kept after exit)' : ''}`);
  say('open the Goal Lens icon in the activity bar (left) to see the demo goals of both repositories; both together: Group by Goal Across Repositories (Goals view title bar) or F1 > Goal Lens: Open Workspace Roll-up; the walkthrough: F1 > Welcome: Open Walkthrough... > Get started with Goal Lens');
  process.stdout.write(`\n  ${url}\n\n`);
  if (opt.open && !tryOpen(url)) say('no desktop browser to open (xdg-open/open): open the URL above yourself');
  say('serving; press Ctrl+C to stop');
}

main().catch((e) => finish(1, /^ERROR: /.test(e.message) ? e.message : `ERROR: ${e.message || e}`));
