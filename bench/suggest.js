// Measures the suggestions for untagged work: the leave-one-out evaluation (`goal-lens suggest --evaluate`) on the
// demo repository and on the synthetic one (bench/makeRepo.js), with the time each took.
// `npm run build && node bench/suggest.js [--commits N]` (synthetic size, default 20000; 200000 is bench/run.js's).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CLI = path.resolve(__dirname, '../dist/cli.js');

function evaluate(repo, extra = []) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'suggest', '--evaluate', '--json', '--repo', repo, ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`goal-lens suggest --evaluate failed in ${repo}: ${r.stderr}`);
  return { e: JSON.parse(r.stdout), seconds };
}

function print(name, { e, seconds }) {
  const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  console.log(`\n## ${name}\n`);
  console.log(`leave-one-out over ${e.evaluated} linked commits${e.evaluated < e.linked ? ` (of ${e.linked}, evenly spread)` : ''}, ${seconds.toFixed(1)} s (whole CLI process)\n`);
  console.log('| measure | value | target |');
  console.log('| --- | --- | --- |');
  console.log(`| first suggestion right (top-1) | ${pct(e.top1Rate)} (${e.top1}) | >= 70% on the demo |`);
  console.log(`| among the three (top-3) | ${pct(e.top3Rate)} (${e.top3}) | >= 90% on the demo |`);
  console.log(`| lowest confidence with precision >= 95% | ${e.highPrecisionThreshold === null ? 'none' : e.highPrecisionThreshold.toFixed(2)} | exists |`);
  console.log(`| at the reports' one-step threshold ${e.atHighConfidence.threshold} | ${e.atHighConfidence.covered} commits, precision ${pct(e.atHighConfidence.precision)} | >= 95% |`);
  console.log('\n| confidence >= | commits | precision |');
  console.log('| --- | --- | --- |');
  for (const t of e.thresholds) console.log(`| ${t.threshold.toFixed(2)} | ${t.covered} | ${pct(t.precision)} |`);
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
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
