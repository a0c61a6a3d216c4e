// Bundles the extension and the command line. `node esbuild.js [--watch] [--production]`
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(require('./package.json').version) },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The dashboard's client script (webview and HTML report): chart.js and its CSS bundled for the browser, never into extension.js.
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, sourcemap: false, logLevel: 'warning',
    entryPoints: ['media/dashboard/main.js'], outfile: 'dist/dashboard.js', loader: { '.css': 'text' }, legalComments: 'eof' },
];

async function main() {
  if (watch) {
    for (const b of builds) (await esbuild.context(b)).watch();
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  require('fs').chmodSync('dist/cli.js', 0o755);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
