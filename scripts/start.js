#!/usr/bin/env node
// `npm start`: builds Goal Lens, creates the demo repositories (the shop and, inside it, the warehouse that
// shares its goals) in a fresh temporary folder, and serves them as a two-folder workspace in VS Code in the
// browser (code-server on 127.0.0.1) with this repository loaded as an installed extension. Prints the URL and
// opens it in the desktop's browser when there is one. Runs until Ctrl+C, then stops code-server and removes
// the temporary folders (the workspace file with them).
//
//   npm start [-- --no-open] [--port N] [--keep]
//     --no-open   only print the URL
//     --port N    serve on this port (default: a free one, or $PORT)
//     --keep      keep the demo repositories (their folder is printed)
'use strict';

const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
// code-server is installed and started by the same helpers the VS Code tests use.
const { ensureCodeServer } = require('../test/vscode/setup');
const cs_ = require('../test/vscode/codeServer');

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

async function main() {
  say('building (node esbuild.js)');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  const cs = ensureCodeServer();
  state.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-start-')));
  // The demo lives apart from code-server's folders so --keep can leave it behind. The Goals view names a
  // repository by its folder, so the shop's folder is acme-shop.
  state.demoDir = path.join(fs.realpathSync(os.tmpdir()), `goal-lens-demo-${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(state.demoDir);
  const shop = path.join(state.demoDir, 'acme-shop');
  const made = cs_.createDemo(shop);
  say(made);
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

main().catch((e) => finish(1, `ERROR: ${e.message || e}`));
