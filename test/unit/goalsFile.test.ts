import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GOALS_FILE_FIELDS } from '../../src/core/goals/goalFields';
import { parseGoalsFile, STARTER_GOALS_YAML } from '../../src/core/goals/goalsFile';
import type { Problem } from '../../src/core/types';

// The example of DESIGN.md, plus the `growth` goal its parent refers to.
const DESIGN_EXAMPLE = `version: 1
trailer: Goal                 # commit trailer key; default "Goal"
goals:
  - id: checkout-conversion   # required, unique; [A-Za-z0-9][A-Za-z0-9._-]*
    title: Lift checkout conversion to 4%     # required
    parent: growth            # optional; another goal's id (hierarchy, no cycles)
    status: active            # proposed | active | paused | achieved | dropped (default active)
    owner: Dana Ruiz (VP Sales)       # business owner
    advisor: Lee Park                 # IT partner embedded with that business line
    due: 2027-03-31
    outcome:                          # the business result, not the technology
      metric: Checkout conversion rate
      unit: "%"
      baseline: 3.1
      target: 4.0
      measurements:                   # optional history of the metric
        - { date: 2026-10-01, value: 3.2 }
    keys: [SHOP-*, PAY-1203]          # issue-tracker keys (exact, or prefix*) that serve this goal
    branches: [feat/checkout-*]       # branch-name globs
    paths: [src/payments/**]          # code that serves this goal (shared-services impact)
    commitments:                      # what was promised to the business (say/do)
      - { what: One-click retry for failed cards, due: 2026-12-15, done: 2026-12-10 }
    links:
      - { title: Business case, url: https://example.com/case }
  - id: growth
    title: Grow online revenue
`;

const HEAD = 'version: 1\ngoals:\n';

/** The problems of `text`, as [code, line, column] plus the full problem for messages. */
function problems(text: string): Problem[] {
  return parseGoalsFile(text).problems;
}

/** Asserts exactly one problem with `code`, at line:column, and returns it. */
function one(text: string, code: string, line: number, column: number): Problem {
  const all = problems(text);
  const found = all.filter((p) => p.code === code);
  assert.strictEqual(found.length, 1, `expected one '${code}' in ${JSON.stringify(all, null, 1)}`);
  assert.deepStrictEqual([found[0].line, found[0].column], [line, column], found[0].message);
  assert.strictEqual(found[0].file, 'goals.yaml');
  return found[0];
}

describe('parseGoalsFile', () => {
  it('reads the DESIGN.md example with every field and no problems', () => {
    const f = parseGoalsFile(DESIGN_EXAMPLE, 'repo/goals.yaml');
    assert.deepStrictEqual(f.problems, []);
    assert.strictEqual(f.file, 'repo/goals.yaml');
    assert.strictEqual(f.version, 1);
    assert.strictEqual(f.trailer, 'Goal');
    assert.strictEqual(f.goals.length, 2);
    assert.deepStrictEqual(f.goals[0], {
      id: 'checkout-conversion',
      title: 'Lift checkout conversion to 4%',
      parent: 'growth',
      status: 'active',
      owner: 'Dana Ruiz (VP Sales)',
      advisor: 'Lee Park',
      due: '2027-03-31',
      outcome: {
        metric: 'Checkout conversion rate',
        unit: '%',
        baseline: 3.1,
        target: 4,
        measurements: [{ date: '2026-10-01', value: 3.2 }],
      },
      keys: ['SHOP-*', 'PAY-1203'],
      branches: ['feat/checkout-*'],
      paths: ['src/payments/**'],
      commitments: [{ what: 'One-click retry for failed cards', due: '2026-12-15', done: '2026-12-10', line: 22 }],
      links: [{ title: 'Business case', url: 'https://example.com/case' }],
      line: 4,
      column: 5,
    });
    assert.deepStrictEqual(f.goals[1], {
      id: 'growth',
      title: 'Grow online revenue',
      status: 'active',
      keys: [],
      branches: [],
      paths: [],
      commitments: [],
      links: [],
      line: 25,
      column: 5,
    });
  });

  it('positions of syntax errors stay inside the file: an unclosed quote at the end, a token over a line break', () => {
    const unclosed = 'goals:\n  - id: a\n    title: "x\n  y: 1\n';
    const eof = parseGoalsFile(unclosed).problems.filter((p) => p.code === 'syntax');
    assert.ok(eof.length > 0);
    for (const p of eof) {
      assert.ok(p.line <= 5 && p.column === 1 && (p.endColumn ?? 1) === 1, JSON.stringify(p)); // line 5 is empty
    }
    // The parser skips the line break inside a token it cannot read ("1\n      - { title"); the problems after
    // it are on line 3, not past the end of line 2 (they were reported at 2:29 to 2:64 on a 10-character line).
    const broken = '    branches: [feat/target-*, fix/**]\nversion: 1\n      - { title: Doc, url: https://example.com/doc }';
    const lines = broken.split('\n');
    const syntax = parseGoalsFile(broken).problems.filter((p) => p.code === 'syntax');
    assert.deepStrictEqual(syntax.map((p) => p.line), [2, 2, 2, 3, 3, 3, 3]);
    for (const p of syntax) {
      assert.ok(p.column <= lines[p.line - 1].length + 1, JSON.stringify(p));
      assert.ok((p.endColumn ?? 1) <= lines[(p.endLine ?? p.line) - 1].length + 1, JSON.stringify(p));
    }
  });

  it('the starter file parses with no problems', () => {
    const f = parseGoalsFile(STARTER_GOALS_YAML);
    assert.deepStrictEqual(f.problems, []);
    assert.strictEqual(f.goals.length, 2);
    assert.strictEqual(f.goals[1].parent, f.goals[0].id);
    assert.ok(f.goals[1].outcome && f.goals[1].commitments.length > 0 && f.goals[1].links.length > 0);
  });

  it('applies defaults', () => {
    const f = parseGoalsFile(HEAD + '  - id: a\n    title: A\n');
    assert.deepStrictEqual(f.problems, []);
    assert.strictEqual(f.trailer, 'Goal');
    assert.deepStrictEqual(f.goals[0], {
      id: 'a', title: 'A', status: 'active', keys: [], branches: [], paths: [], commitments: [], links: [], line: 3, column: 5,
    });
  });

  it('accepts a single string for keys, branches and paths, and numbers written as ids', () => {
    const f = parseGoalsFile(HEAD + '  - id: 2027\n    title: 1.50\n    keys: PAY-1\n    branches: feat/*\n    paths: src/**\n');
    assert.deepStrictEqual(f.problems, []);
    assert.strictEqual(f.goals[0].id, '2027');
    assert.strictEqual(f.goals[0].title, '1.50');
    assert.deepStrictEqual([f.goals[0].keys, f.goals[0].branches, f.goals[0].paths], [['PAY-1'], ['feat/*'], ['src/**']]);
  });

  it('reads a custom trailer', () => {
    assert.strictEqual(parseGoalsFile('version: 1\ntrailer: Business-Goal\ngoals: []\n').trailer, 'Business-Goal');
  });

  describe('problems, each at its exact position', () => {
    it('syntax', () => {
      const p = one(HEAD + '  - id: a\n\ttitle: x\n', 'syntax', 4, 1);
      assert.strictEqual(p.severity, 'error');
      one(HEAD + '  - id: a\n    title: [x\n', 'syntax', 5, 1);
    });

    it('version missing (warning) and unsupported (error)', () => {
      assert.strictEqual(one('goals: []\n', 'version', 1, 1).severity, 'warning');
      const p = one('# comment\nversion: 2\ngoals: []\n', 'version', 2, 10);
      assert.strictEqual(p.severity, 'error');
      assert.strictEqual(p.message, "unsupported version '2'; expected 1");
      assert.strictEqual(parseGoalsFile('version: 2\ngoals: []\n').version, 2);
      assert.deepStrictEqual(problems("version: '1'\ngoals: []\n"), []);
    });

    it('missing-id: the goal is skipped', () => {
      const f = parseGoalsFile(HEAD + '  - title: A\n  - id: b\n    title: B\n');
      assert.deepStrictEqual(f.goals.map((g) => g.id), ['b']);
      one(HEAD + '  - title: A\n', 'missing-id', 3, 5);
      one(HEAD + '  - title: A\n    id:\n', 'missing-id', 4, 5);
    });

    it('bad-id: the goal is skipped', () => {
      const p = one(HEAD + '  - title: A\n    id: -bad id\n', 'bad-id', 4, 9);
      assert.match(p.message, /'-bad id'/);
      assert.deepStrictEqual([p.endLine, p.endColumn], [4, 16]);
      assert.deepStrictEqual(parseGoalsFile(HEAD + '  - id: a/b\n    title: A\n').goals, []);
    });

    it('duplicate-id: points at the second id and names the first line', () => {
      const text = HEAD + '  - id: checkout\n    title: A\n  - id: checkout\n    title: B\n';
      const p = one(text, 'duplicate-id', 5, 9);
      assert.strictEqual(p.message, "duplicate goal id 'checkout' (first defined on line 3)");
      assert.strictEqual(p.severity, 'error');
      const f = parseGoalsFile(text);
      assert.deepStrictEqual(f.goals.map((g) => g.title), ['A']);
    });

    it('missing-title: the goal loads with its id as title', () => {
      const text = HEAD + '  - id: a\n    owner: Dana\n';
      const p = one(text, 'missing-title', 3, 5);
      assert.strictEqual(p.severity, 'error');
      assert.strictEqual(p.message, "goal 'a' has no title");
      assert.strictEqual(parseGoalsFile(text).goals[0].title, 'a');
      one(HEAD + '  - id: a\n    title: ""\n', 'missing-title', 4, 5);
    });

    it('unknown-parent: the parent is dropped', () => {
      const text = HEAD + '  - id: a\n    title: A\n    parent: growht\n';
      const p = one(text, 'unknown-parent', 5, 13);
      assert.match(p.message, /'growht'/);
      assert.strictEqual(parseGoalsFile(text).goals[0].parent, undefined);
    });

    it('parent-cycle: reported on each goal of the cycle, parents dropped', () => {
      const text =
        HEAD +
        '  - id: a\n    title: A\n    parent: b\n' +
        '  - id: b\n    title: B\n    parent: a\n' +
        '  - id: c\n    title: C\n    parent: c\n' +
        '  - id: d\n    title: D\n    parent: a\n';
      const f = parseGoalsFile(text);
      const cycles = f.problems.filter((p) => p.code === 'parent-cycle');
      assert.deepStrictEqual(
        cycles.map((p) => [p.line, p.column, p.message]),
        [
          [5, 13, 'parent cycle: a -> b -> a'],
          [8, 13, 'parent cycle: b -> a -> b'],
          [11, 13, 'parent cycle: c -> c'],
        ],
      );
      assert.deepStrictEqual(f.goals.map((g) => g.parent), [undefined, undefined, undefined, 'a']);
    });

    it('unknown-field with a suggestion at every level', () => {
      const text =
        'version: 1\nTrailer: Goal\ngoals:\n' +
        '  - id: a\n    title: A\n    branch: [x]\n' +
        '    outcome: { metric: m, baseLine: 1 }\n' +
        '    commitments:\n      - { what: x, deu: 2026-01-01 }\n' +
        '    links:\n      - { title: t, url: u, hre: x }\n' +
        '    frobnicate: 1\n';
      const got = problems(text)
        .filter((p) => p.code === 'unknown-field')
        .map((p) => [p.line, p.column, p.message, p.severity]);
      assert.deepStrictEqual(got, [
        [2, 1, "unknown top-level field 'Trailer'; did you mean 'trailer'?", 'warning'],
        [6, 5, "unknown goal field 'branch'; did you mean 'branches'?", 'warning'],
        [7, 27, "unknown outcome field 'baseLine'; did you mean 'baseline'?", 'warning'],
        [9, 20, "unknown commitment field 'deu'; did you mean 'due'?", 'warning'],
        [11, 29, "unknown link field 'hre'", 'warning'],
        [12, 5, "unknown goal field 'frobnicate'", 'warning'],
      ]);
      one(HEAD + '  - id: a\n    title: A\n    outcome:\n      metric: m\n      measurements:\n        - { date: 2026-01-01, valeu: 1 }\n', 'unknown-field', 8, 31);
    });

    it('bad-date: not YYYY-MM-DD or not a real day; the good fields still load', () => {
      const text = HEAD + '  - id: a\n    title: A\n    owner: Dana\n    due: 2027-02-30\n';
      const p = one(text, 'bad-date', 6, 10);
      assert.match(p.message, /'2027-02-30'/);
      assert.strictEqual(p.severity, 'warning');
      const g = parseGoalsFile(text).goals[0];
      assert.deepStrictEqual([g.id, g.owner, g.due], ['a', 'Dana', undefined]);
      one(HEAD + '  - id: a\n    title: A\n    due: 31/03/2027\n', 'bad-date', 5, 10);
      one(HEAD + '  - id: a\n    title: A\n    commitments:\n      - { what: x, done: 2027-13-01 }\n', 'bad-date', 6, 26);
      assert.deepStrictEqual(problems(HEAD + '  - id: a\n    title: A\n    due: 2028-02-29\n'), []);
      one(HEAD + '  - id: a\n    title: A\n    due: 2027-02-29\n', 'bad-date', 5, 10);
      assert.strictEqual(parseGoalsFile(HEAD + '  - id: a\n    title: A\n    due: "2027-03-31"\n').goals[0].due, '2027-03-31');
    });

    it('bad-status: lists the allowed values, status falls back to active', () => {
      const text = HEAD + '  - id: a\n    title: A\n    status: done\n';
      const p = one(text, 'bad-status', 5, 13);
      assert.strictEqual(p.message, "unknown status 'done'; expected one of proposed, active, paused, achieved, dropped");
      assert.strictEqual(parseGoalsFile(text).goals[0].status, 'active');
      assert.match(one(HEAD + '  - id: a\n    title: A\n    status: pasued\n', 'bad-status', 5, 13).message, /did you mean 'paused'/);
    });

    it('bad-glob in branches and paths: the entry is dropped', () => {
      const text = HEAD + '  - id: a\n    title: A\n    branches: ["feat/[x", ok/*]\n';
      const p = one(text, 'bad-glob', 5, 16);
      assert.match(p.message, /unclosed '\['/);
      assert.strictEqual(p.severity, 'error');
      assert.deepStrictEqual(parseGoalsFile(text).goals[0].branches, ['ok/*']);
      one(HEAD + '  - id: a\n    title: A\n    paths:\n      - src/**\n      - "src/{a,b"\n', 'bad-glob', 7, 9);
    });

    it('bad-key: exact ABC-123 or PREFIX* only', () => {
      const text = HEAD + '  - id: a\n    title: A\n    keys: [PAY-12, "PAY 1", SHOP-*, SHOP*]\n';
      const p = one(text, 'bad-key', 5, 20);
      assert.match(p.message, /'PAY 1'/);
      assert.deepStrictEqual(parseGoalsFile(text).goals[0].keys, ['PAY-12', 'SHOP-*', 'SHOP*']);
      one(HEAD + '  - id: a\n    title: A\n    keys:\n      - 1203\n', 'bad-key', 6, 9);
    });

    it('bad-type for wrong shapes', () => {
      one('version: 1\ngoals: { id: a }\n', 'bad-type', 2, 8);
      one(HEAD + '  - id: a\n    title: A\n    keys: { a: 1 }\n', 'bad-type', 5, 11);
      one(HEAD + '  - just text\n', 'bad-type', 3, 5);
      one(HEAD + '  - id: a\n    title: A\n    outcome: [1]\n', 'bad-type', 5, 14);
      one(HEAD + '  - id: [a]\n    title: A\n', 'bad-type', 3, 9);
      const top = one('- id: a\n  title: A\n', 'bad-type', 1, 1);
      assert.match(top.message, /read as the goals list/);
      assert.deepStrictEqual(parseGoalsFile('- id: a\n  title: A\n').goals.map((g) => g.id), ['a']);
    });

    it('bad-number for outcome numbers', () => {
      const text = HEAD + '  - id: a\n    title: A\n    outcome:\n      metric: m\n      baseline: 3\n      target: 4%\n';
      const p = one(text, 'bad-number', 8, 15);
      assert.strictEqual(p.message, "target '4%' is not a number");
      assert.deepStrictEqual(parseGoalsFile(text).goals[0].outcome, { metric: 'm', baseline: 3, measurements: [] });
      one(HEAD + '  - id: a\n    title: A\n    outcome:\n      metric: m\n      measurements:\n        - { date: 2026-01-01, value: x }\n', 'bad-number', 8, 38);
    });

    it('bad-trailer: falls back to Goal', () => {
      const text = 'version: 1\ntrailer: Business Goal\ngoals: []\n';
      const p = one(text, 'bad-trailer', 2, 10);
      assert.match(p.message, /'Business Goal'/);
      assert.strictEqual(parseGoalsFile(text).trailer, 'Goal');
    });

    it('duplicate-field: the first value is used', () => {
      const text = HEAD + '  - id: a\n    title: A\n    title: B\n';
      one(text, 'duplicate-field', 5, 5);
      assert.strictEqual(parseGoalsFile(text).goals[0].title, 'A');
    });

    it('missing-field', () => {
      one('version: 1\n', 'missing-field', 1, 1);
      one(HEAD + '  - id: a\n    title: A\n    outcome:\n      unit: "%"\n', 'missing-field', 5, 5);
      one(HEAD + '  - id: a\n    title: A\n    links:\n      - { title: t }\n', 'missing-field', 6, 9);
    });
  });

  it('an unknown parent one typo away from a goal id says which (the editor offers it as a quick fix)', () => {
    const f = parseGoalsFile('version: 1\ngoals:\n  - id: growth\n    title: G\n  - id: c\n    title: C\n    parent: grwoth\n  - id: d\n    title: D\n    parent: zzz\n');
    const unknown = f.problems.filter((p) => p.code === 'unknown-parent');
    assert.deepStrictEqual(unknown.map((p) => [p.line, p.message]), [
      [7, "unknown parent 'grwoth' (no goal has this id); did you mean 'growth'?"],
      [10, "unknown parent 'zzz' (no goal has this id)"],
    ]);
  });

  it('a broken file still yields every readable goal', () => {
    const text =
      'version: 1\n' +
      'goals:\n' +
      '  - id: good-1\n    title: Good one\n    due: 2027-02-30\n    status: whatever\n' +
      '  - id: bad id\n    title: Skipped\n' +
      '  - title: no id\n' +
      '  - id: good-2\n    parent: nowhere\n    keys: [x y]\n    branches: ["[oops"]\n' +
      '  - 42\n' +
      '  - id: good-1\n    title: Dup\n' +
      '  - id: good-3\n    title: Fine\n    parent: good-1\n';
    const f = parseGoalsFile(text);
    assert.deepStrictEqual(
      f.goals.map((g) => [g.id, g.title, g.parent]),
      [
        ['good-1', 'Good one', undefined],
        ['good-2', 'good-2', undefined],
        ['good-3', 'Fine', 'good-1'],
      ],
    );
    const codes = f.problems.map((p) => p.code).sort();
    assert.deepStrictEqual(codes, [
      'bad-date', 'bad-glob', 'bad-id', 'bad-key', 'bad-status', 'bad-type', 'duplicate-id', 'missing-id', 'missing-title', 'unknown-parent',
    ]);
    // Problems come sorted by position.
    const positions = f.problems.map((p) => p.line * 1000 + p.column);
    assert.deepStrictEqual(positions, [...positions].sort((a, b) => a - b));
  });

  it('handles empty files, comments only, anchors and odd inputs without throwing', () => {
    for (const text of ['', '# nothing\n', '---\n', '...', 'null', '42', '"text"', '[]', '{}', '\u0000\u0001\uffff', 'version: 1\ngoals:\n', 'a: &a [*a]\n']) {
      const f = parseGoalsFile(text);
      assert.ok(Array.isArray(f.goals) && Array.isArray(f.problems), JSON.stringify(text));
    }
    const f = parseGoalsFile(HEAD + '  - &g { id: a, title: A }\n  - { id: b, title: B, parent: a }\n  - *g\n');
    assert.deepStrictEqual(f.goals.map((g) => g.id), ['a', 'b']);
    assert.deepStrictEqual(f.problems.map((p) => p.code), ['duplicate-id']);
    // Not a string at all (a JS caller passing the wrong thing) still does not throw.
    assert.doesNotThrow(() => parseGoalsFile(undefined as unknown as string));
  });

  it('never throws on mutated text, and every problem line is within the file', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['\t', ' ', '\n', ':', '- ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '!!int ', '#', '? ', '|', '>', '%', '@', '`', '\u0000', '\ufffd', 'id: x', 'parent: ', '2027-99-99'];
    for (let i = 0; i < 400; i++) {
      let text = DESIGN_EXAMPLE;
      const edits = 1 + rand(6);
      for (let e = 0; e < edits; e++) {
        const at = rand(text.length + 1);
        const kind = rand(3);
        if (kind === 0) text = text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + rand(20));
        else {
          const from = rand(text.length);
          text = text.slice(0, at) + text.slice(from, from + rand(40)) + text.slice(at);
        }
      }
      let f;
      try {
        f = parseGoalsFile(text);
      } catch (err) {
        assert.fail(`threw on input ${JSON.stringify(text)}: ${String(err)}`);
      }
      const lineCount = text.split('\n').length;
      for (const p of f.problems) {
        assert.ok(p.line >= 1 && p.line <= lineCount + 1 && p.column >= 1, `bad position ${JSON.stringify(p)} in ${JSON.stringify(text)}`);
      }
      const ids = new Set(f.goals.map((g) => g.id));
      assert.strictEqual(ids.size, f.goals.length, 'goal ids are unique');
      for (const g of f.goals) if (g.parent !== undefined) assert.ok(ids.has(g.parent), 'parent exists');
    }
  });

  it('the JSON Schema knows exactly the fields the parser knows', () => {
    const schemaPath = path.join(__dirname, '..', '..', '..', 'src', 'core', 'goals', 'goals.schema.json');
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    const keys = (o: { properties: Record<string, unknown> }): string[] => Object.keys(o.properties).sort();
    const goal = schema.definitions.goal;
    assert.deepStrictEqual(keys(schema), [...GOALS_FILE_FIELDS.top].sort());
    assert.deepStrictEqual(keys(goal), [...GOALS_FILE_FIELDS.goal].sort());
    assert.deepStrictEqual(keys(schema.definitions.outcome), [...GOALS_FILE_FIELDS.outcome].sort());
    assert.deepStrictEqual(keys(schema.definitions.measurement), [...GOALS_FILE_FIELDS.measurement].sort());
    assert.deepStrictEqual(keys(schema.definitions.commitment), [...GOALS_FILE_FIELDS.commitment].sort());
    assert.deepStrictEqual(keys(schema.definitions.link), [...GOALS_FILE_FIELDS.link].sort());
  });
});
