// What the small benchmarks share: where real histories and their goals live, and a bundle of src with just the
// exports a benchmark asks for (built into a temp folder, so dist/ is never touched).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/**
 * Real repositories a benchmark measures when the user gives them (bench/run.js --real, bench/impact.js --repos,
 * or $GOAL_LENS_REAL for both): a comma-separated list of DIR or DIR:FILE (FILE: a file in it the benchmark looks
 * at, e.g. the shared file whose dependents bench/impact.js counts). Empty or 'none': none; never a default.
 */
function realRepos(list) {
  if (!list || list === 'none') return [];
  return list.split(',').filter(Boolean).map((entry) => {
    // The last colon splits off FILE, unless it is a Windows drive letter's (C:\repo); DIR may be a bare clone.
    const at = entry.lastIndexOf(':');
    if (at > 1 && at < entry.length - 1) return { dir: path.resolve(entry.slice(0, at)), file: entry.slice(at + 1) };
    return { dir: path.resolve(entry), file: null };
  });
}

/** A real repository's short name: its folder, or the mirror's owner+name folder for a `.../owner+name/repo` clone. */
function realName(dir) {
  return path.basename(dir) === 'repo' ? path.basename(path.dirname(dir)).replace(/^[^+]*\+/, '') : path.basename(dir).replace(/\.git$/, '');
}

/** The clone named `name` (e.g. commons-lang) among $GOAL_LENS_REAL, or null: never a default path. */
function realClone(name) {
  const hit = realRepos(process.env.GOAL_LENS_REAL).find((r) => realName(r.dir) === name);
  return hit ? hit.dir : null;
}

/** bench/fixtures/NAME.goals.yaml: the goals each real history is measured with. */
const FIXTURES = path.join(__dirname, 'fixtures');

/** A new temp folder for one benchmark's bundle and scratch files. */
const buildDir = (name) => fs.mkdtempSync(path.join(os.tmpdir(), `goal-lens-${name}-bench-`));

/** Bundles `exportLines` (TypeScript `export … from './src/…'` lines) into `dir` and returns the loaded module. */
async function bundleSrc(dir, exportLines) {
  const outfile = path.join(dir, 'lib.js');
  await require('esbuild').build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'warning',
    stdin: { contents: exportLines.join('\n'), resolveDir: ROOT, loader: 'ts' },
    outfile,
  });
  return require(outfile);
}

module.exports = { FIXTURES, buildDir, bundleSrc, realRepos, realName, realClone };
