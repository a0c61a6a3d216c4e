#!/usr/bin/env node
// `npm start`: builds Goal Lens, creates the demo repository in a fresh temporary folder, and serves it in
// VS Code in the browser (code-server on 127.0.0.1) with this repository loaded as an installed extension.
// Prints the URL and opens it in the desktop's browser when there is one. Runs until Ctrl+C, then stops
// code-server and removes the temporary folders.
//
//   npm start [-- --no-open] [--port N] [--keep]
//     --no-open   only print the URL
//     --port N    serve on this port (default: a free one, or $PORT)
//     --keep      keep the demo repository (its folder is printed)
'use strict';

const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureCodeServer } = require('./setup');
const cs_ = require('./codeServer');

const ROOT = cs_.ROOT;
const args = process.argv.slice(2);
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

const state = { server: null, tmp: null, demo: null };
let finishing = false;
async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  if (state.server) await state.server.stop();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  if (state.demo && !opt.keep) fs.rmSync(state.demo, { recursive: true, force: true });
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

async function main() {
  say('building (node esbuild.js)');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  const cs = ensureCodeServer();
  state.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-start-')));
  // The demo lives apart from code-server's folders so --keep can leave it behind.
  state.demo = path.join(fs.realpathSync(os.tmpdir()), `goal-lens-demo-${process.pid}-${Date.now().toString(36)}`);
  say(cs_.createDemo(state.demo));

  // The repository itself is the installed extension: a link named publisher.name-version in a fresh
  // extensions folder. VS Code loads dist/extension.js from here, exactly what `npm run build` made.
  const { userData, extensions } = cs_.makeDirs(state.tmp);
  fs.symlinkSync(ROOT, path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

  const port = opt.port || (await cs_.freePort());
  say(`starting VS Code (code-server ${cs.version}) on 127.0.0.1:${port}`);
  state.server = await cs_.startCodeServer({ cs, dir: state.tmp, userData, extensions, port });
  state.server.child.on('exit', () => finish(1, 'code-server stopped by itself; cleaning up'));

  const url = cs_.workbenchUrl(port, state.demo);
  say(`demo repository: ${state.demo}${opt.keep ? ' (kept after exit)' : ''}`);
  say('open the Goal Lens icon in the activity bar (left) to see the demo goals; the walkthrough: F1 > Welcome: Open Walkthrough... > Get started with Goal Lens');
  process.stdout.write(`\n  ${url}\n\n`);
  if (opt.open && !tryOpen(url)) say('no desktop browser to open (xdg-open/open): open the URL above yourself');
  say('serving; press Ctrl+C to stop');
}

main().catch((e) => finish(1, `ERROR: ${e.message || e}`));
