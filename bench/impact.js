// Impact's dependency graph: cold build, warm start from the on-disk facts, one file changed, and the dependents of
// a shared file, per repository (each in a fresh process, on a `git clone --shared` copy in a temp folder so the
// "one file changed" step can write). Also the TS/JS scanner against tree-sitter's TypeScript grammar.
// `npm run compile-tests && node bench/impact.js [--repos DIR[:FILE],...|none] [--synthetic N|0]`
// Real repositories only when given: --repos, else $GOAL_LENS_REAL (the list bench/run.js takes; one rule, in
// srcBundle.js); FILE is the shared file whose dependents are counted, by default the file most depended on
// directly. Always the demo and a synthetic Go repository of 20,000 files. Prints a Markdown table.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'out', 'src');

const { realRepos } = require('./srcBundle');

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// ---------------------------------------------------------------- one repository, in a worker process

async function worker(dir, target) {
  const { ImpactData } = require(path.join(OUT, 'git/impactData'));
  const { GitRepo } = require(path.join(OUT, 'git/repo'));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-deps-'));
  const repo = await GitRepo.open(dir);
  const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

  let t = process.hrtime.bigint();
  const data = new ImpactData(repo, { cacheDir });
  const cold = await data.dependencyGraph();
  const coldMs = ms(t);
  // No file named: the one most files import directly (ties: the first by path).
  if (!target) {
    let most = -1;
    for (const [f, list] of [...cold.graph.dependents.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (list.length > most) (most = list.length), (target = f);
    if (!target) throw new Error(`${dir}: no file of a language Impact reads depends on another`);
  }

  t = process.hrtime.bigint();
  await data.dependencyGraph();
  const sameMs = ms(t);

  t = process.hrtime.bigint();
  const deps = cold.graph.dependentsOf(target, false);
  const queryMs = ms(t);

  // One file changed in the working tree (a comment added), then the next query.
  // The editor names the saved file (the Impact view does so on save).
  fs.appendFileSync(path.join(dir, target), target.endsWith('.py') ? '\n# bench\n' : '\n// bench\n');
  data.invalidateWorkingTree([target]);
  t = process.hrtime.bigint();
  const changed = await data.dependencyGraph();
  const changedMs = ms(t);

  // A new process with the facts on disk (the editor after a restart; HEAD moved, files unchanged).
  await data.depsWritten;
  t = process.hrtime.bigint();
  const warm = await new ImpactData(repo, { cacheDir }).dependencyGraph();
  const warmMs = ms(t);
  fs.rmSync(cacheDir, { recursive: true, force: true });

  const direct = deps.filter((d) => d.distance === 1).length;
  return {
    files: cold.files,
    edges: cold.graph.edges,
    coldMs,
    sameMs,
    changedMs,
    changedParsed: changed.parsed,
    warmMs,
    warmParsed: warm.parsed,
    queryMs,
    target,
    direct,
    total: deps.length,
    hops: deps.length ? deps[deps.length - 1].distance : 0,
    rssMiB: process.memoryUsage().rss / 1048576,
  };
}

// ---------------------------------------------------------------- the TS/JS scanner against tree-sitter

async function compareTs() {
  const { extractImports } = require(path.join(OUT, 'core/impact/imports'));
  const { Parser, Language, Query } = require('web-tree-sitter');
  await Parser.init();
  const wasm = (n) => require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${n}.wasm`);
  const langs = { ts: await Language.load(wasm('typescript')), tsx: await Language.load(wasm('tsx')), js: await Language.load(wasm('javascript')) };
  const QUERY = `
    (import_statement source: (string (string_fragment) @s))
    (export_statement source: (string (string_fragment) @s))
    (call_expression function: (import) arguments: (arguments . (string (string_fragment) @s)))
    ((call_expression function: (identifier) @f arguments: (arguments . (string (string_fragment) @s))) (#eq? @f "require"))`;
  // \`import x = require('y')\` is TypeScript only.
  const TS_ONLY = '(import_require_clause (string (string_fragment) @s))';
  const parsers = {};
  for (const [k, l] of Object.entries(langs)) {
    const p = new Parser();
    p.setLanguage(l);
    parsers[k] = { p, q: new Query(l, k === 'js' ? QUERY : QUERY + TS_ONLY) };
  }
  const files = git(ROOT, 'ls-files', '*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs').split('\n').filter((f) => f && !f.startsWith('test/fixtures/'));
  const texts = files.map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'));
  let t = process.hrtime.bigint();
  const scanned = texts.map((s) => extractImports(s));
  const scanMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const parsed = texts.map((s, i) => {
    const f = files[i];
    const { p, q } = parsers[f.endsWith('.tsx') ? 'tsx' : f.endsWith('.ts') ? 'ts' : 'js'];
    const tree = p.parse(s);
    const found = [...new Set(q.captures(tree.rootNode).filter((c) => c.name === 's').map((c) => c.node.text))];
    tree.delete();
    return found;
  });
  const treeMs = Number(process.hrtime.bigint() - t) / 1e6;
  const differ = [];
  files.forEach((f, i) => {
    const a = [...scanned[i]].sort().join('\n');
    const b = [...parsed[i]].sort().join('\n');
    if (a !== b) differ.push({ file: f, scanner: scanned[i].filter((x) => !parsed[i].includes(x)), treeSitter: parsed[i].filter((x) => !scanned[i].includes(x)) });
  });
  return { files: files.length, scanMs, treeMs, differ };
}

// ---------------------------------------------------------------- a synthetic Go repository

function syntheticGo(n) {
  const dir = path.join(ROOT, 'bench', 'repo', `impact-go-${n}`);
  if (fs.existsSync(path.join(dir, '.git'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const perPkg = 20;
  const pkgs = Math.ceil(n / perPkg);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/synth\n\ngo 1.22\n');
  for (let p = 0; p < pkgs; p++) {
    const pdir = path.join(dir, 'pkg', `p${p}`);
    fs.mkdirSync(pdir, { recursive: true });
    for (let f = 0; f < perPkg && p * perPkg + f < n; f++) {
      // Each file imports two packages below it (a layered code base) and uses one name of each.
      const a = Math.floor(rnd() * p);
      const b = Math.floor(rnd() * p);
      const imports = p > 0 ? [...new Set([a, b])] : [];
      const uses = imports.map((q) => `\t_ = p${q}.F${q}_${Math.floor(rnd() * perPkg)}()\n`).join('');
      const sibling = f > 0 ? `\t_ = F${p}_${f - 1}()\n` : '';
      fs.writeFileSync(path.join(pdir, `f${f}.go`), `// Package p${p} is generated.\npackage p${p}\n\nimport (\n${imports.map((q) => `\t"example.com/synth/pkg/p${q}"\n`).join('')})\n\n` +
        `// F${p}_${f} does nothing useful.\nfunc F${p}_${f}() int {\n${uses}${sibling}\treturn ${f} // "not code"\n}\n`);
    }
  }
  git(dir, 'init', '-q');
  git(dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'add', '-A');
  git(dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'synthetic');
  return dir;
}

// ---------------------------------------------------------------- driver

function runWorker(src, target) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-impact-'));
  const dir = path.join(tmp, 'repo');
  git(tmp, 'clone', '-q', '--shared', src, dir);
  try {
    const r = spawnSync(process.execPath, ['--max-old-space-size=2048', __filename, '--worker', dir, target ?? ''], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`worker failed on ${src}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--worker') {
    process.stdout.write(JSON.stringify(await worker(argv[1], argv[2] || null)));
    return;
  }
  let real = realRepos(process.env.GOAL_LENS_REAL);
  let synthetic = 20000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repos') real = realRepos(argv[++i]);
    else if (argv[i] === '--synthetic') synthetic = Number(argv[++i]);
  }
  const missing = real.filter((r) => !fs.existsSync(path.join(r.dir, '.git')) && !fs.existsSync(path.join(r.dir, 'HEAD')));
  if (missing.length) {
    console.error(`bench/impact.js: not a git repository: ${missing.map((r) => r.dir).join(', ')} (docs/performance.md says how to get them)`);
    process.exit(2);
  }
  const repos = real.map((r) => [r.dir, r.file]);
  if (!repos.length) console.error('No real repository given (--repos DIR[:FILE],... or GOAL_LENS_REAL): the demo and the synthetic one only.');
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-demo-'));
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'demo', '--dir', path.join(demoDir, 'demo')], { stdio: 'ignore' });
  const demoRepo = fs.readdirSync(demoDir).map((d) => path.join(demoDir, d)).find((d) => fs.existsSync(path.join(d, '.git')));
  if (demoRepo) repos.push([demoRepo, 'src/shared/payments-lib/charge.ts']);
  if (synthetic > 0) repos.push([syntheticGo(synthetic), 'pkg/p0/f0.go']);

  console.log(`# Impact dependency graph (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version})\n`);
  console.log('| repository | source files | edges | cold | unchanged | one file changed | warm (facts on disk) | dependents of | direct | total | hops | RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const [dir, target] of repos) {
    const r = runWorker(dir, target);
    const s = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
    console.log(`| ${path.basename(dir).replace(/\.git$/, '')} | ${r.files} | ${r.edges} | ${s(r.coldMs)} | ${s(r.sameMs)} | ${s(r.changedMs)} (${r.changedParsed} parsed) | ${s(r.warmMs)} (${r.warmParsed} parsed) | ${path.basename(r.target)} | ${r.direct} | ${r.total} | ${r.hops} | ${r.rssMiB.toFixed(0)} MiB |`);
  }
  fs.rmSync(demoDir, { recursive: true, force: true });

  const c = await compareTs();
  console.log(`\n## TS/JS: the hand-written scanner against tree-sitter's grammar (${c.files} files of this repository)\n`);
  console.log(`scanner ${c.scanMs.toFixed(0)} ms, tree-sitter ${c.treeMs.toFixed(0)} ms (${(c.treeMs / c.scanMs).toFixed(1)}x); files that differ: ${c.differ.length}`);
  for (const d of c.differ.slice(0, 10)) console.log(`- ${d.file}: scanner only ${JSON.stringify(d.scanner)}, tree-sitter only ${JSON.stringify(d.treeSitter)}`);
}

main().catch((e) => {
  console.error(e.stack || e.message || e);
  process.exit(1);
});
