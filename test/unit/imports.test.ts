import * as assert from 'assert';
import { extractImports, importSearchWord, resolveImport, resolvedImports } from '../../src/core/impact/imports';

describe('imports', () => {
  it('finds every import form', () => {
    const src = `
import a from './a';
import type { T } from "./types";
import * as ns from '../ns';
import {
  x,
  y,
} from './multi';
import './side-effect';
export * from './reexport';
export { z } from './reexport2';
const r = require('./req');
import eq = require('./eq');
const lazy = await import('./lazy');
const tpl = import(\`./tpl\`);
import fs from 'fs';
`;
    assert.deepStrictEqual(extractImports(src), [
      './a', './types', '../ns', './multi', './side-effect', './reexport', './reexport2', './req', './eq', './lazy', './tpl', 'fs',
    ]);
  });

  it('skips comments, strings, templates, regexes and member calls', () => {
    const src = `
// import a from './commented';
/* require('./block') */
const s = "import x from './in-string'";
const t = \`require('./in-template') \${ require('./in-expr') } import('./after')\`;
const re = /from '.\\/regex'/g;
const d = a / b; import c from './after-division';
obj.require('./member');
const m = import.meta.url;
const x = { from: 'not-an-import' };
`;
    assert.deepStrictEqual(extractImports(src), ['./in-expr', './after-division']);
  });

  it('resolves relative specifiers with extensions, index files and .js-for-.ts', () => {
    const files = new Set(['src/lib/money.ts', 'src/lib/index.ts', 'src/ui/Button.tsx', 'src/old.cjs', 'src/esm.ts', 'src/data.json']);
    assert.strictEqual(resolveImport('src/app.ts', './lib/money', files), 'src/lib/money.ts');
    assert.strictEqual(resolveImport('src/app.ts', './lib', files), 'src/lib/index.ts');
    assert.strictEqual(resolveImport('src/lib/money.ts', '.', files), 'src/lib/index.ts');
    assert.strictEqual(resolveImport('src/ui/x.ts', '../lib/', files), 'src/lib/index.ts');
    assert.strictEqual(resolveImport('src/ui/x.ts', './Button', files), 'src/ui/Button.tsx');
    assert.strictEqual(resolveImport('src/app.ts', './old.cjs', files), 'src/old.cjs');
    assert.strictEqual(resolveImport('src/app.ts', './esm.js', files), 'src/esm.ts');
    assert.strictEqual(resolveImport('src/app.ts', './data.json', files), 'src/data.json');
    assert.strictEqual(resolveImport('src/app.ts', 'lodash', files), null);
    assert.strictEqual(resolveImport('src/app.ts', './missing', files), null);
    assert.strictEqual(resolveImport('a.ts', '../../outside', files), null);
    assert.deepStrictEqual(resolvedImports('src/app.ts', "import {m} from './lib/money';\nimport './lib/money.ts';\n", files), ['src/lib/money.ts']);
  });

  it('search word: the stem, or the folder name of an index file', () => {
    assert.strictEqual(importSearchWord('src/lib/money.ts', false), 'money');
    assert.strictEqual(importSearchWord('src/lib/index.ts', false), 'lib');
    assert.strictEqual(importSearchWord('src/lib', true), 'lib');
    assert.strictEqual(importSearchWord('types.d.ts', false), 'types');
  });
});
