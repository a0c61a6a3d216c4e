import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const nodeOnly = ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'child_process', 'node:child_process', 'simple-git', 'vscode',
  'os', 'node:os', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'worker_threads', 'node:worker_threads'];

/** Every Node built-in, plain and `node:`-prefixed: the editor layer reaches them through one adapter only. */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`]));
const NODE_ADAPTER = 'src/extension/nodeAdapter.ts';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/**', 'test/fixtures/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // src is checked with type information: typescript-eslint's strictTypeChecked.
    files: ['src/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Numbers in messages are the common case and read fine; objects, undefined and null stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => void promise` and `(x) => emitter.fire(x)` are clear enough.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // vscode's Disposable is structural: EventEmitters and provider objects are pushed as disposables.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // No import cycles anywhere in src: a circle means two modules share a job that belongs in a third.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts'], 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The core is pure: no editor, no processes, no file system. Everything it needs comes in as data.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeOnly.map((name) => ({ name, message: 'src/core is pure: pass data in from src/git or src/extension.' })),
        patterns: [{ group: ['**/git/*', '**/extension/*', '**/cli/*'], message: 'src/core must not depend on outer layers.' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core is pure: no process access.' }],
    },
  },
  {
    files: ['src/git/**/*.ts', 'src/cli/**/*.ts', 'src/parse/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may use vscode.' }] }],
    },
  },
  {
    // The editor layer adapts: git work goes through src/git, files through vscode.workspace.fs or the adapter.
    files: ['src/extension/**/*.ts'],
    ignores: [NODE_ADAPTER],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.map((name) => ({ name, message: `Node built-ins in src/extension go through ${NODE_ADAPTER} (git work through src/git).` })) }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The dashboard's client runs in a webview and a plain browser page: browser globals, ES modules, no vscode.
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Webview code talks to the extension by postMessage only.' }, ...nodeBuiltins.map((name) => ({ name, message: 'Webview code runs in a browser.' }))] }],
    },
  },
);
