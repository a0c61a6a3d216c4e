// Measures what "who is on board" costs the editor's dashboard on real histories (the clones named in
// $GOAL_LENS_REAL, e.g. GOAL_LENS_REAL=~/real/git,~/real/commons-lang; never written to): the team source read in the background (src/git/teams.ts) as the repository
// has it, then with a CODEOWNERS given (each commit's files: from the index when a goal links by `paths`, else one
// `git log --name-only` pass, cold and then cached), and computeOnBoard, which every page update runs on the
// extension's thread. `node bench/teams.js [names...]` (default: git commons-lang). Builds its own bundle of src.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const { realClone, FIXTURES, buildDir, bundleSrc } = require('./srcBundle');

const BUILD = buildDir('teams');
// Owners by top folder: enough rules for every file to be looked up, as a real CODEOWNERS would.
const CODEOWNERS = { path: 'CODEOWNERS', text: ['* @all', '/Documentation/ @docs', '/t/ @tests', '*.c @core', '*.h @core', '/src/main/ @main', '/src/test/ @tests', '*.xml @build'].join('\n') + '\n' };

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: ms(t0) };
}

async function measure(lib, name) {
  const repo = realClone(name);
  const base = path.join(FIXTURES, `${name}.goals.yaml`);
  if (!repo || !fs.existsSync(repo) || !fs.existsSync(base)) return console.log(`\n## ${name}: skipped (no clone named ${name} in $GOAL_LENS_REAL, or no ${base})`);
  // The fixture's goals without `paths` (trailers, branches, keys only): the index then reads no files.
  const noPaths = path.join(BUILD, `${name}.nopaths.yaml`);
  fs.writeFileSync(noPaths, fs.readFileSync(base, 'utf8').replace(/^\s*paths:.*\n/gm, ''));
  console.log(`\n## ${name} (load ${os.loadavg()[0].toFixed(1)})`);
  console.log('| goals | what | ms | teams | basis |');
  console.log('| --- | --- | ---: | ---: | --- |');
  for (const [label, goalsPath] of [['with paths', base], ['no paths', noPaths]]) {
    const loaded = await timed(() => lib.loadIndex(repo, { goalsPath }));
    const { index, repo: gitRepo } = loaded.value;
    const hasFiles = index.commits.every((c) => c.files !== undefined);
    console.log(`| ${label} | index (cold, ${index.commits.length} commits, files in index: ${hasFiles}) | ${loaded.ms.toFixed(0)} | | |`);
    const rows = [
      ['team source as the repository has it', () => lib.teamSource(gitRepo, index)],
      ['team source, CODEOWNERS given (first)', () => lib.teamSource(gitRepo, index, { codeowners: CODEOWNERS })],
      ['team source, CODEOWNERS given (again: cached files)', () => lib.teamSource(gitRepo, index, { codeowners: CODEOWNERS })],
    ];
    for (const [what, fn] of rows) {
      const source = await timed(fn);
      const o1 = await timed(() => lib.computeOnBoard(index, source.value));
      const o2 = await timed(() => lib.computeOnBoard(index, source.value));
      console.log(`| ${label} | ${what} | ${source.ms.toFixed(0)} | ${o1.value.teams.length} | ${source.value.basis} |`);
      console.log(`| ${label} | computeOnBoard, all history (first, again) | ${o1.ms.toFixed(0)}, ${o2.ms.toFixed(0)} | | |`);
      // As the editor keeps it: each commit's teams worked out once, so a page update is a lookup per commit.
      const memo = lib.memoTeamSource(source.value);
      const m1 = await timed(() => lib.computeOnBoard(index, memo));
      const m2 = await timed(() => lib.computeOnBoard(index, memo));
      console.log(`| ${label} | computeOnBoard, memoised source (first, again) | ${m1.ms.toFixed(0)}, ${m2.ms.toFixed(0)} | | |`);
    }
    console.log(`| ${label} | rss after | ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB | | |`);
  }
}

async function main() {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const lib = await bundleSrc(BUILD, [
    "export { loadIndex } from './src/git/indexLoader';",
    "export { teamSource } from './src/git/teams';",
    "export { computeOnBoard, memoTeamSource } from './src/core/figures/onBoard';",
  ]);
  for (const name of names.length ? names : ['git', 'commons-lang']) await measure(lib, name);
  fs.rmSync(BUILD, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
