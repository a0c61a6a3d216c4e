// `report --by owner` through dependents (issue 23 item 3): per CODEOWNERS owner, the goals served by the files of
// other owners that depend on its files, every hop, nearest first; the graph is the one kept beside the index cache.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { report, type Io } from '../../src/cli/commands';
import { ImpactData } from '../../src/git/impactData';
import { GitRepo } from '../../src/git/repo';
import { cli } from '../helpers/cli';
import { goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Lift checkout conversion' },
  { id: 'search', title: 'Better search' },
  { id: 'platform', title: 'Platform upkeep' },
);
const CODEOWNERS = 'lib/  @team-a\napp/  @team-b\n';
const MONEY = 'lib/src/org/acme/money/Money.java';
const RATES = 'lib/src/org/acme/money/Rates.java';
const AUDIT = 'lib/src/org/acme/report/Audit.java';
const CHARGE = 'app/src/org/acme/pay/Charge.java';
const CART = 'app/src/org/acme/shop/Cart.java';
const day = (d: number): string => `2026-10-${String(d).padStart(2, '0')}T12:00:00Z`;

/**
 * Team A owns Money (and Rates, which uses it in its own package, and Audit); team B's Charge imports Money and
 * B's Cart imports Charge: Cart depends on Money two hops away. A's Audit imports B's Cart.
 *  1 init: goals.yaml, CODEOWNERS (no owner), Money        untagged
 *  2 Money + Rates                                         platform   A
 *  3 Charge                                                checkout   B
 *  4 Cart                                                  search     B
 *  5 Cart + Money                                          checkout   A and B (A's own: not through dependents)
 *  6 Cart                                                  untagged   B
 *  7 Audit                                                 platform   A
 */
function buildRepo(): TempRepo {
  const r = TempRepo.create();
  r.commit('Initial commit', {
    files: { 'goals.yaml': GOALS, '.github/CODEOWNERS': CODEOWNERS, [MONEY]: 'package org.acme.money;\n\npublic class Money {\n  public static long cents(double x) { return Math.round(x * 100); }\n}\n' },
    date: day(1),
  });
  r.commit('Money rounding\n\nGoal: platform', {
    files: {
      [MONEY]: 'package org.acme.money;\n\npublic class Money {\n  public static long cents(double x) { return Math.round(x * 100 + 1e-9); }\n}\n',
      [RATES]: 'package org.acme.money;\n\nclass Rates { long r() { return Money.cents(1.5); } }\n',
    },
    date: day(2),
  });
  r.commit('Charge cards\n\nGoal: checkout', { files: { [CHARGE]: 'package org.acme.pay;\n\nimport org.acme.money.Money;\n\npublic class Charge {\n  public static long of(double x) { return Money.cents(x); }\n}\n' }, date: day(3) });
  r.commit('Cart totals\n\nGoal: search', { files: { [CART]: 'package org.acme.shop;\n\nimport org.acme.pay.Charge;\n\npublic class Cart {\n  long total() { return Charge.of(2); }\n}\n' }, date: day(4) });
  r.commit('Cart in cents\n\nGoal: checkout', {
    files: {
      [CART]: 'package org.acme.shop;\n\nimport org.acme.pay.Charge;\n\npublic class Cart {\n  long total() { return Charge.of(3); }\n}\n',
      [MONEY]: 'package org.acme.money;\n\n// Money in cents.\npublic class Money {\n  public static long cents(double x) { return Math.round(x * 100 + 1e-9); }\n}\n',
    },
    date: day(5),
  });
  r.commit('Cart tweak', { files: { [CART]: 'package org.acme.shop;\n\nimport org.acme.pay.Charge;\n\npublic class Cart {\n  long total() { return Charge.of(4); }\n}\n' }, date: day(6) });
  r.commit('Audit carts\n\nGoal: platform', { files: { [AUDIT]: 'package org.acme.report;\n\nimport org.acme.shop.Cart;\n\nclass Audit { Cart c; }\n' }, date: day(7) });
  return r;
}

function io(cwd: string): Io & { stdout: string } {
  const o = { stdout: '', cwd, now: new Date(day(20)), env: {}, out: (t: string) => void (o.stdout += t), err: () => undefined };
  return o;
}

interface OwnerJson {
  owner: string;
  commits: number;
  goals: { goalId: string; commits: number }[];
  throughDependents: {
    files: number;
    direct: number;
    hops: number;
    goals: { goalId: string; title: string; commits: number; authors: number; distance: number; files: number; nearest: string[] }[];
    owners: { owner: string; files: number; distance: number }[];
  };
}

describe('report --by owner: goals through dependents (issue 23)', () => {
  let repo: TempRepo;
  before(() => (repo = buildRepo()));
  after(() => repo.cleanup());

  it("gives each owner the goals of the other owners' files that depend on its files, every hop, nearest first", async () => {
    const j = io(repo.dir);
    assert.strictEqual(await report(['--by', 'owner', '--format', 'json'], j), 0);
    const owners = (JSON.parse(j.stdout) as { owners: OwnerJson[] }).owners;
    const by = new Map(owners.map((o) => [o.owner, o]));
    const a = by.get('@team-a');
    const b = by.get('@team-b');
    assert.ok(a && b, owners.map((o) => o.owner).join(', '));
    // The documented fields are as before: the own share of the commits that changed the owner's files.
    assert.strictEqual(a.commits, 4); // 1, 2, 5, 7
    assert.deepStrictEqual(a.goals.map((g) => [g.goalId, g.commits]), [['platform', 2], ['checkout', 1]]);
    // Charge imports Money (1 hop), Cart imports Charge (2 hops); Rates and Audit are A's own, never its dependents.
    assert.deepStrictEqual({ files: a.throughDependents.files, direct: a.throughDependents.direct, hops: a.throughDependents.hops }, { files: 2, direct: 1, hops: 2 });
    // Commit 5 changed Money too: it is in A's own share, not counted again through Cart. Commit 6 is untagged.
    assert.deepStrictEqual(a.throughDependents.goals.map((g) => [g.goalId, g.distance, g.files, g.commits, g.nearest]), [
      ['checkout', 1, 1, 1, [CHARGE]],
      ['search', 2, 1, 1, [CART]],
    ]);
    assert.strictEqual(a.throughDependents.goals[1].title, 'Better search');
    assert.deepStrictEqual(a.throughDependents.owners, [{ owner: '@team-b', files: 2, distance: 1 }]);
    // B's Cart is imported by A's Audit: A's platform work (commit 7) is served through B's code.
    assert.deepStrictEqual(b.throughDependents.goals.map((g) => [g.goalId, g.distance, g.files, g.commits, g.nearest]), [['platform', 1, 1, 1, [AUDIT]]]);
    assert.deepStrictEqual(b.throughDependents.owners, [{ owner: '@team-a', files: 1, distance: 1 }]);
    // goals.yaml and CODEOWNERS have no owner and nothing depends on them.
    assert.strictEqual(by.get('(no owner)')?.throughDependents.files, 0);
  });

  it('says the same in Markdown and CSV', async () => {
    const m = io(repo.dir);
    await report(['--by', 'owner'], m);
    const aSection = m.stdout.slice(m.stdout.indexOf('## @\u200bteam-a'), m.stdout.indexOf('## @\u200bteam-b'));
    assert.match(aSection, /### Through dependents\n\n2 files of others depend on its files \(1 directly, up to 2 hops\)\./);
    assert.match(aSection, /\| Lift checkout conversion \(`checkout`\) \| 1 \| 1 \| 1 \| `app\/src\/org\/acme\/pay\/Charge\.java` \|/);
    assert.match(aSection, /\| Better search \(`search`\) \| 2 \| 1 \| 1 \| `app\/src\/org\/acme\/shop\/Cart\.java` \|/);
    assert.match(aSection, /Their owners: @\u200bteam-b \(2 files, nearest 1\)\./);
    assert.match(m.stdout, /## \(no owner\)[\s\S]*No file of another owner depends on its files\./);
    const c = io(repo.dir);
    await report(['--by', 'owner', '--format', 'csv'], c);
    const lines = c.stdout.trim().split('\r\n');
    assert.strictEqual(lines[0], 'owner,goal,title,commits,share,ownerCommits,through,distance,dependentFiles');
    assert.ok(lines.includes("'@team-a,platform,Platform upkeep,2,0.5,4,own,0,"), lines.join('\n'));
    assert.ok(lines.includes("'@team-a,search,Better search,1,,4,dependents,2,1"), lines.join('\n'));
    assert.ok(lines.includes("'@team-b,platform,Platform upkeep,1,,4,dependents,1,1"), lines.join('\n'));
  });

  it('with --cache, reads the dependency graph kept beside the index cache: a later run parses nothing', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-owner-'));
    try {
      const first = cli(repo.dir, ['report', '--by', 'owner', '--format', 'json', '--cache', cacheDir]);
      assert.strictEqual(first.code, 0, first.stderr);
      assert.ok(fs.readdirSync(cacheDir).some((f) => /^goal-lens-deps-.*\.json$/.test(f)), fs.readdirSync(cacheDir).join(', '));
      const warm = await new ImpactData(await GitRepo.open(repo.dir), { cacheDir }).dependencyGraph();
      assert.strictEqual(warm.parsed, 0);
      assert.strictEqual(warm.files, 5);
      const second = cli(repo.dir, ['report', '--by', 'owner', '--format', 'json', '--cache', cacheDir]);
      assert.strictEqual(second.code, 0, second.stderr);
      const owners = (JSON.parse(second.stdout) as { owners: OwnerJson[] }).owners;
      assert.strictEqual(owners.find((o) => o.owner === '@team-a')?.throughDependents.files, 2);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
