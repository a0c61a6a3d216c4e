// `goal-lens check --format github` and the composite action.yml, run locally the way a GitHub runner runs
// them: the step's script in bash with the environment variables GitHub sets, inputs passed as `env`.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { annotation, escapeData, escapeProperty } from '../../src/cli/github';
import { cli, CLI, goalsYaml, runAction, TempRepo } from '../helpers';

const GOALS = goalsYaml({ id: 'checkout', title: 'Checkout' }, { id: 'search', title: 'Search' });
const BROKEN = goalsYaml({ id: 'checkout', title: 'Checkout' }, { id: 'search', title: 'Search' }, { id: 'checkout', title: 'Again' });

describe('GitHub: check --format github and action.yml', function () {
  this.timeout(60000);
  const made: TempRepo[] = [];
  after(() => made.forEach((r) => r.cleanup()));
  const repo = (): TempRepo => {
    const r = TempRepo.create();
    made.push(r);
    return r;
  };

  it('escapes annotation data and properties as the runner reads them', () => {
    assert.strictEqual(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.strictEqual(escapeProperty('a,b:c%d\n'), 'a%2Cb%3Ac%25d%0A');
    const p = { file: 'goals.yaml', line: 7, column: 5, message: "bad date '2026-13-01': 50%\nfix it", severity: 'error' as const, code: 'bad-date' };
    assert.strictEqual(annotation(p, 'app/goals,v1.yaml'), "::error file=app/goals%2Cv1.yaml,line=7,col=5::bad date '2026-13-01': 50%25%0Afix it");
    assert.strictEqual(annotation({ ...p, severity: 'warning' }, 'goals.yaml').slice(0, 10), '::warning ');
    assert.strictEqual(annotation({ ...p, severity: 'info', file: 'commit abc1234' }, null), "::notice title=commit abc1234::bad date '2026-13-01': 50%25%0Afix it");
  });

  it('check --format github annotates goals.yaml at its line and column and writes the job summary', () => {
    const r = repo();
    r.commit('Goals', { files: { 'goals.yaml': BROKEN } });
    const summary = path.join(r.dir, '..', `${path.basename(r.dir)}-summary.md`);
    fs.writeFileSync(summary, '# earlier step\n');
    try {
      const run = cli(r.dir, ['check', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
      assert.strictEqual(run.code, 1, run.stderr);
      assert.strictEqual(run.stdout, "::error file=goals.yaml,line=7,col=9,endLine=7,endColumn=17::duplicate goal id 'checkout' (first defined on line 3)\nproblems found: 2 goals, 1 error, 0 warnings\n");
      assert.strictEqual(run.stderr, '', 'annotations replace the file:line:col lines');
      const md = fs.readFileSync(summary, 'utf8');
      assert.ok(md.startsWith('# earlier step\n### Goal Lens: problems found\n'), 'appended, as GitHub expects:\n' + md);
      assert.match(md, /\| error \| goals\.yaml:7:9 \| duplicate goal id 'checkout' \(first defined on line 3\) \|/);
    } finally {
      fs.rmSync(summary, { force: true });
    }
    assert.strictEqual(cli(r.dir, ['check', '--format', 'sarif']).code, 2);
  });

  it('the action checks a pull request: annotations for commits that serve no goal, a failing step, a summary', async () => {
    const workspace = repo();
    // actions/checkout into a subfolder: annotations name files relative to the workspace.
    const app = path.join(workspace.dir, 'app');
    fs.mkdirSync(app);
    const base = gitIn(app, GOALS);
    const head = commitIn(app, 'Untagged change');
    const ok = await runAction(workspace.dir, { repo: 'app' }, { name: 'pull_request', payload: { pull_request: { base: { sha: base }, head: { sha: head } } } });
    assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^ok: 2 goals, 1 commit checked, 0 errors, 0 warnings$/m);
    assert.match(ok.summary, /^### Goal Lens: ok$/m);
    assert.match(ok.summary, new RegExp(`1 commit checked \\(\`${base}\\.\\.${head}\`\\)`));

    const failed = await runAction(workspace.dir, { repo: 'app', require: 'true' }, { name: 'pull_request', payload: { pull_request: { base: { sha: base }, head: { sha: head } } } });
    assert.strictEqual(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, new RegExp(`^::error title=commit ${head.slice(0, 7)}::"Untagged change" serves no active goal$`, 'm'));
    assert.match(failed.stderr, /1 of 1 commits serve no active goal/);
    assert.match(failed.summary, /^### Goal Lens: problems found$/m);

    fs.writeFileSync(path.join(app, 'goals.yaml'), BROKEN);
    const next = commitIn(app, 'Second goal\n\nGoal: checkout');
    const push = await runAction(workspace.dir, { repo: 'app', range: `${head}..${next}` }, { name: 'push', payload: { before: '0'.repeat(40), after: next } });
    assert.strictEqual(push.code, 1, push.stdout + push.stderr);
    assert.match(push.stdout, /^::error file=app\/goals\.yaml,line=7,col=9,endLine=7,endColumn=17::duplicate goal id 'checkout'/m);
  });

  it('the action checks goals.yaml alone on the push that creates a branch', async () => {
    const r = repo();
    const sha = r.commit('Goals', { files: { 'goals.yaml': GOALS } });
    const run = await runAction(r.dir, { require: 'true' }, { name: 'push', payload: { before: '0'.repeat(40), after: sha } });
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    assert.strictEqual(run.stdout, 'ok: 2 goals, 0 errors, 0 warnings\n');
    assert.ok(fs.existsSync(CLI));
  });
});

function gitIn(dir: string, goals: string): string {
  spawnSync('git', ['init', '-q', '--initial-branch=main'], { cwd: dir });
  for (const [k, v] of [['user.name', 'Test'], ['user.email', 't@example.com'], ['commit.gpgsign', 'false']]) spawnSync('git', ['config', k, v], { cwd: dir });
  fs.writeFileSync(path.join(dir, 'goals.yaml'), goals);
  return commitIn(dir, 'Goals\n\nGoal: checkout');
}

function commitIn(dir: string, message: string): string {
  fs.writeFileSync(path.join(dir, `f${Math.random().toString(36).slice(2)}.txt`), message);
  for (const args of [['add', '-A'], ['commit', '-q', '-m', message]]) {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
    assert.strictEqual(r.status, 0, r.stderr);
  }
  return spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
}
