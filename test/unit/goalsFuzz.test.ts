// Property tests of parseGoalsFile on mutated goals.yaml files (issue 8): random bytes, deleted, duplicated and
// swapped lines, indentation changes, type changes, and huge values. With a fixed seed, so a failure repeats.
// Properties, for every input: the parser never throws; every problem's position is inside the file; goal ids
// are unique and parents name goals; and goals a mutation did not touch still load exactly as before.
// (goalsFile.test.ts has a smaller fuzz test of character edits anywhere in the file; this one is broader.)
import * as assert from 'assert';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import type { Goal, GoalsFile } from '../../src/core/types';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

// Three intact goals, then the goal every mutation works on (always the last one, from `- id: target`).
export const HEAD = `version: 1
trailer: Goal
goals:
  - id: growth
    title: Grow online revenue
    owner: Dana Ruiz
    due: 2027-12-31
  - id: checkout
    title: Lift checkout conversion
    parent: growth
    keys: [SHOP-*, PAY-1203]
    branches: [feat/checkout-*]
    paths: [src/payments/**]
    outcome:
      metric: Conversion
      unit: "%"
      baseline: 3.1
      target: 4.0
      measurements:
        - { date: 2026-10-01, value: 3.2 }
    commitments:
      - { what: One-click retry, due: 2026-12-15, done: 2026-12-10 }
    links:
      - { title: Case, url: https://example.com/case }
  - id: search
    title: Faster search
    status: paused
`;
export const TAIL = `  - id: target
    title: The goal under mutation
    parent: checkout
    status: active
    owner: Lee Park
    advisor: Sam Okafor
    due: 2027-03-31
    keys: [PAY-7, SHOP-*]
    branches: [feat/target-*, fix/**]
    paths: [src/target/**]
    outcome:
      metric: Latency
      baseline: 300
      target: 200
      measurements:
        - { date: 2026-11-01, value: 250 }
        - date: 2026-12-01
          value: 240
    commitments:
      - { what: Cache, due: 2026-12-15 }
      - Plain text commitment
    links:
      - { title: Doc, url: https://example.com/doc }
`;
const INTACT_IDS = ['growth', 'checkout', 'search'];
const BASE = parseGoalsFile(HEAD + TAIL);

/** Strips what may legitimately change when text after a goal changes: nothing (a goal's line/column too stays). */
function shape(g: Goal): string {
  return JSON.stringify(g);
}

const INTACT = BASE.goals.filter((g) => INTACT_IDS.includes(g.id)).map(shape);

function lineCountOf(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Parses and checks the properties that hold for any input. Returns the result. */
function check(text: string, label: string): GoalsFile {
  let f: GoalsFile;
  try {
    f = parseGoalsFile(text);
  } catch (err) {
    assert.fail(`${label}: parseGoalsFile threw ${String(err)} on ${JSON.stringify(text.slice(0, 300))}`);
  }
  const lines = lineCountOf(text);
  const lengths = text.split('\n').map((l) => l.length);
  // A column may point just past the end of its line (a missing value), never further.
  const inLine = (line: number, column: number) => Number.isInteger(column) && column >= 1 && column <= (lengths[line - 1] ?? 0) + 1;
  for (const p of f.problems) {
    const where = `${label}: problem ${JSON.stringify(p).slice(0, 300)} (file has ${lines} lines) in ${JSON.stringify(text.slice(0, 200))}`;
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines, where);
    assert.ok(inLine(p.line, p.column), where);
    if (p.endLine !== undefined) {
      assert.ok(p.endLine >= p.line && p.endLine <= lines, where);
      assert.ok(p.endColumn !== undefined && inLine(p.endLine, p.endColumn), where);
    }
    assert.ok(typeof p.message === 'string' && p.message.length > 0 && p.message.length < 2000, where);
  }
  const ids = new Set(f.goals.map((g) => g.id));
  assert.strictEqual(ids.size, f.goals.length, `${label}: goal ids are unique`);
  for (const g of f.goals) {
    if (g.parent !== undefined) assert.ok(ids.has(g.parent), `${label}: parent of ${g.id} exists`);
    assert.ok(g.line >= 1 && g.line <= lines && g.column >= 1, `${label}: position of goal ${g.id}`);
  }
  return f;
}

/** The first goals, which the mutation did not touch, load exactly as in the unmutated file. */
function assertIntact(f: GoalsFile, label: string, text: string): void {
  const got = f.goals.filter((g) => INTACT_IDS.includes(g.id)).map(shape);
  assert.deepStrictEqual(got, INTACT, `${label}: the untouched goals changed; input tail ${JSON.stringify(text.slice(HEAD.length, HEAD.length + 400))}`);
}

export const PIECES = ['\t', ' ', '  ', '\n', ':', ': ', '- ', '-', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '*zz', '!!int ', '!!map ', '!foo ', '#', '? ', '|', '>-', '%YAML 1.2', '---', '...', '@', '`', '\u0000', '\u0007', '\ufeff', '\ud800', '\ufffd', '\r', '\r\n', 'id: x', 'parent: target', 'parent: ', 'id: growth', '2027-99-99', '<<: *a', '=', '~', 'null', 'true', '0x1F', '.nan', '1e999'];

const TYPE_SWAPS: [RegExp, string[]][] = [
  [/^( {4}keys:).*$/m, [' { a: 1 }', ' 42', ' true', ' [[nested], {a: b}]', ' ~', ' "SHOP-1"', ' !!binary aGVsbG8=']],
  [/^( {4}branches:).*$/m, [' { a: 1 }', ' 7', ' [[x]]', ' ["[oops"]', ' ""']],
  [/^( {4}paths:).*$/m, [' {}', ' [1, 2]', ' [{a: b}]', ' "**/../.."']],
  [/^( {4}title:).*$/m, [' [a, b]', ' { x: 1 }', ' 12', ' ~', ' ""', ' !!null x', ' *nope']],
  [/^( {2}- id:).*$/m, [' [a]', ' { a: b }', ' 3.5', ' "bad id"', ' growth', ' ""', ' -x', ' target']],
  [/^( {4}parent:).*$/m, [' [growth]', ' target', ' nowhere', ' { a: 1 }', ' 5']],
  [/^( {4}status:).*$/m, [' [active]', ' Active', ' 1', ' ~']],
  [/^( {4}due:).*$/m, [' [2027-01-01]', ' 2027-02-30', ' 2027/01/01', ' 20270101', ' { y: 2027 }']],
  [/^( {4}outcome:).*$/m, [' [1, 2]', ' plain metric', ' 12']],
  [/^( {6}measurements:).*$/m, [' 5', ' { date: 2026-01-01 }', ' [1, [2]]']],
  [/^( {6}baseline:).*$/m, [' [1]', ' "3,1"', ' .inf', ' abc', ' 0x10']],
  [/^( {4}commitments:).*$/m, [' 5', ' { what: x }', ' [[1]]']],
  [/^( {4}links:).*$/m, [' 5', ' { url: x }', ' [[1]]', ' ["https://x"]']],
];

/** Mutates the TAIL (the last goal) only, in one of several ways. */
export function mutateTail(rand: (n: number) => number): { tail: string; kind: string } {
  let tail = TAIL;
  const kind = ['bytes', 'lines', 'indent', 'types', 'mixed'][rand(5)];
  const edits = 1 + rand(4);
  for (let e = 0; e < edits; e++) {
    const k = kind === 'mixed' ? ['bytes', 'lines', 'indent', 'types'][rand(4)] : kind;
    // Keep the first line's "  - " so the mutation stays inside the last goal of the list.
    const safe = 4;
    if (k === 'bytes') {
      const at = safe + rand(tail.length - safe + 1);
      const op = rand(3);
      if (op === 0) {
        let bytes = '';
        for (let i = rand(6); i >= 0; i--) bytes += String.fromCharCode(rand(4) === 0 ? rand(0x10000) : rand(128));
        tail = tail.slice(0, at) + bytes + tail.slice(at);
      } else if (op === 1) tail = tail.slice(0, at) + PIECES[rand(PIECES.length)] + tail.slice(at);
      else tail = tail.slice(0, at) + tail.slice(at + 1 + rand(12));
    } else if (k === 'lines') {
      const lines = tail.split('\n');
      const first = lines.shift() as string; // `  - id: target` stays
      const op = rand(3);
      const i = rand(lines.length);
      const j = rand(lines.length);
      if (op === 0) lines.splice(i, 1);
      else if (op === 1) lines.splice(i, 0, lines[j]);
      else [lines[i], lines[j]] = [lines[j], lines[i]];
      tail = [first, ...lines].join('\n');
    } else if (k === 'indent') {
      const lines = tail.split('\n');
      const i = 1 + rand(lines.length - 1);
      const op = rand(4);
      if (op === 0) lines[i] = ' '.repeat(1 + rand(3)) + lines[i];
      else if (op === 1) lines[i] = lines[i].replace(/^ {1,3}/, '');
      else if (op === 2) lines[i] = '\t' + lines[i];
      else lines[i] = '    ' + lines[i].trimStart();
      tail = lines.join('\n');
    } else {
      const [re, values] = TYPE_SWAPS[rand(TYPE_SWAPS.length)];
      const value = values[rand(values.length)];
      tail = tail.replace(re, (_m, key: string) => key + value);
    }
  }
  return { tail, kind };
}

describe('goals.yaml fuzz: mutated files never break the parser', function () {
  this.timeout(30_000);

  it('the unmutated file has no problems and 4 goals', () => {
    assert.deepStrictEqual(BASE.problems, []);
    assert.deepStrictEqual(BASE.goals.map((g) => g.id), [...INTACT_IDS, 'target']);
  });

  it('3,000 mutations of the last goal (bytes, lines, indentation, types): no throw, positions inside the file, the first goals load intact', () => {
    const rand = rng(20261105);
    const kinds = new Map<string, number>();
    let withProblems = 0;
    for (let i = 0; i < 3000; i++) {
      const { tail, kind } = mutateTail(rand);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const text = HEAD + tail;
      const f = check(text, `iteration ${i} (${kind})`);
      if (f.problems.length > 0) withProblems++;
      // A mutation in the last goal may make it a sibling of the goals list ("trailer:" at two spaces, say) or
      // break the YAML; goals before it must still load unchanged unless the YAML itself is broken.
      if (!f.problems.some((p) => p.code === 'syntax' && p.severity === 'error')) assertIntact(f, `iteration ${i} (${kind})`, text);
      else assert.ok(Array.isArray(f.goals));
    }
    assert.ok(withProblems > 1000, `mutations produce problems (${withProblems})`);
    for (const k of ['bytes', 'lines', 'indent', 'types', 'mixed']) assert.ok((kinds.get(k) ?? 0) > 300, k);
  });

  it('a syntax error in the last goal still loads the goals before it', () => {
    for (const bad of ['  - id: [unclosed\n', '  - id: target\n    title: "open\n', '  - { id: target, title: x\n', '  - id: target\n   title: x\n  y: : :\n']) {
      const text = HEAD + bad;
      const f = check(text, JSON.stringify(bad));
      assert.ok(f.problems.some((p) => p.severity === 'error'), `an error for ${JSON.stringify(bad)}`);
      assertIntact(f, JSON.stringify(bad), text);
    }
  });

  it('mutations anywhere in the file (the whole text, 1,000 times): no throw, positions inside the file', () => {
    const rand = rng(7);
    const whole = HEAD + TAIL;
    for (let i = 0; i < 1000; i++) {
      const text = mutateAnywhere(whole, rand, 1 + rand(5));
      check(text, `whole-file iteration ${i}`);
    }
  });

  it('huge values: a 1 MB title, 100,000 keys (flow and block), deep nesting, a 200 kB id', () => {
    const title = 'x'.repeat(1024 * 1024);
    let f = check(HEAD + TAIL.replace(/^( {4}title:).*$/m, `$1 ${title}`), '1 MB title');
    assertIntact(f, '1 MB title', '');
    assert.strictEqual(f.goals.find((g) => g.id === 'target')?.title.length, title.length);

    const keys = Array.from({ length: 100_000 }, (_, i) => `K${i}-${i}`);
    keys[99_999] = 'not a key';
    f = check(HEAD + TAIL.replace(/^( {4}keys:).*$/m, `$1 [${keys.join(', ')}]`), '100k keys');
    assertIntact(f, '100k keys', '');
    assert.strictEqual(f.goals.find((g) => g.id === 'target')?.keys.length, 99_999);
    assert.deepStrictEqual(f.problems.map((p) => p.code), ['bad-key']);

    // 100,000 keys as a block list, one per line: the bad-key problem points at the right line.
    const block = keys.map((k) => `      - ${k}`).join('\n');
    const blockText = HEAD + TAIL.replace(/^( {4}keys:).*$/m, `$1\n${block}`);
    f = check(blockText, '100k keys, block list');
    const badLine = blockText.split('\n').indexOf('      - not a key') + 1;
    assert.deepStrictEqual(f.problems.map((p) => [p.code, p.line]), [['bad-key', badLine]]);

    for (const depth of [100, 1000, 5000]) {
      const flow = HEAD + TAIL.replace(/^( {4}keys:).*$/m, `$1 ${'['.repeat(depth)}SHOP-1${']'.repeat(depth)}`);
      f = check(flow, `flow nesting ${depth}`);
      assertIntact(f, `flow nesting ${depth}`, flow);
    }
    for (const depth of [100, 1000]) {
      let blockNest = '    outcome:\n';
      for (let d = 0; d < depth; d++) blockNest += ' '.repeat(6 + 2 * d) + `k${d}:\n`;
      const deep = HEAD + TAIL.replace(/^ {4}outcome:\n/m, blockNest);
      f = check(deep, `block nesting ${depth}`);
      assertIntact(f, `block nesting ${depth}`, deep);
    }
    // 5,000 levels of block nesting (a 25 MB file) overflow the yaml library's stack: no throw, one clear
    // problem instead of dozens of "Maximum call stack size exceeded".
    let blockNest = '    outcome:\n';
    for (let d = 0; d < 5000; d++) blockNest += ' '.repeat(6 + 2 * d) + `k${d}:\n`;
    f = check(HEAD + TAIL.replace(/^ {4}outcome:\n/m, blockNest), 'block nesting 5000');
    const deepProblems = f.problems.filter((p) => p.code === 'syntax');
    assert.strictEqual(deepProblems.length, 1, JSON.stringify(deepProblems));
    assert.match(deepProblems[0].message, /nested too deeply/);
    assert.doesNotMatch(deepProblems[0].message, /call stack/);
    // ids are clipped in messages (a problem message stays short however long the id)
    const longLine = HEAD + TAIL + '  - id: ' + 'a'.repeat(200_000) + '\n    title: ' + '"'.repeat(3) + '\n';
    check(longLine, 'a 200 kB id and a broken quote');
  });

  it('benchmark: parse and validate a 10,000-goal file (prints the time; not a timed assertion)', function () {
    this.timeout(120_000);
    parseGoalsFile(bigGoalsFile(500)); // warm up the JIT
    for (const [name, text] of [['every field', bigGoalsFile(10_000)], ['id, title, parent, owner, keys', leanGoalsFile(10_000)]]) {
      const t0 = process.hrtime.bigint();
      const f = parseGoalsFile(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.strictEqual(f.goals.length, 10_000);
      assert.deepStrictEqual(f.problems, []);
      console.log(`      10,000 goals, ${name} (${(text.length / 1024 / 1024).toFixed(1)} MB): parse + validate ${ms.toFixed(0)} ms`);
    }
  });
});

/** `edits` random edits anywhere in `text`: a piece inserted, a run deleted, two lines swapped, a random character. */
export function mutateAnywhere(text: string, rand: (n: number) => number, edits: number): string {
  for (let e = edits; e > 0; e--) {
    const at = rand(text.length + 1);
    const op = rand(4);
    if (op === 0) text = text.slice(0, at) + PIECES[rand(PIECES.length)] + text.slice(at);
    else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + rand(30));
    else if (op === 2) {
      const lines = text.split('\n');
      const a = rand(lines.length);
      const b = rand(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      text = lines.join('\n');
    } else text = text.slice(0, at) + String.fromCharCode(rand(0x10000)) + text.slice(at);
  }
  return text;
}

/** A goals.yaml with `n` goals of five lines each (id, title, parent, owner, keys). */
export function leanGoalsFile(n: number): string {
  const parts = ['version: 1\ngoals:\n'];
  for (let i = 0; i < n; i++) {
    parts.push(`  - id: goal-${i}\n    title: Goal number ${i}\n` + (i > 0 ? `    parent: goal-${(i - 1) >> 1}\n` : '') + `    owner: Owner ${i % 37}\n    keys: [K${i}-*]\n`);
  }
  return parts.join('');
}

/** A goals.yaml with `n` goals, every field used, parents forming a tree. */
export function bigGoalsFile(n: number): string {
  const parts = ['version: 1\ntrailer: Goal\ngoals:\n'];
  for (let i = 0; i < n; i++) {
    parts.push(
      `  - id: goal-${i}\n` +
        `    title: Goal number ${i} with a reasonably long business title\n` +
        (i > 0 ? `    parent: goal-${(i - 1) >> 1}\n` : '') +
        `    status: ${['active', 'proposed', 'paused', 'achieved', 'dropped'][i % 5]}\n` +
        `    owner: Owner ${i % 37}\n` +
        `    due: 2027-${String((i % 12) + 1).padStart(2, '0')}-15\n` +
        `    keys: [K${i}-1, P${i}-*]\n` +
        `    branches: [feat/g${i}-*]\n` +
        `    paths: [src/g${i}/**]\n` +
        `    outcome: { metric: Metric ${i}, unit: "%", baseline: 1.5, target: 3, measurements: [{ date: 2026-10-01, value: 2 }] }\n` +
        `    commitments:\n      - { what: Deliver ${i}, due: 2026-12-15, done: 2026-12-10 }\n` +
        `    links:\n      - { title: Doc, url: https://example.com/${i} }\n`,
    );
  }
  return parts.join('');
}
