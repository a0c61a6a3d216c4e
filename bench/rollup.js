// Benchmark of `goal-lens rollup` (issue 18): N JSON reports of 10,000 commits each, as CI jobs would make them
// (`report --format json`, with the commit index), rolled up by the built CLI (dist/cli.js: run `npm run build`).
//
//   node bench/rollup.js [--sizes 100,300,1000] [--commits 10000] [--runs 1]
//
// Reports come in pairs that share their first 10% of commits (a fork, or a monorepo split), so the roll-up must
// dedupe; 50 shared goals in a hierarchy; 85% of commits linked, 5% to two goals. Each size runs in a fresh process:
// the time is the wall time of the whole CLI process (reading and parsing every file included), memory its peak RSS.
// Target (DESIGN.md): 1,000 reports of 10,000 commits under 10 s and 1 GiB, growing linearly.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function options(argv) {
  const o = { sizes: [100, 300, 1000], commits: 10_000, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') o.sizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--commits') o.commits = Number(argv[++i]);
    else if (argv[i] === '--runs') o.runs = Number(argv[++i]);
  }
  return o;
}

/** xorshift32: deterministic, fast. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const hex8 = (n) => n.toString(16).padStart(8, '0');

/** murmur3's 32-bit finalizer. */
function fmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of three numbers: commit keys that do not collide by accident of the generator. */
function mix(a, b, c) {
  return fmix(Math.imul(fmix(Math.imul(fmix(c + 0x9e3779b9) ^ a, 0xcc9e2d51)) ^ b, 0x1b873593));
}

function makeReport(i, commits) {
  const shared = Math.floor(commits / 10);
  const r = rng(1000 + i);
  const shas = [];
  const times = [];
  const author = [];
  const links = [];
  const base = Date.parse('2026-01-01T00:00:00Z') / 1000;
  for (let j = 0; j < commits; j++) {
    // The oldest 10% are the same commits in both reports of a pair (same key, time, author and goals).
    const own = j < commits - shared;
    const a = own ? i : 1_000_000 + (i >> 1);
    const g = own ? r : rng(mix(a, j, 3) || 1);
    shas.push(hex8(mix(a, j, 1)) + hex8(mix(a, j, 2)));
    times.push(base + (commits - j) * 600 + (g() % 600));
    author.push(g() % 20);
    const roll = g() % 100;
    if (roll < 85) links.push(j, g() % 50);
    if (roll < 5) links.push(j, 50 + (g() % 10));
  }
  const goals = Array.from({ length: 60 }, (_, k) => `goal-${k}`);
  return {
    repo: `/ci/builds/org/repo-${i}`,
    head: hex8(r()) + hex8(r()) + hex8(r()) + hex8(r()) + hex8(r()),
    generatedAt: '2026-11-05T00:00:00.000Z',
    window: { since: null, until: null },
    totals: { commits, linked: 0, untagged: 0 },
    goals: goals.map((id, k) => ({
      id,
      title: `Goal ${k}`,
      status: 'active',
      parent: k >= 5 ? `goal-${Math.floor(k / 5) - 1}` : null,
      commits: 0,
      totalCommits: 0,
      authors: 0,
      lastCommitAt: null,
      share: 0,
      sources: { trailer: 0, note: 0, key: 0, branch: 0, merge: 0 },
      sayDo: { due: 0, keptOnTime: 0, late: 0, missed: 0, ratio: null },
      stale: false,
      pastDue: false,
      branches: [],
    })),
    problems: [],
    commitIndex: { version: 1, shas: shas.join(''), times, authors: Array.from({ length: 20 }, (_, a) => `dev${(i * 7 + a) % 2000}@example.com`), author, goals, links },
  };
}

function main() {
  const o = options(process.argv.slice(2));
  if (!fs.existsSync(CLI)) {
    console.error(`bench/rollup.js: ${CLI} is missing; run 'npm run build' first`);
    process.exit(1);
  }
  const max = Math.max(...o.sizes);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-bench-rollup-'));
  try {
    const t0 = Date.now();
    let bytes = 0;
    const files = [];
    for (let i = 0; i < max; i++) {
      const file = path.join(dir, `repo-${i}.json`);
      const text = JSON.stringify(makeReport(i, o.commits));
      bytes += text.length;
      fs.writeFileSync(file, text);
      files.push(file);
    }
    console.log(`made ${max} reports of ${o.commits} commits (${(bytes / 2 ** 20).toFixed(0)} MiB, ${((bytes / max) / 1024).toFixed(0)} KiB each) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`);
    const rows = [];
    for (const n of o.sizes) {
      const times = [];
      const cpus = [];
      let rss = 0;
      let out = null;
      for (let run = 0; run < o.runs; run++) {
        const script = `const t=Date.now();require(${JSON.stringify(CLI)}).run(['rollup','--format','json',...${JSON.stringify(files.slice(0, n))}],{out:(s)=>{globalThis.out=s},err:(s)=>process.stderr.write(s),cwd:process.cwd(),now:new Date('2026-11-05T00:00:00Z'),env:process.env}).then((code)=>{const r=JSON.parse(globalThis.out);const u=process.cpuUsage();process.stdout.write(JSON.stringify({code,ms:Date.now()-t,cpu:(u.user+u.system)/1000,rss:process.resourceUsage().maxRSS,totals:r.totals}))})`;
        const started = process.hrtime.bigint();
        const p = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
        const wall = Number(process.hrtime.bigint() - started) / 1e6;
        if (p.status !== 0) throw new Error(`rollup of ${n} failed: ${p.stderr}`);
        const r = JSON.parse(p.stdout);
        times.push(wall);
        cpus.push(r.cpu);
        rss = Math.max(rss, r.rss * 1024);
        out = r.totals;
      }
      times.sort((a, b) => a - b);
      cpus.sort((a, b) => a - b);
      const ms = times[times.length >> 1];
      const cpu = cpus[cpus.length >> 1];
      rows.push({ n, ms, cpu, rss, out });
      console.log(
        `${String(n).padStart(5)} reports: ${(ms / 1000).toFixed(2)} s wall (${(cpu / 1000).toFixed(2)} s CPU), ${(ms / n).toFixed(2)} ms/report, peak ${(rss / 2 ** 20).toFixed(0)} MiB; ` +
          `${out.commits} distinct commits (expected ${n * o.commits - Math.floor(n / 2) * Math.floor(o.commits / 10)}), ${out.linked} linked`,
      );
    }
    const last = rows[rows.length - 1];
    const first = rows[0];
    const ok = last.ms < 10_000 && last.rss < 2 ** 30;
    console.log(
      `\nroll-up of ${last.n} reports of ${o.commits} commits: ${(last.ms / 1000).toFixed(2)} s wall, ${(last.cpu / 1000).toFixed(2)} s CPU, ${(last.rss / 2 ** 20).toFixed(0)} MiB ` +
        `(target under 10 s and 1024 MiB: ${ok ? 'met' : 'NOT met'}); time per report ${(first.ms / first.n).toFixed(2)} ms at ${first.n}, ${(last.ms / last.n).toFixed(2)} ms at ${last.n}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
