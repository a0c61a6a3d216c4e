// A fresh workspace for the VS Code tests: a real git repository in a temp folder, with a
// goals.yaml and a short history whose commits carry `Goal:` trailers. Made with git commands,
// never copied from a checked-in repository. Extend FIXTURE_GOALS / the history below (or pass
// options) when a feature needs more; tests read FIXTURE to know what to expect.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const GOALS_YAML = `version: 1
trailer: Goal
goals:
  - id: growth
    title: Grow online revenue
    owner: Dana Ruiz (VP Sales)
  - id: checkout-conversion
    title: Lift checkout conversion to 4%
    parent: growth
    status: active
    owner: Dana Ruiz (VP Sales)
    advisor: Lee Park
    due: 2027-03-31
    outcome:
      metric: Checkout conversion rate
      unit: "%"
      baseline: 3.1
      target: 4.0
    keys: [SHOP-*]
    branches: [feat/checkout-*]
    paths: [src/payments/**]
  - id: search-latency
    title: Search answers in under 200 ms
    status: active
    owner: Sam Okafor (Head of Product)
    paths: [src/search/**]
`;

/** What the fixture contains, for assertions. */
const FIXTURE = {
  defaultBranch: 'main',
  branch: 'feat/checkout-retry', // checked out at the end; serves checkout-conversion
  branchGoal: 'checkout-conversion',
  goals: [
    { id: 'growth', title: 'Grow online revenue' },
    { id: 'checkout-conversion', title: 'Lift checkout conversion to 4%' },
    { id: 'search-latency', title: 'Search answers in under 200 ms' },
  ],
};

const DEFAULT_START = Date.parse('2026-10-01T09:00:00Z'); // fixed, so counts and ages are repeatable

/**
 * Creates the workspace. Returns { dir, git(...args), commit(message, files), cleanup() }.
 * options.goalsYaml replaces goals.yaml; options.extend(ws) adds commits after the default history;
 * options.startDate (ms) dates the first commit (one hour between commits; default 2026-10-01).
 */
function makeWorkspace(options = {}) {
  let clock = options.startDate ?? DEFAULT_START;
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-ws-')));
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_DATE: new Date(clock).toISOString(),
        GIT_COMMITTER_DATE: new Date(clock).toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const write = (file, content) => {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  };
  const commit = (message, files = {}, author) => {
    clock += 3_600_000;
    for (const [file, content] of Object.entries(files)) write(file, content);
    git('add', '-A');
    const args = ['commit', '-q', '-m', message];
    if (author) args.push(`--author=${author}`);
    git(...args);
    return git('rev-parse', 'HEAD');
  };

  git('init', '-q', `--initial-branch=${FIXTURE.defaultBranch}`);
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'gc.auto', '0'); // no gc left running in the background after a test's commits

  commit('Add goals\n\nGoal: growth', {
    'goals.yaml': options.goalsYaml ?? GOALS_YAML,
    'README.md': '# Shop\n',
  });
  commit('Retry card payments once\n\nGoal: checkout-conversion', {
    'src/payments/retry.ts': 'export const retries = 1;\n',
  });
  commit('SHOP-42 show saved cards first', { 'src/payments/cards.ts': 'export const savedFirst = true;\n' }, 'Ana Lima <ana@example.com>');
  commit('Cache search results\n\nGoal: search-latency', { 'src/search/cache.ts': 'export const ttl = 60;\n' });
  commit('Tidy the build script', { 'build.sh': 'echo build\n' }); // untagged on purpose
  git('checkout', '-q', '-b', FIXTURE.branch);
  commit('Retry with backoff\n\nGoal: checkout-conversion', { 'src/payments/retry.ts': 'export const retries = 3;\n' });

  const ws = { dir, git, write, commit, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  if (options.extend) options.extend(ws);
  return ws;
}

module.exports = { makeWorkspace, FIXTURE, GOALS_YAML };

if (require.main === module) {
  const ws = makeWorkspace();
  console.log(ws.dir);
  console.log(ws.git('log', '--oneline', '--all', '--format=%h %s | %(trailers:key=Goal,valueonly,separator=%x2c)'));
}
