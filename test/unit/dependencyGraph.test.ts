// The dependency graph on small real repositories, one per language, with known dependents (direct and two
// hops), and its update after one file changed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { impact, type Io } from '../../src/cli/commands';
import { ImpactData } from '../../src/git/impactData';
import { GitRepo } from '../../src/git/repo';
import { goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml({ id: 'checkout', title: 'Lift checkout conversion' }, { id: 'search', title: 'Better search' });

/** Dependents of a file as "distance path" lines, nearest first. */
async function dependents(repo: TempRepo, target: string, isFolder = false): Promise<string[]> {
  const data = new ImpactData(await GitRepo.open(repo.dir));
  const { graph } = await data.dependencyGraph();
  return graph.dependentsOf(target, isFolder).map((d) => `${d.distance} ${d.path}`);
}

function repoWith(files: Record<string, string>): TempRepo {
  const r = TempRepo.create();
  r.commit('init', { files: { 'goals.yaml': GOALS, ...files } });
  return r;
}

describe('dependency graph per language (real repositories)', () => {
  const repos: TempRepo[] = [];
  const make = (files: Record<string, string>) => {
    const r = repoWith(files);
    repos.push(r);
    return r;
  };
  after(() => repos.forEach((r) => r.cleanup()));

  it('Java: same-package use without import, sub-package import, wildcard and static imports, two hops; a mention in a comment is not a use', async () => {
    const base = 'src/main/java/org/acme/lang';
    const r = make({
      [`${base}/StringUtils.java`]: 'package org.acme.lang;\n\npublic final class StringUtils {\n  public static boolean isEmpty(CharSequence s) { return s == null || s.length() == 0; }\n}\n',
      // Same package, no import: uses it by name.
      [`${base}/CharUtils.java`]: 'package org.acme.lang;\n\npublic class CharUtils {\n  static String of(char c) { return StringUtils.isEmpty("") ? "" : String.valueOf(c); }\n}\n',
      // Same package, names it only in Javadoc and a string: not a dependent.
      [`${base}/ArrayUtils.java`]: 'package org.acme.lang;\n\n/** Like {@link StringUtils}. */\npublic class ArrayUtils {\n  static final String S = "StringUtils";\n}\n',
      // Sub-package importing it.
      [`${base}/text/WordUtils.java`]: 'package org.acme.lang.text;\n\nimport org.acme.lang.StringUtils;\n\npublic class WordUtils {\n  static boolean blank(String s) { return StringUtils.isEmpty(s); }\n}\n',
      // Static import and wildcard import.
      [`${base}/math/Fraction.java`]: 'package org.acme.lang.math;\n\nimport static org.acme.lang.StringUtils.isEmpty;\n\nclass Fraction { boolean e(String s) { return isEmpty(s); } }\n',
      [`${base}/time/Clock.java`]: 'package org.acme.lang.time;\n\nimport org.acme.lang.*;\n\nclass Clock { String c() { return CharUtils.of(\'x\'); } }\n',
      // Two hops: uses WordUtils only.
      'src/main/java/org/acme/app/App.java': 'package org.acme.app;\n\nimport org.acme.lang.text.WordUtils;\n\nclass App { boolean b = WordUtils.blank(""); }\n',
      // Kotlin on the same class path.
      'src/main/kotlin/org/acme/kt/Report.kt': 'package org.acme.kt\n\nimport org.acme.lang.text.WordUtils\n\nfun report(s: String) = WordUtils.blank(s)\n',
      'src/main/kotlin/org/acme/kt/Main.kt': 'package org.acme.kt\n\nfun main() { println(report("x")) }\n',
    });
    assert.deepStrictEqual(await dependents(r, `${base}/StringUtils.java`), [
      `1 ${base}/CharUtils.java`,
      `1 ${base}/math/Fraction.java`,
      `1 ${base}/text/WordUtils.java`,
      '2 src/main/java/org/acme/app/App.java',
      `2 ${base}/time/Clock.java`,
      '2 src/main/kotlin/org/acme/kt/Report.kt',
      '3 src/main/kotlin/org/acme/kt/Main.kt',
    ]);
  });

  it('C#: a namespace spread over several files; a using reaches only the files that declare what is used', async () => {
    const r = make({
      'src/Money/Money.cs': 'namespace Acme.Money\n{\n    public partial record Money(decimal Amount);\n}\n',
      'src/Money/Currency.cs': 'namespace Acme.Money;\n\npublic enum Currency { Eur, Usd }\n',
      'src/Money/MoneyMath.cs': 'namespace Acme.Money\n{\n    public partial record Money { public Money Plus(Money o) => new(Amount + o.Amount); }\n}\n',
      'src/Payments/Pay.cs': 'using Acme.Money;\n\nnamespace Acme.Payments\n{\n    public class Payer { public Currency Default => Currency.Eur; }\n}\n',
      'src/App/Program.cs': 'using Acme.Payments;\n\nnamespace Acme.App\n{\n    class Program { static void Main() => new Payer(); }\n}\n',
      'src/App/Unrelated.cs': '// uses Currency in a comment only\nnamespace Acme.App { class Unrelated { string s = "Currency"; } }\n',
    });
    assert.deepStrictEqual(await dependents(r, 'src/Money/Currency.cs'), ['1 src/Payments/Pay.cs', '2 src/App/Program.cs']);
    // Money is declared in two files: a user of Money depends on both (MoneyMath uses Money itself).
    assert.deepStrictEqual(await dependents(r, 'src/Money/Money.cs'), ['1 src/Money/MoneyMath.cs']);
    assert.deepStrictEqual(await dependents(r, 'src/Money', true), ['1 src/Payments/Pay.cs', '2 src/App/Program.cs']);
  });

  it("Go: import paths under go.mod's module, package = folder, same-package use; outside imports and _test files of others ignored", async () => {
    const r = make({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n',
      'internal/money/money.go': 'package money\n\n// Cents is an amount.\ntype Cents int64\n',
      'internal/money/parse.go': 'package money\n\nimport "strconv"\n\nfunc Parse(s string) Cents { n, _ := strconv.Atoi(s); return Cents(n) }\n',
      'internal/money/money_test.go': 'package money\n\nimport "testing"\n\nfunc TestParse(t *testing.T) { _ = Parse("1") }\n',
      'internal/pay/pay.go': 'package pay\n\nimport (\n\t"fmt"\n\tm "example.com/shop/internal/money"\n)\n\nfunc Pay(s string) m.Cents { fmt.Println(s); return m.Parse(s) }\n',
      'cmd/shop/main.go': 'package main\n\nimport "example.com/shop/internal/pay"\n\nfunc main() { pay.Pay("1") }\n',
      'tools/notes.go': 'package tools\n\n// import "example.com/shop/internal/money"\nvar s = "example.com/shop/internal/money"\n',
    });
    assert.deepStrictEqual(await dependents(r, 'internal/money/parse.go'), ['1 internal/money/money_test.go', '1 internal/pay/pay.go', '2 cmd/shop/main.go']);
    assert.deepStrictEqual(await dependents(r, 'internal/money/money.go'), ['1 internal/money/parse.go', '1 internal/pay/pay.go', '2 cmd/shop/main.go', '2 internal/money/money_test.go']);
  });

  it('Python: import a.b, relative imports (one and two dots), packages and __init__.py, a src/ layout', async () => {
    const r = make({
      'src/shop/__init__.py': '',
      'src/shop/money.py': 'def cents(x):\n    return round(x * 100)\n',
      'src/shop/payments/__init__.py': 'from .gateway import charge\n',
      'src/shop/payments/gateway.py': 'from ..money import cents\n\ndef charge(x):\n    return cents(x)\n',
      'src/shop/orders/__init__.py': '',
      'src/shop/orders/views.py': 'from shop.payments import charge\n\ndef buy():\n    return charge(1)\n',
      'src/shop/search.py': '"""import shop.money is prose here"""\nfrom . import orders\n',
      'scripts/report.py': 'import shop.money\n# from shop import money\nprint(shop.money.cents(1))\n',
    });
    assert.deepStrictEqual(await dependents(r, 'src/shop/money.py'), [
      '1 scripts/report.py',
      '1 src/shop/payments/gateway.py',
      '2 src/shop/payments/__init__.py',
      '3 src/shop/orders/views.py',
    ]);
    assert.deepStrictEqual(await dependents(r, 'src/shop/orders/__init__.py'), ['1 src/shop/search.py']);
  });

  it('TypeScript: relative imports plus tsconfig paths and baseUrl (with comments and an extends)', async () => {
    const r = make({
      'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "baseUrl": "src", "paths": { "@lib/*": ["lib/*"], "@money": ["lib/money/index.ts"], }, },\n}\n',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }\n',
      'src/lib/money/index.ts': 'export const cents = (x: number) => Math.round(x * 100);\n',
      'src/lib/fmt.ts': "import { cents } from '@money';\nexport const fmt = (x: number) => `${cents(x)}`;\n",
      'src/app/pay.ts': "import { fmt } from '@lib/fmt';\nexport const pay = fmt;\n",
      'src/app/base.ts': "import { cents } from 'lib/money';\nexport const b = cents;\n",
      'src/app/main.ts': "import { pay } from './pay';\nimport lodash from 'lodash';\npay(1);\n",
    });
    assert.deepStrictEqual(await dependents(r, 'src/lib/money/index.ts'), ['1 src/app/base.ts', '1 src/lib/fmt.ts', '2 src/app/pay.ts', '3 src/app/main.ts']);
  });

  it('after one file changed, only that file is read again, and the graph follows it', async () => {
    const r = make({
      'pkg/__init__.py': '',
      'pkg/a.py': 'X = 1\n',
      'pkg/b.py': 'from .a import X\n',
      'pkg/c.py': 'Y = 2\n',
    });
    const data = new ImpactData(await GitRepo.open(r.dir));
    const first = await data.dependencyGraph();
    assert.strictEqual(first.parsed, 4);
    assert.deepStrictEqual(first.graph.dependentsOf('pkg/a.py', false).map((d) => d.path), ['pkg/b.py']);
    const again = await data.dependencyGraph();
    assert.strictEqual(again.graph, first.graph, 'nothing changed: the same graph');
    r.write('pkg/c.py', 'from . import b\nY = 2\n');
    data.invalidateWorkingTree();
    const next = await data.dependencyGraph();
    assert.strictEqual(next.parsed, 1);
    assert.deepStrictEqual(next.graph.dependentsOf('pkg/a.py', false).map((d) => `${d.distance} ${d.path} via ${d.via.join(' ')}`), ['1 pkg/b.py via pkg/a.py', '2 pkg/c.py via pkg/a.py pkg/b.py']);
  });

  it('an edit that adds a use changes that file only; one that declares a new name reaches the files that use it', async () => {
    const r = make({
      'a/A.java': 'package a;\npublic class A {}\n',
      'a/B.java': 'package a;\nclass B { Object c = new C(); }\n', // C is declared nowhere yet
      'a/D.java': 'package a;\nclass D {}\n',
    });
    const data = new ImpactData(await GitRepo.open(r.dir));
    const rows = async () => {
      const { graph } = await data.dependencyGraph();
      return [...graph.dependencies].map(([f, d]) => `${f}: ${d.join(' ')}`);
    };
    assert.deepStrictEqual(await rows(), ['a/A.java: ', 'a/B.java: ', 'a/D.java: ']);
    r.write('a/B.java', 'package a;\nclass B { Object c = new C(); A a; }\n');
    data.invalidateWorkingTree();
    assert.deepStrictEqual(await rows(), ['a/A.java: ', 'a/B.java: a/A.java', 'a/D.java: ']);
    r.write('a/D.java', 'package a;\nclass D {}\nclass C {}\n');
    data.invalidateWorkingTree();
    assert.deepStrictEqual(await rows(), ['a/A.java: ', 'a/B.java: a/A.java a/D.java', 'a/D.java: ']);
  });

  it('a file the editor saved is the only one read again, and the graph patched for it equals a cold build', async () => {
    const r = make({
      'a/A.java': 'package a;\npublic class A {}\n',
      'a/B.java': 'package a;\nclass B { A a; }\n',
      'a/C.java': 'package a;\nclass C {}\n',
      'a/D.java': 'package a;\nclass D { B b; }\n',
    });
    const repo = await GitRepo.open(r.dir);
    const data = new ImpactData(repo);
    const before = await data.dependencyGraph();
    assert.deepStrictEqual(before.graph.dependentsOf('a/A.java', false).map((d) => `${d.distance} ${d.path}`), ['1 a/B.java', '2 a/D.java']);
    // B stops using A and uses C; D starts using A.
    r.write('a/B.java', 'package a;\nclass B { C c; }\n');
    r.write('a/D.java', 'package a;\nclass D { B b; A a; }\n');
    data.invalidateWorkingTree([path.join(r.dir, 'a/B.java'), 'a/D.java']);
    const next = await data.dependencyGraph();
    assert.strictEqual(next.parsed, 2, 'the two saved files, nothing else');
    assert.deepStrictEqual(next.graph.dependentsOf('a/A.java', false).map((d) => `${d.distance} ${d.path}`), ['1 a/D.java']);
    assert.deepStrictEqual(next.graph.dependentsOf('a/C.java', false).map((d) => `${d.distance} ${d.path}`), ['1 a/B.java', '2 a/D.java']);
    assert.deepStrictEqual(before.graph.dependentsOf('a/A.java', false).length, 2, 'the graph views hold is unchanged');
    const cold = await new ImpactData(repo).dependencyGraph();
    assert.deepStrictEqual(new Map([...next.graph.dependents].sort()), new Map([...cold.graph.dependents].sort()));
    assert.deepStrictEqual(next.graph.dependencies, cold.graph.dependencies);
  });

  it('keeps the facts on disk beside the index cache: a new process parses nothing', async () => {
    const r = make({ 'a/A.java': 'package a;\npublic class A {}\n', 'a/B.java': 'package a;\nclass B { A a; }\n' });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-deps-'));
    try {
      const repo = await GitRepo.open(r.dir);
      const first = new ImpactData(repo, { cacheDir });
      const cold = await first.dependencyGraph();
      assert.strictEqual(cold.parsed, 2);
      await first.depsWritten; // written in the background: the query did not wait for it
      const warm = await new ImpactData(repo, { cacheDir }).dependencyGraph();
      assert.strictEqual(warm.parsed, 0);
      assert.deepStrictEqual(warm.graph.dependentsOf('a/A.java', false).map((d) => d.path), ['a/B.java']);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('CLI: goal-lens impact lists the goals served two hops away, with the chain', async () => {
    const r = TempRepo.create();
    repos.push(r);
    r.commit('init', { files: { 'goals.yaml': GOALS, 'lib/core.py': 'def f():\n    return 1\n' } });
    r.commit('Use core\n\nGoal: search', { files: { 'lib/mid.py': 'from .core import f\n', 'lib/__init__.py': '' } });
    r.commit('Checkout on top\n\nGoal: checkout', { files: { 'app/pay.py': 'from lib.mid import f\n' } });
    const out = { stdout: '', cwd: r.dir, now: new Date(), env: {}, out: (t: string) => void (out.stdout += t), err: () => undefined } satisfies Io & { stdout: string };
    assert.strictEqual(await impact(['lib/core.py', '--json'], out), 0);
    const j = JSON.parse(out.stdout) as { dependents: { path: string; distance: number; via: string[] }[]; indirect: { goalId: string; distance: number; via: string[] }[] };
    assert.deepStrictEqual(j.dependents, [
      { path: 'lib/mid.py', distance: 1, via: ['lib/core.py'] },
      { path: 'app/pay.py', distance: 2, via: ['lib/core.py', 'lib/mid.py'] },
    ]);
    assert.deepStrictEqual(j.indirect.map((g) => [g.goalId, g.distance, g.via]), [['search', 1, ['lib/mid.py']], ['checkout', 2, ['app/pay.py']]]);
  });
});
