// Goal Lens benchmark. `npm run bench [-- --repo PATH] [--runs N] [--blame-file F] [--blame-line N] [--scale 10000,...|none]
// [--real DIR,...|none] [--build-only]`
// Without --repo it builds (once; reused from bench/repo/) a synthetic 200,000-commit repository, and for the
// refresh-cost table synthetic repositories of each --scale size (default 10,000 to 1,000,000 commits).
// --real (or $GOAL_LENS_REAL, the same comma-separated list): git repositories with a real history (docs/performance.md
// says how to get git/git and commons-lang), each cloned once (--shared, no checkout) into bench/repo/real-*, with a
// small goals.yaml, measured as a size row. Without either, no real history is measured.
// Prints a table and writes bench/RESULTS.md. Each figure is the median of several runs, with the spread (min-max).
// Bundles are built here with esbuild (same entry points and options as esbuild.js --production) into
// bench/repo/.build/, so the benchmark never touches dist/.
'use strict';
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(__dirname, 'repo', '.build');
const CLI = path.join(BUILD, 'cli.js');
const EXT = path.join(BUILD, 'extension.js');
const LIB = path.join(BUILD, 'lib.js');
// Must stay the same as logFormat() in src/git/log.ts and the arguments of GitRepo.streamLog (checked below).
const LOG_FORMAT = '--format=%H%x00%P%x00%aN%x00%aE%x00%at%x00%ai%x00%(trailers:key=Goal,valueonly,unfold,separator=%x1f)%x00%B';
const LOG_ARGS = ['-c', 'log.showSignature=false', '-c', 'i18n.logOutputEncoding=UTF-8', 'log', '--no-color', '--no-show-signature', '--no-notes', '-z', LOG_FORMAT, '--branches', '--remotes', '--tags', '--end-of-options', 'HEAD', '--'];
const TMP_REF = 'refs/heads/goal-lens-bench-tmp';
/** Real histories to measure: a comma-separated list of folders (--real, else $GOAL_LENS_REAL); 'none' or empty: none. */
const realList = (list) => require('./srcBundle').realRepos(list).map((r) => r.dir);

function args(argv) {
  const o = { repo: null, runs: 5, blameFile: null, blameLine: null, worker: null, scale: [10000, 100000, 200000, 1000000], scaleRuns: 3, real: realList(process.env.GOAL_LENS_REAL), realGiven: !!process.env.GOAL_LENS_REAL };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repo') o.repo = path.resolve(argv[++i]);
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--blame-file') o.blameFile = argv[++i];
    else if (a === '--blame-line') o.blameLine = Number(argv[++i]);
    else if (a === '--scale') (o.scale = argv[++i] === 'none' ? [] : argv[i].split(',').map(Number)), (o.scaleGiven = true);
    else if (a === '--scale-runs') o.scaleRuns = Number(argv[++i]);
    else if (a === '--real') (o.realGiven = true), (o.real = realList(argv[++i]));
    else if (a === '--build-only') o.buildOnly = true;
    else if (a === '--only') o.only = argv[++i];
    else if (a === '--worker') o.worker = argv.slice(i + 1);
  }
  return o;
}

// ------------------------------------------------------------------ statistics and processes

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

function fmt(s, unit, digits = 0) {
  return `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)}, n=${s.n})`;
}

/** Runs a command with stdout to /dev/null; returns wall ms and max RSS (KiB, via /usr/bin/time when present). */
function timed(cmd, argv, cwd, env) {
  const devnull = fs.openSync('/dev/null', 'w');
  const timeFile = path.join(os.tmpdir(), `goal-lens-bench-time-${process.pid}`);
  const useTime = fs.existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, cmd, ...argv], { cwd, env: env || process.env, stdio: ['ignore', devnull, 'pipe'] })
    : spawnSync(cmd, argv, { cwd, env: env || process.env, stdio: ['ignore', devnull, 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(devnull);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  let rssKiB = null;
  if (useTime) {
    rssKiB = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop());
    fs.rmSync(timeFile, { force: true });
  }
  return { ms, rssKiB };
}

function worker(...w) {
  const r = spawnSync(process.execPath, [__filename, '--worker', ...w], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`worker ${w[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function git(repo, ...a) {
  return execFileSync('git', a, { cwd: repo, encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
}

// ------------------------------------------------------------------ build

async function build() {
  const esbuild = require('esbuild');
  fs.mkdirSync(BUILD, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', minify: true, logLevel: 'warning', define: { __VERSION__: JSON.stringify(require('../package.json').version) } };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/extension/extension.ts')], outfile: EXT, external: ['vscode'] }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/cli/main.ts')], outfile: CLI }),
    // Beside lib.js, where SuggestWorker looks for it (as dist/suggestWorker.js beside dist/extension.js).
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/extension/model/suggestWorker.ts')], outfile: path.join(BUILD, 'suggestWorker.js') }),
    esbuild.build({
      ...common,
      minify: false,
      stdin: {
        contents: [
          "export { loadIndexCached, cacheFile } from './src/git/indexCache';",
          "export { reportCached } from './src/git/reportCache';",
          "export { loadIndex } from './src/git/indexLoader';",
          "export { loadDeliveries, loadDeliveriesCached } from './src/git/mainline';",
          "export { computeFigures } from './src/core/figures/figures';",
          "export { timelineForSteps } from './src/core/figures/timeline';",
          "export { flowBookSteps } from './src/core/figures/flowBook';",
          "export { paced } from './src/git/paced';",
          "export { reportFromFigures } from './src/core/reports/report';",
          "export { GitRepo } from './src/git/repo';",
          "export { logFormat } from './src/git/log';",
          "export { buildReport } from './src/core/reports/report';",
          "export { buildIndex, updateIndex, updateInfo } from './src/core/index/goalIndex';",
          "export { parseGoalsFile } from './src/core/goals/goalsFile';",
          "export { commitFilesCached } from './src/git/commitFiles';",
          "export { Suggester, oneStepOf } from './src/core/suggest/suggest';",
          "export { SuggestWorker } from './src/extension/model/suggestWorkerClient';",
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: LIB,
    }),
  ]);
  const { logFormat } = require(LIB);
  if (logFormat('Goal') !== LOG_FORMAT) throw new Error('bench/run.js LOG_FORMAT differs from src/git/log.ts logFormat(): update it');
}

// ------------------------------------------------------------------ workers (each run in a fresh process)

const FIGURES_NOW = new Date('2026-12-01T00:00:00Z');

/** A digest of every figure of the report (fixed "now"), to check cached figures against a cold run's. */
function figures(lib, index) {
  return reportDigest(lib.buildReport(index, { now: FIGURES_NOW, staleAfterDays: 30 }));
}

/** Digest of the reports of other windows (a bounded one, one author's work, recent days), flow included. */
function windowsDigest(lib, index, deliveries) {
  const at = (iso) => Date.parse(iso) / 1000;
  const someone = index.commits.find((c) => c.parents.length <= 1);
  const windows = [
    { since: at('2025-01-01T00:00:00Z'), until: at('2026-03-01T00:00:00Z') },
    { since: at('2026-11-01T00:00:00Z') },
    { author: someone ? someone.email : 'nobody' },
  ];
  return reportDigest(windows.map((w) => lib.buildReport(index, { ...w, now: FIGURES_NOW, staleAfterDays: 30, deliveries })));
}

/**
 * What the views show after a refresh, computed as the editor computes it (src/extension): the figures of every goal
 * for all history and for the last 30 days, with effort (the report's fields) and flow.
 */
function viewFigures(lib, index, deliveries, now) {
  const all = lib.computeFigures(index, { now, staleAfterDays: 30, deliveries });
  lib.reportFromFigures(index, all);
  const recent = lib.computeFigures(index, { now, since: Math.floor(now.getTime() / 1000) - 30 * 86400, staleAfterDays: 30, deliveries });
  lib.reportFromFigures(index, recent);
}

function reportDigest(report) {
  return require('crypto').createHash('sha1').update(JSON.stringify(report)).digest('hex');
}

/** The index cache file in a cache folder (the report cache keeps its own files beside it). */
function indexCacheFile(cacheDir) {
  return path.join(cacheDir, fs.readdirSync(cacheDir).find((f) => f.startsWith('goal-lens-index-') && f.endsWith('.json')));
}

/** A goals.yaml of `n` goals with every field set. */
function bigGoalsYaml(n) {
  const out = ['version: 1', 'trailer: Goal', 'goals:'];
  for (let i = 0; i < n; i++) {
    out.push(
      `  - id: goal-${i}`,
      `    title: Goal number ${i} with a title of ordinary length`,
      ...(i > 0 ? [`    parent: goal-${Math.floor((i - 1) / 8)}`] : []),
      `    status: ${['proposed', 'active', 'paused', 'achieved', 'dropped'][i % 5]}`,
      `    owner: Owner ${i} (VP Sales)`,
      `    advisor: Advisor ${i}`,
      '    due: 2027-03-31',
      '    outcome:',
      `      metric: Metric ${i}`,
      '      unit: "%"',
      '      baseline: 3.1',
      '      target: 4.0',
      '      measurements:',
      '        - { date: 2026-10-01, value: 3.2 }',
      '        - { date: 2026-11-01, value: 3.4 }',
      `    keys: [K${i}-*, PAY-${i}]`,
      `    branches: [feat/g${i}-*]`,
      `    paths: [src/g${i}/**]`,
      '    commitments:',
      `      - { what: Promise ${i}, due: 2026-12-15, done: 2026-12-10 }`,
      '    links:',
      `      - { title: Business case, url: https://example.com/case/${i} }`,
    );
  }
  return out.join('\n') + '\n';
}

/** A cold index and deliveries, and the digests of their figures (the reference every cached figure must equal). */
async function coldWorker(lib, repo) {
  const t0 = Number(process.hrtime.bigint()) / 1e6;
  const r = await lib.loadIndex(repo, { allRefs: true });
  const ms = Number(process.hrtime.bigint()) / 1e6 - t0;
  // The report cache keeps the report with flow (deliveries read beside the index): its cold reference has them too.
  const deliveries = (await lib.loadDeliveries(await lib.GitRepo.open(repo), r.index)).log;
  const withFlow = reportDigest(lib.buildReport(r.index, { now: FIGURES_NOW, staleAfterDays: 30, deliveries }));
  return { ms, figures: figures(lib, r.index), withFlow, windows: windowsDigest(lib, r.index, deliveries), commits: r.index.commits.length, deliveries: deliveries.deliveries.length };
}

async function runWorker(w) {
  const [kind, repo, cacheDir, extra, extra2] = w;
  const lib = require(LIB);
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  if (kind === 'cached') {
    const t0 = now();
    // extra === 'save': write the cache file whatever changed (the default leaves a file that lags by under 1%).
    const r = await lib.loadIndexCached(repo, { allRefs: true, cacheDir, ...(extra === 'save' ? { save: true } : {}) });
    const ready = now() - t0;
    await r.saved;
    const saved = now() - t0;
    const t1 = now();
    lib.buildReport(r.loaded.index, { now: new Date(), staleAfterDays: 30 });
    const report = now() - t1;
    const info = lib.updateInfo(r.loaded.index) || {};
    return { ms: ready, savedMs: saved, reportMs: report, from: r.from, kind: info.kind, recomposed: info.recomposed, commitsRead: r.commitsRead, commitsDropped: r.commitsDropped, commits: r.loaded.index.commits.length, figures: figures(lib, r.loaded.index), heapMiB: process.memoryUsage().heapUsed / 1048576, rssMiB: process.memoryUsage().rss / 1048576 };
  }
  if (kind === 'reportCache') {
    // The report cache of `report --cache` (a fixed "now", as figures() uses): computed or read once, then kept.
    // Rendered as figures() digests a report (JSON.stringify), so the digests compare with a cold run's.
    const options = { cacheDir, allRefs: true, report: { now: FIGURES_NOW, staleAfterDays: 30 }, format: 'bench', render: (r) => JSON.stringify(r) };
    const digest = (text) => require('crypto').createHash('sha1').update(text).digest('hex');
    const first = await lib.reportCached(repo, options);
    const t0 = now();
    const kept = await lib.reportCached(repo, options);
    const keptMs = now() - t0;
    return { firstFrom: first.from, from: kept.from, keptMs, figures: digest(kept.text), firstFigures: digest(first.text) };
  }
  if (kind === 'cold') return coldWorker(lib, repo);
  if (kind === 'inProcess') {
    // The editor's refresh after a commit: the previous load's state is in memory, no cache file is read.
    const [ref, sha] = [extra, extra2];
    const first = await lib.loadIndexCached(repo, { allRefs: true, cacheDir });
    await first.saved;
    execFileSync('git', ['update-ref', ref, sha], { cwd: repo });
    const t0 = now();
    // As the editor does: the file is written later, not after every commit.
    const r = await lib.loadIndexCached(repo, { allRefs: true, cacheDir, previous: first.state, save: false });
    const ready = now() - t0;
    const t1 = now();
    lib.buildReport(r.loaded.index, { now: new Date(), staleAfterDays: 30 });
    const report = now() - t1;
    const info = lib.updateInfo(r.loaded.index) || {};
    return { ms: ready, reportMs: report, firstFrom: first.from, from: r.from, kind: info.kind, recomposed: info.recomposed, commitsRead: r.commitsRead, figures: figures(lib, r.loaded.index) };
  }
  if (kind === 'refresh') {
    // One change to complete figures, as the editor holds them: the last load, its deliveries and its figures are
    // in memory; then the change (a new commit on a side ref, a new merge on the default branch, or a goals.yaml
    // title edit), and the time to the index, the deliveries and every figure the views show (effort and flow too).
    const [change, ref] = [extra, extra2];
    const first = await lib.loadIndexCached(repo, { allRefs: true, cacheDir });
    await first.saved;
    const flow = await lib.loadDeliveriesCached(first.loaded.repo, first.loaded.index, cacheDir);
    viewFigures(lib, first.loaded.index, flow.log, new Date());
    const head = git(repo, 'rev-parse', 'HEAD');
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' };
    const commitTree = (msg, ...parents) => execFileSync('git', ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', msg], { cwd: repo, encoding: 'utf8', env }).trim();
    let goals;
    let restore = () => undefined;
    if (change === 'commit') git(repo, 'update-ref', ref, commitTree('Bench refresh\n\nGoal: checkout', head));
    else if (change === 'merge') {
      // A topic branch merged into the default branch (put back afterwards, whatever happens).
      const branch = first.loaded.index.defaultBranch;
      if (!branch) throw new Error('no default branch to merge into');
      const target = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
      const tip = git(repo, 'rev-parse', target);
      const base = commitTree('Bench topic work\n\nGoal: checkout', tip);
      const landed = commitTree("Merge branch 'bench/topic'", tip, base);
      git(repo, 'update-ref', target, landed, tip);
      restore = () => git(repo, 'update-ref', target, tip, landed);
    } else {
      const g = first.loaded.goals;
      const text = g.text.replace(/title: .*/, (t) => t + ' (edited)');
      goals = { ...g, text, goalsFile: lib.parseGoalsFile(text, g.relPath) };
    }
    try {
      const t0 = now();
      // As the editor does: its repository object (no `rev-parse --show-toplevel` again) and its last state.
      const r = await lib.loadIndexCached(repo, { repo: first.loaded.repo, allRefs: true, cacheDir, previous: first.state, save: false, ...(goals ? { goals } : {}) });
      const indexMs = now() - t0;
      const t1 = now();
      const next = await lib.loadDeliveries(r.loaded.repo, r.loaded.index, flow);
      const deliveriesMs = now() - t1;
      const t2 = now();
      viewFigures(lib, r.loaded.index, next.log, new Date());
      const figuresMs = now() - t2;
      const info = lib.updateInfo(r.loaded.index) || {};
      const digest = reportDigest(lib.buildReport(r.loaded.index, { now: FIGURES_NOW, staleAfterDays: 30, deliveries: next.log }));
      const windows = windowsDigest(lib, r.loaded.index, next.log);
      // A title edit is not in the repository: its cold reference is built here, from the same snapshot.
      const cold = goals ? lib.buildIndex(goals.goalsFile, r.loaded.snapshot) : null;
      const coldDigest = cold ? reportDigest(lib.buildReport(cold, { now: FIGURES_NOW, staleAfterDays: 30, deliveries: next.log })) : null;
      const coldWindows = cold ? windowsDigest(lib, cold, next.log) : null;
      const cold2 = change === 'merge' ? await coldWorker(lib, repo) : null;
      return { ms: indexMs + deliveriesMs + figuresMs, indexMs, deliveriesMs, figuresMs, kind: info.kind, from: r.from, workedOut: next.log.workedOut, deliveries: next.log.deliveries.length, digest, windows, coldDigest: coldDigest ?? (cold2 && cold2.withFlow), coldWindows: coldWindows ?? (cold2 && cold2.windows) };
    } finally {
      restore();
    }
  }
  if (kind === 'titleEdit') {
    // The editor after a goals.yaml save that changed a title: parse the file, update the index in memory.
    // As the editor's repository model does (src/extension/model/repository.ts): the load with the last state.
    const r = await lib.loadIndexCached(repo, { allRefs: true, cacheDir });
    await r.saved;
    const { goals, index } = r.loaded;
    const text = goals.text.replace(/title: .*/, (t) => t + ' (edited)');
    const t0 = now();
    const edited = { ...goals, text, goalsFile: lib.parseGoalsFile(text, goals.relPath) };
    const parseMs = now() - t0;
    const t3 = now();
    const again = await lib.loadIndexCached(repo, { allRefs: true, cacheDir, previous: r.state, goals: edited, save: false });
    const ms = parseMs + (now() - t3);
    const next = again.loaded.index;
    void index;
    // The index update alone, on a second title edit (the git reads above are most of the load).
    const text2 = text.replace(/title: .*/, (t) => t + ' again');
    const goals2 = lib.parseGoalsFile(text2, goals.relPath);
    const t2 = now();
    const core = lib.updateIndex(next, goals2, again.loaded.snapshot, { added: [], dropped: [] });
    const coreMs = now() - t2;
    if ((lib.updateInfo(core) || {}).recomposed !== 0) throw new Error('a title edit recomposed links');
    const t1 = now();
    lib.buildReport(next, { now: new Date(), staleAfterDays: 30 });
    const report = now() - t1;
    const info = lib.updateInfo(next) || {};
    return { ms, parseMs, coreMs, reportMs: report, kind: info.kind, recomposed: info.recomposed, figures: figures(lib, next), coldFigures: figures(lib, lib.buildIndex(edited.goalsFile, again.loaded.snapshot)) };
  }
  if (kind === 'longestTasks') {
    // What the extension host's thread runs for each job, as the editor runs it (the index in this process): the
    // longest stretch without a turn of the event loop, sampled by a timer that asks for a turn every millisecond.
    const [ref, sha] = [extra, extra2];
    const sampler = () => {
      let last = performance.now();
      let max = 0;
      let timer = setTimeout(function tick() {
        const t = performance.now();
        max = Math.max(max, t - last);
        last = t;
        timer = setTimeout(tick, 1);
      }, 1);
      return () => {
        clearTimeout(timer);
        return Math.max(max, performance.now() - last);
      };
    };
    const measure = async (fn) => {
      await new Promise((r) => setTimeout(r, 20)); // the garbage of the job before, collected
      const stop = sampler();
      const t0 = now();
      const value = await fn();
      return { value, ms: now() - t0, longest: stop() };
    };
    const out = {};
    // As RepositoryModel.load runs it: the index (in pieces), the deliveries from what the last read kept, the
    // figures' timeline (in pieces); then the views' figures.
    const load = async (options, flowState) => {
      const r = await lib.loadIndexCached(repo, { allRefs: true, cacheDir, paced: true, ...options });
      const flow = await lib.loadDeliveries(r.loaded.repo, r.loaded.index, flowState, { paced: true });
      await lib.paced(lib.timelineForSteps(r.loaded.index));
      await lib.paced(lib.flowBookSteps(r.loaded.index, flow.log));
      return { r, flow };
    };
    const cold = await measure(async () => {
      const l = await load({ save: true });
      await l.r.saved;
      return l;
    });
    out.cold = { ms: cold.ms, longest: cold.longest };
    const warm = await measure(() => load({ save: false }));
    out.warm = { ms: warm.ms, longest: warm.longest };
    execFileSync('git', ['update-ref', ref, sha], { cwd: repo });
    const inc = await measure(() => load({ previous: warm.value.r.state, save: false }, warm.value.flow));
    out.commit = { ms: inc.ms, longest: inc.longest };
    const index = inc.value.r.loaded.index;
    const deliveries = inc.value.flow.log;
    // The Goals view's figures: all history and the last 30 days.
    const views = await measure(() => {
      const now = new Date();
      lib.computeFigures(index, { now, staleAfterDays: 30, deliveries });
      return lib.computeFigures(index, { now, since: Math.floor(now.getTime() / 1000) - 30 * 86400, staleAfterDays: 30, deliveries });
    });
    out.figures = { ms: views.ms, longest: views.longest };
    const report = await measure(() => lib.buildReport(index, { now: new Date(), staleAfterDays: 30, deliveries }));
    out.report = { ms: report.ms, longest: report.longest };
    const g = inc.value.r.loaded.repo;
    const include = index.untagged.slice(0, 2000).map((c) => c.sha);
    // As before the worker: the model built and the untagged commits scored on this thread (for the comparison).
    const here = await measure(async () => {
      const files = await lib.commitFilesCached(g, { include });
      const s = new lib.Suggester(index, files);
      const oneStep = lib.oneStepOf((c) => s.suggest(c).suggestions);
      return index.untagged.filter((c) => oneStep(c.sha)).length;
    });
    out.suggestionsHere = { ms: here.ms, longest: here.longest };
    // As the editor runs it: the files read here, the index copied in slices to the worker, which builds and scores.
    const worker = new lib.SuggestWorker();
    const suggest = await measure(async () => {
      const files = await lib.commitFilesCached(g, { include });
      const b = worker.start(index, files, 2000);
      await b.firstReady;
      return (await b.oneStep).size;
    });
    worker.dispose();
    if (suggest.value !== here.value) throw new Error(`the worker's one-step count ${suggest.value} differs from this thread's ${here.value}`);
    out.suggestions = { ms: suggest.ms, longest: suggest.longest };
    return out;
  }
  if (kind === 'goalsParse') {
    const text = bigGoalsYaml(1000);
    const ms = [];
    let goals = 0;
    for (let i = 0; i < 7; i++) {
      const t0 = now();
      const f = lib.parseGoalsFile(text);
      ms.push(now() - t0);
      goals = f.goals.length;
      if (f.problems.some((p) => p.severity === 'error')) throw new Error(`1,000-goal file has errors: ${f.problems[0].message}`);
    }
    return { ms, goals, bytes: Buffer.byteLength(text) };
  }
  if (kind === 'blame') {
    const file = extra;
    const line = Number(extra2);
    const r = await lib.loadIndexCached(repo, { allRefs: true, cacheDir });
    const { repo: g, index } = r.loaded;
    const goalsOf = (sha) => (index.links.get(sha) || []).map((l) => l.goalId);
    // Cold: blame the whole file (what a view caches per file), then look the line up.
    const t0 = now();
    const blame = await g.blame(file);
    const hit = blame[line - 1];
    const goals = hit ? goalsOf(hit.sha) : [];
    const cold = now() - t0;
    // Cold, one line only: `git blame -L n,n`.
    const t1 = now();
    await new Promise((resolve, reject) => {
      const c = spawn('git', ['blame', '--incremental', '-L', `${line},${line}`, '--', file], { cwd: g.root, stdio: ['ignore', 'pipe', 'inherit'] });
      c.stdout.resume();
      c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git blame ${code}`))));
    });
    const coldLine = now() - t1;
    // Warm: blame of the file cached, cursor moves to another line.
    const t2 = now();
    let n = 0;
    for (let k = 0; k < 1000; k++) {
      const b = blame[(line + k * 7) % blame.length];
      n += b ? goalsOf(b.sha).length : 0;
    }
    const warm = (now() - t2) / 1000;
    return { cold, coldLine, warm, lines: blame.length, goals, n };
  }
  if (kind === 'activate') {
    const Module = require('module');
    const fake = path.join(BUILD, 'fake-vscode.js');
    fs.writeFileSync(fake, FAKE_VSCODE);
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      return request === 'vscode' ? fake : resolve.call(this, request, ...rest);
    };
    const t0 = now();
    const ext = require(extra);
    const loaded = now() - t0;
    const context = { subscriptions: [], extensionPath: ROOT, extensionUri: { fsPath: ROOT, path: ROOT, scheme: 'file' }, globalState: store(), workspaceState: store(), storageUri: undefined, globalStorageUri: { fsPath: os.tmpdir() }, asAbsolutePath: (p) => path.join(ROOT, p), extensionMode: 1, logUri: { fsPath: os.tmpdir() } };
    const t1 = now();
    let error = null;
    try {
      const r = ext.activate(context);
      if (r && typeof r.then === 'function') await r;
    } catch (e) {
      error = String(e && e.message ? e.message : e);
    }
    const activated = now() - t1;
    setTimeout(() => process.exit(0), 10).unref();
    return { loadMs: loaded, activateMs: activated, totalMs: loaded + activated, error };
  }
  throw new Error(`unknown worker ${kind}`);
}

function store() {
  const m = new Map();
  return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()], setKeysForSync() {} };
}

/** A `vscode` module where every member exists: functions return disposables/proxies, classes construct. */
const FAKE_VSCODE = `'use strict';
function make(name) {
  const fn = function () {};
  const own = new Map();
  return new Proxy(fn, {
    set(t, p, v) { own.set(p, v); return true; },
    get(t, p) {
      if (own.has(p)) return own.get(p);
      if (p === 'then' || typeof p === 'symbol') return undefined;
      if (p === 'dispose') return () => undefined;
      if (p === 'event') return () => ({ dispose() {} });
      if (p === 'workspaceFolders' || p === 'textDocuments' || p === 'visibleTextEditors' || p === 'all') return [];
      if (p === 'activeTextEditor') return undefined;
      if (p === 'isTrusted') return true;
      if (p === 'getConfiguration') return () => ({ get: (k, d) => d, has: () => false, inspect: () => undefined, update: async () => undefined });
      if (p === 'getExtension') return () => undefined;
      own.set(p, make(name + '.' + String(p)));
      return own.get(p);
    },
    apply() { return make(name + '()'); },
    construct() { return make('new ' + name); },
  });
}
// esbuild's __toESM copies own keys, so the module itself is a plain object naming the API's namespaces and classes.
const NAMES = 'window workspace commands languages extensions env scm debug tasks tests authentication l10n comments notebooks chat lm Uri EventEmitter Disposable TreeItem TreeItemCollapsibleState ThemeIcon ThemeColor MarkdownString Range Position Selection Location StatusBarAlignment DiagnosticSeverity Diagnostic DiagnosticRelatedInformation LogLevel ViewColumn ConfigurationTarget RelativePattern FileType FileSystemError CancellationTokenSource CancellationError DecorationRangeBehavior OverviewRulerLane TextEditorRevealType ProgressLocation QuickPickItemKind CodeLens Hover SymbolKind ExtensionMode TabInputText TabInputTextDiff WorkspaceEdit TextEdit SnippetString CompletionItem CompletionItemKind CodeAction CodeActionKind DocumentLink TreeItemCheckboxState UIKind ColorThemeKind EndOfLine'.split(' ');
for (const n of NAMES) module.exports[n] = make('vscode.' + n);
`;

// ------------------------------------------------------------------ main

async function main() {
  const o = args(process.argv.slice(2));
  if (o.worker) {
    const out = await runWorker(o.worker);
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const load0 = os.loadavg();
  const started = new Date();
  console.log('building bundles (esbuild, production) ...');
  await build();
  if (o.buildOnly) return; // then one job alone: node bench/run.js --worker longestTasks REPO CACHEDIR REF SHA
  let repo = o.repo;
  let synthetic = false;
  if (!repo) {
    console.log('synthetic repository (built once, then reused from bench/repo/) ...');
    repo = await require('./makeRepo').makeRepo();
    synthetic = true;
  }
  if (o.only === 'refresh') return onlyRefresh(o, repo, synthetic, load0, started);
  const commits = Number(git(repo, 'rev-list', '--count', '--branches', '--remotes', '--tags', 'HEAD'));
  const refs = git(repo, 'for-each-ref', 'refs/heads', 'refs/remotes', 'refs/tags').split('\n').filter(Boolean).length;
  const notes = git(repo, 'notes', '--ref=goals', 'list').split('\n').filter(Boolean).length;
  console.log(`repository ${repo}: ${commits} commits, ${refs} refs, ${notes} notes; ${o.runs} runs per figure`);
  const rows = [];
  const row = (what, value, target, met, note = '') => {
    rows.push({ what, value, target, met, note });
    console.log(`  ${what}: ${value}  [target ${target}: ${met === null ? 'n/a' : met ? 'met' : 'NOT met'}] ${note}`);
  };

  // 1. cold full index vs git log, alternating in the same run.
  const gitMs = [];
  const cliMs = [];
  const ratios = [];
  const rss = [];
  const gitRss = [];
  timed('git', LOG_ARGS, repo); // warm the OS file cache for both
  for (let i = 0; i < o.runs; i++) {
    const g = timed('git', LOG_ARGS, repo);
    const c = timed(process.execPath, [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo], repo);
    gitMs.push(g.ms);
    cliMs.push(c.ms);
    ratios.push(c.ms / g.ms);
    if (c.rssKiB) rss.push(c.rssKiB / 1024);
    if (g.rssKiB) gitRss.push(g.rssKiB / 1024);
    process.stdout.write(`    cold run ${i + 1}: git log ${g.ms.toFixed(0)} ms, goal-lens report ${c.ms.toFixed(0)} ms, ratio ${(c.ms / g.ms).toFixed(2)}\n`);
  }
  const ratio = stats(ratios);
  row('git log, same commits and fields (to /dev/null)', fmt(stats(gitMs), 'ms'), '—', null);
  row('cold full index: `report --format json --all-refs`', fmt(stats(cliMs), 'ms'), '—', null);
  row('cold index / git log (per-run ratio)', fmt(ratio, 'x', 2), '≤ 1.5x', ratio.median <= 1.5);
  if (rss.length) {
    const m = stats(rss);
    row('peak memory of the CLI (max RSS)', fmt(m, 'MiB'), '< 400 MiB', m.max < 400, gitRss.length ? `(git log itself: ${stats(gitRss).median.toFixed(0)} MiB)` : '');
  }

  // 2. warm start from the cache, 3. incremental refresh. Every cached figure is checked against a cold run's.
  const gitMedian = stats(gitMs).median;
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-cache-'));
  const checks = [];
  const check = (what, got, want) => {
    checks.push({ what, ok: got === want });
    if (got !== want) console.log(`  FIGURES DIFFER: ${what}`);
  };
  try {
    const cold = worker('cold', repo);
    const coldFigures = cold.figures;
    const prime = worker('cached', repo, cacheDir);
    if (prime.from !== 'cold') throw new Error(`expected a cold first load, got ${prime.from}`);
    check('cold load through the cache', prime.figures, coldFigures);
    row('cold load through the cache (loadIndexCached, in process)', `${prime.ms.toFixed(0)} ms (+${(prime.savedMs - prime.ms).toFixed(0)} ms to write the cache)`, '—', null, `${prime.commits} commits`);
    const cachePath = indexCacheFile(cacheDir);
    const cacheMiB = fs.statSync(cachePath).size / 1048576;
    const warm = [];
    let warmInfo;
    for (let i = 0; i < o.runs; i++) {
      warmInfo = worker('cached', repo, cacheDir);
      if (warmInfo.from !== 'warm' || warmInfo.recomposed !== 0) throw new Error(`expected warm with nothing recomposed, got ${warmInfo.from} ${warmInfo.recomposed}`);
      check('warm start', warmInfo.figures, coldFigures);
      warm.push(warmInfo.ms);
    }
    const w = stats(warm);
    row('warm start from the on-disk cache to a ready index (in process)', fmt(w, 'ms'), '—', null, `(cache file ${cacheMiB.toFixed(1)} MiB; report on top: ${warmInfo.reportMs.toFixed(0)} ms)`);
    // The report cache: the figures it keeps, read back, equal a cold run's.
    const kept = worker('reportCache', repo, cacheDir);
    if (kept.from !== 'report') throw new Error(`expected the kept report on a second start, got ${kept.from}`);
    check('report cache: figures computed through the index cache', kept.firstFigures, cold.withFlow);
    check('report cache: kept figures', kept.figures, cold.withFlow);
    // The first CLI start computes the report (from the warm index cache) and keeps it; the timed ones render it.
    const cliArgs = [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo, '--cache', cacheDir];
    const cliFirst = timed(process.execPath, cliArgs, repo).ms;
    const cliWarm = [];
    for (let i = 0; i < o.runs; i++) cliWarm.push(timed(process.execPath, cliArgs, repo).ms);
    const cw = stats(cliWarm);
    row(
      'warm start to complete figures, whole CLI process (`report --all-refs --cache DIR`: the kept report)',
      `${fmt(cw, 'ms')} = ${(cw.median / gitMedian).toFixed(2)}x git log`,
      '≤ 0.15x git log',
      cw.median / gitMedian <= 0.15,
      `(the start that keeps it, from the warm index cache: ${cliFirst.toFixed(0)} ms = ${(cliFirst / gitMedian).toFixed(2)}x)`,
    );

    const backup = cachePath + '.bench-backup';
    fs.copyFileSync(cachePath, backup);
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
    const head = git(repo, 'rev-parse', 'HEAD');
    // A commit on top of HEAD that no branch holds (TMP_REF points at it while it is measured).
    const commitTree = (msg) =>
      execFileSync('git', ['commit-tree', tree, '-p', head, '-m', msg], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' },
      }).trim();
    // Runs `once(i)` (which returns milliseconds) o.runs times, putting TMP_REF and the cache file back after each.
    // After the first run, a cold run at the same state checks the figures.
    const eachRun = (what, once, runs = o.runs) => {
      const ms = [];
      try {
        for (let i = 0; i < runs; i++) {
          const r = once(i);
          ms.push(r.ms);
          if (i === 0) check(what, r.figures, worker('cold', repo).figures);
          git(repo, 'update-ref', '-d', TMP_REF);
          fs.copyFileSync(backup, cachePath);
        }
      } finally {
        spawnSync('git', ['update-ref', '-d', TMP_REF], { cwd: repo });
      }
      return stats(ms);
    };

    const inc = eachRun('one new commit (new process)', (i) => {
      git(repo, 'update-ref', TMP_REF, commitTree(`Bench commit ${i}\n\nGoal: checkout\n`));
      const r = worker('cached', repo, cacheDir);
      if (r.from !== 'incremental' || r.commitsRead !== 1) throw new Error(`expected incremental with 1 commit, got ${r.from} ${r.commitsRead}`);
      return r;
    });
    row('refresh after one new commit, in process from the cache file', fmt(inc, 'ms'), '—', null, '(loadIndexCached: cache read, refs re-read, index updated)');
    const cliInc = eachRun('one new commit (CLI)', (i) => {
      git(repo, 'update-ref', TMP_REF, commitTree(`Bench CLI commit ${i}\n\nGoal: checkout\n`));
      const t = timed(process.execPath, [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo, '--cache', cacheDir], repo);
      // the figures of what the CLI just cached, read back warm; the report cache's after the commit
      if (i === 0) check('one new commit (report cache)', worker('reportCache', repo, cacheDir).figures, worker('cold', repo).withFlow);
      return { ms: t.ms, figures: worker('cached', repo, cacheDir).figures };
    });
    row('one new commit, whole CLI process with `--cache` (report; the file, lagging by under 1%, is not rewritten)', `${fmt(cliInc, 'ms')} = ${(cliInc.median / gitMedian).toFixed(2)}x git log`, '≤ 0.25x git log', cliInc.median / gitMedian <= 0.25);

    // The same in the editor: the model passes its last load back (`previous`), so the cache file is not read.
    let memInfo;
    const mem = eachRun('one new commit (in memory)', (i) => {
      const r = (memInfo = worker('inProcess', repo, cacheDir, TMP_REF, commitTree(`Bench in memory ${i}\n\nGoal: checkout\n`)));
      if (r.firstFrom !== 'warm' || r.from !== 'incremental' || r.commitsRead !== 1 || r.kind !== 'incremental') throw new Error(`expected warm, then incremental with 1 commit; got ${r.firstFrom}, ${r.from} ${r.commitsRead} ${r.kind}`);
      return r;
    });
    row('one new commit, in the editor (the last load kept in memory)', fmt(mem, 'ms'), '< 100 ms', mem.median < 100, `(refs re-read, index updated: ${memInfo.recomposed} commits recomposed; report on top ${memInfo.reportMs.toFixed(0)} ms)`);

    const title = [];
    let titleInfo;
    for (let i = 0; i < o.runs; i++) {
      titleInfo = worker('titleEdit', repo, cacheDir);
      check('goals.yaml title edit', titleInfo.figures, titleInfo.coldFigures);
      title.push(titleInfo.ms);
    }
    const te = stats(title);
    row('goals.yaml title edit, in the editor (parse, then the load with the last state: refs re-read, index updated)', fmt(te, 'ms'), '< 100 ms', te.median < 100, `(parse ${titleInfo.parseMs.toFixed(0)} ms, index update alone ${titleInfo.coreMs.toFixed(1)} ms, ${titleInfo.recomposed} commits recomposed; report on top ${titleInfo.reportMs.toFixed(0)} ms)`);

    // One change to complete figures (index, deliveries, every figure the views show with effort and flow).
    const rf = measureRefresh(repo, cacheDir, o.runs);
    checks.push({ what: 'refresh to complete figures', ok: rf.same });
    const refreshRow = (what, r) => row(`${what} to complete figures in the editor (index, deliveries, every goal's figures for all history and 30 days, effort and flow)`, `${fmt(r, 'ms')}: ${refreshText(r)}`, '< 100 ms', r.median < 100, `(${r.deliveries} deliveries, ${r.workedOut} worked out)`);
    refreshRow('one new commit', rf.commit);
    refreshRow('one new merge on the default branch', rf.merge);
    refreshRow('goals.yaml title edit', rf.title);

    // An amend: the cache holds a commit that no ref reaches any more; it is dropped and its replacement read.
    const am = eachRun('amend', (i) => {
      git(repo, 'update-ref', TMP_REF, commitTree(`Bench amend ${i}\n`));
      worker('cached', repo, cacheDir, 'save');
      git(repo, 'update-ref', TMP_REF, commitTree(`Bench amend ${i}, amended\n\nGoal: checkout\n`));
      const r = worker('cached', repo, cacheDir);
      if (r.from !== 'incremental' || r.commitsRead !== 1 || r.commitsDropped !== 1) throw new Error(`expected incremental, 1 read, 1 dropped; got ${r.from} ${r.commitsRead} ${r.commitsDropped}`);
      return r;
    });
    row('refresh after an amend (1 commit dropped, 1 read), new process', fmt(am, 'ms'), '—', null);
    const bad = checks.filter((c) => !c.ok);
    row('every cached figure equals a cold run\'s', bad.length ? `**differs**: ${bad.map((c) => c.what).join(', ')}` : `yes (${checks.length} checks)`, 'equal', bad.length === 0);

    // 4. goal of one line.
    let blameFile = o.blameFile;
    if (!blameFile && synthetic) blameFile = require('./makeRepo').LEDGER;
    if (!blameFile) {
      const counts = new Map();
      for (const f of git(repo, 'log', '--format=', '--name-only', '-n', '3000', 'HEAD').split('\n')) if (f) counts.set(f, (counts.get(f) || 0) + 1);
      blameFile = [...counts].sort((a, b) => b[1] - a[1]).map((e) => e[0]).find((f) => fs.existsSync(path.join(repo, f)));
    }
    if (blameFile) {
      const lines = fs.readFileSync(path.join(repo, blameFile), 'utf8').split('\n').length - 1;
      const line = o.blameLine || Math.max(1, Math.floor(lines / 2));
      const revs = Number(git(repo, 'rev-list', '--count', 'HEAD', '--', blameFile));
      const cold = [];
      const coldLine = [];
      const warmB = [];
      for (let i = 0; i < o.runs; i++) {
        const b = worker('blame', repo, cacheDir, blameFile, String(line));
        cold.push(b.cold);
        coldLine.push(b.coldLine);
        warmB.push(b.warm);
      }
      const wb = stats(warmB);
      row(`goal of line ${line} of ${blameFile} (${lines} lines, ${revs} commits), warm (blame cached)`, fmt(wb, 'ms', 3), '< 50 ms', wb.median < 50);
      row('  same, cold: blame of the whole file + lookup', fmt(stats(cold), 'ms'), '—', null);
      row('  same, cold: `git blame -L n,n` of the one line', fmt(stats(coldLine), 'ms'), '—', null);
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }

  // 4b. The longest task on the extension host's thread (target: none over 50 ms), each job as the editor runs it.
  {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-tasks-'));
    try {
      const env = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' };
      const sha = execFileSync('git', ['commit-tree', git(repo, 'rev-parse', 'HEAD^{tree}'), '-p', git(repo, 'rev-parse', 'HEAD'), '-m', 'Bench longest task\n\nGoal: checkout'], { cwd: repo, encoding: 'utf8', env }).trim();
      const t = worker('longestTasks', repo, dir, TMP_REF, sha);
      const jobs = [
        ['cold', 'first open, no cache (log read, index built, cache file written, deliveries, timeline)'],
        ['warm', 'start from the cache file (index, deliveries, timeline)'],
        ['commit', 'one new commit'],
        ['figures', "the Goals view's figures (all history and 30 days)"],
        ['report', 'a report of every figure (Export Report, the dashboard)'],
        ['suggestionsHere', 'suggestions on this thread (before the worker): files read, model built, every untagged commit scored'],
        ['suggestions', 'suggestions in the worker: files read, index copied in slices, model built and every untagged commit scored there'],
      ];
      for (const [key, what] of jobs) {
        row(`longest task on the extension host's thread: ${what}`, `${t[key].longest.toFixed(0)} ms (job ${t[key].ms.toFixed(0)} ms)`, '≤ 50 ms', t[key].longest <= 50);
      }
    } finally {
      spawnSync('git', ['update-ref', '-d', TMP_REF], { cwd: repo });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  // 5. activation and bundle size.
  const act = [];
  let actInfo;
  for (let i = 0; i < o.runs; i++) {
    actInfo = worker('activate', repo, '', EXT);
    act.push(actInfo.totalMs);
  }
  const a = stats(act);
  row('activation: require(extension.js) + activate() with a fake vscode module (Node, not VS Code)', fmt(a, 'ms', 1), '< 100 ms', a.median < 100, actInfo.error ? `(activate threw: ${actInfo.error})` : '');
  const size = fs.statSync(EXT).size;
  row('bundle size of extension.js (esbuild --production, minified)', `${(size / 1024).toFixed(0)} KiB`, '< 1 MB', size < 1e6);
  if (fs.existsSync(path.join(ROOT, 'dist/extension.js'))) {
    row('  dist/extension.js as last built (dev build, sourcemap)', `${(fs.statSync(path.join(ROOT, 'dist/extension.js')).size / 1024).toFixed(0)} KiB`, '—', null);
  }

  // 6. goals.yaml with the yaml library.
  const gp = worker('goalsParse');
  const gps = stats(gp.ms);
  row(`parse of a 1,000-goal goals.yaml with every field set (${(gp.bytes / 1024).toFixed(0)} KiB, ${gp.goals} goals; yaml library)`, fmt(gps, 'ms'), 'well under 1 s', gps.median < 1000);

  // 7. How the refresh cost grows with the history (synthetic repositories of each size).
  const scaleRows = [];
  if (!o.repo || o.scaleGiven) {
    for (const n of o.scale) {
      console.log(`scale: ${n} commits ...`);
      scaleRows.push(await scaleRow(n, o.scaleRuns));
    }
  }

  // 8. Real histories: the same row, on clones of fetched repositories.
  const realRows = [];
  const realSkipped = [];
  if (!o.repo || o.realGiven) {
    for (const src of o.real) {
      if (!fs.existsSync(src)) {
        console.log(`real history: ${src} not found, skipped`);
        realSkipped.push(src);
        continue;
      }
      const r = realRepo(src);
      console.log(`real history: ${r.name} (${r.dir}) ...`);
      realRows.push({ name: r.name, refs: r.refs, ...(await measureRepo(r.dir, o.scaleRuns)) });
    }
  }

  const load1 = os.loadavg();
  const gitVersion = git(ROOT, '--version');
  const md = [
    '# Goal Lens benchmark results',
    '',
    `Generated by \`npm run bench\` on ${started.toISOString()}.`,
    '',
    `- machine: ${os.cpus().length} cores (${os.cpus()[0] ? os.cpus()[0].model : '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.platform()} ${os.release()}`,
    `- node ${process.version}, ${gitVersion}`,
    `- load average at start ${load0.map((x) => x.toFixed(1)).join(' / ')}, at end ${load1.map((x) => x.toFixed(1)).join(' / ')}${Math.max(load0[0], load1[0]) > 1.6 ? ' (other work was running: figures are noisy)' : ' (the benchmark alone)'}`,
    `- repository: ${synthetic ? 'synthetic (bench/makeRepo.js, seed 7)' : repo}: ${commits} commits, ${refs} refs, ${notes} notes`,
    `- each figure: median of ${o.runs} runs, (min–max, n)`,
    '',
    '| measure | result | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.value}${r.note ? ' ' + r.note : ''} | ${r.target} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`),
    '',
    ...(scaleRows.length
      ? [
          '## Refresh cost by size of history',
          '',
          `Synthetic repositories (bench/makeRepo.js, seed 7), all refs; median of ${o.scaleRuns} runs (1 for the cold index at 1,000,000), ratios to git log printing the same commits in the same run. Every cached figure checked against a cold run's.`,
          '',
          '| commits | git log | cold index | peak memory (cold) | warm start, CLI | one new commit, CLI | one new commit, editor | title edit, editor | new commit → complete figures | new merge → complete figures | title edit → complete figures | figures = cold |',
          '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
          ...scaleRows.map(
            (r) =>
              `| ${r.commits.toLocaleString('en')} | ${r.gitMs.toFixed(0)} ms | ${r.coldMs.toFixed(0)} ms (${r.coldRatio.toFixed(2)}x) | ${r.rssMiB.toFixed(0)} MiB | ${r.warmMs.toFixed(0)} ms (${(r.warmMs / r.gitMs).toFixed(2)}x) | ${r.incMs.toFixed(0)} ms (${(r.incMs / r.gitMs).toFixed(2)}x) | ${r.memMs.toFixed(0)} ms | ${r.titleMs.toFixed(0)} ms | ${refreshCells(r)} | ${r.same ? 'yes' : '**no**'} |`,
          ),
          '',
        ]
      : carriedScaleTable(o)),
    ...realSection(realRows, realSkipped, o.scaleRuns),
  ].join('\n');
  console.log('\n' + md);
  if (!o.repo) fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), md + (fs.existsSync(path.join(__dirname, 'NOTES.md')) ? '\n' + fs.readFileSync(path.join(__dirname, 'NOTES.md'), 'utf8') : ''));
  else console.log('(--repo given: bench/RESULTS.md not overwritten)');
}

/**
 * One change to complete figures in the editor (worker 'refresh'), for a new commit, a new merge on the default
 * branch and a goals.yaml title edit: median ms and its parts, and whether every figure equals a cold run's.
 */
function measureRefresh(repo, cacheDir, runs) {
  const out = {};
  let same = true;
  for (const change of ['commit', 'merge', 'title']) {
    const ms = [];
    let last;
    try {
      for (let i = 0; i < runs; i++) {
        last = worker('refresh', repo, cacheDir, change, TMP_REF);
        ms.push(last.ms);
        if (i === 0) {
          const cold = change === 'commit' ? worker('cold', repo) : { withFlow: last.coldDigest, windows: last.coldWindows };
          const ok = last.digest === cold.withFlow && last.windows === cold.windows;
          if (!ok) console.log(`  FIGURES DIFFER: refresh after ${change}`);
          same = same && ok;
        }
        spawnSync('git', ['update-ref', '-d', TMP_REF], { cwd: repo });
      }
    } finally {
      spawnSync('git', ['update-ref', '-d', TMP_REF], { cwd: repo });
    }
    out[change] = { ...stats(ms), indexMs: last.indexMs, deliveriesMs: last.deliveriesMs, figuresMs: last.figuresMs, workedOut: last.workedOut, deliveries: last.deliveries, kind: last.kind };
  }
  return { ...out, same };
}

const refreshText = (r) => `${r.median.toFixed(0)} ms (index ${r.indexMs.toFixed(0)} + deliveries ${r.deliveriesMs.toFixed(0)} + figures ${r.figuresMs.toFixed(0)})`;

/**
 * `--only refresh`: only the refresh to complete figures, on the main repository (or the --scale sizes instead)
 * and the real histories; prints a Markdown table (bench/RESULTS.md is not rewritten).
 */
async function onlyRefresh(o, repo, synthetic, load0, started) {
  const targets = [];
  if (!o.scaleGiven) targets.push([synthetic ? 'synthetic 200,000' : repo, repo]);
  for (const n of o.scaleGiven ? o.scale : []) targets.push([`synthetic ${n.toLocaleString('en')}`, await require('./makeRepo').makeRepo({ commits: n })]);
  for (const src of o.realGiven ? o.real : []) {
    const r = realRepo(src);
    targets.push([r.name, r.dir]);
  }
  const lines = [
    `Refresh to complete figures (\`npm run bench -- --only refresh\`), ${started.toISOString()}; median of ${o.runs} runs; load average at start ${load0.map((x) => x.toFixed(1)).join(' / ')}.`,
    '',
    '| repository | commits | deliveries | new commit | new merge on the default branch | goals.yaml title edit | figures = cold |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const [name, dir] of targets) {
    console.log(`${name} (${dir}) ...`);
    const commits = Number(git(dir, 'rev-list', '--count', '--branches', '--remotes', '--tags', 'HEAD'));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-refresh-'));
    try {
      worker('cached', dir, cacheDir, 'save');
      const rf = measureRefresh(dir, cacheDir, o.runs);
      const cell = (r) => `${refreshText(r)} (${r.min.toFixed(0)}–${r.max.toFixed(0)})`;
      const line = `| ${name} | ${commits.toLocaleString('en')} | ${rf.commit.deliveries.toLocaleString('en')} | ${cell(rf.commit)} | ${cell(rf.merge)} (${rf.merge.workedOut} worked out) | ${cell(rf.title)} | ${rf.same ? 'yes' : '**no**'} |`;
      console.log(line);
      lines.push(line);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  lines.push('', `Load average at end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}.`);
  console.log('\n' + lines.join('\n'));
}

/** With `--scale none`, the size table of the last bench/RESULTS.md is kept (it says when it was run). */
function carriedScaleTable(o) {
  const file = path.join(__dirname, 'RESULTS.md');
  if (o.repo || !fs.existsSync(file)) return [];
  const m = /^## Refresh cost by size of history\n[\s\S]*?\n(?=Real history|## )/m.exec(fs.readFileSync(file, 'utf8'));
  return m ? [m[0].replace(/\n\(Size table carried over[^\n]*/g, '').trimEnd(), '', '(Size table carried over from the previous bench/RESULTS.md: this run was `--scale none`.)', ''] : [];
}

/** One row of the size table: a synthetic repository of `n` commits, measured as the main table does. */
async function scaleRow(n, runs) {
  return measureRepo(await require('./makeRepo').makeRepo({ commits: n }), runs);
}

/** Clones `src` once into bench/repo/real-<name> (objects shared, no checkout) and gives it a goals.yaml. */
function realRepo(src) {
  const name = require('./srcBundle').realName(src);
  const dir = path.join(__dirname, 'repo', `real-${name}`);
  if (!fs.existsSync(path.join(dir, '.git', 'goal-lens-bench-done'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--no-checkout', '--shared', '--end-of-options', src, dir]);
    fs.writeFileSync(path.join(dir, '.git', 'goal-lens-bench-done'), '');
  }
  // Goals whose rules real commits meet: issue keys in messages and branch names (no Goal trailers in these).
  fs.writeFileSync(
    path.join(dir, 'goals.yaml'),
    [
      'version: 1',
      'goals:',
      '  - id: security',
      '    title: Fix reported vulnerabilities',
      '    keys: [CVE-*]',
      '  - id: lang',
      '    title: Commons Lang issues',
      '    keys: [LANG-*]',
      '  - id: maint',
      '    title: Keep the maintenance track',
      '    branches: ["maint*", "release*"]',
      '',
    ].join('\n'),
  );
  const refs = git(dir, 'for-each-ref', 'refs/heads', 'refs/remotes', 'refs/tags').split('\n').filter(Boolean).length;
  return { name, dir, refs };
}

/** The three refresh-to-complete-figures cells of a size or real-history row ('—' for a row from an older run). */
function refreshCells(r) {
  return r.refresh ? `${r.refresh.commit} | ${r.refresh.merge} | ${r.refresh.title}` : '— | — | —';
}

function realSection(rows, skipped, runs) {
  if (!rows.length) {
    const why = skipped.length ? `not on this machine: ${skipped.join(', ')}` : 'give clones with --real DIR,... or GOAL_LENS_REAL; docs/performance.md says how';
    return [`Real history: none measured (${why}).`, ''];
  }
  return [
    '## Real history',
    '',
    `Clones (objects shared, no checkout) of fetched repositories, all refs of the clone, with a three-goal goals.yaml (keys CVE-* and LANG-*, branches maint*/release*); median of ${runs} runs, ratios to git log printing the same commits in the same run. Every cached figure checked against a cold run's.${skipped.length ? ` Not on this machine, skipped: ${skipped.join(', ')}.` : ''}`,
    '',
    '| repository | commits (refs) | git log | cold index | peak memory (cold) | warm start, CLI | one new commit, CLI | one new commit, editor | title edit, editor | new commit → complete figures | new merge → complete figures | title edit → complete figures | figures = cold |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.commits.toLocaleString('en')} (${r.refs}) | ${r.gitMs.toFixed(0)} ms | ${r.coldMs.toFixed(0)} ms (${r.coldRatio.toFixed(2)}x) | ${r.rssMiB.toFixed(0)} MiB | ${r.warmMs.toFixed(0)} ms (${(r.warmMs / r.gitMs).toFixed(2)}x) | ${r.incMs.toFixed(0)} ms (${(r.incMs / r.gitMs).toFixed(2)}x) | ${r.memMs.toFixed(0)} ms | ${r.titleMs.toFixed(0)} ms | ${refreshCells(r)} | ${r.same ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
}

/** One row of the size or real-history table: `repo` measured as the main table does. */
async function measureRepo(repo, runs) {
  const commits = Number(git(repo, 'rev-list', '--count', '--branches', '--remotes', '--tags', 'HEAD'));
  const big = commits >= 500000;
  timed('git', LOG_ARGS, repo); // warm the OS file cache
  const gitMs = [];
  const coldMs = [];
  const coldRatios = [];
  let rssMiB = 0;
  for (let i = 0; i < (big ? 1 : runs); i++) {
    const g = timed('git', LOG_ARGS, repo).ms;
    gitMs.push(g);
    const c = timed(process.execPath, [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo], repo);
    coldMs.push(c.ms);
    coldRatios.push(c.ms / g);
    rssMiB = Math.max(rssMiB, (c.rssKiB || 0) / 1024);
  }
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-scale-'));
  try {
    const cold = worker('cold', repo);
    const prime = worker('cached', repo, cacheDir);
    let same = prime.figures === cold.figures;
    const cachePath = indexCacheFile(cacheDir);
    const backup = cachePath + '.bench-backup';
    fs.copyFileSync(cachePath, backup);
    const kept = worker('reportCache', repo, cacheDir);
    same = same && kept.from === 'report' && kept.figures === cold.figures && kept.firstFigures === cold.figures;
    const warmMs = [];
    timed(process.execPath, [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo, '--cache', cacheDir], repo); // keeps the report
    for (let i = 0; i < runs; i++) {
      warmMs.push(timed(process.execPath, [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo, '--cache', cacheDir], repo).ms);
      gitMs.push(timed('git', LOG_ARGS, repo).ms);
    }
    same = same && worker('cached', repo, cacheDir).figures === cold.figures;
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
    const head = git(repo, 'rev-parse', 'HEAD');
    const commitTree = (msg) => execFileSync('git', ['commit-tree', tree, '-p', head, '-m', msg], { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' } }).trim();
    const incMs = [];
    const memMs = [];
    try {
      for (let i = 0; i < runs; i++) {
        git(repo, 'update-ref', TMP_REF, commitTree(`Scale commit ${i}\n\nGoal: checkout\n`));
        incMs.push(timed(process.execPath, [CLI, 'report', '--format', 'json', '--all-refs', '--repo', repo, '--cache', cacheDir], repo).ms);
        if (i === 0) same = same && worker('cached', repo, cacheDir).figures === worker('cold', repo).figures;
        git(repo, 'update-ref', '-d', TMP_REF);
        fs.copyFileSync(backup, cachePath);
        const m = worker('inProcess', repo, cacheDir, TMP_REF, commitTree(`Scale memory ${i}\n\nGoal: checkout\n`));
        memMs.push(m.ms);
        git(repo, 'update-ref', '-d', TMP_REF);
        fs.copyFileSync(backup, cachePath);
      }
    } finally {
      spawnSync('git', ['update-ref', '-d', TMP_REF], { cwd: repo });
    }
    const titleMs = [];
    for (let i = 0; i < runs; i++) {
      const t = worker('titleEdit', repo, cacheDir);
      same = same && t.figures === t.coldFigures;
      titleMs.push(t.ms);
    }
    const rf = measureRefresh(repo, cacheDir, runs);
    same = same && rf.same;
    const med = (a) => stats(a).median;
    const r = { commits, gitMs: med(gitMs), coldMs: med(coldMs), coldRatio: med(coldRatios), rssMiB, warmMs: med(warmMs), incMs: med(incMs), memMs: med(memMs), titleMs: med(titleMs), refresh: { commit: refreshText(rf.commit), merge: refreshText(rf.merge), title: refreshText(rf.title), deliveries: rf.commit.deliveries }, same };
    console.log(`  ${JSON.stringify(r)}`);
    return r;
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
