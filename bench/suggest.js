// Measures the suggestions for untagged work (`goal-lens suggest --evaluate`): the demo repository, the synthetic
// one (bench/makeRepo.js) and real histories with the goals of bench/fixtures/NAME.goals.yaml (a clone of each in
// $GOAL_LENS_REAL, e.g. GOAL_LENS_REAL=~/real/commons-lang after git clone https://github.com/apache/commons-lang).
// Closed: each linked commit asked as if untagged. Open set: each goal held out whole, so any suggestion for its
// commits is wrong. Coverage: untagged commits that get a suggestion.
// `npm run build && node bench/suggest.js [--commits N]` (synthetic size, default 20000; 200000 is bench/run.js's).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CLI = path.resolve(__dirname, '../dist/cli.js');
const { realClone, FIXTURES } = require('./srcBundle');

function evaluate(repo, extra = []) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'suggest', '--evaluate', '--json', '--repo', repo, ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`goal-lens suggest --evaluate failed in ${repo}: ${r.stderr}`);
  return { e: JSON.parse(r.stdout), seconds };
}

function print(name, { e, seconds }) {
  const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const at = (t) => e.thresholds.find((r) => r.threshold === t);
  console.log(`\n## ${name}\n`);
  console.log(`${e.evaluated} linked commits asked${e.evaluated < e.linked ? ` (of ${e.linked}, evenly spread)` : ''}, ${seconds.toFixed(1)} s (whole CLI process)\n`);
  console.log('| measure | value | target |');
  console.log('| --- | --- | --- |');
  console.log(`| first suggestion right (top-1) | ${pct(e.top1Rate)} (${e.top1}) | demo >= 90%; real: >= 80% of before |`);
  console.log(`| among the three (top-3) | ${pct(e.top3Rate)} (${e.top3}) | |`);
  console.log(`| first suggestion shown (>= ${e.floor}) and right | ${pct(e.shownRightRate)} (${e.shownRight}) | |`);
  console.log(`| precision at the one-step threshold ${e.atHighConfidence.threshold} | ${pct(e.atHighConfidence.precision)} (${e.atHighConfidence.covered} commits) | demo >= 95% |`);
  console.log(`| open set: held-out goal commits with any suggestion | ${pct(e.open.shownRate)} (${e.open.shown}) | |`);
  console.log(`| open set: held-out goal commits with a suggestion >= 0.5 | ${pct(e.open.atHalfRate)} (${e.open.atHalf}) | <= 5% |`);
  console.log(`| coverage: untagged commits with a suggestion | ${pct(e.coverage.shownRate)} (${e.coverage.shown} of ${e.coverage.asked}${e.coverage.asked < e.coverage.untagged ? `, sampled from ${e.coverage.untagged}` : ''}) | |`);
  console.log(`| coverage at the one-step threshold | ${pct(e.coverage.oneStepRate)} (${e.coverage.oneStep}) | |`);
  console.log('\n| confidence >= | linked commits | precision | held-out goal commits suggested |');
  console.log('| --- | --- | --- | --- |');
  for (const t of e.thresholds) console.log(`| ${t.threshold.toFixed(2)} | ${t.covered} | ${pct(t.precision)} | ${pct(t.openRate)} (${t.openSuggested}) |`);
  console.log('\n| calibration: confidence | first suggestions (closed + open) | mean confidence | right |');
  console.log('| --- | --- | --- | --- |');
  for (const r of e.reliability.filter((x) => x.n > 0)) console.log(`| ${r.from.toFixed(1)}-${r.to.toFixed(1)} | ${r.n} | ${pct(r.meanConfidence)} | ${pct(r.rightRate)} |`);
  return at;
}

async function main() {
  if (!fs.existsSync(CLI)) throw new Error(`build first (npm run build): ${CLI} is missing`);
  const at = process.argv.indexOf('--commits');
  const commits = at > 0 ? Number(process.argv[at + 1]) : 20000;
  const demo = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-suggest-demo-'));
  try {
    const made = spawnSync(process.execPath, [CLI, 'demo', '--dir', path.join(demo, 'repo'), '--no-report'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`goal-lens demo failed: ${made.stderr}`);
    console.log(`# Suggestions for untagged work (${new Date().toISOString().slice(0, 10)}, node ${process.version})`);
    print('demo repository (goal-lens demo)', evaluate(path.join(demo, 'repo')));
  } finally {
    fs.rmSync(demo, { recursive: true, force: true });
  }
  const repo = await require('./makeRepo').makeRepo({ commits });
  print(`synthetic repository (bench/makeRepo.js, ${commits} commits, seed 7)`, evaluate(repo));
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.goals.yaml')).sort()) {
    const name = file.slice(0, -'.goals.yaml'.length);
    const dir = realClone(name);
    if (!dir || !fs.existsSync(dir)) {
      console.log(`\n## ${name}: skipped (no clone named ${name} in $GOAL_LENS_REAL)`);
      continue;
    }
    print(`${name} (real history, goals of bench/fixtures/${file})`, evaluate(dir, ['--goals', path.join(FIXTURES, file)]));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
