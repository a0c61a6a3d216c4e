// The built command line, run as a user runs it: `node dist/cli.js ...` in a real repository.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertOneLineError, cli, CLI, existedAndRemoved, goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml({ id: 'checkout', title: 'Lift checkout conversion', keys: ['SHOP-*'] }, { id: 'search', title: 'Better search' });

describe('goal-lens command line', function () {
  this.timeout(30000);
  let repo: TempRepo;
  let first: string;

  before(() => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    repo = TempRepo.create();
    first = repo.commit('Initial commit', { files: { 'goals.yaml': GOALS, 'src/pay.ts': 'export {}\n' } });
    repo.commit('Checkout button SHOP-4', { files: { 'src/pay.ts': 'export const a = 1;\n' } });
    repo.commit('Ranking\n\nGoal: search');
  });
  after(() => repo.cleanup());

  it('report --format json follows the contract', () => {
    const r = cli(repo.dir, ['report', '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    // effort, then what `goal-lens rollup` needs to count each commit and person-day once: after the older fields.
    assert.deepStrictEqual(Object.keys(json), ['repo', 'head', 'generatedAt', 'window', 'totals', 'goals', 'problems', 'effort', 'commitIndex', 'effortDays', 'onBoard']);
    assert.strictEqual(json.head, repo.git('rev-parse', 'HEAD'));
    assert.strictEqual(json.generatedAt, '2026-11-05T00:00:00.000Z');
    assert.deepStrictEqual(json.totals, { commits: 3, linked: 2, untagged: 1 });
    assert.deepStrictEqual(
      json.goals.map((g: { id: string; commits: number; share: number }) => [g.id, g.commits, g.share]),
      [['checkout', 1, 1 / 3], ['search', 1, 1 / 3]],
    );
  });

  it('report --format csv and md carry the same figures', () => {
    const csv = cli(repo.dir, ['report', '--format', 'csv']);
    assert.strictEqual(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trim().split('\r\n');
    assert.strictEqual(rows.length, 4, 'header, two goals, untagged');
    assert.match(rows[1], /^checkout,Lift checkout conversion,active,/);
    const md = cli(repo.dir, ['report']);
    assert.match(md.stdout, /3 commits: 2 linked to a goal, 1 untagged/);
    assert.match(md.stdout, /\| Better search \(`search`\) \| active \| 1 \|/);
  });

  it('explain gives each goal with its reason', () => {
    const r = cli(repo.dir, ['explain', 'HEAD~1']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /checkout: Lift checkout conversion \(via issue key SHOP-4\)/);
    const untagged = cli(repo.dir, ['explain', first]);
    assert.match(untagged.stdout, /serves no goal \(untagged\)/);
  });

  it('tag adds the goal to the note, keeps what the note said, and never changes the commit', () => {
    repo.git('notes', '--ref=goals', 'add', '-m', 'Reviewed-by: Lee', first);
    const before = repo.git('rev-parse', 'HEAD');
    const r = cli(repo.dir, ['tag', first, 'checkout']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(repo.git('rev-parse', 'HEAD'), before);
    assert.strictEqual(repo.git('notes', '--ref=goals', 'show', first), 'Reviewed-by: Lee\nGoal: checkout');
    assert.match(cli(repo.dir, ['explain', first]).stdout, /checkout: .*via note/);
  });

  it('tag refuses an unknown goal with one clear line', () => {
    const r = cli(repo.dir, ['tag', 'HEAD', 'nope']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /^goal-lens: unknown goal 'nope' \(known: checkout, search\)/);
    assert.strictEqual(r.stderr.trim().split('\n').length, 1);
  });

  it('check exits 0 on a good file and 1 with file:line:col on a duplicate id', () => {
    assert.strictEqual(cli(repo.dir, ['check']).code, 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-cli-'));
    try {
      const bad = TempRepo.create();
      bad.write('goals.yaml', 'version: 1\ngoals:\n  - id: a\n    title: A\n  - id: b\n    title: B\n  - id: a\n    title: Again\n');
      const r = cli(bad.dir, ['check']);
      assert.strictEqual(r.code, 1);
      assert.match(r.stderr, /^goals\.yaml:7:\d+: error: .*duplicate/m);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      bad.cleanup();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check --range --require fails commits that serve no active goal', () => {
    const r = cli(repo.dir, ['check', '--range', `${first}..HEAD`, '--require']);
    assert.strictEqual(r.code, 0, r.stderr + r.stdout);
    const all = cli(repo.dir, ['check', '--range', '..HEAD', '--require']);
    assert.strictEqual(all.code, 0, 'the first commit is tagged by note now');
    repo.commit('Untagged change');
    const failing = cli(repo.dir, ['check', '--range', 'HEAD~1..HEAD', '--require']);
    assert.strictEqual(failing.code, 1);
    assert.match(failing.stderr, /"Untagged change" serves no active goal/);
  });

  it('impact lists declared and historical goals of a path', () => {
    const r = cli(repo.dir, ['impact', 'src/pay.ts']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /src\/pay\.ts: 2 commits, 0 untagged/);
    assert.match(r.stdout, /checkout: Lift checkout conversion: 2 commits \(100\.0%\)/);
  });

  it('digest lists exactly the week asked for', () => {
    const r = cli(repo.dir, ['digest', '--week', '2026-W36']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Week 2026-W36 \(2026-08-31 to 2026-09-06\)/);
    const none = cli(repo.dir, ['digest', '--week', '2020-W01']);
    assert.match(none.stdout, /No commits this week/);
  });

  it('usage errors exit 2 with one line, and option-looking refs stay arguments', () => {
    const r = cli(repo.dir, ['report', '--format', 'xml']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stderr, "goal-lens report: --format 'xml' is not one of md, json, csv, html\n");
    const target = path.join(os.tmpdir(), `goal-lens-should-not-exist-${process.pid}`);
    const sneaky = cli(repo.dir, ['explain', '--', `--output=${target}`]);
    assert.ok(!existedAndRemoved(target), 'a ref that looks like an option must not become one');
    assert.strictEqual(sneaky.code, 1);
    assert.strictEqual(cli(repo.dir, ['frobnicate']).code, 2);
    for (const name of ['constructor', 'toString', '__proto__']) {
      assertOneLineError(cli(repo.dir, [name]), new RegExp(`unknown command '${name}'`), 2);
    }
    // A value that starts with '-' is never taken from the next argument; the message says how to pass one.
    const dashed = cli(repo.dir, ['report', '--repo', '-weird']);
    assert.strictEqual(dashed.code, 2);
    assert.strictEqual(dashed.stderr, "goal-lens report: option --repo needs a value; for one that starts with '-', write --repo=-weird\n");
  });

  it('says clearly when there is no repository, no goals.yaml, or an output it cannot write', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-norepo-'));
    try {
      const r = cli(empty, ['report']);
      assert.strictEqual(r.code, 1);
      assert.match(r.stderr, /^goal-lens: .* is not inside a git repository$/m);
      const bare = TempRepo.create();
      bare.commit('x');
      const noGoals = cli(bare.dir, ['report']);
      assert.strictEqual(noGoals.code, 1);
      assert.match(noGoals.stderr, /no goals file at .*goals\.yaml; create one with 'goal-lens init'/);
      assert.strictEqual(cli(bare.dir, ['init']).code, 0);
      assert.strictEqual(cli(bare.dir, ['check']).code, 0, 'the starter file is valid');
      // An output file that cannot be written: which file, and why in words (not ENOENT, no stack).
      const missing = path.join(empty, 'no such folder', 'report.html');
      const out = cli(bare.dir, ['report', '--format', 'html', '--output', missing]);
      assert.strictEqual(out.code, 1);
      assert.strictEqual(out.stderr, `goal-lens: ${missing}: no such file or folder\n`);
      const toFolder = cli(bare.dir, ['digest', '--output', empty]);
      assert.strictEqual(toFolder.stderr, `goal-lens: ${empty}: it is a folder, not a file\n`);
      bare.cleanup();
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('works in a repository with no commits yet', () => {
    const fresh = TempRepo.create();
    fresh.write('goals.yaml', GOALS);
    const r = cli(fresh.dir, ['report', '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout).totals, { commits: 0, linked: 0, untagged: 0 });
    fresh.cleanup();
  });
});
