// Measures what goals.yaml's routing rules cost on real histories (the clones named in
// $GOAL_LENS_REAL, e.g. GOAL_LENS_REAL=~/real/git,~/real/commons-lang; never written to). Per repository, in one run and alternating so that machine load hits both alike:
// `git log` with the index's format, the same with changed files (--raw), and a cold index (loadIndex, no cache)
// with the goals of bench/fixtures/NAME.goals.yaml, then with an upkeep goal added that has `authors`,
// `subjects` (no files read) and then `changes` (files read). Prints medians and what the rules linked.
// `node bench/routing.js [names...] [--runs N]` (default: git commons-lang, 3 runs). Builds its own bundle of src.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { realClone, FIXTURES, buildDir, bundleSrc } = require('./srcBundle');

const BUILD = buildDir('routing');

const UPKEEP_TEXT = `
  - id: bench-upkeep
    title: Upkeep (bench)
    kind: upkeep
    authors: ["dependabot*", "renovate*", "*[bot]*"]
    subjects: ["Bump *", "chore(deps)*", "[maven-release-plugin]*", "Sync with *", "Merge branch 'maint*"]
`;
const CHANGES_TEXT = `    changes: [.github/**, "**/pom.xml", "ci/**", "*.yml", "Documentation/RelNotes/**"]
`;

const build = () =>
  bundleSrc(BUILD, ["export { loadIndex } from './src/git/indexLoader';", "export { logFormat, LOG_FILES_ARGS } from './src/git/log';"]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function gitLog(repo, lib, files) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('git', ['-C', repo, 'log', '--no-color', '-z', lib.logFormat('Goal'), ...(files ? lib.LOG_FILES_ARGS : []), 'HEAD'], { maxBuffer: 4 << 30 });
  if (r.status !== 0) throw new Error(String(r.stderr));
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: r.stdout.length };
}

async function index(lib, repo, goalsPath) {
  global.gc?.();
  const t0 = process.hrtime.bigint();
  const { index } = await lib.loadIndex(repo, { goalsPath });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const sources = { author: 0, subject: 0, changes: 0 };
  let upkeep = 0;
  for (const [, links] of index.links) {
    let mine = false;
    for (const l of links) if (l.goalId === 'bench-upkeep') ((sources[l.source] = (sources[l.source] ?? 0) + 1), (mine = true));
    if (mine) upkeep++;
  }
  return { ms, heap: process.memoryUsage().rss, commits: index.commits.length, untagged: index.untagged.length, upkeep, sources };
}

async function measure(lib, name, runs) {
  const repo = realClone(name);
  const base = path.join(FIXTURES, `${name}.goals.yaml`);
  if (!repo || !fs.existsSync(repo) || !fs.existsSync(base)) return console.log(`\n## ${name}: skipped (no clone named ${name} in $GOAL_LENS_REAL, or no ${base})`);
  const text = fs.readFileSync(base, 'utf8').replace(/\s*$/, '\n');
  const rules = path.join(BUILD, `${name}.rules.yaml`);
  const withFiles = path.join(BUILD, `${name}.changes.yaml`);
  fs.writeFileSync(rules, text + UPKEEP_TEXT);
  fs.writeFileSync(withFiles, text + UPKEEP_TEXT + CHANGES_TEXT);
  const t = { log: [], logFiles: [], base: [], rules: [], files: [] };
  let last = {};
  for (let k = 0; k < runs; k++) {
    const a = gitLog(repo, lib, false);
    const b = gitLog(repo, lib, true);
    t.log.push(a.ms);
    t.logFiles.push(b.ms);
    last.bytes = [a.bytes, b.bytes];
    for (const [key, file] of [['base', base], ['rules', rules], ['files', withFiles]]) {
      const r = await index(lib, repo, file);
      t[key].push(r.ms);
      last[key] = r;
    }
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  const f = (x) => `${(x / 1000).toFixed(2)} s`;
  console.log(`\n## ${name}: ${last.base.commits} commits, ${runs} runs, load ${os.loadavg()[0].toFixed(1)}`);
  console.log(`| what | median | vs git log |`);
  console.log(`| --- | ---: | ---: |`);
  console.log(`| git log (index format) | ${f(m.log)} | 1.00x |`);
  console.log(`| git log + changed files (--raw) | ${f(m.logFiles)} | ${(m.logFiles / m.log).toFixed(2)}x |`);
  console.log(`| cold index, fixture goals | ${f(m.base)} | ${(m.base / m.log).toFixed(2)}x |`);
  console.log(`| cold index + authors/subjects rules | ${f(m.rules)} | ${(m.rules / m.log).toFixed(2)}x |`);
  console.log(`| cold index + changes rule (files read) | ${f(m.files)} | ${(m.files / m.log).toFixed(2)}x |`);
  console.log(`log output: ${(last.bytes[0] / 1e6).toFixed(1)} MB without files, ${(last.bytes[1] / 1e6).toFixed(1)} MB with`);
  console.log(`linked to the upkeep goal: authors/subjects only ${last.rules.upkeep} commits ${JSON.stringify(last.rules.sources)}; with changes ${last.files.upkeep} ${JSON.stringify(last.files.sources)}`);
  console.log(`untagged: ${last.base.untagged} -> ${last.rules.untagged} -> ${last.files.untagged}`);
}

(async () => {
  const args = process.argv.slice(2);
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 3;
  const names = args.length ? args : ['git', 'commons-lang'];
  const lib = await build();
  try {
    for (const name of names) await measure(lib, name, runs);
  } finally {
    fs.rmSync(BUILD, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
