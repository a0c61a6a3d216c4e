#!/usr/bin/env node
/* global setTimeout, clearTimeout */
// Mutation check (issue 8: "every protection has a test that fails if the protection is removed").
//
//   npm run test:mutants [-- names...]       run every mutant of ./mutants.js, or only the named ones
//   node test/mutants/run.js [names...]      the same
//   node test/mutants/run.js --list          print the mutants (name, suite, file, what each protects)
//   node test/mutants/run.js --check         only check that every mutant still fits the code (seconds; part of
//                                            `npm run test:unit`, so a change that makes one stale is seen at once)
//   node test/mutants/run.js --baseline [names...]
//                                            run the tests of those mutants WITHOUT mutating anything: their
//                                            expected tests must pass, or a "kill" would prove nothing
//
// For each mutant, one at a time: copy the repository to a temporary folder (src, test, media, package.json,
// tsconfig*.json, esbuild.js, .mocharc.json, eslint.config.mjs; node_modules and .vscode-test are symlinked;
// out/, dist/, bench/ and .git are not copied), apply the mutant's ONE textual change to its file (its `find` text
// must occur exactly once, else the mutant is "stale" and the list needs updating), build (tsc -p
// tsconfig.test.json, node esbuild.js), run only the mutant's tests (unit: mocha on out/test/unit/<file>.js;
// vscode: the other out/test/vscode/suite/*.test.js are deleted and test/vscode/run.js --host-only runs) and read
// which tests failed.
//   killed      a test whose title contains one of `expect` failed
//   suspicious  something failed (or timed out), but none of the expected tests
//   SURVIVED    everything passed: the protection can be removed without a test noticing
//   stale       the find text (or a test file, or an expected title) is no longer in the repository
//   error       the mutated copy did not build
// Prints one line per mutant, the output of every mutant that was not killed, a summary table and the total
// time. Exits 1 unless every mutant was killed. The temporary copies are always removed (also on Ctrl-C).
// Nothing in the repository itself is touched. Mutants run one at a time: the vscode tests are timing-sensitive.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const MUTANTS = require('./mutants');

const ROOT = path.resolve(__dirname, '..', '..');
const COPY = ['src', 'test', 'media', 'package.json', 'tsconfig.json', 'tsconfig.test.json', 'esbuild.js', '.mocharc.json', 'eslint.config.mjs'];
const LINK = ['node_modules', '.vscode-test'];
const UNIT_TIMEOUT_MS = 10 * 60_000;
const VSCODE_TIMEOUT_MS = 8 * 60_000;
const BUILD_TIMEOUT_MS = 5 * 60_000;

// Output must never break cleanup: a closed pipe (`| head`) would otherwise kill us mid-run.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
const out = (line = '') => {
  try {
    process.stdout.write(line + '\n');
  } catch {
    /* stdout gone; keep cleaning up */
  }
};

// ---------------------------------------------------------------- cleanup, whatever happens
const state = { child: null, tempDirs: new Set(), interrupted: false };

function removeTemp(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true }); // symlinks (node_modules) are unlinked, never followed
  } catch (e) {
    out(`warning: could not remove ${dir}: ${e.message}`);
  }
  state.tempDirs.delete(dir);
}

function killChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(hard);
      resolve();
    };
    child.once('close', done);
    // The child itself first (test/vscode/run.js stops code-server and Chromium on SIGTERM), then its group.
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const hard = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      setTimeout(done, 2000);
    }, 30_000);
  });
}

async function interrupt(sig) {
  if (state.interrupted) return;
  state.interrupted = true;
  out(`\n[mutants] interrupted (${sig}): stopping the running test and removing the temporary copies`);
  await killChild(state.child);
  for (const d of [...state.tempDirs]) removeTemp(d);
  process.exit(130);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void interrupt(sig));
process.on('exit', () => {
  for (const d of [...state.tempDirs]) removeTemp(d);
});

// ---------------------------------------------------------------- helpers
const edits = (m) => {
  const finds = Array.isArray(m.find) ? m.find : [m.find];
  const replaces = Array.isArray(m.replace) ? m.replace : [m.replace];
  return finds.map((find, i) => ({ find, replace: replaces[i] }));
};

function count(text, sub) {
  let n = 0;
  for (let at = text.indexOf(sub); at !== -1; at = text.indexOf(sub, at + 1)) n++;
  return n;
}

/** Why the mutant no longer fits the repository, or null. */
function staleness(m) {
  const file = path.join(ROOT, m.file);
  if (!fs.existsSync(file)) return `stale: ${m.file} not found`;
  const text = fs.readFileSync(file, 'utf8');
  for (const e of edits(m)) {
    if (typeof e.replace !== 'string') return `stale: no replacement for ${JSON.stringify(e.find.slice(0, 60))}`;
    const n = count(text, e.find);
    if (n === 0) return `stale: text not found: ${JSON.stringify(e.find.trim().slice(0, 80))}`;
    if (n > 1) return `stale: text found ${n} times: ${JSON.stringify(e.find.trim().slice(0, 80))}`;
  }
  const sources = [];
  for (const t of m.tests) {
    if (!fs.existsSync(path.join(ROOT, t))) return `stale: test file ${t} not found`;
    sources.push(fs.readFileSync(path.join(ROOT, t), 'utf8'));
  }
  for (const e of m.expect) if (!sources.some((s) => s.includes(e))) return `stale: no test title with ${JSON.stringify(e)} in ${m.tests.join(', ')}`;
  return null;
}

/** Mutated text of the mutant's file (each find replaced once). */
function mutate(m) {
  let text = fs.readFileSync(path.join(ROOT, m.file), 'utf8');
  for (const e of edits(m)) {
    const at = text.indexOf(e.find);
    text = text.slice(0, at) + e.replace + text.slice(at + e.find.length);
  }
  return text;
}

function makeCopy() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-mutant-')));
  state.tempDirs.add(dir);
  for (const name of COPY) {
    const from = path.join(ROOT, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, name), { recursive: true, verbatimSymlinks: true });
  }
  for (const name of LINK) {
    const from = path.join(ROOT, name);
    if (fs.existsSync(from)) fs.symlinkSync(from, path.join(dir, name), 'dir');
  }
  return dir;
}

/** Runs a command in its own process group; resolves with its exit code (or 'timeout') and its output. */
function run(cmd, args, cwd, timeoutMs, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    state.child = child;
    let text = '';
    child.stdout.on('data', (b) => (text += b));
    child.stderr.on('data', (b) => (text += b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void killChild(child);
    }, timeoutMs);
    child.on('error', (e) => (text += `\n${e.message}\n`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (state.child === child) state.child = null;
      resolve({ code: timedOut ? 'timeout' : code ?? signal, text });
    });
  });
}

const NODE = process.execPath;
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const compiled = (ts) => path.join('out', ts.replace(/\.ts$/, '.js'));
const tail = (text, n = 40) => text.trimEnd().split('\n').slice(-n).join('\n');

/**
 * Builds the copy; returns why it failed, or null. tsc emits despite type errors: errors only in files other than
 * the mutated one (someone else's edit in progress in the shared working tree) are printed and tolerated, since the
 * tests that run will show whether they matter; an error in the mutated file means the mutant itself is broken.
 */
async function build(dir, mutatedFile) {
  const tsc = await run(NODE, [TSC, '-p', 'tsconfig.test.json'], dir, BUILD_TIMEOUT_MS);
  if (tsc.code === 'timeout' || !fs.existsSync(path.join(dir, 'out'))) return `tsc failed (exit ${tsc.code}):\n${tail(tsc.text, 20)}`;
  if (tsc.code !== 0) {
    const errors = tsc.text.split('\n').filter((l) => /error TS\d+/.test(l));
    if (!errors.length || (mutatedFile && errors.some((l) => l.startsWith(mutatedFile)))) return `tsc failed (exit ${tsc.code}):\n${tail(tsc.text, 20)}`;
    out(`        (tsc: ${errors.length} error(s) outside ${mutatedFile ?? 'the mutant'}, tolerated: ${errors[0].slice(0, 160)})`);
  }
  const es = await run(NODE, ['esbuild.js'], dir, BUILD_TIMEOUT_MS);
  if (es.code !== 0) return `esbuild failed (exit ${es.code}):\n${tail(es.text, 20)}`;
  return null;
}

/** Runs the mutant's tests in `dir`: { failed: full titles, passed: count, code, text }. */
async function runTests(m, dir) {
  if (m.suite === 'unit') {
    const results = path.join(dir, 'mutant-results.json');
    const args = [MOCHA, '--no-config', '--timeout', '120000', '--reporter', 'json', '--reporter-option', `output=${results}`];
    if (m.grep) args.push('--grep', m.grep);
    args.push(...m.tests.map(compiled));
    const r = await run(NODE, args, dir, UNIT_TIMEOUT_MS);
    let json = null;
    try {
      json = JSON.parse(fs.readFileSync(results, 'utf8'));
    } catch {
      /* mocha did not get to write it */
    }
    if (!json) return { failed: [], passed: 0, code: r.code, text: r.text, note: 'mocha wrote no results' };
    const lines = json.failures.map((f) => `  ✗ ${f.fullTitle}\n      ${String(f.err?.message ?? '').split('\n')[0].slice(0, 300)}`);
    return { failed: json.failures.map((f) => f.fullTitle), passed: json.passes.length, code: r.code, text: `${r.text}\n${lines.join('\n')}` };
  }
  const suiteDir = path.join(dir, 'out', 'test', 'vscode', 'suite');
  const keep = new Set(m.tests.map((t) => path.basename(compiled(t))));
  for (const f of fs.readdirSync(suiteDir)) if (f.endsWith('.test.js') && !keep.has(f)) fs.rmSync(path.join(suiteDir, f));
  const r = await run(NODE, ['test/vscode/run.js', '--host-only', `--timeout=${Math.floor(VSCODE_TIMEOUT_MS / 1000) - 30}`], dir, VSCODE_TIMEOUT_MS);
  const failed = [];
  let passed = 0;
  for (const line of r.text.split('\n')) {
    const f = /^\s+✗ (.+)$/.exec(line);
    if (f) failed.push(f[1].trim());
    if (/^\s+✓ /.test(line)) passed++;
  }
  const note = /timed out|TIMEOUT|did not report/.exec(r.text) ? r.text.split('\n').find((l) => /timed out|TIMEOUT|did not report/.test(l)).trim() : undefined;
  return { failed, passed, code: r.code, text: r.text, note };
}

function classify(m, t) {
  const killers = t.failed.filter((title) => m.expect.some((e) => title.includes(e)));
  if (killers.length) return { result: 'killed', by: killers };
  if (t.passed + t.failed.length === 0) return { result: 'suspicious', by: [], why: t.note ?? `no test ran (exit ${t.code})` };
  if (t.failed.length || t.code !== 0) return { result: 'suspicious', by: t.failed, why: t.note ?? (t.failed.length ? 'only unrelated tests failed' : `exit ${t.code}, no failed test named`) };
  return { result: 'SURVIVED', by: [] };
}

async function runMutant(m, { baseline }) {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const stale = staleness(m);
  if (stale) return { result: 'stale', why: stale, by: [], seconds: seconds() };
  const dir = makeCopy();
  try {
    if (!baseline) fs.writeFileSync(path.join(dir, m.file), mutate(m));
    const broken = await build(dir, baseline ? null : m.file);
    if (broken) return { result: 'error', why: broken, by: [], seconds: seconds() };
    const t = await runTests(m, dir);
    if (baseline) {
      const failedExpected = t.failed.filter((title) => m.expect.some((e) => title.includes(e)));
      const ran = t.passed + t.failed.length;
      if (failedExpected.length) return { result: 'BASELINE-FAILS', by: failedExpected, seconds: seconds(), text: t.text };
      if (t.code !== 0 || ran === 0) return { result: 'baseline-suspicious', by: t.failed, why: t.note ?? `exit ${t.code}, ${ran} tests ran`, seconds: seconds(), text: t.text };
      return { result: 'baseline-ok', by: [], seconds: seconds() };
    }
    return { ...classify(m, t), seconds: seconds(), text: t.text };
  } finally {
    removeTemp(dir);
  }
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** A test title for one line: from the expected part on (the suite's name says little), at most 70 characters. */
function shortTitle(title, m) {
  const e = m.expect.find((x) => title.includes(x));
  const t = e ? title.slice(title.indexOf(e)) : title;
  return t.length > 70 ? t.slice(0, 67) + '...' : t;
}

// ---------------------------------------------------------------- main
async function main() {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownFlag = args.find((a) => a.startsWith('--') && !['--list', '--baseline', '--check'].includes(a));
  if (unknownFlag) throw new Error(`unknown option ${unknownFlag} (use --list, --baseline, --check or mutant names)`);
  const seen = new Set();
  for (const m of MUTANTS) {
    if (seen.has(m.name)) throw new Error(`two mutants are called ${m.name}`);
    seen.add(m.name);
    if (!['unit', 'vscode'].includes(m.suite)) throw new Error(`${m.name}: suite must be 'unit' or 'vscode'`);
  }
  const unknown = names.filter((n) => !seen.has(n));
  if (unknown.length) throw new Error(`no mutant called ${unknown.join(', ')} (see --list)`);
  const selected = names.length ? MUTANTS.filter((m) => names.includes(m.name)) : MUTANTS;

  if (args.includes('--check')) {
    const stale = selected.map((m) => [m.name, staleness(m)]).filter(([, why]) => why);
    for (const [name, why] of stale) out(`mutant ${name}: ${why} (update test/mutants/mutants.js)`);
    out(`mutants: ${selected.length - stale.length} of ${selected.length} fit the code`);
    return stale.length ? 1 : 0;
  }

  if (args.includes('--list')) {
    for (const m of selected) {
      const stale = staleness(m);
      out(`${m.name.padEnd(28)} ${m.suite.padEnd(6)} ${m.file}${stale ? `  [${stale}]` : ''}`);
      out(`${''.padEnd(28)} ${m.protects}`);
      out(`${''.padEnd(28)} must fail: ${m.expect.map((e) => JSON.stringify(e)).join(' or ')} (${m.tests.map((t) => path.basename(t)).join(', ')})`);
    }
    out(`${selected.length} mutants`);
    return 0;
  }

  const baseline = args.includes('--baseline');
  let todo = selected;
  if (baseline) {
    // One unmutated run per distinct set of tests, with the expectations of every mutant that uses it.
    const groups = new Map();
    for (const m of selected) {
      const key = JSON.stringify([m.suite, m.tests, m.grep ?? null]);
      const g = groups.get(key);
      if (g) groups.set(key, { ...g, name: `${g.name}+${m.name}`, expect: [...new Set([...g.expect, ...m.expect])] });
      else groups.set(key, { ...m });
    }
    todo = [...groups.values()];
  }
  const t0 = Date.now();
  out(`[mutants] ${baseline ? `baseline (no mutation): ${todo.length} distinct test run(s) for` : 'running'} ${selected.length} mutant(s), one at a time, in temporary copies of ${ROOT}`);
  const results = [];
  for (const [i, m] of todo.entries()) {
    if (state.interrupted) break;
    out(`[${String(i + 1).padStart(2)}/${todo.length}] ${m.name} (${m.suite}: ${m.tests.map((t) => path.basename(t)).join(', ')}) ...`);
    const r = await runMutant(m, { baseline });
    results.push({ m, r });
    const detail = r.by.length ? ` by: ${r.by.map((t) => shortTitle(t, m)).join(' | ')}` : '';
    out(`        ${r.result}${r.why ? ` (${r.why.split('\n')[0]})` : ''}${detail}  ${r.seconds.toFixed(1)}s`);
    if (!['killed', 'baseline-ok'].includes(r.result) && (r.text || r.why)) {
      out(`----- ${m.name}: output (tail) -----`);
      out(tail(r.text || r.why, 40));
      out(`----- end of ${m.name} -----`);
    }
  }
  const total = (Date.now() - t0) / 1000;

  out('');
  out(table([['mutant', 'suite', 'result', 'failing test (expected one for killed)', 'seconds'],
    ...results.map(({ m, r }) => [m.name, m.suite, r.result, r.by.length ? shortTitle(r.by[0], m) + (r.by.length > 1 ? ` (+${r.by.length - 1})` : '') : r.why ? r.why.split('\n')[0].slice(0, 70) : '-', r.seconds.toFixed(1)])]));
  const tally = {};
  for (const { r } of results) tally[r.result] = (tally[r.result] ?? 0) + 1;
  out('');
  out(`[mutants] ${Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ')}; total ${Math.floor(total / 60)} min ${(total % 60).toFixed(0)} s`);
  const good = baseline ? 'baseline-ok' : 'killed';
  const bad = results.filter(({ r }) => r.result !== good);
  if (bad.length) out(`[mutants] not ${good}: ${bad.map(({ m, r }) => `${m.name} (${r.result})`).join(', ')}`);
  return bad.length || results.length < todo.length ? 1 : 0;
}

main().then(
  (code) => {
    for (const d of [...state.tempDirs]) removeTemp(d);
    process.exit(code);
  },
  (e) => {
    out(`[mutants] ERROR: ${e.stack || e}`);
    for (const d of [...state.tempDirs]) removeTemp(d);
    process.exit(2);
  },
);
