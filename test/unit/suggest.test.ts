// Suggested goals for untagged commits, on real repositories: each signal alone, determinism, the leave-one-out
// evaluation on a history whose answer is known, and the command line that accepts suggestions.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateSuggestions } from '../../src/core/suggest/evaluate';
import { Suggester, oneStepCount, oneStepOf, suggestAll, type GoalSuggestion } from '../../src/core/suggest/suggest';
import { buildDashboardData } from '../../src/core/reports/dashboardData';
import { wordsOf } from '../../src/core/suggest/words';
import { readCommitFiles } from '../../src/git/commitFiles';
import { createDemoRepo } from '../../src/git/demoRepo';
import { loadIndex } from '../../src/git/indexLoader';
import { GitRepo } from '../../src/git/repo';
import { cli, CLI, goalsYaml, TempRepo } from '../helpers';

const ZED = 'Zed Quill <zed@example.com>';
const ANA = 'Ana Lima <ana@example.com>';
const day = (d: number, h = 12): string => `2026-10-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Lift checkout conversion', paths: ['src/checkout/**'] },
  { id: 'search', title: 'Better product findability', keys: ['SRCH-101', 'SRCH-102'] },
  { id: 'ops', title: 'Cut support cost' },
);

async function suggestionsFor(repo: TempRepo, sha: string): Promise<GoalSuggestion[]> {
  const loaded = await loadIndex(repo.dir);
  assert.ok(!loaded.index.links.has(sha), 'the asked commit must be untagged');
  const files = await readCommitFiles(loaded.repo);
  return new Suggester(loaded.index, files).suggest(sha).suggestions;
}

/** The first suggestion is `goalId`, and every piece of its evidence comes from `signal`. */
function onlySignal(s: GoalSuggestion[], goalId: string, signal: string, text: RegExp): void {
  assert.ok(s.length > 0, 'no suggestion');
  assert.strictEqual(s[0].goalId, goalId, JSON.stringify(s));
  assert.deepStrictEqual([...new Set(s[0].evidence.map((e) => e.signal))], [signal], JSON.stringify(s[0].evidence));
  assert.match(s[0].evidence[0].text, text);
  assert.ok(s[0].confidence > 0 && s[0].confidence <= 1);
}

describe('suggestions for untagged work', function () {
  this.timeout(60000);
  let repo: TempRepo;
  beforeEach(() => {
    repo = TempRepo.create();
    repo.commit('Initial commit', { files: { 'goals.yaml': GOALS }, date: day(1, 8) });
  });
  afterEach(() => repo.cleanup());

  it('a commit in a goal\'s declared paths gets that goal, with the path as evidence', async () => {
    const sha = repo.commit('Zebra quux', { files: { 'src/checkout/cart.ts': 'x\n' }, author: ZED, date: day(20) });
    onlySignal(await suggestionsFor(repo, sha), 'checkout', 'paths', /changes src\/checkout\/cart\.ts, in its paths \(src\/checkout\/\*\*\)/);
  });

  it('a commit changing files that linked commits changed gets their goal (co-change)', async () => {
    repo.commit('Alpha\n\nGoal: ops', { files: { 'lib/mail.ts': '1\n' }, author: ANA, date: day(2) });
    repo.commit('Beta\n\nGoal: ops', { files: { 'lib/mail.ts': '2\n' }, author: ANA, date: day(3) });
    const sha = repo.commit('Zebra quux', { files: { 'lib/mail.ts': '3\n' }, author: ZED, date: day(20) });
    onlySignal(await suggestionsFor(repo, sha), 'ops', 'cochange', /lib\/mail\.ts was changed by 2 commits that serve it/);
  });

  it('co-change weighs recent and many commits more', async () => {
    repo.commit('Alpha\n\nGoal: search', { files: { 'lib/a.ts': '1\n' }, author: ANA, date: '2025-01-05T12:00:00Z' });
    repo.commit('Beta\n\nGoal: ops', { files: { 'lib/a.ts': '2\n' }, author: ANA, date: day(10) });
    repo.commit('Gamma\n\nGoal: search', { files: { 'lib/b.ts': '1\n' }, author: ANA, date: day(10) });
    repo.commit('Delta\n\nGoal: search', { files: { 'lib/b.ts': '2\n' }, author: ANA, date: day(11) });
    repo.commit('Epsilon\n\nGoal: ops', { files: { 'lib/b.ts': '3\n' }, author: ANA, date: day(12) });
    const recent = repo.commit('Zebra quux', { files: { 'lib/a.ts': '3\n' }, author: ZED, date: day(20) });
    const many = repo.commit('Yak wombat', { files: { 'lib/b.ts': '4\n' }, author: ZED, date: day(21) });
    assert.strictEqual((await suggestionsFor(repo, recent))[0].goalId, 'ops', 'the recent commit beats the old one');
    assert.strictEqual((await suggestionsFor(repo, many))[0].goalId, 'search', 'two commits beat one');
  });

  it('a commit whose merge served a goal for its other commits gets that goal', async () => {
    repo.git('checkout', '-q', '-b', 'topic/x');
    repo.commit('Alpha\n\nGoal: ops', { files: { 'a.txt': '1\n' }, author: ANA, date: day(2) });
    const sha = repo.commit('Zebra quux', { files: { 'b.txt': '1\n' }, author: ZED, date: day(20) });
    repo.git('checkout', '-q', 'main');
    repo.merge('topic/x', "Merge branch 'topic/x'", day(21));
    repo.git('branch', '-q', '-D', 'topic/x');
    onlySignal(await suggestionsFor(repo, sha), 'ops', 'branch', /1 of the 1 other commit of merge [0-9a-f]{7} \(topic\/x\) serves it/);
  });

  it("a commit gets the goal of its author's linked work in the same days", async () => {
    repo.commit('Alpha\n\nGoal: ops', { files: { 'a.txt': '1\n' }, author: ZED, date: day(20, 9) });
    repo.commit('Beta\n\nGoal: search', { files: { 'b.txt': '1\n' }, author: ANA, date: day(20, 10) });
    const sha = repo.commit('Zebra quux', { files: { 'c.txt': '1\n' }, author: ZED, date: day(20, 15) });
    onlySignal(await suggestionsFor(repo, sha), 'ops', 'author', /1 of Zed Quill's 1 commit within 3 days serves it/);
  });

  it('an issue key of a project whose other keys a goal lists gets that goal', async () => {
    const sha = repo.commit('SRCH-141: Zebra quux', { files: { 'c.txt': '1\n' }, author: ZED, date: day(20) });
    onlySignal(await suggestionsFor(repo, sha), 'search', 'key', /issue SRCH-141 is in project SRCH, whose key SRCH-101 it lists/);
  });

  it("words shared with a goal's title or its commits' subjects point to it", async () => {
    repo.commit('Invoice layout rework\n\nGoal: ops', { files: { 'a.txt': '1\n' }, author: ANA, date: day(2) });
    const byTitle = repo.commit('Checkout button colour', { files: { 'b.txt': '1\n' }, author: ZED, date: day(20) });
    const bySubject = repo.commit('Invoice layout tweaks', { files: { 'c.txt': '1\n' }, author: ZED, date: day(21) });
    onlySignal(await suggestionsFor(repo, byTitle), 'checkout', 'words', /shares 'checkout' with its title/);
    onlySignal(await suggestionsFor(repo, bySubject), 'ops', 'words', /shares 'invoice', 'layout' with subjects of its commits/);
  });

  it('a commit nothing points to gets no suggestion, and a matched key is never evidence', async () => {
    repo.commit('SRCH-101: Alpha', { files: { 'a.txt': '1\n' }, author: ANA, date: day(2) });
    const sha = repo.commit('Zebra quux', { files: { 'z.txt': '1\n' }, author: ZED, date: day(20) });
    assert.deepStrictEqual(await suggestionsFor(repo, sha), []);
  });

  it('suggestions are the same for the same history, whichever process reads it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-suggest-'));
    try {
      createDemoRepo({ dir: path.join(dir, 'demo') });
      const once = async () => {
        const loaded = await loadIndex(path.join(dir, 'demo'));
        return suggestAll(loaded.index, await readCommitFiles(loaded.repo), loaded.index.untagged);
      };
      const a = await once();
      const b = await once();
      assert.ok(a.length > 50 && a.every((s) => s.suggestions.length <= 3));
      assert.deepStrictEqual(a, b);
      assert.ok(oneStepCount(a) > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leave-one-out gives the known answer and never leaks the hidden commit\'s own link', async () => {
    // Four commits per goal in its own folder, linked by trailer: each is found from the other three.
    for (let k = 0; k < 4; k++) {
      repo.commit(`Tweak ${k}\n\nGoal: checkout`, { files: { [`src/checkout/f${k}.ts`]: `${k}\n` }, author: ANA, date: day(2 + k) });
      repo.commit(`Tune ${k}\n\nGoal: ops`, { files: { [`ops/g${k}.ts`]: `${k}\n`, [`ops/shared.ts`]: `${k}\n` }, author: ANA, date: day(2 + k, 14) });
    }
    // Linked, but nothing else in the history points to its goal: leave-one-out must not find it.
    repo.commit('Zebra quux\n\nGoal: search', { files: { 'lonely/z.txt': '1\n' }, author: ZED, date: day(25) });
    const loaded = await loadIndex(repo.dir);
    const e = evaluateSuggestions(loaded.index, await readCommitFiles(loaded.repo));
    assert.strictEqual(e.evaluated, 9);
    assert.strictEqual(e.top1, 8);
    assert.strictEqual(e.top3, 8);
    assert.strictEqual(e.none, 1, 'the lonely commit gets nothing: its own trailer is hidden');
    assert.ok(e.highPrecisionThreshold !== null);
  });
});

describe('words of a subject', () => {
  it('drops short words, stop words, numbers and issue keys; folds plurals', () => {
    assert.deepStrictEqual(wordsOf('SHOP-12: Add retries for the card payments (part 2)'), ['retry', 'card', 'payment']);
    assert.deepStrictEqual(wordsOf('Fix fix FIX'), []);
  });
});

describe('goal-lens suggest', function () {
  this.timeout(60000);
  let repo: TempRepo;
  let untagged: string;
  const goalLens = (...args: string[]) => cli(repo.dir, args);
  before(() => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    repo = TempRepo.create();
    repo.commit('Initial commit', { files: { 'goals.yaml': GOALS }, date: day(1, 8) });
    repo.commit('Cart totals\n\nGoal: checkout', { files: { 'src/checkout/cart.ts': '1\n' }, author: ANA, date: day(2) });
    untagged = repo.commit('Cart rounding', { files: { 'src/checkout/cart.ts': '2\n' }, author: ANA, date: day(3) });
  });
  after(() => repo.cleanup());

  it('lists untagged commits with their suggestions and evidence', () => {
    const r = goalLens('suggest');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${untagged.slice(0, 12)} Cart rounding\\n  checkout 0\\.\\d\\d: changes src/checkout/cart.ts, in its paths`));
    const json = JSON.parse(goalLens('suggest', '--json').stdout);
    assert.strictEqual(json.commits.find((c: { sha: string }) => c.sha === untagged).suggestions[0].goalId, 'checkout');
  });

  it('--accept --dry-run writes nothing; --accept writes the note that tag writes', () => {
    const dry = goalLens('suggest', '--accept', '--min-confidence', '0.5', '--dry-run');
    assert.strictEqual(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`would tag ${untagged.slice(0, 12)} with checkout`));
    assert.strictEqual(spawnSync('git', ['notes', '--ref=goals', 'list'], { cwd: repo.dir, encoding: 'utf8' }).stdout, '');
    const r = goalLens('suggest', '--accept', '--min-confidence', '0.5');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`tagged ${untagged.slice(0, 12)} with checkout`));
    assert.strictEqual(repo.git('notes', '--ref=goals', 'show', untagged), 'Goal: checkout');
    assert.match(goalLens('explain', untagged).stdout, /checkout: Lift checkout conversion \(via note/);
    assert.doesNotMatch(goalLens('suggest').stdout, /Cart rounding/);
  });

  it('refuses --accept without a confidence, and a confidence out of range', () => {
    assert.strictEqual(goalLens('suggest', '--accept').code, 2);
    assert.match(goalLens('suggest', '--accept', '--min-confidence', '2').stderr, /must be a number from 0 to 1/);
  });

  it('--evaluate prints the leave-one-out figures', () => {
    const r = goalLens('suggest', '--evaluate');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /leave-one-out over \d+ linked commits?:\n {2}first suggestion right: /);
  });
});

describe('suggestions in the reports', function () {
  this.timeout(60000);
  let repo: TempRepo;
  before(() => {
    repo = TempRepo.create();
    repo.commit('Initial commit', { files: { 'goals.yaml': GOALS }, date: '2026-10-26T08:00:00Z' });
    repo.commit('Cart totals\n\nGoal: checkout', { files: { 'src/checkout/cart.ts': '1\n' }, author: ANA, date: '2026-10-27T12:00:00Z' });
    repo.commit('Cart rounding', { files: { 'src/checkout/cart.ts': '2\n' }, author: ANA, date: '2026-10-28T12:00:00Z' });
  });
  after(() => repo.cleanup());

  it('the digest says how many untagged commits can be tagged in one step', () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    const r = cli(repo.dir, ['digest', '--week', '2026-W44']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 commits by 2 people; 1 served a goal, 2 untagged\.\n\n1 of 2 untagged commits can be tagged in one step: `goal-lens suggest --accept --min-confidence 0\.8`\./);
  });

  it('the dashboard data counts them in its window', async () => {
    const loaded = await loadIndex(repo.dir);
    const s = new Suggester(loaded.index, await readCommitFiles(loaded.repo));
    const oneStep = oneStepOf((sha) => s.suggest(sha).suggestions);
    const data = buildDashboardData(loaded.index, { now: new Date('2026-11-05T00:00:00Z'), staleAfterDays: 30, untaggedThreshold: 0.2, oneStep });
    assert.deepStrictEqual([data.totals.untagged, data.totals.oneStep], [2, 1]);
    assert.strictEqual(buildDashboardData(loaded.index, { now: new Date('2026-11-05T00:00:00Z'), staleAfterDays: 30, untaggedThreshold: 0.2 }).totals.oneStep, undefined);
  });
});

describe('git: which files each commit changed', function () {
  this.timeout(60000);
  it('reads the newest commits up to the cap, older asked ones besides, and never takes an argument for an option', async () => {
    const repo = TempRepo.create();
    try {
      const first = repo.commit('One', { files: { 'a b.txt': '1\n', 'dir/ü.ts': '1\n' } });
      const second = repo.commit('Two', { files: { 'c.txt': '1\n' } });
      repo.git('checkout', '-q', '-b', 'side');
      const third = repo.commit('Three', { files: { 'a b.txt': '2\n' } });
      repo.git('checkout', '-q', 'main');
      repo.merge('side', 'Merge side');
      const loaded = { repo: await GitRepo.open(repo.dir) };
      const capped = await readCommitFiles(loaded.repo, { maxCommits: 1 });
      assert.deepStrictEqual([...capped.keys()], [third], 'merges are skipped; the newest non-merge commit first');
      const marker = path.join(repo.dir, 'injected');
      const asked = await readCommitFiles(loaded.repo, { maxCommits: 1, include: [first, `--output=${marker}`] });
      assert.deepStrictEqual(asked.get(first)?.sort(), ['a b.txt', 'dir/ü.ts']);
      assert.ok(!asked.has(second));
      assert.ok(!fs.existsSync(marker));
      const all = await readCommitFiles(loaded.repo);
      assert.deepStrictEqual(all.get(second), ['c.txt']);
    } finally {
      repo.cleanup();
    }
  });
});
