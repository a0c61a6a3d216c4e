import * as assert from 'assert';
import { globToRegExp, matchGlob, validateGlob } from '../../src/core/links/glob';

function yes(glob: string, ...texts: string[]): void {
  for (const text of texts) assert.strictEqual(matchGlob(glob, text), true, `${glob} should match ${text}`);
}
function no(glob: string, ...texts: string[]): void {
  for (const text of texts) assert.strictEqual(matchGlob(glob, text), false, `${glob} should not match ${text}`);
}

describe('glob', () => {
  it('matches literally and anchors the whole text', () => {
    yes('src/a.ts', 'src/a.ts');
    no('src/a.ts', 'src/a.tsx', 'x/src/a.ts', 'src/a_ts');
    yes('a.b+c(d)|e$^', 'a.b+c(d)|e$^');
  });

  it('* stays within one segment (branch globs)', () => {
    yes('feat/checkout-*', 'feat/checkout-retry', 'feat/checkout-');
    no('feat/checkout-*', 'feat/checkout/x', 'feat/checkout-retry/x', 'feat/checkout');
    yes('*', 'main');
    no('*', 'feat/x');
    yes('*/x', 'a/x');
    no('*/x', 'a/b/x');
  });

  it('** spans any number of segments, including zero', () => {
    yes('src/**', 'src', 'src/a', 'src/a/b.ts');
    no('src/**', 'srcx', 'lib/src/a');
    yes('**/x.ts', 'x.ts', 'a/x.ts', 'a/b/x.ts');
    no('**/x.ts', 'ax.ts');
    yes('a/**/b', 'a/b', 'a/x/b', 'a/x/y/b');
    no('a/**/b', 'ab', 'a/xb');
    yes('**', '', 'a', 'a/b/c');
    yes('src/**/*.ts', 'src/a.ts', 'src/x/y/a.ts');
    no('src/**/*.ts', 'src/a.js');
  });

  it('** inside a segment is a plain *', () => {
    yes('a**b', 'ab', 'axxb');
    no('a**b', 'ax/xb');
  });

  it('? is one character other than /', () => {
    yes('v?', 'v1', 'vé');
    no('v?', 'v', 'v12', 'v/');
    yes('a?b', 'a-b');
    no('a?b', 'a/b');
  });

  it('character classes', () => {
    yes('[abc]x', 'ax', 'cx');
    no('[abc]x', 'dx');
    yes('v[0-9]', 'v0', 'v9');
    no('v[0-9]', 'va');
    yes('[!a]', 'b');
    no('[!a]', 'a', '/');
    yes('[^a]', 'b');
    yes('[]a]', ']', 'a');
    yes('[a-]', '-', 'a');
    no('[/]', '/');
  });

  it('{a,b} alternation, nested and with globs inside', () => {
    yes('*.{ts,js}', 'a.ts', 'a.js');
    no('*.{ts,js}', 'a.css');
    yes('src/{api,web/**}', 'src/api', 'src/web', 'src/web/a/b');
    no('src/{api,web/**}', 'src/apix', 'src/api/a');
    yes('{a,b{c,d}}', 'a', 'bc', 'bd');
    no('{a,b{c,d}}', 'b');
    yes('x{,-y}', 'x', 'x-y');
  });

  it('escapes and normalisation', () => {
    yes('a\\*', 'a*');
    no('a\\*', 'ab');
    yes('\\[x]', '[x]');
    yes('./src/*', 'src/a');
    yes('/src/*', 'src/a');
    yes('src/payments/', 'src/payments', 'src/payments/a/b');
    yes('a,b', 'a,b');
  });

  it('validateGlob reports bad globs and accepts good ones', () => {
    for (const good of ['feat/*', 'src/**', '**/x', '[a-z]', '[!a]', '{a,b}', 'a\\{', 'PAY-*', 'a,b']) {
      assert.strictEqual(validateGlob(good), null, good);
    }
    assert.strictEqual(validateGlob(''), 'empty glob');
    assert.strictEqual(validateGlob('   '), 'empty glob');
    assert.match(validateGlob('feat/[x')!, /unclosed '\['/);
    assert.match(validateGlob('src/{a,b')!, /unclosed '\{'/);
    assert.match(validateGlob('a}')!, /unmatched '\}'/);
    assert.match(validateGlob('[z-a]')!, /bad range 'z-a'/);
    assert.match(validateGlob('a\\')!, /ends with/);
  });

  it('a bad glob never throws and matches only its own text', () => {
    for (const bad of ['feat/[x', 'src/{a,b', 'a}', '[z-a]', 'a\\']) {
      assert.doesNotThrow(() => globToRegExp(bad));
      assert.strictEqual(matchGlob(bad, bad), true, bad);
      assert.strictEqual(matchGlob(bad, bad + 'x'), false, bad);
    }
    assert.strictEqual(matchGlob('', ''), false);
    assert.strictEqual(matchGlob('', 'a'), false);
  });

  it('caches compiled globs', () => {
    assert.strictEqual(globToRegExp('feat/cache-*'), globToRegExp('feat/cache-*'));
  });

  it('never throws on random globs', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = 'ab/*?[]{},!^-\\.x';
    for (let i = 0; i < 500; i++) {
      let g = '';
      const len = Math.floor(rand() * 12);
      for (let j = 0; j < len; j++) g += alphabet[Math.floor(rand() * alphabet.length)];
      assert.doesNotThrow(() => {
        matchGlob(g, 'a/b');
        validateGlob(g);
      }, g);
    }
  });
});
