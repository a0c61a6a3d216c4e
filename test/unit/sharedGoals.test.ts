// Shared goals (issue 18): `extends:` by path and by git source, merging, and the hardening of the fetch.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import { MAX_EXTENDS_DEPTH, mergeSharedGoals, repoSourceError, SHARED_GOALS_REF } from '../../src/core/goals/sharedGoals';
import { buildReport } from '../../src/core/reports/report';
import type { GoalsSource } from '../../src/core/types';
import { loadIndex, readGoals } from '../../src/git/indexLoader';
import { fetchArgs, fetchEnv, pullSharedGoals } from '../../src/git/sharedGoals';
import { cli } from '../helpers';
import { existedAndRemoved, TempRepo } from '../helpers/tempRepo';

const SHARED = `version: 1
goals:
  - id: growth
    title: Grow revenue
  - id: cost
    title: Cut cost
    typo_field: 1
`;
const ENV = { GIT_CONFIG_NOSYSTEM: '1' };

function local(extendsLine: string, goals = '  - id: checkout\n    title: Checkout\n    parent: growth\n'): string {
  return `version: 1\n${extendsLine}\ngoals:\n${goals}`;
}

describe('shared goals: extends in goals.yaml (parse and merge)', () => {
  it('reads a path source and a git source with the defaults ref HEAD and path goals.yaml', () => {
    const byPath = parseGoalsFile(local('extends: ../company/goals.yaml'));
    assert.deepStrictEqual(byPath.extends, { kind: 'path', path: '../company/goals.yaml', line: 2, column: 1 });
    assert.deepStrictEqual(byPath.problems, []);
    const byGit = parseGoalsFile(local('extends: { repo: "https://git.example.com/acme/goals.git" }'));
    assert.deepStrictEqual(byGit.extends, { kind: 'git', repo: 'https://git.example.com/acme/goals.git', ref: 'HEAD', path: 'goals.yaml', line: 2, column: 1 });
    assert.deepStrictEqual(byGit.problems, []);
    assert.strictEqual(parseGoalsFile(local('extends: { repo: "git@github.com:acme/goals.git", ref: v2, path: ./org/goals.yaml }')).extends?.path, 'org/goals.yaml');
  });

  it('refuses sources that are not https, ssh, git or file, or that git could read as options, at their line', () => {
    const refused = [
      'extends: { repo: "ext::sh -c touch% /tmp/x" }',
      'extends: { repo: "--upload-pack=touch /tmp/x" }',
      'extends: { repo: "-oProxyCommand=x" }',
      'extends: { repo: "http://example.com/goals.git" }',
      'extends: { repo: "fd::17" }',
      'extends: { repo: "ssh://-oProxyCommand=x/goals" }',
      'extends: { repo: "file://evil.example.com/goals.git" }',
      'extends: { repo: "https://example.com/g.git", ref: "--exec=x" }',
      'extends: { repo: "https://example.com/g.git", ref: "main:refs/heads/main" }',
      'extends: { repo: "https://example.com/g.git", ref: "a..b" }',
      'extends: { repo: "https://example.com/g.git", path: "../../etc/passwd" }',
      'extends: /etc/goals.yaml',
      'extends: https://example.com/goals.git',
    ];
    for (const line of refused) {
      const f = parseGoalsFile(local(line));
      assert.strictEqual(f.extends, undefined, line);
      const p = f.problems.filter((x) => x.code === 'bad-extends');
      assert.strictEqual(p.length, 1, `${line}: ${JSON.stringify(f.problems)}`);
      assert.strictEqual(p[0].line, 2, line);
      if (/(repo|ref): "-/.test(line)) assert.match(p[0].message, /starts with '-'/, line);
      // A refused source is one line: the local goal under a shared one is not also an unknown parent.
      assert.ok(!f.problems.some((x) => x.code === 'unknown-parent'), line);
    }
    for (const ok of ['https://h.example/a.git', 'ssh://git@h.example:22/a.git', 'git://h.example/a', 'file:///srv/goals.git', 'git@h.example:acme/goals.git']) {
      assert.strictEqual(repoSourceError(ok), null, ok);
    }
  });

  it('the JSON Schema and the parser know the extends fields', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'src', 'core', 'goals', 'goals.schema.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(schema.definitions.extends.properties).sort(), ['path', 'ref', 'repo']);
    const f = parseGoalsFile(local('extends: { repo: "https://h.example/a.git", branch: main }'));
    assert.match(f.problems[0].message, /unknown extends field 'branch'/);
  });

  it('local goals add to shared ones and may hang under them; a local id equal to a shared one is an error at its line', () => {
    const shared = parseGoalsFile(SHARED, 'shared');
    const mine = parseGoalsFile(local('extends: ../company/goals.yaml', '  - id: checkout\n    title: Checkout\n    parent: growth\n  - id: cost\n    title: Mine\n  - id: lost\n    title: L\n    parent: nowhere\n'));
    assert.deepStrictEqual(mine.problems, [], 'parents that may be shared are not reported before the merge');
    const merged = mergeSharedGoals(mine, { file: shared, fetchedAt: null });
    assert.deepStrictEqual(merged.goals.map((g) => [g.id, g.parent ?? null, g.file ?? null]), [
      ['growth', null, '../company/goals.yaml'],
      ['cost', null, '../company/goals.yaml'],
      ['checkout', 'growth', null],
      ['lost', null, null],
    ]);
    const at = merged.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`);
    assert.deepStrictEqual(at, ['goals.yaml:7:5 duplicate-id', 'goals.yaml:11:13 unknown-parent', '../company/goals.yaml:7:5 unknown-field']);
    assert.match(merged.problems[0].message, /already a shared goal \(line 5 of \.\.\/company\/goals\.yaml\)/);
    assert.deepStrictEqual(merged.shared, { source: mine.extends, file: '../company/goals.yaml', goals: 2, fetchedAt: null });
  });

  it('a shared file that cannot be read is one line at extends, and the local goals still work', () => {
    const mine = parseGoalsFile(local('extends: ../company/goals.yaml'));
    const merged = mergeSharedGoals(mine, { file: null, error: 'no file at /x/company/goals.yaml' });
    assert.deepStrictEqual(merged.goals.map((g) => [g.id, g.parent]), [['checkout', undefined]]);
    assert.strictEqual(merged.problems.length, 1);
    assert.strictEqual(merged.problems[0].code, 'shared-missing');
    assert.strictEqual(merged.problems[0].line, 2);
    assert.match(merged.problems[0].message, /no file at \/x\/company\/goals\.yaml/);
  });
});

describe('shared goals from disk and from git (real repositories)', function () {
  this.timeout(60_000);
  const temps: TempRepo[] = [];
  const make = (options: { bare?: boolean } = {}): TempRepo => {
    const t = TempRepo.create(options);
    temps.push(t);
    return t;
  };
  after(() => temps.forEach((t) => t.cleanup()));

  it('a path source: commits link to shared goals, and local goals count under them', async () => {
    const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-test-')));
    try {
      fs.mkdirSync(path.join(parent, 'company'));
      fs.writeFileSync(path.join(parent, 'company', 'goals.yaml'), SHARED);
      const t = make();
      const app = path.join(parent, 'app');
      fs.renameSync(t.dir, app);
      Object.defineProperty(t, 'dir', { value: app });
      t.commit('goals', { files: { 'goals.yaml': local('extends: ../company/goals.yaml') } });
      t.commit('Grow\n\nGoal: growth');
      t.commit('Checkout\n\nGoal: checkout');
      const { index, goals } = await loadIndex(app);
      assert.deepStrictEqual(goals.goalsFile.goals.map((g) => g.id), ['growth', 'cost', 'checkout']);
      const r = buildReport(index, { now: new Date('2026-11-01T00:00:00Z'), staleAfterDays: 30 });
      const growth = r.goals.find((g) => g.id === 'growth')!;
      assert.deepStrictEqual([growth.commits, growth.totalCommits], [1, 2]);
      assert.deepStrictEqual(r.problems.map((p) => `${p.file}:${p.line}`), ['../company/goals.yaml:7']);

      fs.rmSync(path.join(parent, 'company'), { recursive: true });
      const missing = await readGoals(app);
      assert.deepStrictEqual(missing!.goalsFile.goals.map((g) => g.id), ['checkout']);
      assert.deepStrictEqual(missing!.goalsFile.problems.map((p) => `${p.file}:${p.line} ${p.code}`), ['goals.yaml:2 shared-missing']);
      assert.match(missing!.goalsFile.problems[0].message, /no file at .*company[/\\]goals\.yaml/);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('a git source (a local bare repository): read only after an explicit pull, then offline, with the age of the copy', async () => {
    const company = make();
    company.commit('goals', { files: { 'goals.yaml': SHARED } });
    const bare = make({ bare: true });
    company.git('push', '-q', bare.dir, 'HEAD:refs/heads/main');
    const t = make();
    t.commit('goals', { files: { 'goals.yaml': local(`extends: { repo: "file://${bare.dir}", ref: main }`) } });
    t.commit('Checkout\n\nGoal: checkout');

    const before = await readGoals(t.dir);
    assert.deepStrictEqual(before!.goalsFile.goals.map((g) => g.id), ['checkout']);
    assert.match(before!.goalsFile.problems[0].message, /not fetched yet; run 'goal-lens goals pull'/);
    assert.strictEqual(t.git('for-each-ref', 'refs/goal-lens'), '', 'reading never fetches');

    const r = await pullSharedGoals(t.dir, before!.goalsFile.extends, { trusted: true, env: ENV, now: new Date('2026-11-20T10:00:00Z') });
    assert.ok(r.ok, r.message);
    assert.strictEqual(r.goals, 2);
    assert.strictEqual(t.git('rev-parse', SHARED_GOALS_REF), company.git('rev-parse', 'HEAD'));
    assert.deepStrictEqual(t.git('for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags', 'refs/remotes').split('\n'), ['refs/heads/main'], 'no branch, tag or remote added');

    fs.rmSync(bare.dir, { recursive: true }); // offline from now on
    const after = await readGoals(t.dir);
    assert.deepStrictEqual(after!.goalsFile.goals.map((g) => [g.id, g.parent ?? null]), [['growth', null], ['cost', null], ['checkout', 'growth']]);
    assert.strictEqual(after!.goalsFile.shared?.fetchedAt, '2026-11-20T10:00:00.000Z');
    assert.ok(after!.goalsFile.problems.every((p) => p.file.startsWith('goals.yaml (file://')), JSON.stringify(after!.goalsFile.problems));
    // goals status says it was read from the fetched copy, and how old that copy is (CLI_NOW is 15 days earlier).
    const status = cli(t.dir, ['goals', 'status'], { GOAL_LENS_NOW: '2026-11-23T10:00:00Z' });
    assert.strictEqual(status.code, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /^goals\.yaml \(\S+\/goals\.yaml\): 3 goals, 1 of its own and 2 shared\n/);
    assert.match(status.stdout, /\n {2}goals\.yaml \(file:\/\/\S+ main\): gives 2 goals, read from the copy fetched into refs\/goal-lens\/shared \(goals\.yaml\), fetched 3 days ago \(2026-11-20T10:00:00\.000Z\)\n/);
  });

  it('a fetch that fails is one line, and the last fetched copy still loads', async () => {
    const company = make();
    company.commit('goals', { files: { 'goals.yaml': SHARED } });
    const t = make();
    t.commit('goals', { files: { 'goals.yaml': local(`extends: { repo: "file://${company.dir}", ref: main }`) } });
    const source = (await readGoals(t.dir))!.goalsFile.extends!;
    assert.ok((await pullSharedGoals(t.dir, source, { trusted: true, env: ENV })).ok);
    const gone = { ...source, repo: `file://${company.dir}-gone` } as GoalsSource;
    const failed = await pullSharedGoals(t.dir, gone, { trusted: true, env: ENV });
    assert.strictEqual(failed.ok, false);
    assert.match(failed.message, /^could not fetch shared goals from file:\/\/.*-gone main: .+/);
    assert.ok(!failed.message.includes('\n'), 'one line');
    assert.deepStrictEqual((await readGoals(t.dir))!.goalsFile.goals.map((g) => g.id), ['growth', 'cost', 'checkout']);
    const noRef = await pullSharedGoals(t.dir, { ...source, ref: 'no-such-branch' } as GoalsSource, { trusted: true, env: ENV });
    assert.strictEqual(noRef.ok, false);
    assert.match(noRef.message, /no-such-branch/);
  });

  it('a copy fetched from another source is not used: it says to pull again', async () => {
    const company = make();
    company.commit('goals', { files: { 'goals.yaml': SHARED } });
    company.git('branch', 'v2');
    const t = make();
    t.commit('goals', { files: { 'goals.yaml': local(`extends: { repo: "file://${company.dir}", ref: main }`) } });
    assert.ok((await pullSharedGoals(t.dir, (await readGoals(t.dir))!.goalsFile.extends, { trusted: true, env: ENV })).ok);
    t.write('goals.yaml', local(`extends: { repo: "file://${company.dir}", ref: v2 }`));
    const loaded = await readGoals(t.dir);
    assert.deepStrictEqual(loaded!.goalsFile.goals.map((g) => g.id), ['checkout']);
    assert.match(loaded!.goalsFile.problems[0].message, /was fetched from file:\/\/.* main; run 'goal-lens goals pull'/);
  });
});

describe('shared goals: hardening of the fetch', function () {
  this.timeout(60_000);
  const marker = path.join(os.tmpdir(), `goal-lens-shared-${process.pid}`);
  let t: TempRepo;
  let company: TempRepo;
  before(() => {
    company = TempRepo.create();
    company.commit('goals', { files: { 'goals.yaml': SHARED } });
    t = TempRepo.create();
    t.commit('goals', { files: { 'goals.yaml': local('extends: { repo: "https://h.example/g.git" }') } });
  });
  after(() => {
    t?.cleanup();
    company?.cleanup();
  });
  afterEach(() => assert.ok(!existedAndRemoved(marker), `${marker} was written: a source ran a command`));
  const git = (repo: string, ref = 'main'): GoalsSource => ({ kind: 'git', repo, ref, path: 'goals.yaml', line: 1, column: 1 });
  const refs = (): string => t.git('for-each-ref', 'refs/goal-lens');

  it('nothing is fetched in an untrusted workspace', async () => {
    const r = await pullSharedGoals(t.dir, git(`file://${company.dir}`), { trusted: false, env: ENV });
    assert.strictEqual(r.ok, false);
    assert.match(r.message, /untrusted workspace/);
    assert.strictEqual(refs(), '');
  });

  it('a repository value never reaches git as an option, and ext:: and other transports are refused', async () => {
    for (const repo of [`--upload-pack=touch ${marker}`, `-c core.sshCommand=touch ${marker}`, `ext::sh -c touch% ${marker}`, `ext::touch ${marker}`, 'http://127.0.0.1:9/g.git', `fd::3`]) {
      const r = await pullSharedGoals(t.dir, git(repo), { trusted: true, env: ENV });
      assert.strictEqual(r.ok, false, repo);
      assert.match(r.message, /^not fetched: /, repo);
    }
    assert.strictEqual(refs(), '');
  });

  it("git's protocol.allow is a second guard: ext:: is refused by git even past our own check and a config allowing it", () => {
    t.git('config', 'protocol.ext.allow', 'always');
    try {
      const args = fetchArgs({ repo: `ext::sh -c touch% ${marker}`, ref: 'main' });
      let stderr = '';
      try {
        execFileSync('git', args, { cwd: t.dir, env: fetchEnv(ENV), stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        stderr = String((err as { stderr?: Buffer }).stderr ?? '');
      }
      assert.match(stderr, /transport 'ext' not allowed/);
    } finally {
      t.git('config', '--unset', 'protocol.ext.allow');
    }
  });

  it('a fetch that gets no answer is stopped at the time limit', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const started = Date.now();
      const pull = pullSharedGoals(t.dir, git(`git://127.0.0.1:${port}/goals.git`), { trusted: true, env: ENV, timeoutMs: 1500 });
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([pull, new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 12_000)))]);
      clearTimeout(timer);
      sockets.forEach((s) => s.destroy()); // a fetch left hanging ends now, so the test run does not
      await pull;
      assert.notStrictEqual(r, 'hung', 'the fetch was not stopped at its time limit');
      if (r === 'hung') return;
      assert.strictEqual(r.ok, false);
      assert.match(r.message, /no answer within 2 s/);
      assert.ok(Date.now() - started < 15_000, 'stopped, not left hanging');
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it('a fetch never asks for credentials: no askpass program runs, no prompt waits', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { stdio: 'ignore' });
    } catch {
      fs.rmSync(dir, { recursive: true, force: true });
      this.skip(); // no openssl to make a test certificate
    }
    const askpass = path.join(dir, 'askpass.sh');
    fs.writeFileSync(askpass, `#!/bin/sh\ntouch '${marker}'\necho secret\n`, { mode: 0o755 });
    t.git('config', 'core.askPass', askpass);
    const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: fs.readFileSync(path.join(dir, 'c.pem')) }, (_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="goals"' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const env = { ...ENV, GIT_SSL_NO_VERIFY: '1', GIT_ASKPASS: askpass, SSH_ASKPASS: askpass };
      const r = await pullSharedGoals(t.dir, git(`https://127.0.0.1:${port}/goals.git`), { trusted: true, env, timeoutMs: 20_000 });
      assert.strictEqual(r.ok, false);
      assert.doesNotMatch(r.message, /no answer within/, 'failed at once, did not wait for a prompt');
      assert.strictEqual(fetchEnv().GIT_TERMINAL_PROMPT, '0');
      assert.match(fetchEnv().GIT_SSH_COMMAND ?? '', /BatchMode=yes/);
    } finally {
      server.close();
      t.git('config', '--unset', 'core.askPass');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a shared file over the size limit is refused with one line', async () => {
    const big = TempRepo.create();
    try {
      big.commit('goals', { files: { 'goals.yaml': SHARED + '# ' + 'x'.repeat(4 * 1024 * 1024) + '\n' } });
      const source = git(`file://${big.dir}`);
      const r = await pullSharedGoals(t.dir, source, { trusted: true, env: ENV });
      assert.strictEqual(r.ok, false);
      assert.match(r.message, /more than the 4194304 a goals file may have/);
      t.write('goals.yaml', local(`extends: { repo: "file://${big.dir}", ref: main }`));
      const loaded = await readGoals(t.dir);
      assert.deepStrictEqual(loaded!.goalsFile.goals.map((g) => g.id), ['checkout']);
      assert.match(loaded!.goalsFile.problems[0].message, /more than the 4194304 a goals file/);
    } finally {
      big.cleanup();
      t.git('checkout', '--', 'goals.yaml');
    }
  });
});

describe('shared goals: chains of extends (company -> division -> team)', function () {
  this.timeout(60_000);
  let parent: string;
  const temps: TempRepo[] = [];
  beforeEach(() => {
    parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-test-')));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));
  after(() => temps.forEach((t) => t.cleanup()));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(parent, rel)), { recursive: true });
    fs.writeFileSync(path.join(parent, rel), text);
  };
  const at = (g: { problems: { file: string; line: number; code?: string }[] }): string[] => g.problems.map((p) => `${p.file}:${p.line} ${p.code}`);
  const DIVISION = `version: 1\nextends: ../company/goals.yaml\ngoals:\n  - id: retail\n    title: Retail\n    parent: growth\n    ownr: x\n`;

  it('follows a chain of paths, each relative to its file: every level loads, under its parents, with its own name and lines', async () => {
    write('org/company/goals.yaml', SHARED);
    write('org/division/goals.yaml', DIVISION);
    write('team/goals.yaml', local('extends: ../org/division/goals.yaml', '  - id: checkout\n    title: Checkout\n    parent: retail\n'));
    const loaded = (await readGoals(path.join(parent, 'team')))!.goalsFile;
    assert.deepStrictEqual(
      loaded.goals.map((g) => [g.id, g.parent ?? null, g.file ?? null]),
      [['growth', null, '../org/company/goals.yaml'], ['cost', null, '../org/company/goals.yaml'], ['retail', 'growth', '../org/division/goals.yaml'], ['checkout', 'retail', null]],
    );
    // The division's unknown field and the company's, each in its own file at its own line.
    assert.deepStrictEqual(at(loaded).sort(), ['../org/company/goals.yaml:7 unknown-field', '../org/division/goals.yaml:7 unknown-field'].sort());
    assert.deepStrictEqual(loaded.shared?.files?.map((f) => f.name), ['../org/division/goals.yaml', '../org/company/goals.yaml']);
    assert.strictEqual(loaded.shared?.files?.[1].location.path, path.join(parent, 'org', 'company', 'goals.yaml'));
  });

  it('goal-lens goals status names every file of the chain, and a chain problem with its line', () => {
    write('org/company/goals.yaml', SHARED);
    write('org/division/goals.yaml', DIVISION);
    const team = TempRepo.create();
    temps.push(team);
    team.write('goals.yaml', local(`extends: ${path.relative(team.dir, path.join(parent, 'org', 'division', 'goals.yaml')).split(path.sep).join('/')}`, '  - id: checkout\n    title: Checkout\n    parent: retail\n'));
    const ok = cli(team.dir, ['goals', 'status']);
    assert.strictEqual(ok.code, 0, ok.stderr);
    // Which file, how each was read, how many goals each gives and how many this one adds.
    assert.match(ok.stdout, new RegExp(`^goals\\.yaml \\(${team.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/goals\\.yaml\\): 4 goals, 1 of its own and 3 shared\\n`));
    assert.match(ok.stdout, /\n {2}\S*org\/division\/goals\.yaml: gives 1 goal, read from disk: \/\S+\/org\/division\/goals\.yaml\n/);
    assert.match(ok.stdout, /\n {2}\S*org\/company\/goals\.yaml: gives 2 goals, read from disk: \/\S+\/org\/company\/goals\.yaml\n/);
    assert.match(ok.stdout, /chain: goals\.yaml -> \S*org\/division\/goals\.yaml -> \S*org\/company\/goals\.yaml\n/);
    write('org/company/goals.yaml', `version: 1\nextends: ../division/goals.yaml\n${SHARED.slice('version: 1\n'.length)}`);
    const cycle = cli(team.dir, ['goals', 'status']);
    assert.strictEqual(cycle.code, 1, cycle.stdout);
    assert.match(cycle.stdout, /org\/company\/goals\.yaml:2:1: error: extends \.\.\/division\/goals\.yaml makes a cycle/);
  });

  it('a cycle is one error at the extends that closes it; the goals before it still load', async () => {
    write('org/company/goals.yaml', `version: 1\nextends: ../../team/goals.yaml\ngoals:\n  - id: growth\n    title: Grow\n`);
    write('org/division/goals.yaml', DIVISION.replace('    ownr: x\n', ''));
    write('team/goals.yaml', local('extends: ../org/division/goals.yaml', '  - id: checkout\n    title: Checkout\n    parent: retail\n'));
    const loaded = (await readGoals(path.join(parent, 'team')))!.goalsFile;
    assert.deepStrictEqual(loaded.goals.map((g) => g.id), ['growth', 'retail', 'checkout']);
    assert.deepStrictEqual(at(loaded), ['../org/company/goals.yaml:2 extends-cycle']);
    assert.match(loaded.problems[0].message, /extends \.\.\/\.\.\/team\/goals\.yaml makes a cycle \(goals\.yaml -> \.\.\/org\/division\/goals\.yaml -> \.\.\/org\/company\/goals\.yaml -> goals\.yaml\)/);
  });

  it(`a chain deeper than ${MAX_EXTENDS_DEPTH} shared files is one error at the extends that goes too deep`, async () => {
    for (let i = 1; i <= MAX_EXTENDS_DEPTH + 1; i++) write(`l${i}/goals.yaml`, `version: 1\nextends: ../l${i + 1}/goals.yaml\ngoals:\n  - id: g${i}\n    title: G${i}\n`);
    write(`l${MAX_EXTENDS_DEPTH + 2}/goals.yaml`, 'version: 1\ngoals:\n  - id: top\n    title: Top\n');
    write('team/goals.yaml', local('extends: ../l1/goals.yaml', '  - id: checkout\n    title: Checkout\n'));
    const loaded = (await readGoals(path.join(parent, 'team')))!.goalsFile;
    assert.deepStrictEqual(at(loaded), [`../l${MAX_EXTENDS_DEPTH}/goals.yaml:2 extends-depth`]);
    assert.match(loaded.problems[0].message, new RegExp(`more than ${MAX_EXTENDS_DEPTH} shared files deep`));
    assert.deepStrictEqual(loaded.goals.map((g) => g.id), [...Array.from({ length: MAX_EXTENDS_DEPTH }, (_, i) => `g${i + 1}`).reverse(), 'checkout']);
  });

  it('in a git source, a path extends is read from the same fetched copy; a second git source or a path leaving it is an error at its line', async () => {
    const company = TempRepo.create();
    temps.push(company);
    company.commit('goals', {
      files: {
        'company.yaml': SHARED,
        'org/retail.yaml': DIVISION.replace('../company/goals.yaml', '../company.yaml').replace('    ownr: x\n', ''),
        'org/bad-git.yaml': `version: 1\ngoals:\n  - id: x\n    title: X\nextends: { repo: "file://${company.dir}" }\n`,
        'org/bad-path.yaml': 'version: 1\nextends: ../../outside.yaml\ngoals:\n  - id: y\n    title: Y\n',
      },
    });
    const t = TempRepo.create();
    temps.push(t);
    const team = (file: string): string => local(`extends: { repo: "file://${company.dir}", ref: main, path: ${file} }`, '  - id: checkout\n    title: Checkout\n');
    t.commit('goals', { files: { 'goals.yaml': team('org/retail.yaml') } });
    assert.ok((await pullSharedGoals(t.dir, (await readGoals(t.dir))!.goalsFile.extends, { trusted: true, env: ENV })).ok);
    const loaded = (await readGoals(t.dir))!.goalsFile;
    assert.deepStrictEqual(loaded.goals.map((g) => [g.id, g.parent ?? null]), [['growth', null], ['cost', null], ['retail', 'growth'], ['checkout', null]]);
    assert.deepStrictEqual(loaded.shared?.files?.map((f) => f.location), [{ kind: 'git', path: 'org/retail.yaml' }, { kind: 'git', path: 'company.yaml' }]);
    assert.deepStrictEqual(at(loaded), [`company.yaml (file://${company.dir} main):7 unknown-field`]);

    t.write('goals.yaml', team('org/bad-git.yaml'));
    const twoGits = (await readGoals(t.dir))!.goalsFile;
    assert.deepStrictEqual(at(twoGits), [`org/bad-git.yaml (file://${company.dir} main):5 extends-chain`]);
    assert.match(twoGits.problems[0].message, /may extend only a path .* not a second git source/);
    assert.deepStrictEqual(twoGits.goals.map((g) => g.id), ['x', 'checkout']);

    t.write('goals.yaml', team('org/bad-path.yaml'));
    const leaves = (await readGoals(t.dir))!.goalsFile;
    assert.deepStrictEqual(at(leaves), [`org/bad-path.yaml (file://${company.dir} main):2 extends-chain`]);
    assert.match(leaves.problems[0].message, /leaves the repository/);
  });
});
