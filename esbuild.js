// Bundles the extension and the command line. `node esbuild.js [--watch] [--production]`
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The yaml library reads process.env.LOG_TOKENS for every token it parses (a debugging switch); on a
// 10,000-goal file that lookup alone is a large share of the parse. Bundled builds switch it off at build time.
const yamlDebugOff = {
  name: 'yaml-debug-off',
  setup(build) {
    build.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const text = await require('fs').promises.readFile(args.path, 'utf8');
      return { contents: text.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false'), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [yamlDebugOff],
  define: { __VERSION__: JSON.stringify(require('./package.json').version) },
};

// Tree-sitter for Impact (src/parse/treeSitter.ts): the runtime and the grammars are copied beside the bundles
// and loaded on first use, so they add nothing to extension.js. Same files as GRAMMAR_SOURCES there.
const TREE_SITTER_FILES = [
  ['web-tree-sitter', ''], // its main file, tree-sitter.cjs (the package exports no other path to it)
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['@vscode/tree-sitter-wasm', 'wasm/tree-sitter-java.wasm'],
  ['@vscode/tree-sitter-wasm', 'wasm/tree-sitter-c-sharp.wasm'],
  ['@vscode/tree-sitter-wasm', 'wasm/tree-sitter-go.wasm'],
  ['@vscode/tree-sitter-wasm', 'wasm/tree-sitter-python.wasm'],
  ['tree-sitter-wasms', 'out/tree-sitter-kotlin.wasm'],
];

function copyTreeSitter() {
  const fs = require('fs');
  const path = require('path');
  fs.mkdirSync('dist/tree-sitter', { recursive: true });
  for (const [pkg, file] of TREE_SITTER_FILES) {
    const from = require.resolve(file ? `${pkg}/${file}` : pkg);
    fs.copyFileSync(from, path.join('dist/tree-sitter', path.basename(from)));
  }
}

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'web-tree-sitter'] },
  // The suggestions worker (src/extension/model/suggestWorker.ts): a thread of its own, started by extension.js.
  { ...common, entryPoints: ['src/extension/model/suggestWorker.ts'], outfile: 'dist/suggestWorker.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['web-tree-sitter'], banner: { js: '#!/usr/bin/env node' } },
  // The dashboard's client script (webview and HTML report): chart.js and its CSS bundled for the browser, never into extension.js.
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, sourcemap: false, logLevel: 'warning',
    entryPoints: ['media/dashboard/main.js'], outfile: 'dist/dashboard.js', loader: { '.css': 'text' }, legalComments: 'eof' },
];

async function main() {
  if (watch) {
    copyTreeSitter();
    for (const b of builds) (await esbuild.context(b)).watch();
    return;
  }
  copyTreeSitter();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  require('fs').chmodSync('dist/cli.js', 0o755);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
