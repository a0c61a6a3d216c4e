// The roll-up (issue 18) on real repositories: three repositories, two of them sharing history, all taking the company
// goals from one shared file; exact per goal and per repository, from folders and from JSON reports alike.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RollUp } from '../../src/core/reports/rollup';
import { rollupToCsv, rollupToHtml, rollupToMarkdown } from '../../src/core/reports/rollupFormats';
import { DEMO_GOALS, WAREHOUSE_GOALS } from '../../src/git/demoRepo';
import { cli, CLI } from '../helpers';

const COMPANY = `version: 1
goals:
  - id: growth
    title: Grow revenue
  - id: cost
    title: Cut cost
    commitments:
      - { what: Cheaper hosting, due: 2026-10-01, done: 2026-09-20 }
`;

function git(dir: string, env: Record<string, string>, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function commit(dir: string, message: string, date: string, author: string, file = `f-${message.replace(/\W+/g, '-')}.txt`): void {
  fs.writeFileSync(path.join(dir, file), message + '\n');
  git(dir, {}, 'add', '-A');
  git(dir, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, '-c', 'user.name=x', '-c', 'user.email=x@example.com', 'commit', '-q', `--author=${author}`, '-m', message);
}

const ALICE = 'Alice <alice@example.com>';
const BOB = 'Bob <bob@example.com>';
const CAROL = 'Carol <carol@example.com>';
const DAVE = 'Dave <DAVE@example.com>';

describe('goal-lens rollup: three repositories, two sharing history', function () {
  this.timeout(120_000);
  let parent: string;
  const dir = (name: string): string => path.join(parent, name);

  before(() => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-rollup-')));
    fs.mkdirSync(dir('company'));
    fs.writeFileSync(path.join(dir('company'), 'goals.yaml'), COMPANY);
    // shop: the company goals plus its own goal under growth
    fs.mkdirSync(dir('shop'));
    git(dir('shop'), {}, 'init', '-q', '--initial-branch=main');
    fs.writeFileSync(path.join(dir('shop'), 'goals.yaml'), 'version: 1\nextends: ../company/goals.yaml\ngoals:\n  - id: checkout\n    title: Checkout\n    parent: growth\n');
    commit(dir('shop'), 'init', '2026-10-01T10:00:00Z', ALICE);
    commit(dir('shop'), 'Checkout button\n\nGoal: checkout', '2026-10-02T10:00:00Z', ALICE);
    commit(dir('shop'), 'Pricing page\n\nGoal: growth', '2026-10-03T10:00:00Z', BOB);
    commit(dir('shop'), 'Tidy up', '2026-10-04T10:00:00Z', BOB);
    // shop-fork: a clone of shop (the same four commits) with two more
    git(parent, {}, 'clone', '-q', dir('shop'), dir('shop-fork'));
    commit(dir('shop-fork'), 'Smaller images\n\nGoal: cost', '2026-10-05T10:00:00Z', CAROL);
    commit(dir('shop-fork'), 'Readme', '2026-10-06T10:00:00Z', CAROL);
    // search: its own history, the same company goals
    fs.mkdirSync(dir('search'));
    git(dir('search'), {}, 'init', '-q', '--initial-branch=main');
    fs.writeFileSync(path.join(dir('search'), 'goals.yaml'), 'version: 1\nextends: ../company/goals.yaml\ngoals:\n  - id: search\n    title: Better search\n    parent: growth\n  - id: bad\n    title: Bad\n    parent: nowhere\n');
    commit(dir('search'), 'init', '2026-10-01T11:00:00Z', ALICE);
    commit(dir('search'), 'Faster search\n\nGoal: search', '2026-10-07T10:00:00Z', ALICE);
    commit(dir('search'), 'Cache results\n\nGoal: cost', '2026-10-08T10:00:00Z', DAVE);
  });
  after(() => fs.rmSync(parent, { recursive: true, force: true }));

  const expectExact = (r: RollUp): void => {
    assert.deepStrictEqual(r.totals, { commits: 9, linked: 5, untagged: 4 });
    assert.deepStrictEqual(
      r.repos.map((x) => [x.name, x.commits, x.linked, x.untagged]),
      [
        ['shop', 4, 2, 2],
        ['shop-fork', 6, 3, 3],
        ['search', 3, 2, 1],
      ],
    );
    assert.deepStrictEqual(
      r.goals.map((g) => [g.id, g.parent, g.commits, g.totalCommits, g.authors, g.lastCommitAt, g.byRepo]),
      [
        ['growth', null, 1, 3, 1, '2026-10-03T10:00:00.000Z', { shop: 1, 'shop-fork': 1 }],
        ['cost', null, 2, 2, 2, '2026-10-08T10:00:00.000Z', { 'shop-fork': 1, search: 1 }],
        ['checkout', 'growth', 1, 1, 1, '2026-10-02T10:00:00.000Z', { shop: 1, 'shop-fork': 1 }],
        ['search', 'growth', 1, 1, 1, '2026-10-07T10:00:00.000Z', { search: 1 }],
        ['bad', null, 0, 0, 0, null, {}],
      ],
    );
    assert.strictEqual(r.goals[0].share, 1 / 9);
    assert.deepStrictEqual(r.goals[1].sayDo, { due: 1, keptOnTime: 1, late: 0, missed: 0, ratio: 1 });
    assert.deepStrictEqual(
      r.problems.map((p) => [p.repo, p.file, p.line, p.severity]),
      [['search', 'goals.yaml', 9, 'error']],
    );
    assert.match(r.problems[0].message, /unknown parent 'nowhere'/);
  };

  it('from repository folders: each commit once, exact per goal and per repository', () => {
    const r = cli(parent, ['rollup', '--format', 'json', 'shop', 'shop-fork', 'search']);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as RollUp;
    expectExact(out);
    assert.strictEqual(out.repos[0].path, dir('shop'));
    assert.strictEqual(out.repos[0].head?.length, 40);
  });

  it('from the JSON reports of each repository: the same roll-up', () => {
    for (const name of ['shop', 'shop-fork', 'search']) {
      const r = cli(dir(name), ['report', '--format', 'json', '--output', path.join(parent, `${name}.json`)]);
      assert.strictEqual(r.code, 0, r.stderr);
    }
    const report = JSON.parse(fs.readFileSync(path.join(parent, 'shop.json'), 'utf8'));
    for (const field of ['repo', 'head', 'generatedAt', 'window', 'totals', 'goals', 'problems']) assert.ok(field in report, `report keeps '${field}'`);
    assert.strictEqual(report.commitIndex.shas.length, 4 * 16);
    const fromJson = cli(parent, ['rollup', '--format', 'json', 'shop.json', 'shop-fork.json', 'search.json']);
    assert.strictEqual(fromJson.code, 0, fromJson.stderr);
    const fromFolders = cli(parent, ['rollup', '--format', 'json', 'shop', 'shop-fork', 'search']);
    expectExact(JSON.parse(fromJson.stdout));
    assert.deepStrictEqual(JSON.parse(fromJson.stdout), JSON.parse(fromFolders.stdout));
  });

  it('--since and --until keep only the window, and say so', () => {
    const r = JSON.parse(cli(parent, ['rollup', '--format', 'json', '--since', '2026-10-02', '--until', '2026-10-08', 'shop', 'shop-fork', 'search']).stdout) as RollUp;
    // gone: both inits (10-01) and 'Cache results' (10-08)
    assert.deepStrictEqual(r.totals, { commits: 6, linked: 4, untagged: 2 });
    assert.deepStrictEqual(r.goals.find((g) => g.id === 'cost')!.byRepo, { 'shop-fork': 1 });
    assert.deepStrictEqual(r.window, { since: '2026-10-02T00:00:00.000Z', until: '2026-10-08T00:00:00.000Z' });
  });

  it('an input that cannot be read is one line with its name; the others still roll up', () => {
    fs.writeFileSync(path.join(parent, 'broken.json'), '{ not json');
    const r = cli(parent, ['rollup', '--format', 'json', 'shop', 'broken.json', 'nothing-here']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /broken\.json: not a JSON report/);
    assert.match(r.stderr, /nothing-here: no such folder or file/);
    const out = JSON.parse(r.stdout) as RollUp;
    assert.deepStrictEqual(out.totals, { commits: 4, linked: 2, untagged: 2 });
    assert.deepStrictEqual(out.problems.filter((p) => p.severity === 'error').map((p) => p.repo), ['broken.json', 'nothing-here']);
  });

  it('Markdown, CSV and HTML show the goal-by-repository figures, with repository text escaped', () => {
    const r = JSON.parse(cli(parent, ['rollup', '--format', 'json', 'shop', 'shop-fork', 'search']).stdout) as RollUp;
    r.goals[0].title = '<img src=x onerror=alert(1)> =cmd';
    const md = rollupToMarkdown(r);
    assert.match(md, /\| Goal \| Commits \| Incl\. sub-goals \| Share \| Authors \| FTE \| Last activity \| Say\/do \| shop \| shop-fork \| search \|/);
    assert.match(md, /9 commits \(each counted once\): 5 linked to a goal, 4 untagged/);
    const csvText = rollupToCsv(r);
    const csv = csvText.split('\r\n');
    assert.ok(!/[^\r]\n/.test(csvText) && csvText.endsWith('\r\n'), 'RFC 4180 line endings, as the report CSV');
    assert.strictEqual(
      csv[0],
      'goal,title,parent,commits,total_commits,authors,share,last_commit_at,say_do,repo:shop,repo:shop-fork,repo:search,person_days,fte,' +
        'repo_with_subgoals:shop,repo_with_subgoals:shop-fork,repo_with_subgoals:search,deliveries,lead_time_median_seconds,lead_time_p85_seconds,open_branches,aging_branches',
    );
    assert.match(csv[2], /^cost,Cut cost,,2,2,2,0\.2222,2026-10-08T10:00:00\.000Z,1\.0000,0,1,1,[0-9.]+,[0-9.]+,0,1,1,1,0,0,0,0$/);
    // Issue 27 item 9: a parent goal's per-repository cells say what its sub-goals add; the untagged share is filled.
    assert.match(md, /\| 1 \(2 with sub-goals\) \| 1 \(2 with sub-goals\) \| 0 \(1 with sub-goals\) \|/);
    assert.match(md, /\| shop \| 4 \| 2 \| 2 \| 50\.0% \|/);
    assert.match(md, /## Flow/);
    const html = rollupToHtml(r);
    assert.ok(!html.includes('<img'), 'goal titles are escaped');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /<th class="num">shop-fork<\/th>/);
    assert.match(html, /<td class="chart share"><span class="pct">33\.3%<\/span>/, 'the untagged share of search, as text');
    assert.match(html, /<h2>Flow<\/h2>/);
  });

  it('counts per repository with sub-goals, and flow per goal with a delivery two repositories share once', () => {
    const r = JSON.parse(cli(parent, ['rollup', '--format', 'json', 'shop', 'shop-fork', 'search']).stdout) as RollUp;
    const goal = (id: string) => r.goals.find((g) => g.id === id)!;
    assert.deepStrictEqual(goal('growth').byRepoTotal, { shop: 2, 'shop-fork': 2, search: 1 });
    assert.deepStrictEqual(goal('cost').byRepoTotal, { 'shop-fork': 1, search: 1 });
    assert.deepStrictEqual(r.repos.map((x) => [x.name, Math.round(x.untaggedShare * 1000) / 1000]), [['shop', 0.5], ['shop-fork', 0.5], ['search', 0.333]]);
    // 'Checkout button' is on main in shop and in its clone: one delivery across them, one in each repository.
    const checkout = goal('checkout').flow!;
    assert.strictEqual(checkout.deliveries, 1);
    assert.deepStrictEqual(Object.fromEntries(Object.entries(checkout.byRepo).map(([n, c]) => [n, c.deliveries])), { shop: 1, 'shop-fork': 1 });
    // 'Cache results' is delivered in search, committed as authored: lead time 0. 'Smaller images' is only on the
    // clone's local main, not on its default branch (origin/main): not delivered.
    const cost = goal('cost').flow!;
    assert.strictEqual(cost.deliveries, 1);
    assert.deepStrictEqual(Object.keys(cost.byRepo), ['search']);
    assert.deepStrictEqual(cost.leadTimeSeconds, { count: 1, median: 0, p85: 0 });
    assert.strictEqual(goal('bad').flow, undefined);
  });
});

describe('the demo: a second repository that shares the company goals', function () {
  this.timeout(120_000);
  let dir: string;
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('goal-lens demo makes the warehouse repository, whose goals hang under the shop goals, ready to roll up', () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-demo-')));
    const demo = path.join(dir, 'acme');
    const made = cli(dir, ['demo', '--dir', demo, '--no-report']);
    assert.strictEqual(made.code, 0, made.stderr);
    assert.match(made.stderr, /goal-lens rollup .*acme .*services[/\\]warehouse/);
    assert.strictEqual(git(demo, {}, 'status', '--porcelain'), '', 'the second repository is not untracked work of the first');
    const check = cli(path.join(demo, 'services', 'warehouse'), ['check']);
    assert.strictEqual(check.code, 0, check.stderr);
    // The warehouse's goals are the shop's (through extends) and its own.
    const ids = (yaml: string) => yaml.match(/^ {2}- id: /gm)?.length ?? 0;
    assert.match(check.stdout, new RegExp(`ok: ${ids(DEMO_GOALS) + ids(WAREHOUSE_GOALS)} goals, 0 errors, 0 warnings`));
    const r = cli(dir, ['rollup', '--format', 'json', demo, path.join(demo, 'services', 'warehouse')]);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as RollUp;
    assert.deepStrictEqual(out.repos.map((x) => x.name), ['acme', 'warehouse']);
    const dispatch = out.goals.find((g) => g.id === 'next-day-dispatch')!;
    assert.strictEqual(dispatch.parent, 'cost-to-serve');
    assert.ok(dispatch.commits > 0 && dispatch.byRepo.warehouse === dispatch.commits);
    const checkout = out.goals.find((g) => g.id === 'checkout-conversion')!;
    assert.ok(checkout.byRepo.acme > 0 && checkout.byRepo.warehouse > 0, 'a shared goal has work in both');
    assert.strictEqual(out.totals.commits, out.repos[0].commits + out.repos[1].commits, 'no history shared');
  });
});
