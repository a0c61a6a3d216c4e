// The built-in demo (issue 27 item 6, issue 24): a small shop whose code compiles on every branch, whose commits
// change the code their subjects name, and whose upkeep (Dependabot, CI) is told apart from untagged work.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Report } from '../../src/core/reports/report';
import { AREAS } from '../../src/git/demoAreas';
import { featureOf, TSCONFIG } from '../../src/git/demoCode';
import { DEMO_SECOND_REPO } from '../../src/git/demoRepo';
import { DEPENDABOT, UPKEEP_FILES, WAREHOUSE_FILES } from '../../src/git/demoUpkeep';
import { cli, ROOT } from '../helpers';

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();

describe('the demo repositories', function () {
  this.timeout(180_000);
  let tmp: string;
  let shop: string;
  let warehouse: string;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-demo-code-')));
    shop = path.join(tmp, 'acme');
    const made = cli(tmp, ['demo', '--dir', shop, '--no-report']);
    assert.strictEqual(made.code, 0, made.stderr);
    warehouse = path.join(shop, DEMO_SECOND_REPO);
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('tsc --noEmit passes on the code of every branch and tag of the shop, and of the warehouse', () => {
    const refs = git(shop, 'for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/tags').split('\n');
    assert.ok(refs.includes('feat/checkout-saved-cards') && refs.includes('feat/loyalty-points') && refs.includes('fix/empty-results'), refs.join(', '));
    const trees = path.join(tmp, 'trees');
    const checkouts: [string, string][] = [...refs.map((ref): [string, string] => [shop, ref]), [warehouse, 'main']];
    checkouts.forEach(([repo, ref], i) => {
      const into = path.join(trees, String(i));
      fs.mkdirSync(into, { recursive: true });
      execFileSync('tar', ['-x', '-C', into], { input: execFileSync('git', ['archive', ref], { cwd: repo, maxBuffer: 64 * 1024 * 1024 }) });
      assert.strictEqual(fs.readFileSync(path.join(into, 'tsconfig.json'), 'utf8'), TSCONFIG, `${ref} has the demo's tsconfig.json`);
    });
    // One tsc run over every tree, with the demo's own compiler options.
    const options = JSON.parse(TSCONFIG) as { compilerOptions: object };
    fs.writeFileSync(path.join(trees, 'tsconfig.json'), JSON.stringify({ compilerOptions: options.compilerOptions, include: ['*/src'] }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(trees, 'tsconfig.json')], { encoding: 'utf8' });
    assert.strictEqual(tsc.status, 0, `tsc on ${checkouts.map(([r, ref]) => `${path.basename(r)}:${ref}`).join(', ')}:\n${tsc.stdout}${tsc.stderr}`);
    const files = execFileSync('find', [trees, '-name', '*.ts'], { encoding: 'utf8' }).trim().split('\n');
    assert.ok(files.length > 20, `${files.length} files compiled`);
    for (const f of files) assert.doesNotMatch(fs.readFileSync(f, 'utf8'), /change\d+ = \d+/, `${f} is real code`);
  });

  it('each commit changes the code its subject names (the feature, in its file)', () => {
    const check = (repo: string, files = [...AREAS.flatMap((a) => a.files), ...UPKEEP_FILES]) => {
      const log = git(repo, 'log', '--branches', '--tags', '--no-merges', '--format=%x00%s%x01%an', '--name-only').split('\0').filter(Boolean);
      let checked = 0;
      for (const entry of log) {
        const [head, ...names] = entry.trim().split('\n');
        const [subject, author] = head.split('\x01');
        if (subject === 'Initial commit') continue;
        const changed = names.filter(Boolean);
        if (author === DEPENDABOT[0]) {
          assert.match(subject, /^Bump \S+ from \S+ to \S+ \(#\d+\)$/);
          assert.deepStrictEqual(changed, ['package.json'], subject);
          continue;
        }
        if (changed.includes('src/loyalty/points.ts')) continue; // the aging branch's own file
        // A key prefix (SHOP-123: ) and a branch's "(part 2)" are not part of what the commit does.
        const what = subject.replace(/^[A-Z]+-\d+: /, '').replace(/ \(part \d+\)$/, '');
        const found = featureOf(files, what);
        assert.ok(found, `no code for the subject '${subject}'`);
        assert.deepStrictEqual(changed, [found.file.path], subject);
        checked++;
      }
      return checked;
    };
    assert.ok(check(shop) > 200);
    assert.ok(check(warehouse, WAREHOUSE_FILES) > 70);
    // A line of a function is blamed on a commit whose subject names that function's feature.
    const blame = git(shop, 'blame', '--line-porcelain', 'HEAD', '--', 'src/checkout/payment.ts');
    const line = blame.split('\n').findIndex((l) => l.includes('export async function payWithRetry'));
    const summary = blame.split('\n').slice(0, line).reverse().find((l) => l.startsWith('summary '));
    assert.match(summary ?? '', /Retry failed card payments/);
  });

  it('shows upkeep apart from untagged work: Dependabot bumps and CI changes serve the upkeep goal', () => {
    // "Now" after the demo's newest commit, so that the report counts all of it.
    const now = { GOAL_LENS_NOW: new Date(Date.parse(git(shop, 'log', '-1', '--format=%cI')) + 86_400_000).toISOString() };
    const r = cli(shop, ['report', '--format', 'json'], now);
    assert.strictEqual(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const upkeep = report.goals.filter((g) => g.kind === 'upkeep');
    assert.deepStrictEqual(upkeep.map((g) => g.id), ['keep-running']);
    const bumps = git(shop, 'log', '--no-merges', '--format=%H %ae').split('\n').filter((l) => l.endsWith(` ${DEPENDABOT[1]}`)).map((l) => l.split(' ')[0]);
    const ci = git(shop, 'log', '--no-merges', '--format=%H', '--', '.github/workflows/ci.yml', '.eslintrc.json').split('\n').filter(Boolean);
    assert.ok(bumps.length >= 5 && ci.length >= 5, `${bumps.length} bumps, ${ci.length} CI changes`);
    const explained = (sha: string): string => cli(shop, ['explain', sha], now).stdout;
    // Routed by goals.yaml's rules, not tagged one by one: the bot by `authors:`, CI and lint by `changes:`.
    for (const sha of bumps.slice(0, 3)) assert.match(explained(sha), /keep-running: .*via author glob dependabot\[bot\]/, `bump ${sha}`);
    const ciLinked = ci.filter((sha) => /keep-running: .*via changed files \(all under /.test(explained(sha)));
    assert.strictEqual(ciLinked.length, ci.length - 1, `${ciLinked.length} of ${ci.length} CI changes (the initial commit changes more) serve keep-running`);
    // Every bump serves it (three explained above; the count says the rest), and nothing else does.
    assert.strictEqual(upkeep[0].commits, bumps.length + ciLinked.length, 'every upkeep commit is a bump or a CI change');
    // People-time: upkeep is its own part of the balance; the bot is not a person.
    const balance = report.effort.balance;
    assert.strictEqual(balance.upkeep.commits, upkeep[0].commits);
    assert.ok(balance.upkeep.personDays > 0 && balance.untagged.commits === report.totals.untagged, JSON.stringify(balance));
    const people = cli(shop, ['effort', '--by', 'person', '--format', 'json'], now);
    assert.strictEqual(people.code, 0, people.stderr);
    assert.doesNotMatch(people.stdout, /dependabot/);
  });
});
