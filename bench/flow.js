// Measures flow per goal (docs/flow.md) on real histories with the goals of bench/fixtures/NAME.goals.yaml (a clone
// of each named in $GOAL_LENS_REAL, e.g. GOAL_LENS_REAL=~/real/git,~/real/commons-lang; never written to: a new merge is made in a shared
// clone under the temp folder). Prints, per repository: git log's time beside the index, the cold deliveries pass,
// the refresh after one new merge, the flow figures of every goal, and a sanity check against
// `git log --merges --first-parent`.
// `node bench/flow.js [names...]` (default: git commons-lang). Builds its own bundle of src with esbuild.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { realClone, FIXTURES, buildDir, bundleSrc } = require('./srcBundle');

const BUILD = buildDir('flow');

function git(repo, ...a) {
  return execFileSync('git', a, { cwd: repo, encoding: 'utf8', maxBuffer: 512 << 20 }).trim();
}

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const days = (s) => (s === null ? '-' : (s / 86400).toFixed(1));

const build = () =>
  bundleSrc(BUILD, [
        "export { loadIndexCached } from './src/git/indexCache';",
        "export { logFormat } from './src/git/log';",
        "export { loadDeliveries } from './src/git/mainline';",
        "export { computeFlow } from './src/core/figures/flow';",
      ]);

async function measure(lib, name) {
  const source = realClone(name);
  const goalsFile = path.join(FIXTURES, `${name}.goals.yaml`);
  if (!source || !fs.existsSync(source) || !fs.existsSync(goalsFile)) {
    console.log(`\n## ${name}: skipped (no clone named ${name} in $GOAL_LENS_REAL, or no ${goalsFile})`);
    return;
  }
  // A clone sharing the objects (nothing is written to the source), with the goals file outside the work tree.
  const repo = path.join(BUILD, name);
  execFileSync('git', ['clone', '-q', '--shared', '--no-checkout', source, repo]);
  const branch = git(repo, 'symbolic-ref', '--short', 'HEAD');
  git(repo, 'config', 'user.name', 'Bench');
  git(repo, 'config', 'user.email', 'bench@example.com');
  const goalsPath = path.join(BUILD, `${name}.goals.yaml`);
  fs.copyFileSync(goalsFile, goalsPath);
  const cacheDir = path.join(BUILD, `${name}-cache`);

  // git log printing the commits the index reads, to a sink.
  let t = process.hrtime.bigint();
  const sink = fs.openSync('/dev/null', 'w');
  spawnSync('git', ['log', '-z', lib.logFormat('Goal'), 'HEAD'], { cwd: repo, stdio: ['ignore', sink, 'ignore'] });
  const gitLog = ms(t);

  t = process.hrtime.bigint();
  const first = await lib.loadIndexCached(repo, { cacheDir, goalsPath, defaultBranch: branch, save: true });
  await first.saved;
  const indexCold = ms(t);
  t = process.hrtime.bigint();
  const flow1 = await lib.loadDeliveries(first.loaded.repo, first.loaded.index);
  const deliveriesCold = ms(t);
  const now = new Date();
  t = process.hrtime.bigint();
  const all = lib.computeFlow(first.loaded.index, flow1.log, { now, agingAfterDays: 14 });
  const figuresAll = ms(t);

  // One new merge on the default branch (work authored a day before), made with plumbing in the clone.
  const tip = git(repo, 'rev-parse', 'HEAD');
  const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
  const when = (d) => ({ ...process.env, GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d });
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const work = execFileSync('git', ['commit-tree', tree, '-p', tip, '-m', 'Bench work\n\nGoal: bench'], { cwd: repo, encoding: 'utf8', env: when(dayAgo) }).trim();
  const merge = execFileSync('git', ['commit-tree', tree, '-p', tip, '-p', work, '-m', "Merge branch 'bench/new'"], { cwd: repo, encoding: 'utf8', env: when(now.toISOString()) }).trim();
  git(repo, 'update-ref', `refs/heads/${branch}`, merge, tip);
  t = process.hrtime.bigint();
  const second = await lib.loadIndexCached(repo, { cacheDir, goalsPath, defaultBranch: branch, previous: first.state, save: false });
  const indexOne = ms(t);
  t = process.hrtime.bigint();
  const flow2 = await lib.loadDeliveries(second.loaded.repo, second.loaded.index, flow1);
  const deliveriesOne = ms(t);
  t = process.hrtime.bigint();
  lib.computeFlow(second.loaded.index, flow2.log, { now, agingAfterDays: 14 });
  const figuresOne = ms(t);
  git(repo, 'update-ref', `refs/heads/${branch}`, tip, merge);

  console.log(`\n## ${name} (${first.loaded.index.commits.length} commits, ${flow1.log.deliveries.length} deliveries)\n`);
  console.log('| step | ms | x git log |');
  console.log('| --- | ---: | ---: |');
  const row = (what, v) => console.log(`| ${what} | ${v.toFixed(0)} | ${(v / gitLog).toFixed(2)} |`);
  row('git log (same commits, to /dev/null)', gitLog);
  row('cold index (log pass + links)', indexCold);
  row('cold deliveries (one --first-parent --name-only pass + work out)', deliveriesCold);
  row('flow figures, all goals, all history', figuresAll);
  row('one new merge: index update', indexOne);
  row(`one new merge: deliveries (${flow2.facts.read} chain commit read, ${flow2.log.workedOut} worked out)`, deliveriesOne);
  row('one new merge: flow figures', figuresOne);
  row('one new merge: index + deliveries + figures', indexOne + deliveriesOne + figuresOne);

  console.log('\n| goal | deliveries | per week | median lead time (d) | p85 (d) | median batch (commits / files) | merges / squash / direct | open branches |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- | --- | ---: |');
  for (const [id, f] of all.byGoal) {
    console.log(
      `| ${id} | ${f.deliveries.length} | ${f.perWeek.toFixed(2)} | ${days(f.leadTime.median)} | ${days(f.leadTime.p85)} | ${f.batchCommits.median ?? '-'} / ${f.batchFiles.median ?? '-'} | ${f.byKind.merge} / ${f.byKind.squash} / ${f.byKind.direct} | ${f.wip.length} |`,
    );
  }

  // Sanity: every first-parent merge is a delivery, unless it brought no non-merge commit of its own.
  const merges = git(repo, 'log', '--merges', '--first-parent', '--format=%H', 'HEAD').split('\n').filter(Boolean);
  const chain = git(repo, 'log', '--first-parent', '--format=%H', 'HEAD').split('\n').filter(Boolean);
  const kinds = { merge: 0, squash: 0, direct: 0 };
  for (const d of flow1.log.deliveries) kinds[d.kind]++;
  const byMerge = new Set(flow1.log.deliveries.filter((d) => d.kind === 'merge').map((d) => d.sha));
  const empty = merges.filter((m) => !byMerge.has(m));
  const emptyButBringing = empty.filter((m) => git(repo, 'rev-list', '--no-merges', '--count', `${m}^1..${m}`) !== '0');
  const unmeasured = flow1.log.deliveries.filter((d) => d.leadTime === null).length;
  console.log(`\nSanity: \`git log --merges --first-parent\` lists ${merges.length} merges; ${kinds.merge} are merge deliveries, ${empty.length} brought no non-merge commit (git rev-list --no-merges M^1..M finds work in ${emptyButBringing.length} of them: must be 0).`);
  console.log(`The first-parent chain has ${chain.length} commits = ${kinds.merge} merge + ${kinds.squash} squash + ${kinds.direct} direct deliveries + ${empty.length} empty merges${chain.length === kinds.merge + kinds.squash + kinds.direct + empty.length ? ' (adds up)' : ' (DOES NOT ADD UP)'}; ${unmeasured} lead times unmeasured (landing dated before the work).`);
}

(async () => {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : ['git', 'commons-lang'];
  const lib = await build();
  try {
    for (const name of names) await measure(lib, name);
  } finally {
    fs.rmSync(BUILD, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
