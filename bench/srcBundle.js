// What the small benchmarks share: where real histories and their goals live, and a bundle of src with just the
// exports a benchmark asks for (built into a temp folder, so dist/ is never touched).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** Clones of real histories, one folder per name; never written to. */
const REAL = process.env.GOAL_LENS_REAL_REPOS || '/work/real';
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

module.exports = { REAL, FIXTURES, buildDir, bundleSrc, realRepos };
