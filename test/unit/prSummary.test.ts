// `goal-lens pr-summary`: the goals at stake in a change, on real repositories made here, read as a reviewer
// reads the comment; its size cap; and repository text that must stay inert where the comment is posted.
import * as assert from 'assert';
import { mdCell } from '../../src/core/reports/formats';
import type { PrSummary } from '../../src/core/reports/prSummary';
import { GITHUB_COMMENT_LIMIT, PR_SUMMARY_MARKER, prSummaryToMarkdown } from '../../src/core/reports/prSummaryFormats';
import { assertOneLineError, cli, TempRepo } from '../helpers';

const GOALS = `version: 1
goals:
  - id: checkout
    title: Lift checkout conversion
    owner: Dana Ruiz (VP Sales)
    advisor: Lee Park
    paths: [src/pay/**]
    outcome: { metric: Conversion, unit: "%", baseline: 3.1, target: 4.0, measurements: [{ date: 2026-10-01, value: 3.4 }] }
    commitments:
      - { what: One-click retry, due: 2026-11-20 }
      - { what: Wallets, due: 2027-03-01 }
  - id: search
    title: Better search
    owner: Sam Ortiz
  - id: legal
    title: Terms always current
`;

const ZW = '\u200b';

/** main with history for three goals, then a branch `feat`: two goals served, one untagged commit, a shared file changed. */
function project(): { repo: TempRepo; untagged: string } {
  const repo = TempRepo.create();
  repo.commit('Start\n\nGoal: checkout', {
    date: '2026-10-01T10:00:00Z',
    files: {
      'goals.yaml': GOALS,
      '.github/CODEOWNERS': 'src/lib/ @acme/platform @bob\n',
      'src/lib/money.ts': 'export const money = 1;\n',
      'src/pay/cart.ts': "import { money } from '../lib/money';\n",
      'src/search/find.ts': "import { money } from '../lib/money';\n",
      'src/legal/terms.ts': "import { money } from '../lib/money';\n",
    },
  });
  repo.commit('Cart\n\nGoal: checkout', { date: '2026-10-02T10:00:00Z', files: { 'src/pay/cart.ts': "import { money } from '../lib/money';\nexport const cart = money;\n" } });
  repo.commit('Find\n\nGoal: search', { date: '2026-10-03T10:00:00Z', files: { 'src/search/find.ts': "import { money } from '../lib/money';\nexport const find = money;\n" } });
  repo.commit('Terms\n\nGoal: legal', { date: '2026-10-04T10:00:00Z', files: { 'src/legal/terms.ts': "import { money } from '../lib/money';\nexport const terms = money;\n" } });
  repo.git('checkout', '-q', '-b', 'feat');
  repo.commit('Round money\n\nGoal: checkout', { date: '2026-10-05T10:00:00Z', files: { 'src/lib/money.ts': 'export const money = 1.0;\n' } });
  repo.commit('Faster find\n\nGoal: search', { date: '2026-10-06T10:00:00Z', files: { 'src/search/find.ts': "import { money } from '../lib/money';\nexport const find = money * 2;\n" } });
  const untagged = repo.commit('Tweak cart', { date: '2026-10-07T10:00:00Z', files: { 'src/pay/cart.ts': "import { money } from '../lib/money';\nexport const cart = money * 3;\n" } });
  return { repo, untagged };
}

describe('pr-summary: the goals at stake in a change', function () {
  this.timeout(60000);
  const made: TempRepo[] = [];
  after(() => made.forEach((r) => r.cleanup()));

  it('lists the goals served with owner, outcome and commitments due; the untagged commit with its suggestion; the shared file with its owners', () => {
    const { repo, untagged } = project();
    made.push(repo);
    const run = cli(repo.dir, ['pr-summary', '--range', 'main..feat']);
    assert.strictEqual(run.code, 0, run.stderr);
    const md = run.stdout;
    assert.ok(md.startsWith(`${PR_SUMMARY_MARKER}\n`), md);
    assert.match(md, /: 3 commits, 2 serving a goal, 1 untagged; 3 files changed\./);
    const checkout = md.split('\n').find((l) => l.startsWith('| Lift checkout conversion'));
    assert.ok(checkout, md);
    assert.match(checkout, /\(`checkout`\), 1 commit here \| Dana Ruiz \(VP Sales\) \/ Lee Park \| Conversion: 3\.4% of 4% \(33\.3% of the way\) \| 3 person-days by 1 person, 3 commits \| One-click retry, 2026-11-20 \|$/);
    assert.doesNotMatch(md, /Wallets/, 'a commitment due in four months is not due within 30 days');
    assert.match(md, /^\| Better search \(`search`\), 1 commit here \| Sam Ortiz \/ - \| - \|/m);
    assert.doesNotMatch(md, /\| Terms always current/, 'a goal the change does not serve is not among the goals served');
    const line = md.split('\n').find((l) => l.includes('Tweak cart'));
    assert.strictEqual(line, `- \`${untagged.slice(0, 7)}\` Tweak cart: suggests \`checkout\` (${/\((0\.\d\d|1\.00): changes src\/pay\/cart/.exec(md)?.[1]}: changes src/pay/cart.ts, in its paths (src/pay/\\*\\*)); \`goal-lens tag ${untagged.slice(0, 7)} checkout\` or \`Goal: checkout\``);
    const money = md.split('\n').find((l) => l.startsWith('| src/lib/money.ts'));
    assert.ok(money, md);
    assert.match(money, /^\| src\/lib\/money\.ts \| 3 \| `checkout` \(this change\) 1 commit, 1 via dependents; `legal` 1 via dependents; `search` \(this change\) 1 via dependents \| @\u200bacme\/platform, @\u200bbob \|$/);
    assert.ok(md.indexOf('src/lib/money.ts') < md.indexOf('src/search/find.ts') || !md.includes('| src/search/find.ts'), 'most affected first');

    const json = JSON.parse(cli(repo.dir, ['pr-summary', '--range', 'main..feat', '--format', 'json']).stdout) as PrSummary;
    assert.deepStrictEqual(json.goals.map((g) => [g.id, g.commits]), [['checkout', 1], ['search', 1]]);
    assert.deepStrictEqual(json.goals[0].commitmentsDue, [{ what: 'One-click retry', due: '2026-11-20', state: 'open' }]);
    assert.strictEqual(json.goals[0].outcome?.latest?.value, 3.4);
    assert.deepStrictEqual(json.untagged.map((u) => [u.sha, u.suggestion?.goalId]), [[untagged, 'checkout']]);
    assert.strictEqual(json.shared[0].path, 'src/lib/money.ts');
    assert.deepStrictEqual(json.shared[0].owners, ['@acme/platform', '@bob'], 'JSON keeps the data as it is: only Markdown is made inert');
    assert.deepStrictEqual(json.shared[0].goals.find((g) => g.id === 'legal'), { id: 'legal', commits: 0, throughDependents: 1, declared: false, servedHere: false });
    assert.deepStrictEqual(json.totals, { commits: 3, linked: 2, untagged: 1, files: 3 });
  });

  it('lists the goals.yaml problems the change introduces, not those it found', () => {
    const repo = TempRepo.create();
    made.push(repo);
    repo.commit('Goals', { files: { 'goals.yaml': GOALS.replace('    owner: Sam Ortiz\n', '    owner: Sam Ortiz\n    colour: blue\n') } });
    repo.git('checkout', '-q', '-b', 'edit');
    repo.commit('Another goal\n\nGoal: search', { files: { 'goals.yaml': `${GOALS.replace('    owner: Sam Ortiz\n', '    owner: Sam Ortiz\n    colour: blue\n')}  - id: search\n    title: Again\n` } });
    const md = cli(repo.dir, ['pr-summary', '--range', 'main..edit']).stdout;
    assert.match(md, /\*\*goals\.yaml problems this change introduces\*\*\n\n- error: goals\.yaml:\d+:\d+: duplicate goal id 'search'/);
    assert.doesNotMatch(md, /colour/, 'the unknown field was there before the change');
    const clean = cli(repo.dir, ['pr-summary', '--range', 'main~0..main']);
    assert.strictEqual(clean.code, 0, clean.stderr);
    assert.doesNotMatch(clean.stdout, /problems this change introduces/);
  });

  it('stays one screen on a huge change and says what it left out', () => {
    const repo = TempRepo.create();
    made.push(repo);
    repo.commit('Goals', { files: { 'goals.yaml': GOALS } });
    repo.git('checkout', '-q', '-b', 'huge');
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`gen/f${i}.txt`] = `${i}\n`;
    repo.commit('Generate files', { files });
    for (let i = 0; i < 25; i++) repo.commit(`Untagged ${i} ${'x'.repeat(3000)}`);
    const run = cli(repo.dir, ['pr-summary', '--range', 'main..huge']);
    assert.strictEqual(run.code, 0, run.stderr);
    const md = run.stdout;
    assert.ok(md.length < 8000, `one screen, not ${md.length} characters`);
    assert.match(md, /: 26 commits, 0 serving a goal, 26 untagged; 325 files changed\./);
    assert.match(md, /^- and 16 more$/m);
    assert.match(md, /Left out: 16 untagged commits/);
    assert.match(md, /Untagged 24 x+…/, 'a long subject is clipped');
  });

  it('never passes GitHub\'s comment limit, however long the lists: the caps shrink, then it is cut at a line', () => {
    const long = 'y'.repeat(5000);
    const s: PrSummary = {
      range: 'a..b', from: 'a'.repeat(40), to: 'b'.repeat(40), generatedAt: '2026-11-05T00:00:00.000Z', trailer: 'Goal',
      totals: { commits: 5000, linked: 0, untagged: 5000, files: 5000 },
      goals: [],
      untagged: Array.from({ length: 5000 }, (_, i) => ({ sha: i.toString(16).padStart(40, '0'), subject: `${i} ${long}`, author: 'a', suggestion: null })),
      shared: Array.from({ length: 5000 }, (_, i) => ({ path: `lib/${i}/${long}.ts`, dependents: 1, transitive: 0, goals: [], owners: [`@team${i}`] })),
      sharedNotExamined: 0,
      problems: [],
    };
    const all = prSummaryToMarkdown(s, { maxRows: 100_000 });
    assert.ok(all.length <= GITHUB_COMMENT_LIMIT, String(all.length));
    assert.match(all, /Left out: \d+ untagged commits; \d+ shared files/);
    const cut = prSummaryToMarkdown(s, { maxRows: 1, limit: 700 });
    assert.ok(cut.length <= 700, String(cut.length));
    assert.match(cut, /Cut here: the summary passed the comment limit/);
  });

  it('keeps repository text inert: no mention, no issue reference or closing keyword, no HTML, image or link', () => {
    const repo = TempRepo.create();
    made.push(repo);
    const hostile = 'fixes #12, closes org/repo#7, GH-3, cc @alice @acme/security <img src=x onerror=alert(1)> ![i](https://evil.example/p.png) [click](javascript:alert(1)) https://evil.example www.evil.example &#64;carol a@b.example | ` ~~s~~';
    const goals = GOALS.replace('title: Lift checkout conversion', `title: "Checkout ${hostile.replace(/"/g, '\\"')}"`).replace('owner: Dana Ruiz (VP Sales)', 'owner: "@dana &#64;dana <b>Dana</b>"');
    repo.commit('Start\n\nGoal: checkout', { files: { 'goals.yaml': goals, '.github/CODEOWNERS': '* @acme/everyone\n', 'src/lib/money.ts': 'export const m = 1;\n', 'src/pay/cart.ts': "import { m } from '../lib/money';\n" } });
    repo.git('checkout', '-q', '-b', 'feat');
    repo.commit(`Served ${hostile}\n\nGoal: checkout`, { files: { 'src/lib/money.ts': 'export const m = 2;\n' } });
    repo.commit(`Untagged ${hostile}`, { files: { 'src/pay/cart.ts': "import { m } from '../lib/money';\nexport const c = m;\n" } });
    const run = cli(repo.dir, ['pr-summary', '--range', 'main..feat']);
    assert.strictEqual(run.code, 0, run.stderr);
    const md = run.stdout;
    assert.ok(md.includes(`@${ZW}alice`) && md.includes(`@${ZW}acme/everyone`), 'the text is still there, to read:\n' + md);
    assertInert(md);
    // The one escaper every Markdown output uses.
    assertInert(mdCell(hostile));
    assert.strictEqual(mdCell('fixes #12').replace(/\u200b/g, ''), 'fixes #12', 'a reader sees the same words');
  });

  it('says what is wrong in one line', () => {
    const { repo } = project();
    made.push(repo);
    assertOneLineError(cli(repo.dir, ['pr-summary']), /needs --range BASE\.\.HEAD/, 2);
    assertOneLineError(cli(repo.dir, ['pr-summary', '--range', 'main..feat', '--format', 'html']), /--format 'html' is not one of md, json/, 2);
    assertOneLineError(cli(repo.dir, ['pr-summary', '--range', 'main..nope']), /nope/, 1);
    assertOneLineError(cli(repo.dir, ['pr-summary', '--range=--output=x..feat']), /--output=x/, 1);
  });
});

/** No mention, reference, closing keyword, autolink, HTML, image or link: what GitHub would act on. */
function assertInert(md: string): void {
  // Our own markup: the marker, <sub>, and code spans (repository text cannot open one: backticks are escaped).
  const own = md.replace(PR_SUMMARY_MARKER, '').replace(/<\/?sub>/g, '').replace(/(^|[^\\])`[^`]*`/gm, '$1');
  assert.doesNotMatch(own, /@[A-Za-z0-9]/, 'no @mention');
  assert.doesNotMatch(own, /#\d/, 'no issue reference (so no "fixes #12")');
  assert.doesNotMatch(own, /\bGH-\d/i, 'no GH- reference');
  assert.doesNotMatch(own, /:\/\//, 'no bare URL');
  assert.doesNotMatch(own, /\bwww\./i, 'no www. autolink');
  assert.doesNotMatch(own, /(^|[^\\])</m, 'no HTML tag');
  assert.doesNotMatch(own, /(^|[^\\])\[/m, 'no link or image');
  assert.doesNotMatch(own, /(^|[^\\])&/m, 'no HTML entity');
  assert.doesNotMatch(own, /(^|[^\\])~~/m, 'no strike-through');
}
