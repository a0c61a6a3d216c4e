import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { impact, report, type Io } from '../../src/cli/commands';
import { declaredGoals, type OwnerImpact } from '../../src/core/impact/impact';
import { ImpactData } from '../../src/git/impactData';
import { loadIndex, type LoadedIndex } from '../../src/git/indexLoader';
import { goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Lift checkout conversion', paths: ['src/payments/**'] },
  { id: 'search', title: 'Better search' },
  { id: 'platform', title: 'Platform upkeep' },
);

const CODEOWNERS = `# teams
*              @acme/core
src/lib/       @acme/platform
src/payments/  @acme/payments
`;

const day = (d: number): string => `2026-10-${String(d).padStart(2, '0')}T12:00:00Z`;
const ANA = 'Ana Lima <ana@example.com>';

/**
 *  1 init (goals.yaml, CODEOWNERS)               untagged         @acme/core
 *  2 src/lib/money.ts                            platform         @acme/platform
 *  3 src/payments/pay.ts (imports ../lib/money)  checkout         @acme/payments
 *  4 src/search/find.ts (imports ../lib/money.js) search          @acme/core
 *  5 src/lib/money.ts                            untagged         @acme/platform
 *  6 pay.ts + money.ts                           checkout (Ana)   @acme/payments, @acme/platform
 *  7 src/search/find.ts                          search, checkout @acme/core
 *  8 src/search/other.ts (says "money" in a comment, no import)   search  @acme/core
 *  9 README.md                                   untagged         @acme/core
 * 10 merge of a side branch (merges never count) ...
 */
function buildRepo(): TempRepo {
  const r = TempRepo.create();
  r.commit('Initial commit', { files: { 'goals.yaml': GOALS, '.github/CODEOWNERS': CODEOWNERS }, date: day(1) });
  r.commit('Add money\n\nGoal: platform', { files: { 'src/lib/money.ts': 'export const cents = (x: number) => Math.round(x * 100);\n' }, date: day(2) });
  r.commit('Pay with money\n\nGoal: checkout', { files: { 'src/payments/pay.ts': "import { cents } from '../lib/money';\nexport const pay = (x: number) => cents(x);\n" }, date: day(3) });
  r.commit('Search prices\n\nGoal: search', { files: { 'src/search/find.ts': "import { cents } from '../lib/money.js';\nexport const find = () => cents(1);\n" }, date: day(4) });
  r.commit('Fix rounding', { files: { 'src/lib/money.ts': 'export const cents = (x: number) => Math.round(x * 100 + 1e-9);\n' }, date: day(5) });
  r.commit('Retry payments\n\nGoal: checkout', {
    files: {
      'src/payments/pay.ts': "import { cents } from '../lib/money';\nexport const pay = (x: number) => cents(x) || cents(x);\n",
      'src/lib/money.ts': 'export const cents = (x: number): number => Math.round(x * 100 + 1e-9);\n',
    },
    date: day(6),
    author: ANA,
  });
  r.commit('Faster search\n\nGoal: search, checkout', { files: { 'src/search/find.ts': "import { cents } from '../lib/money.js';\nexport const find = () => cents(2);\n" }, date: day(7) });
  r.commit('Other search\n\nGoal: search', { files: { 'src/search/other.ts': '// money is not imported here\nexport const other = 1;\n' }, date: day(8) });
  r.commit('Readme', { files: { 'README.md': '# shop\n' }, date: day(9) });
  r.git('checkout', '-q', '-b', 'side');
  r.commit('Side docs', { files: { 'docs/a.md': 'a\n' }, date: day(10) }); // 10: untagged, @acme/core
  r.git('checkout', '-q', 'main');
  r.merge('side', 'Merge branch side', day(11));
  return r;
}

function io(cwd: string): Io & { stdout: string } {
  const o = { stdout: '', cwd, now: new Date(day(20)), env: {}, out: (t: string) => void (o.stdout += t), err: () => undefined };
  return o;
}

const shares = (o: OwnerImpact): Record<string, number> => {
  const m: Record<string, number> = {};
  for (const g of o.goals) m[g.goalId] = Number(g.share.toFixed(4));
  m.untagged = Number(o.untaggedShare.toFixed(4));
  return m;
};

describe('impact on a real repository', () => {
  let repo: TempRepo;
  let loaded: LoadedIndex;
  let data: ImpactData;
  before(async () => {
    repo = buildRepo();
    loaded = await loadIndex(repo.dir);
    data = new ImpactData(loaded.repo);
  });
  after(() => repo.cleanup());

  it('declared: goals whose paths cover the file or folder', () => {
    assert.deepStrictEqual(declaredGoals(loaded.index, 'src/payments/pay.ts', false), [{ goalId: 'checkout', glob: 'src/payments/**' }]);
    assert.deepStrictEqual(declaredGoals(loaded.index, 'src', true), [{ goalId: 'checkout', glob: 'src/payments/**' }]);
    assert.deepStrictEqual(declaredGoals(loaded.index, 'src/lib/money.ts', false), []);
  });

  it('finds the importers of a file through its import syntax, not its mentions', async () => {
    assert.deepStrictEqual(await data.importersOf('src/lib/money.ts'), ['src/payments/pay.ts', 'src/search/find.ts']);
    assert.deepStrictEqual(await data.importersOf('src/lib', true), ['src/payments/pay.ts', 'src/search/find.ts']);
    assert.deepStrictEqual(await data.importersOf('src/payments/pay.ts'), []);
  });

  it('one streamed log pass maps each non-merge commit to its files', async () => {
    const cf = await data.commitFiles();
    assert.strictEqual(cf.size, 10);
    const retry = [...cf.values()].find((f) => f.length === 2 && f.includes('src/payments/pay.ts'));
    assert.deepStrictEqual([...(retry ?? [])].sort(), ['src/lib/money.ts', 'src/payments/pay.ts']);
  });

  it('history, indirect and owners of a shared library file (hand-worked)', async () => {
    const r = await data.fullImpact(loaded.index, 'src/lib/money.ts', false);
    // History: commits 2 (platform), 5 (untagged), 6 (checkout, Ana).
    assert.strictEqual(r.commits, 3);
    assert.strictEqual(r.untagged, 1);
    assert.deepStrictEqual(
      r.history.map((h) => [h.goalId, h.commits, h.authors, Number(h.share.toFixed(4))]),
      [['checkout', 1, 1, 0.3333], ['platform', 1, 1, 0.3333]],
    );
    assert.strictEqual(r.history[0].lastCommitAt, Date.parse(day(6)) / 1000);
    // Indirect: pay.ts changed by 3 (checkout) and 6 (also changed money.ts: counted in history, not here);
    // find.ts changed by 4 (search) and 7 (search, checkout).
    assert.deepStrictEqual(r.importers, ['src/payments/pay.ts', 'src/search/find.ts']);
    assert.deepStrictEqual(
      r.indirect.map((d) => [d.goalId, d.commits, d.authors, d.via]),
      [['checkout', 2, 1, ['src/payments/pay.ts', 'src/search/find.ts']], ['search', 2, 1, ['src/search/find.ts']]],
    );
    assert.strictEqual(r.indirect[0].lastCommitAt, Date.parse(day(7)) / 1000);
    // Owners: the last matching rule (src/lib/) wins over `*`.
    assert.strictEqual(r.codeownersPath, '.github/CODEOWNERS');
    assert.deepStrictEqual(r.owners, ['@acme/platform']);
    assert.strictEqual(r.ownerRollup.length, 1);
    assert.deepStrictEqual(shares(r.ownerRollup[0]), { checkout: 0.3333, platform: 0.3333, untagged: 0.3333 });
  });

  it('owner roll-up over the whole repository sums to 100% per team (hand-worked)', async () => {
    const { owners } = await data.ownerReport(loaded.index);
    assert.deepStrictEqual(owners.map((o) => [o.owner, o.commits, o.untagged, o.files]), [
      ['@acme/core', 6, 3, 6], // 1, 4, 7, 8, 9, 10; files goals.yaml, CODEOWNERS, find.ts, other.ts, README.md, docs/a.md
      ['@acme/platform', 3, 1, 1], // 2, 5, 6
      ['@acme/payments', 2, 0, 1], // 3, 6
    ]);
    // core: search = 4 (1) + 7 (1/2) + 8 (1) = 2.5 of 6; checkout = 7 (1/2) = 0.5 of 6; untagged 3 of 6.
    assert.deepStrictEqual(shares(owners[0]), { search: 0.4167, checkout: 0.0833, untagged: 0.5 });
    assert.deepStrictEqual(shares(owners[1]), { checkout: 0.3333, platform: 0.3333, untagged: 0.3333 });
    assert.deepStrictEqual(shares(owners[2]), { checkout: 1, untagged: 0 });
    for (const o of owners) {
      const sum = o.goals.reduce((a, g) => a + g.share, 0) + o.untaggedShare;
      assert.ok(Math.abs(sum - 1) < 1e-9, `${o.owner} sums to ${sum}`);
    }
    assert.deepStrictEqual(owners[0].goals.map((g) => [g.goalId, g.commits]), [['search', 3], ['checkout', 1]]);
  });

  it('a folder: owners of its files, indirect through importers outside it', async () => {
    const r = await data.fullImpact(loaded.index, 'src/lib', true);
    assert.strictEqual(r.commits, 3);
    assert.deepStrictEqual(r.owners, ['@acme/platform']);
    assert.deepStrictEqual(r.indirect.map((d) => [d.goalId, d.commits]), [['checkout', 2], ['search', 2]]);
  });

  it('finds CODEOWNERS in the GitLab location and works without one', async () => {
    const r = TempRepo.create();
    try {
      r.commit('init', { files: { 'goals.yaml': GOALS, 'a.ts': 'export {}\n' } });
      const d = new ImpactData((await loadIndex(r.dir)).repo);
      assert.strictEqual(await d.codeowners(), null);
      const unowned = await d.ownerReport((await loadIndex(r.dir)).index);
      assert.deepStrictEqual(unowned.owners.map((o) => o.owner), ['(no owner)']);
      assert.strictEqual(unowned.dependents, undefined, 'no CODEOWNERS: nothing to say through dependents');
      fs.mkdirSync(path.join(r.dir, '.gitlab'));
      fs.writeFileSync(path.join(r.dir, '.gitlab', 'CODEOWNERS'), '[Core] @acme/core\n*\n');
      const co = await d.codeowners();
      assert.strictEqual(co?.path, '.gitlab/CODEOWNERS');
      const l = await loadIndex(r.dir);
      const rep = await d.ownerReport(l.index);
      assert.deepStrictEqual(rep.owners.map((o) => [o.owner, o.commits, o.untaggedShare]), [['@acme/core', 1, 1]]);
    } finally {
      r.cleanup();
    }
  });

  it('CLI: goal-lens impact prints direct, indirect and owners', async () => {
    const o = io(repo.dir);
    assert.strictEqual(await impact(['src/lib/money.ts'], o), 0);
    assert.match(o.stdout, /^src\/lib\/money\.ts: 3 commits, 1 untagged \(33\.3%\)/);
    assert.match(o.stdout, /from history:\n {2}checkout: Lift checkout conversion: 1 commit \(33\.3%\), 1 author, last 2 weeks ago\n {2}platform: /);
    assert.match(o.stdout, /through dependents \(2 direct\), nearest first:\n {2}checkout: Lift checkout conversion: distance 1, 2 commits, 1 author, last 1 week ago, via src\/payments\/pay\.ts, src\/search\/find\.ts\n {2}search: Better search: distance 1, 2 commits/);
    assert.match(o.stdout, /dependents \(2 direct\):\n {2}1 {2}src\/payments\/pay\.ts\n {2}1 {2}src\/search\/find\.ts\n/);
    assert.match(o.stdout, /owners \(\.github\/CODEOWNERS\): @acme\/platform\n {2}@acme\/platform served checkout 33\.3%, platform 33\.3%, untagged 33\.3% \(3 commits\)/);
    const j = io(repo.dir);
    await impact(['--json', 'src/lib/money.ts'], j);
    const parsed = JSON.parse(j.stdout) as { indirect: unknown[]; owners: string[] };
    assert.strictEqual(parsed.indirect.length, 2);
    assert.deepStrictEqual(parsed.owners, ['@acme/platform']);
    const md = io(repo.dir);
    assert.strictEqual(await impact(['src/lib/money.ts', '--format', 'md'], md), 0);
    assert.match(md.stdout, /^# Impact of `src\/lib\/money\.ts`/);
    assert.match(md.stdout, /\| Lift checkout conversion \(`checkout`\) \| through dependents \| 1 \| 2 \|/);
    assert.match(md.stdout, /## Dependents\n\n\| Distance \| File \| Via \|\n\| ---: \| --- \| --- \|\n\| 1 \| `src\/payments\/pay\.ts` \|/);
  });

  it('CLI: report --by owner in json, csv and markdown', async () => {
    const j = io(repo.dir);
    assert.strictEqual(await report(['--by', 'owner', '--format', 'json'], j), 0);
    const r = JSON.parse(j.stdout) as { codeowners: string; owners: { owner: string; untaggedShare: number; goals: { goalId: string; title: string; share: number }[] }[] };
    assert.strictEqual(r.codeowners, '.github/CODEOWNERS');
    assert.deepStrictEqual(r.owners.map((x) => x.owner), ['@acme/core', '@acme/platform', '@acme/payments']);
    assert.strictEqual(r.owners[0].goals[0].title, 'Better search');
    const c = io(repo.dir);
    await report(['--by', 'owner', '--format', 'csv'], c);
    const lines = c.stdout.trim().split('\r\n');
    assert.strictEqual(lines[0], 'owner,goal,title,commits,share,ownerCommits,through,distance,dependentFiles');
    // A leading '@' could start a spreadsheet formula: csvField defuses it with a quote.
    assert.ok(lines.includes("'@acme/core,search,Better search,3,0.416667,6,own,0,"), lines.join('\n'));
    assert.ok(lines.includes("'@acme/payments,(untagged),Untagged work,0,0,2,own,0,"));
    // money.ts (@acme/platform) is imported by pay.ts (payments) and find.ts (core): their tagged work, one hop away.
    assert.ok(lines.includes("'@acme/platform,search,Better search,2,,3,dependents,1,1"), lines.join('\n'));
    const m = io(repo.dir);
    await report(['--by', 'owner'], m);
    assert.match(m.stdout, /## @\u200bacme\/platform\n\n3 commits on 1 file\.\n\n\| Goal \| Commits \| Share \|\n\| --- \| ---: \| ---: \|\n\| Lift checkout conversion \(`checkout`\) \| 1 \| 33\.3% \|/);
    await assert.rejects(report(['--by', 'goal'], io(repo.dir)), /--by 'goal' is not one of owner, team/);
  });
});

describe('impact: one count per file (issue 17.2)', () => {
  let repo: TempRepo;
  let loaded: LoadedIndex;
  before(async () => {
    // A side branch changes pay.ts, then is merged with "-s ours": the file is as main left it, so `git log --
    // pay.ts` (history simplification) does not list the side commit, although it changed the file.
    const r = (repo = TempRepo.create());
    r.commit('Initial commit', { files: { 'goals.yaml': GOALS, '.github/CODEOWNERS': '*  @acme/core\nsrc/payments/pay.ts  @acme/payments\n' }, date: day(1) });
    r.commit('Pay\n\nGoal: checkout', { files: { 'src/payments/pay.ts': 'export const pay = 1;\n' }, date: day(2) });
    r.git('checkout', '-q', '-b', 'side');
    r.commit('Pay differently\n\nGoal: search', { files: { 'src/payments/pay.ts': 'export const pay = 2;\n' }, date: day(3) });
    r.git('checkout', '-q', 'main');
    r.commit('Pay faster', { files: { 'src/payments/pay.ts': 'export const pay = 3;\n' }, date: day(4) });
    r.git('merge', '-q', '-s', 'ours', '--no-edit', 'side');
    r.commit('Pay with retries\n\nGoal: checkout, platform', { files: { 'src/payments/pay.ts': 'export const pay = 4;\n' }, date: day(5) });
    loaded = await loadIndex(r.dir);
  });
  after(() => repo.cleanup());

  it("gives a single-file owner's row the figures of the file's own rows", async () => {
    const r = await new ImpactData(loaded.repo).fullImpact(loaded.index, 'src/payments/pay.ts', false);
    assert.strictEqual(r.commits, Number(repo.git('rev-list', '--count', '--no-merges', 'HEAD', '--', 'src/payments/pay.ts')), 'the file counts what git log counts');
    assert.strictEqual(r.commits, 3);
    assert.deepStrictEqual(r.ownerRollup.map((o) => o.owner), ['@acme/payments']);
    const owner = r.ownerRollup[0];
    assert.deepStrictEqual(
      { commits: owner.commits, untagged: owner.untagged, goals: Object.fromEntries(owner.goals.map((g) => [g.goalId, g.commits])) },
      { commits: r.commits, untagged: r.untagged, goals: Object.fromEntries(r.history.map((h) => [h.goalId, h.commits])) },
    );
    for (const h of r.history) assert.strictEqual((owner.goals.find((g) => g.goalId === h.goalId)?.commits ?? 0) / owner.commits, h.share, h.goalId);
  });
});
