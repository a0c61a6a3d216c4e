import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'child_process', 'node:child_process', 'simple-git', 'vscode',
  'os', 'node:os', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'worker_threads', 'node:worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', '.vscode-test/**', 'bench/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
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
    files: ['src/git/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may use vscode.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
