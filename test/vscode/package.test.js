#!/usr/bin/env node
// The .vsix a user gets: `npm run package` (vsce, production build), then checks its size and contents,
// installs it offline into a fresh code-server extensions folder (`--install-extension`), serves the demo
// repository with that folder (no extensionDevelopmentPath) and checks in Chromium that the extension
// activated: the Goal Lens activity-bar item is there and the Goals tree shows the demo goals.
//
//   node test/vscode/package.test.js [--skip-package]    (npm run test:package)
//
// Always cleans up: code-server's process group, Chromium, temporary folders.
/* global setTimeout, document */
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureCodeServer } = require('./setup');
const cs_ = require('./codeServer');
const { dashboardFrame } = require('./dashboardUi');
const { readGoalsTree, runCommand } = require('./workbench');

const ROOT = cs_.ROOT;
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
const MAX_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 150_000;
const DEMO_GOALS = ['Grow online revenue 20% in FY27', 'Lift checkout conversion to 4%', 'Cut support cost per order by 15%'];
// Exactly what the package may hold, under extension/ (vsce adds the manifest files and lower-cases readme/changelog).
const EXPECTED = [
  'package.json', 'readme.md', 'changelog.md',
  'dist/extension.js', 'dist/dashboard.js', 'dist/cli.js',
  'dist/suggestWorker.js', // the suggestion model's thread (src/extension/model/suggestWorker.ts)
  'media/icon.png', 'media/goal-lens.svg',
  'src/core/goals/goals.schema.json',
  // Impact's parser: the tree-sitter runtime and the grammars, loaded on first use (src/parse/treeSitter.ts).
  'dist/tree-sitter/tree-sitter.cjs', 'dist/tree-sitter/tree-sitter.wasm',
  ...['java', 'kotlin', 'c-sharp', 'go', 'python'].map((g) => `dist/tree-sitter/tree-sitter-${g}.wasm`),
];

const { say, elapsed, check, summary } = cs_.checkRunner('vscode-package');
const state = { server: null, browser: null, tmp: null };

let finishing = false;
async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  if (state.browser) await Promise.race([state.browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  if (state.server) await state.server.stop();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  process.exit(summary(code, 'the .vsix'));
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(130, `interrupted (${sig}), cleaning up`));
process.on('uncaughtException', (e) => finish(1, `ERROR: ${e.stack || e}`));
process.on('unhandledRejection', (e) => finish(1, `ERROR: ${(e && e.stack) || e}`));

/** File names in a zip, read from its central directory. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

async function main() {
  setTimeout(() => finish(1, `TIMEOUT: the .vsix test took longer than ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS).unref();

  await check('npm run package makes the .vsix', () => {
    if (process.argv.includes('--skip-package') && fs.existsSync(VSIX)) return 'kept the existing one';
    fs.rmSync(VSIX, { force: true });
    const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    if (!fs.existsSync(VSIX)) throw new Error(`${path.basename(VSIX)} was not made:\n${r.stdout}`);
    return path.basename(VSIX);
  });

  await check('the .vsix is under 2 MB and holds only the bundles, the tree-sitter grammars, media, schema and docs', () => {
    const size = fs.statSync(VSIX).size;
    if (size >= MAX_BYTES) throw new Error(`${size} bytes, the limit is ${MAX_BYTES}`);
    const files = zipEntries(VSIX).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)).filter((n) => n && !n.endsWith('/'));
    const walkthrough = files.filter((f) => f.startsWith('media/walkthrough/'));
    const unexpected = files.filter((f) => !EXPECTED.includes(f) && !/^media\/walkthrough\/[^/]+\.md$/.test(f));
    const missing = EXPECTED.filter((f) => !files.includes(f));
    const steps = ((manifest.contributes.walkthroughs || [])[0] || { steps: [] }).steps;
    const stepFiles = steps.map((s) => s.media && s.media.markdown).filter(Boolean);
    const missingSteps = stepFiles.filter((f) => !files.includes(f));
    if (unexpected.length || missing.length || missingSteps.length) {
      throw new Error(`unexpected: ${JSON.stringify(unexpected)}, missing: ${JSON.stringify([...missing, ...missingSteps])}; contents: ${JSON.stringify(files)}`);
    }
    if (!stepFiles.length) throw new Error('no walkthrough step texts');
    return `${(size / 1024).toFixed(0)} KB, ${files.length} files, ${walkthrough.length} walkthrough texts`;
  });

  const cs = ensureCodeServer();
  state.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-vsix-')));
  const { userData, extensions } = cs_.makeDirs(state.tmp);
  const id = `${manifest.publisher}.${manifest.name}`;

  await check('code-server --install-extension installs it offline', () => {
    const output = cs_.installVsix(cs, state.tmp, extensions, userData, VSIX);
    const dir = path.join(extensions, `${id}-${manifest.version}`);
    if (!fs.existsSync(path.join(dir, 'dist', 'extension.js'))) throw new Error(`no ${id}-${manifest.version}/dist/extension.js in the extensions folder:\n${output}`);
    if (fs.existsSync(path.join(dir, 'node_modules'))) throw new Error('the installed extension has node_modules');
    return `${id}-${manifest.version}`;
  });

  await check('the installed command line reads Java with the grammars inside the package (offline, no node_modules)', () => {
    const dir = path.join(extensions, `${id}-${manifest.version}`);
    const repo = path.join(state.tmp, 'java-repo');
    const files = {
      'goals.yaml': 'version: 1\ngoals:\n  - id: text\n    title: Better text\n',
      'src/a/Strings.java': 'package a;\npublic class Strings { public static int n() { return 1; } }\n',
      'src/a/Words.java': 'package a;\nclass Words { int k = Strings.n(); }\n',
      'src/b/App.java': 'package b;\nimport a.Words;\nclass App { Words w; }\n',
    };
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      fs.writeFileSync(path.join(repo, f), text);
    }
    const git = (...a) => spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'init');
    const r = spawnSync(process.execPath, [path.join(dir, 'dist', 'cli.js'), 'impact', 'src/a/Strings.java', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`goal-lens impact failed (exit ${r.status}): ${r.stderr}`);
    const deps = JSON.parse(r.stdout).dependents.map((d) => `${d.distance} ${d.path}`);
    if (JSON.stringify(deps) !== JSON.stringify(['1 src/a/Words.java', '2 src/b/App.java'])) throw new Error(`dependents: ${JSON.stringify(deps)}`);
    return deps.join(', ');
  });

  const demo = path.join(state.tmp, 'demo');
  cs_.createDemo(demo);
  const port = await cs_.freePort();
  state.server = await cs_.startCodeServer({ cs, dir: state.tmp, userData, extensions, port });
  say(`code-server ${cs.version} on 127.0.0.1:${port} (${elapsed()})`);
  state.browser = await cs_.launchChromium(cs);
  const page = await (await state.browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
  const pageLog = [];
  page.on('console', (m) => pageLog.push(`[${m.type()}] ${m.text()}`));

  await check('the installed extension activates on the demo repository: Goal Lens view with the demo goals', async () => {
    await page.goto(cs_.workbenchUrl(port, demo));
    let rows = [];
    try {
      rows = await readGoalsTree(page, DEMO_GOALS);
    } catch (e) {
      rows = [`(${e.message.split('\n')[0]})`];
    }
    const missing = DEMO_GOALS.filter((g) => !rows.some((r) => r.includes(g)));
    if (missing.length) {
      const shot = path.join(ROOT, 'test-results', 'screenshots', 'failed-vsix.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => {});
      throw new Error(
        `Goals tree misses ${JSON.stringify(missing)}; rows: ${JSON.stringify(rows)}; screenshot: ${path.relative(ROOT, shot)}\n` +
          `--- workbench log ---\n${pageLog.slice(-30).join('\n')}\n--- code-server log ---\n${state.server.log.slice(-30).join('\n')}`,
      );
    }
    // No extensionDevelopmentPath: the only Goal Lens this VS Code knows is the one installed from the .vsix.
    return `${rows.length} rows`;
  });

  await check('the dashboard renders from the packaged dist/dashboard.js', async () => {
    await runCommand(page, 'Goal Lens: Open Dashboard');
    const frame = await dashboardFrame(page);
    const seen = await frame.evaluate(() => ({
      sections: [...document.querySelectorAll('section[id^="gl-"]')].map((e) => e.id),
      goals: [...document.querySelectorAll('table[data-table="goals"] tr[data-goal-id]')].map((tr) => tr.getAttribute('data-goal-id')),
    }));
    if (!seen.goals.includes('checkout-conversion')) throw new Error(`dashboard: ${JSON.stringify(seen)}`);
    return `${seen.sections.length} sections, ${seen.goals.length} goals`;
  });

  await check('the walkthrough "Get started with Goal Lens" opens with its five steps', async () => {
    const walkthrough = manifest.contributes.walkthroughs[0];
    await runCommand(page, 'Welcome: Open Walkthrough', { pick: walkthrough.title });
    const steps = page.locator('.getting-started-step');
    const want = walkthrough.steps.map((st) => st.title);
    const deadline = Date.now() + 20_000;
    let titles = [];
    while (Date.now() < deadline) {
      titles = (await steps.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      if (want.every((w) => titles.includes(w))) return `${want.length} steps`;
      await page.waitForTimeout(250);
    }
    throw new Error(`walkthrough steps ${JSON.stringify(titles)}, expected ${JSON.stringify(want)}`);
  });
  await finish(0);
}

main().catch((e) => finish(1, `FAILED: ${String(e.message || e).split('\n')[0]}`));
