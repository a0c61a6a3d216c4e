// Entry point that VS Code's extension host loads through `extensionTestsPath`.
// Runs every *.test.js next to this file with mocha and rejects when a test fails, which makes
// the workbench report exit code 1. Also writes a JSON summary to $GOAL_LENS_TEST_RESULTS (set by
// test/vscode/run.js and test/electron/run.js) so the runner can print each failure.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export async function run(): Promise<void> {
  // GOAL_LENS_SUITE=impact,goalsTree runs only the suite files whose names contain one of those words.
  const only = (process.env.GOAL_LENS_SUITE ?? '').split(',').filter(Boolean);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const files = ordered(
    fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js') && (only.length === 0 || only.some((w) => f.includes(w))))
      .sort(),
    process.env.GOAL_LENS_SUITE_ORDER ?? '',
  );
  console.log(`[extension-host] suite files, in order: ${files.join(', ')}`);
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const results: TestResult[] = [];
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t, err: Error) =>
        results.push({ title: t.fullTitle(), state: 'failed', error: { message: String(err?.message ?? err), stack: err?.stack } }),
      );
    } catch (e) {
      reject(e);
    }
  });

  const summary = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    files,
    passed: results.filter((r) => r.state === 'passed').length,
    failed: failures,
    pending: results.filter((r) => r.state === 'pending').length,
    results,
  };
  console.log(`[extension-host] VS Code ${summary.vscodeVersion}: ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} pending`);
  const out = process.env.GOAL_LENS_TEST_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(summary, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}

/**
 * The suite files in name order, or, to show that no suite depends on the ones before it, GOAL_LENS_SUITE_ORDER=reverse
 * or shuffle:SEED (the same seed gives the same order, to replay a failure).
 */
function ordered(files: string[], order: string): string[] {
  if (order === 'reverse') return files.reverse();
  const m = /^shuffle:(\d+)$/.exec(order);
  if (!m) return files;
  let seed = Number(m[1]) >>> 0;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
  return files;
}
