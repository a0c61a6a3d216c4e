// The fast goals.yaml reader (src/core/goalsFast.ts) against the yaml library. Property: whenever the fast path
// accepts a text, it builds the same nodes (kinds, values, sources, ranges, key order) and line starts as
// `parseDocument`, the library finds no error or warning in it, and the full parseGoalsFile result (goals, problems
// with positions, version, trailer) is deep-equal to the library path's. Over thousands of inputs: the realistic
// files, the hand-written cases of goalsFile.test.ts, the fuzz mutations of goalsFuzz.test.ts and random files of a
// generator below. And the fast path must accept the realistic files, so this cannot pass by always declining.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { parseGoalsFile, parseGoalsFileWith, STARTER_GOALS_YAML } from '../../src/core/goalsFile';
import { parseGoalsYamlFast } from '../../src/core/goalsFast';
import { bigGoalsFile, HEAD, leanGoalsFile, mutateAnywhere, mutateTail, rng, TAIL } from './goalsFuzz.test';
import { DEMO_GOALS } from '../helpers/dashboardDemo';

const ROOT = path.resolve(__dirname, '../../..');

/** A canonical dump of a yaml node tree: kind, value, source, type and ranges (start of every node, end of scalars). */
function dump(node: unknown): string {
  if (isMap(node)) {
    return `{@${node.range?.[0]} ${node.items.map((p) => `${dump(p.key)}: ${dump(p.value)}`).join(', ')}}`;
  }
  if (isSeq(node)) return `[@${node.range?.[0]} ${node.items.map(dump).join(', ')}]`;
  if (isScalar(node)) {
    const v = node.value;
    const shown = typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : JSON.stringify(v);
    return `${typeof v}:${shown}(${JSON.stringify(node.source)} ${node.type} ${node.range?.[0]}-${node.range?.[1]})`;
  }
  return `?${String(node)}`;
}

function library(text: string): { contents: unknown; lineStarts: number[]; clean: boolean } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lc, schema: 'core', uniqueKeys: false, merge: false });
  return { contents: doc.contents, lineStarts: lc.lineStarts, clean: doc.errors.length === 0 && doc.warnings.length === 0 };
}

const stats = { accepted: 0, declined: 0 };

/** Checks the property for one text; returns whether the fast path accepted it. */
function same(text: string, label: string): boolean {
  const fast = parseGoalsYamlFast(text);
  const viaLibrary = parseGoalsFileWith(text, 'g/goals.yaml', { fast: false });
  const viaDefault = parseGoalsFile(text, 'g/goals.yaml');
  const where = `${label}: ${JSON.stringify(text.length > 600 ? text.slice(0, 600) + '...' : text)}`;
  assert.deepStrictEqual(viaDefault, viaLibrary, where);
  if (fast === undefined) {
    stats.declined++;
    return false;
  }
  stats.accepted++;
  const lib = library(text);
  assert.ok(lib.clean, `accepted a text the yaml library finds errors in: ${where}`);
  const got = dump(fast.contents);
  const want = dump(lib.contents);
  if (got !== want) {
    let i = 0;
    while (got[i] === want[i]) i++;
    assert.fail(`different nodes from character ${i} of the dump: fast ...${got.slice(i - 80, i + 80)}... library ...${want.slice(i - 80, i + 80)}... in ${where}`);
  }
  assert.deepStrictEqual(fast.lineCounter.lineStarts, lib.lineStarts, where);
  assert.deepStrictEqual(parseGoalsFileWith(text, 'g/goals.yaml', { fast: true }), viaLibrary, where);
  return true;
}

/** Every string expression of a test file that can be worked out statically (literals, `+`, top-level consts). */
function stringsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const consts = new Map<string, string>();
  const out: string[] = [];
  const value = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isParenthesizedExpression(node)) return value(node.expression);
    if (ts.isIdentifier(node)) return consts.get(node.text);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = value(node.left);
      const r = value(node.right);
      return l !== undefined && r !== undefined ? l + r : undefined;
    }
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const v = value(node.initializer);
      if (v !== undefined) consts.set(node.name.text, v);
    }
    const parentIsPlus = node.parent !== undefined && ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.PlusToken;
    if (!parentIsPlus && !(node.parent !== undefined && ts.isParenthesizedExpression(node.parent))) {
      const v = ts.isExpression(node) ? value(node) : undefined;
      if (v !== undefined && v.length > 0) {
        out.push(v);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The ```yaml blocks of a markdown file that hold a goals file. */
function yamlBlocks(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^goals:/m.test(b));
}

// Random goals files, mostly in the fast path's subset, with some of what it declines mixed in.
const WORDS = ['checkout', 'Lift conversion', 'Dana Ruiz (VP Sales)', 'a b  c', 'C#', 'a#b', 'x:y', 'https://example.com:8080/a?b=c#d', 'é ü 😀', "it's", 'say "hi"', 'a, b', 'a [b] {c}', '-x', '-5', '--x', 'a -b', '100%', 'x.'];
const SCALARS = [
  'true', 'True', 'TRUE', 'false', 'FALSE', 'tRue', 'null', 'Null', 'NULL', '~', 'nULL', '0', '-0', '+0', '+5', '-17', '007', '0o17', '0o8', '0x1F', '0X1F', '0xg',
  '1e3', '-1.5e-2', '1E+2', '.5', '1.', '3.10', '3.1', '-.5', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '.NAN', '.Nan', '1_000', '12345678901234567890',
  '2026-02-30', '2027-03-31', '2026-1-1', '20270101', 'active', 'paused', 'Active', 'PAY-1203', 'SHOP-*', 'feat/x-*', 'src/**', 'bad key',
  '"quoted"', '""', "''", "'it''s'", '"a \\" b \\\\ c"', '"\\u00e9\\x41\\t\\n\\/"', '"\\U0001F600"', '"#not comment"', "'#x'", '"a" # c',
  '[]', '{}', '[a, b]', '[ a , b ]', '[a,b]', '[a b, "c", \'d\']', '[[x], {a: [b]}]', '[{ date: 2026-10-01, value: 2 }]', '{ a: 1 }', '{a: 1, b: [2]}',
  '{ url: https://x.com:8080/p }', '[-5, -x]', '[http://a]', '[a, [b, [c, [d]]]]', 'x #c', 'x  # c', 'x#c',
];
/** Values the fast path declines (or the library rejects), mixed in now and then. */
const ODD = ['*not-first', '"\\q"', '"\\U00110000"', '[a, ]', '{ a: 1, a: 2 }', '{ a: }', '{ a }', '{a:1}', '[a: 1]', '[a #c]', '{ "a": 1 }', '&anchor x', '*alias', '!!str 5',
  '!tag x', '|', '>-', '? x', '@x', '`x', '%x', ': x', 'a: b', 'a:', '- x', '-', '[a', 'a]', '"open'];
const FIELDS = ['id', 'title', 'parent', 'status', 'owner', 'advisor', 'due', 'outcome', 'keys', 'branches', 'paths', 'commitments', 'links', 'titel', 'Title', 'true', '1', 'null', 'due date', 'x.y', 'a/b', 'id'];

function randomFile(rand: (n: number) => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
  const unit = pick([2, 2, 2, 4, 3, 1]);
  const sp = (n: number) => ' '.repeat(n);
  const comment = () => (rand(6) === 0 ? pick(['  # note', ' #', '   # x: y', '# not a comment']) : '');
  const filler = (indent: number): string => (rand(8) === 0 ? pick(['\n', sp(indent) + '# comment\n', '# at column 0\n', sp(indent + 3) + '# deeper\n', '   \n']) : '');
  /** Field names for one mapping: distinct, but now and then a duplicate. */
  const names = () => {
    const used = new Set<string>();
    return (): string => {
      let name = pick(FIELDS);
      for (let tries = 0; used.has(name) && rand(30) !== 0 && tries < 20; tries++) name = pick(FIELDS);
      used.add(name);
      return name;
    };
  };
  const scalar = (): string => (rand(40) === 0 ? pick(ODD) : rand(3) === 0 ? pick(WORDS) : pick(SCALARS));
  const lines: string[] = [];
  if (rand(10) === 0) lines.push('---\n');
  if (rand(4) === 0) lines.push('# goals.yaml\n');
  /** A value after `key:` at indent `at` (the key's column): inline, or block lines below. */
  const value = (at: number, depth: number): string => {
    const r = rand(10);
    if (depth > 2 || r < 5) return ' ' + scalar() + comment() + '\n';
    if (r === 5) return comment() + '\n'; // null
    if (r <= 7) {
      // a block sequence, indented or at the key's indentation
      const ind = rand(3) === 0 ? at : at + unit;
      let s = comment() + '\n';
      for (let i = rand(4); i >= 0; i--) s += filler(ind) + sp(ind) + '-' + item(ind, depth + 1);
      return s;
    }
    let s = comment() + '\n';
    const ind = at + unit;
    const name = names();
    for (let i = rand(4); i >= 0; i--) s += filler(ind) + sp(ind) + name() + ':' + value(ind, depth + 1);
    return s;
  };
  /** A sequence item after its `-` at column `at`. */
  const item = (at: number, depth: number): string => {
    const r = rand(8);
    if (r === 0) return comment() + '\n';
    if (r <= 3 || depth > 2) return ' ' + scalar() + comment() + '\n';
    const col = at + 1 + pick([1, 1, 1, 3]);
    const name = names();
    let s = sp(col - at - 1) + name() + ':' + value(col, depth + 1);
    for (let i = rand(3); i > 0; i--) s += filler(col) + sp(col) + name() + ':' + value(col, depth + 1);
    return s;
  };
  const goal = (at: number): string => {
    const col = at + 2;
    const extra = pick(FIELDS);
    const fields = ['id', 'title', ...['parent', 'status', 'owner', 'due', 'keys', 'outcome', 'commitments', 'links'].filter(() => rand(2) === 0)];
    if (!fields.includes(extra) || rand(20) === 0) fields.push(extra);
    const values: Record<string, () => string> = {
      id: () => ' ' + pick(['g' + rand(5), 'g' + rand(5), scalar()]) + comment() + '\n',
      title: () => ' ' + pick([...WORDS, 'Goal ' + rand(9)]) + comment() + '\n',
      parent: () => ' g' + rand(6) + '\n',
      keys: () => (rand(2) === 0 ? ' [PAY-' + rand(9) + ', ' + scalar() + ']\n' : value(col, 1)),
      outcome: () =>
        rand(2) === 0
          ? ' { metric: ' + pick(WORDS.filter((w) => !/[,[\]{}#:]/.test(w))) + ', baseline: ' + pick(SCALARS.filter((s) => /^[-+.\w]+$/.test(s))) + ', measurements: [{ date: 2026-10-01, value: ' + pick(['2', '-0', '.5', 'x', '~']) + ' }] }\n'
          : '\n' + sp(col + unit) + 'metric: M\n' + sp(col + unit) + 'target: ' + pick(SCALARS) + '\n' + sp(col + unit) + 'measurements:\n' + sp(col + unit * 2) + '- date: 2026-10-01\n' + sp(col + unit * 2 + 2) + 'value: ' + pick(SCALARS) + '\n',
      commitments: () => '\n' + sp(col + unit) + '- { what: ' + pick(['Do it', 'x', '"quoted, ok"']) + ', due: ' + pick(['2026-12-15', '2026-13-01', '~']) + ' }\n' + sp(col + unit) + '- ' + scalar() + '\n',
    };
    let s = '';
    fields.forEach((f, i) => {
      s += (i === 0 ? '' : filler(col) + sp(col)) + f + ':' + (values[f] ?? (() => value(col, 1)))();
    });
    return s;
  };
  const top = ['version', 'trailer', 'goals', ...(rand(5) === 0 ? [pick(FIELDS.filter((f) => f !== 'title'))] : [])];
  for (let i = top.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [top[i], top[j]] = [top[j], top[i]];
  }
  for (const key of top) {
    lines.push(filler(0));
    if (key === 'version') lines.push('version: ' + pick(['1', '1', '1', '2', '"1"', '1.0', '~', 'x']) + comment() + '\n');
    else if (key === 'trailer') lines.push('trailer: ' + pick(['Goal', 'Business-Goal', 'bad trailer', '"Goal"']) + '\n');
    else if (key === 'goals') {
      const at = rand(3) === 0 ? 0 : unit;
      lines.push('goals:' + comment() + '\n');
      for (let g = rand(5); g >= 0; g--) lines.push(filler(at) + sp(at) + '- ' + goal(at));
    } else lines.push(key + ':' + value(0, 1));
  }
  return lines.join('');
}

describe('goals.yaml fast path: same result as the yaml library', function () {
  this.timeout(120_000);

  it('accepts the realistic files: starter, README and walkthrough examples, demo, fuzz base, big and lean files', () => {
    const realistic: [string, string][] = [
      ['starter', STARTER_GOALS_YAML],
      ['demo', DEMO_GOALS],
      ['fuzz base', HEAD + TAIL],
      ...yamlBlocks('README.md').map((b, i): [string, string] => [`README block ${i}`, b]),
      ...yamlBlocks('media/walkthrough/create-goals.md').map((b, i): [string, string] => [`walkthrough block ${i}`, b]),
      ...[1, 2, 3, 10, 200].map((n): [string, string] => [`big ${n}`, bigGoalsFile(n)]),
      ...[1, 2, 3, 10, 200].map((n): [string, string] => [`lean ${n}`, leanGoalsFile(n)]),
      ['no final newline', STARTER_GOALS_YAML.trimEnd()],
      ['document start', '---\n' + STARTER_GOALS_YAML],
      ['list at the key indentation', 'version: 1\ngoals:\n- id: a\n  title: A\n  keys:\n  - PAY-1\n- id: b\n  title: B\n'],
    ];
    assert.ok(realistic.filter(([name]) => name.startsWith('README')).length >= 1, 'the README example was found');
    for (const [name, text] of realistic) {
      assert.ok(same(text, name), `the fast path accepts ${name}`);
      assert.ok(parseGoalsFile(text).goals.length > 0, name);
    }
  });

  it('accepts every structure of its subset, with the nodes the library builds', () => {
    const cases = [
      'version: 1\ngoals:\n  -\n    id: a\n    title: A\n',
      'version: 1\ngoals:\n  - # a comment\n    id: a\n    title: A\n  -\n  - ~\n',
      'version: 1\ngoals:\n  - id: a\n    keys:\n    - X-1\n    - X-2\n    title: A\n',
      'version: 1\ngoals:\n  -   id: a\n      title: A\n',
      'version: 1\ngoals:\n  - id: a\n    title:  a  b   \n    owner: \'a # b\'\n    advisor: "x" # c\n    due date: 2027-01-01\n',
      'version: 1\ngoals:\n  - id: a\n    title: A\n    keys: [ ]\n    paths: [a,b]\n    outcome: { }\n    branches: [ {a: 1} , [ b ] , "c" ]\n',
      'version: 1\ngoals:\n  - id: a\n    title: Ünïcode 😀 [x] {y}, z\n    keys: [😀, "é"]\n',
      'version: 1\ngoals:',
      'goals: []\nversion: 1',
      'version: 1\ngoals:\n  - id: a\n    title: A\n    outcome:\n      metric: M\n      measurements:\n        - date: 2026-10-01\n          value: -1.5\n        -\n          date: 2026-11-01\n          value: 0x10\n',
      '# head\n\n   \nversion: 1   # v\n\ngoals:   # g\n# between\n  - id: a   # i\n      # deeper comment\n    title: A\n# end\n',
    ];
    for (const [i, text] of cases.entries()) assert.ok(same(text, `structure ${i}`), `the fast path accepts structure ${i}: ${JSON.stringify(text)}`);
  });

  it('the hand-written cases of goalsFile.test.ts and goalsFuzz.test.ts: alone and after a goals header', () => {
    const strings = [...stringsOf('test/unit/goalsFile.test.ts'), ...stringsOf('test/unit/goalsFuzz.test.ts')];
    assert.ok(strings.length > 100, `harvested ${strings.length} strings`);
    let accepted = 0;
    for (const [i, s] of strings.entries()) {
      if (same(s, `string ${i}`)) accepted++;
      if (!s.startsWith('version')) same('version: 1\ngoals:\n' + s, `header + string ${i}`);
    }
    assert.ok(accepted > 30, `accepted ${accepted} of ${strings.length}`);
  });

  it('3,000 mutations of the last goal of the fuzz file (as goalsFuzz.test.ts makes them)', () => {
    for (const seed of [20261105, 99]) {
      const rand = rng(seed);
      let accepted = 0;
      for (let i = 0; i < 1500; i++) {
        const { tail, kind } = mutateTail(rand);
        if (same(HEAD + tail, `seed ${seed} iteration ${i} (${kind})`)) accepted++;
      }
      assert.ok(accepted > 200, `seed ${seed}: the fast path took ${accepted} of 1,500 mutated files`);
    }
  });

  it('1,000 mutations anywhere in the fuzz file', () => {
    const rand = rng(11);
    const whole = HEAD + TAIL;
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const text = mutateAnywhere(whole, rand, 1 + rand(3));
      if (same(text, `whole-file iteration ${i}`)) accepted++;
    }
    assert.ok(accepted > 100, `the fast path took ${accepted} of 1,000`);
  });

  it('3,000 random goals files (values of every type, styles of indentation, comments)', () => {
    const rand = rng(4242);
    let accepted = 0;
    let withProblems = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomFile(rand);
      if (same(text, `random file ${i}`)) {
        accepted++;
        if (parseGoalsFile(text).problems.length > 0) withProblems++;
      }
    }
    assert.ok(accepted > 800, `the fast path took ${accepted} of 3,000`);
    assert.ok(withProblems > 300, `accepted files with problems: ${withProblems}`);
  });

  it('declines what is outside its subset, and the result is still what the library gives', () => {
    const base = 'version: 1\ngoals:\n  - id: a\n    title: A\n';
    const declined: [string, string][] = [
      ['anchor and alias', base + '  - id: b\n    title: &t B\n    owner: *t\n'],
      ['tag', base + '    owner: !!str 5\n'],
      ['block scalar', base + '    owner: |\n      Dana\n'],
      ['folded block scalar', base + '    owner: >-\n      Dana\n      Ruiz\n'],
      ['multi-line plain scalar', base + '    owner: Dana\n      Ruiz\n'],
      ['multi-line quoted scalar', base + '    owner: "Dana\n      Ruiz"\n'],
      ['plain scalar on the next line', base + '    owner:\n      Dana\n'],
      ['flow list over two lines', base + '    keys: [PAY-1,\n      PAY-2]\n'],
      ['tab indentation', base + '\towner: Dana\n'],
      ['tab in a value', base + '    owner: Dana\tRuiz\n'],
      ['duplicate key', base + '    title: B\n'],
      ['duplicate key in a flow map', base + '    outcome: { metric: a, metric: b }\n'],
      ['explicit key', base + '    ? owner\n    : Dana\n'],
      ['quoted key', base + '    "owner": Dana\n'],
      ['directive', '%YAML 1.2\n---\n' + base],
      ['document end', base + '...\n'],
      ['second document', base + '---\nversion: 1\n'],
      ['BOM', '\ufeff' + base],
      ['CRLF', base.replace(/\n/g, '\r\n')],
      ['odd indentation', base + '   owner: Dana\n'],
      ['deeper key', base + '      owner: Dana\n'],
      ['mapping on one line', base + '    owner: a: b\n'],
      ['nested compact list', base + '    keys:\n      - - PAY-1\n'],
      ['empty flow value', base + '    outcome: { metric: }\n'],
      ['trailing comma', base + '    keys: [PAY-1, ]\n'],
      ['pair in a flow list', base + '    keys: [a: 1]\n'],
      ['bad escape', base + '    owner: "\\q"\n'],
      ['unclosed quote', base + '    owner: "Dana\n'],
      ['control character', base + '    owner: Da\u0007na\n'],
      ['lone surrogate', base + '    owner: Da\ud800na\n'],
      ['indented top level', '  version: 1\n  goals: []\n'],
      ['top-level list', '- id: a\n  title: A\n'],
      ['empty file', ''],
      ['comments only', '# nothing\n'],
      ['deep flow nesting', base + '    keys: ' + '['.repeat(500) + 'a' + ']'.repeat(500) + '\n'],
    ];
    for (const [name, text] of declined) {
      assert.strictEqual(parseGoalsYamlFast(text), undefined, `declines: ${name}`);
      same(text, name);
    }
  });

  it('accepted and declined counts (for the record)', () => {
    assert.ok(stats.accepted > 2000 && stats.declined > 1000, JSON.stringify(stats));
    console.log(`      fast path took ${stats.accepted} texts, declined ${stats.declined}`);
  });
});
