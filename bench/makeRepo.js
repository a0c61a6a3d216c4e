// Builds a deterministic synthetic repository for the benchmark with ONE `git fast-import` process.
// `node bench/makeRepo.js [--commits N] [--seed S] [--out DIR]` prints the repository path.
// Generated repositories live in bench/repo/<params-key>/ (git-ignored) and are reused when they exist.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const VERSION = 3; // bump when the generator changes: the cache key includes it

/** mulberry32: small, fast, seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOALS = [
  { id: 'growth', title: 'Grow online revenue 20%', keys: [], branches: [] },
  { id: 'checkout', title: 'Lift checkout conversion to 4%', parent: 'growth', keys: ['SHOP-*'], branches: ['feat/checkout-*'] },
  { id: 'payments', title: 'Cut failed payments in half', parent: 'growth', keys: ['PAY-*'], branches: ['feat/pay-*'] },
  { id: 'search', title: 'Better product search', parent: 'growth', keys: ['SRCH-*'], branches: [] },
  { id: 'onboarding', title: 'Onboard merchants in a day', keys: ['ONB-*'], branches: ['feat/onboard*'] },
  { id: 'retention', title: 'Keep 90% of customers a year', keys: ['RET-12', 'RET-40'], branches: [] },
  { id: 'mobile', title: 'Mobile app rating 4.5', keys: ['MOB-*'], branches: ['feat/mobile-*', 'fix/mobile-*'] },
  { id: 'platform', title: 'Platform upkeep', status: 'paused', keys: ['OPS-*'], branches: ['chore/*'] },
  { id: 'security', title: 'Pass the PCI audit', keys: ['SEC-*'], branches: [] },
  { id: 'reporting', title: 'Finance reports same day', keys: ['FIN-*'], branches: ['feat/report-*'] },
  { id: 'perf', title: 'Pages under one second', keys: [], branches: ['perf/*'] },
  { id: 'i18n', title: 'Sell in five more countries', keys: ['I18N-*'], branches: [] },
  { id: 'support', title: 'Halve support tickets', keys: ['SUP-*'], branches: [] },
  { id: 'pricing', title: 'Dynamic pricing pilot', status: 'proposed', keys: [], branches: ['feat/pricing-*'] },
  { id: 'data-quality', title: 'Trustworthy product data', status: 'achieved', keys: ['DQ-*'], branches: [] },
];
const KNOWN_IDS = GOALS.map((g) => g.id);
const UNKNOWN_IDS = ['checkout-v1', 'serch', 'legacy-goal'];
const KEY_PREFIXES = ['SHOP', 'PAY', 'SRCH', 'ONB', 'RET', 'MOB', 'OPS', 'SEC', 'FIN', 'I18N', 'SUP', 'DQ', 'JIRA', 'HR'];
const AREAS = ['checkout', 'pay', 'search', 'onboard', 'mobile', 'report', 'pricing', 'infra', 'ui', 'api', 'auth', 'data'];
const BRANCH_KINDS = ['feat', 'feat', 'feat', 'fix', 'chore', 'perf', 'refactor'];
const VERBS = ['Add', 'Fix', 'Refactor', 'Tune', 'Remove', 'Rename', 'Document', 'Speed up', 'Harden', 'Test'];
const NOUNS = ['cart totals', 'retry logic', 'card form', 'search ranking', 'merchant signup', 'push tokens', 'csv export', 'price rules', 'rate limiter', 'login flow', 'cache keys', 'error pages', 'feature flag', 'webhook', 'invoice pdf'];
const FIRST = ['Dana', 'Lee', 'Ana', 'Omar', 'Kai', 'Mia', 'Raj', 'Sofia', 'Tom', 'Yuki', 'Ines', 'Ben', 'Chen', 'Zoe', 'Luca', 'Nia', 'Piotr', 'Eva', 'Sam', 'Jonas'];
const LAST = ['Ruiz', 'Park', 'Silva', 'Haddad', 'Tanaka', 'Novak', 'Patel', 'Rossi', 'Berg', 'Sato', 'Costa', 'Okafor', 'Wang', 'Meyer', 'Bianchi', 'Adeyemi', 'Nowak', 'Larsen', 'Green', 'Fischer'];

function goalsYaml() {
  const out = ['version: 1', 'trailer: Goal', 'goals:'];
  for (const g of GOALS) {
    out.push(`  - id: ${g.id}`, `    title: ${g.title}`);
    if (g.parent) out.push(`    parent: ${g.parent}`);
    if (g.status) out.push(`    status: ${g.status}`);
    out.push(`    owner: ${FIRST[g.id.length % 20]} ${LAST[(g.id.length * 7) % 20]}`);
    if (g.keys.length) out.push(`    keys: [${g.keys.join(', ')}]`);
    if (g.branches.length) out.push(`    branches: [${g.branches.map((b) => `"${b}"`).join(', ')}]`);
    if (g.id === 'checkout') out.push('    due: 2027-03-31', '    commitments:', '      - { what: One-click retry, due: 2024-12-15, done: 2024-12-10 }', '      - { what: Wallets, due: 2025-06-01 }');
  }
  return out.join('\n') + '\n';
}

const LEDGER = 'data/ledger.txt';
const LEDGER_LINES = 10000;

function generate(opts) {
  const rnd = prng(opts.seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const int = (n) => Math.floor(rnd() * n);
  const authors = FIRST.map((f, i) => `${f} ${LAST[i]} <${f.toLowerCase()}.${LAST[i].toLowerCase()}@example.com>`);
  const files = [];
  for (let i = 0; i < opts.files; i++) files.push(`src/${AREAS[i % AREAS.length]}/m${Math.floor(i / 48) % 40}/f${i}.ts`);
  const fileRev = new Uint32Array(files.length);
  const ledger = [];
  for (let i = 0; i < LEDGER_LINES; i++) ledger.push(`entry ${i} v0`);

  const chunks = [];
  let chunkLen = 0;
  const w = (s) => {
    chunks.push(s);
    chunkLen += s.length;
  };
  const data = (s) => w(`data ${Buffer.byteLength(s)}\n${s}\n`);

  let time = Date.parse('2014-01-06T09:00:00Z') / 1000;
  const end = Date.parse('2026-06-01T09:00:00Z') / 1000;
  const step = (end - time) / opts.commits;
  let mark = 0;
  let commits = 0;
  const noteMarks = [];
  let prNumber = 1;

  function message(onBranch) {
    const noun = pick(NOUNS);
    let subject = `${pick(VERBS)} ${noun}`;
    let body = '';
    let trailers = '';
    if (rnd() < 0.25) {
      const key = `${pick(KEY_PREFIXES)}-${1 + int(opts.keySpace)}`;
      if (rnd() < 0.6) subject = `${key}: ${subject}`;
      else body += `Refs ${key}${rnd() < 0.2 ? `, ${pick(KEY_PREFIXES)}-${1 + int(900)}` : ''}.\n`;
    }
    if (rnd() < 0.5) body += `The ${noun} ${pick(['was slow', 'broke on retries', 'needed cleanup', 'missed a case', 'is now configurable'])} (${onBranch}).\n`;
    if (rnd() < 0.3) {
      const id = rnd() < 0.04 ? pick(UNKNOWN_IDS) : pick(KNOWN_IDS);
      trailers += `Goal: ${id}${rnd() < 0.1 ? `, ${pick(KNOWN_IDS)}` : ''}\n`;
    }
    if (rnd() < 0.1) trailers += `Co-authored-by: ${pick(authors)}\n`;
    let msg = subject + '\n';
    if (body) msg += '\n' + body;
    if (trailers) msg += '\n' + trailers;
    return msg;
  }

  function commit(ref, msg, from, merge, changes) {
    const m = ++mark;
    const author = pick(authors);
    time += step * (0.5 + rnd());
    const t = Math.floor(time);
    w(`commit ${ref}\nmark :${m}\nauthor ${author} ${t} +0000\ncommitter ${author} ${t} +0000\n`);
    data(msg);
    if (from) w(`from :${from}\n`);
    if (merge) w(`merge :${merge}\n`);
    for (const c of changes) {
      w(`M 100644 inline ${c.path}\n`);
      data(c.content);
    }
    w('\n');
    commits++;
    if (rnd() < 0.02) noteMarks.push(m);
    return m;
  }

  function fileChanges() {
    const n = 1 + int(5);
    const out = [];
    for (let k = 0; k < n; k++) {
      const i = int(files.length);
      fileRev[i]++;
      out.push({ path: files[i], content: `// ${files[i]}\nexport const revision = ${fileRev[i]};\n` });
    }
    return out;
  }

  // First commit: goals.yaml, README and the ledger.
  let mainTip = commit('refs/heads/main', 'Initial commit\n', 0, 0, [
    { path: 'goals.yaml', content: goalsYaml() },
    { path: 'README.md', content: '# Shop\n' },
    { path: LEDGER, content: ledger.join('\n') + '\n' },
  ]);
  const open = []; // { name, tip, commits }
  const keep = []; // merged branches whose ref stays (a few, like real repositories)
  let branchSeq = 0;
  let mainCount = 0;
  const ledgerEvery = Math.max(1, Math.floor(opts.commits / opts.ledgerRevisions));
  const tagEvery = Math.max(1, Math.floor(opts.commits / 80));

  while (commits < opts.commits) {
    const r = rnd();
    if (open.length < opts.maxOpen && r < 0.08) {
      const kind = pick(BRANCH_KINDS);
      const name = `${kind}/${pick(AREAS)}-${pick(['retry', 'wallet', 'cleanup', 'speed', 'v2', 'flags', 'tests'])}-${++branchSeq}`;
      const m = commit(`refs/heads/${name}`, message(name), mainTip, 0, fileChanges());
      open.push({ name, tip: m, commits: 1 });
    } else if (open.length > 0 && r < 0.45) {
      const b = open[int(open.length)];
      b.tip = commit(`refs/heads/${b.name}`, message(b.name), 0, 0, fileChanges());
      b.commits++;
    } else if (open.length > 0 && r < 0.53) {
      const i = int(open.length);
      const b = open[i];
      if (b.commits < 2) continue;
      open.splice(i, 1);
      const msg = rnd() < 0.5 ? `Merge branch '${b.name}'\n` : `Merge pull request #${prNumber++} from org/${b.name}\n\n${pick(VERBS)} ${pick(NOUNS)}\n`;
      mainTip = commit('refs/heads/main', msg, mainTip, b.tip, []);
      if (keep.length < 40 && rnd() < 0.05) keep.push(b.name);
      else w(`reset refs/heads/${b.name}\nfrom 0000000000000000000000000000000000000000\n\n`);
    } else {
      const changes = fileChanges();
      mainCount++;
      if (mainCount % ledgerEvery === 0) {
        const n = 5 + int(30);
        const rev = mainCount;
        for (let k = 0; k < n; k++) ledger[int(LEDGER_LINES)] = `entry ${k} changed at ${rev}`;
        if (rnd() < 0.3) ledger.splice(int(LEDGER_LINES), 0, `inserted at ${rev}`), ledger.splice(int(LEDGER_LINES), 1);
        changes.push({ path: LEDGER, content: ledger.join('\n') + '\n' });
      }
      mainTip = commit('refs/heads/main', message('main'), mainTip, 0, changes);
      if (mainCount % tagEvery === 0) {
        const v = `v${Math.floor(mainCount / tagEvery / 10)}.${(mainCount / tagEvery) % 10}.0`;
        if (rnd() < 0.5) w(`reset refs/tags/${v}\nfrom :${mainTip}\n\n`);
        else {
          w(`tag ${v}\nfrom :${mainTip}\ntagger Release Bot <release@example.com> ${Math.floor(time)} +0000\n`);
          data(`Release ${v}\n`);
        }
      }
    }
    if (chunkLen > 4 << 20) flush();
  }
  // Notes: one commit on refs/notes/goals holding every note.
  w(`commit refs/notes/goals\ncommitter Goal Lens <notes@example.com> ${Math.floor(time)} +0000\n`);
  data('Notes added by Goal Lens\n');
  for (const m of noteMarks) {
    w(`N inline :${m}\n`);
    data(`Goal: ${rnd() < 0.05 ? pick(UNKNOWN_IDS) : pick(KNOWN_IDS)}\n`);
  }
  w('\n');
  w(`reset refs/remotes/origin/main\nfrom :${mainTip}\n\n`);
  flush();
  return { openBranches: open.map((b) => b.name), kept: keep, notes: noteMarks.length };

  function flush() {
    if (chunks.length === 0) return;
    opts.sink(chunks.join(''));
    chunks.length = 0;
    chunkLen = 0;
  }
}

function parseArgs(argv) {
  const o = { commits: 200000, seed: 7, files: 4000, ledgerRevisions: 400, maxOpen: 30, keySpace: 2000, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i].replace(/^--/, '');
    if (a === 'out') o.out = argv[++i];
    else if (a in o) o[a] = Number(argv[++i]);
  }
  return o;
}

/** Creates (or reuses) the repository; returns its path. */
async function makeRepo(params = {}) {
  const opts = { ...parseArgs([]), ...params };
  const key = `synthetic-v${VERSION}-c${opts.commits}-s${opts.seed}-f${opts.files}-l${opts.ledgerRevisions}`;
  const dir = opts.out || path.join(__dirname, 'repo', key);
  if (fs.existsSync(path.join(dir, '.git', 'goal-lens-bench-done'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  git('init', '-q', '--initial-branch=main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'gc.auto', '0');
  const started = Date.now();
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)))));
  // generate() is synchronous: the stream buffers what fast-import has not read yet; wait once for it to drain.
  let drained = null;
  const info = generate({
    ...opts,
    sink: (s) => {
      if (!child.stdin.write(s) && !drained) drained = new Promise((r) => child.stdin.once('drain', r));
    },
  });
  await drained;
  child.stdin.end('done\n');
  await exited;
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  git('reset', '-q', '--hard', 'main');
  git('pack-refs', '--all');
  fs.writeFileSync(path.join(dir, '.git', 'goal-lens-bench-done'), JSON.stringify({ ...info, seconds: (Date.now() - started) / 1000 }, null, 1));
  return dir;
}

module.exports = { makeRepo, LEDGER, LEDGER_LINES };

if (require.main === module) {
  makeRepo(parseArgs(process.argv.slice(2))).then(
    (dir) => console.log(dir),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
